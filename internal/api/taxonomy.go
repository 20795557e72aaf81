package api

import (
	"errors"
	"net/http"
	"unicode/utf8"

	"dateline/internal/store"
)

func errorsIsNotFound(err error) bool { return errors.Is(err, store.ErrNotFound) }
func errorsIsGone(err error) bool     { return errors.Is(err, store.ErrGone) }

func (a *API) listCategories(w http.ResponseWriter, r *http.Request) error {
	list, err := a.store.Categories(r.Context())
	if err != nil {
		return err
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	out := page[Section]{Items: []Section{}}
	for _, c := range list {
		out.Items = append(out.Items, Section{ID: c.ID, Name: c.Name, Slug: c.Slug, URL: at.abs(c.Path()), Description: c.Description})
	}
	publicCache(w)
	return writeJSON(w, http.StatusOK, out)
}

// listTags pages through tags by name; the cursor is the last name seen.
func (a *API) listTags(w http.ResponseWriter, r *http.Request) error {
	v := r.URL.Query()
	limit, err := readLimit(v)
	if err != nil {
		return err
	}
	after := v.Get("cursor")
	if !utf8.ValidString(after) || len(after) > 400 {
		return badField("cursor", "cursor is not one this API gave out.")
	}
	list, err := a.store.PublishedTags(r.Context(), after, limit+1)
	if err != nil {
		return err
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	out := page[Tag]{Items: []Tag{}}
	if len(list) > limit {
		list = list[:limit]
		out.NextCursor = list[limit-1].Name
	}
	for _, t := range list {
		out.Items = append(out.Items, Tag{ID: t.ID, Name: t.Name, Slug: t.Slug, URL: at.abs(t.Path())})
	}
	publicCache(w)
	return writeJSON(w, http.StatusOK, out)
}

func (a *API) listAuthors(w http.ResponseWriter, r *http.Request) error {
	list, err := a.store.Authors(r.Context())
	if err != nil {
		return err
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	out := page[Person]{Items: []Person{}}
	for _, u := range list {
		out.Items = append(out.Items, Person{ID: u.ID, Name: u.Name, Slug: u.Slug, URL: at.abs(u.Path()), Bio: u.Bio})
	}
	publicCache(w)
	return writeJSON(w, http.StatusOK, out)
}
