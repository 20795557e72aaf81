package feed

import (
	"bytes"
	"html"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
)

// TestRSSPlainTextIsHTMLTextInEveryField: RSS readers render titles and
// descriptions as HTML, and some do categories and creators too, so every
// plain-text field is written as HTML-escaped text (then escaped for XML):
// markup a member typed shows as the characters they typed, never as
// markup, whichever field a reader renders.
func TestRSSPlainTextIsHTMLTextInEveryField(t *testing.T) {
	const typed = `<b>Tom & Jerry</b>`
	const written = `&amp;lt;b&amp;gt;Tom &amp;amp; Jerry&amp;lt;/b&amp;gt;`
	ch := Channel{Title: typed, Description: typed, Link: "https://news.example/", FeedURL: "https://news.example/feed/"}
	at := time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)
	items := []Item{{ID: "https://news.example/?p=1", Title: typed, Link: "https://news.example/2025/07/14/tom/",
		Summary: typed, Authors: []Person{{Name: typed}}, Categories: []string{typed}, Published: at,
		ContentHTML: "<p>" + html.EscapeString(typed) + "</p>"}}
	body, err := RSS(ch, items)
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range []string{
		"<title>" + written + "</title>",             // the channel's and the item's
		"<description>" + written + "</description>", // the tagline or bio, and the summary
		"<dc:creator>" + written + "</dc:creator>",
		"<category>" + written + "</category>",
		"<content:encoded>&lt;p&gt;&amp;lt;b&amp;gt;Tom &amp;amp; Jerry&amp;lt;/b&amp;gt;&lt;/p&gt;</content:encoded>", // HTML already: once
	} {
		want := 2
		if strings.Contains(line, "creator") || strings.Contains(line, "category") || strings.Contains(line, "content:") {
			want = 1
		}
		if got := bytes.Count(body, []byte(line)); got != want {
			t.Errorf("%s appears %d times, want %d\n%s", line, got, want, body)
		}
	}
	parsed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("the feed does not parse: %v", err)
	}
	it := parsed.Items[0]
	// A reader gets HTML for each field; shown as HTML it reads as typed.
	for name, got := range map[string]string{
		"channel title": parsed.Title, "channel description": parsed.Description,
		"item title": it.Title, "item description": it.Description, "category": it.Categories[0],
	} {
		if got != html.EscapeString(typed) && got != escapeText(typed) {
			t.Errorf("%s parses as %q, want the typed text as HTML", name, got)
		}
		if html.UnescapeString(got) != typed {
			t.Errorf("%s shown as HTML reads %q, want %q", name, html.UnescapeString(got), typed)
		}
	}
	if it.Content != "<p>"+html.EscapeString(typed)+"</p>" {
		t.Errorf("content parses as %q", it.Content)
	}
}

// escapeText is the HTML escaping of the three characters that matter in
// element text.
func escapeText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}
