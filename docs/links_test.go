// Package docs holds dateline's documentation; its test checks that the
// documentation stands on its own in a fresh clone.
package docs

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// mdLink finds the targets of Markdown links and images: [text](target).
var mdLink = regexp.MustCompile(`\]\(([^)\s]+)\)`)

// heading is a Markdown heading, whose anchor a link may name.
var heading = regexp.MustCompile(`(?m)^#{1,6} +(.+)$`)

// TestLinksStayInTheRepository checks every relative link of the README
// and the documents beside it: each names a file of this repository (and
// a heading of it, for #anchors), never one outside it. A fresh clone has
// nothing beside it (issue 16: the README linked ../shared/DESIGN.md).
func TestLinksStayInTheRepository(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	files := []string{"README.md", "e2e/README.md"}
	docs, _ := filepath.Glob(filepath.Join(root, "docs", "*.md"))
	for _, d := range docs {
		rel, _ := filepath.Rel(root, d)
		files = append(files, rel)
	}
	for _, f := range files {
		body, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range mdLink.FindAllStringSubmatch(string(body), -1) {
			target := m[1]
			if strings.Contains(target, "://") || strings.HasPrefix(target, "mailto:") {
				continue
			}
			path, anchor, _ := strings.Cut(target, "#")
			file := filepath.Join(root, f)
			if path != "" {
				file = filepath.Join(filepath.Dir(file), filepath.FromSlash(path))
			}
			if rel, err := filepath.Rel(root, file); err != nil || strings.HasPrefix(rel, "..") {
				t.Errorf("%s links to %s, outside the repository", f, target)
				continue
			}
			if _, err := os.Stat(file); err != nil {
				t.Errorf("%s links to %s, which does not exist", f, target)
				continue
			}
			if anchor != "" && strings.HasSuffix(file, ".md") && !hasAnchor(t, file, anchor) {
				t.Errorf("%s links to %s, which has no heading %q", f, target, anchor)
			}
		}
	}
}

// hasAnchor reports whether a Markdown file has a heading whose anchor, as
// GitHub makes them (lower case, spaces to hyphens, punctuation dropped),
// is anchor.
func hasAnchor(t *testing.T, file, anchor string) bool {
	body, err := os.ReadFile(file)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range heading.FindAllStringSubmatch(string(body), -1) {
		slug := strings.Map(func(r rune) rune {
			switch {
			case r == ' ' || r == '-':
				return '-'
			case r == '_' || 'a' <= r && r <= 'z' || '0' <= r && r <= '9' || r > 127:
				return r
			}
			return -1
		}, strings.ToLower(strings.TrimSpace(m[1])))
		if slug == anchor {
			return true
		}
	}
	return false
}
