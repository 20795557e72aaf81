package feed

import (
	"encoding/xml"
	"strconv"
	"time"
)

// nsThread is the Atom Threading Extensions (RFC 4685), whose replies
// links point to an entry's comments.
const nsThread = "http://purl.org/syndication/thread/1.0"

type atomFeed struct {
	XMLName   xml.Name       `xml:"http://www.w3.org/2005/Atom feed"`
	Lang      string         `xml:"xml:lang,attr,omitempty"`
	NSThr     string         `xml:"xmlns:thr,attr"`
	ID        string         `xml:"id"`
	Title     atomText       `xml:"title"`
	Subtitle  *atomText      `xml:"subtitle"`
	Updated   string         `xml:"updated"`
	Links     []atomLink     `xml:"link"`
	Icon      string         `xml:"icon,omitempty"`
	Generator *atomGenerator `xml:"generator"`
	Entries   []atomEntry    `xml:"entry"`
}

type atomText struct {
	Type string `xml:"type,attr"`
	Body string `xml:",chardata"`
}

type atomLink struct {
	Rel    string `xml:"rel,attr"`
	Type   string `xml:"type,attr,omitempty"`
	Href   string `xml:"href,attr"`
	Length string `xml:"length,attr,omitempty"`
	Count  string `xml:"thr:count,attr,omitempty"` // replies (RFC 4685)
}

type atomGenerator struct {
	Name string `xml:",chardata"`
}

type atomPerson struct {
	Name string `xml:"name"`
	URI  string `xml:"uri,omitempty"`
}

type atomCategory struct {
	Term string `xml:"term,attr"`
}

type atomEntry struct {
	ID         string         `xml:"id"`
	Title      atomText       `xml:"title"`
	Links      []atomLink     `xml:"link"`
	Published  string         `xml:"published,omitempty"`
	Updated    string         `xml:"updated"`
	Authors    []atomPerson   `xml:"author"`
	Categories []atomCategory `xml:"category"`
	Summary    *atomText      `xml:"summary"`
	Content    *atomText      `xml:"content"`
}

// Atom writes an Atom 1.0 feed. The feed id is its own URL; entry ids are
// the items' GUIDs, the same strings as in RSS and JSON Feed. An entry
// without an author is credited to the channel, because Atom requires one.
func Atom(ch Channel, items []Item) ([]byte, error) {
	ch, items = ch.clean(), cleanItems(items)
	doc := atomFeed{
		Lang:    ch.Language,
		NSThr:   nsThread,
		ID:      ch.FeedURL,
		Icon:    ch.Icon,
		Title:   atomText{Type: "text", Body: ch.Title},
		Updated: rfc3339Always(ch.updated(items)),
		Links: []atomLink{
			{Rel: "alternate", Type: "text/html", Href: ch.Link},
			{Rel: "self", Type: "application/atom+xml", Href: ch.FeedURL},
		},
		Entries: make([]atomEntry, 0, len(items)),
	}
	if ch.Description != "" {
		doc.Subtitle = &atomText{Type: "text", Body: ch.Description}
	}
	if ch.Generator != "" {
		doc.Generator = &atomGenerator{Name: ch.Generator}
	}
	for _, it := range items {
		e := atomEntry{
			ID:        it.ID,
			Title:     atomText{Type: "text", Body: it.Title},
			Links:     []atomLink{{Rel: "alternate", Type: "text/html", Href: it.Link}},
			Published: rfc3339(it.Published),
			Updated:   rfc3339Always(later(it.Published, it.Updated)),
		}
		for _, p := range it.Authors {
			e.Authors = append(e.Authors, atomPerson{Name: p.Name, URI: p.URL})
		}
		if len(e.Authors) == 0 {
			e.Authors = []atomPerson{{Name: ch.Title, URI: ch.Link}}
		}
		for _, c := range it.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c})
		}
		if it.Summary != "" {
			e.Summary = &atomText{Type: "text", Body: it.Summary}
		}
		if it.ContentHTML != "" {
			e.Content = &atomText{Type: "html", Body: it.ContentHTML}
		}
		if im := it.Image; im != nil && im.URL != "" {
			l := atomLink{Rel: "enclosure", Type: im.Type, Href: im.URL}
			if im.Length > 0 {
				l.Length = strconv.FormatInt(im.Length, 10)
			}
			e.Links = append(e.Links, l)
		}
		if d := it.Comments; d != nil {
			n := strconv.Itoa(d.Count)
			e.Links = append(e.Links,
				atomLink{Rel: "replies", Type: "text/html", Href: d.URL, Count: n},
				atomLink{Rel: "replies", Type: "application/rss+xml", Href: d.Feed, Count: n})
		}
		doc.Entries = append(doc.Entries, e)
	}
	return marshalXML(doc)
}

// rfc3339Always is rfc3339 for elements Atom requires, which must hold a
// date even when none is known.
func rfc3339Always(t time.Time) string {
	return t.UTC().Format(time.RFC3339)
}
