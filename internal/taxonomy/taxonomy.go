package taxonomy

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Store is what the taxonomy needs from storage; every store.Store has it.
type Store interface {
	store.Taxonomy
	store.TaxonomyAdmin
}

// Config is what [New] needs. Only Store is required.
type Config struct {
	Store Store
	// Changes is told of every committed change; nil tells no one.
	Changes *changes.Feed
}

// Service changes sections and tags for a member. It is safe for
// concurrent use; all its state is in the store.
type Service struct {
	store   Store
	changes *changes.Feed
}

// New makes a Service.
func New(cfg Config) *Service {
	if cfg.Store == nil {
		panic("taxonomy: Config.Store is nil")
	}
	return &Service{store: cfg.Store, changes: cfg.Changes}
}

// ErrForbidden refuses a member whose role may not manage sections and
// tags (auth.ActManageTaxonomy).
var ErrForbidden = errors.New("taxonomy: this member may not manage sections and tags")

// Messages of refused input, written for the editor who typed it.
const (
	NameMissing        = "Please enter a name."
	NameTooLong        = "The name is too long (at most 100 characters)."
	SlugInvalid        = "The slug may hold only lower-case letters, digits and single hyphens, such as world-news."
	SectionSlugTaken   = "Another section already uses this slug."
	TagSlugTaken       = "Another tag already uses this slug."
	DescriptionTooLong = "The description is too long (at most 1000 characters)."
	PositionInvalid    = "Please enter a whole number."
	MoveToMissing      = "Please choose where this section's articles go."
	MergeTargetUnknown = "There is no tag with that name or slug."
	MergeIntoItself    = "Please choose another tag: a tag cannot be merged into itself."
)

// Limits of what an editor may type.
const (
	MaxName        = 100     // characters of a section's or tag's name
	MaxDescription = 1000    // characters of a section's description
	MaxPosition    = 1000000 // a position is between -MaxPosition and MaxPosition
)

func allowed(who content.User) error {
	if !auth.Can(who.Role, auth.ActManageTaxonomy) {
		return ErrForbidden
	}
	return nil
}

// clean is text as it is kept: trimmed, with bytes that are not UTF-8
// and NULs replaced (content.CleanText).
func clean(s string) string { return content.CleanText(s) }

func checkName(errs *content.FieldErrors, name string) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		errs.Add("name", NameMissing)
	case n > MaxName:
		errs.Add("name", NameTooLong)
	}
}

func checkSlug(errs *content.FieldErrors, slug string) {
	if slug != "" && !content.ValidSlug(slug) {
		errs.Add("slug", SlugInvalid)
	}
}

// slugTaken is the refusal of a taken slug, blamed on the slug when one
// was typed and on the name it was made from otherwise.
func slugTaken(slug, msg string) error {
	field := "slug"
	if slug == "" {
		field = "name"
	}
	return content.FieldErrors{{Field: field, Message: msg}}
}

func (s *Service) publish(ctx context.Context, kind changes.Kind, action string, ids []int64, tags ...string) {
	s.changes.Publish(ctx, changes.New(kind, action, ids, tags...))
}

// Section is a section as an editor types it. An empty Slug is made from
// the name.
type Section struct {
	Name, Slug, Description string
	// Position is the section's place in the navigation as typed, a whole
	// number; "" puts a new section last and keeps an existing one where
	// it is.
	Position string
}

func (in Section) clean() Section {
	return Section{Name: clean(in.Name), Slug: clean(in.Slug), Description: clean(in.Description), Position: clean(in.Position)}
}

// category is the section as the store keeps it, and what is wrong with it.
func (in Section) category() (content.Category, content.FieldErrors) {
	var errs content.FieldErrors
	c := content.Category{Name: in.Name, Slug: in.Slug, Description: in.Description}
	checkName(&errs, in.Name)
	checkSlug(&errs, in.Slug)
	if utf8.RuneCountInString(in.Description) > MaxDescription {
		errs.Add("description", DescriptionTooLong)
	}
	if in.Position != "" {
		p, err := strconv.Atoi(in.Position)
		if err != nil || p < -MaxPosition || p > MaxPosition {
			errs.Add("position", PositionInvalid)
		}
		c.Position = p
	}
	return c, errs
}

// CreateSection adds a section, last in the navigation unless in says
// where, and returns it as stored.
func (s *Service) CreateSection(ctx context.Context, who content.User, in Section) (content.Category, error) {
	if err := allowed(who); err != nil {
		return content.Category{}, err
	}
	in = in.clean()
	c, errs := in.category()
	if len(errs) > 0 {
		return content.Category{}, errs
	}
	if in.Position == "" {
		list, err := s.store.Categories(ctx)
		if err != nil {
			return content.Category{}, fmt.Errorf("create section %q: %w", c.Name, err)
		}
		for _, other := range list {
			c.Position = max(c.Position, other.Position+1)
		}
	}
	err := s.store.CreateCategory(ctx, &c)
	if errors.Is(err, store.ErrConflict) {
		return content.Category{}, slugTaken(in.Slug, SectionSlugTaken)
	}
	if err != nil {
		return content.Category{}, fmt.Errorf("create section %q: %w", c.Name, err)
	}
	s.publish(ctx, changes.KindSection, "create", []int64{c.ID}, changes.Section(c.Slug), changes.Sections)
	return c, nil
}

// findSection finds section id in list.
func findSection(list []store.CategoryCount, id int64) (store.CategoryCount, error) {
	for _, c := range list {
		if c.ID == id {
			return c, nil
		}
	}
	return store.CategoryCount{}, fmt.Errorf("section %d: %w", id, store.ErrNotFound)
}

// UpdateSection renames, re-describes or moves section id and returns it
// as stored. Its old slug keeps answering: the store redirects it to the
// new one.
func (s *Service) UpdateSection(ctx context.Context, who content.User, id int64, in Section) (content.Category, error) {
	if err := allowed(who); err != nil {
		return content.Category{}, err
	}
	list, err := s.store.CategoriesWithCounts(ctx)
	if err != nil {
		return content.Category{}, fmt.Errorf("update section %d: %w", id, err)
	}
	cur, err := findSection(list, id)
	if err != nil {
		return content.Category{}, err
	}
	in = in.clean()
	c, errs := in.category()
	if len(errs) > 0 {
		return content.Category{}, errs
	}
	c.ID = id
	if in.Position == "" {
		c.Position = cur.Position
	}
	err = s.store.UpdateCategory(ctx, &c)
	if errors.Is(err, store.ErrConflict) {
		return content.Category{}, slugTaken(in.Slug, SectionSlugTaken)
	}
	if err != nil {
		return content.Category{}, fmt.Errorf("update section %d: %w", id, err)
	}
	tags := []string{changes.Section(cur.Slug), changes.Section(c.Slug), changes.Sections}
	if cur.Slug != c.Slug && cur.Published > 0 {
		tags = append(tags, changes.Sitemaps)
	}
	s.publish(ctx, changes.KindSection, "update", []int64{id}, tags...)
	return c, nil
}

// Direction is the way [Service.MoveSection] moves a section in the
// navigation.
type Direction int

const (
	Up   Direction = -1 // one place towards the start
	Down Direction = 1  // one place towards the end
)

// MoveSection moves section id one place up or down the navigation,
// changing places with its neighbour. The first section moved up, or the
// last moved down, stays where it is, and nothing is announced.
func (s *Service) MoveSection(ctx context.Context, who content.User, id int64, d Direction) error {
	if err := allowed(who); err != nil {
		return err
	}
	if d != Up && d != Down {
		return fmt.Errorf("move section %d: no direction %d", id, d)
	}
	list, err := s.store.Categories(ctx)
	if err != nil {
		return fmt.Errorf("move section %d: %w", id, err)
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
		return fmt.Errorf("move section %d: %w", id, store.ErrNotFound)
	}
	to := at + int(d)
	if to < 0 || to >= len(ids) {
		return nil
	}
	ids[at], ids[to] = ids[to], ids[at]
	if err := s.store.SetCategoryOrder(ctx, ids); err != nil {
		return fmt.Errorf("move section %d: %w", id, err)
	}
	s.publish(ctx, changes.KindSection, "reorder", []int64{id, ids[at]}, changes.Sections)
	return nil
}

// DeleteSection deletes section id after moving its articles to the
// section moveTo, or leaving them without a section when moveTo is 0;
// the deleted section's addresses then lead to moveTo. Any other moveTo
// (negative, the section itself, one that does not exist) is refused
// with MoveToMissing: the editor has not chosen where the articles go.
func (s *Service) DeleteSection(ctx context.Context, who content.User, id, moveTo int64) error {
	if err := allowed(who); err != nil {
		return err
	}
	list, err := s.store.CategoriesWithCounts(ctx)
	if err != nil {
		return fmt.Errorf("delete section %d: %w", id, err)
	}
	cur, err := findSection(list, id)
	if err != nil {
		return err
	}
	notChosen := content.FieldErrors{{Field: "move_to", Message: MoveToMissing}}
	var target store.CategoryCount
	if moveTo < 0 || moveTo == id {
		return notChosen
	}
	if moveTo != 0 {
		if target, err = findSection(list, moveTo); err != nil {
			return notChosen
		}
	}
	err = s.store.DeleteCategory(ctx, id, moveTo)
	if errors.Is(err, store.ErrNotFound) {
		// The target went in the meantime.
		return notChosen
	}
	if err != nil {
		return fmt.Errorf("delete section %d: %w", id, err)
	}
	ids := []int64{id}
	tags := []string{changes.Section(cur.Slug), changes.Sections}
	if moveTo != 0 {
		ids = append(ids, moveTo)
		tags = append(tags, changes.Section(target.Slug))
	}
	if cur.Published > 0 {
		tags = append(tags, changes.Home, changes.Feeds, changes.Search, changes.Sitemaps)
	}
	s.publish(ctx, changes.KindSection, "delete", ids, tags...)
	return nil
}
