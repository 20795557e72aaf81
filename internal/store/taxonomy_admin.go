package store

import (
	"context"

	"dateline/internal/content"
)

// CategoryCount is a category with how many articles it holds.
type CategoryCount struct {
	content.Category
	Published int // published posts, what readers see in the archive
	Articles  int // articles in any status, what a deletion moves
}

// TagCount is a tag with how many articles carry it.
type TagCount struct {
	content.Tag
	Published int // published posts
	Articles  int // articles in any status
}

// TagQuery selects tags for the newsroom's list.
type TagQuery struct {
	// Text keeps tags whose name or slug contains it, in any case.
	Text   string
	Limit  int // default 50, at most MaxLimit
	Offset int
}

// TaxonomyAdmin is how the newsroom manages sections and tags. A renamed
// slug keeps answering: CategoryRedirect and TagRedirect give the current
// slug for an old one, so the public archive can answer 301. A slug that
// belongs to a live category or tag is never redirected.
type TaxonomyAdmin interface {
	// CategoriesWithCounts lists every category in navigation order with
	// its article counts.
	CategoriesWithCounts(ctx context.Context) ([]CategoryCount, error)
	CategoryByID(ctx context.Context, id int64) (content.Category, error)
	// UpdateCategory saves c's name, slug, description and position; an
	// empty slug is made from the name. When the slug changes, the old one
	// redirects to c. A slug taken by another category is ErrConflict.
	UpdateCategory(ctx context.Context, c *content.Category) error
	// SetCategoryOrder numbers the categories 1, 2, 3... in the order of
	// ids; categories left out keep their place after them. An unknown id
	// is ErrNotFound and changes nothing.
	SetCategoryOrder(ctx context.Context, ids []int64) error
	// DeleteCategory deletes a category after moving its articles to
	// moveTo (0 leaves them without a category); its slug and old slugs
	// then redirect to moveTo.
	DeleteCategory(ctx context.Context, id, moveTo int64) error
	// CategoryRedirect returns the current slug of the category that once
	// had oldSlug, or ErrNotFound.
	CategoryRedirect(ctx context.Context, oldSlug string) (newSlug string, err error)

	// TagsWithCounts lists tags by name with their article counts, and
	// how many tags match in all.
	TagsWithCounts(ctx context.Context, q TagQuery) ([]TagCount, int, error)
	TagByID(ctx context.Context, id int64) (content.Tag, error)
	// CreateTag stores a new tag; an empty slug is made from the name, a
	// taken slug is ErrConflict.
	CreateTag(ctx context.Context, t *content.Tag) error
	// UpdateTag saves t's name and slug as UpdateCategory does.
	UpdateTag(ctx context.Context, t *content.Tag) error
	// MergeTags gives every article tagged from the tag into, deletes from,
	// and redirects from's slugs to into.
	MergeTags(ctx context.Context, from, into int64) error
	// DeleteTag removes a tag from every article and deletes it.
	DeleteTag(ctx context.Context, id int64) error
	TagRedirect(ctx context.Context, oldSlug string) (newSlug string, err error)
	// MatchTags lists up to limit tags whose name or slug starts with
	// prefix, in any case, for autocomplete.
	MatchTags(ctx context.Context, prefix string, limit int) ([]content.Tag, error)
}

// Normalize fills in defaults and clamps the limits.
func (q TagQuery) Normalize() TagQuery {
	if q.Limit <= 0 {
		q.Limit = 50
	}
	q.Limit = min(q.Limit, MaxLimit)
	q.Offset = max(q.Offset, 0)
	return q
}
