package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runLiveBlogs specifies store.LiveBlogs and store.Alerts.
func runLiveBlogs(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"an article becomes a live blog, is closed and opened again, keeping its start", testLiveBlogState},
		{"an article that is not a live blog has none, and a missing one cannot become one", testLiveBlogMissing},
		{"entries round-trip, list newest first and page by cursor without gaps or repeats", testEntriesPaging},
		{"one entry at most is pinned: pinning another unpins it", testEntryPinned},
		{"entries are edited and deleted only under their own live blog", testEntryOwnBlog},
		{"an entry turned into a story is found from the story", testEntryStory},
		{"entries go with their live blog and pass to the heir of a removed member", testEntriesFollow},
		{"the live blogs of a page of articles come in one call", testLiveBlogsOf},
		{"active alerts are newest first, unexpired, and leave out unpublished articles", testActiveAlerts},
		{"the next expiry is the earliest one still ahead", testNextAlertExpiry},
		{"an alert is deleted once, and one for a missing article is refused", testAlertRefusals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

// liveBlog makes a published live blog by the fixture's author.
func liveBlog(t *testing.T, st store.Store, f fixture, title string) content.Article {
	t.Helper()
	a := f.post(t, st, title, 1)
	must(t, st.SetLiveBlog(context.Background(), a.ID, base, time.Time{}))
	return a
}

// entry posts an entry minutes after base.
func entry(t *testing.T, st store.Store, a content.Article, by content.User, text string, minutes int) content.Entry {
	t.Helper()
	at := base.Add(time.Duration(minutes) * time.Minute)
	e := content.Entry{ArticleID: a.ID, Author: by, Source: text, Body: "<p>" + text + "</p>", CreatedAt: at, UpdatedAt: at}
	must(t, st.AddEntry(context.Background(), &e))
	if e.ID == 0 {
		t.Fatal("AddEntry set no ID")
	}
	return e
}

func testLiveBlogState(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := liveBlog(t, st, f, "Flood live")
	l, err := st.LiveBlog(ctx, a.ID)
	must(t, err)
	if l.ArticleID != a.ID || !l.StartedAt.Equal(base) || !l.Open() || l.Entries != 0 || !l.LastEntryAt.IsZero() {
		t.Fatalf("new live blog = %+v", l)
	}
	e := entry(t, st, a, f.author, "Water is rising.", 5)
	closed := base.Add(3 * time.Hour)
	must(t, st.SetLiveBlog(ctx, a.ID, base.Add(time.Hour), closed))
	l, err = st.LiveBlog(ctx, a.ID)
	must(t, err)
	if l.Open() || !l.ClosedAt.Equal(closed) || !l.StartedAt.Equal(base) || l.Entries != 1 || !l.LastEntryAt.Equal(e.UpdatedAt) {
		t.Fatalf("closed live blog = %+v", l)
	}
	must(t, st.SetLiveBlog(ctx, a.ID, base, time.Time{}))
	if l, _ = st.LiveBlog(ctx, a.ID); !l.Open() || l.Entries != 1 {
		t.Fatalf("reopened live blog = %+v", l)
	}
}

func testLiveBlogMissing(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Plain story", 1)
	_, err := st.LiveBlog(ctx, a.ID)
	wantNotFound(t, "a plain article's live blog", err)
	wantNotFound(t, "a missing article made a live blog", st.SetLiveBlog(ctx, a.ID+100, base, time.Time{}))
	err = st.AddEntry(ctx, &content.Entry{ArticleID: a.ID, Author: f.author, Source: "x", Body: "<p>x</p>", CreatedAt: base, UpdatedAt: base})
	wantNotFound(t, "an entry on a plain article", err)
}

func testEntriesPaging(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := liveBlog(t, st, f, "Election night")
	other := liveBlog(t, st, f, "Other night")
	entry(t, st, other, f.author, "Elsewhere.", 1)
	var want []int64
	for i := range 25 {
		e := entry(t, st, a, f.author, fmt.Sprintf("Update %d", i), i)
		want = append([]int64{e.ID}, want...)
	}
	headed := content.Entry{ArticleID: a.ID, Author: f.other, Headline: "Polls close", Source: "**Now**",
		Body: "<p><strong>Now</strong></p>", CreatedAt: base.Add(time.Hour), UpdatedAt: base.Add(time.Hour)}
	must(t, st.AddEntry(ctx, &headed))
	want = append([]int64{headed.ID}, want...)

	got, err := st.Entry(ctx, a.ID, headed.ID)
	must(t, err)
	if got.Headline != "Polls close" || got.Source != "**Now**" || got.Body != "<p><strong>Now</strong></p>" ||
		got.Author.ID != f.other.ID || got.Author.Name != f.other.Name || got.Author.Slug != f.other.Slug ||
		!got.CreatedAt.Equal(headed.CreatedAt) || !got.UpdatedAt.Equal(headed.UpdatedAt) || got.Pinned || got.StoryID != 0 {
		t.Errorf("entry = %+v", got)
	}
	var seen []int64
	before := int64(0)
	for range 10 {
		page, err := st.Entries(ctx, store.EntryQuery{ArticleID: a.ID, Before: before, Limit: 10})
		must(t, err)
		for _, e := range page {
			if e.ArticleID != a.ID {
				t.Fatalf("entry %d of live blog %d listed under %d", e.ID, e.ArticleID, a.ID)
			}
			seen = append(seen, e.ID)
		}
		if len(page) < 10 {
			break
		}
		before = page[len(page)-1].ID
	}
	if fmt.Sprint(seen) != fmt.Sprint(want) {
		t.Errorf("paged entries = %v\nwant %v", seen, want)
	}
	if l, _ := st.LiveBlog(ctx, a.ID); l.Entries != 26 || !l.LastEntryAt.Equal(headed.UpdatedAt) {
		t.Errorf("live blog = %+v, want 26 entries, the last at %v", l, headed.UpdatedAt)
	}
}

func testEntryPinned(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := liveBlog(t, st, f, "Storm live")
	_, err := st.PinnedEntry(ctx, a.ID)
	wantNotFound(t, "the pinned entry of a live blog without one", err)
	first := entry(t, st, a, f.author, "What we know", 1)
	first.Pinned = true
	must(t, st.UpdateEntry(ctx, first))
	second := content.Entry{ArticleID: a.ID, Author: f.author, Source: "Key points", Body: "<p>Key points</p>",
		Pinned: true, CreatedAt: base, UpdatedAt: base}
	must(t, st.AddEntry(ctx, &second))
	p, err := st.PinnedEntry(ctx, a.ID)
	must(t, err)
	if p.ID != second.ID {
		t.Fatalf("pinned entry %d, want the newly pinned %d", p.ID, second.ID)
	}
	if e, _ := st.Entry(ctx, a.ID, first.ID); e.Pinned {
		t.Error("the entry pinned before is still pinned")
	}
	first.Pinned = true
	must(t, st.UpdateEntry(ctx, first))
	if p, _ = st.PinnedEntry(ctx, a.ID); p.ID != first.ID {
		t.Errorf("pinned entry %d after pinning %d again", p.ID, first.ID)
	}
}

func testEntryOwnBlog(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := liveBlog(t, st, f, "Match live")
	b := liveBlog(t, st, f, "Other match")
	e := entry(t, st, a, f.author, "Kick-off.", 1)
	_, err := st.Entry(ctx, b.ID, e.ID)
	wantNotFound(t, "an entry under another live blog", err)
	moved := e
	moved.ArticleID, moved.Source = b.ID, "Hijacked"
	wantNotFound(t, "an entry edited under another live blog", st.UpdateEntry(ctx, moved))
	wantNotFound(t, "an entry deleted under another live blog", st.DeleteEntry(ctx, b.ID, e.ID))

	e.Headline, e.Source, e.Body, e.UpdatedAt = "Goal", "Goal!", "<p>Goal!</p>", base.Add(time.Hour)
	must(t, st.UpdateEntry(ctx, e))
	got, err := st.Entry(ctx, a.ID, e.ID)
	must(t, err)
	if got.Headline != "Goal" || got.Source != "Goal!" || got.Body != "<p>Goal!</p>" || !got.UpdatedAt.Equal(e.UpdatedAt) ||
		!got.CreatedAt.Equal(e.CreatedAt) {
		t.Errorf("edited entry = %+v", got)
	}
	must(t, st.DeleteEntry(ctx, a.ID, e.ID))
	_, err = st.Entry(ctx, a.ID, e.ID)
	wantNotFound(t, "a deleted entry", err)
	wantNotFound(t, "an entry deleted twice", st.DeleteEntry(ctx, a.ID, e.ID))
	wantNotFound(t, "a deleted entry edited", st.UpdateEntry(ctx, e))
}

func testEntryStory(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := liveBlog(t, st, f, "Summit live")
	e := entry(t, st, a, f.author, "Leaders meet.", 1)
	story := f.post(t, st, "Leaders meet", 2)
	_, err := st.EntryOfStory(ctx, story.ID)
	wantNotFound(t, "the entry of a story made from none", err)
	e.StoryID = story.ID
	must(t, st.UpdateEntry(ctx, e))
	got, err := st.EntryOfStory(ctx, story.ID)
	must(t, err)
	if got.ID != e.ID || got.ArticleID != a.ID || got.StoryID != story.ID {
		t.Errorf("entry of story = %+v", got)
	}
	e.StoryID = story.ID + 100
	wantNotFound(t, "an entry linked to a missing story", st.UpdateEntry(ctx, e))
	must(t, st.DeleteArticle(ctx, story.ID))
	if got, _ := st.Entry(ctx, a.ID, e.ID); got.StoryID != 0 {
		t.Errorf("the entry still links to deleted story %d", got.StoryID)
	}
}

func testEntriesFollow(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := liveBlog(t, st, f, "Quake live")
	reporter := member(t, st, "Nok Reporter", "nok@example.com", content.RoleAuthor)
	e := entry(t, st, a, reporter, "Shaking felt.", 1)
	must(t, st.DeleteUser(ctx, reporter.ID, f.other.ID))
	got, err := st.Entry(ctx, a.ID, e.ID)
	must(t, err)
	if got.Author.ID != f.other.ID {
		t.Errorf("the entry's author is %d after the member left, want the heir %d", got.Author.ID, f.other.ID)
	}
	must(t, st.DeleteArticle(ctx, a.ID))
	_, err = st.Entry(ctx, a.ID, e.ID)
	wantNotFound(t, "an entry of a deleted live blog", err)
	_, err = st.LiveBlog(ctx, a.ID)
	wantNotFound(t, "a deleted live blog", err)
}

func testLiveBlogsOf(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := liveBlog(t, st, f, "Live one")
	entry(t, st, a, f.author, "One.", 1)
	plain := f.post(t, st, "Plain", 2)
	got, err := st.LiveBlogsOf(ctx, []int64{a.ID, plain.ID, plain.ID + 100})
	must(t, err)
	if len(got) != 1 || got[a.ID].Entries != 1 || !got[a.ID].Open() {
		t.Errorf("live blogs of the page = %+v", got)
	}
	if got, err := st.LiveBlogsOf(ctx, nil); err != nil || len(got) != 0 {
		t.Errorf("live blogs of no articles = %v, %v", got, err)
	}
}

func alert(t *testing.T, st store.Store, text string, article int64, created, expires time.Time) content.Alert {
	t.Helper()
	a := content.Alert{Text: text, URL: "https://example.com/" + text, Article: content.Article{ID: article},
		CreatedAt: created, ExpiresAt: expires}
	must(t, st.CreateAlert(context.Background(), &a))
	if a.ID == 0 {
		t.Fatal("CreateAlert set no ID")
	}
	return a
}

func alertTexts(list []content.Alert) []string {
	out := make([]string, len(list))
	for i, a := range list {
		out[i] = a.Text
	}
	return out
}

func testActiveAlerts(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	story := f.post(t, st, "Dam breaks", 1)
	draft := f.post(t, st, "Secret draft", 2, withStatus(content.StatusDraft))
	alert(t, st, "old", 0, base, base.Add(time.Hour))
	alert(t, st, "draft", draft.ID, base.Add(time.Minute), base.Add(5*time.Hour))
	flagged := alert(t, st, "dam", story.ID, base.Add(2*time.Minute), base.Add(5*time.Hour))
	alert(t, st, "newest", 0, base.Add(3*time.Minute), base.Add(2*time.Hour))

	got, err := st.ActiveAlerts(ctx, base.Add(30*time.Minute), 0)
	must(t, err)
	if !sameStrings(alertTexts(got), []string{"newest", "dam", "old"}) {
		t.Errorf("active alerts = %v, want newest, dam, old", alertTexts(got))
	}
	if len(got) > 1 {
		a := got[1].Article
		if a.ID != story.ID || a.Slug != story.Slug || a.Title != "Dam breaks" || a.Status != content.StatusPublished ||
			a.Kind != content.KindPost || !a.PublishedAt.Equal(story.PublishedAt) || got[1].ID != flagged.ID {
			t.Errorf("the flagged article = %+v", a)
		}
	}
	if got, _ := st.ActiveAlerts(ctx, base.Add(30*time.Minute), 2); len(got) != 2 {
		t.Errorf("%d alerts with a limit of 2", len(got))
	}
	if got, _ := st.ActiveAlerts(ctx, base.Add(time.Hour), 0); !sameStrings(alertTexts(got), []string{"newest", "dam"}) {
		t.Errorf("at its expiry the old alert still shows: %v", alertTexts(got))
	}
	if got, _ := st.ActiveAlerts(ctx, base.Add(6*time.Hour), 0); len(got) != 0 {
		t.Errorf("after every expiry: %v", alertTexts(got))
	}
	back, err := st.Alert(ctx, flagged.ID)
	must(t, err)
	if back.Text != "dam" || back.URL != "https://example.com/dam" || !back.CreatedAt.Equal(flagged.CreatedAt) ||
		!back.ExpiresAt.Equal(flagged.ExpiresAt) || back.Article.ID != story.ID {
		t.Errorf("alert = %+v", back)
	}
}

func testNextAlertExpiry(t *testing.T, st store.Store) {
	ctx := context.Background()
	if _, ok, err := st.NextAlertExpiry(ctx, base); err != nil || ok {
		t.Fatalf("next expiry without alerts: %v, %v", ok, err)
	}
	alert(t, st, "a", 0, base, base.Add(time.Hour))
	alert(t, st, "b", 0, base, base.Add(30*time.Minute))
	next, ok, err := st.NextAlertExpiry(ctx, base)
	must(t, err)
	if !ok || !next.Equal(base.Add(30*time.Minute)) {
		t.Errorf("next expiry = %v, %v", next, ok)
	}
	if next, ok, _ = st.NextAlertExpiry(ctx, base.Add(30*time.Minute)); !ok || !next.Equal(base.Add(time.Hour)) {
		t.Errorf("next expiry at the first = %v, %v", next, ok)
	}
	if _, ok, _ = st.NextAlertExpiry(ctx, base.Add(time.Hour)); ok {
		t.Error("an expiry after the last one")
	}
}

func testAlertRefusals(t *testing.T, st store.Store) {
	ctx := context.Background()
	a := alert(t, st, "x", 0, base, base.Add(time.Hour))
	must(t, st.DeleteAlert(ctx, a.ID))
	wantNotFound(t, "an alert deleted twice", st.DeleteAlert(ctx, a.ID))
	_, err := st.Alert(ctx, a.ID)
	wantNotFound(t, "a deleted alert", err)
	err = st.CreateAlert(ctx, &content.Alert{Text: "y", Article: content.Article{ID: 4242}, CreatedAt: base, ExpiresAt: base.Add(time.Hour)})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an alert for a missing article: %v, want ErrNotFound", err)
	}
}
