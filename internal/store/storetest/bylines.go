package storetest

import (
	"context"
	"errors"
	"reflect"
	"slices"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runBylines specifies an article's byline: its members and credits in
// order, kept with every article the store returns, and the archives of
// every member in it.
func runBylines(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"an article that names no byline is by its owner alone", testBylineOwner},
		{"a byline keeps its members and credits in order, in every read", testBylineRoundTrip},
		{"every member of a byline has the story in their archive while it is published", testBylineArchives},
		{"a new byline replaces the old, in a versioned save too", testBylineReplaced},
		{"search finds a story by any name in its byline, and filters by any member", testBylineSearch},
		{"a byline naming an unknown member is ErrNotFound and writes nothing", testBylineUnknownMember},
		{"a deleted member's bylines go to the heir, once", testBylineHeir},
		{"a member's own articles in the newsroom are those they own or share a byline of", testBylineNewsroomOwn},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

func withAuthors(list ...content.Author) func(*content.Article) {
	return func(a *content.Article) { a.Authors = list }
}

// threeAndAnAgency is the byline: three reporters and an agency.
func threeAndAnAgency(t *testing.T, st store.Store, f fixture) []content.Author {
	t.Helper()
	third := content.User{Email: "mai@example.com", Name: "Mai Tran", Role: content.RoleContributor}
	must(t, st.CreateUser(context.Background(), &third))
	return []content.Author{content.AuthorOf(f.other), content.AuthorOf(f.author), content.AuthorOf(third),
		{Name: "Reuters", Organization: true}}
}

func wantByline(t *testing.T, what string, got, want []content.Author) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s: byline %+v, want %+v", what, got, want)
	}
}

func testBylineOwner(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	a := f.post(t, st, "Owner's own", 1)
	got, err := st.ArticleByID(context.Background(), a.ID)
	must(t, err)
	wantByline(t, "read by id", got.Authors, []content.Author{content.AuthorOf(f.author)})
}

func testBylineRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	byline := threeAndAnAgency(t, st, f)
	a := f.post(t, st, "Four names", 1, withAuthors(byline...))
	f.post(t, st, "One name", 2)

	byID, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	wantByline(t, "by id", byID.Authors, byline)
	if byID.Author.ID != f.author.ID {
		t.Errorf("owner = %d, want %d: the byline does not change the owner", byID.Author.ID, f.author.ID)
	}
	bySlug, err := st.ArticleBySlug(ctx, a.Slug)
	must(t, err)
	wantByline(t, "by slug", bySlug.Authors, byline)

	list, err := st.PublishedArticles(ctx, store.ArticleQuery{})
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("listed %d articles, want 2", len(list))
	}
	wantByline(t, "list form, the other article", list[0].Authors, []content.Author{content.AuthorOf(f.author)})
	wantByline(t, "list form", list[1].Authors, byline)
	full, err := st.PublishedArticles(ctx, store.ArticleQuery{Full: true})
	must(t, err)
	wantByline(t, "full list form (feeds)", full[1].Authors, byline)
	newsroom, err := st.NewsroomArticles(ctx, store.NewsroomFilter{})
	must(t, err)
	for _, n := range newsroom {
		if n.ID == a.ID {
			wantByline(t, "newsroom list", n.Authors, byline)
		}
	}
}

func archive(t *testing.T, st store.Store, u content.User) []string {
	t.Helper()
	list, err := st.PublishedArticles(context.Background(), store.ArticleQuery{AuthorID: u.ID})
	must(t, err)
	return titles(list)
}

func testBylineArchives(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	byline := threeAndAnAgency(t, st, f)
	third := content.User{ID: byline[2].ID}
	f.post(t, st, "Ana alone", 1)
	story := f.post(t, st, "Together", 2, withAuthors(byline...), withStatus(content.StatusDraft))
	f.post(t, st, "Ana again", 3)

	if got := archive(t, st, third); len(got) != 0 {
		t.Errorf("a draft is in its co-author's archive: %v", got)
	}
	if _, err := st.AuthorBySlug(ctx, byline[2].Slug); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a member whose only story is a draft has an author page (err %v)", err)
	}
	must(t, st.MoveArticle(ctx, store.Move{ID: story.ID, From: content.StatusDraft, To: content.StatusPublished,
		PublishedAt: story.PublishedAt, UpdatedAt: story.PublishedAt}))
	for _, c := range []struct {
		who  content.User
		want []string
	}{
		{f.author, []string{"Ana again", "Together", "Ana alone"}},
		{f.other, []string{"Together"}},
		{third, []string{"Together"}},
	} {
		if got := archive(t, st, c.who); !reflect.DeepEqual(got, c.want) {
			t.Errorf("archive of member %d = %v, want %v", c.who.ID, got, c.want)
		}
	}
	u, err := st.AuthorBySlug(ctx, byline[2].Slug)
	must(t, err)
	if u.ID != byline[2].ID {
		t.Errorf("author page of %q is member %d", byline[2].Slug, u.ID)
	}
	authors, err := st.Authors(ctx)
	must(t, err)
	if len(authors) != 3 {
		t.Errorf("readers' authors = %d members, want the three of the byline", len(authors))
	}
	page, err := st.PublishedArticles(ctx, store.ArticleQuery{AuthorID: f.author.ID, Limit: 1, Before: &store.Cursor{PublishedAt: base.Add(3 * 3600e9), ID: 1 << 40}})
	must(t, err)
	if got := titles(page); !reflect.DeepEqual(got, []string{"Ana again"}) {
		t.Errorf("archive after a cursor = %v", got)
	}
	must(t, st.MoveArticle(ctx, store.Move{ID: story.ID, From: content.StatusPublished, To: content.StatusTrashed,
		PublishedAt: story.PublishedAt, UpdatedAt: story.PublishedAt}))
	if got := archive(t, st, f.other); len(got) != 0 {
		t.Errorf("a trashed story stays in its co-author's archive: %v", got)
	}
}

func testBylineReplaced(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	byline := threeAndAnAgency(t, st, f)
	a := f.post(t, st, "Changing hands", 1, withAuthors(byline...))

	a.Authors = []content.Author{{Name: "Staff"}, content.AuthorOf(f.author)}
	must(t, st.UpdateArticle(ctx, &a))
	got, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	wantByline(t, "after UpdateArticle", got.Authors, a.Authors)
	if titles := archive(t, st, f.other); len(titles) != 0 {
		t.Errorf("a member taken off the byline keeps the story in their archive: %v", titles)
	}

	v, err := st.ArticleVersion(ctx, a.ID)
	must(t, err)
	got.Authors = []content.Author{content.AuthorOf(f.other)}
	must(t, st.ChangeArticle(ctx, store.ArticleChange{ID: a.ID, Content: &got, Version: v}))
	again, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	wantByline(t, "after a versioned save", again.Authors, []content.Author{content.AuthorOf(f.other)})
	if titles := archive(t, st, f.other); len(titles) != 1 {
		t.Errorf("the new byline's member has %v in their archive, want the story", titles)
	}
	if titles := archive(t, st, f.author); len(titles) != 0 {
		t.Errorf("the owner, no longer in the byline, keeps the story in their archive: %v", titles)
	}
}

func testBylineSearch(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	byline := threeAndAnAgency(t, st, f)
	f.post(t, st, "Dam talks resume", 1, withAuthors(byline...))
	f.post(t, st, "Dam levels fall", 2)
	for _, c := range []struct {
		q    store.SearchQuery
		want int
	}{
		{store.SearchQuery{Text: "Reuters"}, 1},
		{store.SearchQuery{Text: "Kittipong"}, 1},
		{store.SearchQuery{Text: "dam", AuthorID: f.other.ID}, 1},
		{store.SearchQuery{Text: "dam", AuthorID: f.author.ID}, 2},
	} {
		hits, err := st.Search(ctx, c.q)
		must(t, err)
		if len(hits) != c.want {
			t.Errorf("search %+v found %d, want %d", c.q, len(hits), c.want)
		}
	}
}

func testBylineUnknownMember(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Kept", 1)
	a.Title = "Not kept"
	a.Authors = []content.Author{content.AuthorOf(f.author), {ID: 9999, Name: "Nobody", Slug: "nobody"}}
	if err := st.UpdateArticle(ctx, &a); !errors.Is(err, store.ErrNotFound) {
		t.Fatalf("unknown member: err %v, want ErrNotFound", err)
	}
	got, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	if got.Title != "Kept" {
		t.Errorf("the refused save wrote its title %q", got.Title)
	}
	wantByline(t, "after the refused save", got.Authors, []content.Author{content.AuthorOf(f.author)})
}

func testBylineHeir(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	byline := threeAndAnAgency(t, st, f)
	both := f.post(t, st, "Both", 1, withAuthors(byline...))
	third := content.User{ID: byline[2].ID}
	alone := f.post(t, st, "Third's", 2, withAuthors(byline[2]))
	must(t, st.DeleteUser(ctx, f.author.ID, third.ID))
	got, err := st.ArticleByID(ctx, both.ID)
	must(t, err)
	wantByline(t, "heir already in the byline", got.Authors, []content.Author{byline[0], byline[2], byline[3]})
	must(t, st.DeleteUser(ctx, third.ID, f.other.ID))
	got, err = st.ArticleByID(ctx, alone.ID)
	must(t, err)
	wantByline(t, "heir not in the byline", got.Authors, []content.Author{byline[0]})
}

func testBylineNewsroomOwn(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	byline := threeAndAnAgency(t, st, f)
	third := byline[2].ID
	f.post(t, st, "Shared draft", 1, withAuthors(byline...), withStatus(content.StatusDraft))
	f.post(t, st, "Credited away", 2, withAuthors(byline[3]))
	f.post(t, st, "Kit's own", 3, func(a *content.Article) { a.Author = f.other })
	for _, c := range []struct {
		who  int64
		want []string
	}{
		{f.author.ID, []string{"Credited away", "Shared draft"}},
		{f.other.ID, []string{"Kit's own", "Shared draft"}},
		{third, []string{"Shared draft"}},
	} {
		list, err := st.NewsroomArticles(ctx, store.NewsroomFilter{AuthorID: c.who})
		must(t, err)
		got := titles(list)
		slices.Sort(got)
		if !slices.Equal(got, c.want) {
			t.Errorf("member %d's own = %v, want %v", c.who, got, c.want)
		}
		counts, err := st.StatusCounts(ctx, c.who)
		must(t, err)
		if n := counts[content.StatusDraft] + counts[content.StatusPublished]; n != len(c.want) {
			t.Errorf("member %d's counts %v, want %d articles", c.who, counts, len(c.want))
		}
	}
}
