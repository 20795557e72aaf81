package articles

import (
	"context"
	"errors"
	"fmt"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// maxPageDepth bounds how deep pages may stand under one another, so that
// checking a place for a loop is bounded work.
const maxPageDepth = 32

// The refusals of a page's place, for the member who asked.
var (
	errNoPage       = fieldError("page", "There is no such page.")
	errNoParentPage = fieldError("parent", "The page it is to stand under is not one of the site's pages.")
	errPageLoop     = fieldError("parent", "A page cannot stand under itself, nor under one of the pages under it.")
	errPageDepth    = fieldError("parent", fmt.Sprintf("Pages may stand at most %d deep under one another.", maxPageDepth))
)

// ArrangePages puts static pages under other pages and in order among
// them (WordPress's page parent and menu order), which readers see: a page
// links to its parent and lists the pages under it, by position. Each
// place is refused alone, its error at its index in the result: a page or
// a parent that is not a page, a page under itself or under one of its own
// pages, or more than maxPageDepth deep. A place that is already so is not
// written; the places that changed are written in one transaction and
// announced in one event. Only editors may arrange the pages. With dryRun
// nothing is written or announced.
func (s *Service) ArrangePages(ctx context.Context, who content.User, places []store.PagePlace, dryRun bool) ([]error, error) {
	if !auth.Can(who.Role, auth.ActPublishOthers) {
		return nil, forbidden("Only an editor may arrange the site's pages.")
	}
	if len(places) > store.MaxPageBatch {
		return nil, fmt.Errorf("articles: arrange at most %d pages at once", store.MaxPageBatch)
	}
	t := &pageTree{s: s, kinds: map[int64]content.Kind{}, places: map[int64]store.PagePlace{}}
	results := make([]error, len(places))
	var (
		writes []store.PagePlace
		tags   = []string{changes.Pages}
		ids    []int64
	)
	for i, p := range places {
		before, err := t.place(ctx, p.PageID)
		if err != nil {
			return nil, err
		}
		if results[i], err = t.check(ctx, p); err != nil {
			return nil, err
		}
		if results[i] != nil || before == p {
			continue
		}
		t.places[p.PageID] = p // the later places see it where it now stands
		writes = append(writes, p)
		ids = append(ids, p.PageID)
		tags = append(tags, changes.Article(p.PageID))
		for _, parent := range []int64{p.ParentID, before.ParentID} {
			if parent != 0 {
				tags = append(tags, changes.Article(parent)) // its list of pages
			}
		}
	}
	if dryRun || len(writes) == 0 {
		return results, nil
	}
	if err := s.store.SetPagePlaces(ctx, writes); err != nil {
		return nil, fmt.Errorf("arrange %d pages: %w", len(writes), err)
	}
	s.log.Info("pages arranged", "pages", len(writes), "user", who.ID)
	s.changes.Publish(ctx, changes.New(changes.KindArticle, "arrange", ids, tags...))
	return results, nil
}

// pageTree is what ArrangePages knows of the pages: their kinds and their
// places, read from the store once each, and the places given so far.
type pageTree struct {
	s      *Service
	kinds  map[int64]content.Kind // "" for an id that is no article
	places map[int64]store.PagePlace
}

func (t *pageTree) kind(ctx context.Context, id int64) (content.Kind, error) {
	if k, ok := t.kinds[id]; ok {
		return k, nil
	}
	a, err := t.s.store.ArticleByID(ctx, id)
	if err != nil && !errors.Is(err, store.ErrNotFound) {
		return "", fmt.Errorf("arrange pages: page %d: %w", id, err)
	}
	t.kinds[id] = a.Kind
	return a.Kind, nil
}

// place is where page id stands now: at the top, at 0, when it has no
// place.
func (t *pageTree) place(ctx context.Context, id int64) (store.PagePlace, error) {
	if p, ok := t.places[id]; ok {
		return p, nil
	}
	got, err := t.s.store.PagePlaces(ctx, []int64{id})
	if err != nil {
		return store.PagePlace{}, fmt.Errorf("arrange pages: %w", err)
	}
	p, ok := got[id]
	if !ok {
		p = store.PagePlace{PageID: id}
	}
	t.places[id] = p
	return p, nil
}

// check returns why p is refused, nil when it is not; err is for a store
// that failed.
func (t *pageTree) check(ctx context.Context, p store.PagePlace) (refused, err error) {
	if k, err := t.kind(ctx, p.PageID); err != nil || k != content.KindPage {
		return errNoPage, err
	}
	if p.ParentID == 0 {
		return nil, nil
	}
	if k, err := t.kind(ctx, p.ParentID); err != nil || k != content.KindPage {
		return errNoParentPage, err
	}
	// Up from the parent to the top, where the pages now stand: the page
	// itself on the way would be a loop.
	for up, depth := p.ParentID, 1; up != 0; depth++ {
		if up == p.PageID {
			return errPageLoop, nil
		}
		if depth >= maxPageDepth {
			return errPageDepth, nil
		}
		above, err := t.place(ctx, up)
		if err != nil {
			return nil, err
		}
		up = above.ParentID
	}
	return nil, nil
}
