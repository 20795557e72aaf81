package taxonomy_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
	"dateline/internal/taxonomy"
)

// fixture is a small newsroom: World (empty) and Business (a published
// story tagged Flood and Mekong), a draft tagged Draft Only, an editor
// who may manage the taxonomy and an author who may not.
type fixture struct {
	st              store.Store
	svc             *taxonomy.Service
	rec             *changes.Recorder
	editor, author  content.User
	world, business content.Category
	flood, mekong   content.Tag
	draftOnly       content.Tag
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t)
	feed := &changes.Feed{}
	f := &fixture{st: st, rec: &changes.Recorder{}}
	feed.Subscribe(f.rec.Record)
	f.svc = taxonomy.New(taxonomy.Config{Store: st, Changes: feed})

	f.editor = content.User{Name: "Eddie Editor", Email: "eddie@example.com", Role: content.RoleEditor}
	f.author = content.User{Name: "Ana Reyes", Email: "ana@example.com", Role: content.RoleAuthor}
	for _, u := range []*content.User{&f.editor, &f.author} {
		must(t, st.CreateUser(ctx, u))
	}
	f.world = content.Category{Name: "World", Position: 1}
	f.business = content.Category{Name: "Business", Position: 2}
	for _, c := range []*content.Category{&f.world, &f.business} {
		must(t, st.CreateCategory(ctx, c))
	}
	when := time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)
	for _, a := range []content.Article{
		{Title: "Rates held", Status: content.StatusPublished, PublishedAt: when, Category: f.business,
			Tags: []content.Tag{{Name: "Flood"}, {Name: "Mekong"}}},
		{Title: "Notes for later", Status: content.StatusDraft, Category: f.world, Tags: []content.Tag{{Name: "Draft Only"}}},
	} {
		a.Kind, a.Format, a.Author = content.KindPost, content.FormatMarkdown, f.author
		a.Source, a.Body = "Text of "+a.Title, "<p>Text of "+a.Title+"</p>"
		must(t, st.CreateArticle(ctx, &a))
	}
	for slug, t2 := range map[string]*content.Tag{"flood": &f.flood, "mekong": &f.mekong, "draft-only": &f.draftOnly} {
		var err error
		*t2, err = st.TagBySlug(ctx, slug)
		must(t, err)
	}
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) category(t *testing.T, slug string) content.Category {
	t.Helper()
	c, err := f.st.CategoryBySlug(context.Background(), slug)
	must(t, err)
	return c
}

func (f *fixture) tag(t *testing.T, slug string) content.Tag {
	t.Helper()
	tag, err := f.st.TagBySlug(context.Background(), slug)
	must(t, err)
	return tag
}

func TestEveryChangeIsAnnouncedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name string
		do   func(f *fixture) error
		want func(t *testing.T, f *fixture) changes.Event
	}{
		{
			"a new section announces its archive and the navigation",
			func(f *fixture) error {
				_, err := f.svc.CreateSection(ctx, f.editor, taxonomy.Section{Name: "Sport"})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindSection, Action: "create", IDs: []int64{f.category(t, "sport").ID},
					Tags: []string{"section:sport", "sections"}}
			},
		},
		{
			"a renamed empty section announces its old and new slug and the navigation",
			func(f *fixture) error {
				_, err := f.svc.UpdateSection(ctx, f.editor, f.world.ID, taxonomy.Section{Name: "International", Slug: "international"})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindSection, Action: "update", IDs: []int64{f.world.ID},
					Tags: []string{"section:international", "section:world", "sections"}}
			},
		},
		{
			"a section with published posts that changes slug changes the sitemaps too",
			func(f *fixture) error {
				_, err := f.svc.UpdateSection(ctx, f.editor, f.business.ID, taxonomy.Section{Name: "Economy"})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindSection, Action: "update", IDs: []int64{f.business.ID},
					Tags: []string{"section:business", "section:economy", "sections", "sitemaps"}}
			},
		},
		{
			"a section moved down announces the two that swapped and the navigation",
			func(f *fixture) error { return f.svc.MoveSection(ctx, f.editor, f.world.ID, taxonomy.Down) },
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindSection, Action: "reorder", IDs: []int64{f.world.ID, f.business.ID},
					Tags: []string{"sections"}}
			},
		},
		{
			"a deleted section with published posts announces where they went and the lists they are in",
			func(f *fixture) error { return f.svc.DeleteSection(ctx, f.editor, f.business.ID, f.world.ID) },
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindSection, Action: "delete", IDs: []int64{f.business.ID, f.world.ID},
					Tags: []string{"feeds", "home", "search", "section:business", "section:world", "sections", "sitemaps"}}
			},
		},
		{
			"a deleted section without published posts, its draft left without a section, announces only itself",
			func(f *fixture) error { return f.svc.DeleteSection(ctx, f.editor, f.world.ID, 0) },
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindSection, Action: "delete", IDs: []int64{f.world.ID},
					Tags: []string{"section:world", "sections"}}
			},
		},
		{
			"a new tag announces its archive",
			func(f *fixture) error {
				_, err := f.svc.CreateTag(ctx, f.editor, taxonomy.Tag{Name: "Rice"})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindTag, Action: "create", IDs: []int64{f.tag(t, "rice").ID}, Tags: []string{"tag:rice"}}
			},
		},
		{
			"a renamed tag on published posts announces both archives, its old name, search and the sitemaps",
			func(f *fixture) error {
				_, err := f.svc.UpdateTag(ctx, f.editor, f.flood.ID, taxonomy.Tag{Name: "Floods"})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindTag, Action: "update", IDs: []int64{f.flood.ID},
					Tags: []string{"search", "sitemaps", "tag:flood", "tag:floods", "tagname:flood"}}
			},
		},
		{
			"a tag only on drafts that changes its name announces its archive and its name",
			func(f *fixture) error {
				_, err := f.svc.UpdateTag(ctx, f.editor, f.draftOnly.ID, taxonomy.Tag{Name: "Draft only", Slug: "draft-only"})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindTag, Action: "update", IDs: []int64{f.draftOnly.ID},
					Tags: []string{"tag:draft-only", "tagname:draft-only"}}
			},
		},
		{
			"a merge announces both archives, the merged tag's name, search and the sitemaps",
			func(f *fixture) error {
				_, err := f.svc.MergeTag(ctx, f.editor, f.flood.ID, "MEKONG")
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindTag, Action: "merge", IDs: []int64{f.flood.ID, f.mekong.ID},
					Tags: []string{"search", "sitemaps", "tag:flood", "tag:mekong", "tagname:flood"}}
			},
		},
		{
			"a deleted tag on published posts announces its archive, its name, search and the sitemaps",
			func(f *fixture) error { return f.svc.DeleteTag(ctx, f.editor, f.mekong.ID) },
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindTag, Action: "delete", IDs: []int64{f.mekong.ID},
					Tags: []string{"search", "sitemaps", "tag:mekong", "tagname:mekong"}}
			},
		},
		{
			"a deleted tag only on drafts announces its archive and its name",
			func(f *fixture) error { return f.svc.DeleteTag(ctx, f.editor, f.draftOnly.ID) },
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindTag, Action: "delete", IDs: []int64{f.draftOnly.ID},
					Tags: []string{"tag:draft-only", "tagname:draft-only"}}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			must(t, tc.do(f))
			want := tc.want(t, f)
			if got := f.rec.Take(); !reflect.DeepEqual(got, []changes.Event{want}) {
				t.Errorf("events = %+v\nwant    [%+v]", got, want)
			}
		})
	}
}

// snapshot is everything the taxonomy keeps, to show that a refused
// change wrote nothing.
type snapshot struct {
	Sections  []store.CategoryCount
	Tags      []store.TagCount
	Redirects map[string]string
}

func (f *fixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	ctx := context.Background()
	var s snapshot
	var err error
	s.Sections, err = f.st.CategoriesWithCounts(ctx)
	must(t, err)
	s.Tags, _, err = f.st.TagsWithCounts(ctx, store.TagQuery{Limit: store.MaxLimit})
	must(t, err)
	s.Redirects = map[string]string{}
	for _, old := range []string{"world", "business", "international", "flood", "mekong", "draft-only"} {
		if to, err := f.st.CategoryRedirect(ctx, old); err == nil {
			s.Redirects["section:"+old] = to
		}
		if to, err := f.st.TagRedirect(ctx, old); err == nil {
			s.Redirects["tag:"+old] = to
		}
	}
	return s
}

func TestRefusedChangesWriteAndAnnounceNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	long := strings.Repeat("ข", taxonomy.MaxName+1)
	field := func(name, msg string) content.FieldErrors { return content.FieldErrors{{Field: name, Message: msg}} }
	cases := []struct {
		name string
		do   func(f *fixture) error
		// want is the refusal: a content.FieldErrors to compare whole, or
		// a sentinel for errors.Is.
		want error
	}{
		{"an author may not add a section", func(f *fixture) error {
			_, err := f.svc.CreateSection(ctx, f.author, taxonomy.Section{Name: "Sport"})
			return err
		}, taxonomy.ErrForbidden},
		{"an author may not rename a section", func(f *fixture) error {
			_, err := f.svc.UpdateSection(ctx, f.author, f.world.ID, taxonomy.Section{Name: "Abroad"})
			return err
		}, taxonomy.ErrForbidden},
		{"an author may not move a section", func(f *fixture) error {
			return f.svc.MoveSection(ctx, f.author, f.world.ID, taxonomy.Down)
		}, taxonomy.ErrForbidden},
		{"an author may not delete a section", func(f *fixture) error {
			return f.svc.DeleteSection(ctx, f.author, f.business.ID, f.world.ID)
		}, taxonomy.ErrForbidden},
		{"nobody signed in may not add a tag", func(f *fixture) error {
			_, err := f.svc.CreateTag(ctx, content.User{}, taxonomy.Tag{Name: "Rice"})
			return err
		}, taxonomy.ErrForbidden},
		{"an author may not rename a tag", func(f *fixture) error {
			_, err := f.svc.UpdateTag(ctx, f.author, f.flood.ID, taxonomy.Tag{Name: "Floods"})
			return err
		}, taxonomy.ErrForbidden},
		{"an author may not merge tags", func(f *fixture) error {
			_, err := f.svc.MergeTag(ctx, f.author, f.flood.ID, "mekong")
			return err
		}, taxonomy.ErrForbidden},
		{"an author may not delete a tag", func(f *fixture) error {
			return f.svc.DeleteTag(ctx, f.author, f.flood.ID)
		}, taxonomy.ErrForbidden},
		{"a section without a name, with a bad slug, description and position is refused with every problem", func(f *fixture) error {
			_, err := f.svc.CreateSection(ctx, f.editor, taxonomy.Section{Name: "  ", Slug: "Inter National",
				Description: strings.Repeat("x", taxonomy.MaxDescription+1), Position: "first"})
			return err
		}, content.FieldErrors{
			{Field: "name", Message: "Please enter a name."},
			{Field: "slug", Message: "The slug may hold only lower-case letters, digits and single hyphens, such as world-news."},
			{Field: "description", Message: "The description is too long (at most 1000 characters)."},
			{Field: "position", Message: "Please enter a whole number."},
		}},
		{"a section name of 101 characters is too long", func(f *fixture) error {
			_, err := f.svc.CreateSection(ctx, f.editor, taxonomy.Section{Name: long})
			return err
		}, field("name", "The name is too long (at most 100 characters).")},
		{"a position beyond a million is refused", func(f *fixture) error {
			_, err := f.svc.UpdateSection(ctx, f.editor, f.world.ID, taxonomy.Section{Name: "World", Position: "1000001"})
			return err
		}, field("position", taxonomy.PositionInvalid)},
		{"a new section whose name makes a taken slug blames the name", func(f *fixture) error {
			_, err := f.svc.CreateSection(ctx, f.editor, taxonomy.Section{Name: "World"})
			return err
		}, field("name", "Another section already uses this slug.")},
		{"a section renamed to a taken slug blames the slug", func(f *fixture) error {
			_, err := f.svc.UpdateSection(ctx, f.editor, f.world.ID, taxonomy.Section{Name: "World", Slug: "business"})
			return err
		}, field("slug", taxonomy.SectionSlugTaken)},
		{"renaming a section that does not exist is not found", func(f *fixture) error {
			_, err := f.svc.UpdateSection(ctx, f.editor, 9999, taxonomy.Section{Name: "Nowhere"})
			return err
		}, store.ErrNotFound},
		{"moving a section that does not exist is not found", func(f *fixture) error {
			return f.svc.MoveSection(ctx, f.editor, 9999, taxonomy.Up)
		}, store.ErrNotFound},
		{"deleting a section without choosing where its articles go is refused", func(f *fixture) error {
			return f.svc.DeleteSection(ctx, f.editor, f.business.ID, -1)
		}, field("move_to", "Please choose where this section's articles go.")},
		{"deleting a section into itself is refused", func(f *fixture) error {
			return f.svc.DeleteSection(ctx, f.editor, f.business.ID, f.business.ID)
		}, field("move_to", taxonomy.MoveToMissing)},
		{"deleting a section into one that does not exist is refused", func(f *fixture) error {
			return f.svc.DeleteSection(ctx, f.editor, f.business.ID, 9999)
		}, field("move_to", taxonomy.MoveToMissing)},
		{"deleting a section that does not exist is not found", func(f *fixture) error {
			return f.svc.DeleteSection(ctx, f.editor, 9999, 0)
		}, store.ErrNotFound},
		{"a tag without a name is refused", func(f *fixture) error {
			_, err := f.svc.CreateTag(ctx, f.editor, taxonomy.Tag{Name: "", Slug: "-rice"})
			return err
		}, content.FieldErrors{{Field: "name", Message: taxonomy.NameMissing}, {Field: "slug", Message: taxonomy.SlugInvalid}}},
		{"a new tag whose name makes a taken slug blames the name", func(f *fixture) error {
			_, err := f.svc.CreateTag(ctx, f.editor, taxonomy.Tag{Name: "FLOOD"})
			return err
		}, field("name", "Another tag already uses this slug.")},
		{"a tag renamed to a taken slug blames the slug", func(f *fixture) error {
			_, err := f.svc.UpdateTag(ctx, f.editor, f.flood.ID, taxonomy.Tag{Name: "Flood", Slug: "mekong"})
			return err
		}, field("slug", taxonomy.TagSlugTaken)},
		{"merging into a tag nobody has is refused", func(f *fixture) error {
			_, err := f.svc.MergeTag(ctx, f.editor, f.flood.ID, "Drought")
			return err
		}, field("into", "There is no tag with that name or slug.")},
		{"merging into nothing is refused", func(f *fixture) error {
			_, err := f.svc.MergeTag(ctx, f.editor, f.flood.ID, "  ")
			return err
		}, field("into", taxonomy.MergeTargetUnknown)},
		{"merging a tag into itself is refused", func(f *fixture) error {
			_, err := f.svc.MergeTag(ctx, f.editor, f.flood.ID, "Flood")
			return err
		}, field("into", "Please choose another tag: a tag cannot be merged into itself.")},
		{"deleting a tag that does not exist is not found", func(f *fixture) error {
			return f.svc.DeleteTag(ctx, f.editor, 9999)
		}, store.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			before := f.snapshot(t)
			err := tc.do(f)
			var got content.FieldErrors
			if want, ok := tc.want.(content.FieldErrors); ok {
				if !errors.As(err, &got) || !reflect.DeepEqual(got, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			} else if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if events := f.rec.Take(); len(events) != 0 {
				t.Errorf("a refused change announced %+v", events)
			}
			if after := f.snapshot(t); !reflect.DeepEqual(after, before) {
				t.Errorf("a refused change wrote:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

func TestMovingTheFirstSectionUpChangesNothing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	before := f.snapshot(t)
	must(t, f.svc.MoveSection(context.Background(), f.editor, f.world.ID, taxonomy.Up))
	if events := f.rec.Take(); len(events) != 0 {
		t.Errorf("announced %+v", events)
	}
	if after := f.snapshot(t); !reflect.DeepEqual(after, before) {
		t.Errorf("wrote:\nbefore %+v\nafter  %+v", before, after)
	}
}

func TestSectionsAndTagsAreStoredAsTyped(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	sport, err := f.svc.CreateSection(ctx, f.editor, taxonomy.Section{Name: "  Sport ", Description: " Games. "})
	must(t, err)
	if sport.Name != "Sport" || sport.Slug != "sport" || sport.Description != "Games." || sport.Position != 3 {
		t.Errorf("a new section = %+v, want trimmed and last (position 3)", sport)
	}
	intl, err := f.svc.UpdateSection(ctx, f.editor, f.world.ID, taxonomy.Section{Name: "International", Slug: ""})
	must(t, err)
	if intl.Slug != "international" || intl.Position != 1 {
		t.Errorf("renamed section = %+v, want a slug from the name and its place kept", intl)
	}
	if to, err := f.st.CategoryRedirect(ctx, "world"); err != nil || to != "international" {
		t.Errorf("the old slug leads to %q, %v", to, err)
	}
	must(t, f.svc.MoveSection(ctx, f.editor, sport.ID, taxonomy.Up))
	list, err := f.st.Categories(ctx)
	must(t, err)
	var order []string
	for _, c := range list {
		order = append(order, c.Slug)
	}
	if !reflect.DeepEqual(order, []string{"international", "sport", "business"}) {
		t.Errorf("order after moving Sport up = %q", order)
	}
	into, err := f.svc.MergeTag(ctx, f.editor, f.draftOnly.ID, "Mekong")
	must(t, err)
	if into.ID != f.mekong.ID {
		t.Errorf("merged into %+v, want Mekong found by its name", into)
	}
	if to, err := f.st.TagRedirect(ctx, "draft-only"); err != nil || to != "mekong" {
		t.Errorf("the merged tag's slug leads to %q, %v", to, err)
	}
}
