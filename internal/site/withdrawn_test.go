package site_test

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/store"
)

// TestAWithdrawnStoryAnswers410WithTheNoticeAndLeavesEveryList: an editor
// kills a published story; its address, its old links and /?p=ID answer
// 410 with the editors' notice (escaped, in paragraphs) in the site's
// layout and nothing of the story, and no list, feed, sitemap or search
// has it any more.
func TestAWithdrawnStoryAnswers410WithTheNoticeAndLeavesEveryList(t *testing.T) {
	ctx := context.Background()
	n := newDepNewsroom(t)
	must(t, n.st.SaveLegacyLinks(ctx, []store.LegacyLink{{Source: "https://old.example", Kind: store.LegacyPost,
		WPID: 4321, ID: n.kremlin.ID, Path: "/archives/4321", ImportedAt: now}}))
	k := n.path(n.kremlin)
	lists := []string{"/", "/category/world/", "/tag/diplomacy/", "/author/" + n.ana.Slug + "/", "/feed/", "/feed.json",
		"/sitemaps/posts-" + n.kremlin.PublishedAt.In(n.zone).Format("2006-01") + ".xml", "/news-sitemap.xml", "/search?q=Kremlin", "/2" + k[2:5] + "/"}
	for _, p := range lists {
		if rec := n.get(t, p); rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), k) {
			t.Fatalf("before: GET %s = %d, without the story", p, rec.Code)
		}
	}

	if _, err := n.articles().Kill(ctx, n.editor, n.kremlin.ID, "This story named the wrong <b>envoy</b>.\n\nWe apologise."); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{k, "/?p=" + strconv.FormatInt(n.kremlin.ID, 10), "/?p=4321", "/archives/4321/", k + "amp/"} {
		rec := n.get(t, p)
		body := rec.Body.String()
		if rec.Code != http.StatusGone {
			t.Errorf("GET %s = %d, want 410", p, rec.Code)
			continue
		}
		doc := parse(t, body)
		notice := first(doc, ".withdrawn-notice")
		if notice == nil || len(all(notice, "p")) != 2 || text(all(notice, "p")[0]) != "This story named the wrong <b>envoy</b>." {
			t.Errorf("GET %s: the notice reads %q", p, text(notice))
		}
		if strings.Contains(body, "<b>envoy") {
			t.Errorf("GET %s: the notice is not escaped", p)
		}
		for _, gone := range []string{"ready for talks", "kremlin.jpg", "Good news if true", "comment-form"} {
			if strings.Contains(body, gone) {
				t.Errorf("GET %s still shows %q", p, gone)
			}
		}
		if first(doc, "header") == nil || first(doc, "footer") == nil {
			t.Errorf("GET %s is not in the site's layout", p)
		}
	}
	for _, p := range lists {
		if rec := n.get(t, p); strings.Contains(rec.Body.String(), k) {
			t.Errorf("after: GET %s (%d) still lists the withdrawn story", p, rec.Code)
		}
	}
}
