package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runPages specifies the hierarchy of the static pages.
func runPages(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"page places round-trip, and the top at position 0 is no place", testPagePlaces},
		{"a place naming no article is refused whole", testPagePlacesRefused},
		{"readers see a page's published parent and published children in order", testPageFamily},
		{"deleting a parent page leaves its children at the top", testPageParentDeleted},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

func page(t *testing.T, st store.Store, f fixture, title string, status content.Status) content.Article {
	t.Helper()
	return f.post(t, st, title, 0, func(a *content.Article) {
		a.Kind, a.Category, a.Status = content.KindPage, content.Category{}, status
		if status != content.StatusPublished {
			a.PublishedAt = time.Time{}
		}
	})
}

func testPagePlaces(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	about, team, jobs := page(t, st, f, "About", content.StatusPublished), page(t, st, f, "Team", content.StatusPublished), page(t, st, f, "Jobs", content.StatusPublished)
	must(t, st.SetPagePlaces(ctx, []store.PagePlace{
		{PageID: about.ID, Position: 1},
		{PageID: team.ID, ParentID: about.ID, Position: 2},
		{PageID: jobs.ID, ParentID: about.ID},
	}))
	got, err := st.PagePlaces(ctx, []int64{about.ID, team.ID, jobs.ID, 9999})
	must(t, err)
	want := map[int64]store.PagePlace{
		about.ID: {PageID: about.ID, Position: 1},
		team.ID:  {PageID: team.ID, ParentID: about.ID, Position: 2},
		jobs.ID:  {PageID: jobs.ID, ParentID: about.ID},
	}
	if len(got) != len(want) {
		t.Fatalf("places = %+v, want %+v", got, want)
	}
	for id, p := range want {
		if got[id] != p {
			t.Errorf("place of %d = %+v, want %+v", id, got[id], p)
		}
	}
	// Moved to the top at position 0: no place any more.
	must(t, st.SetPagePlaces(ctx, []store.PagePlace{{PageID: team.ID}}))
	got, err = st.PagePlaces(ctx, []int64{team.ID})
	must(t, err)
	if len(got) != 0 {
		t.Errorf("a page moved to the top at 0 still has %+v", got)
	}
}

func testPagePlacesRefused(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	about, team := page(t, st, f, "About", content.StatusPublished), page(t, st, f, "Team", content.StatusPublished)
	err := st.SetPagePlaces(ctx, []store.PagePlace{{PageID: team.ID, ParentID: about.ID}, {PageID: about.ID, ParentID: 9999}})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("a parent that is no article: %v, want ErrNotFound", err)
	}
	if got, _ := st.PagePlaces(ctx, []int64{about.ID, team.ID}); len(got) != 0 {
		t.Errorf("a refused call wrote %+v", got)
	}
	if err := st.SetPagePlaces(ctx, []store.PagePlace{{PageID: 9999, Position: 1}}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a page that is no article: %v, want ErrNotFound", err)
	}
}

func testPageFamily(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	about := page(t, st, f, "About", content.StatusPublished)
	team := page(t, st, f, "Team", content.StatusPublished)
	jobs := page(t, st, f, "Jobs", content.StatusPublished)
	history := page(t, st, f, "History", content.StatusPublished)
	secret := page(t, st, f, "Secret plans", content.StatusDraft)
	hidden := page(t, st, f, "Hidden", content.StatusPublished)
	orphan := page(t, st, f, "Under a draft", content.StatusPublished)
	must(t, st.SetPagePlaces(ctx, []store.PagePlace{
		{PageID: team.ID, ParentID: about.ID, Position: 2},
		{PageID: jobs.ID, ParentID: about.ID, Position: 1},
		{PageID: history.ID, ParentID: about.ID, Position: 2}, // a tie: by id
		{PageID: secret.ID, ParentID: about.ID, Position: 0},
		{PageID: orphan.ID, ParentID: secret.ID},
	}))
	parent, children, err := st.PageFamily(ctx, about.ID)
	must(t, err)
	if parent != nil {
		t.Errorf("a top-level page's parent = %+v", parent)
	}
	if got := titles(children); !sameStrings(got, []string{"Jobs", "Team", "History"}) {
		t.Errorf("children = %v, want the published ones by position, then id", got)
	}
	parent, children, err = st.PageFamily(ctx, team.ID)
	must(t, err)
	if parent == nil || parent.ID != about.ID || parent.Title != "About" || parent.Slug != about.Slug || len(children) != 0 {
		t.Errorf("team's family = %+v, %v", parent, children)
	}
	if parent, _, err := st.PageFamily(ctx, orphan.ID); err != nil || parent != nil {
		t.Errorf("a page under a draft shows its parent %+v (%v); want none", parent, err)
	}
	if parent, children, err := st.PageFamily(ctx, hidden.ID); err != nil || parent != nil || len(children) != 0 {
		t.Errorf("a page with no place = %+v, %v, %v", parent, children, err)
	}
}

func testPageParentDeleted(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	about, team := page(t, st, f, "About", content.StatusPublished), page(t, st, f, "Team", content.StatusPublished)
	must(t, st.SetPagePlaces(ctx, []store.PagePlace{{PageID: about.ID, Position: 3}, {PageID: team.ID, ParentID: about.ID, Position: 2}}))
	must(t, st.DeleteArticle(ctx, about.ID))
	got, err := st.PagePlaces(ctx, []int64{about.ID, team.ID})
	must(t, err)
	if p, ok := got[team.ID]; !ok || p.ParentID != 0 || p.Position != 2 {
		t.Errorf("after its parent was deleted, the child's place = %+v (%v); want the top, position kept", p, ok)
	}
	if _, ok := got[about.ID]; ok {
		t.Errorf("the deleted page keeps a place")
	}
}
