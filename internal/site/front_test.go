package site_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/content"
	"dateline/internal/render"
)

// The front page as a news site's (issue 16): a lead with its picture and a
// ranked list of top stories with pictures beside it, the most read
// stories, a grid of stories with their standfirsts and pictures, and the
// sections side by side, none repeating a story shown above it.

// frontNewsroom is the test newsroom with perPage stories to a page and a
// newer story with a picture at the top, and views for "Most read".
func frontNewsroom(t *testing.T, perPage int) (*newsroom, content.Article) {
	t.Helper()
	n := newNewsroom(t)
	ctx := context.Background()
	set, err := n.st.Settings(ctx)
	must(t, err)
	set.PerPage = perPage
	must(t, n.st.SaveSettings(ctx, set))
	lead := content.Article{Kind: content.KindPost, Title: "Floodwater reaches the old town", Source: "Water rose overnight.",
		Excerpt: "The river burst its banks before dawn.", Format: content.FormatMarkdown, Status: content.StatusPublished,
		PublishedAt: now.Add(-time.Hour), UpdatedAt: now.Add(-time.Hour), Author: n.kremlin.Author,
		Category: n.kremlin.Category, Image: n.kremlin.Image, CommentsOpen: true}
	must(t, render.Prepare(&lead))
	must(t, n.st.CreateArticle(ctx, &lead))
	older := lead
	older.ID, older.Slug, older.Title, older.Excerpt = 0, "", "Canal works fall behind schedule", "Contractors blame the rains."
	older.PublishedAt, older.UpdatedAt = now.Add(-45*time.Hour), now.Add(-45*time.Hour)
	must(t, render.Prepare(&older))
	must(t, n.st.CreateArticle(ctx, &older))
	must(t, n.st.AddViews(ctx, map[int64]int{n.kremlin.ID: 70, n.thai.ID: 90}, "2025-07-14"))
	return n, lead
}

func TestFrontPageLeadsWithAPictureAndTopStoriesWithTheirs(t *testing.T) {
	n, lead := frontNewsroom(t, 12)
	doc := n.page(t, "/")
	front := first(doc, "section.front")
	if front == nil {
		t.Fatal("no section.front")
	}
	l := first(front, "article.lead")
	if got := text(first(l, ".lead-title")); got != lead.Title {
		t.Errorf("lead %q, want %q", got, lead.Title)
	}
	if strings.Contains(attr(l, "class"), "lead-no-image") {
		t.Error("a lead with a picture is marked as having none")
	}
	img := first(l, ".lead-image img")
	if img == nil || attr(img, "fetchpriority") != "high" || hasAttr(img, "loading") {
		t.Errorf("the lead's picture is missing or loads late: %v", img)
	}

	top := first(front, ".top-stories")
	if got := text(first(top, "h2")); got != "Top stories" {
		t.Errorf("top stories heading %q", got)
	}
	items := all(top, "ol.story-list li.story-item")
	titles := texts(all(top, ".headline-link"))
	// The five stories after the lead, newest first.
	want := []string{n.thai.Title, n.hostile.Title, n.kremlin.Title, "Must read number 1", "Must read number 2"}
	if len(items) != 5 || !slices.Equal(titles, want) {
		t.Fatalf("top stories %q, want %q", titles, want)
	}
	// A story with a picture shows it small beside its headline.
	if first(items[0], "img") != nil {
		t.Error("a top story without a picture shows one")
	}
	thumb := first(items[2], "a.thumb img")
	if thumb == nil {
		t.Fatal("the top story with a picture shows none")
	}
	// The smallest copy at least 240 pixels wide, not the card's.
	if got := attr(thumb, "src"); got != "/media/demo/kremlin-480.jpg" {
		t.Errorf("thumbnail src %q", got)
	}
	if attr(thumb, "width") == "" || attr(thumb, "height") == "" || attr(thumb, "alt") != "" {
		t.Errorf("thumbnail attributes %v: want its size and an empty alt (the headline beside it says it all)", thumb.Attr)
	}
	if attr(first(items[2], "a.thumb"), "aria-hidden") != "true" || attr(first(items[2], "a.thumb"), "tabindex") != "-1" {
		t.Error("the thumbnail's link is a second stop for keyboards and screen readers")
	}

	// The next six as a grid of cards with their pictures and standfirsts.
	latest := first(doc, "section.latest-news")
	if latest == nil || text(first(latest, "h2")) != "Latest news" {
		t.Fatal("no latest news grid")
	}
	cards := all(latest, ".module-grid article.card")
	if len(cards) != 6 {
		t.Errorf("%d stories in the latest news grid, want the six after the top stories", len(cards))
	}
	var canal *html.Node
	for _, c := range cards {
		if text(first(c, ".card-title")) == "Canal works fall behind schedule" {
			canal = c
		}
	}
	if canal == nil {
		t.Fatalf("the canal story is not in the latest news grid")
	}
	if first(canal, ".card-image img") == nil || text(first(canal, ".card-excerpt")) != "Contractors blame the rains." {
		t.Error("the canal story's card lacks its picture or its standfirst")
	}
}

func TestFrontPageShowsMostReadAsAStripBelowTheTopStories(t *testing.T) {
	n, _ := frontNewsroom(t, 12)
	doc := n.page(t, "/")
	strip := first(doc, "section.most-read")
	if strip == nil {
		t.Fatal("no most read strip")
	}
	if got := texts(all(strip, "ol.ranked-strip .headline-link")); fmt.Sprint(got) != fmt.Sprint([]string{n.thai.Title, n.kremlin.Title}) {
		t.Errorf("most read %q", got)
	}
	if position(doc, strip) < position(doc, first(doc, "section.front")) || position(doc, strip) > position(doc, first(doc, "section.latest-news")) {
		t.Error("most read is not between the top stories and the latest news")
	}
}

func TestFrontPageSectionsRepeatNoStoryShownAbove(t *testing.T) {
	// Nine to a page: the lead, five top stories, three latest, and
	// stories left for the sections.
	n, _ := frontNewsroom(t, 9)
	doc := n.page(t, "/")
	above := map[string]bool{}
	for _, sel := range []string{"section.front .lead-title", "section.front .headline-link", "section.latest-news .card-title"} {
		for _, s := range texts(all(doc, sel)) {
			above[s] = true
		}
	}
	if len(all(doc, "section.latest-news .card-title")) != 3 {
		t.Fatalf("latest news %q, want three", texts(all(doc, "section.latest-news .card-title")))
	}
	blocks := all(doc, ".section-blocks section.section-block")
	if got := texts(all(doc, ".section-blocks h2")); fmt.Sprint(got) != "[World Business]" {
		t.Fatalf("section blocks %q, want World and Business", got)
	}
	for _, b := range blocks {
		for _, s := range append(texts(all(b, ".card-title")), texts(all(b, ".headline-link"))...) {
			if above[s] {
				t.Errorf("section %s repeats %q, shown above it", text(first(b, "h2")), s)
			}
		}
	}
}

func TestALeadWithoutAPictureIsAPanelOfItsOwn(t *testing.T) {
	n := newNewsroom(t) // its newest story, in Thai, has no picture
	doc := n.page(t, "/")
	l := first(doc, "section.front article.lead")
	if got := text(first(l, ".lead-title")); got != n.thai.Title {
		t.Fatalf("lead %q", got)
	}
	if !strings.Contains(attr(l, "class"), "lead-no-image") || first(l, "img") != nil || first(l, ".lead-image") != nil {
		t.Errorf("a lead without a picture: class %q, want lead-no-image and no picture box", attr(l, "class"))
	}
}
