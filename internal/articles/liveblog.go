package articles

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
)

// A live blog is an article with entries (content.LiveBlog). Its entries
// follow the article's rules: whoever may edit the article (auth.
// CanEditArticle: authors their own, editors anyone's, contributors their
// own until it is out) may post, edit and delete its entries, open and
// close it. Each change is announced with the live blog's own tag
// (changes.LiveBlog), which only its pages, its fragment and its feed
// declare; opening and closing it with the article's tag as well, for
// the "Live" badge on its cards.

// EntryDraft is what a reporter types for an entry; a nil field of an
// edit keeps what the entry has.
type EntryDraft struct {
	Headline *string
	Body     *string
	Pinned   *bool
}

var notLive = &Error{Kind: ErrStatus, Message: "This article is not a live blog."}

// liveBlog reads the article and its live blog, and checks that user may
// change them.
func (s *Service) liveBlog(ctx context.Context, user content.User, id int64) (content.Article, content.LiveBlog, error) {
	a, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return a, content.LiveBlog{}, err
	}
	if err := mayEdit(user, a); err != nil {
		return a, content.LiveBlog{}, err
	}
	if a.Status == content.StatusTrashed {
		return a, content.LiveBlog{}, wrongStatus("This article is in the trash; restore it before changing it.")
	}
	l, err := s.store.LiveBlog(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return a, l, notLive
	}
	return a, l, err
}

// LiveBlog is the article's live blog, for the newsroom and the API: any
// member signed in to the newsroom may look.
func (s *Service) LiveBlog(ctx context.Context, user content.User, id int64) (content.LiveBlog, error) {
	if err := mayView(user); err != nil {
		return content.LiveBlog{}, err
	}
	l, err := s.store.LiveBlog(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		if _, aerr := s.store.ArticleByID(ctx, id); aerr != nil {
			return l, aerr
		}
		return l, notLive
	}
	return l, err
}

// StartLiveBlog makes the article a live blog, open, or opens again one
// that was closed; closing it (open false) ends its coverage and keeps
// everything, as a normal article with its entries.
func (s *Service) StartLiveBlog(ctx context.Context, user content.User, id int64, open bool) (content.LiveBlog, error) {
	a, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return content.LiveBlog{}, err
	}
	if err := mayEdit(user, a); err != nil {
		return content.LiveBlog{}, err
	}
	if a.Kind != content.KindPost {
		return content.LiveBlog{}, fieldError("kind", "Only a post can be a live blog, not a page.")
	}
	l, err := s.store.LiveBlog(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		if !open {
			return l, notLive
		}
		l.StartedAt = s.clock()
	case err != nil:
		return l, err
	case l.Open() == open:
		return l, nil // nothing to change, nothing to announce
	}
	var closed time.Time // zero: open
	if !open {
		closed = s.clock()
	}
	if err := s.store.SetLiveBlog(ctx, id, l.StartedAt, closed); err != nil {
		return l, fmt.Errorf("live blog %d: %w", id, err)
	}
	action := "open"
	if !open {
		action = "close"
	}
	s.log.Info("live blog "+action, "article", id, "user", user.ID)
	// The article's own tag too: its cards carry the "Live" badge.
	s.changes.Publish(ctx, changes.New(changes.KindArticle, action, []int64{id}, changes.LiveBlog(id), changes.Article(id)))
	return s.store.LiveBlog(ctx, id)
}

// AddEntry posts an entry to the live blog id by user, who becomes its
// author.
func (s *Service) AddEntry(ctx context.Context, user content.User, id int64, d EntryDraft) (content.Entry, error) {
	a, _, err := s.liveBlog(ctx, user, id)
	if err != nil {
		return content.Entry{}, err
	}
	now := s.clock()
	e := content.Entry{ArticleID: a.ID, Author: user, CreatedAt: now, UpdatedAt: now}
	if err := prepareEntry(ctx, &e, d); err != nil {
		return content.Entry{}, err
	}
	if err := s.store.AddEntry(ctx, &e); err != nil {
		return content.Entry{}, fmt.Errorf("live blog %d: %w", id, err)
	}
	s.announceEntry(ctx, "create", e)
	return e, nil
}

// EditEntry changes the fields of d that are set.
func (s *Service) EditEntry(ctx context.Context, user content.User, id, entryID int64, d EntryDraft) (content.Entry, error) {
	if _, _, err := s.liveBlog(ctx, user, id); err != nil {
		return content.Entry{}, err
	}
	e, err := s.store.Entry(ctx, id, entryID)
	if err != nil {
		return e, err
	}
	if err := prepareEntry(ctx, &e, d); err != nil {
		return content.Entry{}, err
	}
	e.UpdatedAt = s.clock()
	if err := s.store.UpdateEntry(ctx, e); err != nil {
		return content.Entry{}, err
	}
	s.announceEntry(ctx, "update", e)
	return e, nil
}

// DeleteEntry removes an entry for good.
func (s *Service) DeleteEntry(ctx context.Context, user content.User, id, entryID int64) error {
	if _, _, err := s.liveBlog(ctx, user, id); err != nil {
		return err
	}
	if err := s.store.DeleteEntry(ctx, id, entryID); err != nil {
		return err
	}
	s.announceEntry(ctx, "delete", content.Entry{ID: entryID, ArticleID: id})
	return nil
}

// Entries lists a page of the live blog's entries for the newsroom and
// the API, newest first.
func (s *Service) Entries(ctx context.Context, user content.User, q store.EntryQuery) ([]content.Entry, error) {
	if _, err := s.LiveBlog(ctx, user, q.ArticleID); err != nil {
		return nil, err
	}
	return s.store.Entries(ctx, q)
}

// Entry is one entry, for the newsroom's form.
func (s *Service) Entry(ctx context.Context, user content.User, id, entryID int64) (content.Entry, error) {
	if _, err := s.LiveBlog(ctx, user, id); err != nil {
		return content.Entry{}, err
	}
	return s.store.Entry(ctx, id, entryID)
}

func (s *Service) announceEntry(ctx context.Context, action string, e content.Entry) {
	s.log.Info("live blog entry "+action, "article", e.ArticleID, "entry", e.ID)
	s.changes.Publish(ctx, changes.New(changes.KindEntry, action, []int64{e.ID}, changes.LiveBlog(e.ArticleID)))
}

// prepareEntry lays d over e, checks it and renders its body through the
// articles' bounded renderer and allow-list.
func prepareEntry(ctx context.Context, e *content.Entry, d EntryDraft) error {
	if d.Headline != nil {
		e.Headline = strings.TrimSpace(*d.Headline)
	}
	if d.Body != nil {
		e.Source = strings.TrimSpace(*d.Body)
	}
	if d.Pinned != nil {
		e.Pinned = *d.Pinned
	}
	if err := e.Validate(); err != nil {
		return err
	}
	body, err := render.Markdown(ctx, e.Source)
	var refused *render.Error
	if errors.As(err, &refused) {
		return fieldError("body", refused.Message)
	}
	if err != nil {
		return fmt.Errorf("render entry: %w", err)
	}
	e.Body = body
	return nil
}

// EntryToStory turns an entry into an article of its own: a draft by the
// entry's author, in the live blog's section and with its tags, headed by
// the entry's headline (or its first words), which the entry then links
// to and which links back to it. Making the article takes the rights to
// write one, and to give it the entry's author as byline when that is
// someone else.
func (s *Service) EntryToStory(ctx context.Context, user content.User, id, entryID int64) (Article, error) {
	a, _, err := s.liveBlog(ctx, user, id)
	if err != nil {
		return Article{}, err
	}
	e, err := s.store.Entry(ctx, id, entryID)
	if err != nil {
		return Article{}, err
	}
	if e.StoryID != 0 {
		return Article{}, wrongStatus("This entry is an article already.")
	}
	d := Draft{Title: storyTitle(e), Source: e.Source, Format: content.FormatMarkdown, CategoryID: a.Category.ID,
		Dateline: a.Dateline, CommentsOpen: true, AuthorID: e.Author.ID, Note: "Made from an entry of the live blog “" + a.Title + "”"}
	for _, t := range a.Tags {
		d.Tags = append(d.Tags, t.Name)
	}
	var story Article
	err = s.store.InTransaction(ctx, func(ctx context.Context) error {
		var err error
		if story, err = s.Create(ctx, user, d); err != nil {
			return err
		}
		e.StoryID, e.UpdatedAt = story.ID, s.clock()
		return s.store.UpdateEntry(ctx, e)
	})
	if err != nil {
		return Article{}, err
	}
	s.announceEntry(ctx, "update", e)
	return story, nil
}

// storyTitle is the headline of the article made from e: its own, or its
// first words.
func storyTitle(e content.Entry) string {
	if e.Headline != "" {
		return e.Headline
	}
	text := strings.Join(strings.Fields(render.PlainText(e.Body)), " ")
	if utf8.RuneCountInString(text) <= 80 {
		return text
	}
	cut := []rune(text)[:80]
	if i := strings.LastIndexByte(string(cut), ' '); i > 40 {
		return string(cut)[:i] + "…"
	}
	return string(cut) + "…"
}

// MayEditLiveBlog reports whether user may post to the live blog a, for
// the newsroom's buttons.
func MayEditLiveBlog(user content.User, a content.Article) bool {
	return auth.CanEditArticle(user, a) && a.Status != content.StatusTrashed
}
