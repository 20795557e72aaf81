package admin

import (
	"context"
	"errors"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/store"
)

// NewsroomArticles adapts the newsroom's workflow service to the editor's
// Articles.
func NewsroomArticles(svc *articles.Service) Articles { return newsroomArticles{svc} }

type newsroomArticles struct{ svc *articles.Service }

// articleErr turns the service's refusals into the editor's: its messages
// are written for the member and shown as they are.
func articleErr(err error) error {
	var ne *articles.Error
	if errors.As(err, &ne) {
		return &ArticleError{
			Message:   ne.Message,
			Conflict:  errors.Is(ne, articles.ErrConflict),
			Forbidden: errors.Is(ne, articles.ErrForbidden),
		}
	}
	return err
}

func draftOf(a articles.Article) Draft { return Draft{Article: a.Article, Version: a.Version} }

// workflowDraft is the form of an article as the service takes it.
func workflowDraft(a content.Article) articles.Draft {
	d := articles.DraftOf(a)
	d.AuthorID = a.Author.ID
	return d
}

func (n newsroomArticles) List(ctx context.Context, by content.User, q ArticleQuery) ([]content.Article, error) {
	list, err := n.svc.List(ctx, by, store.NewsroomFilter{
		Status: q.Status, AuthorID: q.AuthorID, Text: q.Text, Limit: q.Limit, Offset: q.Offset,
	})
	return list, articleErr(err)
}

func (n newsroomArticles) Article(ctx context.Context, by content.User, id int64) (Draft, error) {
	a, err := n.svc.Open(ctx, by, id)
	if err != nil {
		return Draft{}, articleErr(err)
	}
	d := draftOf(a)
	kept, err := n.svc.Autosaved(ctx, by, id)
	if err != nil {
		return d, articleErr(err)
	}
	if kept != nil {
		d.Autosaved = &Autosaved{Title: kept.Title, Excerpt: kept.Excerpt, Source: kept.Source, SavedAt: kept.UpdatedAt}
	}
	return d, nil
}

func (n newsroomArticles) Save(ctx context.Context, by content.User, d Draft, step Step) (Draft, error) {
	id := d.Article.ID
	switch step {
	case StepTrash:
		a, err := n.svc.Trash(ctx, by, id)
		return draftOf(a), articleErr(err)
	case StepRestore:
		a, err := n.svc.Restore(ctx, by, id)
		return draftOf(a), articleErr(err)
	}
	var (
		a   articles.Article
		err error
	)
	if id == 0 {
		a, err = n.svc.Create(ctx, by, workflowDraft(d.Article))
	} else {
		a, err = n.svc.Save(ctx, by, id, workflowDraft(d.Article), d.Version)
	}
	if err != nil {
		return d, articleErr(err)
	}
	saved := draftOf(a)
	switch step {
	case StepSubmit:
		a, err = n.svc.Submit(ctx, by, a.ID)
	case StepPublish:
		a, err = n.svc.Publish(ctx, by, a.ID)
	case StepSchedule:
		a, err = n.svc.Schedule(ctx, by, a.ID, d.PublishAt)
	case StepUnpublish:
		a, err = n.svc.Unpublish(ctx, by, a.ID)
	case StepWithdraw:
		a, err = n.svc.Withdraw(ctx, by, a.ID)
	default:
		return saved, nil
	}
	if err != nil {
		return saved, articleErr(err)
	}
	return draftOf(a), nil
}

func (n newsroomArticles) Autosave(ctx context.Context, by content.User, d Draft) (Draft, error) {
	if d.Article.ID == 0 {
		a, err := n.svc.Create(ctx, by, workflowDraft(d.Article))
		return draftOf(a), articleErr(err)
	}
	a, err := n.svc.Autosave(ctx, by, d.Article.ID, workflowDraft(d.Article), d.Version)
	return draftOf(a), articleErr(err)
}

func revisionOf(r store.Revision) Revision {
	return Revision{ID: r.ID, Author: r.Author, CreatedAt: r.CreatedAt, Title: r.Title, Note: r.Note, Autosave: r.Autosave}
}

func (n newsroomArticles) Revisions(ctx context.Context, by content.User, id int64) ([]Revision, error) {
	list, err := n.svc.Revisions(ctx, by, id)
	if err != nil {
		return nil, articleErr(err)
	}
	out := make([]Revision, len(list))
	for i, r := range list {
		out[i] = revisionOf(r)
	}
	return out, nil
}

func (n newsroomArticles) Diff(ctx context.Context, by content.User, id, revision int64) (Revision, []DiffField, error) {
	old, err := n.svc.Revision(ctx, by, id, revision)
	if err != nil {
		return Revision{}, nil, articleErr(err)
	}
	cur, err := n.svc.Open(ctx, by, id)
	if err != nil {
		return Revision{}, nil, articleErr(err)
	}
	now := store.Revision{Title: cur.Title, Excerpt: cur.Excerpt, Source: cur.Source, Dateline: cur.Dateline}
	ch := articles.Diff(old, now)
	fields := []DiffField{
		{Name: "Headline", Segments: segments(ch.Title)},
		{Name: "Standfirst", Segments: segments(ch.Excerpt)},
		{Name: "Dateline", Segments: segments(ch.Dateline)},
		{Name: "Story", Segments: segments(ch.Source)},
	}
	return revisionOf(old), fields, nil
}

func segments(list []articles.Segment) []DiffSegment {
	out := make([]DiffSegment, len(list))
	for i, s := range list {
		op := DiffSame
		switch s.Op {
		case articles.OpInsert:
			op = DiffAdded
		case articles.OpDelete:
			op = DiffRemoved
		}
		out[i] = DiffSegment{Op: op, Text: s.Text}
	}
	return out
}

func (n newsroomArticles) RestoreRevision(ctx context.Context, by content.User, id, revision int64, version int) (Draft, error) {
	a, err := n.svc.RestoreRevision(ctx, by, id, revision, version)
	return draftOf(a), articleErr(err)
}

func (n newsroomArticles) AddCorrection(ctx context.Context, by content.User, id int64, note string) error {
	_, err := n.svc.AddCorrection(ctx, by, id, note)
	return articleErr(err)
}

func (n newsroomArticles) Delete(ctx context.Context, by content.User, id int64) error {
	return articleErr(n.svc.Delete(ctx, by, id))
}
