package taxonomy

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Tag is a tag as an editor types it. An empty Slug is made from the
// name.
type Tag struct {
	Name, Slug string
}

func (in Tag) clean() Tag { return Tag{Name: clean(in.Name), Slug: clean(in.Slug)} }

func (in Tag) problems() content.FieldErrors {
	var errs content.FieldErrors
	checkName(&errs, in.Name)
	checkSlug(&errs, in.Slug)
	return errs
}

// CreateTag adds a tag and returns it as stored.
func (s *Service) CreateTag(ctx context.Context, who content.User, in Tag) (content.Tag, error) {
	if err := allowed(who); err != nil {
		return content.Tag{}, err
	}
	in = in.clean()
	if errs := in.problems(); len(errs) > 0 {
		return content.Tag{}, errs
	}
	t := content.Tag{Name: in.Name, Slug: in.Slug}
	err := s.store.CreateTag(ctx, &t)
	if errors.Is(err, store.ErrConflict) {
		return content.Tag{}, slugTaken(in.Slug, TagSlugTaken)
	}
	if err != nil {
		return content.Tag{}, fmt.Errorf("create tag %q: %w", t.Name, err)
	}
	s.publish(ctx, changes.KindTag, "create", []int64{t.ID}, changes.Tag(t.Slug))
	return t, nil
}

// tag reads tag id with its counts. The newsroom's list is searched by
// the tag's slug, page by page, since other tags' names may hold it too.
func (s *Service) tag(ctx context.Context, id int64) (store.TagCount, error) {
	t, err := s.store.TagByID(ctx, id)
	if err != nil {
		return store.TagCount{}, fmt.Errorf("tag %d: %w", id, err)
	}
	q := store.TagQuery{Text: t.Slug, Limit: store.MaxLimit}
	for {
		list, total, err := s.store.TagsWithCounts(ctx, q)
		if err != nil {
			return store.TagCount{}, fmt.Errorf("tag %d: %w", id, err)
		}
		for _, c := range list {
			if c.ID == id {
				return c, nil
			}
		}
		q.Offset += q.Limit
		if len(list) == 0 || q.Offset >= total {
			return store.TagCount{Tag: t}, nil
		}
	}
}

// UpdateTag renames tag id and returns it as stored. Its old slug keeps
// answering: the store redirects it to the new one.
func (s *Service) UpdateTag(ctx context.Context, who content.User, id int64, in Tag) (content.Tag, error) {
	if err := allowed(who); err != nil {
		return content.Tag{}, err
	}
	cur, err := s.tag(ctx, id)
	if err != nil {
		return content.Tag{}, err
	}
	in = in.clean()
	if errs := in.problems(); len(errs) > 0 {
		return content.Tag{}, errs
	}
	t := content.Tag{ID: id, Name: in.Name, Slug: in.Slug}
	err = s.store.UpdateTag(ctx, &t)
	if errors.Is(err, store.ErrConflict) {
		return content.Tag{}, slugTaken(in.Slug, TagSlugTaken)
	}
	if err != nil {
		return content.Tag{}, fmt.Errorf("update tag %d: %w", id, err)
	}
	tags := []string{changes.Tag(cur.Slug), changes.Tag(t.Slug), changes.TagName(cur.Slug)}
	if cur.Published > 0 && cur.Name != t.Name {
		tags = append(tags, changes.Search) // tag names are searched
	}
	if cur.Published > 0 && cur.Slug != t.Slug {
		tags = append(tags, changes.Sitemaps)
	}
	s.publish(ctx, changes.KindTag, "update", []int64{id}, tags...)
	return t, nil
}

// MergeTag gives the articles tagged id the tag into instead, named or
// given by slug as an editor types it, deletes tag id and redirects its
// slugs to into. It returns the tag merged into.
func (s *Service) MergeTag(ctx context.Context, who content.User, id int64, into string) (content.Tag, error) {
	if err := allowed(who); err != nil {
		return content.Tag{}, err
	}
	from, err := s.tag(ctx, id)
	if err != nil {
		return content.Tag{}, err
	}
	target, err := s.findTag(ctx, clean(into))
	switch {
	case errors.Is(err, store.ErrNotFound):
		return content.Tag{}, content.FieldErrors{{Field: "into", Message: MergeTargetUnknown}}
	case err != nil:
		return content.Tag{}, fmt.Errorf("merge tag %d: %w", id, err)
	case target.ID == id:
		return content.Tag{}, content.FieldErrors{{Field: "into", Message: MergeIntoItself}}
	}
	if err := s.store.MergeTags(ctx, id, target.ID); err != nil {
		return content.Tag{}, fmt.Errorf("merge tag %d into %d: %w", id, target.ID, err)
	}
	tags := []string{changes.Tag(from.Slug), changes.Tag(target.Slug), changes.TagName(from.Slug)}
	if from.Published > 0 {
		tags = append(tags, changes.Search, changes.Sitemaps)
	}
	s.publish(ctx, changes.KindTag, "merge", []int64{id, target.ID}, tags...)
	return target, nil
}

// findTag finds a tag by what an editor typed: its slug, or its name in
// any case.
func (s *Service) findTag(ctx context.Context, typed string) (content.Tag, error) {
	if typed == "" {
		return content.Tag{}, store.ErrNotFound
	}
	for _, slug := range []string{typed, content.Slugify(typed)} {
		t, err := s.store.TagBySlug(ctx, slug)
		if err == nil || !errors.Is(err, store.ErrNotFound) {
			return t, err
		}
	}
	list, err := s.store.MatchTags(ctx, typed, store.MaxLimit)
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

// DeleteTag removes tag id from every article and deletes it.
func (s *Service) DeleteTag(ctx context.Context, who content.User, id int64) error {
	if err := allowed(who); err != nil {
		return err
	}
	cur, err := s.tag(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.DeleteTag(ctx, id); err != nil {
		return fmt.Errorf("delete tag %d: %w", id, err)
	}
	tags := []string{changes.Tag(cur.Slug), changes.TagName(cur.Slug)}
	if cur.Published > 0 {
		tags = append(tags, changes.Search, changes.Sitemaps)
	}
	s.publish(ctx, changes.KindTag, "delete", []int64{id}, tags...)
	return nil
}
