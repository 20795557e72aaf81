package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"time"
)

// Namespaces of the RSS extensions used here. encoding/xml writes a prefixed
// name such as "dc:creator" as it is, so the prefixes are declared on <rss>.
const (
	nsAtom    = "http://www.w3.org/2005/Atom"
	nsContent = "http://purl.org/rss/1.0/modules/content/"
	nsDC      = "http://purl.org/dc/elements/1.1/"
	nsMedia   = "http://search.yahoo.com/mrss/"
	nsWFW     = "http://wellformedweb.org/CommentAPI/"
	nsSlash   = "http://purl.org/rss/1.0/modules/slash/"
)

type rssDoc struct {
	XMLName   xml.Name   `xml:"rss"`
	Version   string     `xml:"version,attr"`
	NSAtom    string     `xml:"xmlns:atom,attr"`
	NSContent string     `xml:"xmlns:content,attr"`
	NSDC      string     `xml:"xmlns:dc,attr"`
	NSMedia   string     `xml:"xmlns:media,attr"`
	NSWFW     string     `xml:"xmlns:wfw,attr"`
	NSSlash   string     `xml:"xmlns:slash,attr"`
	Channel   rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Self          rssLink   `xml:"atom:link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language,omitempty"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Generator     string    `xml:"generator,omitempty"`
	Image         *rssImage `xml:"image"`
	Items         []rssItem `xml:"item"`
}

// rssImage is the channel's logo; width and height are left out, since
// RSS caps them at 144 by 400 and a reader scales the logo anyway.
type rssImage struct {
	URL   string `xml:"url"`
	Title string `xml:"title"`
	Link  string `xml:"link"`
}

type rssLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr"`
	Type string `xml:"type,attr"`
}

type rssItem struct {
	Title       string        `xml:"title"`
	Link        string        `xml:"link"`
	Comments    string        `xml:"comments,omitempty"`
	GUID        rssGUID       `xml:"guid"`
	PubDate     string        `xml:"pubDate,omitempty"`
	Creators    []string      `xml:"dc:creator"` // one for each author, as Dublin Core repeats it
	Categories  []string      `xml:"category"`
	Description string        `xml:"description"`
	Content     string        `xml:"content:encoded,omitempty"`
	Enclosure   *rssEnclosure `xml:"enclosure"`
	Media       *mediaContent `xml:"media:content"`
	CommentRSS  string        `xml:"wfw:commentRss,omitempty"`
	// CommentCount is a pointer so that an article without comments
	// says 0 and a comment item says nothing.
	CommentCount *int `xml:"slash:comments"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

// rssEnclosure has no omitempty on length: RSS requires the attribute, and
// 0 is the accepted way to say "unknown".
type rssEnclosure struct {
	URL    string `xml:"url,attr"`
	Length int64  `xml:"length,attr"`
	Type   string `xml:"type,attr"`
}

type mediaContent struct {
	URL    string `xml:"url,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Medium string `xml:"medium,attr"`
	Width  int    `xml:"width,attr,omitempty"`
	Height int    `xml:"height,attr,omitempty"`
}

// RSS writes an RSS 2.0 feed. RSS does not say whether its text fields are
// plain text or HTML, and readers differ: most render the description as
// HTML, many the title, some the category and creator. So every field made
// of plain text (the channel's title and description, from the site name,
// tagline or author bio; an item's title, summary, creator and categories)
// is written as HTML text, escaped for HTML and then for XML, as the RSS
// Best Practices Profile advises: a reader that renders it as HTML shows
// the characters a member typed, "<b>" included, and never their markup.
// The full text, already HTML, goes once into content:encoded.
func RSS(ch Channel, items []Item) ([]byte, error) {
	ch, items = ch.clean(), cleanItems(items)
	doc := rssDoc{
		Version:   "2.0",
		NSAtom:    nsAtom,
		NSContent: nsContent,
		NSDC:      nsDC,
		NSMedia:   nsMedia,
		NSWFW:     nsWFW,
		NSSlash:   nsSlash,
		Channel: rssChannel{
			Title:         htmlText(ch.Title),
			Link:          ch.Link,
			Self:          rssLink{Href: ch.FeedURL, Rel: "self", Type: "application/rss+xml"},
			Description:   htmlText(ch.Description),
			Language:      ch.Language,
			LastBuildDate: rfc1123(ch.updated(items)),
			Generator:     ch.Generator,
			Items:         make([]rssItem, 0, len(items)),
		},
	}
	if ch.Icon != "" {
		doc.Channel.Image = &rssImage{URL: ch.Icon, Title: doc.Channel.Title, Link: ch.Link}
	}
	for _, it := range items {
		ri := rssItem{
			Title:       htmlText(it.Title),
			Link:        it.Link,
			GUID:        rssGUID{IsPermaLink: "false", Value: it.ID},
			PubDate:     rfc1123(it.Published),
			Description: htmlText(it.Summary),
			Content:     it.ContentHTML,
		}
		for _, p := range it.Authors {
			ri.Creators = append(ri.Creators, htmlText(p.Name))
		}
		for _, c := range it.Categories {
			ri.Categories = append(ri.Categories, htmlText(c))
		}
		if im := it.Image; im != nil && im.URL != "" {
			ri.Enclosure = &rssEnclosure{URL: im.URL, Length: im.Length, Type: orOctets(im.Type)}
			ri.Media = &mediaContent{URL: im.URL, Type: im.Type, Medium: "image", Width: im.Width, Height: im.Height}
		}
		if d := it.Comments; d != nil {
			count := d.Count
			ri.Comments, ri.CommentRSS, ri.CommentCount = d.URL, d.Feed, &count
		}
		doc.Channel.Items = append(doc.Channel.Items, ri)
	}
	return marshalXML(doc)
}

// htmlEscaper escapes what HTML reads as markup in element text; quotes
// need no escaping there, so titles keep their apostrophes readable.
var htmlEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")

// htmlText is plain text as HTML text.
func htmlText(s string) string { return htmlEscaper.Replace(s) }

// rfc1123 is the RSS date format, written in UTC.
func rfc1123(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC1123Z)
}

func orOctets(typ string) string {
	if typ == "" {
		return "application/octet-stream"
	}
	return typ
}

// marshalXML writes doc indented, after the XML declaration.
func marshalXML(doc any) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString(xml.Header)
	enc := xml.NewEncoder(&buf)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode %T: %w", doc, err)
	}
	if err := enc.Close(); err != nil {
		return nil, fmt.Errorf("encode %T: %w", doc, err)
	}
	buf.WriteByte('\n')
	return buf.Bytes(), nil
}
