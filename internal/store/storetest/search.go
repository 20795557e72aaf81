package storetest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// searchTests specify full-text search; Run includes them.
var searchTests = []struct {
	name string
	fn   func(t *testing.T, st store.Store)
}{
	{"a post is found by a word of its headline, excerpt, body, tags or byline, in any case", testSearchFields},
	{"a post matches only when it holds every word of the query", testSearchAllWords},
	{"a headline match ranks above a match only in the body", testSearchRanking},
	{"between equally relevant matches the more recent ranks first", testSearchRecency},
	{"recency lifts a match slightly and does not bury an older, better one", testSearchRecencyIsSlight},
	{"a Thai, Chinese or Japanese word is found inside a longer run of text", testSearchThai},
	{"drafts, pages and removed articles are never found", testSearchOnlyPublished},
	{"edits and unpublishing reach the index", testSearchFollowsEdits},
	{"snippets are plain text and mark the matched words", testSearchSnippet},
	{"search filters by section, author and date", testSearchFilters},
	{"search syntax typed by a reader is just words, and a query with nothing searchable finds nothing", testSearchHostileQueries},
	{"prefix search suggests while typing", testSearchPrefix},
	{"common words do not decide a search, unless they are all there is", testSearchStopwords},
	{"a date filter finds old stories behind hundreds of newer matches", testSearchReachesBack},
}

func testSearchReachesBack(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Old monsoon report", -24*365)
	for i := range 260 {
		f.post(t, st, fmt.Sprintf("Monsoon update %d", i), i)
	}
	got := searchTitles(t, st, store.SearchQuery{Text: "monsoon", To: base.Add(-24 * 300 * time.Hour)})
	if fmt.Sprint(got) != "[Old monsoon report]" {
		t.Errorf("search before last year = %v", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "monsoon", Limit: 5}); len(got) != 5 {
		t.Errorf("plain search = %d results", len(got))
	}
}

func testSearchStopwords(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "The rice harvest", 1, body("Fields are full."))
	f.post(t, st, "Harvest festival", 2, body("Music and food."))
	if got := searchTitles(t, st, store.SearchQuery{Text: "the rice"}); fmt.Sprint(got) != "[The rice harvest]" {
		t.Errorf("the rice = %v", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "and harvest"}); len(got) != 2 {
		t.Errorf("and harvest = %v, want both harvest stories", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "the"}); fmt.Sprint(got) != "[The rice harvest]" {
		t.Errorf("the = %v, want the story with the word", got)
	}
}

func searchTitles(t *testing.T, st store.Store, q store.SearchQuery) []string {
	t.Helper()
	hits, err := st.Search(context.Background(), q)
	must(t, err)
	out := make([]string, len(hits))
	for i, h := range hits {
		out[i] = h.Article.Title
	}
	return out
}

func body(text string) func(*content.Article) {
	return func(a *content.Article) { a.Body = "<p>" + text + "</p>" }
}

func testSearchFields(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Monsoon floods in the north", 1)
	f.post(t, st, "Markets", 2, func(a *content.Article) { a.Excerpt = "Rice prices climb" })
	f.post(t, st, "Weather", 3, body("Farmers in Nakhon Sawan are planting early."))
	f.post(t, st, "Tourism", 4, withTags("Phuket"))
	f.post(t, st, "Football", 5, func(a *content.Article) { a.Author = f.other })
	cases := map[string]string{"monsoon": "Monsoon floods in the north", "rice": "Markets", "sawan": "Weather",
		"phuket": "Tourism", "kittipong": "Football", "MONSOON floods": "Monsoon floods in the north"}
	for q, want := range cases {
		if got := searchTitles(t, st, store.SearchQuery{Text: q}); len(got) != 1 || got[0] != want {
			t.Errorf("search %q = %v, want [%s]", q, got, want)
		}
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "zeppelin"}); len(got) != 0 {
		t.Errorf("search for an absent word = %v", got)
	}
}

func testSearchAllWords(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Rice harvest in the north", 1)
	f.post(t, st, "Rice exports rise", 2)
	f.post(t, st, "Snow in the north", 3)
	if got := searchTitles(t, st, store.SearchQuery{Text: "rice north"}); fmt.Sprint(got) != "[Rice harvest in the north]" {
		t.Errorf("rice north = %v, want only the story with both words", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "rice snow"}); len(got) != 0 {
		t.Errorf("rice snow = %v, want nothing: no story has both", got)
	}
}

func testSearchRanking(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Parliament debates budget", 1, body("Rice was not discussed."))
	f.post(t, st, "Rice exports rise", 1, body("Shipments grew."))
	got := searchTitles(t, st, store.SearchQuery{Text: "rice", Now: base})
	if len(got) != 2 || got[0] != "Rice exports rise" {
		t.Errorf("ranking = %v, want the headline match first", got)
	}
}

func testSearchRecency(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Baht weakens", 1)
	f.post(t, st, "Baht strengthens", 24*200)
	got := searchTitles(t, st, store.SearchQuery{Text: "baht", Now: base.Add(24 * 200 * time.Hour)})
	if len(got) != 2 || got[0] != "Baht strengthens" {
		t.Errorf("ranking = %v, want the recent story first", got)
	}
}

func testSearchRecencyIsSlight(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Rice exports rise", 1, body("Shipments grew."))
	f.post(t, st, "Parliament debates budget", 24*200, body("Rice was not discussed."))
	f.post(t, st, "Markets calm", 24*200, body("Trading was quiet."))
	got := searchTitles(t, st, store.SearchQuery{Text: "rice", Now: base.Add(24 * 200 * time.Hour)})
	if len(got) != 2 || got[0] != "Rice exports rise" {
		t.Errorf("ranking = %v, want the older headline match above the recent body match", got)
	}
}

func testSearchThai(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "น้ำท่วมกรุงเทพฯ ฝนตกหนักทั้งคืน", 1)
	f.post(t, st, "ตลาดหุ้นไทยปิดบวก", 2)
	for _, q := range []string{"กรุงเทพ", "ฝนตกหนัก", "น้ำท่วม"} {
		if got := searchTitles(t, st, store.SearchQuery{Text: q}); len(got) != 1 || !strings.HasPrefix(got[0], "น้ำท่วม") {
			t.Errorf("search %q = %v", q, got)
		}
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "หุ้นไทย"}); len(got) != 1 {
		t.Errorf("search หุ้นไทย = %v", got)
	}
	f.post(t, st, "東京都で地震", 3, body("気象庁によると、震源は東京湾でした。"))
	f.post(t, st, "大阪の天気", 4)
	for _, q := range []string{"東京都", "気象庁", "東京湾"} {
		if got := searchTitles(t, st, store.SearchQuery{Text: q}); fmt.Sprint(got) != "[東京都で地震]" {
			t.Errorf("search %q = %v", q, got)
		}
	}
}

func testSearchOnlyPublished(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "Secret draft about elephants", 1, withStatus(content.StatusDraft), func(a *content.Article) { a.PublishedAt = time.Time{} })
	f.post(t, st, "Elephants page", 1, func(a *content.Article) { a.Kind = content.KindPage })
	gone := f.post(t, st, "Elephants removed", 2)
	must(t, st.DeleteArticle(ctx, gone.ID))
	f.post(t, st, "Elephants return to Khao Yai", 3)
	if got := searchTitles(t, st, store.SearchQuery{Text: "elephants"}); len(got) != 1 || got[0] != "Elephants return to Khao Yai" {
		t.Errorf("search = %v", got)
	}
}

func testSearchFollowsEdits(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Port strike ends", 1)
	a.Title, a.Body = "Port strike continues", "<p>Dockers stay out.</p>"
	must(t, st.UpdateArticle(ctx, &a))
	if got := searchTitles(t, st, store.SearchQuery{Text: "ends"}); len(got) != 0 {
		t.Errorf("old headline still found: %v", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "continues"}); len(got) != 1 {
		t.Errorf("new headline not found: %v", got)
	}
	a.Status = content.StatusTrashed
	must(t, st.UpdateArticle(ctx, &a))
	if got := searchTitles(t, st, store.SearchQuery{Text: "port"}); len(got) != 0 {
		t.Errorf("trashed article still found: %v", got)
	}
}

func testSearchSnippet(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Harvest", 1, body("Farmers in the north said the <b>rice</b> harvest was late this year &amp; smaller."))
	hits, err := st.Search(context.Background(), store.SearchQuery{Text: "rice"})
	must(t, err)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, store.SnippetStart+"rice"+store.SnippetEnd) {
		t.Fatalf("hits = %+v", hits)
	}
	if strings.Contains(hits[0].Snippet, "<b>") || !strings.Contains(hits[0].Snippet, "& smaller") {
		t.Errorf("snippet should be plain text: %q", hits[0].Snippet)
	}
}

func testSearchFilters(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Flood politics", 1)
	f.post(t, st, "Flood insurance", 30, inCategory(f.business))
	f.post(t, st, "Flood relief", 60, func(a *content.Article) { a.Author = f.other })
	cases := []struct {
		name string
		q    store.SearchQuery
		want string
	}{
		{"section", store.SearchQuery{Text: "flood", CategoryID: f.business.ID}, "[Flood insurance]"},
		{"author", store.SearchQuery{Text: "flood", AuthorID: f.other.ID}, "[Flood relief]"},
		{"date window", store.SearchQuery{Text: "flood", From: base.Add(20 * time.Hour), To: base.Add(40 * time.Hour)}, "[Flood insurance]"},
		{"limit", store.SearchQuery{Text: "flood", Limit: 1, Now: base.Add(60 * time.Hour)}, "[Flood relief]"},
		{"offset", store.SearchQuery{Text: "flood", Limit: 1, Offset: 2, Now: base.Add(60 * time.Hour)}, "[Flood politics]"},
	}
	for _, c := range cases {
		if got := fmt.Sprint(searchTitles(t, st, c.q)); got != c.want {
			t.Errorf("%s: %v, want %s", c.name, got, c.want)
		}
	}
}

func testSearchHostileQueries(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Election results", 1)
	for _, q := range []string{`"`, `election"`, `AND OR NOT`, `election AND`, `*`, `election*`, `NEAR(election`,
		`title:election`, `^election`, `(`, `-election`, `''; DROP TABLE articles; --`, strings.Repeat("election ", 500), "\x00", ""} {
		if _, err := st.Search(context.Background(), store.SearchQuery{Text: q}); err != nil {
			t.Errorf("search %q: %v", q, err)
		}
	}
	for _, q := range []string{`"`, `*`, `(`, `''; --`, "\x00", "", "   "} {
		for _, prefix := range []bool{false, true} {
			hits, err := st.Search(context.Background(), store.SearchQuery{Text: q, Prefix: prefix})
			if err != nil || len(hits) != 0 {
				t.Errorf("search %q (prefix %v) with nothing searchable = %d hits, %v; want none, no error", q, prefix, len(hits), err)
			}
		}
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: `"election"`}); len(got) != 1 {
		t.Errorf("quoted word = %v", got)
	}
}

func testSearchPrefix(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.post(t, st, "Electricity prices rise", 1)
	if got := searchTitles(t, st, store.SearchQuery{Text: "electr", Prefix: true}); len(got) != 1 {
		t.Errorf("prefix search = %v", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "electr"}); len(got) != 0 {
		t.Errorf("whole-word search matched a prefix: %v", got)
	}
}
