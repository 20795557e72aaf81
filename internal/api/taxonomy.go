package api

import (
	"context"
	"errors"
	"net/http"
	"unicode/utf8"

	"dateline/internal/content"
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
		p, err := a.profile(r.Context(), u, at)
		if err != nil {
			return err
		}
		out.Items = append(out.Items, p)
	}
	publicCache(w)
	return writeJSON(w, http.StatusOK, out)
}

// profile is author u with their public profile. A photo whose picture
// is no longer in the library is left out, as on the author page.
func (a *API) profile(ctx context.Context, u content.User, at siteURLs) (Person, error) {
	p := Person{ID: u.ID, Name: u.Name, Slug: u.Slug, URL: at.abs(u.Path()), Bio: u.Bio, JobTitle: u.JobTitle}
	for _, l := range u.Links {
		p.Links = append(p.Links, Link{URL: l.URL, Label: l.Text()})
	}
	if u.PhotoID == 0 {
		return p, nil
	}
	im, err := a.store.ImageByID(ctx, u.PhotoID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return p, nil
	case err != nil:
		return p, err
	}
	p.Photo = &Image{ID: im.ID, URL: at.abs(im.URL()), Width: im.Width, Height: im.Height, Alt: im.Alt,
		Caption: im.Caption, Credit: im.Credit}
	return p, nil
}
