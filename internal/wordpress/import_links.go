package wordpress

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"hash"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// linkSet is what an import made before, found by WordPress id and guid.
type linkSet struct {
	byID   map[int64]store.LegacyLink
	byGUID map[string]store.LegacyLink
}

// find is the link of the item with id and guid: by id first, else by
// guid (an item exported again from a copy of the site, under a new id).
func (s linkSet) find(id int64, guid string) (store.LegacyLink, bool) {
	if l, ok := s.byID[id]; ok && id > 0 {
		return l, true
	}
	if guid == "" {
		return store.LegacyLink{}, false
	}
	l, ok := s.byGUID[guid]
	return l, ok
}

// links reads the links of kind for ids and guids, in batches the store
// takes.
func (im *Importer) links(ctx context.Context, kind store.LegacyKind, ids []int64, guids []string) (linkSet, error) {
	set := linkSet{byID: map[int64]store.LegacyLink{}, byGUID: map[string]store.LegacyLink{}}
	for len(ids) > 0 || len(guids) > 0 {
		n, m := min(len(ids), store.MaxLegacyBatch), min(len(guids), store.MaxLegacyBatch)
		list, err := im.svc.Store.LegacyLinks(ctx, im.source, kind, ids[:n], guids[:m])
		if err != nil {
			return set, fmt.Errorf("find what was imported before: %w", err)
		}
		for _, l := range list {
			set.byID[l.WPID] = l
			if l.GUID != "" {
				set.byGUID[l.GUID] = l
			}
		}
		ids, guids = ids[n:], guids[m:]
	}
	return set, nil
}

// link is a legacy link of the imported site.
func (im *Importer) link(kind store.LegacyKind, wpID, id int64, path, guid, fingerprint string) store.LegacyLink {
	return store.LegacyLink{Source: im.source, Kind: kind, WPID: wpID, ID: id, Path: im.localPath(path),
		GUID: guid, Fingerprint: fingerprint, ImportedAt: im.opt.Now().UTC()}
}

// localPath is an old address as the legacy links keep it, when it is an
// address of the imported site (or a path): the path under the site's
// address when WordPress lived in a folder ("/news/2020/…" of
// https://old.example/news is kept whole, as requests ask for it).
func (im *Importer) localPath(raw string) string {
	if raw == "" {
		return ""
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	if u.Host != "" && im.host != "" && !strings.EqualFold(u.Hostname(), im.host) {
		return "" // another site's address is not ours to answer
	}
	return store.LegacyPath(raw)
}

// saveLinks stores links written beside a service's own write (members,
// pictures), in batches; nothing in a dry run.
func (im *Importer) saveLinks(ctx context.Context, links []store.LegacyLink) error {
	if im.opt.DryRun {
		return nil
	}
	for len(links) > 0 {
		n := min(len(links), store.MaxLegacyBatch)
		if err := im.svc.Store.SaveLegacyLinks(ctx, links[:n]); err != nil {
			return fmt.Errorf("save the links to what was imported: %w", err)
		}
		links = links[n:]
	}
	return nil
}

// fingerprintVersion changes when the importer maps an item differently,
// so that the next import writes every item again.
const fingerprintVersion = "2"

// digest fingerprints what the importer makes of an item: fields written
// in order, each with its length, so no two different inputs collide by
// running together.
type digest struct{ h hash.Hash }

func newDigest(kind string) *digest {
	d := &digest{h: sha256.New()}
	d.str(fingerprintVersion)
	d.str(kind)
	return d
}

func (d *digest) str(s string) *digest {
	d.h.Write([]byte(strconv.Itoa(len(s))))
	d.h.Write([]byte{':'})
	d.h.Write([]byte(s))
	return d
}

func (d *digest) num(n int64) *digest { return d.str(strconv.FormatInt(n, 10)) }

func (d *digest) flag(b bool) *digest { return d.str(strconv.FormatBool(b)) }

func (d *digest) time(t time.Time) *digest {
	if t.IsZero() {
		return d.str("")
	}
	return d.str(t.UTC().Format(time.RFC3339Nano))
}

func (d *digest) sum() string { return hex.EncodeToString(d.h.Sum(nil)[:16]) }

// articleDigest fingerprints an article as the import builds it.
func articleDigest(a content.Article, authorLogin, categorySlug string) string {
	d := newDigest("article").str(string(a.Kind)).str(a.Title).str(a.Slug).str(a.Excerpt).str(a.Source).
		str(string(a.Status)).time(a.PublishedAt).time(a.CreatedAt).time(a.UpdatedAt).
		str(authorLogin).str(categorySlug).flag(a.MustRead).flag(a.CommentsOpen).str(a.SEOTitle).str(a.SEODesc)
	for _, t := range a.Tags {
		d.str(t.Slug).str(t.Name)
	}
	if a.Image != nil {
		d.num(a.Image.ID)
	} else {
		d.num(0)
	}
	return d.sum()
}
