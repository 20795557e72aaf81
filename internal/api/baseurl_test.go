package api_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"

	"dateline/internal/content"
)

// TestEveryAnswerUsesTheSitesAddress sets a public address in the settings
// that differs from the configured one (--base-url) and reads every answer
// that carries a URL: each is on the address the settings name, as the
// pages, feeds and mail are, and none is on the configured one.
func TestEveryAnswerUsesTheSitesAddress(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	set, err := d.st.Settings(ctx)
	must(t, err)
	set.BaseURL = "https://www.daily.example/"
	must(t, d.st.SaveSettings(ctx, set))
	const site = "https://www.daily.example"

	type answer struct {
		name string
		rec  *httptest.ResponseRecorder
	}
	pic := d.call(t, "POST", "/api/v1/media", d.tokens["editor"],
		upload(t, "flood.jpg", photo(t, "jpeg", 700, 400), map[string]string{"alt": "Water in the street"}))
	created := d.call(t, "POST", "/api/v1/articles", d.tokens["editor"], map[string]any{
		"title": "Floods close the old town", "body": "The river rose.", "category": "politics",
		"tags": []string{"Floods"}, "image_id": decode[struct{ ID int64 }](t, pic).ID, "status": "published",
	})
	a := decode[editorArticle](t, created)
	stored := d.reread(t, a.ID)
	if a.URL != site+stored.Path(set.Zone()) {
		t.Errorf("the new article's url is %q, want %q", a.URL, site+stored.Path(set.Zone()))
	}
	if got := created.Header().Get("Location"); got != fmt.Sprintf("%s/api/v1/articles/%d", site, a.ID) {
		t.Errorf("the new article's Location is %q", got)
	}
	if got := pic.Header().Get("Location"); !strings.HasPrefix(got, site+"/media/") {
		t.Errorf("the new picture's Location is %q", got)
	}
	c := d.comment(t, stored)
	d.article(t, d.members["editor"], content.StatusDraft)

	answers := []answer{{"an uploaded picture", pic}, {"a created article", created}}
	for _, get := range []struct{ name, path, token string }{
		{"the list of articles", "/api/v1/articles", ""},
		{"one article", fmt.Sprintf("/api/v1/articles/%d", a.ID), ""},
		{"one article to its editor", fmt.Sprintf("/api/v1/articles/%d", a.ID), d.tokens["editor"]},
		{"unpublished articles", "/api/v1/articles?status=draft", d.tokens["editor"]},
		{"search results", "/api/v1/search?q=river", ""},
		{"the sections", "/api/v1/categories", ""},
		{"the tags", "/api/v1/tags", ""},
		{"the authors", "/api/v1/authors", ""},
		{"the comment queue", "/api/v1/comments?status=pending", d.tokens["editor"]},
	} {
		answers = append(answers, answer{get.name, d.call(t, "GET", get.path, get.token, nil)})
	}
	answers = append(answers, answer{"a moderated comment",
		d.call(t, "PATCH", fmt.Sprintf("/api/v1/comments/%d", c.ID), d.tokens["editor"], map[string]string{"status": "approved"})})

	for _, ans := range answers {
		body := ans.rec.Body.String()
		if ans.rec.Code >= 300 {
			t.Errorf("%s: %d %s", ans.name, ans.rec.Code, body)
			continue
		}
		if !strings.Contains(body, `"`+site+"/") || strings.Contains(body, "news.example") {
			t.Errorf("%s has URLs off the site's address:\n%s", ans.name, body)
		}
	}
}
