package e2e

import (
	"path"
	"slices"
	"strings"
	"testing"
)

// Budgets an article page keeps (issue 16): under 30 KB of HTML, CSS and
// JavaScript over the wire, and at most four requests before its pictures
// (the page, its style sheet, its script and, on a page with Thai, the Thai
// font).
const (
	articleBytesBudget    = 30 << 10
	articleRequestsBudget = 4
)

type transfer struct {
	Name  string  `json:"name"`
	Type  string  `json:"type"` // navigation, or the resource's initiator type
	Bytes float64 `json:"bytes"`
}

// readTransfers lists what the page fetched, with the bytes each took on
// the wire (headers and the compressed body: Resource Timing's
// transferSize, which is 0 for what came from the browser's cache).
const readTransfers = `(() => {
	const nav = performance.getEntriesByType('navigation')[0];
	return [{name: new URL(nav.name).pathname, type: 'navigation', bytes: nav.transferSize}]
		.concat(performance.getEntriesByType('resource').map(r => ({name: new URL(r.name).pathname + new URL(r.name).search, type: r.initiatorType, bytes: r.transferSize})));
})()`

func TestArticlePageBudget(t *testing.T) {
	e := setup(t)
	for _, s := range screens {
		t.Run(s.name, func(t *testing.T) {
			tb := e.newTab(t) // a browser context of its own: nothing cached
			tb.viewport(s.width, s.height, s.phone)
			tb.open(e.pagePath(t, "article"), 200)
			tb.settle()
			list := evaluate[[]transfer](tb, readTransfers)
			var code float64
			var before []string
			for _, r := range list {
				switch {
				case r.Type == "img" || isPicture(r.Name):
					continue
				case r.Type == "navigation" || r.Type == "link" || r.Type == "script" || r.Type == "css":
					if !isFont(r.Name) {
						code += r.Bytes
					}
				}
				before = append(before, r.Name)
				if r.Bytes == 0 {
					t.Errorf("%s shows 0 bytes transferred: the measure is not reading the wire", r.Name)
				}
			}
			t.Logf("HTML, CSS and JavaScript: %.1f KB; requests before pictures: %d %v", code/1024, len(before), before)
			if code >= articleBytesBudget {
				t.Errorf("the article page transferred %.1f KB of HTML, CSS and JavaScript, over the %d KB budget", code/1024, articleBytesBudget>>10)
			}
			if len(before) > articleRequestsBudget {
				t.Errorf("%d requests before pictures %v, over the budget of %d", len(before), before, articleRequestsBudget)
			}
		})
	}
}

func isFont(name string) bool { return hasExt(name, ".woff2", ".woff") }

func isPicture(name string) bool {
	return hasExt(name, ".jpg", ".jpeg", ".png", ".webp", ".avif", ".gif", ".svg")
}

// hasExt reports whether the path, without its query, ends in one of exts.
func hasExt(name string, exts ...string) bool {
	name, _, _ = strings.Cut(name, "?")
	return slices.Contains(exts, path.Ext(name))
}
