package feed

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGoldenDocuments keeps whole documents under review: a change in what
// subscribers or crawlers receive shows up as a diff of testdata/golden.
func TestGoldenDocuments(t *testing.T) {
	var urls []URL
	var news []NewsURL
	for _, a := range articles() {
		urls = append(urls, ArticleURL(a, base, bangkok))
		news = append(news, ArticleNewsURL(a, base, bangkok))
	}
	tests := []struct {
		file  string
		write func() ([]byte, error)
	}{
		{"feed.rss", func() ([]byte, error) { return RSS(channel, items(true)) }},
		{"feed.atom", func() ([]byte, error) { return Atom(channel, items(true)) }},
		{"feed.json", func() ([]byte, error) { return JSON(channel, items(true)) }},
		{"excerpt.rss", func() ([]byte, error) { return RSS(channel, items(false)) }},
		{"sitemap.xml", func() ([]byte, error) { return URLSet(urls) }},
		{"sitemap-index.xml", func() ([]byte, error) {
			return SitemapIndex([]URL{{Loc: base + "/sitemap-articles-1.xml", LastMod: lastmod}, {Loc: base + "/sitemap-categories.xml"}})
		}},
		{"news-sitemap.xml", func() ([]byte, error) { return NewsSitemap("Dateline", "en", news) }},
		{"robots.txt", func() ([]byte, error) { return Robots(base, []string{"/sitemap.xml", "/news-sitemap.xml"}), nil }},
	}
	for _, tc := range tests {
		t.Run(tc.file+" is unchanged", func(t *testing.T) {
			got, err := tc.write()
			if err != nil {
				t.Fatal(err)
			}
			path := filepath.Join("testdata", "golden", tc.file)
			if *update {
				if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, got, 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run go test -update to create it)", err)
			}
			if !bytes.Equal(got, want) {
				t.Errorf("%s differs from the golden file; if the change is intended, run go test ./internal/feed -run Golden -update and review the diff\ngot:\n%s", tc.file, got)
			}
		})
	}
}
