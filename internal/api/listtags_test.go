package api_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/api"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// countingStore counts the calls that read an article's tags.
type countingStore struct {
	store.Store
	tagsOf, byID, bySlug atomic.Int64
}

func (c *countingStore) TagsOf(ctx context.Context, ids []int64) (map[int64][]content.Tag, error) {
	c.tagsOf.Add(1)
	return c.Store.TagsOf(ctx, ids)
}

func (c *countingStore) ArticleByID(ctx context.Context, id int64) (content.Article, error) {
	c.byID.Add(1)
	return c.Store.ArticleByID(ctx, id)
}

func (c *countingStore) ArticleBySlug(ctx context.Context, slug string) (content.Article, error) {
	c.bySlug.Add(1)
	return c.Store.ArticleBySlug(ctx, slug)
}

// List and search answers carry each article's tags, as the single
// article's answer does, read for the whole page in one query (issue 16:
// they said "tags": [] for every article).
func TestListsAndSearchCarryTheTagsInOneQuery(t *testing.T) {
	ctx := context.Background()
	st := teststore.Open(t)
	set := content.DefaultSettings()
	must(t, st.SaveSettings(ctx, set))
	u := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor}
	must(t, st.CreateUser(ctx, &u))
	for i := 1; i <= 12; i++ {
		a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Rice harvest report %d", i), Source: "Rice and baht.",
			Format: content.FormatMarkdown, Status: content.StatusPublished, Author: u, CommentsOpen: true,
			PublishedAt: base.Add(-time.Duration(i) * time.Hour)}
		switch i % 3 {
		case 1:
			a.Tags = []content.Tag{{Name: "Rice"}, {Name: "Exports"}}
		case 2:
			a.Tags = []content.Tag{{Name: "Baht"}}
		}
		must(t, render.Prepare(&a))
		must(t, st.CreateArticle(ctx, &a))
	}
	counted := &countingStore{Store: st}
	h := api.New(api.Config{Store: counted, BaseURL: "https://news.example", Now: func() time.Time { return base }}).Handler()
	for _, path := range []string{"/api/v1/articles?limit=12", "/api/v1/articles?q=rice&limit=12", "/api/v1/search?q=harvest&limit=12"} {
		t.Run(path, func(t *testing.T) {
			counted.tagsOf.Store(0)
			counted.byID.Store(0)
			counted.bySlug.Store(0)
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
			p := decode[articlePage](t, rec)
			if len(p.Items) != 12 {
				t.Fatalf("%d items, want 12", len(p.Items))
			}
			for _, it := range p.Items {
				var n int
				fmt.Sscanf(it.Title, "Rice harvest report %d", &n)
				want := map[int]string{1: "[rice exports]", 2: "[baht]", 0: "[]"}[n%3]
				var got []string
				for _, tg := range it.Tags {
					got = append(got, tg.Slug)
				}
				if fmt.Sprint(got) != want && !(want == "[]" && len(got) == 0) {
					t.Errorf("%q has tags %v, want %s", it.Title, got, want)
				}
			}
			if n := counted.tagsOf.Load(); n != 1 {
				t.Errorf("the tags took %d queries, want 1 for the page", n)
			}
			if n := counted.byID.Load() + counted.bySlug.Load(); n != 0 {
				t.Errorf("the list read %d articles one by one", n)
			}
		})
	}
}
