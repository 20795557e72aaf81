package admin

import (
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/taxonomy"
)

// sectionForm is a section as typed; the taxonomy service checks it.
type sectionForm struct {
	Name, Slug, Description, Position string
}

func (f sectionForm) section() taxonomy.Section {
	return taxonomy.Section{Name: f.Name, Slug: f.Slug, Description: f.Description, Position: f.Position}
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
	v.Form.Position = "" // a new section goes last
	c, err := a.taxonomy.CreateSection(r.Context(), m.User, v.Form.section())
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "sections", v)
	} else if err != nil {
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
	c, err := a.taxonomy.UpdateSection(r.Context(), m.User, v.ID, v.Form.section())
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "section", v)
	} else if err != nil {
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
	var d taxonomy.Direction
	switch r.PostFormValue("direction") {
	case "up":
		d = taxonomy.Up
	case "down":
		d = taxonomy.Down
	default:
		return errBadRequest("Please use the Move up and Move down buttons.")
	}
	if err := a.taxonomy.MoveSection(r.Context(), m.User, id, d); err != nil {
		return serviceError(err)
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
	if err != nil {
		// Nothing chosen: no section has a negative id, and the service
		// asks the editor to choose.
		moveTo = -1
	}
	err = a.taxonomy.DeleteSection(r.Context(), m.User, v.ID, moveTo)
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "section", v)
	} else if err != nil {
		return err
	}
	a.log.Info("section deleted", slog.Int64("category", v.ID), slog.Int64("moved_to", moveTo), slog.Int64("by", m.ID))
	return seeOther("/admin/sections?done=section-deleted")
}
