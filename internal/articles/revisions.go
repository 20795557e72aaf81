package articles

import (
	"context"
	"fmt"

	"dateline/internal/content"
	"dateline/internal/store"
)

// Revisions lists the article's saved states, newest first, without their
// text; [Service.Revision] reads one whole.
func (s *Service) Revisions(ctx context.Context, user content.User, articleID int64) ([]store.Revision, error) {
	if err := mayView(user); err != nil {
		return nil, err
	}
	return s.store.Revisions(ctx, articleID)
}

// Revision reads one revision of the article whole.
func (s *Service) Revision(ctx context.Context, user content.User, articleID, revisionID int64) (store.Revision, error) {
	if err := mayView(user); err != nil {
		return store.Revision{}, err
	}
	r, err := s.store.Revision(ctx, revisionID)
	if err != nil {
		return r, err
	}
	if r.ArticleID != articleID {
		return store.Revision{}, fmt.Errorf("revision %d of article %d: %w", revisionID, articleID, store.ErrNotFound)
	}
	return r, nil
}

// RestoreRevision brings back the text of an earlier revision (headline,
// standfirst, body, format and dateline) as a new save from version, which
// itself keeps a revision; nothing in the history is lost. The other
// fields stay as they are now.
func (s *Service) RestoreRevision(ctx context.Context, user content.User, articleID, revisionID int64, version int) (Article, error) {
	r, err := s.Revision(ctx, user, articleID, revisionID)
	if err != nil {
		return Article{}, err
	}
	cur, err := s.store.ArticleByID(ctx, articleID)
	if err != nil {
		return Article{}, err
	}
	d := DraftOf(cur)
	d.Title, d.Excerpt, d.Source, d.Format, d.Dateline = r.Title, r.Excerpt, r.Source, r.Format, r.Dateline
	d.Note = "Restored the version of " + r.CreatedAt.In(s.zone(ctx)).Format("January 2, 2006 15:04")
	return s.Save(ctx, user, articleID, d, version)
}

// Changes is what differs between two revisions, field by field; a field
// that did not change is one equal segment (none when empty).
type Changes struct {
	Title    []Segment
	Excerpt  []Segment
	Dateline []Segment
	Source   []Segment
}

// Diff compares two whole revisions (from [Service.Revision]; listed ones
// carry no Source), older first. To compare with the text as it is now,
// pass a Revision made of the article's fields.
func Diff(older, newer store.Revision) Changes {
	return Changes{
		Title:    DiffText(older.Title, newer.Title),
		Excerpt:  DiffText(older.Excerpt, newer.Excerpt),
		Dateline: DiffText(older.Dateline, newer.Dateline),
		Source:   DiffText(older.Source, newer.Source),
	}
}
