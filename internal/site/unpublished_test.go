package site_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/render"
)

// TestUnpublishedStoriesRevealNoTagNorAuthor: a draft's and a scheduled
// story's tags, and a member who has published nothing, answer as if they
// did not exist, until a story with them is published.
func TestUnpublishedStoriesRevealNoTagNorAuthor(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	ana, err := n.st.UserBySlug(ctx, "ana-reyes")
	must(t, err)
	world, err := n.st.CategoryBySlug(ctx, "world")
	must(t, err)
	nok := content.User{Email: "nok@example.com", Name: "Nok Newhire", Role: content.RoleAuthor, Bio: "Joins from a rival paper."}
	must(t, n.st.CreateUser(ctx, &nok))
	story := func(title string, status content.Status, at time.Time, by content.User, tag string) content.Article {
		a := content.Article{Kind: content.KindPost, Title: title, Source: "Not for readers yet.", Format: content.FormatMarkdown,
			Status: status, PublishedAt: at, UpdatedAt: now, Author: by, Category: world, Tags: []content.Tag{{Name: tag}}}
		must(t, render.Prepare(&a))
		must(t, n.st.CreateArticle(ctx, &a))
		return a
	}
	story("Merger talks", content.StatusDraft, time.Time{}, ana, "Secret Merger")
	story("The deal", content.StatusScheduled, now.Add(time.Hour), nok, "Embargoed Deal")
	secret, err := n.st.TagBySlug(ctx, "secret-merger")
	must(t, err)

	cases := []struct {
		name, path string
		status     int
		hidden     string // a word the answer must not contain
	}{
		{"a tag only on a draft has no archive", "/tag/secret-merger/", 404, "Secret Merger"},
		{"nor a feed", "/tag/secret-merger/feed/", 404, "Secret Merger"},
		{"nor a JSON feed", "/tag/secret-merger/feed.json", 404, "Secret Merger"},
		{"a tag only on a scheduled story has no archive", "/tag/embargoed-deal/", 404, "Embargoed Deal"},
		{"WordPress's ?tag_id= does not lead to it", "/?tag_id=" + strconv.FormatInt(secret.ID, 10), 404, "secret-merger"},
		{"a member who published nothing has no archive", "/author/nok-newhire/", 404, "Nok Newhire"},
		{"nor a feed", "/author/nok-newhire/feed/", 404, "rival paper"},
		{"nor a search filter that tells them from a stranger", "/search?q=deal&author=nok-newhire", 400, ""},
		{"a published tag still has its archive", "/tag/diplomacy/", 200, ""},
		{"a published author still has hers", "/author/ana-reyes/", 200, ""},
	}
	stranger := n.get(t, "/search?q=deal&author=nobody-at-all").Body.String()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := n.get(t, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("GET %s = %d, want %d\n%s", tc.path, rec.Code, tc.status, rec.Body)
			}
			if tc.hidden != "" && (strings.Contains(rec.Body.String(), tc.hidden) || strings.Contains(rec.Header().Get("Location"), tc.hidden)) {
				t.Errorf("the answer names %q", tc.hidden)
			}
			if strings.HasPrefix(tc.path, "/search") {
				if got := problemOf(rec.Body.String()); got != problemOf(stranger) {
					t.Errorf("search for a member who published nothing says %q, for a stranger %q", got, problemOf(stranger))
				}
			}
		})
	}
}

// problemOf is the search page's message about its filters, "" if none.
func problemOf(page string) string {
	if strings.Contains(page, "There is no such author.") {
		return "There is no such author."
	}
	return ""
}
