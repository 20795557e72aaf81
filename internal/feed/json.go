package feed

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// jsonFeedVersion identifies JSON Feed 1.1.
const jsonFeedVersion = "https://jsonfeed.org/version/1.1"

type jsonFeed struct {
	Version     string     `json:"version"`
	Title       string     `json:"title"`
	HomePageURL string     `json:"home_page_url,omitempty"`
	FeedURL     string     `json:"feed_url,omitempty"`
	Description string     `json:"description,omitempty"`
	Icon        string     `json:"icon,omitempty"`
	Favicon     string     `json:"favicon,omitempty"`
	Language    string     `json:"language,omitempty"`
	Items       []jsonItem `json:"items"`
}

type jsonItem struct {
	ID          string `json:"id"`
	URL         string `json:"url,omitempty"`
	Title       string `json:"title,omitempty"`
	ContentHTML string `json:"content_html,omitempty"`
	// ContentText is a pointer so that an item with neither text nor
	// HTML still carries "content_text": "", which the format requires.
	ContentText   *string      `json:"content_text,omitempty"`
	Summary       string       `json:"summary,omitempty"`
	Image         string       `json:"image,omitempty"`
	DatePublished string       `json:"date_published,omitempty"`
	DateModified  string       `json:"date_modified,omitempty"`
	Authors       []jsonAuthor `json:"authors,omitempty"`
	Tags          []string     `json:"tags,omitempty"`
}

type jsonAuthor struct {
	Name string `json:"name,omitempty"`
	URL  string `json:"url,omitempty"`
}

// JSON writes a JSON Feed 1.1 document. Excerpt-only items carry their
// summary as content_text. Strings are cleaned as for XML, so the three
// formats of one feed say the same thing.
func JSON(ch Channel, items []Item) ([]byte, error) {
	ch, items = ch.clean(), cleanItems(items)
	doc := jsonFeed{
		Version:     jsonFeedVersion,
		Title:       ch.Title,
		HomePageURL: ch.Link,
		FeedURL:     ch.FeedURL,
		Description: ch.Description,
		Icon:        ch.Icon, // square and 512 pixels, as JSON Feed asks of both
		Favicon:     ch.Icon,
		Language:    ch.Language,
		Items:       make([]jsonItem, 0, len(items)),
	}
	for _, it := range items {
		ji := jsonItem{
			ID:            it.ID,
			URL:           it.Link,
			Title:         it.Title,
			ContentHTML:   it.ContentHTML,
			Summary:       it.Summary,
			DatePublished: rfc3339(it.Published),
			DateModified:  rfc3339(it.Updated),
			Tags:          it.Categories,
		}
		if it.ContentHTML == "" {
			text := it.Summary
			ji.ContentText = &text
		}
		for _, p := range it.Authors {
			ji.Authors = append(ji.Authors, jsonAuthor{Name: p.Name, URL: p.URL})
		}
		if it.Image != nil {
			ji.Image = it.Image.URL
		}
		doc.Items = append(doc.Items, ji)
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// The document is served as application/feed+json, never inside HTML,
	// so "<" and "&" can stay readable.
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, fmt.Errorf("encode JSON feed: %w", err)
	}
	return buf.Bytes(), nil
}
