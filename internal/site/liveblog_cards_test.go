package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/articles"
)

// TestLiveBadgeOnCardsGoesWhenTheLiveBlogCloses makes the front page's
// lead a live blog through the articles service: its card says "Live"
// wherever it is listed (the lead, its section, its tag, its author,
// search) while the coverage goes on; an entry purges none of those
// lists; closing it announces a tag every one of them declared, and the
// next answer has no badge.
func TestLiveBadgeOnCardsGoesWhenTheLiveBlogCloses(t *testing.T) {
	ctx := context.Background()
	n := newDepNewsroom(t)
	svc := n.articles()
	_, err := svc.StartLiveBlog(ctx, n.editor, n.kremlin.ID, true)
	must(t, err)
	lists := []string{"/", "/category/world/", "/tag/russia/", "/author/ana-reyes/", "/search?q=kremlin"}
	badged := func(path string) []string {
		t.Helper()
		rec := n.get(t, path)
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
		var out []string
		for _, b := range all(parse(t, rec.Body.String()), ".live-badge-card") {
			// The badge stands just before the headline it marks.
			for s := b.NextSibling; s != nil; s = s.NextSibling {
				if s.Type == html.ElementNode {
					out = append(out, strings.TrimSpace(text(s)))
					break
				}
			}
		}
		return out
	}
	before := map[string][]string{}
	for _, p := range lists {
		if got := badged(p); len(got) != 1 || got[0] != "Kremlin signals new talks" {
			t.Errorf("GET %s: Live badges before %q, want one, before the live blog's headline", p, got)
		}
		before[p] = n.declaredOK(t, p)
	}
	// The blocks beside another story ("Latest articles") mark it too.
	if got := badged(n.path(n.markets)); len(got) == 0 || got[0] != "Kremlin signals new talks" {
		t.Errorf("beside another story: Live badges before %q, want the live blog's", got)
	}

	n.recorder.Take()
	body := "Talks begin at noon."
	_, err = svc.AddEntry(ctx, n.editor, n.kremlin.ID, articles.EntryDraft{Body: &body})
	must(t, err)
	var announced []string
	for _, e := range n.recorder.Take() {
		announced = append(announced, e.Tags...)
	}
	for _, p := range lists {
		if sharesTag(before[p], announced) {
			t.Errorf("an entry (%q) purges %s, which shows no entry", announced, p)
		}
	}

	_, err = svc.StartLiveBlog(ctx, n.editor, n.kremlin.ID, false)
	must(t, err)
	announced = nil
	for _, e := range n.recorder.Take() {
		announced = append(announced, e.Tags...)
	}
	for _, p := range lists {
		if !sharesTag(before[p], announced) {
			t.Errorf("closing the live blog announced %q; GET %s declared none of them (%q) and keeps its badge", announced, p, before[p])
		}
		if got := badged(p); len(got) != 0 {
			t.Errorf("GET %s after closing: Live badges before %q", p, got)
		}
	}
	if doc := parse(t, n.get(t, n.path(n.kremlin)).Body.String()); first(doc, ".live-badge") != nil {
		t.Error("the closed live blog's own page still says Live")
	}
}
