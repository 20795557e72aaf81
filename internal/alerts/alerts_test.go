package alerts_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dateline/internal/alerts"
	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

var start = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

type desk struct {
	st      store.Store
	svc     *alerts.Service
	seen    *changes.Recorder
	feed    *changes.Feed
	clock   *clock.Fake
	editor  content.User
	author  content.User
	story   content.Article
	pending content.Article
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	ctx := context.Background()
	d := &desk{st: teststore.Open(t), seen: &changes.Recorder{}, feed: &changes.Feed{}, clock: clock.NewFake(start)}
	d.feed.Subscribe(d.seen.Record)
	d.editor = content.User{Email: "ed@example.com", Name: "Eddie Editor", Role: content.RoleEditor}
	d.author = content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor}
	must(t, d.st.CreateUser(ctx, &d.editor))
	must(t, d.st.CreateUser(ctx, &d.author))
	for _, a := range []*content.Article{&d.story, &d.pending} {
		*a = content.Article{Kind: content.KindPost, Title: "Dam breaks upstream", Format: content.FormatMarkdown,
			Status: content.StatusPublished, PublishedAt: start.Add(-time.Hour), Author: d.author}
	}
	d.pending.Title, d.pending.Status, d.pending.PublishedAt = "Not out yet", content.StatusPending, time.Time{}
	must(t, d.st.CreateArticle(ctx, &d.story))
	must(t, d.st.CreateArticle(ctx, &d.pending))
	d.svc = alerts.New(alerts.Config{Store: d.st, Changes: d.feed, Now: d.clock.Now})
	return d
}

// TestPostingAlerts: what an editor may put up, what is refused with
// which words (and announces nothing), and what a posted alert is.
func TestPostingAlerts(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	hour := start.Add(time.Hour)
	refusals := []struct {
		name  string
		who   content.User
		in    alerts.Input
		field string
		msg   string
	}{
		{"an author may not", d.author, alerts.Input{Text: "Mine", ExpiresAt: hour}, "", "Only editors can put up and take down breaking-news alerts."},
		{"an empty line is refused", d.editor, alerts.Input{Text: "  ", ExpiresAt: hour}, "text", "Please write the alert."},
		{"two lines are refused", d.editor, alerts.Input{Text: "One\nTwo", ExpiresAt: hour}, "text", "The alert is one line."},
		{"a long line is refused", d.editor, alerts.Input{Text: strings.Repeat("x", 201), ExpiresAt: hour}, "text", "The alert is too long (at most 200 characters): it is one line."},
		{"a script link is refused", d.editor, alerts.Input{Text: "x", URL: "javascript:alert(1)", ExpiresAt: hour}, "url", "The link must be an address starting with http:// or https://, or a path of this site starting with /."},
		{"another site's // path is refused", d.editor, alerts.Input{Text: "x", URL: "//evil.example/", ExpiresAt: hour}, "url", "The link must be an address starting with http:// or https://, or a path of this site starting with /."},
		{"no expiry is refused", d.editor, alerts.Input{Text: "x"}, "expires_at", "Please say when the alert ends."},
		{"an expiry past is refused", d.editor, alerts.Input{Text: "x", ExpiresAt: start}, "expires_at", "The alert would end before it starts; choose a time in the future."},
		{"more than a week is refused", d.editor, alerts.Input{Text: "x", ExpiresAt: start.Add(8 * 24 * time.Hour)}, "expires_at", "An alert may stay up for at most a week."},
		{"an unpublished article is refused", d.editor, alerts.Input{ArticleID: d.pending.ID, ExpiresAt: hour}, "article", "Publish the article before marking it as breaking news."},
		{"a missing article is refused", d.editor, alerts.Input{ArticleID: 4242, ExpiresAt: hour}, "article", "There is no such article."},
		{"an article with a link is refused", d.editor, alerts.Input{ArticleID: d.story.ID, URL: "/x/", ExpiresAt: hour}, "url", "An alert for an article leads to the article; leave the link out."},
	}
	for _, tc := range refusals {
		t.Run(tc.name, func(t *testing.T) {
			_, err := d.svc.Post(ctx, tc.who, tc.in)
			var fe content.FieldErrors
			var no *alerts.Forbidden
			switch {
			case tc.field == "" && (!errors.As(err, &no) || no.Message != tc.msg):
				t.Errorf("err = %v, want %q", err, tc.msg)
			case tc.field != "" && (!errors.As(err, &fe) || fe.For(tc.field) != tc.msg):
				t.Errorf("err = %v, want %s: %q", err, tc.field, tc.msg)
			}
			if got := d.seen.Take(); len(got) != 0 {
				t.Errorf("a refusal announced %v", got)
			}
		})
	}
	up, err := d.svc.Active(ctx, 0)
	must(t, err)
	if len(up) != 0 {
		t.Fatalf("refusals stored %v", up)
	}

	l, err := d.svc.Post(ctx, d.editor, alerts.Input{ArticleID: d.story.ID, ExpiresAt: hour})
	must(t, err)
	if l.Text != "Dam breaks upstream" || l.Article.ID != d.story.ID || !l.ExpiresAt.Equal(hour) || !l.CreatedAt.Equal(start) {
		t.Errorf("the breaking article's alert = %+v", l)
	}
	if got := d.seen.Take(); len(got) != 1 || got[0].Kind != changes.KindAlert || got[0].Action != "create" || got[0].Tags[0] != changes.Alerts {
		t.Errorf("posting announced %+v", got)
	}
	if err := d.svc.Remove(ctx, d.author, l.ID); !errors.As(err, new(*alerts.Forbidden)) {
		t.Errorf("an author taking it down: %v", err)
	}
	must(t, d.svc.Remove(ctx, d.editor, l.ID))
	if err := d.svc.Remove(ctx, d.editor, l.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("taking it down twice: %v", err)
	}
}

// TestExpiryAnnouncesEachAlertsEndOnce runs the announcer on a fake clock
// on two nodes of one database: it sleeps until the earliest end, wakes
// for a new alert that ends sooner, and at each end exactly one node
// announces it.
func TestExpiryAnnouncesEachAlertsEndOnce(t *testing.T) {
	d := newDesk(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var ends []changes.Event
	expired := make(chan struct{}, 8)
	d.feed.Subscribe(func(_ context.Context, e changes.Event) {
		if e.Action == "expire" {
			ends = append(ends, e)
			expired <- struct{}{}
		}
	})
	// Two nodes, each with its clock at the same time and its own feed
	// view of the change: both hear the alert events (as the change log
	// brings them), both wake, one announces.
	clocks := []*clock.Fake{clock.NewFake(start), clock.NewFake(start)}
	done := make(chan struct{}, 2)
	for i, node := range []string{"node-a", "node-b"} {
		x := &alerts.Expiry{Store: d.st, Feed: d.feed, Clock: clocks[i], Leases: d.st, Node: node}
		go func() { x.Run(ctx); done <- struct{}{} }()
	}
	defer func() { cancel(); <-done; <-done }()
	sleeping := func(c *clock.Fake) time.Time {
		t.Helper()
		wait, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		at, err := c.NextTimer(wait)
		must(t, err)
		return at
	}
	for _, c := range clocks {
		sleeping(c) // the sweep, with nothing to expire
	}
	_, err := d.svc.Post(context.Background(), d.editor, alerts.Input{Text: "Later", ExpiresAt: start.Add(4 * time.Minute)})
	must(t, err)
	for _, c := range clocks {
		if at := sleeping(c); !at.Equal(start.Add(4 * time.Minute)) {
			t.Fatalf("a node sleeps until %v, want the alert's end", at)
		}
	}
	_, err = d.svc.Post(context.Background(), d.editor, alerts.Input{Text: "Sooner", ExpiresAt: start.Add(2 * time.Minute)})
	must(t, err)
	for _, c := range clocks {
		if at := sleeping(c); !at.Equal(start.Add(2 * time.Minute)) {
			t.Fatalf("after a sooner alert a node sleeps until %v", at)
		}
	}
	for _, c := range clocks {
		c.Set(start.Add(2*time.Minute + time.Second))
	}
	select {
	case <-expired:
	case <-time.After(5 * time.Second):
		t.Fatal("the first end was not announced")
	}
	for _, c := range clocks {
		if at := sleeping(c); !at.Equal(start.Add(4 * time.Minute)) {
			t.Fatalf("after the first end a node sleeps until %v, want the second", at)
		}
	}
	if len(ends) != 1 || ends[0].Kind != changes.KindAlert || ends[0].Tags[0] != changes.Alerts {
		t.Errorf("the first end was announced %d times: %+v", len(ends), ends)
	}
}
