package search

import (
	"strings"

	"dateline/internal/content"
	"dateline/internal/render"
)

// Document is the searchable text of one article. Its fields are declared
// in their order of weight: a match in the headline counts most, one in
// the body least, and a backend gives each field a weight that falls in
// this order, so a headline match ranks above a body match.
type Document struct {
	Title   string
	Excerpt string
	Tags    string // the tag names, separated by spaces
	Author  string // the byline's name
	Body    string // the body as plain text: no markup, entities decoded
}

// Indexed reports whether an article belongs in the search index: only
// published posts do. Drafts, scheduled and trashed articles and static
// pages are never found, so a store removes them from its index.
func Indexed(a *content.Article) bool {
	return a.Status == content.StatusPublished && a.Kind == content.KindPost
}

// NewDocument builds the search document of an article. The author's name
// is passed in because an article may carry only its author's ID; the
// store reads the name where it keeps it, in the same transaction.
func NewDocument(a *content.Article, author string) Document {
	tags := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		tags[i] = t.Name
	}
	return Document{
		Title:   a.Title,
		Excerpt: a.Excerpt,
		Tags:    strings.Join(tags, " "),
		Author:  author,
		Body:    render.PlainText(a.Body),
	}
}

// DenseRuns returns the document with only its runs of text in scripts
// written without spaces, field by field. Those runs need an index that
// looks inside words (trigrams, n-grams); the rest of the text does not,
// and indexing it that way too would multiply the index's size.
func (d Document) DenseRuns() Document {
	return Document{
		Title:   denseRuns(d.Title),
		Excerpt: denseRuns(d.Excerpt),
		Tags:    denseRuns(d.Tags),
		Author:  denseRuns(d.Author),
		Body:    denseRuns(d.Body),
	}
}

// Empty reports whether the document has no text in any field.
func (d Document) Empty() bool {
	return d == Document{}
}
