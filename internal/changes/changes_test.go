package changes_test

import (
	"context"
	"slices"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/content"
)

func TestNewSortsTagsAndDropsRepeats(t *testing.T) {
	e := changes.New(changes.KindTag, "merge", []int64{1, 2}, "tag:b", "", "tag:a", "tag:b")
	if !slices.Equal(e.Tags, []string{"tag:a", "tag:b"}) {
		t.Errorf("tags = %v", e.Tags)
	}
}

func TestArticleTags(t *testing.T) {
	author := content.User{ID: 7, Slug: "ana-reyes"}
	draft := content.Article{ID: 42, Status: content.StatusDraft, Author: author, Category: content.Category{Slug: "world"},
		Tags: []content.Tag{{Slug: "floods"}}}
	public := draft
	public.Status = content.StatusPublished
	moved := public
	moved.Category = content.Category{Slug: "asia"}
	lists := []string{changes.Article(42), changes.Author("ana-reyes"), changes.Feeds, changes.Home, changes.Search,
		changes.Sitemaps, changes.Tag("floods")}
	for _, tc := range []struct {
		name          string
		before, after content.Article
		want          []string
	}{
		{"an edit of a draft touches only the article", draft, draft, []string{changes.Article(42)}},
		{"a new draft touches only the article", content.Article{}, draft, []string{changes.Article(42)}},
		{"publishing touches the lists it joins", draft, public, append(slices.Clone(lists), changes.Section("world"))},
		{"deleting a published article touches the lists it leaves", public, content.Article{}, append(slices.Clone(lists), changes.Section("world"))},
		{"moving a public article touches both sections", public, moved, append(slices.Clone(lists), changes.Section("asia"), changes.Section("world"))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := changes.ArticleEvent("x", tc.before, tc.after).Tags
			want := changes.New("", "", nil, tc.want...).Tags
			if !slices.Equal(got, want) {
				t.Errorf("tags = %v, want %v", got, want)
			}
		})
	}
}

func TestSubscribersHearEveryEventInOrderUntilTheyLeave(t *testing.T) {
	ctx := context.Background()
	var f changes.Feed
	a, b := &changes.Recorder{}, &changes.Recorder{}
	f.Subscribe(a.Record)
	leave := f.Subscribe(b.Record)
	one, two := changes.New(changes.KindWeather, "reading", nil, changes.Weather), changes.New(changes.KindDate, "midnight", nil, changes.Date)
	f.Publish(ctx, one, two)
	leave()
	f.Publish(ctx, one)
	if got := a.Take(); len(got) != 3 || got[0].Kind != changes.KindWeather || got[1].Kind != changes.KindDate {
		t.Errorf("first subscriber heard %+v", got)
	}
	if got := b.Take(); len(got) != 2 {
		t.Errorf("the subscriber that left heard %+v", got)
	}
	var none *changes.Feed
	none.Publish(ctx, one) // a nil feed drops events
}

func TestAPublicPageTouchesThePagesPlaces(t *testing.T) {
	page := content.Article{ID: 7, Kind: content.KindPage, Status: content.StatusPublished, Author: content.User{Slug: "ana-reyes"}}
	if tags := changes.ArticleTags(content.Article{}, page); !slices.Contains(tags, changes.Pages) {
		t.Errorf("publishing a page: %v, want %q among them (its family's pages list it)", tags, changes.Pages)
	}
	draft := page
	draft.Status = content.StatusDraft
	if tags := changes.ArticleTags(draft, draft); slices.Contains(tags, changes.Pages) {
		t.Errorf("an edit of a draft page: %v; readers saw nothing of it", tags)
	}
	post := page
	post.Kind = content.KindPost
	if tags := changes.ArticleTags(content.Article{}, post); slices.Contains(tags, changes.Pages) {
		t.Errorf("publishing a post: %v; posts stand in no page's list", tags)
	}
}

func TestACorrectedStoryTouchesTheCorrectionsPage(t *testing.T) {
	story := content.Article{ID: 9, Kind: content.KindPost, Status: content.StatusPublished, Author: content.User{Slug: "ana-reyes"},
		Corrections: []content.Correction{{ID: 1, ArticleID: 9, Kind: "correction", Text: "The bridge is 40 m long, not 400."}}}
	gone := story
	gone.Status = content.StatusDraft
	if tags := changes.ArticleTags(story, gone); !slices.Contains(tags, changes.Corrections) {
		t.Errorf("unpublishing a corrected story: %v, want %q among them (the corrections page lists it)", tags, changes.Corrections)
	}
	plain := story
	plain.Corrections = nil
	if tags := changes.ArticleTags(plain, plain); slices.Contains(tags, changes.Corrections) {
		t.Errorf("an edit of a story without corrections: %v; the corrections page does not list it", tags)
	}
}

func TestANewBylineTouchesTheArchiveOfEveryMemberItAddsOrDrops(t *testing.T) {
	owner := content.User{ID: 7, Slug: "ana-reyes"}
	before := content.Article{ID: 42, Status: content.StatusPublished, Author: owner,
		Authors: []content.Author{{ID: 7, Slug: "ana-reyes"}, {ID: 8, Slug: "kit-chai"}}}
	after := before
	after.Authors = []content.Author{{ID: 9, Slug: "mai-tran"}, {Name: "Reuters", Organization: true}}
	got := changes.ArticleEvent("update", before, after).Tags
	for _, want := range []string{changes.Author("ana-reyes"), changes.Author("kit-chai"), changes.Author("mai-tran")} {
		if !slices.Contains(got, want) {
			t.Errorf("tags %v lack %s", got, want)
		}
	}
	for _, tag := range got {
		if tag == changes.Author("") || tag == changes.Author("reuters") {
			t.Errorf("a credit, which has no archive, gave the tag %q", tag)
		}
	}
}
