package admin

import (
	"log/slog"
	"net/http"
	"strconv"

	"dateline/internal/articles"
	"dateline/internal/store"
)

type revisionsView struct {
	layout
	ArticleID  int64
	EditPath   string
	Version    int
	Revisions  []store.Revision
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
		EditPath: "/admin/articles/" + strconv.FormatInt(id, 10), CanRestore: articles.StepsFor(m.User, d.Article).Save,
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
	Revision   store.Revision
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
	revision, err := a.articles.Revision(r.Context(), m.User, d.Article.ID, rev)
	if err != nil {
		return err
	}
	now := store.Revision{Title: d.Article.Title, Excerpt: d.Article.Excerpt, Source: d.Article.Source, Dateline: d.Article.Dateline}
	fields := diffFields(articles.Diff(revision, now))
	edit := "/admin/articles/" + strconv.FormatInt(d.Article.ID, 10)
	v := diffView{
		layout: a.layout(r, m, "Changes since "+localTime(revision.CreatedAt, m.Zone)), EditPath: edit,
		Revision: revision, Fields: fields, Version: d.Version, CanRestore: articles.StepsFor(m.User, d.Article).Save,
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
	if !articles.StepsFor(m.User, d.Article).Save {
		return errForbidden(NotYourArticle)
	}
	rev, err := pathID(r, "rev")
	if err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	_, err = a.articles.RestoreRevision(r.Context(), m.User, d.Article.ID, rev, version)
	if msg, status, ok := refusal(err); ok {
		v, verr := a.revisionsView(r, m)
		if verr != nil {
			return verr
		}
		v.Problem = msg
		if status == http.StatusForbidden {
			status = http.StatusUnprocessableEntity
		}
		return a.render(w, r, status, "revisions", v)
	}
	if err != nil {
		return err
	}
	return seeOther("/admin/articles/" + strconv.FormatInt(d.Article.ID, 10) + "?done=revision-restored")
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
	if !articles.StepsFor(m.User, d.Article).Delete {
		return errForbidden("Only editors can delete articles for good, and only from the trash.")
	}
	err = a.articles.Delete(r.Context(), m.User, d.Article.ID)
	if msg, _, ok := refusal(err); ok {
		return &httpError{Status: http.StatusConflict, Message: msg}
	}
	if err != nil {
		return err
	}
	a.log.Info("article deleted", slog.Int64("article", d.Article.ID), slog.Int64("by", m.ID))
	return seeOther("/admin/articles?status=trashed&done=deleted")
}

// DiffField is the comparison of one field (headline, story...).
type DiffField struct {
	Name     string
	Segments []DiffSegment
}

// DiffSegment is a piece of text that stayed, was added or was removed.
type DiffSegment struct {
	Op   DiffOp
	Text string
}

// DiffOp says whether a piece of text is in both versions, only the old or
// only the new one.
type DiffOp string

const (
	DiffSame    DiffOp = "same"
	DiffRemoved DiffOp = "removed"
	DiffAdded   DiffOp = "added"
)

// Changed reports whether the field differs at all.
func (f DiffField) Changed() bool {
	for _, s := range f.Segments {
		if s.Op != DiffSame {
			return true
		}
	}
	return false
}

// diffFields lays the workflow's comparison out field by field.
func diffFields(ch articles.Changes) []DiffField {
	return []DiffField{
		{Name: "Headline", Segments: segments(ch.Title)},
		{Name: "Standfirst", Segments: segments(ch.Excerpt)},
		{Name: "Dateline", Segments: segments(ch.Dateline)},
		{Name: "Story", Segments: segments(ch.Source)},
	}
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
