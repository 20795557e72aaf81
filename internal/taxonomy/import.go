package taxonomy

import (
	"context"
	"errors"
	"fmt"
	"unicode/utf8"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Imported is a section or a tag brought from another site by an
// importer.
type Imported struct {
	// Kind is store.LegacyCategory for a section, store.LegacyTag for a
	// tag.
	Kind store.LegacyKind
	// ID is the section or tag to update (the one an earlier import made
	// or found), 0 to take the one with Slug, made when there is none.
	ID          int64
	Name, Slug  string
	Description string // sections only
	// Link is the legacy link stored with it.
	Link store.LegacyLink
}

// ImportResult is what became of one Imported section or tag.
type ImportResult struct {
	ID int64 // 0 when refused, or not yet made in a dry run
	// Created is set when the import made the section or tag (in a dry
	// run: would make it); false when it updated the one of ID or found
	// the one with its slug.
	Created bool
	// Err is why it was refused, in words for the person importing
	// (content.FieldErrors).
	Err error
}

// Import stores a batch of sections and tags brought from another site,
// in one transaction, each with its legacy link, or refused alone. Names,
// slugs and descriptions follow the rules of the newsroom's forms; a slug
// a section (or tag) of this site already has is that section (or tag),
// which keeps its name. New sections go last in the navigation, in the
// order of the batch. With dryRun nothing is written or announced, and
// the results tell what would be made. Everything made or updated is
// announced, one event for the sections and one for the tags; a section
// or tag found by its slug is not.
func (s *Service) Import(ctx context.Context, who content.User, batch []Imported, dryRun bool) ([]ImportResult, error) {
	if err := allowed(who); err != nil {
		return nil, err
	}
	// Only an importer needs the store's import; the newsroom's store
	// need not have it (every store.Store has).
	importer, ok := s.store.(interface {
		ImportTerms(ctx context.Context, terms []store.ImportedTerm) error
	})
	if !ok {
		return nil, errors.New("taxonomy: this store cannot import sections and tags")
	}
	if len(batch) > store.MaxImportBatch {
		return nil, fmt.Errorf("taxonomy: import at most %d sections and tags at once", store.MaxImportBatch)
	}
	results := make([]ImportResult, len(batch))
	var (
		writes []store.ImportedTerm
		index  []int
	)
	last := 0
	for i, in := range batch {
		t, errs := importedTerm(in)
		if len(errs) > 0 {
			results[i].Err = errs
			continue
		}
		if t.Kind == store.LegacyCategory && t.ID == 0 && last == 0 {
			list, err := s.store.Categories(ctx)
			if err != nil {
				return nil, fmt.Errorf("import sections: %w", err)
			}
			for _, c := range list {
				last = max(last, c.Position)
			}
		}
		if t.Kind == store.LegacyCategory && t.ID == 0 {
			last++
			t.Position = last
		}
		writes = append(writes, t)
		index = append(index, i)
	}
	if dryRun {
		// What the import would find by its slug is not made.
		for j, w := range writes {
			if w.ID != 0 {
				continue
			}
			var err error
			if w.Kind == store.LegacyCategory {
				var c content.Category
				c, err = s.store.CategoryBySlug(ctx, w.Slug)
				results[index[j]].ID = c.ID
			} else {
				var t content.Tag
				t, err = s.store.TagBySlug(ctx, w.Slug)
				results[index[j]].ID = t.ID
			}
			switch {
			case errors.Is(err, store.ErrNotFound):
				results[index[j]].Created = true
			case err != nil:
				return nil, fmt.Errorf("import %s %q: %w", w.Kind, w.Slug, err)
			}
		}
		return results, nil
	}
	if len(writes) == 0 {
		return results, nil
	}
	if err := importer.ImportTerms(ctx, writes); err != nil {
		return nil, fmt.Errorf("import %d sections and tags: %w", len(writes), err)
	}
	var sections, tags []int64
	sectionTags, tagTags := []string{changes.Sections}, []string{}
	for j, w := range writes {
		r := &results[index[j]]
		if w.Err != nil {
			r.Err = w.Err
			if errors.Is(w.Err, store.ErrNotFound) {
				r.Err = content.FieldErrors{{Field: "name", Message: "The section or tag this one was imported as before has been deleted."}}
			}
			continue
		}
		r.ID, r.Created = w.ID, w.Created
		if !w.Created && batch[index[j]].ID == 0 {
			continue // found by its slug, as it was: nothing to announce
		}
		if w.Kind == store.LegacyCategory {
			sections = append(sections, w.ID)
			sectionTags = append(sectionTags, changes.Section(w.Slug))
		} else {
			tags = append(tags, w.ID)
			tagTags = append(tagTags, changes.Tag(w.Slug), changes.TagName(w.Slug))
		}
	}
	if len(sections) > 0 {
		s.publish(ctx, changes.KindSection, "import", sections, sectionTags...)
	}
	if len(tags) > 0 {
		s.publish(ctx, changes.KindTag, "import", tags, tagTags...)
	}
	return results, nil
}

// importedTerm checks one imported section or tag by the forms' rules.
func importedTerm(in Imported) (store.ImportedTerm, content.FieldErrors) {
	var errs content.FieldErrors
	t := store.ImportedTerm{Kind: in.Kind, ID: in.ID, Name: clean(in.Name), Slug: clean(in.Slug),
		Description: clean(in.Description), Link: in.Link}
	checkName(&errs, t.Name)
	if t.Slug == "" {
		t.Slug = content.Slugify(t.Name)
	}
	checkSlug(&errs, t.Slug)
	switch in.Kind {
	case store.LegacyCategory:
		if utf8.RuneCountInString(t.Description) > MaxDescription {
			errs.Add("description", DescriptionTooLong)
		}
	case store.LegacyTag:
		t.Description = ""
	default:
		errs.Add("kind", "Only sections and tags can be imported.")
	}
	return t, errs
}
