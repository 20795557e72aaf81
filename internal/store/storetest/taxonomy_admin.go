package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runAdmin runs the suite of the newsroom's taxonomy and account
// management; newStore returns a fresh, empty store.
func runAdmin(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"categories are listed with published and total counts", testCategoryCounts},
		{"a renamed category's old slugs redirect to its current slug", testCategoryRedirects},
		{"a live slug is never redirected", testLiveSlugWins},
		{"renaming a category to a taken slug is a conflict and changes nothing", testCategoryConflict},
		{"categories are reordered, unknown ids change nothing", testCategoryOrder},
		{"deleting a category moves its articles and its slugs", testDeleteCategory},
		{"deleting a category toward an unknown one changes nothing", testDeleteCategoryUnknownTarget},
		{"tags are listed with counts, filtered and paged", testTagCounts},
		{"a renamed tag redirects and is found by its new name", testRenameTag},
		{"merging tags moves articles and slugs to the target", testMergeTags},
		{"a deleted tag leaves every article", testDeleteTag},
		{"tags match a prefix in any case, and LIKE wildcards are literal", testMatchTags},
		{"a new tag with a taken slug is a conflict", testCreateTagConflict},
		{"a member's sessions are listed, most recently used first", testUserSessions},
		{"deleting a member gives their articles to the heir", testDeleteUser},
		{"deleting a member toward an unknown heir or themselves changes nothing", testDeleteUserRefused},
		{"a renamed member's articles are found by the new name", testRenameUserReindexes},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

func wantErr(t *testing.T, what string, err, target error) {
	t.Helper()
	if !errors.Is(err, target) {
		t.Fatalf("%s: err = %v, want %v", what, err, target)
	}
}

func testCategoryCounts(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "Vote", 1)
	f.post(t, st, "Recount", 2)
	f.post(t, st, "Draft on the vote", 3, withStatus(content.StatusDraft))
	f.post(t, st, "Rates", 4, inCategory(f.business), withStatus(content.StatusPending))
	list, err := st.CategoriesWithCounts(ctx)
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("got %d categories, want 2", len(list))
	}
	if c := list[0]; c.Name != "Politics" || c.Published != 2 || c.Articles != 3 {
		t.Errorf("first = %+v, want Politics with 2 published of 3", c)
	}
	if c := list[1]; c.Name != "Business" || c.Published != 0 || c.Articles != 1 {
		t.Errorf("second = %+v, want Business with 0 published of 1", c)
	}
	got, err := st.CategoryByID(ctx, f.business.ID)
	must(t, err)
	if got != f.business {
		t.Errorf("by id = %+v, want %+v", got, f.business)
	}
	_, err = st.CategoryByID(ctx, 9999)
	wantErr(t, "unknown category", err, store.ErrNotFound)
}

func testCategoryRedirects(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.politics
	c.Name, c.Slug = "Politics & Government", "government"
	must(t, st.UpdateCategory(ctx, &c))
	c.Slug = "" // made from the name
	must(t, st.UpdateCategory(ctx, &c))
	if c.Slug != "politics-government" {
		t.Fatalf("slug made from the name = %q", c.Slug)
	}
	for _, old := range []string{"politics", "government"} {
		got, err := st.CategoryRedirect(ctx, old)
		must(t, err)
		if got != "politics-government" {
			t.Errorf("redirect of %q = %q, want the current slug", old, got)
		}
	}
	if _, err := st.CategoryBySlug(ctx, "politics-government"); err != nil {
		t.Errorf("the new slug does not answer: %v", err)
	}
	_, err := st.CategoryRedirect(ctx, "sport")
	wantErr(t, "a slug that never existed", err, store.ErrNotFound)

	c.Slug = "politics" // back to the first name: it is live again
	must(t, st.UpdateCategory(ctx, &c))
	_, err = st.CategoryRedirect(ctx, "politics")
	wantErr(t, "the live slug", err, store.ErrNotFound)
	if got, err := st.CategoryRedirect(ctx, "politics-government"); err != nil || got != "politics" {
		t.Errorf("redirect of the second slug = %q, %v", got, err)
	}
}

func testLiveSlugWins(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.politics
	c.Slug = "government"
	must(t, st.UpdateCategory(ctx, &c))
	must(t, st.CreateCategory(ctx, &content.Category{Name: "Politics"}))
	_, err := st.CategoryRedirect(ctx, "politics")
	wantErr(t, "a slug a new category took", err, store.ErrNotFound)

	tag := content.Tag{Name: "Floods"}
	must(t, st.CreateTag(ctx, &tag))
	tag.Slug = "flooding"
	must(t, st.UpdateTag(ctx, &tag))
	must(t, st.CreateTag(ctx, &content.Tag{Name: "Floods"}))
	_, err = st.TagRedirect(ctx, "floods")
	wantErr(t, "a slug a new tag took", err, store.ErrNotFound)
}

func testCategoryConflict(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	c := f.politics
	c.Name, c.Slug = "Money", "business"
	wantErr(t, "taken slug", st.UpdateCategory(ctx, &c), store.ErrConflict)
	got, err := st.CategoryByID(ctx, f.politics.ID)
	must(t, err)
	if got != f.politics {
		t.Errorf("after a refused rename: %+v, want %+v", got, f.politics)
	}
	_, err = st.CategoryRedirect(ctx, "politics")
	wantErr(t, "redirect after a refused rename", err, store.ErrNotFound)
	missing := content.Category{ID: 9999, Name: "Nothing"}
	wantErr(t, "unknown category", st.UpdateCategory(ctx, &missing), store.ErrNotFound)
}

func categoryNames(t *testing.T, st store.Store) []string {
	t.Helper()
	list, err := st.Categories(context.Background())
	must(t, err)
	var names []string
	for _, c := range list {
		names = append(names, c.Name)
	}
	return names
}

func testCategoryOrder(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	sport := content.Category{Name: "Sport", Position: 3}
	must(t, st.CreateCategory(ctx, &sport))
	must(t, st.SetCategoryOrder(ctx, []int64{sport.ID, f.politics.ID}))
	if got := categoryNames(t, st); !sameStrings(got, []string{"Sport", "Politics", "Business"}) {
		t.Errorf("after reordering: %v", got)
	}
	wantErr(t, "an unknown id", st.SetCategoryOrder(ctx, []int64{f.business.ID, 9999}), store.ErrNotFound)
	if got := categoryNames(t, st); !sameStrings(got, []string{"Sport", "Politics", "Business"}) {
		t.Errorf("a refused reorder changed the order: %v", got)
	}
}

func testDeleteCategory(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	vote := f.post(t, st, "Vote", 1)
	draft := f.post(t, st, "Draft", 2, withStatus(content.StatusDraft))
	c := f.politics
	c.Slug = "government"
	must(t, st.UpdateCategory(ctx, &c))
	must(t, st.DeleteCategory(ctx, f.politics.ID, f.business.ID))
	for _, a := range []content.Article{vote, draft} {
		got, err := st.ArticleByID(ctx, a.ID)
		must(t, err)
		if got.Category.ID != f.business.ID {
			t.Errorf("%s is in %+v, want Business", a.Title, got.Category)
		}
	}
	for _, old := range []string{"politics", "government"} {
		if got, err := st.CategoryRedirect(ctx, old); err != nil || got != "business" {
			t.Errorf("redirect of %q = %q, %v; want business", old, got, err)
		}
	}
	list, err := st.PublishedArticles(ctx, store.ArticleQuery{CategoryID: f.business.ID})
	must(t, err)
	if !sameStrings(titles(list), []string{"Vote"}) {
		t.Errorf("business archive = %v", titles(list))
	}

	must(t, st.DeleteCategory(ctx, f.business.ID, 0))
	got, err := st.ArticleByID(ctx, vote.ID)
	must(t, err)
	if got.Category.ID != 0 {
		t.Errorf("with nowhere to go the article is in %+v", got.Category)
	}
	_, err = st.CategoryRedirect(ctx, "business")
	wantErr(t, "slug of a category deleted without a target", err, store.ErrNotFound)
}

func testDeleteCategoryUnknownTarget(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	vote := f.post(t, st, "Vote", 1)
	wantErr(t, "unknown target", st.DeleteCategory(ctx, f.politics.ID, 9999), store.ErrNotFound)
	wantErr(t, "itself as target", st.DeleteCategory(ctx, f.politics.ID, f.politics.ID), store.ErrNotFound)
	wantErr(t, "unknown category", st.DeleteCategory(ctx, 9999, f.politics.ID), store.ErrNotFound)
	got, err := st.ArticleByID(ctx, vote.ID)
	must(t, err)
	if got.Category.ID != f.politics.ID {
		t.Errorf("a refused deletion moved the article to %+v", got.Category)
	}
	if _, err := st.CategoryByID(ctx, f.politics.ID); err != nil {
		t.Errorf("a refused deletion deleted: %v", err)
	}
}

func tagNames(list []store.TagCount) []string {
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.Name
	}
	return out
}

func testTagCounts(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "One", 1, withTags("Mekong", "Rice"))
	f.post(t, st, "Two", 2, withTags("Mekong"))
	f.post(t, st, "Three", 3, withTags("Mekong", "Drought"), withStatus(content.StatusDraft))
	list, total, err := st.TagsWithCounts(ctx, store.TagQuery{})
	must(t, err)
	if total != 3 || !sameStrings(tagNames(list), []string{"Drought", "Mekong", "Rice"}) {
		t.Fatalf("tags = %v of %d", tagNames(list), total)
	}
	if m := list[1]; m.Published != 2 || m.Articles != 3 {
		t.Errorf("Mekong = %+v, want 2 published of 3", m)
	}
	list, total, err = st.TagsWithCounts(ctx, store.TagQuery{Text: "RI"})
	must(t, err)
	if total != 1 || !sameStrings(tagNames(list), []string{"Rice"}) {
		t.Errorf("filtered = %v of %d", tagNames(list), total)
	}
	list, total, err = st.TagsWithCounts(ctx, store.TagQuery{Limit: 1, Offset: 1})
	must(t, err)
	if total != 3 || !sameStrings(tagNames(list), []string{"Mekong"}) {
		t.Errorf("second page = %v of %d", tagNames(list), total)
	}
	tag, err := st.TagBySlug(ctx, "rice")
	must(t, err)
	got, err := st.TagByID(ctx, tag.ID)
	must(t, err)
	if got != tag {
		t.Errorf("by id = %+v, want %+v", got, tag)
	}
	_, err = st.TagByID(ctx, 9999)
	wantErr(t, "unknown tag", err, store.ErrNotFound)
}

func testRenameTag(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "Dam opens", 1, withTags("Mekong"))
	tag, err := st.TagBySlug(ctx, "mekong")
	must(t, err)
	tag.Name, tag.Slug = "Mekong River", ""
	must(t, st.UpdateTag(ctx, &tag))
	if tag.Slug != "mekong-river" {
		t.Fatalf("slug made from the name = %q", tag.Slug)
	}
	if got, err := st.TagRedirect(ctx, "mekong"); err != nil || got != "mekong-river" {
		t.Errorf("redirect = %q, %v", got, err)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "river"}); !sameStrings(got, []string{"Dam opens"}) {
		t.Errorf("search for the new tag name = %v", got)
	}
	other := content.Tag{Name: "Rice"}
	must(t, st.CreateTag(ctx, &other))
	other.Slug = "mekong-river"
	wantErr(t, "taken slug", st.UpdateTag(ctx, &other), store.ErrConflict)
}

func testMergeTags(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	one := f.post(t, st, "Floods in the north", 1, withTags("Flood"))
	two := f.post(t, st, "Floods in the south", 2, withTags("Floods", "Flood"))
	from, err := st.TagBySlug(ctx, "flood")
	must(t, err)
	into, err := st.TagBySlug(ctx, "floods")
	must(t, err)
	wantErr(t, "into itself", st.MergeTags(ctx, from.ID, from.ID), store.ErrConflict)
	wantErr(t, "into an unknown tag", st.MergeTags(ctx, from.ID, 9999), store.ErrNotFound)
	must(t, st.MergeTags(ctx, from.ID, into.ID))
	for _, a := range []content.Article{one, two} {
		got, err := st.ArticleByID(ctx, a.ID)
		must(t, err)
		if len(got.Tags) != 1 || got.Tags[0].ID != into.ID {
			t.Errorf("%s has tags %+v, want only Floods", a.Title, got.Tags)
		}
	}
	_, err = st.TagByID(ctx, from.ID)
	wantErr(t, "the merged tag", err, store.ErrNotFound)
	if got, err := st.TagRedirect(ctx, "flood"); err != nil || got != "floods" {
		t.Errorf("redirect = %q, %v", got, err)
	}
	list, err := st.PublishedArticles(ctx, store.ArticleQuery{TagID: into.ID})
	must(t, err)
	if !sameStrings(titles(list), []string{"Floods in the south", "Floods in the north"}) {
		t.Errorf("tag archive = %v", titles(list))
	}
}

func testDeleteTag(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Harvest", 1, withTags("Rice", "Zeppelin"))
	tag, err := st.TagBySlug(ctx, "zeppelin")
	must(t, err)
	must(t, st.DeleteTag(ctx, tag.ID))
	got, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	if len(got.Tags) != 1 || got.Tags[0].Name != "Rice" {
		t.Errorf("tags after deletion = %+v", got.Tags)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "zeppelin"}); len(got) != 0 {
		t.Errorf("search still finds the deleted tag: %v", got)
	}
	wantErr(t, "deleting it again", st.DeleteTag(ctx, tag.ID), store.ErrNotFound)
}

func testMatchTags(t *testing.T, st store.Store) {
	ctx := context.Background()
	for _, n := range []string{"Mekong", "Mekong River", "Media", "50% tariff", "Rice"} {
		must(t, st.CreateTag(ctx, &content.Tag{Name: n}))
	}
	match := func(prefix string) []string {
		list, err := st.MatchTags(ctx, prefix, 10)
		must(t, err)
		var names []string
		for _, t := range list {
			names = append(names, t.Name)
		}
		return names
	}
	if got := match("mek"); !sameStrings(got, []string{"Mekong", "Mekong River"}) {
		t.Errorf("mek = %v", got)
	}
	if got := match("ME"); !sameStrings(got, []string{"Media", "Mekong", "Mekong River"}) {
		t.Errorf("ME = %v", got)
	}
	if got := match("5%"); len(got) != 0 {
		t.Errorf("5%% matched %v", got)
	}
	if got := match("50%"); !sameStrings(got, []string{"50% tariff"}) {
		t.Errorf("50%% = %v", got)
	}
	if got := match("_"); len(got) != 0 {
		t.Errorf("_ matched %v", got)
	}
}

func testCreateTagConflict(t *testing.T, st store.Store) {
	ctx := context.Background()
	tag := content.Tag{Name: "Rice"}
	must(t, st.CreateTag(ctx, &tag))
	if tag.ID == 0 || tag.Slug != "rice" {
		t.Fatalf("created %+v", tag)
	}
	wantErr(t, "same slug", st.CreateTag(ctx, &content.Tag{Name: "RICE"}), store.ErrConflict)
}

func testUserSessions(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	mk := func(u content.User, hash string, seen time.Time) {
		s := content.Session{UserID: u.ID, TokenHash: hash, CreatedAt: base, LastSeen: seen, ExpiresAt: base.Add(24 * time.Hour)}
		must(t, st.CreateSession(ctx, &s))
	}
	mk(f.author, "phone", base.Add(time.Hour))
	mk(f.author, "laptop", base.Add(2*time.Hour))
	mk(f.other, "theirs", base.Add(3*time.Hour))
	list, err := st.UserSessions(ctx, f.author.ID)
	must(t, err)
	if len(list) != 2 || list[0].TokenHash != "laptop" || list[1].TokenHash != "phone" || !list[0].LastSeen.Equal(base.Add(2*time.Hour)) {
		t.Errorf("sessions = %+v", list)
	}
}

func testDeleteUser(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Monsoon arrives", 1)
	s := content.Session{UserID: f.author.ID, TokenHash: "h", CreatedAt: base, LastSeen: base, ExpiresAt: base.Add(time.Hour)}
	must(t, st.CreateSession(ctx, &s))
	pic := content.Image{Name: "2025/07/theirs", Ext: ".jpg", Width: 10, Height: 10, Alt: "x", OwnerID: f.author.ID}
	must(t, st.CreateImage(ctx, &pic))
	must(t, st.DeleteUser(ctx, f.author.ID, f.other.ID))
	if im, err := st.ImageByID(ctx, pic.ID); err != nil || im.OwnerID != f.other.ID {
		t.Errorf("the deleted member's picture = %+v, %v; want it the heir's", im, err)
	}
	_, err := st.UserByID(ctx, f.author.ID)
	wantErr(t, "the deleted member", err, store.ErrNotFound)
	_, err = st.SessionByTokenHash(ctx, "h")
	wantErr(t, "the deleted member's session", err, store.ErrNotFound)
	got, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	if got.Author.ID != f.other.ID {
		t.Errorf("article author = %+v, want the heir", got.Author)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "kittipong"}); !sameStrings(got, []string{"Monsoon arrives"}) {
		t.Errorf("search by the heir's name = %v", got)
	}
}

func testDeleteUserRefused(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	wantErr(t, "unknown heir", st.DeleteUser(ctx, f.author.ID, 9999), store.ErrNotFound)
	wantErr(t, "themselves as heir", st.DeleteUser(ctx, f.author.ID, f.author.ID), store.ErrNotFound)
	wantErr(t, "unknown member", st.DeleteUser(ctx, 9999, f.author.ID), store.ErrNotFound)
	if _, err := st.UserByID(ctx, f.author.ID); err != nil {
		t.Errorf("a refused deletion deleted: %v", err)
	}
}

func testRenameUserReindexes(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "Monsoon arrives", 1)
	u := f.author
	u.Name, u.Slug = "Ana Cruz", ""
	must(t, st.UpdateUser(ctx, &u))
	if got := searchTitles(t, st, store.SearchQuery{Text: "cruz"}); !sameStrings(got, []string{"Monsoon arrives"}) {
		t.Errorf("search by the new name = %v", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "reyes"}); len(got) != 0 {
		t.Errorf("search by the old name = %v, want nothing", got)
	}
}
