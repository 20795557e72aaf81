package store

import (
	"context"

	"dateline/internal/content"
)

// Corrections keeps the corrections of articles: typed, dated notes that
// are never deleted with their article still there, and whose every
// change of words keeps the words it replaced.
type Corrections interface {
	// AddCorrection stores c and sets its ID; the article counts as
	// changed at c.CreatedAt (its updated_at), in the same transaction.
	// ErrNotFound when the article does not exist.
	AddCorrection(ctx context.Context, c *content.Correction) error
	// EditCorrection gives correction c.ID the kind and text of c, and
	// keeps the kind and text it replaces as a CorrectionVersion changed
	// by c.By at c.UpdatedAt; the article counts as changed then too.
	// ErrNotFound when there is no such correction.
	EditCorrection(ctx context.Context, c content.Correction) error
	// CorrectionByID returns one correction (without Article).
	CorrectionByID(ctx context.Context, id int64) (content.Correction, error)
	// CorrectionHistory lists the wordings correction id had before its
	// changes, oldest first.
	CorrectionHistory(ctx context.Context, id int64) ([]content.CorrectionVersion, error)
	// RecentCorrections lists the corrections of published articles,
	// newest first, each with its Article, at most limit (MaxLimit) from
	// offset: the site-wide corrections page and its feed.
	RecentCorrections(ctx context.Context, limit, offset int) ([]content.Correction, error)
}
