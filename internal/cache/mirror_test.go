package cache_test

import (
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"dateline/internal/cache"
)

func TestTheMirrorHoldsExactlyTheFreshPages(t *testing.T) {
	dir := t.TempDir()
	leftover := filepath.Join(dir, "old", "index.html")
	os.MkdirAll(filepath.Dir(leftover), 0o755)
	os.WriteFile(leftover, []byte("from an earlier run"), 0o644)
	m, err := cache.NewMirror(dir, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(leftover); !os.IsNotExist(err) {
		t.Error("a page from an earlier run is still in the mirror")
	}
	c, h, _, clk := newCache(t, cache.Config{Mirror: m, MaxAge: time.Minute})
	page := filepath.Join(dir, "a", "index.html")
	body := get(h, "/a/").Body.String()
	got, err := os.ReadFile(page)
	if err != nil || string(got) != body {
		t.Fatalf("the mirror's page: %v, %d bytes (want %d)", err, len(got), len(body))
	}
	for _, sibling := range []struct {
		name string
		open func(io.Reader) (io.Reader, error)
	}{
		{"index.html.gz", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"index.html.br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
	} {
		f, err := os.Open(filepath.Join(dir, "a", sibling.name))
		if err != nil {
			t.Fatalf("%s: %v", sibling.name, err)
		}
		r, err := sibling.open(f)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(r)
		f.Close()
		if string(b) != body {
			t.Errorf("%s does not hold the page", sibling.name)
		}
	}
	// Not mirrored: a query, a page that is not kept, a redirect kept.
	get(h, "/b/?page=2")
	get(h, "/untagged/")
	if w := get(h, "/moved/"); w.Header().Get("Cache-Status") != "dateline; fwd=miss" {
		t.Fatalf("the redirect was not kept: %q", w.Header().Get("Cache-Status"))
	}
	for _, p := range []string{"b", "untagged", "moved"} {
		if _, err := os.Stat(filepath.Join(dir, p)); !os.IsNotExist(err) {
			t.Errorf("%s is in the mirror", p)
		}
	}
	// Purged at the moment of the purge.
	c.Purge("article:1")
	for _, name := range []string{"index.html", "index.html.gz", "index.html.br"} {
		if _, err := os.Stat(filepath.Join(dir, "a", name)); !os.IsNotExist(err) {
			t.Errorf("%s is still in the mirror after the purge", name)
		}
	}
	// Rendered again, back in the mirror; past its freshness, out.
	get(h, "/a/")
	if _, err := os.Stat(page); err != nil {
		t.Fatal("the page rendered again is not in the mirror")
	}
	clk.Advance(time.Minute)
	c.ExpireMirror()
	if _, err := os.Stat(page); !os.IsNotExist(err) {
		t.Error("a page older than the cache would keep fresh is still in the mirror")
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "a"))
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".tmp-") {
			t.Errorf("a temporary file was left: %s", e.Name())
		}
	}
}
