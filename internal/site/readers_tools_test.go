package site_test

import (
	"slices"
	"strings"
	"testing"

	"dateline/internal/web/webtest"
)

// What the tools readers use instead of a browser's own view make of an
// article page: reader modes (Firefox's, Safari's, miniflux's "fetch
// original content") take the <article> element as the story, and text
// browsers read the page without its style sheet.

func TestReaderModesTakeTheStoryWithoutTheEditorsPicks(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, kremlinPath)
	story := first(doc, "article.story")
	if story == nil {
		t.Fatal("no article.story on the page")
	}
	if first(story, ".must-read") != nil || first(story, "aside") != nil {
		t.Error(`"Must read" is inside the <article> element: reader modes read it as part of the story`)
	}
	must := first(doc, "aside.must-read")
	if must == nil {
		t.Fatal(`no "Must read" on the page`)
	}
	// After the story, before "More articles": where a phone shows it,
	// and beside the story on wide screens (the two share .story-layout).
	if position(doc, must) < position(doc, first(story, ".story-footer")) {
		t.Error(`"Must read" comes before the end of the story`)
	}
	if position(doc, must) > position(doc, first(doc, "section.related")) {
		t.Error(`"Must read" comes after "More articles"`)
	}
	layout := first(doc, ".story-layout")
	if layout == nil || !contains(layout, story) || !contains(layout, must) {
		t.Error("the story and its sidebar are not in one .story-layout, which puts them side by side on wide screens")
	}
}

func TestATextBrowserShowsTheBylineLineByLine(t *testing.T) {
	n := newNewsroom(t)
	lines := webtest.Lynx(t, n.get(t, kremlinPath).Body.String())
	for _, want := range []string{
		"By Ana Reyes",
		"July 14, 2025 01:30 · Updated July 14, 2025 04:30",
		"1 min read",
	} {
		if !slices.Contains(lines, want) {
			t.Errorf("lynx shows no line %q; the byline reads:\n%s", want, near(lines, "By Ana Reyes"))
		}
	}
}

// The comment form's trap for robots is a text field, since robots fill
// text fields; readers must never meet it. The hidden attribute keeps it
// out of every page that follows HTML's rules even without the style
// sheet: reader modes, screen readers, a browser's autofill (which would
// fill it and have the comment taken for spam) and a page whose CSS did
// not load. Text browsers follow neither CSS nor hidden (lynx, w3m and
// elinks were tried, and skip no text field in valid HTML): there the
// label tells the reader what to do with it.
func TestTheCommentFormsTrapIsHiddenFromReaders(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, kremlinPath)
	trap := first(doc, "#comment-form [name=website_url]")
	if trap == nil {
		t.Fatal("the comment form has no trap field website_url")
	}
	if attr(trap, "type") != "text" {
		t.Errorf("the trap is type=%q; robots fill text fields, so it must be one", attr(trap, "type"))
	}
	hiddenBy := ""
	for p := trap; p != nil; p = p.Parent {
		if hasAttr(p, "hidden") {
			hiddenBy = p.Data
		}
	}
	if hiddenBy == "" {
		t.Error("neither the trap nor an element around it has the hidden attribute: without the style sheet, readers see it")
	}
	if got := text(first(doc, "label[for=website_url]")); !strings.Contains(got, "empty") {
		t.Errorf("the trap's label %q does not tell a text-browser reader to leave it empty", got)
	}
}

// near is the lines around the first that starts with prefix, for a
// failure message.
func near(lines []string, prefix string) string {
	for i, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return strings.Join(lines[max(0, i-2):min(len(lines), i+4)], "\n")
		}
	}
	return "(no such line)"
}
