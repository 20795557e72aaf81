package wordpress

import (
	"context"
	"fmt"
	"maps"
	"slices"

	"dateline/internal/store"
)

// pagePlace is where a WordPress page stood: under the page parent (a
// WordPress id, 0 at the top) at its menu order, and the article it is
// here (0 in a dry run for one that would be made).
type pagePlace struct {
	id     int64
	parent int64
	order  int
}

// notePage keeps where a page written or found unchanged stood, for
// arrangePages.
func (im *Importer) notePage(p *post) {
	if p.kind == store.LegacyPage {
		im.pages[p.it.ID] = pagePlace{id: p.id, parent: p.it.Parent, order: p.it.MenuOrder}
	}
}

// arrangePages puts the pages in the places they had in WordPress, once
// every page of the export is known (a page may come before its parent):
// under their parent page and at their menu order, through the articles
// service, which writes only what changed. A parent that is neither in
// the export nor imported before leaves the page at the top, with a
// warning; a place the service refuses (a loop of parents) is a warning
// and is not written.
func (im *Importer) arrangePages(ctx context.Context) error {
	var missing []int64
	for _, pg := range im.pages {
		if _, ok := im.pages[pg.parent]; pg.parent > 0 && !ok {
			missing = append(missing, pg.parent)
		}
	}
	earlier, err := im.links(ctx, store.LegacyPage, missing, nil)
	if err != nil {
		return err
	}
	var (
		places []store.PagePlace
		wpIDs  []int64
	)
	for _, wpID := range slices.Sorted(maps.Keys(im.pages)) {
		pg := im.pages[wpID]
		place := store.PagePlace{PageID: pg.id, Position: pg.order}
		if pg.parent > 0 {
			if parent, ok := im.pages[pg.parent]; ok {
				place.ParentID = parent.id
			} else if l, ok := earlier.byID[pg.parent]; ok {
				place.ParentID = l.ID
			} else {
				im.sum.warnf(wpID, WarnParent, "its parent page %d is not in the export; it stands at the top here", pg.parent)
			}
		}
		if place.PageID == 0 || (pg.parent > 0 && place.ParentID == 0 && im.opt.DryRun) {
			continue // in a dry run, made by this import: nothing to place yet
		}
		places, wpIDs = append(places, place), append(wpIDs, wpID)
	}
	for len(places) > 0 {
		n := min(len(places), store.MaxPageBatch)
		refused, err := im.svc.Articles.ArrangePages(ctx, who, places[:n], im.opt.DryRun)
		if err != nil {
			return fmt.Errorf("arrange the pages: %w", err)
		}
		for i, r := range refused {
			if r != nil {
				im.sum.warnf(wpIDs[i], WarnParent, "it cannot stand under page %d here: %v", im.pages[wpIDs[i]].parent, r)
			}
		}
		places, wpIDs = places[n:], wpIDs[n:]
	}
	return nil
}
