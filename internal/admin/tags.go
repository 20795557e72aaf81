package admin

import (
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dateline/internal/store"
	"dateline/internal/taxonomy"
)

// tagForm is a tag as typed; the taxonomy service checks it.
type tagForm struct {
	Name, Slug string
}

func (f tagForm) tag() taxonomy.Tag { return taxonomy.Tag{Name: f.Name, Slug: f.Slug} }

func readTagForm(r *http.Request) tagForm {
	return tagForm{Name: strings.TrimSpace(r.PostFormValue("name")), Slug: strings.TrimSpace(r.PostFormValue("slug"))}
}

// tagsPerPage is the length of the tag list's pages.
const tagsPerPage = 50

type tagsView struct {
	layout
	Tags       []store.TagCount
	Total      int
	Query      string
	Page       int
	Prev, Next string
	Form       tagForm
}

func (a *Admin) tagsView(r *http.Request, m *member) (tagsView, error) {
	q := r.URL.Query()
	page, _ := strconv.Atoi(q.Get("page"))
	page = max(page, 1)
	v := tagsView{layout: a.layout(r, m, "Tags"), Query: strings.TrimSpace(q.Get("q")), Page: page}
	var err error
	v.Tags, v.Total, err = a.store.TagsWithCounts(r.Context(), store.TagQuery{
		Text: v.Query, Limit: tagsPerPage, Offset: (page - 1) * tagsPerPage,
	})
	if err != nil {
		return v, err
	}
	link := func(p int) string {
		vals := url.Values{}
		if v.Query != "" {
			vals.Set("q", v.Query)
		}
		if p > 1 {
			vals.Set("page", strconv.Itoa(p))
		}
		if len(vals) == 0 {
			return "/admin/tags"
		}
		return "/admin/tags?" + vals.Encode()
	}
	if page > 1 {
		v.Prev = link(page - 1)
	}
	if page*tagsPerPage < v.Total {
		v.Next = link(page + 1)
	}
	return v, nil
}

func (a *Admin) tags(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.tagsView(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "tags", v)
}

func (a *Admin) createTag(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.tagsView(r, m)
	if err != nil {
		return err
	}
	v.Form = readTagForm(r)
	_, err = a.taxonomy.CreateTag(r.Context(), m.User, v.Form.tag())
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "tags", v)
	} else if err != nil {
		return err
	}
	return seeOther("/admin/tags?done=tag-added")
}

type tagView struct {
	layout
	ID    int64
	Form  tagForm
	Path  string
	Count store.TagCount
	Into  string
}

func (a *Admin) tagView(r *http.Request, m *member) (tagView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return tagView{}, err
	}
	t, err := a.store.TagByID(r.Context(), id)
	if err != nil {
		return tagView{}, err
	}
	v := tagView{layout: a.layout(r, m, "Edit tag "+t.Name), ID: id, Form: tagForm{Name: t.Name, Slug: t.Slug}, Path: t.Path()}
	v.Count.Tag = t
	list, _, err := a.store.TagsWithCounts(r.Context(), store.TagQuery{Text: t.Slug, Limit: store.MaxLimit})
	if err != nil {
		return v, err
	}
	for _, c := range list {
		if c.ID == id {
			v.Count = c
		}
	}
	return v, nil
}

func (a *Admin) editTag(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.tagView(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "tag", v)
}

func (a *Admin) saveTag(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.tagView(r, m)
	if err != nil {
		return err
	}
	v.Form = readTagForm(r)
	t, err := a.taxonomy.UpdateTag(r.Context(), m.User, v.ID, v.Form.tag())
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "tag", v)
	} else if err != nil {
		return err
	}
	a.log.Info("tag saved", slog.Int64("tag", t.ID), slog.Int64("by", m.ID))
	return seeOther("/admin/tags?done=tag-saved")
}

// mergeTag gives the tag's articles another tag, named or given by slug,
// and removes this one.
func (a *Admin) mergeTag(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.tagView(r, m)
	if err != nil {
		return err
	}
	v.Into = strings.TrimSpace(r.PostFormValue("into"))
	into, err := a.taxonomy.MergeTag(r.Context(), m.User, v.ID, v.Into)
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "tag", v)
	} else if err != nil {
		return err
	}
	a.log.Info("tags merged", slog.Int64("from", v.ID), slog.Int64("into", into.ID), slog.Int64("by", m.ID))
	return seeOther("/admin/tags?done=tag-merged")
}

func (a *Admin) deleteTag(w http.ResponseWriter, r *http.Request, m *member) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.taxonomy.DeleteTag(r.Context(), m.User, id); err != nil {
		return serviceError(err)
	}
	a.log.Info("tag deleted", slog.Int64("tag", id), slog.Int64("by", m.ID))
	return seeOther("/admin/tags?done=tag-deleted")
}

type tagSuggestion struct {
	Name string `json:"name"`
	Slug string `json:"slug"`
}

// tagSuggestions answers the editor's tag field as the writer types.
func (a *Admin) tagSuggestions(w http.ResponseWriter, r *http.Request, m *member) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	out := []tagSuggestion{}
	if q != "" {
		list, err := a.store.MatchTags(r.Context(), q, 10)
		if err != nil {
			return err
		}
		for _, t := range list {
			out = append(out, tagSuggestion{Name: t.Name, Slug: t.Slug})
		}
	}
	return writeJSON(w, http.StatusOK, out)
}
