package store

import (
	"context"
	"time"

	"dateline/internal/content"
)

// EntryQuery selects a page of a live blog's entries, newest first.
type EntryQuery struct {
	ArticleID int64
	// Before, when not 0, lists only the entries older than this entry:
	// keyset pagination, whose cost does not grow with the page number.
	Before int64
	Limit  int // default 20, at most MaxLimit
}

// Normalize fills in defaults and clamps the limit.
func (q EntryQuery) Normalize() EntryQuery {
	if q.Limit <= 0 {
		q.Limit = 20
	}
	q.Limit = min(q.Limit, MaxLimit)
	q.Before = max(q.Before, 0)
	return q
}

// LiveBlogs keeps live blogs and their entries (content.LiveBlog). An
// article is a live blog from SetLiveBlog on; its entries go with it when
// it is deleted. The newest first order is the order entries were posted.
type LiveBlogs interface {
	// SetLiveBlog makes the article a live blog, open when closedAt is
	// zero and closed at closedAt otherwise; startedAt is kept from the
	// first call. A missing article is ErrNotFound.
	SetLiveBlog(ctx context.Context, id int64, startedAt, closedAt time.Time) error
	// LiveBlog is the article's live blog, with the count and time of its
	// entries; ErrNotFound when the article is not one.
	LiveBlog(ctx context.Context, id int64) (content.LiveBlog, error)
	// LiveBlogsOf are the live blogs among ids (at most MaxLimit are
	// read), in one query, for lists; an ordinary article has no entry.
	LiveBlogsOf(ctx context.Context, ids []int64) (map[int64]content.LiveBlog, error)

	// AddEntry stores a new entry of the live blog e.ArticleID and sets
	// its ID; a pinned one unpins the one pinned before, in the same
	// transaction. ErrNotFound when the article is not a live blog.
	AddEntry(ctx context.Context, e *content.Entry) error
	// UpdateEntry replaces the headline, source, body, pinned flag,
	// UpdatedAt and StoryID of the entry e.ID of e.ArticleID (pinning
	// unpins the others); ErrNotFound when there is no such entry.
	UpdateEntry(ctx context.Context, e content.Entry) error
	// DeleteEntry removes the entry; ErrNotFound when there is none.
	DeleteEntry(ctx context.Context, articleID, entryID int64) error
	// Entry is one entry of the live blog, with its author's name and
	// slug; ErrNotFound when the live blog has no such entry.
	Entry(ctx context.Context, articleID, entryID int64) (content.Entry, error)
	// Entries lists a page of entries, newest first.
	Entries(ctx context.Context, q EntryQuery) ([]content.Entry, error)
	// PinnedEntry is the live blog's pinned entry; ErrNotFound when none
	// is pinned.
	PinnedEntry(ctx context.Context, articleID int64) (content.Entry, error)
	// EntryOfStory is the entry the article storyID was made from;
	// ErrNotFound when it was made from none.
	EntryOfStory(ctx context.Context, storyID int64) (content.Entry, error)
}

// Alerts keeps the breaking-news alerts.
type Alerts interface {
	// CreateAlert stores an alert and sets its ID; an a.Article.ID that
	// is no article is ErrNotFound.
	CreateAlert(ctx context.Context, a *content.Alert) error
	// DeleteAlert removes an alert; ErrNotFound when there is none.
	DeleteAlert(ctx context.Context, id int64) error
	// Alert is one alert, active or not, with its article in list form.
	Alert(ctx context.Context, id int64) (content.Alert, error)
	// ActiveAlerts lists the alerts that have not expired at now, newest
	// first, at most limit (MaxLimit when 0), leaving out an alert for an
	// article readers cannot see (a draft, an unpublished or trashed one):
	// a flag set on a draft tells nothing before it is out.
	ActiveAlerts(ctx context.Context, now time.Time, limit int) ([]content.Alert, error)
	// NextAlertExpiry is the earliest expiry after now, and false when no
	// alert expires after now: the moment pages must drop an alert.
	NextAlertExpiry(ctx context.Context, now time.Time) (time.Time, bool, error)
}
