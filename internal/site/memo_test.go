package site_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/site"
)

// A site told of changes keeps the settings, the sections and the lists
// beside a story from one event to the next; the next event makes every
// page read them again.
func TestASiteToldOfChangesReadsSharedBlocksAgainAtTheNextEvent(t *testing.T) {
	feed := &changes.Feed{}
	n := newNewsroom(t, func(c *site.Config) { c.Changes = feed })
	ctx := context.Background()
	zone, err := time.LoadLocation("Asia/Bangkok")
	must(t, err)
	path := n.kremlin.Path(zone)
	if body := n.get(t, path).Body.String(); strings.Contains(body, "Breaking: a new story") {
		t.Fatal("the story is there before it is written")
	}

	fresh := content.Article{Kind: content.KindPost, Title: "Breaking: a new story", Source: "News.",
		Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: now.Add(-time.Minute),
		UpdatedAt: now, Author: n.kremlin.Author, Category: n.kremlin.Category, CommentsOpen: true}
	must(t, render.Prepare(&fresh))
	must(t, n.st.CreateArticle(ctx, &fresh)) // behind the services' back: no event
	if body := n.get(t, path).Body.String(); strings.Contains(body, "Breaking: a new story") {
		t.Error("the latest list was read again without an event: the site keeps nothing")
	}

	feed.Publish(ctx, changes.Event{Kind: changes.KindArticle, Action: "publish", IDs: []int64{fresh.ID}})
	if body := n.get(t, path).Body.String(); !strings.Contains(body, "Breaking: a new story") {
		t.Error("after the event the article page's latest list still lacks the new story")
	}
	set, err := n.st.Settings(ctx)
	must(t, err)
	set.SiteName = "The Renamed Dateline"
	must(t, n.st.SaveSettings(ctx, set))
	feed.Publish(ctx, changes.Event{Kind: changes.KindSettings, Action: "update"})
	if body := n.get(t, path).Body.String(); !strings.Contains(body, "The Renamed Dateline") {
		t.Error("after a settings event the page still shows the old site name")
	}
}
