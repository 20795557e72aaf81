package admin

import (
	"errors"
	stdhtml "html"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/web"
)

type autosaveAnswer struct {
	ID      int64  `json:"id"`
	Version int    `json:"version"`
	SavedAt string `json:"saved_at"`
	URL     string `json:"url"`
}

// autosave keeps what the member is typing, every few seconds, without
// publishing it. It answers JSON to the editor's script.
func (a *Admin) autosave(w http.ResponseWriter, r *http.Request, m *member) error {
	if a.articles == nil {
		return writeJSON(w, http.StatusNotFound, jsonError{Error: "The article editor is not connected yet.", Code: "not_connected"})
	}
	f, err := a.readArticleForm(w, r)
	if err != nil {
		return writeJSON(w, http.StatusRequestEntityTooLarge, jsonError{Error: "The story is too long to autosave (at most 1 MB).", Code: "too_large"})
	}
	base := newArticle(m.User)
	if f.ID != 0 {
		d, err := a.openDraft(r.Context(), m.User, f.ID)
		if errors.Is(err, store.ErrNotFound) {
			return writeJSON(w, http.StatusNotFound, jsonError{Error: "This article no longer exists.", Code: "not_found"})
		}
		if err != nil {
			return err
		}
		if !articles.StepsFor(m.User, d.Article).Save {
			return writeJSON(w, http.StatusForbidden, jsonError{Error: NotYourArticle, Code: "forbidden"})
		}
		base = d.Article
	}
	d, errs, err := a.draft(r.Context(), m, f, base)
	if err != nil {
		return err
	}
	// A new article must be valid to be created; the text of an existing
	// one is kept however unfinished (the workflow checks its length).
	if len(errs) > 0 && f.ID == 0 {
		return writeJSON(w, http.StatusUnprocessableEntity, jsonError{Error: "Not autosaved: " + errs[0].Message, Code: "invalid", Field: errs[0].Field})
	}
	var saved articles.Article
	if d.Article.ID == 0 {
		saved, err = a.articles.Create(r.Context(), m.User, workflowDraft(d))
	} else {
		saved, err = a.articles.Autosave(r.Context(), m.User, d.Article.ID, workflowDraft(d), d.Version)
	}
	if disk, ok := web.Unwritable(w, err); ok {
		return writeJSON(w, http.StatusServiceUnavailable, jsonError{Error: "Not autosaved: " + disk.Cause, Code: disk.Code})
	}
	if msg, status, ok := refusal(err); ok {
		code := map[int]string{http.StatusConflict: "conflict", http.StatusForbidden: "forbidden"}[status]
		if code == "" {
			code = "refused"
		}
		return writeJSON(w, status, jsonError{Error: msg, Code: code})
	}
	switch {
	case errors.As(err, &errs) && len(errs) > 0:
		return writeJSON(w, http.StatusUnprocessableEntity, jsonError{Error: "Not autosaved: " + errs[0].Message, Code: "invalid", Field: errs[0].Field})
	case err != nil:
		return err
	}
	return writeJSON(w, http.StatusOK, autosaveAnswer{
		ID: saved.ID, Version: saved.Version,
		SavedAt: a.now().In(m.Zone).Format("15:04:05"),
		URL:     "/admin/articles/" + strconv.FormatInt(saved.ID, 10),
	})
}

// previewPage shows the editor's unsaved form as its public page, in a
// new tab.
func (a *Admin) previewPage(w http.ResponseWriter, r *http.Request, m *member) error {
	if a.preview == nil {
		return errNotFound()
	}
	f, err := a.readArticleForm(w, r)
	if err != nil {
		return err
	}
	base := newArticle(m.User)
	if f.ID != 0 && a.articles != nil {
		d, err := a.openDraft(r.Context(), m.User, f.ID)
		if err != nil {
			return err
		}
		if !articles.StepsFor(m.User, d.Article).Save {
			return errForbidden(NotYourArticle)
		}
		base = d.Article
	}
	d, _, err := a.draft(r.Context(), m, f, base)
	if err != nil {
		return err
	}
	art := d.Article
	if d.Byline != nil {
		if art.Authors, err = a.previewByline(r.Context(), d.Byline); err != nil {
			return err
		}
	}
	if strings.TrimSpace(art.Title) == "" {
		art.Title = "(no headline yet)"
	}
	if art.Slug == "" {
		art.Slug = content.Slugify(art.Title)
	}
	if art.Kind == "" {
		art.Kind = content.KindPost
	}
	if art.Format == "" {
		art.Format = content.FormatMarkdown
	}
	if err := render.PrepareContext(r.Context(), &art); err != nil {
		var refused *render.Error
		if errors.As(err, &refused) {
			return &httpError{Status: http.StatusUnprocessableEntity, Message: refused.Message}
		}
		return err
	}
	return a.preview(w, r, art)
}

// previewFragment renders the editor's body as the public page will, for
// the live preview pane.
func (a *Admin) previewFragment(w http.ResponseWriter, r *http.Request, m *member) error {
	r.Body = http.MaxBytesReader(w, r.Body, maxArticleForm)
	if err := r.ParseForm(); err != nil {
		return errBadRequest("The story is too long to preview (at most 1 MB).")
	}
	format := content.Format(r.PostFormValue("format"))
	if format == "" {
		format = content.FormatMarkdown
	}
	status := http.StatusOK
	html, err := render.Body(r.Context(), r.PostFormValue("body"), format)
	var refused *render.Error
	switch {
	case errors.As(err, &refused):
		// The pane shows why instead of the story, and the story
		// itself, kept in the editor, is not touched.
		status, html = http.StatusUnprocessableEntity, `<p class="problem">`+stdhtml.EscapeString(refused.Message)+`</p>`
	case err != nil && r.Context().Err() != nil:
		return nil // the editor stopped waiting; nobody reads an answer
	case err != nil:
		return errBadRequest(FormatInvalid)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write([]byte(html))
	return err
}
