package admin

import (
	"context"
	"errors"
	"net/http"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
)

// Draft is an article as the editor holds it: the article, the version
// the writer started from, and the member's autosaved text of it.
type Draft struct {
	Article content.Article
	// Version is the version the writer started from; a save against an
	// older one is a conflict.
	Version int
	// PublishAt is the planned publication time of StepSchedule, in UTC.
	PublishAt time.Time
	// Autosaved is the member's unsaved text, when it is newer than the
	// article.
	Autosaved *Autosaved
	// Byline is the byline the form asks for, members by id alone; nil
	// when the form sent none, which keeps the article's.
	Byline []content.Author
}

// Autosaved is text typed into the editor and never saved.
type Autosaved struct {
	Title, Excerpt, Source string
	SavedAt                time.Time
}

// openDraft reads an article to edit, its version, and by's autosaved
// text of it.
func (a *Admin) openDraft(ctx context.Context, by content.User, id int64) (Draft, error) {
	x, err := a.articles.Open(ctx, by, id)
	if err != nil {
		return Draft{}, err
	}
	d := Draft{Article: x.Article, Version: x.Version}
	kept, err := a.articles.Autosaved(ctx, by, id)
	if err != nil {
		return d, err
	}
	if kept != nil {
		d.Autosaved = &Autosaved{Title: kept.Title, Excerpt: kept.Excerpt, Source: kept.Source, SavedAt: kept.UpdatedAt}
	}
	return d, nil
}

// workflowDraft is the editor's article as the workflow takes it.
func workflowDraft(ed Draft) articles.Draft {
	d := articles.DraftOf(ed.Article)
	d.AuthorID = ed.Article.Author.ID
	if ed.Byline != nil {
		d.Authors = ed.Byline
	}
	return d
}

// refusal is a refusal by the workflow that the writer should read, with
// the status to answer it with; ok is false for any other error.
func refusal(err error) (message string, status int, ok bool) {
	var e *articles.Error
	if !errors.As(err, &e) {
		return "", 0, false
	}
	switch {
	case errors.Is(e, articles.ErrConflict):
		return e.Message, http.StatusConflict, true
	case errors.Is(e, articles.ErrForbidden):
		return e.Message, http.StatusForbidden, true
	}
	return e.Message, http.StatusUnprocessableEntity, true
}
