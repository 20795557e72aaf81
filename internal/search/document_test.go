package search

import (
	"testing"
	"time"

	"dateline/internal/content"
)

func TestNewDocument(t *testing.T) {
	for _, tc := range []struct {
		name    string
		article content.Article
		author  string
		want    Document
	}{
		{"every field of an article is in its document",
			content.Article{Title: "Rice exports rise", Excerpt: "Shipments grew.", Body: "<p>Buyers returned.</p>",
				Tags: []content.Tag{{Name: "Rice"}, {Name: "Trade"}}},
			"Ana Reyes",
			Document{Title: "Rice exports rise", Excerpt: "Shipments grew.", Tags: "Rice Trade", Author: "Ana Reyes", Body: "Buyers returned."}},
		{"the body is plain text, entities decoded and paragraphs apart",
			content.Article{Title: "Harvest", Body: "<p>The <b>rice</b> harvest was late &amp; smaller.</p><p>Prices rose.</p>"},
			"",
			Document{Title: "Harvest", Body: "The rice harvest was late & smaller. Prices rose."}},
		{"the byline is the name given, not one the article carries",
			content.Article{Title: "Football", Author: content.User{ID: 7, Name: "Old name"}},
			"Kittipong Chai",
			Document{Title: "Football", Author: "Kittipong Chai"}},
		{"an article without tags has no tag text",
			content.Article{Title: "น้ำท่วมกรุงเทพฯ", Tags: []content.Tag{}},
			"",
			Document{Title: "น้ำท่วมกรุงเทพฯ"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NewDocument(&tc.article, tc.author); got != tc.want {
				t.Errorf("NewDocument = %+v, want %+v", got, tc.want)
			}
		})
	}
}

func TestIndexed(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name    string
		article content.Article
		want    bool
	}{
		{"a published post is searchable", content.Article{Kind: content.KindPost, Status: content.StatusPublished, PublishedAt: now}, true},
		{"a draft is not", content.Article{Kind: content.KindPost, Status: content.StatusDraft}, false},
		{"a scheduled post is not, until it is published", content.Article{Kind: content.KindPost, Status: content.StatusScheduled, PublishedAt: now}, false},
		{"a trashed post is not", content.Article{Kind: content.KindPost, Status: content.StatusTrashed, PublishedAt: now}, false},
		{"a published page is not", content.Article{Kind: content.KindPage, Status: content.StatusPublished, PublishedAt: now}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Indexed(&tc.article); got != tc.want {
				t.Errorf("Indexed = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestDocumentDenseRuns(t *testing.T) {
	for _, tc := range []struct {
		name      string
		doc       Document
		want      Document
		wantEmpty bool
	}{
		{"an English document has no dense runs",
			Document{Title: "Rice exports rise", Body: "Buyers returned."}, Document{}, true},
		{"each field keeps its own runs",
			Document{Title: "Floods in กรุงเทพฯ", Tags: "ข้าว Rice", Author: "Ana", Body: "東京で地震 M6 and ราคาข้าว"},
			Document{Title: "กรุงเทพฯ", Tags: "ข้าว", Body: "東京で地震 ราคาข้าว"}, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.doc.DenseRuns()
			if got != tc.want {
				t.Errorf("DenseRuns = %+v, want %+v", got, tc.want)
			}
			if got.Empty() != tc.wantEmpty {
				t.Errorf("Empty = %v, want %v", got.Empty(), tc.wantEmpty)
			}
		})
	}
}
