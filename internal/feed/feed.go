package feed

import (
	"crypto/sha256"
	"encoding/base64"
	"time"
)

// Content types to serve each document with.
const (
	ContentTypeRSS  = "application/rss+xml; charset=utf-8"
	ContentTypeAtom = "application/atom+xml; charset=utf-8"
	ContentTypeJSON = "application/feed+json; charset=utf-8"
	ContentTypeXML  = "application/xml; charset=utf-8" // sitemaps
	ContentTypeText = "text/plain; charset=utf-8"      // robots.txt
)

// Channel describes a feed: the whole site or one archive of it.
type Channel struct {
	Title       string
	Description string
	Language    string // "en", "th"
	Link        string // absolute URL of the page the feed follows (home, category page)
	FeedURL     string // absolute URL of this feed, its self link and Atom id
	// Updated is when the newest item changed; when zero, the newest
	// Published or Updated time of the items is used.
	Updated   time.Time
	Generator string
	// Icon is the absolute URL of the site's square logo, which feed
	// readers show beside the feed's name.
	Icon string
}

// Item is one entry of a feed: an article or a comment.
type Item struct {
	// ID is the entry's GUID; it must not change when the entry is edited.
	ID      string
	Title   string // plain text
	Link    string // absolute
	Summary string // plain text
	// ContentHTML is the sanitised full text, empty for excerpt-only feeds.
	ContentHTML string
	// Authors are the entry's byline in order: every author of an
	// article, the reader who wrote a comment.
	Authors    []Person
	Categories []string
	Published  time.Time
	Updated    time.Time
	Image      *Enclosure
	// Comments is where readers comment on an article, with its comment
	// feed and the number of comments so far, as WordPress feeds carry
	// them; nil for an item that takes no comments (a comment itself).
	Comments *Discussion
}

// Person is an author of an entry: a name, and a web address when they
// have one (a member's archive).
type Person struct {
	Name string
	URL  string // absolute; empty for a credit without a page
}

// Discussion is an article's comments as a feed item points to them.
type Discussion struct {
	URL   string // absolute: the comments on the article's page
	Feed  string // absolute: the article's comment feed (RSS)
	Count int
}

// Enclosure is a file attached to an item, here the featured image. Length
// is the size in bytes, 0 when unknown.
type Enclosure struct {
	URL           string
	Type          string
	Length        int64
	Width, Height int
}

// Newest is the latest Published or Updated time among items, the
// Last-Modified time of a feed made of them.
func Newest(items []Item) time.Time {
	var t time.Time
	for _, it := range items {
		t = later(t, later(it.Published, it.Updated))
	}
	return t
}

// ETag is a strong entity tag for a response body: the same bytes always get
// the same tag, different bytes practically never do.
func ETag(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:18]) + `"`
}

func later(a, b time.Time) time.Time {
	if b.After(a) {
		return b
	}
	return a
}

// updated is the time a channel says it changed.
func (ch Channel) updated(items []Item) time.Time {
	if !ch.Updated.IsZero() {
		return ch.Updated
	}
	return Newest(items)
}

// clean returns the channel with every string safe for XML.
func (ch Channel) clean() Channel {
	ch.Title = xmlText(ch.Title)
	ch.Description = xmlText(ch.Description)
	ch.Language = xmlText(ch.Language)
	ch.Link = xmlText(ch.Link)
	ch.FeedURL = xmlText(ch.FeedURL)
	ch.Generator = xmlText(ch.Generator)
	ch.Icon = xmlText(ch.Icon)
	return ch
}

// cleanItems returns copies of items with every string safe for XML; the
// caller's slices are left alone.
func cleanItems(items []Item) []Item {
	out := make([]Item, len(items))
	for i, it := range items {
		it.ID = xmlText(it.ID)
		it.Title = xmlText(it.Title)
		it.Link = xmlText(it.Link)
		it.Summary = xmlText(it.Summary)
		it.ContentHTML = xmlText(it.ContentHTML)
		people := make([]Person, 0, len(it.Authors))
		for _, p := range it.Authors {
			if p.Name = xmlText(p.Name); p.Name != "" {
				people = append(people, Person{Name: p.Name, URL: xmlText(p.URL)})
			}
		}
		it.Authors = people
		cats := make([]string, 0, len(it.Categories))
		for _, c := range it.Categories {
			if c = xmlText(c); c != "" {
				cats = append(cats, c)
			}
		}
		it.Categories = cats
		if it.Image != nil {
			im := *it.Image
			im.URL = xmlText(im.URL)
			im.Type = xmlText(im.Type)
			it.Image = &im
		}
		if it.Comments != nil {
			d := *it.Comments
			d.URL, d.Feed = xmlText(d.URL), xmlText(d.Feed)
			it.Comments = &d
		}
		out[i] = it
	}
	return out
}

// rfc3339 writes t in UTC, as Atom, JSON Feed and sitemaps want; "" for the
// zero time so omitempty leaves the element out.
func rfc3339(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}
