package e2e

import (
	"fmt"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
)

// screen is a window size the audits look at pages in.
type screen struct {
	name          string
	width, height int64
	phone         bool
}

var screens = []screen{
	{"desktop", 1280, 900, false},
	{"phone", 390, 844, true},
}

// TestAccessibility runs axe-core in the browser on every public page, on
// a desktop and on a phone: no violations; issue 17's pages among them
// (newsroomStories).
func TestAccessibility(t *testing.T) {
	e := setup(t)
	axe := axeSource(t, e)
	for _, p := range append(slices.Clone(e.pages), e.newsroomStories(t).pages()...) {
		for _, s := range screens {
			t.Run(p.name+"/"+s.name, func(t *testing.T) {
				tb := e.newTab(t)
				if p.status != http.StatusOK {
					tb.allowConsole(fmt.Sprintf("status of %d", p.status))
				}
				tb.viewport(s.width, s.height, s.phone)
				tb.open(p.path, p.status)
				checkAxe(t, tb, axe)
			})
		}
	}
}

// axeSource reads axe-core's script from node_modules.
func axeSource(t *testing.T, e *env) string {
	t.Helper()
	b, err := os.ReadFile(e.nodeModule(t, "axe-core/axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

type axeViolation struct {
	ID      string    `json:"id"`
	Impact  string    `json:"impact"`
	Help    string    `json:"help"`
	HelpURL string    `json:"helpUrl"`
	Nodes   []axeNode `json:"nodes"`
}

type axeNode struct {
	Target  string `json:"target"`
	Summary string `json:"summary"`
	HTML    string `json:"html"`
}

// runAxe runs the rules for WCAG 2.0, 2.1 and 2.2 at levels A and AA
// (2.2's target size among them, which axe leaves out by default) and
// axe's best practices.
const runAxe = `(async () => {
	const result = await axe.run(document, {
		runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa', 'best-practice']},
		resultTypes: ['violations'],
	});
	return result.violations.map(v => ({
		id: v.id, impact: v.impact ?? '', help: v.help, helpUrl: v.helpUrl,
		nodes: v.nodes.map(n => ({target: n.target.map(String).join(' '), summary: n.failureSummary ?? '', html: n.html})),
	}));
})()`

// checkAxe injects axe-core into the page in the tab, runs it and reports
// every violation with the elements it found.
func checkAxe(t *testing.T, tb *tab, source string) {
	t.Helper()
	tb.settle()
	tb.do(chromedp.Evaluate[chromedp.Void](source))
	violations := evaluate[[]axeViolation](tb, runAxe)
	for _, v := range violations {
		var b strings.Builder
		fmt.Fprintf(&b, "axe %s (%s): %s\n\t%s", v.ID, v.Impact, v.Help, v.HelpURL)
		for i, n := range v.Nodes {
			if i == 8 {
				fmt.Fprintf(&b, "\n\t… and %d more", len(v.Nodes)-i)
				break
			}
			fmt.Fprintf(&b, "\n\t- %s\n\t  %s\n\t  %s", n.Target, abbreviate(n.HTML, 140),
				strings.ReplaceAll(strings.TrimSpace(n.Summary), "\n", "\n\t  "))
		}
		t.Error(b.String())
	}
}
