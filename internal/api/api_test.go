package api_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dateline/internal/api"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store/teststore"
)

var base = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

type fixture struct {
	h     http.Handler
	draft content.Article
	first content.Article
}

func newFixture(t *testing.T) fixture {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t)
	set := content.DefaultSettings()
	set.TimeZone = "Asia/Bangkok"
	must(t, st.SaveSettings(ctx, set))
	u := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor}
	must(t, st.CreateUser(ctx, &u))
	world := content.Category{Name: "World"}
	must(t, st.CreateCategory(ctx, &world))
	f := fixture{}
	for i := 1; i <= 25; i++ {
		a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Story %02d about rice", i), Source: "Rice and baht.",
			Format: content.FormatMarkdown, Status: content.StatusPublished, Author: u, CommentsOpen: true,
			PublishedAt: base.Add(time.Duration(i) * time.Hour)}
		if i%2 == 0 {
			a.Category = world
			a.Tags = []content.Tag{{Name: "Mekong"}}
		}
		must(t, render.Prepare(&a))
		must(t, st.CreateArticle(ctx, &a))
		if i == 1 {
			f.first = a
		}
	}
	f.draft = content.Article{Kind: content.KindPost, Title: "Secret draft", Format: content.FormatMarkdown,
		Status: content.StatusDraft, Author: u}
	must(t, st.CreateArticle(ctx, &f.draft))
	f.h = api.New(api.Config{Store: st, BaseURL: "https://news.example"}).Handler()
	return f
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f fixture) get(t *testing.T, path string, into any) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	if into != nil {
		if err := json.Unmarshal(rec.Body.Bytes(), into); err != nil {
			t.Fatalf("GET %s: %v\n%s", path, err, rec.Body.String())
		}
	}
	return rec
}

type articlePage struct {
	Items []struct {
		ID          int64  `json:"id"`
		Title       string `json:"title"`
		Slug        string `json:"slug"`
		Status      string `json:"status"`
		URL         string `json:"url"`
		PublishedAt string `json:"published_at"`
		UpdatedAt   string `json:"updated_at"`
		Author      struct{ Name, URL string }
		Category    *struct{ Slug string }
		Tags        []struct{ Slug string }
		MustRead    *bool  `json:"must_read"`
		Snippet     string `json:"snippet"`
	} `json:"items"`
	NextCursor string `json:"next_cursor"`
}

func TestArticlesPageWithCursorsWithoutGaps(t *testing.T) {
	f := newFixture(t)
	var seen []string
	cursor := ""
	for range 10 {
		var p articlePage
		f.get(t, "/api/v1/articles?limit=10&cursor="+cursor, &p)
		for _, it := range p.Items {
			seen = append(seen, it.Title[6:8])
		}
		if p.NextCursor == "" {
			break
		}
		cursor = p.NextCursor
	}
	if len(seen) != 25 || seen[0] != "25" || seen[24] != "01" {
		t.Errorf("pages gave %v", seen)
	}
}

func TestArticleFieldsAreStable(t *testing.T) {
	f := newFixture(t)
	var p articlePage
	f.get(t, "/api/v1/articles?limit=1", &p)
	it := p.Items[0]
	if it.Status != "published" || it.URL != "https://news.example/2025/07/15/story-25-about-rice/" ||
		it.PublishedAt != "2025-07-15T04:00:00Z" || it.UpdatedAt == "" || it.Author.Name != "Ana Reyes" ||
		it.Author.URL != "https://news.example/author/ana-reyes/" || it.MustRead == nil || it.Tags == nil {
		t.Errorf("article = %+v", it)
	}
	var one map[string]any
	f.get(t, fmt.Sprintf("/api/v1/articles/%d", f.first.ID), &one)
	for _, field := range []string{"id", "title", "slug", "status", "url", "published_at", "updated_at", "author", "category", "tags", "must_read", "body_html"} {
		if _, ok := one[field]; !ok {
			t.Errorf("article lacks %q", field)
		}
	}
	var bySlug map[string]any
	f.get(t, "/api/v1/articles/"+f.first.Slug, &bySlug)
	if bySlug["id"] != one["id"] {
		t.Errorf("by slug = %v", bySlug["id"])
	}
}

func TestFiltersAndSearch(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		path  string
		count int
	}{
		{"/api/v1/articles?category=world&limit=100", 12},
		{"/api/v1/articles?tag=mekong&limit=100", 12},
		{"/api/v1/articles?author=ana-reyes&limit=100", 25},
		{"/api/v1/articles?q=rice&limit=100", 25},
		{"/api/v1/articles?q=rice&category=world&limit=100", 12},
		{"/api/v1/search?q=baht&limit=5", 5},
	}
	for _, c := range cases {
		var p articlePage
		f.get(t, c.path, &p)
		if len(p.Items) != c.count {
			t.Errorf("%s: %d items, want %d", c.path, len(p.Items), c.count)
		}
	}
	var p articlePage
	f.get(t, "/api/v1/search?q=rice&limit=1", &p)
	if !strings.Contains(p.Items[0].Snippet, "«rice»") && !strings.Contains(p.Items[0].Snippet, "«Rice»") {
		t.Errorf("snippet = %q", p.Items[0].Snippet)
	}
}

func TestBadRequestsGetClearErrors(t *testing.T) {
	f := newFixture(t)
	cases := []struct {
		name, path  string
		status      int
		code, field string
	}{
		{"a limit of zero", "/api/v1/articles?limit=0", 400, "invalid_limit", "limit"},
		{"a limit too large", "/api/v1/articles?limit=5000", 400, "invalid_limit", "limit"},
		{"a limit that is not a number", "/api/v1/articles?limit=ten", 400, "invalid_limit", "limit"},
		{"a forged cursor", "/api/v1/articles?cursor=bm9wZQ", 400, "invalid_cursor", "cursor"},
		{"garbage cursor", "/api/v1/articles?cursor=%%%", 400, "invalid_cursor", "cursor"},
		{"an unknown category", "/api/v1/articles?category=nope", 400, "invalid_category", "category"},
		{"drafts without a token", "/api/v1/articles?status=draft", 401, "unauthorized", "status"},
		{"a draft by id", fmt.Sprintf("/api/v1/articles/%d", f.draft.ID), 404, "not_found", ""},
		{"an unknown article", "/api/v1/articles/999999", 404, "not_found", ""},
		{"search without words", "/api/v1/search?q=", 400, "invalid_q", "q"},
		{"a tag with a search", "/api/v1/articles?q=rice&tag=mekong", 400, "invalid_tag", "tag"},
		{"an unknown endpoint", "/api/v1/nothing", 404, "not_found", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var body struct {
				Error struct{ Code, Message, Field string }
			}
			rec := f.get(t, strings.ReplaceAll(tc.path, "%%%", "%25%25%25"), &body)
			if rec.Code != tc.status || body.Error.Code != tc.code || body.Error.Field != tc.field || body.Error.Message == "" {
				t.Errorf("%d %+v, want %d %s %s", rec.Code, body.Error, tc.status, tc.code, tc.field)
			}
		})
	}
}

func TestOtherOriginsMayRead(t *testing.T) {
	f := newFixture(t)
	rec := f.get(t, "/api/v1/categories", nil)
	if rec.Header().Get("Access-Control-Allow-Origin") != "*" || rec.Header().Get("Content-Type") != "application/json; charset=utf-8" {
		t.Errorf("headers = %v", rec.Header())
	}
	pre := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodOptions, "/api/v1/articles", nil)
	req.Header.Set("Origin", "https://elsewhere.example")
	req.Header.Set("Access-Control-Request-Method", "GET")
	f.h.ServeHTTP(pre, req)
	if pre.Code != http.StatusNoContent || !strings.Contains(pre.Header().Get("Access-Control-Allow-Methods"), "GET") {
		t.Errorf("preflight = %d %v", pre.Code, pre.Header())
	}
}

func TestListsOfSectionsTagsAndAuthors(t *testing.T) {
	f := newFixture(t)
	var cats, tags, authors struct {
		Items []struct{ Name, Slug, URL string }
	}
	f.get(t, "/api/v1/categories", &cats)
	f.get(t, "/api/v1/tags", &tags)
	f.get(t, "/api/v1/authors", &authors)
	if len(cats.Items) != 1 || cats.Items[0].URL != "https://news.example/category/world/" {
		t.Errorf("categories = %+v", cats)
	}
	if len(tags.Items) != 1 || tags.Items[0].Slug != "mekong" {
		t.Errorf("tags = %+v", tags)
	}
	if len(authors.Items) != 1 || authors.Items[0].Slug != "ana-reyes" {
		t.Errorf("authors = %+v", authors)
	}
}
