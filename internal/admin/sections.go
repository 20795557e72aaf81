package admin

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"dateline/internal/content"
	"dateline/internal/store"
)

// sectionForm is a section as typed.
type sectionForm struct {
	Name, Slug, Description, Position string
}

func (f sectionForm) validate(errs *content.FieldErrors) (content.Category, bool) {
	c := content.Category{Name: f.Name, Slug: f.Slug, Description: f.Description}
	switch n := utf8.RuneCountInString(f.Name); {
	case n == 0:
		errs.Add("name", SectionNameMissing)
	case n > 100:
		errs.Add("name", SectionNameTooLong)
	}
	if f.Slug != "" && !content.ValidSlug(f.Slug) {
		errs.Add("slug", SlugInvalid)
	}
	if utf8.RuneCountInString(f.Description) > 1000 {
		errs.Add("description", DescriptionTooLong)
	}
	if f.Position != "" {
		p, err := strconv.Atoi(f.Position)
		if err != nil || p < -1000000 || p > 1000000 {
			errs.Add("position", PositionInvalid)
		}
		c.Position = p
	}
	return c, len(*errs) == 0
}

func readSectionForm(r *http.Request) sectionForm {
	return sectionForm{
		Name:        strings.TrimSpace(r.PostFormValue("name")),
		Slug:        strings.TrimSpace(r.PostFormValue("slug")),
		Description: strings.TrimSpace(r.PostFormValue("description")),
		Position:    strings.TrimSpace(r.PostFormValue("position")),
	}
}

type sectionsView struct {
	layout
	Sections []store.CategoryCount
	Form     sectionForm
}

func (a *Admin) sectionsView(r *http.Request, m *member) (sectionsView, error) {
	list, err := a.store.CategoriesWithCounts(r.Context())
	return sectionsView{layout: a.layout(r, m, "Sections"), Sections: list}, err
}

func (a *Admin) sections(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.sectionsView(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "sections", v)
}

func (a *Admin) createSection(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.sectionsView(r, m)
	if err != nil {
		return err
	}
	v.Form = readSectionForm(r)
	v.Form.Position = ""
	c, ok := v.Form.validate(&v.Errors)
	if !ok {
		return a.render(w, r, http.StatusUnprocessableEntity, "sections", v)
	}
	for _, s := range v.Sections {
		c.Position = max(c.Position, s.Position+1)
	}
	err = a.store.CreateCategory(r.Context(), &c)
	if errors.Is(err, store.ErrConflict) {
		v.Errors.Add(slugOrName(v.Form.Slug), SectionSlugTaken)
		return a.render(w, r, http.StatusUnprocessableEntity, "sections", v)
	}
	if err != nil {
		return err
	}
	a.log.Info("section added", slog.Int64("category", c.ID), slog.Int64("by", m.ID))
	return seeOther("/admin/sections?done=section-added")
}

type sectionView struct {
	layout
	ID       int64
	Form     sectionForm
	Path     string
	Count    store.CategoryCount
	Others   []content.Category
	MoveTo   string
	Articles int
}

func (a *Admin) sectionView(r *http.Request, m *member) (sectionView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return sectionView{}, err
	}
	list, err := a.store.CategoriesWithCounts(r.Context())
	if err != nil {
		return sectionView{}, err
	}
	v := sectionView{ID: id}
	found := false
	for _, c := range list {
		if c.ID == id {
			found, v.Count = true, c
			continue
		}
		v.Others = append(v.Others, c.Category)
	}
	if !found {
		return v, errNotFound()
	}
	c := v.Count
	v.layout = a.layout(r, m, "Edit section "+c.Name)
	v.Form = sectionForm{Name: c.Name, Slug: c.Slug, Description: c.Description, Position: strconv.Itoa(c.Position)}
	v.Path = c.Path()
	return v, nil
}

func (a *Admin) editSection(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.sectionView(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "section", v)
}

// saveSection renames a section; its old slug keeps working (the store
// keeps a redirect).
func (a *Admin) saveSection(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.sectionView(r, m)
	if err != nil {
		return err
	}
	v.Form = readSectionForm(r)
	c, ok := v.Form.validate(&v.Errors)
	if !ok {
		return a.render(w, r, http.StatusUnprocessableEntity, "section", v)
	}
	c.ID = v.ID
	if v.Form.Position == "" {
		c.Position = v.Count.Position
	}
	err = a.store.UpdateCategory(r.Context(), &c)
	if errors.Is(err, store.ErrConflict) {
		v.Errors.Add(slugOrName(v.Form.Slug), SectionSlugTaken)
		return a.render(w, r, http.StatusUnprocessableEntity, "section", v)
	}
	if err != nil {
		return err
	}
	a.log.Info("section saved", slog.Int64("category", c.ID), slog.Int64("by", m.ID))
	return seeOther("/admin/sections?done=section-saved")
}

// moveSection moves a section one place up or down the navigation.
func (a *Admin) moveSection(w http.ResponseWriter, r *http.Request, m *member) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	list, err := a.store.Categories(r.Context())
	if err != nil {
		return err
	}
	ids := make([]int64, len(list))
	at := -1
	for i, c := range list {
		ids[i] = c.ID
		if c.ID == id {
			at = i
		}
	}
	if at < 0 {
		return errNotFound()
	}
	switch r.PostFormValue("direction") {
	case "up":
		if at > 0 {
			ids[at-1], ids[at] = ids[at], ids[at-1]
		}
	case "down":
		if at < len(ids)-1 {
			ids[at+1], ids[at] = ids[at], ids[at+1]
		}
	default:
		return errBadRequest("Please use the Move up and Move down buttons.")
	}
	if err := a.store.SetCategoryOrder(r.Context(), ids); err != nil {
		return err
	}
	return seeOther("/admin/sections?done=section-moved")
}

// deleteSection deletes a section after moving its articles where the
// editor chose; its address then leads to that section.
func (a *Admin) deleteSection(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.sectionView(r, m)
	if err != nil {
		return err
	}
	v.MoveTo = r.PostFormValue("move_to")
	moveTo, err := strconv.ParseInt(v.MoveTo, 10, 64)
	valid := err == nil && (moveTo == 0 && v.MoveTo == "0" || moveTo != v.ID && moveTo > 0)
	if !valid {
		v.Errors.Add("move_to", MoveToMissing)
		return a.render(w, r, http.StatusUnprocessableEntity, "section", v)
	}
	err = a.store.DeleteCategory(r.Context(), v.ID, moveTo)
	if errors.Is(err, store.ErrNotFound) {
		v.Errors.Add("move_to", MoveToMissing)
		return a.render(w, r, http.StatusUnprocessableEntity, "section", v)
	}
	if err != nil {
		return err
	}
	a.log.Info("section deleted", slog.Int64("category", v.ID), slog.Int64("moved_to", moveTo), slog.Int64("by", m.ID))
	return seeOther("/admin/sections?done=section-deleted")
}
