package web

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/fstest"
)

func TestAssets(t *testing.T) {
	files := fstest.MapFS{"site.css": {Data: []byte("body { color: #222 }")}, "img/logo.png": {Data: []byte("png")}}
	a, err := NewAssets(files, "/static/")
	if err != nil {
		t.Fatal(err)
	}
	a.Unversioned = "public, max-age=300"
	url := a.URL("site.css")
	if !strings.HasPrefix(url, "/static/site.css?v=") || len(url) != len("/static/site.css?v=")+12 {
		t.Fatalf("URL = %q", url)
	}
	if got := a.URL("missing.css"); got != "/static/missing.css" {
		t.Errorf("URL of a missing file = %q", got)
	}
	serve := func(target, name string) (*httptest.ResponseRecorder, bool) {
		w := httptest.NewRecorder()
		ok := a.Serve(w, httptest.NewRequest("GET", target, nil), name)
		return w, ok
	}
	w, ok := serve(url, "site.css")
	if !ok || w.Code != http.StatusOK || w.Body.String() != "body { color: #222 }" ||
		w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || w.Header().Get("ETag") == "" {
		t.Errorf("fingerprinted: %d %q %v", w.Code, w.Body, w.Header())
	}
	if w, _ := serve("/static/site.css?v=old", "site.css"); w.Header().Get("Cache-Control") != "public, max-age=300" {
		t.Errorf("an old fingerprint is cached as %q", w.Header().Get("Cache-Control"))
	}
	// Changed content, changed address.
	files["site.css"] = &fstest.MapFile{Data: []byte("body { color: #000 }")}
	b, _ := NewAssets(files, "/static/")
	if b.URL("site.css") == url {
		t.Error("the address did not change with the file")
	}
	if w, ok := serve("/static/nope.css", "nope.css"); ok || w.Body.Len() != 0 {
		t.Error("an unknown file was served or written to")
	}
}
