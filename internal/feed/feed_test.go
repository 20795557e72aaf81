package feed

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"errors"
	"html"
	"io"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"
	"github.com/mmcdole/gofeed/rss"

	"dateline/internal/content"
)

type format struct {
	name  string
	write func(Channel, []Item) ([]byte, error)
	xml   bool
}

var formats = []format{
	{"RSS", RSS, true},
	{"Atom", Atom, true},
	{"JSON Feed", JSON, false},
}

// read writes a feed and reads it back the way a feed reader would.
func read(t *testing.T, f format, ch Channel, items []Item) *gofeed.Feed {
	t.Helper()
	body, err := f.write(ch, items)
	if err != nil {
		t.Fatalf("write %s: %v", f.name, err)
	}
	if f.xml {
		wellFormed(t, body)
	} else if !json.Valid(body) {
		t.Fatalf("%s is not valid JSON:\n%s", f.name, body)
	}
	parsed, err := gofeed.NewParser().ParseString(string(body))
	if err != nil {
		t.Fatalf("parse %s: %v\n%s", f.name, err, body)
	}
	return parsed
}

// wellFormed runs the strict encoding/xml decoder over the whole document,
// which refuses characters XML does not allow.
func wellFormed(t *testing.T, body []byte) {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(body))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		if err != nil {
			t.Fatalf("not well-formed XML: %v\n%s", err, body)
		}
	}
}

func imageURLs(it *gofeed.Item) []string {
	var urls []string
	if it.Image != nil {
		urls = append(urls, it.Image.URL)
	}
	for _, e := range it.Enclosures {
		urls = append(urls, e.URL)
	}
	return urls
}

func TestFullTextFeedsReadBackAsWritten(t *testing.T) {
	as := articles()
	checks := []struct {
		name  string
		check func(t *testing.T, f format, feed *gofeed.Feed)
	}{
		{"the feed has the site's title and home page", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if feed.Title != "Dateline" || feed.Link != base+"/" {
				t.Errorf("title %q link %q, want Dateline and %s/", feed.Title, feed.Link, base)
			}
		}},
		{"the feed links to itself", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if feed.FeedLink != base+"/feed/" {
				t.Errorf("feed link %q", feed.FeedLink)
			}
		}},
		{"items keep the order they were given", func(t *testing.T, _ format, feed *gofeed.Feed) {
			var got []string
			for _, it := range feed.Items {
				got = append(got, it.GUID)
			}
			want := []string{base + "/?p=42", base + "/?p=43", base + "/?p=44", base + "/?p=45"}
			if !slices.Equal(got, want) {
				t.Errorf("GUIDs %q, want %q", got, want)
			}
		}},
		{"an item links to the article's dated address in the site's zone", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if got := feed.Items[0].Link; got != base+"/2025/07/14/floods-close-airport/" {
				t.Errorf("link %q", got)
			}
		}},
		{"publication dates are the articles' to the second", func(t *testing.T, _ format, feed *gofeed.Feed) {
			for i, it := range feed.Items {
				if it.PublishedParsed == nil || !it.PublishedParsed.Equal(as[i].PublishedAt) {
					t.Errorf("item %d published %v, want %v", i, it.PublishedParsed, as[i].PublishedAt)
				}
			}
		}},
		{"the modified date is the last edit where the format has one", func(t *testing.T, f format, feed *gofeed.Feed) {
			if f.name == "RSS" {
				return // RSS 2.0 has no per-item update date
			}
			if u := feed.Items[0].UpdatedParsed; u == nil || !u.Equal(flood().UpdatedAt) {
				t.Errorf("updated %v, want %v", u, flood().UpdatedAt)
			}
		}},
		{"the author is the byline", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if a := feed.Items[0].Authors; len(a) == 0 || a[0].Name != "Somchai Jaidee" {
				t.Errorf("authors %+v", a)
			}
		}},
		{"categories are the section then the tags", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if got := feed.Items[0].Categories; !slices.Equal(got, []string{"Thailand", "Weather", "Chiang Mai"}) {
				t.Errorf("categories %q", got)
			}
		}},
		{"the featured image is attached", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if urls := imageURLs(feed.Items[0]); !slices.Contains(urls, base+"/media/2025/07/flood.jpg") {
				t.Errorf("image URLs %q", urls)
			}
			if urls := imageURLs(feed.Items[1]); len(urls) != 0 {
				t.Errorf("article without image has %q", urls)
			}
		}},
		{"the full text is carried with absolute image addresses", func(t *testing.T, _ format, feed *gofeed.Feed) {
			c := feed.Items[0].Content
			if !strings.Contains(c, "Only the body says this.") || !strings.Contains(c, `src="`+base+`/media/2025/07/runway.jpg"`) {
				t.Errorf("content %q", c)
			}
		}},
		{"the summary is the excerpt", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if d := html.UnescapeString(feed.Items[0].Description); d != "The airport will stay shut until Monday." {
				t.Errorf("description %q", d)
			}
		}},
		{"a hostile title comes back as the same text", func(t *testing.T, f format, feed *gofeed.Feed) {
			got := feed.Items[2].Title
			if f.name == "RSS" {
				// RSS carries titles as HTML text, for readers that render them.
				if strings.Contains(got, "<") {
					t.Errorf("RSS title %q carries markup", got)
				}
				got = html.UnescapeString(got)
			}
			if got != hostileTitle {
				t.Errorf("title %q, want %q", got, hostileTitle)
			}
		}},
		{"a Thai title comes back as the same text", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if got := feed.Items[1].Title; got != thaiTitle {
				t.Errorf("title %q, want %q", got, thaiTitle)
			}
		}},
		{"control characters are stripped", func(t *testing.T, _ format, feed *gofeed.Feed) {
			if got := feed.Items[3].Title; got != "Bell and form feed" {
				t.Errorf("title %q", got)
			}
		}},
	}
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			feed := read(t, f, channel, items(true))
			if len(feed.Items) != len(as) {
				t.Fatalf("%d items, want %d", len(feed.Items), len(as))
			}
			for _, c := range checks {
				t.Run(c.name, func(t *testing.T) { c.check(t, f, feed) })
			}
		})
	}
}

func TestExcerptFeedsCarryTheSummaryAndNotTheBody(t *testing.T) {
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			feed := read(t, f, channel, items(false))
			it := feed.Items[0]
			if strings.Contains(it.Content+it.Description, "Only the body says this.") {
				t.Errorf("excerpt feed carries the body: content %q description %q", it.Content, it.Description)
			}
			if !strings.Contains(it.Content+it.Description, "The airport will stay shut until Monday.") {
				t.Errorf("excerpt missing: content %q description %q", it.Content, it.Description)
			}
		})
	}
}

func TestGUIDStaysTheSameWhenTheArticleIsEdited(t *testing.T) {
	edits := []struct {
		name string
		edit func(a *content.Article)
	}{
		{"a new headline", func(a *content.Article) { a.Title = "Airport reopens" }},
		{"a new slug", func(a *content.Article) { a.Slug = "airport-reopens" }},
		{"a later update time", func(a *content.Article) { a.UpdatedAt = a.UpdatedAt.Add(72 * time.Hour) }},
		{"a rewritten body", func(a *content.Article) { a.Body = "<p>Rewritten.</p>" }},
	}
	for _, f := range formats {
		before := read(t, f, channel, []Item{ArticleItem(flood(), base, bangkok, true)}).Items[0].GUID
		for _, e := range edits {
			t.Run(f.name+"/"+e.name, func(t *testing.T) {
				a := flood()
				e.edit(&a)
				after := read(t, f, channel, []Item{ArticleItem(a, base, bangkok, true)}).Items[0].GUID
				if after != before || after != base+"/?p=42" {
					t.Errorf("GUID %q after the edit, %q before", after, before)
				}
			})
		}
	}
}

func TestRSSSpellsOutWhatReadersRelyOn(t *testing.T) {
	body, err := RSS(channel, items(true))
	if err != nil {
		t.Fatal(err)
	}
	feed, err := (&rss.Parser{}).Parse(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	it := feed.Items[0]
	media := it.Extensions["media"]["content"]
	tests := []struct {
		name      string
		got, want string
	}{
		{"the GUID is not a permalink", it.GUID.IsPermalink, "false"},
		{"pubDate is RFC 1123 with a numeric zone", it.PubDate, "Sun, 13 Jul 2025 23:30:00 +0000"},
		{"lastBuildDate is the channel's update time", feed.LastBuildDate, "Mon, 14 Jul 2025 01:30:00 +0000"},
		{"dc:creator names the author", it.DublinCoreExt.Creator[0], "Somchai Jaidee"},
		{"the enclosure has the image address", it.Enclosures[0].URL, base + "/media/2025/07/flood.jpg"},
		{"the enclosure length is the file's size", it.Enclosures[0].Length, "183204"},
		{"the enclosure has the image type", it.Enclosures[0].Type, "image/jpeg"},
		{"media:content has the image address", media[0].Attrs["url"], base + "/media/2025/07/flood.jpg"},
		{"media:content has the width", media[0].Attrs["width"], "1200"},
		{"media:content has the height", media[0].Attrs["height"], "800"},
		{"media:content says it is an image", media[0].Attrs["medium"], "image"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestChannelWithoutUpdateTimeTakesTheNewestItem(t *testing.T) {
	ch := channel
	ch.Updated = time.Time{}
	for _, f := range formats[:2] { // JSON Feed has no feed-level date
		t.Run(f.name, func(t *testing.T) {
			feed := read(t, f, ch, items(true))
			if u := feed.UpdatedParsed; u == nil || !u.Equal(flood().UpdatedAt) {
				t.Errorf("feed updated %v, want %v", u, flood().UpdatedAt)
			}
		})
	}
}

func TestJSONFeedFollowsVersion1_1(t *testing.T) {
	body, err := JSON(channel, items(false))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Version string           `json:"version"`
		Items   []map[string]any `json:"items"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		t.Fatal(err)
	}
	first := doc.Items[0]
	tests := []struct {
		name      string
		got, want any
	}{
		{"the version is 1.1", doc.Version, "https://jsonfeed.org/version/1.1"},
		{"the id is the GUID", first["id"], base + "/?p=42"},
		{"an excerpt item carries content_text", first["content_text"], "The airport will stay shut until Monday."},
		{"an excerpt item has no content_html", first["content_html"], nil},
		{"the image is the featured image", first["image"], base + "/media/2025/07/flood.jpg"},
		{"date_published is RFC 3339 in UTC", first["date_published"], "2025-07-13T23:30:00Z"},
		{"date_modified is RFC 3339 in UTC", first["date_modified"], "2025-07-14T01:30:00Z"},
		{"authors carry the author page", first["authors"], []any{map[string]any{"name": "Somchai Jaidee", "url": base + "/author/somchai/"}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			g, _ := json.Marshal(tc.got)
			w, _ := json.Marshal(tc.want)
			if !bytes.Equal(g, w) {
				t.Errorf("got %s, want %s", g, w)
			}
		})
	}
}

func TestCommentsFeed(t *testing.T) {
	c := content.Comment{
		ID:         7,
		ArticleID:  42,
		AuthorName: "Ann",
		AuthorURL:  "javascript:alert(1)",
		Body:       "I was <b>there</b> & it was wet.",
		Status:     content.CommentApproved,
		CreatedAt:  time.Date(2025, 7, 14, 2, 0, 0, 0, time.UTC),
	}
	it := CommentItem(c, flood(), base, bangkok)
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			got := read(t, f, channel, []Item{it}).Items[0]
			tests := []struct {
				name      string
				got, want string
			}{
				{"the GUID is the article's with the comment anchor", got.GUID, base + "/?p=42#comment-7"},
				{"the title says what and who, as WordPress does", got.Title, "Comment on Floods close Chiang Mai airport by Ann"},
				{"the link goes to the comment on the article page", got.Link, base + "/2025/07/14/floods-close-airport/#comment-7"},
				{"markup the reader typed stays text", got.Content, "<p>I was &lt;b&gt;there&lt;/b&gt; &amp; it was wet.</p>\n"},
			}
			for _, tc := range tests {
				t.Run(tc.name, func(t *testing.T) {
					if tc.got != tc.want {
						t.Errorf("got %q, want %q", tc.got, tc.want)
					}
				})
			}
		})
	}
	t.Run("an address that is not a web link is dropped", func(t *testing.T) {
		if len(it.Authors) != 1 || it.Authors[0].URL != "" {
			t.Errorf("authors %+v, want Ann without her address", it.Authors)
		}
	})
}

func TestSummaryWithoutExcerpt(t *testing.T) {
	long := strings.Repeat("ข่าว", 100) // 400 Thai letters, no spaces
	tests := []struct {
		name string
		body string
		want string
	}{
		{"is the body as plain text", "<p>Rain fell.</p><p>Roads <b>closed</b></p>", "Rain fell. Roads closed"},
		{"cuts a long Thai body at 300 letters", "<p>" + long + "</p>", strings.Repeat("ข่าว", 75) + "…"},
		{"cuts a long English body at a space", "<p>" + strings.Repeat("word ", 100) + "</p>", strings.TrimSpace(strings.Repeat("word ", 60)) + "…"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := post(1, "T", time.Now())
			a.Body = tc.body
			if got := ArticleItem(a, base, bangkok, false).Summary; got != tc.want {
				t.Errorf("summary %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAbsoluteURLs(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"a root-relative image gets the site address", `<img src="/media/a.jpg" alt="A">`, `<img src="https://news.example/media/a.jpg" alt="A">`},
		{"a srcset gets it for every candidate", `<img src="/m/a.jpg" srcset="/m/a-300.jpg 300w, /m/a.jpg 800w">`, `<img src="https://news.example/m/a.jpg" srcset="https://news.example/m/a-300.jpg 300w, https://news.example/m/a.jpg 800w">`},
		{"a link keeps its query", `<a href="/search?q=a&amp;b=c">x</a>`, `<a href="https://news.example/search?q=a&amp;b=c">x</a>`},
		{"absolute and protocol-relative links are untouched", `<a href="https://other.example/">x</a><img src="//cdn.example/a.jpg">`, `<a href="https://other.example/">x</a><img src="//cdn.example/a.jpg">`},
		{"text and entities are untouched", `<p>A &amp; B / C</p>`, `<p>A &amp; B / C</p>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := absoluteURLs(tc.in, base); got != tc.want {
				t.Errorf("got  %s\nwant %s", got, tc.want)
			}
		})
	}
}

func TestETag(t *testing.T) {
	a, b := ETag([]byte("one")), ETag([]byte("two"))
	if a != ETag([]byte("one")) {
		t.Error("the same body gets different tags")
	}
	if a == b {
		t.Error("different bodies get the same tag")
	}
	if !strings.HasPrefix(a, `"`) || !strings.HasSuffix(a, `"`) || strings.HasPrefix(a, "W/") {
		t.Errorf("%s is not a quoted strong tag", a)
	}
}

func TestAtomEntryWithoutAuthorIsCreditedToTheSite(t *testing.T) {
	it := ArticleItem(flood(), base, bangkok, false)
	it.Authors = nil
	feed := read(t, formats[1], channel, []Item{it})
	if a := feed.Items[0].Authors; len(a) != 1 || a[0].Name != "Dateline" {
		t.Errorf("authors %+v, want the site", a)
	}
}
