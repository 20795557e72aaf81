package site_test

import (
	"context"
	"dateline/internal/media"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/site"
)

// The blocks beside a story are made once and kept; a page made from kept
// blocks is byte for byte the page a site that keeps nothing makes, for
// every story (one in the latest list, one in the must-read list, one with
// markup in its title), the second time as the first, and after an event.
func TestAPageMadeFromKeptBlocksIsThePageMadeWithoutThem(t *testing.T) {
	feed := &changes.Feed{}
	n := newNewsroom(t, func(c *site.Config) { c.Changes = feed })
	ctx := context.Background()
	plain, err := site.New(site.Config{Store: n.st, Now: func() time.Time { return now },
		Media: media.Dir(filepath.Join(t.TempDir(), "media")), BaseURL: "https://news.example"})
	must(t, err)
	reference := frontDoor(t, plain, nil)
	zone, err := time.LoadLocation("Asia/Bangkok")
	must(t, err)

	n.thai.MustRead = true
	must(t, n.st.UpdateArticle(ctx, &n.thai))
	feed.Publish(ctx, changes.Event{Kind: changes.KindArticle, Action: "update", IDs: []int64{n.thai.ID}})
	compare := func(when string) {
		t.Helper()
		for _, a := range []content.Article{n.kremlin, n.thai, n.hostile} {
			for range 2 {
				got := n.get(t, a.Path(zone))
				want := serve(reference, a.Path(zone))
				if got.Code != 200 || got.Body.String() != want.Body.String() {
					t.Fatalf("%s, %s: the page made from kept blocks (%d, %d bytes) differs from the page made without (%d, %d bytes)",
						when, a.Path(zone), got.Code, got.Body.Len(), want.Code, want.Body.Len())
				}
			}
		}
	}
	compare("at first")

	fresh := content.Article{Kind: content.KindPost, Title: "Breaking <em>now</em>", Source: "News.",
		Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: now.Add(-time.Minute),
		UpdatedAt: now, Author: n.kremlin.Author, Category: n.kremlin.Category, CommentsOpen: true, MustRead: true}
	must(t, render.Prepare(&fresh))
	must(t, n.st.CreateArticle(ctx, &fresh))
	feed.Publish(ctx, changes.Event{Kind: changes.KindArticle, Action: "publish", IDs: []int64{fresh.ID}})
	compare("after a publish")
}

func serve(h http.Handler, path string) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}
