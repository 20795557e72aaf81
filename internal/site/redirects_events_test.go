package site_test

import (
	"context"
	"net/http"
	"strconv"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/store"
)

// TestARedirectToAnArticleIsPurgedWithIt: the 301s worked out from an
// article (its id, an old WordPress address of it, a page of its
// comments) hold a tag that its changes announce, so a cache keeping one
// purges it when the article leaves its address: unpublished, it answers
// 404 like an id nobody used; trashed, 410.
func TestARedirectToAnArticleIsPurgedWithIt(t *testing.T) {
	for _, tc := range []struct {
		step   articles.Step
		status int
	}{{articles.StepUnpublish, http.StatusNotFound}, {articles.StepTrash, http.StatusGone}} {
		t.Run(string(tc.step), func(t *testing.T) {
			ctx := context.Background()
			n := newDepNewsroom(t)
			must(t, n.st.SaveLegacyLinks(ctx, []store.LegacyLink{{Source: "https://old.example", Kind: store.LegacyPost,
				WPID: 4321, ID: n.kremlin.ID, Path: "/archives/4321", ImportedAt: now}}))
			k := n.path(n.kremlin)
			redirects := []string{"/?p=" + strconv.FormatInt(n.kremlin.ID, 10), "/?p=4321", "/index.php?p=4321",
				"/archives/4321/", k + "comment-page-2/"}
			before := map[string][]string{}
			for _, p := range redirects {
				rec := n.get(t, p)
				if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") == "" {
					t.Fatalf("GET %s = %d", p, rec.Code)
				}
				_, before[p] = n.declared(t, p)
			}
			n.recorder.Take()

			svc := articles.New(articles.Config{Store: n.st, Now: func() time.Time { return now }, Changes: n.feed})
			a, err := svc.Open(ctx, n.editor, n.kremlin.ID)
			must(t, err)
			_, err = svc.Apply(ctx, n.editor, a.ID, articles.Change{Step: tc.step, Version: a.Version})
			must(t, err)
			var announced []string
			for _, e := range n.recorder.Take() {
				announced = append(announced, e.Tags...)
			}
			for _, p := range redirects {
				if !sharesTag(before[p], announced) {
					t.Errorf("a cache keeps GET %s: it declared %q; the change announced %q", p, before[p], announced)
				}
				if rec := n.get(t, p); rec.Code != tc.status {
					t.Errorf("after the change GET %s = %d, want %d", p, rec.Code, tc.status)
				}
			}
		})
	}
}
