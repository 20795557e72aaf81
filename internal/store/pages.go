package store

import (
	"context"

	"dateline/internal/content"
)

// PagePlace is where a static page stands among the pages: under the page
// ParentID (0: at the top) and at Position among that page's pages,
// lowest first (WordPress's menu order). A page no place was given for
// stands at the top at position 0.
type PagePlace struct {
	PageID   int64
	ParentID int64
	Position int
}

// MaxPageBatch bounds the places one SetPagePlaces call writes.
const MaxPageBatch = 1000

// Pages is the hierarchy of the static pages: the only rules here are
// the rows'; which pages may stand where is the articles service's.
type Pages interface {
	// PagePlaces returns the places of the pages given that have one,
	// by page id; at most MaxPageBatch ids.
	PagePlaces(ctx context.Context, ids []int64) (map[int64]PagePlace, error)
	// SetPagePlaces stores places in one transaction, each replacing its
	// page's. ErrNotFound when a page or a parent is no article; then
	// nothing was written. At most MaxPageBatch places.
	SetPagePlaces(ctx context.Context, places []PagePlace) error
	// PageFamily is what readers see of page id's place: its parent page
	// when it has one that is published (nil otherwise), and its
	// published child pages in list form, by position, then title (at
	// most MaxLimit).
	PageFamily(ctx context.Context, id int64) (parent *content.Article, children []content.Article, err error)
}
