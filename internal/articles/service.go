package articles

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
)

// Store is what the newsroom needs from storage. A store.Store that embeds
// store.Newsroom has all of it.
type Store interface {
	store.Articles
	store.People
	store.Taxonomy
	store.Media
	store.Site
	store.Newsroom
	store.Import
	store.Pages
	store.LiveBlogs
	store.Transactions
	store.Corrections
}

// Config is what a [Service] needs. Only Store is required.
type Config struct {
	Store  Store
	Now    func() time.Time // time.Now when nil
	Logger *slog.Logger
	// AutosaveEvery is how long autosaves of a draft keep overwriting the
	// same revision before a new one is started: 10 minutes when zero.
	AutosaveEvery time.Duration
	// Changes is the feed every committed change to an article is
	// announced on (the scheduler's too); nil announces nothing.
	Changes *changes.Feed
}

// Service carries out the newsroom's operations for a signed-in member. It
// is safe for concurrent use; all its state is in the store.
type Service struct {
	store         Store
	now           func() time.Time
	log           *slog.Logger
	autosaveEvery time.Duration
	changes       *changes.Feed
}

// New makes a Service.
func New(cfg Config) *Service {
	if cfg.Store == nil {
		panic("articles: Config.Store is nil")
	}
	s := &Service{store: cfg.Store, now: cfg.Now, log: cfg.Logger, autosaveEvery: cfg.AutosaveEvery, changes: cfg.Changes}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.autosaveEvery <= 0 {
		s.autosaveEvery = 10 * time.Minute
	}
	return s
}

// clock is now in UTC to the millisecond, the precision the store keeps,
// so that a time handed back equals the time read back later.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// zone is the site's time zone, for times in messages and corrections.
func (s *Service) zone(ctx context.Context) *time.Location {
	set, err := s.store.Settings(ctx)
	if err != nil {
		s.log.Warn("articles: reading the time zone", "err", err)
		return time.UTC
	}
	return set.Zone()
}

// Article is an article as the newsroom edits it: with the version a save
// of it must start from. The editor sends Version back with its save.
type Article struct {
	content.Article
	Version int
}

// Draft is what a writer edits in the article form.
type Draft struct {
	Kind         content.Kind // post when empty
	Title        string
	Slug         string // empty makes one from the title (new) or keeps it (existing)
	Excerpt      string
	Source       string
	Format       content.Format // markdown when empty
	Dateline     string
	CategoryID   int64
	Tags         []string
	ImageID      int64
	MustRead     bool
	CommentsOpen bool
	// AuthorID is the owner; 0 keeps it (the writer for a new article).
	// Only editors may set another.
	AuthorID int64
	// Authors is the byline in order: members by ID alone (their names
	// come from the newsroom) and credits by Name (and Organization).
	// nil keeps it (the owner alone for a new article); an empty list is
	// refused. Whoever may edit the article may change it.
	Authors  []content.Author
	SEOTitle string
	SEODesc  string
	// Label is the kind of work; news when empty.
	Label content.Label
	// Note is kept with the revision the save makes ("Fixed the spelling
	// of a name").
	Note string
}

// DraftOf is the form of a stored article, for the editor to start from.
func DraftOf(a content.Article) Draft {
	d := Draft{Kind: a.Kind, Title: a.Title, Slug: a.Slug, Excerpt: a.Excerpt, Source: a.Source, Format: a.Format,
		Dateline: a.Dateline, CategoryID: a.Category.ID, MustRead: a.MustRead, CommentsOpen: a.CommentsOpen,
		AuthorID: a.Author.ID, Authors: a.Byline(), SEOTitle: a.SEOTitle, SEODesc: a.SEODesc, Label: a.Label.Or()}
	if a.Image != nil {
		d.ImageID = a.Image.ID
	}
	for _, t := range a.Tags {
		d.Tags = append(d.Tags, t.Name)
	}
	return d
}

// load reads an article with its version. The version is read first: if a
// save slips in between, the text is newer than the version and the
// editor's next save is refused, which is safe; the other order could let
// it overwrite the save it never saw.
func (s *Service) load(ctx context.Context, id int64) (Article, error) {
	v, err := s.store.ArticleVersion(ctx, id)
	if err != nil {
		return Article{}, err
	}
	a, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return Article{}, err
	}
	return Article{Article: a, Version: v}, nil
}

// finish reads back what a change saved and announces it: action is what
// happened, before the article as it was (zero for a new one).
func (s *Service) finish(ctx context.Context, action string, before content.Article) (Article, error) {
	a, err := s.load(ctx, before.ID)
	if err != nil {
		return Article{}, err
	}
	s.changes.Publish(ctx, changes.ArticleEvent(action, before, a.Article))
	return a, nil
}

// Open returns an article for the editor, with its version.
func (s *Service) Open(ctx context.Context, user content.User, id int64) (Article, error) {
	if err := mayView(user); err != nil {
		return Article{}, err
	}
	return s.load(ctx, id)
}

func mayView(user content.User) error {
	if user.ID == 0 || !auth.Can(user.Role, auth.ActViewDashboard) {
		return forbidden("Please sign in to the newsroom.")
	}
	return nil
}

// List lists articles for the newsroom, most recently changed first.
func (s *Service) List(ctx context.Context, user content.User, f store.NewsroomFilter) ([]content.Article, error) {
	if err := mayView(user); err != nil {
		return nil, err
	}
	return s.store.NewsroomArticles(ctx, f)
}

// Counts counts articles per status for the dashboard, of one author or
// (authorID 0) of everyone.
func (s *Service) Counts(ctx context.Context, user content.User, authorID int64) (map[content.Status]int, error) {
	if err := mayView(user); err != nil {
		return nil, err
	}
	return s.store.StatusCounts(ctx, authorID)
}

// Create stores a new draft by user (or, for an editor, by the author the
// draft names) and its first revision.
func (s *Service) Create(ctx context.Context, user content.User, d Draft) (Article, error) {
	return s.Apply(ctx, user, 0, Change{Draft: &d})
}

var slugTaken = fieldError("slug", "Another article already uses this slug; choose another.")

// Save replaces the article's content with d, if the article is still at
// version (the one the editor loaded), and keeps a revision. Status and
// publication time do not change: the workflow's steps change them.
// A save from an older version writes nothing and says who saved since.
func (s *Service) Save(ctx context.Context, user content.User, id int64, d Draft, version int) (Article, error) {
	return s.Apply(ctx, user, id, Change{Draft: &d, Version: version})
}

func revisionOf(a content.Article, by content.User, note string, at time.Time) store.Revision {
	return store.Revision{ArticleID: a.ID, Author: by, Title: a.Title, Excerpt: a.Excerpt, Source: a.Source,
		Format: a.Format, Dateline: a.Dateline, CreatedAt: at, Note: note}
}

// conflict explains a refused save: who saved since, and when.
func (s *Service) conflict(ctx context.Context, user content.User, id int64) error {
	who, when := "Someone else", ""
	if cur, err := s.store.ArticleByID(ctx, id); err == nil {
		when = " " + s.when(ctx, cur.UpdatedAt)
	}
	if revs, err := s.store.Revisions(ctx, id); err == nil && len(revs) > 0 {
		switch {
		case revs[0].Author.ID == user.ID:
			who = "You"
		case revs[0].Author.Name != "":
			who = revs[0].Author.Name
		}
	}
	msg := who + " saved a newer version" + when + "."
	if who == "You" {
		msg = "You saved a newer version" + when + " in another window."
	}
	return &Error{Kind: ErrConflict, Message: msg + " Copy your text, reload, and apply your changes again."}
}

// when says a time briefly for a message: "at 14:05" today in the site's
// zone, "on July 13 at 14:05" another day.
func (s *Service) when(ctx context.Context, t time.Time) string {
	zone := s.zone(ctx)
	t, now := t.In(zone), s.now().In(zone)
	if t.YearDay() == now.YearDay() && t.Year() == now.Year() {
		return "at " + t.Format("15:04")
	}
	return "on " + t.Format("January 2 at 15:04")
}

// mayEdit explains why user may not change a, if they may not.
func mayEdit(user content.User, a content.Article) error {
	switch {
	case auth.CanEditArticle(user, a):
		return nil
	case user.ID == 0:
		return forbidden("Please sign in to the newsroom.")
	case !auth.Owns(user, a) && auth.Can(user.Role, auth.ActWriteDraft):
		return forbidden("You may edit only your own articles.")
	case auth.Owns(user, a) && auth.Can(user.Role, auth.ActWriteDraft):
		return forbidden("This article has gone out; only an editor can change it now.")
	}
	return forbidden("You may not edit articles.")
}

// wentPublic reports whether readers have seen the article at its address:
// it is published, or was before it was unpublished or trashed. A
// scheduled article's time is only a plan.
func wentPublic(a content.Article) bool {
	return a.Status == content.StatusPublished || (a.Status != content.StatusScheduled && !a.PublishedAt.IsZero())
}

// apply makes the article that saving d over cur would store, checking
// what only some roles may change and what may not change after
// publication. cur is the stored article, or for a new one a draft with
// its writer as author.
func (s *Service) apply(ctx context.Context, user content.User, cur content.Article, d Draft, isNew bool) (content.Article, error) {
	var errs content.FieldErrors
	a := cur
	a.Kind, a.Format = d.Kind, d.Format
	if a.Kind == "" {
		a.Kind = content.KindPost
	}
	if a.Format == "" {
		a.Format = content.FormatMarkdown
	}
	a.Title, a.Excerpt, a.Source = strings.TrimSpace(d.Title), strings.TrimSpace(d.Excerpt), d.Source
	a.Dateline, a.SEOTitle, a.SEODesc = strings.TrimSpace(d.Dateline), strings.TrimSpace(d.SEOTitle), strings.TrimSpace(d.SEODesc)
	a.CommentsOpen, a.MustRead, a.Label = d.CommentsOpen, d.MustRead, d.Label.Or()
	a.Tags = nil
	for _, name := range d.Tags {
		if name = strings.TrimSpace(name); name != "" {
			a.Tags = append(a.Tags, content.Tag{Name: name})
		}
	}

	public := !isNew && wentPublic(cur)
	if slug := strings.TrimSpace(d.Slug); slug != "" {
		a.Slug = slug
	} else if isNew {
		a.Slug = ""
	}
	if public && a.Slug != cur.Slug {
		errs.Add("slug", "This article has been published at its address, so its slug can no longer change.")
	}
	if public && a.Kind != cur.Kind {
		errs.Add("kind", "This article has been published at its address, so it can no longer change between post and page.")
	}
	if a.Kind == content.KindPage {
		slug := a.Slug
		if slug == "" {
			slug = content.Slugify(a.Title)
		}
		if content.Reserved(slug) {
			errs.Add("slug", "The address /"+slug+"/ belongs to the site itself; choose another slug.")
		}
	}

	if a.MustRead != cur.MustRead && !auth.Can(user.Role, auth.ActSetMustRead) {
		errs.Add("must_read", "Only editors can choose the must-read articles.")
	}
	if d.AuthorID != 0 && d.AuthorID != cur.Author.ID {
		if !auth.Can(user.Role, auth.ActChangeAuthor) {
			errs.Add("author", "Only editors can change the byline.")
		} else if u, err := s.store.UserByID(ctx, d.AuthorID); errors.Is(err, store.ErrNotFound) {
			errs.Add("author", "There is no such member of the newsroom.")
		} else if err != nil {
			return a, err
		} else {
			a.Author = u
		}
	}
	if err := s.byline(ctx, &a, cur, d.Authors, &errs); err != nil {
		return a, err
	}

	a.Category = content.Category{}
	if d.CategoryID != 0 {
		c, err := s.category(ctx, d.CategoryID)
		if err != nil {
			return a, err
		}
		if c.ID == 0 {
			errs.Add("category", "There is no such section.")
		}
		a.Category = c
	}
	a.Image = nil
	if d.ImageID != 0 {
		im, err := s.store.ImageByID(ctx, d.ImageID)
		switch {
		case errors.Is(err, store.ErrNotFound):
			errs.Add("image_id", "That picture is no longer in the media library.")
		case err != nil:
			return a, err
		default:
			a.Image = &im
		}
	}

	return a, finish(ctx, &a, errs)
}

// finish validates a, adding its mistakes to errs, and renders its body
// when there are none: the last step of every write of an article.
func finish(ctx context.Context, a *content.Article, errs content.FieldErrors) error {
	if err := a.Validate(); err != nil {
		var fe content.FieldErrors
		if !errors.As(err, &fe) {
			return err
		}
		errs = append(errs, fe...)
	}
	if len(errs) > 0 {
		return errs
	}
	return prepare(ctx, a)
}

// prepare renders the article's body; a render the renderer refused is the
// writer's to fix, a field error on the body.
func prepare(ctx context.Context, a *content.Article) error {
	err := render.PrepareContext(ctx, a)
	var refused *render.Error
	if errors.As(err, &refused) {
		return content.FieldErrors{{Field: "body", Message: refused.Message}}
	}
	if err != nil {
		return fmt.Errorf("render article: %w", err)
	}
	return nil
}

// category finds a section by id; its ID is 0 when there is none.
func (s *Service) category(ctx context.Context, id int64) (content.Category, error) {
	list, err := s.store.Categories(ctx)
	if err != nil {
		return content.Category{}, err
	}
	for _, c := range list {
		if c.ID == id {
			return c, nil
		}
	}
	return content.Category{}, nil
}
