package admin

import (
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"dateline/internal/content"
	"dateline/internal/store"
)

// Messages of the section and tag pages.
const (
	SectionNameMissing = "Please enter a name."
	SectionNameTooLong = "The name is too long (at most 100 characters)."
	SlugInvalid        = "The slug may hold only lower-case letters, digits and single hyphens, such as world-news."
	SectionSlugTaken   = "Another section already uses this slug."
	TagSlugTaken       = "Another tag already uses this slug."
	DescriptionTooLong = "The description is too long (at most 1000 characters)."
	PositionInvalid    = "Please enter a whole number."
	MoveToMissing      = "Please choose where this section's articles go."
	MergeTargetUnknown = "There is no tag with that name or slug."
	MergeIntoItself    = "Please choose another tag: a tag cannot be merged into itself."
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

// slugOrName is the field to blame for a taken slug: the slug when one
// was typed, the name it was made from otherwise.
func slugOrName(slug string) string {
	if slug == "" {
		return "name"
	}
	return "slug"
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

// tagForm is a tag as typed.
type tagForm struct {
	Name, Slug string
}

func (f tagForm) validate(errs *content.FieldErrors) (content.Tag, bool) {
	switch n := utf8.RuneCountInString(f.Name); {
	case n == 0:
		errs.Add("name", SectionNameMissing)
	case n > 100:
		errs.Add("name", SectionNameTooLong)
	}
	if f.Slug != "" && !content.ValidSlug(f.Slug) {
		errs.Add("slug", SlugInvalid)
	}
	return content.Tag{Name: f.Name, Slug: f.Slug}, len(*errs) == 0
}

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
	t, ok := v.Form.validate(&v.Errors)
	if !ok {
		return a.render(w, r, http.StatusUnprocessableEntity, "tags", v)
	}
	err = a.store.CreateTag(r.Context(), &t)
	if errors.Is(err, store.ErrConflict) {
		v.Errors.Add(slugOrName(v.Form.Slug), TagSlugTaken)
		return a.render(w, r, http.StatusUnprocessableEntity, "tags", v)
	}
	if err != nil {
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
	t, ok := v.Form.validate(&v.Errors)
	if !ok {
		return a.render(w, r, http.StatusUnprocessableEntity, "tag", v)
	}
	t.ID = v.ID
	err = a.store.UpdateTag(r.Context(), &t)
	if errors.Is(err, store.ErrConflict) {
		v.Errors.Add(slugOrName(v.Form.Slug), TagSlugTaken)
		return a.render(w, r, http.StatusUnprocessableEntity, "tag", v)
	}
	if err != nil {
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
	into, err := a.findTag(r, v.Into)
	switch {
	case errors.Is(err, store.ErrNotFound):
		v.Errors.Add("into", MergeTargetUnknown)
	case err != nil:
		return err
	case into.ID == v.ID:
		v.Errors.Add("into", MergeIntoItself)
	}
	if len(v.Errors) > 0 {
		return a.render(w, r, http.StatusUnprocessableEntity, "tag", v)
	}
	if err := a.store.MergeTags(r.Context(), v.ID, into.ID); err != nil {
		return err
	}
	a.log.Info("tags merged", slog.Int64("from", v.ID), slog.Int64("into", into.ID), slog.Int64("by", m.ID))
	return seeOther("/admin/tags?done=tag-merged")
}

// findTag finds a tag by what an editor typed: its slug, or its name in
// any case.
func (a *Admin) findTag(r *http.Request, typed string) (content.Tag, error) {
	if typed == "" {
		return content.Tag{}, store.ErrNotFound
	}
	for _, slug := range []string{typed, content.Slugify(typed)} {
		t, err := a.store.TagBySlug(r.Context(), slug)
		if err == nil || !errors.Is(err, store.ErrNotFound) {
			return t, err
		}
	}
	list, err := a.store.MatchTags(r.Context(), typed, store.MaxLimit)
	if err != nil {
		return content.Tag{}, err
	}
	for _, t := range list {
		if strings.EqualFold(t.Name, typed) {
			return t, nil
		}
	}
	return content.Tag{}, store.ErrNotFound
}

func (a *Admin) deleteTag(w http.ResponseWriter, r *http.Request, m *member) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.store.DeleteTag(r.Context(), id); err != nil {
		return err
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
