package admin

import (
	"dateline/internal/auth"
	"dateline/internal/content"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"
)

type revisionsView struct {
	layout
	ArticleID  int64
	EditPath   string
	Version    int
	Revisions  []Revision
	CanRestore bool
}

func (a *Admin) revisionsView(r *http.Request, m *member) (revisionsView, error) {
	d, err := a.loadDraft(r, m)
	if err != nil {
		return revisionsView{}, err
	}
	id := d.Article.ID
	v := revisionsView{
		layout: a.layout(r, m, "Revisions: "+d.Article.Title), ArticleID: id, Version: d.Version,
		EditPath: "/admin/articles/" + strconv.FormatInt(id, 10), CanRestore: stepsFor(m.User, d.Article).Save,
	}
	v.Revisions, err = a.articles.Revisions(r.Context(), m.User, id)
	return v, err
}

func (a *Admin) revisions(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	v, err := a.revisionsView(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "revisions", v)
}

type diffView struct {
	layout
	EditPath   string
	Revision   Revision
	Fields     []DiffField
	Version    int
	CanRestore bool
	Restore    string
}

func (a *Admin) revisionDiff(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	d, err := a.loadDraft(r, m)
	if err != nil {
		return err
	}
	rev, err := pathID(r, "rev")
	if err != nil {
		return err
	}
	revision, fields, err := a.articles.Diff(r.Context(), m.User, d.Article.ID, rev)
	if err != nil {
		return err
	}
	edit := "/admin/articles/" + strconv.FormatInt(d.Article.ID, 10)
	v := diffView{
		layout: a.layout(r, m, "Changes since "+localTime(revision.CreatedAt, m.Zone)), EditPath: edit,
		Revision: revision, Fields: fields, Version: d.Version, CanRestore: stepsFor(m.User, d.Article).Save,
		Restore: edit + "/revisions/" + strconv.FormatInt(rev, 10) + "/restore",
	}
	return a.render(w, r, http.StatusOK, "diff", v)
}

func (a *Admin) restoreRevision(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	d, err := a.loadDraft(r, m)
	if err != nil {
		return err
	}
	if !stepsFor(m.User, d.Article).Save {
		return errForbidden(NotYourArticle)
	}
	rev, err := pathID(r, "rev")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err = a.articles.RestoreRevision(r.Context(), m.User, d.Article.ID, rev, version)
	var ae *ArticleError
	if errors.As(err, &ae) {
		v, verr := a.revisionsView(r, m)
		if verr != nil {
			return verr
		}
		v.Problem = ae.Message
		status := http.StatusUnprocessableEntity
		if ae.Conflict {
			status = http.StatusConflict
		}
		return a.render(w, r, status, "revisions", v)
	}
	if err != nil {
		return err
	}
	return seeOther("/admin/articles/" + strconv.FormatInt(d.Article.ID, 10) + "?done=revision-restored")
}

// addCorrection appends a correction note to a published article.
func (a *Admin) addCorrection(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	d, err := a.loadDraft(r, m)
	if err != nil {
		return err
	}
	if d.Article.Status != content.StatusPublished || !auth.CanEditArticle(m.User, d.Article) {
		return errForbidden("Only a published article you may edit takes corrections.")
	}
	note := strings.TrimSpace(r.PostFormValue("correction"))
	var errs content.FieldErrors
	switch n := utf8.RuneCountInString(note); {
	case n == 0:
		errs.Add("correction", CorrectionMissing)
	case n > 1000:
		errs.Add("correction", CorrectionTooLong)
	}
	if len(errs) == 0 {
		err = a.articles.AddCorrection(r.Context(), m.User, d.Article.ID, note)
		if !errors.As(err, &errs) && err != nil {
			var ae *ArticleError
			if !errors.As(err, &ae) {
				return err
			}
			errs.Add("correction", ae.Message)
		}
	}
	if len(errs) > 0 {
		v, err := a.editorView(r, m, d.Article, formFromDraft(d, m.Zone))
		if err != nil {
			return err
		}
		v.Errors, v.Correction = errs, note
		return a.render(w, r, http.StatusUnprocessableEntity, "editor", v)
	}
	return seeOther("/admin/articles/" + strconv.FormatInt(d.Article.ID, 10) + "?done=correction-added")
}

// deleteArticle removes an article in the trash for good.
func (a *Admin) deleteArticle(w http.ResponseWriter, r *http.Request, m *member) error {
	if ok, err := a.withArticles(w, r, m); !ok {
		return err
	}
	d, err := a.loadDraft(r, m)
	if err != nil {
		return err
	}
	if !stepsFor(m.User, d.Article).Delete {
		return errForbidden("Only editors can delete articles for good, and only from the trash.")
	}
	err = a.articles.Delete(r.Context(), m.User, d.Article.ID)
	var ae *ArticleError
	if errors.As(err, &ae) {
		return &httpError{http.StatusConflict, ae.Message}
	}
	if err != nil {
		return err
	}
	a.log.Info("article deleted", slog.Int64("article", d.Article.ID), slog.Int64("by", m.ID))
	return seeOther("/admin/articles?status=trashed&done=deleted")
}
