// Package store defines how dateline keeps its content: the Store interface
// that every backend implements, the queries it answers and the errors it
// returns. The behaviour is specified once, in the storetest conformance
// suite, and each backend (sqlite, later postgres) runs that suite.
package store

import (
	"context"
	"errors"
	"time"

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
	// From and To, when set, keep the articles first published at or
	// after From and before To: a date archive (a year, month or day in
	// the site's zone).
	From, To  time.Time
	ExcludeID int64 // leave this article out (the one being read)
	Limit     int   // default 10, at most MaxLimit
	Offset    int
	// Full asks for whole articles (body, tags and the other details of the
	// article page) instead of the list form, for feeds.
	Full bool
	// Before, when set, lists only articles older than this position in the
	// newest-first order: keyset pagination for the API, whose cost does
	// not grow with the page number.
	Before *Cursor
}

// Cursor is a position in a newest-first list: the publication time and id
// of the last article already seen.
type Cursor struct {
	PublishedAt time.Time
	ID          int64
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
	// TagsOf gives the tags of each of the articles ids, in each article's
	// order, in one query: a list answer shows its articles' tags without
	// a query per article. An article without tags has no entry.
	TagsOf(ctx context.Context, ids []int64) (map[int64][]content.Tag, error)
}

// Taxonomy is the category and tag side of the store.
type Taxonomy interface {
	CreateCategory(ctx context.Context, c *content.Category) error
	Categories(ctx context.Context) ([]content.Category, error)
	CategoryBySlug(ctx context.Context, slug string) (content.Category, error)
	TagBySlug(ctx context.Context, slug string) (content.Tag, error)
	// Tags lists tags by name, at most limit (MaxLimit when 0), starting
	// after the given name.
	Tags(ctx context.Context, after string, limit int) ([]content.Tag, error)
	// PublishedTags is Tags for readers: only the tags of at least one
	// published post, so that a draft's or a scheduled story's tags say
	// nothing before it is out.
	PublishedTags(ctx context.Context, after string, limit int) ([]content.Tag, error)
	// PublishedTagBySlug is TagBySlug for readers: ErrNotFound for a tag on
	// no published post.
	PublishedTagBySlug(ctx context.Context, slug string) (content.Tag, error)
}

// People is the user side of the store.
type People interface {
	CreateUser(ctx context.Context, u *content.User) error
	UserByID(ctx context.Context, id int64) (content.User, error)
	UserBySlug(ctx context.Context, slug string) (content.User, error)
	UserByEmail(ctx context.Context, email string) (content.User, error)
	// Authors lists, by name, the users with at least one published post.
	Authors(ctx context.Context) ([]content.User, error)
	// AuthorBySlug is UserBySlug for readers: ErrNotFound for a member
	// without a published post, so that the archive, its feeds and the
	// filters do not tell who else works in the newsroom.
	AuthorBySlug(ctx context.Context, slug string) (content.User, error)
}

// SearchQuery asks for published posts matching words.
type SearchQuery struct {
	// Text is what the reader typed. Only its words count (search.Parse):
	// quotes, operators and other punctuation separate words and are never
	// search syntax, and only the first dozen words are read.
	Text       string
	CategoryID int64
	AuthorID   int64
	From, To   time.Time // publication window; zero means open
	Limit      int       // default 10, at most MaxLimit
	Offset     int
	// Prefix treats the last word as the start of a word, for suggestions
	// while the reader types.
	Prefix bool
	// Now anchors "recent news is favoured slightly"; time.Now when zero.
	Now time.Time
}

// SearchHit is an article found by a search, with a snippet of the matching
// text. The snippet is plain text in which SnippetStart and SnippetEnd
// surround each matched word; the caller escapes it and turns the markers
// into highlighting.
type SearchHit struct {
	Article content.Article
	Snippet string
}

// Markers around matched words in SearchHit.Snippet; control characters
// that never occur in stored text.
const (
	SnippetStart = "\x02"
	SnippetEnd   = "\x03"
)

// Search is full-text search over published posts (search.Indexed): the
// headline, excerpt, tag names, byline and the body as plain text. What a
// caller can rely on, whatever the engine:
//
//   - A post matches when it holds every word of the query, in any field
//     and any case; with Prefix, the last word also matches the words it
//     begins.
//   - Common English words ("the", "of", "and") are left out of a query
//     that has other words (except the word still being typed, with
//     Prefix), and decide it when they are all it has.
//   - A match in the headline ranks above a match only in the body; the
//     fields weigh in the order of search.Document's.
//   - Between matches of equal relevance the more recent ranks first;
//     recency lifts a match slightly (search.RecencyLift), it does not
//     bury an older, better one.
//   - A word of three or more characters in a script written without
//     spaces (Thai, Chinese, Japanese) is found inside longer runs of
//     text. A query with such words is matched on them; its other words,
//     and shorter words in those scripts, may be left out.
//   - Only the search.Pool newest matches that pass the filters are
//     ranked. The filters apply first, so a section, author or date
//     filter finds old stories behind any number of newer matches.
//   - A query with nothing searchable in it finds nothing, without error.
type Search interface {
	Search(ctx context.Context, q SearchQuery) ([]SearchHit, error)
}

// Comments is the comment side of the store.
type Comments interface {
	// CreateComment stores a comment and sets its ID; an approved comment
	// counts toward the article's comment count at once.
	CreateComment(ctx context.Context, c *content.Comment) error
	// PostComment is CreateComment, the writer's wish for mail about
	// replies (when subscribe) and the notifications of the comment in one
	// transaction: all, or none. mails, when not nil, is called once the
	// comment has its ID (its links need it), inside the transaction, so it
	// must only build the messages, never use the store; their IDs are set.
	// The post is first checked against each quota, at c.CreatedAt, and
	// recorded under it (see Quota): checked and recorded in the same
	// transaction, so that posts made at once through several nodes cannot
	// pass a limit together.
	PostComment(ctx context.Context, c *content.Comment, subscribe bool, mails func(c content.Comment) []*Mail, quotas ...Quota) error
	// ApprovedComments lists an article's approved comments, oldest first.
	ApprovedComments(ctx context.Context, articleID int64) ([]content.Comment, error)
	// RecentComments lists the newest approved comments on published
	// articles, newest first, with the article each belongs to (in list
	// form); articleID 0 means the whole site.
	RecentComments(ctx context.Context, articleID int64, limit int) ([]CommentOn, error)
}

// CommentOn is a comment with the article it was written on.
type CommentOn struct {
	content.Comment
	Article content.Article
}

// Media is the upload side of the store.
type Media interface {
	CreateImage(ctx context.Context, im *content.Image) error
	// CreateImages stores many pictures' rows in one transaction, each as
	// CreateImage would, and sets their IDs: all, or none (a name already
	// taken is ErrConflict). For a library filled in bulk: an import, a
	// test's fifty thousand pictures.
	CreateImages(ctx context.Context, list []content.Image) error
	ImageByID(ctx context.Context, id int64) (content.Image, error)
	// Images lists one page of the library, newest first, as q asks.
	Images(ctx context.Context, q ImageQuery) ([]content.Image, error)
	// CountImages counts the library. Its cost grows with the library:
	// it is for tests and reports, not for pages.
	CountImages(ctx context.Context) (int, error)
	// UpdateImageText replaces an image's alt text, caption and credit.
	UpdateImageText(ctx context.Context, id int64, alt, caption, credit string) error
}

// ImageQuery asks for one page of the media library, newest first. Each
// page costs the same whatever its place in the library: its pictures are
// found through an index from a known picture's number (keyset paging),
// and a search through the pictures' text index (see search.ImageTerms).
type ImageQuery struct {
	// Text keeps only the pictures whose alt text, caption or file name
	// hold each of its words (search.ImageTerms), anywhere and whatever
	// the case. A text without such words finds nothing.
	Text string
	// Before keeps the pictures older than this number (the next page);
	// After, those newer (the page before), still listed newest first.
	// Zero leaves that side open.
	Before, After int64
	// Limit is how many pictures at most, 1 to MaxLimit.
	Limit int
}

// Site is where site-wide settings live.
type Site interface {
	Settings(ctx context.Context) (content.Settings, error)
	SaveSettings(ctx context.Context, s content.Settings) error
	// Empty reports whether the store holds no articles and no users yet, so
	// the demo may fill it.
	Empty(ctx context.Context) (bool, error)
	// Setting reads the JSON document a part of the program keeps under
	// key ("comments"); ErrNotFound when there is none yet.
	Setting(ctx context.Context, key string) ([]byte, error)
	// SaveSetting replaces that document.
	SaveSetting(ctx context.Context, key string, value []byte) error
	// Secret returns the random key named name, making 32 random bytes the
	// first time: one value for every node and every restart.
	Secret(ctx context.Context, name string) ([]byte, error)
	// Ready reports whether the store can serve: the database answers and
	// every migration this program knows is applied. It is cheap enough
	// for a readiness probe to call every few seconds.
	Ready(ctx context.Context) error
}

// SitemapMonth summarises the published posts of one calendar month (UTC)
// for the sitemap index.
type SitemapMonth struct {
	Month   string // "2025-07"
	Count   int
	LastMod time.Time
}

// SitemapEntry is one URL of a sitemap.
type SitemapEntry struct {
	Kind        content.Kind
	Slug        string
	PublishedAt time.Time
	LastMod     time.Time
}

// Sitemaps gives search engines the whole archive without loading it.
type Sitemaps interface {
	// SitemapMonths lists the months that have published posts, oldest first.
	SitemapMonths(ctx context.Context) ([]SitemapMonth, error)
	// SitemapEntries lists the published posts first published in month
	// ("2025-07"), oldest first, limit at a time after offset; month ""
	// lists the published pages.
	SitemapEntries(ctx context.Context, month string, offset, limit int) ([]SitemapEntry, error)
	// LastPublished is when each category, tag or author last had a post
	// published, for the sitemaps of archives; kind is "category", "tag"
	// or "author", and the map is keyed by slug.
	LastPublished(ctx context.Context, kind string) (map[string]time.Time, error)
}

// Store is everything dateline keeps.
type Store interface {
	Articles
	Taxonomy
	People
	Comments
	Media
	Site
	Search
	Sitemaps
	Accounts
	Newsroom
	Moderation
	MailQueue
	TaxonomyAdmin
	AccountAdmin
	ChangeLog
	Legacy
	Import
	Transactions
	Pages
	Leases
	LiveBlogs
	Alerts
	Corrections
	Limits
	Close() error
}
