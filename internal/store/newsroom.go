package store

import (
	"context"
	"fmt"
	"time"

	"dateline/internal/content"
)

// ErrStale means the article changed since the caller read it: its version
// or status is no longer the one the caller started from, so nothing was
// written. It is a kind of ErrConflict (errors.Is holds for both), told
// apart from a taken slug by errors.Is(err, ErrStale).
var ErrStale = fmt.Errorf("%w: changed since it was read", ErrConflict)

// Revision is one saved state of an article's text, kept so that nothing a
// writer saved is ever lost and any two states can be compared.
type Revision struct {
	ID        int64
	ArticleID int64
	// Author is who saved it (ID and Name); zero when that member was
	// removed.
	Author    content.User
	Title     string
	Excerpt   string
	Source    string
	Format    content.Format
	Dateline  string
	CreatedAt time.Time
	Note      string // what the writer said about the change, or what made it ("Autosave")
	// Autosave marks a revision written by autosave, which later autosaves
	// by the same writer may overwrite (see UpdateArticleVersioned).
	Autosave bool
}

// Move is a change of an article's status. The workflow decides which moves
// are allowed and what the publication time becomes; the store only makes
// the move atomically, and refuses it with ErrStale when the article is no
// longer in From (someone moved it meanwhile).
type Move struct {
	ID          int64
	From, To    content.Status
	PublishedAt time.Time // stored as given; zero clears it
	UpdatedAt   time.Time
	// Notice is stored as the article's WithdrawnNotice: the editors'
	// words for a move to withdrawn, empty (clearing it) for any other.
	Notice string
}

// ArticleChange is one change to an existing article, written by
// [Newsroom.ChangeArticle] in one transaction: its content, its status,
// or both, or neither.
type ArticleChange struct {
	ID int64
	// Content, when not nil, is saved as UpdateArticleVersioned saves it
	// (with Revision), and its Status and PublishedAt set to what is
	// stored afterwards.
	Content  *content.Article
	Revision *Revision
	// Version is the version the change starts from: a stored article at
	// another version is ErrStale and nothing is written. Zero skips the
	// check, for a status change made without a version in hand (never
	// with Content).
	Version int
	// Move, when not nil, changes the status after the content is saved;
	// an article no longer in Move.From is ErrStale and nothing, not even
	// the content, is written.
	Move *Move
}

// Autosave is the unsaved text one member was typing in one article, kept
// beside the article (not in it) so a published article never changes
// until its editor saves.
type Autosave struct {
	ArticleID int64
	UserID    int64
	Title     string
	Excerpt   string
	Source    string
	UpdatedAt time.Time
}

// NewsroomFilter selects articles for the newsroom's list. The zero value
// lists every article not in the trash, most recently changed first.
type NewsroomFilter struct {
	Status     content.Status // "" means every status but trashed
	AuthorID   int64          // the member's own: owned by them or with them in the byline
	CategoryID int64
	Kind       content.Kind // "" means posts and pages
	Text       string       // words in the headline (a plain substring match)
	Limit      int          // default 20, at most MaxLimit
	Offset     int
}

// DayLayout is how a day is written in the views table and its queries:
// a calendar day in the site's time zone.
const DayLayout = "2006-01-02"

// DayCount is the number of views on one day.
type DayCount struct {
	Day   string // "2025-07-14"
	Views int
}

// ReadCount is a published article, in list form, with its views.
type ReadCount struct {
	Article content.Article
	Views   int
}

// Newsroom is what the newsroom's workflow needs from the store besides
// plain articles: versioned saves, status moves, scheduled publishing,
// revisions, autosaves, corrections, the newsroom's lists and page views.
type Newsroom interface {
	// ArticleVersion is the article's version: 1 when created, one more
	// after every change to its content (a status move or a correction
	// does not count, a plain UpdateArticle does).
	ArticleVersion(ctx context.Context, id int64) (int, error)
	// UpdateArticleVersioned saves the content of a (every field but
	// status, publication time, corrections and comment count, which only
	// Move, PublishScheduled and AppendCorrection change) if the stored
	// version is still expectVersion, and makes it expectVersion+1. When
	// rev is not nil it is stored in the same transaction and its ID and
	// ArticleID set; a rev with an ID overwrites that autosave revision of
	// the article instead of adding one. a.Status and a.PublishedAt are
	// set to what is stored. A different version is ErrStale and writes
	// nothing; a taken slug is ErrConflict; a missing article ErrNotFound.
	UpdateArticleVersioned(ctx context.Context, a *content.Article, expectVersion int, rev *Revision) error
	// ChangeArticle writes c in one transaction: the content and the move
	// both, or neither. A missing article is ErrNotFound; a taken slug
	// ErrConflict; another version, or another status than c.Move.From,
	// ErrStale.
	ChangeArticle(ctx context.Context, c ArticleChange) error
	// MoveArticle changes an article's status and publication time and
	// keeps the public lists and the search index in step.
	MoveArticle(ctx context.Context, m Move) error
	// DueScheduled lists the scheduled articles whose publication time is
	// not after now, oldest first.
	DueScheduled(ctx context.Context, now time.Time) ([]int64, error)
	// NextScheduled is the planned publication time of the earliest
	// scheduled article, due or not, and false when none is scheduled:
	// the scheduler sleeps until then instead of polling.
	NextScheduled(ctx context.Context) (time.Time, bool, error)
	// PublishScheduled publishes the article if it is still scheduled and
	// due at now, keeping its planned publication time, and reports
	// whether this call published it: of several callers racing (two
	// servers), exactly one gets true.
	PublishScheduled(ctx context.Context, id int64, now time.Time) (bool, error)
	// AddRevision stores a revision of an existing article and sets its ID.
	AddRevision(ctx context.Context, r *Revision) error
	// Revisions lists the article's revisions newest first, without their
	// Source (read one whole with Revision).
	Revisions(ctx context.Context, articleID int64) ([]Revision, error)
	Revision(ctx context.Context, id int64) (Revision, error)

	// SaveAutosave keeps a member's unsaved text, replacing their previous
	// autosave of the same article.
	SaveAutosave(ctx context.Context, a Autosave) error
	// Autosave returns the member's unsaved text of the article, or
	// ErrNotFound.
	Autosave(ctx context.Context, articleID, userID int64) (Autosave, error)
	// DeleteAutosave forgets it; forgetting what is not there is no error.
	DeleteAutosave(ctx context.Context, articleID, userID int64) error

	// NewsroomArticles lists articles in any status, in list form with
	// UpdatedAt and CreatedAt, most recently changed first.
	NewsroomArticles(ctx context.Context, f NewsroomFilter) ([]content.Article, error)
	// StatusCounts counts articles per status, of one member's own (owned
	// or with them in the byline) or (authorID 0) of everyone; statuses
	// without articles are absent.
	StatusCounts(ctx context.Context, authorID int64) (map[content.Status]int, error)

	// AddViews adds counts (article id → views) to the day ("2025-07-14");
	// views of articles that no longer exist are dropped.
	AddViews(ctx context.Context, counts map[int64]int, day string) error
	// ViewsPerDay sums the views of one article (or of all, articleID 0)
	// per day from one day to another, both included, oldest first; days
	// without views are absent.
	ViewsPerDay(ctx context.Context, articleID int64, from, to string) ([]DayCount, error)
	// MostRead ranks published articles by their views since the day
	// (included), most read first, at most limit (MaxLimit when 0).
	MostRead(ctx context.Context, since string, limit int) ([]ReadCount, error)
}
