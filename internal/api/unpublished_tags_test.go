package api_test

import (
	"context"
	"net/http"
	"testing"

	"dateline/internal/content"
)

func TestTagsAndAuthorsOfUnpublishedStoriesAreNotPublic(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	tagged := func(a content.Article, name string) {
		t.Helper()
		a.Tags = []content.Tag{{Name: name}}
		must(t, d.st.UpdateArticle(ctx, &a))
	}
	tagged(d.article(t, d.members["author"], content.StatusPublished), "Floods")
	tagged(d.article(t, d.members["author"], content.StatusDraft), "Secret Merger")
	tagged(d.article(t, d.members["other"], content.StatusScheduled), "Embargoed Deal")

	var tags struct{ Items []struct{ Name, Slug string } }
	if rec := d.call(t, "GET", "/api/v1/tags", "", nil); rec.Code != http.StatusOK {
		t.Fatalf("tags: %d %s", rec.Code, rec.Body)
	} else {
		tags = decode[struct{ Items []struct{ Name, Slug string } }](t, rec)
	}
	if len(tags.Items) != 1 || tags.Items[0].Slug != "floods" {
		t.Errorf("public tags = %+v, want only floods", tags.Items)
	}
	authors := decode[struct{ Items []struct{ Slug string } }](t, d.call(t, "GET", "/api/v1/authors", "", nil))
	if len(authors.Items) != 1 || authors.Items[0].Slug != "kittipong-chai" {
		t.Errorf("public authors = %+v, want only the one who published", authors.Items)
	}
	// A filter on an unpublished tag or author answers as one on a name
	// nobody uses, not with an empty list that says it exists.
	for _, tc := range []struct{ path, unknown string }{
		{"/api/v1/articles?tag=secret-merger", "/api/v1/articles?tag=no-such-tag"},
		{"/api/v1/articles?tag=embargoed-deal", "/api/v1/articles?tag=no-such-tag"},
		{"/api/v1/articles?author=nok-author", "/api/v1/articles?author=no-such-member"},
		{"/api/v1/search?q=river&author=nok-author", "/api/v1/search?q=river&author=no-such-member"},
	} {
		got, want := d.call(t, "GET", tc.path, "", nil), d.call(t, "GET", tc.unknown, "", nil)
		if got.Code != want.Code || got.Code != http.StatusBadRequest {
			t.Errorf("GET %s = %d %s, an unknown name %d", tc.path, got.Code, got.Body, want.Code)
		}
	}
	if rec := d.call(t, "GET", "/api/v1/articles?tag=floods", "", nil); rec.Code != http.StatusOK {
		t.Errorf("a published tag's filter: %d %s", rec.Code, rec.Body)
	}
}
