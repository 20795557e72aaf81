package web

import (
	"html/template"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"
)

// files is a small theme: a layout, partials, two pages and a stylesheet.
var files = fstest.MapFS{
	"templates/layout.html":   {Data: []byte(`{{define "base"}}<link href="{{asset "site.css"}}">{{template "main" .}}{{end}}`)},
	"templates/partials.html": {Data: []byte(`{{define "name"}}<b>{{.}}</b>{{end}}{{define "link"}}<a href="{{.}}" title="{{.}}">{{.}}</a>{{end}}`)},
	"templates/linked.html":   {Data: []byte(`{{define "main"}}<p>{{template "link" .}}</p>{{end}}`)},
	"templates/hello.html":    {Data: []byte(`{{define "main"}}Hello {{template "name" .Name}}{{shout .Name}}{{end}}`)},
	"templates/broken.html":   {Data: []byte(`{{define "main"}}{{.Missing.Field}}{{end}}`)},
	"static/site.css":         {Data: []byte("body{}")},
}

func load(t *testing.T, dir string) *Pages {
	t.Helper()
	p, err := Load(Theme{Files: files, Dir: dir, StaticPrefix: "/static/", Pages: []string{"hello", "broken", "linked"},
		Funcs: template.FuncMap{"shout": strings.ToUpper}})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestRenderWritesTheWholePageWithItsHeaders(t *testing.T) {
	p := load(t, "")
	rec := httptest.NewRecorder()
	if err := p.Render(rec, 201, "hello", struct{ Name string }{"<Nok>"}, "public, max-age=60"); err != nil {
		t.Fatal(err)
	}
	want := `<link href="` + p.Assets.URL("site.css") + `">Hello <b>&lt;Nok&gt;</b>&lt;NOK&gt;`
	if rec.Code != 201 || rec.Body.String() != want {
		t.Errorf("got %d %q, want 201 %q", rec.Code, rec.Body.String(), want)
	}
	if !strings.Contains(want, "?v=") {
		t.Error("the asset address carries no fingerprint")
	}
	if rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || rec.Header().Get("Cache-Control") != "public, max-age=60" {
		t.Errorf("headers = %v", rec.Header())
	}
}

func TestATemplateErrorSendsNothing(t *testing.T) {
	p := load(t, "")
	rec := httptest.NewRecorder()
	err := p.Render(rec, 200, "broken", struct{}{}, "no-store")
	if err == nil || !strings.Contains(err.Error(), "render broken") {
		t.Fatalf("err = %v", err)
	}
	if rec.Body.Len() != 0 || len(rec.Header()) != 0 {
		t.Errorf("half a page went out: %q %v", rec.Body.String(), rec.Header())
	}
	if err := p.Render(rec, 200, "nope", nil, "no-store"); err == nil || !strings.Contains(err.Error(), `no template "nope"`) {
		t.Errorf("unknown page: err = %v", err)
	}
}

func TestAThemeFolderOverridesFilesByName(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"templates/hello.html": `{{define "main"}}Themed {{.Name}}{{end}}`,
		"static/site.css":      "body{color:red}",
	} {
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(name)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p := load(t, dir)
	rec := httptest.NewRecorder()
	if err := p.Render(rec, 200, "hello", struct{ Name string }{"Nok"}, "no-store"); err != nil {
		t.Fatal(err)
	}
	// The layout still comes from the embedded files.
	if got := rec.Body.String(); !strings.HasPrefix(got, `<link href="/static/site.css?v=`) || !strings.HasSuffix(got, "Themed Nok") {
		t.Errorf("page = %q", got)
	}
	if p.Assets.URL("site.css") == load(t, "").Assets.URL("site.css") {
		t.Error("the theme's stylesheet has the embedded one's fingerprint")
	}
}

func TestLoadRefusesABrokenThemeAtStart(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "templates"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "templates", "hello.html"), []byte(`{{define "main"}}{{.Name`), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := Load(Theme{Files: files, Dir: dir, Pages: []string{"hello"}})
	if err == nil || !strings.Contains(err.Error(), "parse template hello") {
		t.Errorf("broken template: err = %v", err)
	}
	_, err = Load(Theme{Files: files, Dir: filepath.Join(dir, "missing"), Pages: []string{"hello"}})
	if err == nil || !strings.Contains(err.Error(), "not a readable folder") {
		t.Errorf("missing theme folder: err = %v", err)
	}
}

func TestPagesRenderConcurrently(t *testing.T) {
	p := load(t, "")
	want := httptest.NewRecorder()
	if err := p.Render(want, 200, "hello", struct{ Name string }{"Nok"}, "no-store"); err != nil {
		t.Fatal(err)
	}
	errs := make(chan string, 16)
	for range 16 {
		go func() {
			rec := httptest.NewRecorder()
			if err := p.Render(rec, 200, "hello", struct{ Name string }{"Nok"}, "no-store"); err != nil {
				errs <- err.Error()
				return
			}
			errs <- rec.Body.String()
		}()
	}
	for range 16 {
		if got := <-errs; got != want.Body.String() {
			t.Errorf("concurrent render = %q, want %q", got, want.Body.String())
		}
	}
}

// A block made alone is escaped as it is where a page calls it: in text,
// in attributes and in URLs, hostile input included.
func TestAFragmentIsWhatThePageWritesInItsPlace(t *testing.T) {
	p := load(t, "")
	for _, v := range []string{"<Nok & Lee>", `javascript:alert("x")`, "/2026/12/02/floods/?a=1&b=<2>", "\"'><script>"} {
		rec := httptest.NewRecorder()
		if err := p.Render(rec, 200, "linked", v, "no-store"); err != nil {
			t.Fatal(err)
		}
		frag, err := p.Fragment("linked", "link", v)
		if err != nil {
			t.Fatal(err)
		}
		page := rec.Body.String()
		inPage := page[strings.Index(page, "<p>")+3 : strings.LastIndex(page, "</p>")]
		if string(frag) != inPage {
			t.Errorf("%q: the fragment is %q, the page wrote %q", v, frag, inPage)
		}
	}
	if _, err := p.Fragment("nope", "link", ""); err == nil {
		t.Error("a fragment of a page that does not exist was made")
	}
}
