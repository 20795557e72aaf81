package articles

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"dateline/internal/content"
	"dateline/internal/store"
)

// Autosave keeps the text (headline, standfirst and body; the other fields
// wait for Save) that user is typing, every few seconds, so none is lost.
//
// A draft is saved in place, if it is still at version and the headline is
// not blank, and the returned Article carries the new version. Its
// revisions are coalesced: autosaves by the same writer keep overwriting
// one autosave revision for Config.AutosaveEvery, then start another.
//
// Any other article (waiting for review, scheduled, published) must not
// change until someone saves it, so the text goes to the member's autosave
// copy beside it, which [Service.Autosaved] offers back. So does the text
// of a draft that someone else changed meanwhile: it is kept, and the
// error says who changed the draft.
func (s *Service) Autosave(ctx context.Context, user content.User, id int64, d Draft, version int) (Article, error) {
	a, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return Article{}, err
	}
	if err := mayEdit(user, a); err != nil {
		return Article{}, err
	}
	if a.Status == content.StatusTrashed {
		return Article{}, wrongStatus("This article is in the trash; restore it before editing it.")
	}
	if err := textLimits(d); err != nil {
		return Article{}, err
	}
	now := s.clock()
	if a.Status == content.StatusDraft && strings.TrimSpace(d.Title) != "" {
		next := a
		next.Title, next.Excerpt, next.Source, next.UpdatedAt = strings.TrimSpace(d.Title), strings.TrimSpace(d.Excerpt), d.Source, now
		if err := prepare(ctx, &next); err != nil {
			return Article{}, err
		}
		rev, err := s.autosaveRevision(ctx, user, next)
		if err != nil {
			return Article{}, err
		}
		err = s.store.UpdateArticleVersioned(ctx, &next, version, rev)
		if err == nil {
			s.forgetAutosave(ctx, id, user.ID)
			return s.finish(ctx, "autosave", a)
		}
		if !errors.Is(err, store.ErrStale) {
			return Article{}, fmt.Errorf("autosave article %d: %w", id, err)
		}
	}
	err = s.store.SaveAutosave(ctx, store.Autosave{ArticleID: id, UserID: user.ID,
		Title: d.Title, Excerpt: d.Excerpt, Source: d.Source, UpdatedAt: now})
	if err != nil {
		return Article{}, fmt.Errorf("autosave article %d: %w", id, err)
	}
	cur, err := s.load(ctx, id)
	if err != nil {
		return Article{}, err
	}
	if cur.Version != version {
		return Article{}, s.conflict(ctx, user, id)
	}
	return cur, nil
}

// textLimits refuses text too long to keep; a blank headline is fine while
// typing.
func textLimits(d Draft) error {
	probe := content.Article{Kind: content.KindPost, Status: content.StatusDraft, Format: content.FormatMarkdown,
		Title: d.Title, Excerpt: d.Excerpt, Source: d.Source}
	if strings.TrimSpace(probe.Title) == "" {
		probe.Title = "untitled"
	}
	return probe.Validate()
}

// autosaveRevision is the revision an autosave of a makes: a new one, or
// the writer's latest autosave revision while it is recent.
func (s *Service) autosaveRevision(ctx context.Context, user content.User, a content.Article) (*store.Revision, error) {
	rev := revisionOf(a, user, "Autosave", a.UpdatedAt)
	rev.Autosave = true
	revs, err := s.store.Revisions(ctx, a.ID)
	if err != nil {
		return nil, err
	}
	if len(revs) > 0 && revs[0].Autosave && revs[0].Author.ID == user.ID && a.UpdatedAt.Sub(revs[0].CreatedAt) < s.autosaveEvery {
		rev.ID = revs[0].ID
	}
	return &rev, nil
}

// Autosaved returns the text user autosaved beside the article, or nil
// when there is none or the article was saved after it: the editor offers
// to restore it.
func (s *Service) Autosaved(ctx context.Context, user content.User, id int64) (*store.Autosave, error) {
	if err := mayView(user); err != nil {
		return nil, err
	}
	kept, err := s.store.Autosave(ctx, id, user.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	a, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return nil, err
	}
	if a.UpdatedAt.After(kept.UpdatedAt) {
		return nil, nil
	}
	return &kept, nil
}

// DiscardAutosave forgets user's autosaved text of the article.
func (s *Service) DiscardAutosave(ctx context.Context, user content.User, id int64) error {
	if err := mayView(user); err != nil {
		return err
	}
	return s.store.DeleteAutosave(ctx, id, user.ID)
}

// forgetAutosave drops the copy a save has made obsolete; failing to is
// only logged, since the save itself succeeded.
func (s *Service) forgetAutosave(ctx context.Context, id, userID int64) {
	if err := s.store.DeleteAutosave(ctx, id, userID); err != nil {
		s.log.Warn("articles: forgetting an autosave", "article", id, "user", userID, "err", err)
	}
}
