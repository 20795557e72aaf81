package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/site"
	"dateline/internal/store"
	"dateline/internal/store/sqlite"
)

// liveBlogEntries is the size of the live blog the benchmark reads.
const liveBlogEntries = 2000

// BenchmarkLiveBlog renders, without the page cache, a live blog of 2,000
// entries: its first page, a page a hundred pages back (keyset pages: the
// same cost), and the fragment readers' pages poll.
func BenchmarkLiveBlog(b *testing.B) {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(b.TempDir(), "live.db"))
	if err != nil {
		b.Fatal(err)
	}
	defer st.Close()
	blog, oldest := fillLiveBlog(b, st)
	s, err := site.New(site.Config{Store: st, BaseURL: "http://bench.example", Changes: &changes.Feed{}})
	if err != nil {
		b.Fatal(err)
	}
	h := s.Handler()
	path := blog.Path(time.UTC)
	for _, c := range []struct{ name, path string }{
		{"first page", path},
		{"page 99 of 100", path + "?before=" + strconv.FormatInt(oldest+2*entriesPerPage, 10)},
		{"fragment", path + "live/"},
	} {
		b.Run(c.name, func(b *testing.B) {
			for b.Loop() {
				w := httptest.NewRecorder()
				h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, "http://bench.example"+c.path, nil))
				if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), "live-entry") {
					b.Fatalf("%s: %d", c.path, w.Code)
				}
			}
		})
	}
}

// entriesPerPage is the site's page of entries, for the deep page's
// address.
const entriesPerPage = 20

// fillLiveBlog stores a published live blog with liveBlogEntries entries
// in one transaction and returns it with its oldest entry's id.
func fillLiveBlog(b *testing.B, st store.Store) (content.Article, int64) {
	b.Helper()
	ctx := context.Background()
	u := content.User{Email: "live@example.com", Name: "Live Writer", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &u); err != nil {
		b.Fatal(err)
	}
	start := time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)
	a := content.Article{Kind: content.KindPost, Title: "Election night live", Source: "Results as they come in.",
		Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: start, Author: u, CommentsOpen: true}
	if err := render.Prepare(&a); err != nil {
		b.Fatal(err)
	}
	var oldest int64
	err := st.InTransaction(ctx, func(ctx context.Context) error {
		if err := st.CreateArticle(ctx, &a); err != nil {
			return err
		}
		if err := st.SetLiveBlog(ctx, a.ID, start, time.Time{}); err != nil {
			return err
		}
		for i := range liveBlogEntries {
			at := start.Add(time.Duration(i) * time.Minute)
			src := fmt.Sprintf("Constituency %d declared: **%d votes** for the winner, a turnout of %d%%.", i, 20_000+i, 50+i%40)
			body, err := render.Markdown(ctx, src)
			if err != nil {
				return err
			}
			e := content.Entry{ArticleID: a.ID, Author: u, Source: src, Body: body, CreatedAt: at, UpdatedAt: at}
			if i%5 == 0 {
				e.Headline = fmt.Sprintf("Result %d", i)
			}
			if err := st.AddEntry(ctx, &e); err != nil {
				return err
			}
			if oldest == 0 {
				oldest = e.ID
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	a, err = st.ArticleByID(ctx, a.ID)
	if err != nil {
		b.Fatal(err)
	}
	return a, oldest
}
