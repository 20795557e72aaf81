// Package storetest is the conformance suite every store backend runs: the
// behaviour of store.Store is specified here once.
package storetest

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// Run runs the whole contract of store.Store, each part as a subtest:
// articles, lists and settings; search and slugs; accounts; moderation and
// the mail queue; the newsroom; taxonomy and member management. newStore
// returns a fresh, empty store and is called once per test. It is the
// suite's only entry point, so a backend cannot pass part of the contract
// by calling part of the suite. (RunNodes is the rest: what two handles
// of one database, as two nodes have, rely on.)
func Run(t *testing.T, newStore func(t *testing.T) store.Store) {
	parts := []struct {
		name string
		run  func(t *testing.T, newStore func(t *testing.T) store.Store)
	}{
		{"content", runContent},
		{"accounts", runAccounts},
		{"moderation", runModeration},
		{"newsroom", runNewsroom},
		{"admin", runAdmin},
		{"changes", runChanges},
		{"legacy", runLegacy},
		{"import", runImport},
		{"transactions", runTransactions},
		{"pages", runPages},
		{"leases", runLeases},
		{"liveblogs", runLiveBlogs},
		{"newsdesk", runNewsdesk},
		{"limits", runLimits},
		{"bylines", runBylines},
	}
	for _, p := range parts {
		t.Run(p.name, func(t *testing.T) { p.run(t, newStore) })
	}
}

// runContent specifies articles, lists, comments, media, settings, search
// and slugs.
func runContent(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"a new store is empty and has default settings", testEmpty},
		{"settings round-trip", testSettings},
		{"users are found by id, slug and email in any case", testUsers},
		{"a second user with the same email is a conflict", testUserConflict},
		{"categories list in navigation order", testCategories},
		{"an article round-trips with every field", testArticleRoundTrip},
		{"slugs made from titles are unique", testUniqueSlugs},
		{"a chosen slug that is taken is a conflict", testSlugConflict},
		{"unknown ids and slugs are ErrNotFound", testNotFound},
		{"published lists are newest first and hide drafts", testPublishedOrder},
		{"lists filter by category, tag, author and must-read", testFilters},
		{"lists page with limit and offset", testPaging},
		{"lists keep to a publication window, with any other filter", testWindow},
		{"tag lists follow status changes", testTagListFollowsStatus},
		{"related articles rank shared category and tags, never the article itself", testRelated},
		{"a deleted published article is gone, a deleted draft is not found", testDeleteGone},
		{"approved comments are listed oldest first and counted", testComments},
		{"a comment on a missing article is ErrNotFound", testCommentMissingArticle},
		{"images keep their variants", testImages},
		{"the media library pages and searches newest first", testImageSearch},
		{"tags are saved once per slug, in order", testTagsDeduplicated},
		{"the tags of a page of articles come in one call, in each article's order", testTagsOf},
		{"keyset cursors page through lists without gaps or repeats", testCursor},
		{"tags and authors are listed by name", testListings},
		{"readers' tags and authors are those of published posts only", testPublishedListings},
		{"sitemap months follow every change to an article", testSitemapMonths},
		{"named settings round-trip and secrets are made once", testSettingDocs},
	}
	tests = append(tests, searchTests...)
	tests = append(tests, slugTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			st := newStore(t)
			tc.fn(t, st)
		})
	}
}

var base = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

// fixture is a small newsroom shared by many tests.
type fixture struct {
	author, other content.User
	politics      content.Category
	business      content.Category
}

func newFixture(t *testing.T, st store.Store) fixture {
	t.Helper()
	ctx := context.Background()
	f := fixture{
		author:   content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor},
		other:    content.User{Email: "kit@example.com", Name: "Kittipong Chai", Role: content.RoleEditor},
		politics: content.Category{Name: "Politics", Position: 1},
		business: content.Category{Name: "Business", Position: 2},
	}
	for _, u := range []*content.User{&f.author, &f.other} {
		must(t, st.CreateUser(ctx, u))
	}
	for _, c := range []*content.Category{&f.politics, &f.business} {
		must(t, st.CreateCategory(ctx, c))
	}
	return f
}

// post creates a published post n hours after base with the given options.
func (f fixture) post(t *testing.T, st store.Store, title string, hours int, opts ...func(*content.Article)) content.Article {
	t.Helper()
	a := content.Article{
		Kind: content.KindPost, Title: title, Source: "Text of " + title, Body: "<p>Text of " + title + "</p>",
		Format: content.FormatMarkdown, Status: content.StatusPublished,
		PublishedAt: base.Add(time.Duration(hours) * time.Hour), Author: f.author, Category: f.politics,
		CommentsOpen: true, Words: 3,
	}
	for _, o := range opts {
		o(&a)
	}
	must(t, st.CreateArticle(context.Background(), &a))
	return a
}

func inCategory(c content.Category) func(*content.Article) {
	return func(a *content.Article) { a.Category = c }
}

func withTags(names ...string) func(*content.Article) {
	return func(a *content.Article) {
		for _, n := range names {
			a.Tags = append(a.Tags, content.Tag{Name: n})
		}
	}
}

func withStatus(s content.Status) func(*content.Article) {
	return func(a *content.Article) { a.Status = s }
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func titles(list []content.Article) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Title
	}
	return out
}

func sameStrings(got, want []string) bool {
	return fmt.Sprint(got) == fmt.Sprint(want)
}

func testEmpty(t *testing.T, st store.Store) {
	ctx := context.Background()
	empty, err := st.Empty(ctx)
	must(t, err)
	if !empty {
		t.Fatal("new store is not empty")
	}
	set, err := st.Settings(ctx)
	must(t, err)
	if set != content.DefaultSettings() {
		t.Errorf("settings = %+v, want defaults", set)
	}
	newFixture(t, st)
	if empty, _ := st.Empty(ctx); empty {
		t.Error("store with users still reports empty")
	}
}

func testSettings(t *testing.T, st store.Store) {
	ctx := context.Background()
	set := content.DefaultSettings()
	set.SiteName, set.TimeZone, set.WeatherLabel, set.Latitude = "Bangkok Daily", "Asia/Bangkok", "Thailand", 13.75
	must(t, st.SaveSettings(ctx, set))
	set.Tagline = "changed"
	must(t, st.SaveSettings(ctx, set))
	got, err := st.Settings(ctx)
	must(t, err)
	if got != set {
		t.Errorf("settings = %+v, want %+v", got, set)
	}
}

func testUsers(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := content.User{Email: "  Somchai@Example.COM ", Name: "Somchai Rattanakul", Role: content.RoleEditor, Bio: "Editor."}
	must(t, st.CreateUser(ctx, &u))
	if u.ID == 0 || u.Slug != "somchai-rattanakul" {
		t.Fatalf("created user = %+v", u)
	}
	for name, get := range map[string]func() (content.User, error){
		"id":    func() (content.User, error) { return st.UserByID(ctx, u.ID) },
		"slug":  func() (content.User, error) { return st.UserBySlug(ctx, "somchai-rattanakul") },
		"email": func() (content.User, error) { return st.UserByEmail(ctx, "SOMCHAI@example.com") },
	} {
		got, err := get()
		must(t, err)
		if got.ID != u.ID || got.Email != "somchai@example.com" || got.Role != content.RoleEditor || got.Bio != "Editor." {
			t.Errorf("by %s: %+v", name, got)
		}
	}
}

func testUserConflict(t *testing.T, st store.Store) {
	ctx := context.Background()
	must(t, st.CreateUser(ctx, &content.User{Email: "a@example.com", Name: "A One", Role: content.RoleAuthor}))
	err := st.CreateUser(ctx, &content.User{Email: "A@example.com", Name: "A Two", Role: content.RoleAuthor})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
}

func testCategories(t *testing.T, st store.Store) {
	ctx := context.Background()
	for i, n := range []string{"World", "Thailand", "Sport"} {
		must(t, st.CreateCategory(ctx, &content.Category{Name: n, Position: 3 - i}))
	}
	list, err := st.Categories(ctx)
	must(t, err)
	var names []string
	for _, c := range list {
		names = append(names, c.Name)
	}
	if !sameStrings(names, []string{"Sport", "Thailand", "World"}) {
		t.Errorf("categories = %v", names)
	}
	c, err := st.CategoryBySlug(ctx, "thailand")
	must(t, err)
	if c.Name != "Thailand" {
		t.Errorf("by slug = %+v", c)
	}
	err = st.CreateCategory(ctx, &content.Category{Name: "Sport again", Slug: "sport"})
	if !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate category slug: err = %v, want ErrConflict", err)
	}
}

func testArticleRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	im := content.Image{Name: "2025/07/flood", Ext: ".jpg", Width: 1600, Height: 900, Alt: "Flooded street",
		Caption: "Water in Bang Kapi.", Credit: "Photo: Dateline", Variants: []int{480, 960},
		Crops: content.CropRatios, Bytes: 182_311}
	must(t, st.CreateImage(ctx, &im))
	a := content.Article{
		Kind: content.KindPost, Title: "Floods close schools", Excerpt: "Dozens of schools shut.",
		Source: "**Rain** fell.", Format: content.FormatMarkdown, Body: "<p><strong>Rain</strong> fell.</p>",
		Dateline: "BANGKOK", Status: content.StatusPublished, PublishedAt: base, UpdatedAt: base.Add(time.Hour),
		CreatedAt: base.Add(-time.Hour), Author: f.author, Category: f.business, Image: &im,
		Tags: []content.Tag{{Name: "Monsoon"}, {Name: "Schools"}}, MustRead: true, CommentsOpen: true,
		SEOTitle: "Floods", SEODesc: "Schools shut.", Words: 2,
	}
	must(t, st.CreateArticle(ctx, &a))
	if a.ID == 0 || a.Slug != "floods-close-schools" {
		t.Fatalf("created = id %d slug %q", a.ID, a.Slug)
	}
	for _, get := range []func() (content.Article, error){
		func() (content.Article, error) { return st.ArticleByID(ctx, a.ID) },
		func() (content.Article, error) { return st.ArticleBySlug(ctx, a.Slug) },
	} {
		got, err := get()
		must(t, err)
		checks := []struct {
			name      string
			got, want any
		}{
			{"title", got.Title, a.Title}, {"excerpt", got.Excerpt, a.Excerpt}, {"source", got.Source, a.Source},
			{"format", got.Format, a.Format}, {"body", got.Body, a.Body}, {"dateline", got.Dateline, a.Dateline},
			{"status", got.Status, a.Status}, {"kind", got.Kind, a.Kind},
			{"published", got.PublishedAt.Equal(a.PublishedAt), true}, {"updated", got.UpdatedAt.Equal(a.UpdatedAt), true},
			{"created", got.CreatedAt.Equal(a.CreatedAt), true},
			{"author", got.Author.Name, "Ana Reyes"}, {"author slug", got.Author.Slug, "ana-reyes"},
			{"category", got.Category.Slug, "business"}, {"must read", got.MustRead, true},
			{"comments open", got.CommentsOpen, true},
			{"seo title", got.SEOTitle, "Floods"}, {"seo desc", got.SEODesc, "Schools shut."}, {"words", got.Words, 2},
			{"tags", fmt.Sprint(got.Tags), fmt.Sprint(a.Tags)},
			{"image", fmt.Sprint(*got.Image), fmt.Sprint(im)},
		}
		for _, c := range checks {
			if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
				t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
			}
		}
	}
	a.Title, a.Tags, a.Image, a.Category = "Floods close 40 schools", []content.Tag{{Name: "Schools"}}, nil, content.Category{}
	must(t, st.UpdateArticle(ctx, &a))
	got, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	if got.Title != "Floods close 40 schools" || len(got.Tags) != 1 || got.Image != nil || got.Category.ID != 0 {
		t.Errorf("after update: %+v", got)
	}
}

func testUniqueSlugs(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	a := f.post(t, st, "Baht hits six-month high", 1)
	b := f.post(t, st, "Baht hits six-month high", 2)
	c := f.post(t, st, "Baht hits six-month high!", 3)
	if a.Slug != "baht-hits-six-month-high" || b.Slug != "baht-hits-six-month-high-2" || c.Slug != "baht-hits-six-month-high-3" {
		t.Errorf("slugs = %q %q %q", a.Slug, b.Slug, c.Slug)
	}
	thai := f.post(t, st, "น้ำท่วมกรุงเทพ", 4)
	got, err := st.ArticleBySlug(context.Background(), "น้ำท่วมกรุงเทพ")
	must(t, err)
	if got.ID != thai.ID {
		t.Errorf("Thai slug lookup found %d, want %d", got.ID, thai.ID)
	}
}

func testSlugConflict(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "First", 1, func(a *content.Article) { a.Slug = "chosen" })
	err := st.CreateArticle(context.Background(), &content.Article{Kind: content.KindPost, Title: "Second", Slug: "chosen",
		Format: content.FormatMarkdown, Status: content.StatusDraft, Author: f.author})
	if !errors.Is(err, store.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	second := f.post(t, st, "Second", 2)
	second.Slug = "chosen"
	if err := st.UpdateArticle(context.Background(), &second); !errors.Is(err, store.ErrConflict) {
		t.Fatalf("update err = %v, want ErrConflict", err)
	}
}

func testNotFound(t *testing.T, st store.Store) {
	ctx := context.Background()
	checks := map[string]error{}
	_, checks["article id"] = st.ArticleByID(ctx, 999)
	_, checks["article slug"] = st.ArticleBySlug(ctx, "nope")
	_, checks["category"] = st.CategoryBySlug(ctx, "nope")
	_, checks["tag"] = st.TagBySlug(ctx, "nope")
	_, checks["user id"] = st.UserByID(ctx, 999)
	_, checks["user slug"] = st.UserBySlug(ctx, "nope")
	_, checks["user email"] = st.UserByEmail(ctx, "nope@example.com")
	_, checks["image"] = st.ImageByID(ctx, 999)
	checks["update"] = st.UpdateArticle(ctx, &content.Article{ID: 999, Kind: content.KindPost, Title: "x", Slug: "x",
		Format: content.FormatMarkdown, Status: content.StatusDraft, Author: content.User{ID: 1}})
	checks["delete"] = st.DeleteArticle(ctx, 999)
	for name, err := range checks {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", name, err)
		}
	}
}

func testPublishedOrder(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Old", 1)
	f.post(t, st, "New", 5)
	f.post(t, st, "Middle", 3)
	f.post(t, st, "Draft", 9, withStatus(content.StatusDraft), func(a *content.Article) { a.PublishedAt = time.Time{} })
	f.post(t, st, "Pending", 9, withStatus(content.StatusPending), func(a *content.Article) { a.PublishedAt = time.Time{} })
	f.post(t, st, "Scheduled", 90, withStatus(content.StatusScheduled))
	f.post(t, st, "Trashed", 7, withStatus(content.StatusTrashed))
	f.post(t, st, "About", 8, func(a *content.Article) { a.Kind = content.KindPage })
	list, err := st.PublishedArticles(context.Background(), store.ArticleQuery{})
	must(t, err)
	if got := titles(list); !sameStrings(got, []string{"New", "Middle", "Old"}) {
		t.Errorf("published = %v", got)
	}
	if list[0].Author.Name != "Ana Reyes" || list[0].Category.Name != "Politics" {
		t.Errorf("card lacks author or category: %+v", list[0])
	}
	pages, err := st.PublishedArticles(context.Background(), store.ArticleQuery{Kind: content.KindPage})
	must(t, err)
	if got := titles(pages); !sameStrings(got, []string{"About"}) {
		t.Errorf("pages = %v", got)
	}
}

func testFilters(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "P1", 1, withTags("Mekong"))
	f.post(t, st, "B1", 2, inCategory(f.business), withTags("Mekong", "Rice"))
	f.post(t, st, "P2", 3, func(a *content.Article) { a.MustRead = true; a.Author = f.other })
	f.post(t, st, "B2", 4, inCategory(f.business), func(a *content.Article) { a.MustRead = true })
	mekong, err := st.TagBySlug(ctx, "mekong")
	must(t, err)
	cases := []struct {
		name string
		q    store.ArticleQuery
		want []string
	}{
		{"category", store.ArticleQuery{CategoryID: f.business.ID}, []string{"B2", "B1"}},
		{"tag", store.ArticleQuery{TagID: mekong.ID}, []string{"B1", "P1"}},
		{"author", store.ArticleQuery{AuthorID: f.other.ID}, []string{"P2"}},
		{"must read", store.ArticleQuery{MustRead: true}, []string{"B2", "P2"}},
		{"must read without the current one", store.ArticleQuery{MustRead: true, ExcludeID: 4}, []string{"P2"}},
		{"tag without the current one", store.ArticleQuery{TagID: mekong.ID, ExcludeID: 2}, []string{"P1"}},
	}
	for _, c := range cases {
		list, err := st.PublishedArticles(ctx, c.q)
		must(t, err)
		if got := titles(list); !sameStrings(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func testPaging(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	for i := 1; i <= 7; i++ {
		f.post(t, st, fmt.Sprintf("S%d", i), i)
	}
	list, err := st.PublishedArticles(context.Background(), store.ArticleQuery{Limit: 3, Offset: 3})
	must(t, err)
	if got := titles(list); !sameStrings(got, []string{"S4", "S3", "S2"}) {
		t.Errorf("page 2 = %v", got)
	}
	list, err = st.PublishedArticles(context.Background(), store.ArticleQuery{Limit: 3, Offset: 6})
	must(t, err)
	if got := titles(list); !sameStrings(got, []string{"S1"}) {
		t.Errorf("page 3 = %v", got)
	}
	list, err = st.PublishedArticles(context.Background(), store.ArticleQuery{Limit: 100000})
	must(t, err)
	if len(list) != 7 {
		t.Errorf("huge limit gave %d", len(list))
	}
}

func testWindow(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "Before", -1, withTags("Mekong"))
	f.post(t, st, "At the start", 0, withTags("Mekong"))
	f.post(t, st, "Inside", 5, inCategory(f.business), withTags("Mekong"))
	f.post(t, st, "A draft inside", 6, withStatus(content.StatusDraft))
	f.post(t, st, "At the end", 24, withTags("Mekong"))
	mekong, err := st.TagBySlug(ctx, "mekong")
	must(t, err)
	day := func(q store.ArticleQuery) store.ArticleQuery { q.From, q.To = base, base.Add(24*time.Hour); return q }
	cases := []struct {
		name string
		q    store.ArticleQuery
		want []string
	}{
		{"a day holds its start and not its end", day(store.ArticleQuery{}), []string{"Inside", "At the start"}},
		{"a window and a section", day(store.ArticleQuery{CategoryID: f.business.ID}), []string{"Inside"}},
		{"a window and a tag", day(store.ArticleQuery{TagID: mekong.ID}), []string{"Inside", "At the start"}},
		{"from alone", store.ArticleQuery{From: base.Add(time.Hour)}, []string{"At the end", "Inside"}},
		{"to alone", store.ArticleQuery{To: base}, []string{"Before"}},
		{"a window paged", func() store.ArticleQuery { q := day(store.ArticleQuery{}); q.Limit, q.Offset = 1, 1; return q }(),
			[]string{"At the start"}},
		{"an empty window", store.ArticleQuery{From: base.Add(48 * time.Hour), To: base.Add(72 * time.Hour)}, nil},
	}
	for _, c := range cases {
		list, err := st.PublishedArticles(ctx, c.q)
		must(t, err)
		if got := titles(list); !sameStrings(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

func testTagListFollowsStatus(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Draft first", 1, withTags("Rice"), withStatus(content.StatusDraft))
	rice, err := st.TagBySlug(ctx, "rice")
	must(t, err)
	count := func() int {
		list, err := st.PublishedArticles(ctx, store.ArticleQuery{TagID: rice.ID})
		must(t, err)
		return len(list)
	}
	if n := count(); n != 0 {
		t.Fatalf("draft listed under its tag (%d)", n)
	}
	a.Status = content.StatusPublished
	must(t, st.UpdateArticle(ctx, &a))
	if n := count(); n != 1 {
		t.Fatalf("published article not under its tag (%d)", n)
	}
	a.Status = content.StatusTrashed
	must(t, st.UpdateArticle(ctx, &a))
	if n := count(); n != 0 {
		t.Fatalf("trashed article still under its tag (%d)", n)
	}
}

func testRelated(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	cur := f.post(t, st, "Current", 10, withTags("Mekong", "Dams", "Laos"))
	f.post(t, st, "Same section only, newest", 20)
	f.post(t, st, "Two tags, other section", 5, inCategory(f.business), withTags("Mekong", "Dams"))
	f.post(t, st, "Section and one tag", 4, withTags("Laos"))
	f.post(t, st, "Nothing in common", 30, inCategory(f.business))
	f.post(t, st, "Draft sharing everything", 6, withTags("Mekong", "Dams", "Laos"), withStatus(content.StatusDraft))
	list, err := st.RelatedArticles(context.Background(), cur, 6)
	must(t, err)
	want := []string{"Two tags, other section", "Section and one tag", "Same section only, newest"}
	// Two tags and section+tag both score 2; the newer wins the tie.
	if got := titles(list); !sameStrings(got, want) {
		t.Errorf("related = %v, want %v", got, want)
	}
	list, err = st.RelatedArticles(context.Background(), cur, 1)
	must(t, err)
	if len(list) != 1 {
		t.Errorf("limit 1 gave %d", len(list))
	}
}

func testDeleteGone(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	pub := f.post(t, st, "Published then removed", 1)
	draft := f.post(t, st, "Never published", 2, withStatus(content.StatusDraft), func(a *content.Article) { a.PublishedAt = time.Time{} })
	must(t, st.DeleteArticle(ctx, pub.ID))
	must(t, st.DeleteArticle(ctx, draft.ID))
	if _, err := st.ArticleBySlug(ctx, pub.Slug); !errors.Is(err, store.ErrGone) {
		t.Errorf("published: err = %v, want ErrGone", err)
	}
	if _, err := st.ArticleBySlug(ctx, draft.Slug); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("draft: err = %v, want ErrNotFound", err)
	}
}

func testComments(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Commented", 1)
	first := content.Comment{ArticleID: a.ID, AuthorName: "Nok", AuthorEmail: "nok@example.com", Body: "First",
		Status: content.CommentApproved, CreatedAt: base.Add(2 * time.Hour)}
	must(t, st.CreateComment(ctx, &first))
	reply := content.Comment{ArticleID: a.ID, ParentID: first.ID, AuthorName: "Lee", AuthorEmail: "lee@example.com",
		AuthorURL: "https://lee.example", Body: "Reply", Status: content.CommentApproved, CreatedAt: base.Add(3 * time.Hour)}
	must(t, st.CreateComment(ctx, &reply))
	held := content.Comment{ArticleID: a.ID, AuthorName: "Spammer", AuthorEmail: "s@example.com", Body: "Buy",
		Status: content.CommentPending, CreatedAt: base.Add(time.Hour)}
	must(t, st.CreateComment(ctx, &held))
	list, err := st.ApprovedComments(ctx, a.ID)
	must(t, err)
	if len(list) != 2 || list[0].Body != "First" || list[1].ParentID != first.ID || list[1].AuthorURL != "https://lee.example" {
		t.Fatalf("comments = %+v", list)
	}
	got, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	if got.CommentCount != 2 {
		t.Errorf("comment count = %d, want 2", got.CommentCount)
	}
}

func testCommentMissingArticle(t *testing.T, st store.Store) {
	err := st.CreateComment(context.Background(), &content.Comment{ArticleID: 424242, AuthorName: "x", AuthorEmail: "x@example.com",
		Body: "x", Status: content.CommentPending})
	if !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("err = %v, want ErrNotFound", err)
	}
}

func testTagsOf(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	tags := func(names ...string) func(*content.Article) {
		return func(a *content.Article) {
			for _, n := range names {
				a.Tags = append(a.Tags, content.Tag{Name: n})
			}
		}
	}
	a := f.post(t, st, "Rice prices climb", 1, tags("Rice", "Exports", "Baht"))
	b := f.post(t, st, "Baht steadies", 2, tags("Baht"))
	c := f.post(t, st, "No tags here", 3)
	got, err := st.TagsOf(ctx, []int64{a.ID, b.ID, c.ID, 999_999})
	must(t, err)
	names := func(list []content.Tag) string {
		var out []string
		for _, t := range list {
			out = append(out, t.Name)
		}
		return fmt.Sprint(out)
	}
	if names(got[a.ID]) != "[Rice Exports Baht]" || names(got[b.ID]) != "[Baht]" || len(got) != 2 {
		t.Errorf("TagsOf = %v", got)
	}
	if got[b.ID][0] != got[a.ID][2] {
		t.Errorf("one tag reads differently for two articles: %+v and %+v", got[b.ID][0], got[a.ID][2])
	}
	if none, err := st.TagsOf(ctx, nil); err != nil || len(none) != 0 {
		t.Errorf("TagsOf(nil) = %v, %v", none, err)
	}
}

func testImages(t *testing.T, st store.Store) {
	ctx := context.Background()
	im := content.Image{Name: "a/b", Ext: ".jpg", Width: 1200, Height: 800, Variants: []int{480, 960},
		Crops: []content.Ratio{{W: 16, H: 9}, {W: 1, H: 1}}, Bytes: 98_765}
	must(t, st.CreateImage(ctx, &im))
	got, err := st.ImageByID(ctx, im.ID)
	must(t, err)
	if fmt.Sprint(got) != fmt.Sprint(im) {
		t.Errorf("image = %+v, want %+v", got, im)
	}
	if err := st.CreateImage(ctx, &content.Image{Name: "a/b", Ext: ".jpg", Width: 1, Height: 1}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("duplicate name: err = %v, want ErrConflict", err)
	}

	owner := content.User{Name: "Nok Uploader", Email: "nok.uploader@example.com", Role: content.RoleAuthor}
	must(t, st.CreateUser(ctx, &owner))
	newer := content.Image{Name: "a/c", Ext: ".png", Width: 640, Height: 480, Alt: "Second", OwnerID: owner.ID}
	must(t, st.CreateImage(ctx, &newer))
	list, err := st.Images(ctx, store.ImageQuery{Limit: 10})
	must(t, err)
	if len(list) != 2 || list[0].ID != newer.ID || list[1].ID != im.ID {
		t.Errorf("images = %+v, want the newer first", list)
	}
	if list[0].OwnerID != owner.ID || list[1].OwnerID != 0 {
		t.Errorf("owners = %d and %d, want %d and none", list[0].OwnerID, list[1].OwnerID, owner.ID)
	}
	if page, err := st.Images(ctx, store.ImageQuery{Limit: 1, Before: newer.ID}); err != nil || len(page) != 1 || page[0].ID != im.ID {
		t.Errorf("second page = %+v, %v", page, err)
	}
	if n, err := st.CountImages(ctx); err != nil || n != 2 {
		t.Errorf("CountImages = %d, %v; want 2", n, err)
	}
	must(t, st.UpdateImageText(ctx, im.ID, "Flooded road", "The road to Ayutthaya", "Reuters"))
	got, err = st.ImageByID(ctx, im.ID)
	must(t, err)
	if got.Alt != "Flooded road" || got.Caption != "The road to Ayutthaya" || got.Credit != "Reuters" || got.Name != "a/b" {
		t.Errorf("after UpdateImageText: %+v", got)
	}
	if err := st.UpdateImageText(ctx, 999, "x", "", ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown image: err = %v, want ErrNotFound", err)
	}
}

func testTagsDeduplicated(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	a := f.post(t, st, "Tagged", 1, withTags("Rice", "Baht", "rice", " Rice ", "", "ข่าวด่วน"))
	got, err := st.ArticleByID(context.Background(), a.ID)
	must(t, err)
	var names []string
	for _, tg := range got.Tags {
		names = append(names, tg.Name+"="+tg.Slug)
	}
	if !sameStrings(names, []string{"Rice=rice", "Baht=baht", "ข่าวด่วน=ข่าวด่วน"}) {
		t.Errorf("tags = %v", names)
	}
}

func testCursor(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	for i := 1; i <= 7; i++ {
		// Two stories share each publication time, so ids break the ties.
		f.post(t, st, fmt.Sprintf("S%d", i), (i+1)/2, withTags("Baht"))
	}
	baht, err := st.TagBySlug(context.Background(), "baht")
	must(t, err)
	for _, q := range []store.ArticleQuery{{Limit: 3}, {Limit: 3, TagID: baht.ID}} {
		var seen []string
		for page := 0; page < 5; page++ {
			list, err := st.PublishedArticles(context.Background(), q)
			must(t, err)
			if len(list) == 0 {
				break
			}
			seen = append(seen, titles(list)...)
			last := list[len(list)-1]
			q.Before = &store.Cursor{PublishedAt: last.PublishedAt, ID: last.ID}
		}
		if got := fmt.Sprint(seen); got != "[S7 S6 S5 S4 S3 S2 S1]" {
			t.Errorf("pages (tag %d) = %s", q.TagID, got)
		}
	}
}

func testListings(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "One", 1, withTags("Rice", "Baht", "Monsoon"))
	tags, err := st.Tags(ctx, "", 0)
	must(t, err)
	if got := fmt.Sprint(titlesOfTags(tags)); got != "[Baht Monsoon Rice]" {
		t.Errorf("tags = %s", got)
	}
	tags, err = st.Tags(ctx, "Baht", 1)
	must(t, err)
	if got := fmt.Sprint(titlesOfTags(tags)); got != "[Monsoon]" {
		t.Errorf("tags after Baht = %s", got)
	}
	authors, err := st.Authors(ctx)
	must(t, err)
	if len(authors) != 1 || authors[0].ID != f.author.ID {
		t.Errorf("authors = %+v, want only the one with a published post", authors)
	}
}

func testPublishedListings(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "Out", 1, withTags("Rice", "Monsoon"))
	f.post(t, st, "Draft", 2, withTags("Merger"), withStatus(content.StatusDraft), func(a *content.Article) { a.Author = f.other })
	f.post(t, st, "Scheduled", 3, withTags("Deal"), withStatus(content.StatusScheduled))
	trashed := f.post(t, st, "Trashed", 4, withTags("Recall"))
	page := content.Article{Kind: content.KindPage, Title: "About", Source: "x", Body: "<p>x</p>", Format: content.FormatMarkdown,
		Status: content.StatusPublished, PublishedAt: base, Author: f.other, Tags: []content.Tag{{Name: "Colophon"}}}
	must(t, st.CreateArticle(ctx, &page))
	trashed.Status = content.StatusTrashed
	must(t, st.UpdateArticle(ctx, &trashed))

	tags, err := st.PublishedTags(ctx, "", 0)
	must(t, err)
	if got := fmt.Sprint(titlesOfTags(tags)); got != "[Monsoon Rice]" {
		t.Errorf("published tags = %s, want only those of the published post", got)
	}
	if tags, err = st.PublishedTags(ctx, "Monsoon", 1); err != nil || fmt.Sprint(titlesOfTags(tags)) != "[Rice]" {
		t.Errorf("published tags after Monsoon = %v, %v", titlesOfTags(tags), err)
	}
	for slug, found := range map[string]bool{"rice": true, "merger": false, "deal": false, "recall": false, "colophon": false, "nope": false} {
		_, err := st.PublishedTagBySlug(ctx, slug)
		if found && err != nil || !found && !errors.Is(err, store.ErrNotFound) {
			t.Errorf("PublishedTagBySlug(%s) = %v, want found %v", slug, err, found)
		}
	}
	if u, err := st.AuthorBySlug(ctx, f.author.Slug); err != nil || u.ID != f.author.ID {
		t.Errorf("AuthorBySlug(the published author) = %+v, %v", u, err)
	}
	if _, err := st.AuthorBySlug(ctx, f.other.Slug); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("AuthorBySlug(a member with a draft and a page) = %v, want ErrNotFound", err)
	}
}

func titlesOfTags(list []content.Tag) []string {
	out := make([]string, len(list))
	for i, t := range list {
		out[i] = t.Name
	}
	return out
}

func testSitemapMonths(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	july := f.post(t, st, "July one", 0)
	f.post(t, st, "July two", 48)
	f.post(t, st, "August", 24*20)
	f.post(t, st, "Draft", 5, withStatus(content.StatusDraft), func(a *content.Article) { a.PublishedAt = time.Time{} })
	f.post(t, st, "Page", 5, func(a *content.Article) { a.Kind = content.KindPage })
	months := func() string {
		list, err := st.SitemapMonths(ctx)
		must(t, err)
		var parts []string
		for _, m := range list {
			parts = append(parts, fmt.Sprintf("%s:%d", m.Month, m.Count))
		}
		return strings.Join(parts, " ")
	}
	if got := months(); got != "2025-07:2 2025-08:1" {
		t.Fatalf("months = %s", got)
	}
	july.Status = content.StatusTrashed
	must(t, st.UpdateArticle(ctx, &july))
	if got := months(); got != "2025-07:1 2025-08:1" {
		t.Errorf("after trashing = %s", got)
	}
	july.Status = content.StatusPublished
	july.PublishedAt = base.Add(24 * 40 * time.Hour)
	must(t, st.UpdateArticle(ctx, &july))
	if got := months(); got != "2025-07:1 2025-08:2" {
		t.Errorf("after moving = %s", got)
	}
	must(t, st.DeleteArticle(ctx, july.ID))
	if got := months(); got != "2025-07:1 2025-08:1" {
		t.Errorf("after deleting = %s", got)
	}
	entries, err := st.SitemapEntries(ctx, "2025-07", 0, 10)
	must(t, err)
	if len(entries) != 1 || entries[0].Slug != "july-two" {
		t.Errorf("entries = %+v", entries)
	}
	pages, err := st.SitemapEntries(ctx, "", 0, 10)
	must(t, err)
	if len(pages) != 1 || pages[0].Kind != content.KindPage {
		t.Errorf("pages = %+v", pages)
	}
	last, err := st.LastPublished(ctx, "category")
	must(t, err)
	if _, ok := last["politics"]; !ok || len(last) != 1 {
		t.Errorf("last published per category = %v", last)
	}
}

func testSettingDocs(t *testing.T, st store.Store) {
	ctx := context.Background()
	if _, err := st.Setting(ctx, "comments"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing setting: err = %v, want ErrNotFound", err)
	}
	must(t, st.SaveSetting(ctx, "comments", []byte(`{"mode":"hold_all"}`)))
	must(t, st.SaveSetting(ctx, "comments", []byte(`{"mode":"approve_all"}`)))
	got, err := st.Setting(ctx, "comments")
	must(t, err)
	if string(got) != `{"mode":"approve_all"}` {
		t.Errorf("setting = %s", got)
	}
	if err := st.SaveSetting(ctx, "site", []byte("{}")); err == nil {
		t.Error("a named setting overwrote the site settings")
	}
	a, err := st.Secret(ctx, "comments")
	must(t, err)
	b, err := st.Secret(ctx, "comments")
	must(t, err)
	c, err := st.Secret(ctx, "other")
	must(t, err)
	if len(a) != 32 || string(a) != string(b) || string(a) == string(c) {
		t.Errorf("secrets: %x %x %x", a, b, c)
	}
}
