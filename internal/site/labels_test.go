package site_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"

	"dateline/internal/content"
	"dateline/internal/render"
)

// labelled publishes a post by the harness's author with label l.
func (n *newsroom) labelled(t *testing.T, title string, l content.Label, source string) content.Article {
	t.Helper()
	a := content.Article{Kind: content.KindPost, Title: title, Source: source, Format: content.FormatMarkdown,
		Status: content.StatusPublished, PublishedAt: now.Add(-time.Hour), Author: n.kremlin.Author,
		CommentsOpen: true, Label: l}
	must(t, render.Prepare(&a))
	must(t, n.st.CreateArticle(context.Background(), &a))
	return a
}

func TestLabelsNameTheKindOfWorkOnThePageInStructuredDataAndFeeds(t *testing.T) {
	n := newNewsroom(t)
	cases := []struct {
		label      content.Label
		shown      string
		schemaType string
	}{
		{content.LabelNews, "News", "NewsArticle"},
		{content.LabelAnalysis, "Analysis", "AnalysisNewsArticle"},
		{content.LabelOpinion, "Opinion", "OpinionNewsArticle"},
		{content.LabelReview, "Review", "ReviewNewsArticle"},
		{content.LabelExplainer, "Explainer", "BackgroundNewsArticle"},
		{content.LabelSponsored, "Sponsored", "NewsArticle"},
	}
	zone := mustZone(t)
	for _, tc := range cases {
		t.Run(string(tc.label)+" is shown above the headline and typed "+tc.schemaType, func(t *testing.T) {
			a := n.labelled(t, "A piece of "+string(tc.label), tc.label, "Read [the source](https://example.org/a).")
			doc := n.page(t, a.Path(zone))
			header := first(doc, "header.story-header")
			label := first(header, "p.label")
			if label == nil || !strings.HasPrefix(text(label), tc.shown) {
				t.Fatalf("label above the headline = %q, want %q", text(label), tc.shown)
			}
			if label.NextSibling == nil || next(label).Data != "h1" {
				t.Errorf("the label is not right above the headline")
			}
			ld := jsonLD(t, doc)
			news := ld[tc.schemaType]
			if news == nil || news["headline"] != a.Title {
				t.Fatalf("no %s for the article in %v", tc.schemaType, keys(ld))
			}
			link := first(first(doc, ".story-body"), "a")
			sponsored := strings.Contains(" "+attr(link, "rel")+" ", " sponsored ")
			if sponsored != (tc.label == content.LabelSponsored) {
				t.Errorf("link rel = %q for a %s article", attr(link, "rel"), tc.label)
			}
		})
	}
	f, err := gofeed.NewParser().ParseString(n.get(t, "/feed/").Body.String())
	if err != nil {
		t.Fatal(err)
	}
	items := map[string][]string{}
	for _, it := range f.Items {
		items[it.Title] = it.Categories
	}
	if cats, ok := items["A piece of opinion"]; !ok || len(cats) == 0 || cats[0] != "Opinion" {
		t.Errorf("opinion item categories = %v (items %v)", cats, keys(items))
	}
	if cats, ok := items["A piece of news"]; !ok || len(cats) != 0 {
		t.Errorf("a news item carries categories %v, want none (it has no section or tags)", cats)
	}
	if _, ok := items["Sponsored: A piece of sponsored"]; !ok {
		t.Errorf("the sponsored item's title does not say so: %v", keys(items))
	}
}

// next is the next element after n.
func next(n *html.Node) *html.Node {
	for s := n.NextSibling; s != nil; s = s.NextSibling {
		if s.Type == html.ElementNode {
			return s
		}
	}
	return nil
}

func keys[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}
