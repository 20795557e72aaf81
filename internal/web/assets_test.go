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

// A style sheet names its fonts and pictures by their fingerprinted
// addresses, so that they are kept as long as it is; the sheet's own
// address changes when one of them does.
func TestAssetsVersionTheFilesAStyleSheetNames(t *testing.T) {
	css := `@font-face { font-family: T; src: url(fonts/t.woff2) format("woff2"); unicode-range: U+0E00-0E7F; }
.a { background: url("img/dot.svg") } .b { background: url('/elsewhere.png') } .c { background: url(data:image/png;base64,AAAA) }
.d { background: url(missing.png) } .e { background: url(fonts/t.woff2#x) }`
	files := fstest.MapFS{
		"site.css":      {Data: []byte(css)},
		"fonts/t.woff2": {Data: []byte("wOF2 one")},
		"img/dot.svg":   {Data: []byte("<svg/>")},
	}
	a, err := NewAssets(files, "/static/")
	if err != nil {
		t.Fatal(err)
	}
	w := httptest.NewRecorder()
	a.Serve(w, httptest.NewRequest("GET", a.URL("site.css"), nil), "site.css")
	body := w.Body.String()
	font, dot := strings.TrimPrefix(a.URL("fonts/t.woff2"), "/static/"), strings.TrimPrefix(a.URL("img/dot.svg"), "/static/")
	for _, want := range []string{"url(" + font + ")", `url("` + dot + `")`, "url('/elsewhere.png')",
		"url(data:image/png;base64,AAAA)", "url(missing.png)", "url(fonts/t.woff2#x)"} {
		if !strings.Contains(body, want) {
			t.Errorf("the style sheet lacks %s:\n%s", want, body)
		}
	}
	if w.Header().Get("ETag") == "" || !strings.HasPrefix(w.Header().Get("Content-Type"), "text/css") {
		t.Errorf("style sheet headers %v", w.Header())
	}

	w = httptest.NewRecorder()
	a.Serve(w, httptest.NewRequest("GET", "/static/"+font, nil), "fonts/t.woff2")
	if w.Code != http.StatusOK || w.Body.String() != "wOF2 one" || w.Header().Get("Content-Type") != "font/woff2" ||
		w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
		t.Errorf("font: %d %q %v", w.Code, w.Body, w.Header())
	}
	// A changed font changes the style sheet's address too.
	files["fonts/t.woff2"] = &fstest.MapFile{Data: []byte("wOF2 two")}
	b, err := NewAssets(files, "/static/")
	if err != nil {
		t.Fatal(err)
	}
	if b.URL("site.css") == a.URL("site.css") {
		t.Error("the style sheet's address did not change with the font it names")
	}
	// Asked for again with its ETag, the rewritten sheet is not sent again.
	r := httptest.NewRequest("GET", a.URL("site.css"), nil)
	r.Header.Set("If-None-Match", `"`+strings.TrimPrefix(a.URL("site.css"), "/static/site.css?v=")+`"`)
	w = httptest.NewRecorder()
	a.Serve(w, r, "site.css")
	if w.Code != http.StatusNotModified {
		t.Errorf("a conditional request for the style sheet: %d", w.Code)
	}
}
