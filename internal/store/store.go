// Package store defines how dateline keeps its content: the Store interface
// that every backend implements, the queries it answers and the errors it
// returns. The behaviour is specified once, in the storetest conformance
// suite, and each backend (sqlite, later postgres) runs that suite.
package store

import (
	"context"
	"errors"

	"dateline/internal/content"
)

var (
	// ErrNotFound means the thing asked for does not exist.
	ErrNotFound = errors.New("not found")
	// ErrConflict means a unique name (slug, email) is already taken.
	ErrConflict = errors.New("already exists")
	// ErrGone means an article was published and has since been deleted.
	ErrGone = errors.New("gone")
)

// ArticleQuery selects published articles for a public list. The zero value
// lists the newest published posts.
type ArticleQuery struct {
	Kind       content.Kind // default post
	CategoryID int64
	TagID      int64
	AuthorID   int64
	MustRead   bool
	ExcludeID  int64 // leave this article out (the one being read)
	Limit      int   // default 10, at most MaxLimit
	Offset     int
}

// MaxLimit bounds how many rows one public query may return.
const MaxLimit = 100

// Normalize fills in defaults and clamps the limits.
func (q ArticleQuery) Normalize() ArticleQuery {
	if q.Kind == "" {
		q.Kind = content.KindPost
	}
	if q.Limit <= 0 {
		q.Limit = 10
	}
	if q.Limit > MaxLimit {
		q.Limit = MaxLimit
	}
	if q.Offset < 0 {
		q.Offset = 0
	}
	return q
}

// Articles is the article side of the store.
type Articles interface {
	// CreateArticle stores a new article and sets its ID. An empty slug is
	// made from the title and made unique with a numeric suffix; a slug the
	// writer chose that is already taken is ErrConflict.
	CreateArticle(ctx context.Context, a *content.Article) error
	// UpdateArticle replaces the stored article with a's fields.
	UpdateArticle(ctx context.Context, a *content.Article) error
	// DeleteArticle removes an article for good; if it had been published its
	// slug keeps answering ErrGone.
	DeleteArticle(ctx context.Context, id int64) error
	// ArticleByID returns the article in any status, with author, category,
	// tags and image.
	ArticleByID(ctx context.Context, id int64) (content.Article, error)
	// ArticleBySlug returns the article with that slug in any status;
	// ErrGone when it was deleted after publication.
	ArticleBySlug(ctx context.Context, slug string) (content.Article, error)
	// PublishedArticles lists published articles, newest first, in their
	// list form: what a card shows (title, slug, excerpt, publication time,
	// comment count, author, category, image without caption) and not the
	// body, source, tags or other details of the article page.
	PublishedArticles(ctx context.Context, q ArticleQuery) ([]content.Article, error)
	// RelatedArticles ranks published posts by what they share with a (same
	// category, common tags), then by recency; a itself is never included.
	RelatedArticles(ctx context.Context, a content.Article, limit int) ([]content.Article, error)
}

// Taxonomy is the category and tag side of the store.
type Taxonomy interface {
	CreateCategory(ctx context.Context, c *content.Category) error
	Categories(ctx context.Context) ([]content.Category, error)
	CategoryBySlug(ctx context.Context, slug string) (content.Category, error)
	TagBySlug(ctx context.Context, slug string) (content.Tag, error)
}

// People is the user side of the store.
type People interface {
	CreateUser(ctx context.Context, u *content.User) error
	UserByID(ctx context.Context, id int64) (content.User, error)
	UserBySlug(ctx context.Context, slug string) (content.User, error)
	UserByEmail(ctx context.Context, email string) (content.User, error)
}

// Comments is the comment side of the store.
type Comments interface {
	// CreateComment stores a comment and sets its ID; an approved comment
	// counts toward the article's comment count at once.
	CreateComment(ctx context.Context, c *content.Comment) error
	// ApprovedComments lists an article's approved comments, oldest first.
	ApprovedComments(ctx context.Context, articleID int64) ([]content.Comment, error)
}

// Media is the upload side of the store.
type Media interface {
	CreateImage(ctx context.Context, im *content.Image) error
	ImageByID(ctx context.Context, id int64) (content.Image, error)
}

// Site is where site-wide settings live.
type Site interface {
	Settings(ctx context.Context) (content.Settings, error)
	SaveSettings(ctx context.Context, s content.Settings) error
	// Empty reports whether the store holds no articles and no users yet, so
	// the demo may fill it.
	Empty(ctx context.Context) (bool, error)
}

// Store is everything dateline keeps.
type Store interface {
	Articles
	Taxonomy
	People
	Comments
	Media
	Site
	Close() error
}
