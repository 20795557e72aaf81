package site_test

import (
	"context"
	"fmt"
	"testing"
)

// The article page's rail (issue 16): "Latest articles" and "Most read"
// beside the story on wide screens, where they stay in view while the
// reader scrolls, and at the end of the page on phones, after the story,
// "Must read", "More articles" and the comments.
func TestTheArticleRailCarriesLatestAndMostRead(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	must(t, n.st.AddViews(ctx, map[int64]int{n.kremlin.ID: 40, n.thai.ID: 90}, "2025-07-14"))
	doc := n.page(t, kremlinPath)
	layout := first(doc, ".story-layout")
	rail := first(layout, "div.rail")
	if rail == nil {
		t.Fatal("no .rail in the .story-layout that puts it beside the story")
	}
	latest, most := first(rail, "section.latest"), first(rail, "section.most-read")
	if latest == nil || most == nil {
		t.Fatalf("the rail lacks Latest (%v) or Most read (%v)", latest != nil, most != nil)
	}
	if got := text(first(most, "h2")); got != "Most read" {
		t.Errorf("most read heading %q", got)
	}
	if got := texts(all(most, ".headline-link")); fmt.Sprint(got) != fmt.Sprint([]string{n.thai.Title, n.kremlin.Title}) {
		t.Errorf("most read %q", got)
	}
	if got := len(all(latest, "li.headline")); got != 5 {
		t.Errorf("%d latest articles in the rail, want 5", got)
	}
	// On a phone: the story, Must read, More articles, the comments, the rail.
	for _, pair := range [][2]string{{"article.story", "aside.must-read"}, {"aside.must-read", "section.related"},
		{"section.related", "section.comments"}, {"section.comments", "div.rail"}} {
		a, b := first(doc, pair[0]), first(doc, pair[1])
		if a == nil || b == nil || position(doc, a) >= position(doc, b) {
			t.Errorf("%s does not come before %s", pair[0], pair[1])
		}
	}
}

func TestTheArticleRailLeavesMostReadOutWhenNothingWasRead(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, kremlinPath)
	if first(doc, ".rail section.most-read") != nil {
		t.Error("a Most read block with nothing read")
	}
	if first(doc, ".rail section.latest") == nil {
		t.Error("no Latest articles in the rail")
	}
}
