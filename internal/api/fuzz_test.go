package api_test

import (
	"encoding/json"
	"net/http"
	"sync"
	"testing"

	"dateline/internal/content"
)

// FuzzWriteBodies sends anything as the body of a new article and of a
// change: the answer is never a 500, always JSON, and a refusal has the
// error shape.
func FuzzWriteBodies(f *testing.F) {
	for _, seed := range []string{
		`{"title": "A", "status": "scheduled", "published_at": "2025-07-15T09:00:00Z"}`,
		`{"title": "A", "category": 1, "tags": ["x", "y"], "image_id": null}`,
		`{"category": {"slug": "x"}}`, `{"tags": [null]}`, `{"version": 1e400}`, `{"status": null}`,
		`{"title": "\u0000"}`, `[`, `null`, `""`, `{"title": "A"}{`, "\xff\xfe",
	} {
		f.Add(seed)
	}
	d := newDesk(f)
	a := d.article(f, d.members["author"], content.StatusDraft)
	f.Fuzz(func(t *testing.T, body string) {
		for _, req := range []struct{ method, path string }{{"POST", "/api/v1/articles"}, {"PATCH", d.path(a)}} {
			rec := d.call(t, req.method, req.path, d.tokens["editor"], body)
			if rec.Code >= 500 {
				t.Fatalf("%s %q: %d %s", req.method, body, rec.Code, rec.Body)
			}
			if !json.Valid(rec.Body.Bytes()) {
				t.Fatalf("%s %q: not JSON: %s", req.method, body, rec.Body)
			}
			if rec.Code >= 400 {
				var e apiError
				if json.Unmarshal(rec.Body.Bytes(), &e) != nil || e.Error.Code == "" || e.Error.Message == "" {
					t.Fatalf("%s %q: %s", req.method, body, rec.Body)
				}
			}
		}
	})
}

// TestTwoSavesFromOneVersion races two changes made from the same
// version: exactly one is saved, the other is told of it.
func TestTwoSavesFromOneVersion(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.members["author"], content.StatusDraft)
	loaded := decode[editorArticle](t, d.call(t, "GET", d.path(a), d.tokens["editor"], nil))
	codes := make([]int, 2)
	var wg sync.WaitGroup
	for i, who := range []string{"editor", "admin"} {
		wg.Go(func() {
			rec := d.call(t, "PATCH", d.path(a), d.tokens[who], map[string]any{"body": "Text by " + who, "version": loaded.Version})
			codes[i] = rec.Code
		})
	}
	wg.Wait()
	ok, conflict := 0, 0
	for _, c := range codes {
		switch c {
		case http.StatusOK:
			ok++
		case http.StatusConflict:
			conflict++
		}
	}
	if ok != 1 || conflict != 1 {
		t.Errorf("answers %v, want one 200 and one 409", codes)
	}
}
