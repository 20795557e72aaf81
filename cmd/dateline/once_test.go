package main

import (
	"context"
	"log/slog"
	"strconv"
	"sync"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/mail/mailtest"
	"dateline/internal/store/teststore"
)

// node is the program assembled on its own handle of a database that
// other nodes share, with a recorder on its change feed.
type node struct {
	*app
	seen *changes.Recorder
}

func newNode(t *testing.T, db string, getenv func(string) string) node {
	t.Helper()
	st := teststore.OpenURL(t, db)
	feed := &changes.Feed{}
	n := node{seen: &changes.Recorder{}}
	feed.Subscribe(n.seen.Record)
	var err error
	n.app, err = assemble(context.Background(), Config{Data: t.TempDir(), DB: db, BaseURL: "https://news.example",
		WeatherURL: weatherOff}, st, feed, getenv, slog.New(slog.DiscardHandler))
	noError(t, err)
	return n
}

// carry brings each node's announcements to the others through the
// change log, as their journals do every half second.
func carry(t *testing.T, nodes ...node) {
	t.Helper()
	for _, n := range nodes {
		n.journal.Flush(t.Context())
	}
	for _, n := range nodes {
		n.journal.Follow(t.Context())
	}
}

// atOnce runs fn on every node at the same time, twice over, and waits.
func atOnce(nodes []node, fn func(n node)) {
	var wg sync.WaitGroup
	for range 2 {
		for _, n := range nodes {
			wg.Go(func() { fn(n) })
		}
	}
	wg.Wait()
}

// Two nodes on one database, their schedulers waking at the same moment:
// the article is published once, by one of them, which alone announces
// it; the other hears of it through the change log.
func TestTwoNodesPublishAScheduledArticleOnceAndAnnounceItOnce(t *testing.T) {
	ctx := context.Background()
	db := teststore.New(t)
	nodes := []node{newNode(t, db, noEnv), newNode(t, db, noEnv)}
	st := teststore.OpenURL(t, db)
	editor := content.User{Email: "eddie@news.example", Name: "Eddie Editor", Role: content.RoleEditor}
	noError(t, st.CreateUser(ctx, &editor))
	planned := time.Now().UTC().Add(time.Hour).Truncate(time.Millisecond)
	a, err := articles.New(articles.Config{Store: st}).Apply(ctx, editor, 0, articles.Change{
		Draft: &articles.Draft{Title: "Floods reach the old city", Source: "The river rose overnight."},
		Step:  articles.StepSchedule, At: planned})
	noError(t, err)

	due := clock.NewFake(planned.Add(time.Second))
	for _, n := range nodes {
		n.scheduler.Clock = due
	}
	var mu sync.Mutex
	var published []int64
	atOnce(nodes, func(n node) {
		ids, err := n.scheduler.Tick(ctx)
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		published = append(published, ids...)
		mu.Unlock()
	})
	if len(published) != 1 || published[0] != a.ID {
		t.Fatalf("the nodes published %v, want article %d once", published, a.ID)
	}
	if got, err := st.ArticleByID(ctx, a.ID); err != nil || got.Status != content.StatusPublished || !got.PublishedAt.Equal(planned) {
		t.Fatalf("the article is %v at %v (%v), want published at its planned %v", got.Status, got.PublishedAt, err, planned)
	}

	carry(t, nodes...)
	local := 0
	for i, n := range nodes {
		var heard []changes.Event
		for _, e := range n.seen.Take() {
			if e.Kind == changes.KindArticle && e.Action == "publish" {
				heard = append(heard, e)
			}
		}
		if len(heard) != 1 {
			t.Errorf("node %d heard %d publications, want 1: %+v", i, len(heard), heard)
			continue
		}
		if heard[0].Origin == "" {
			local++
		}
	}
	if local != 1 {
		t.Errorf("%d nodes announced the publication, want 1", local)
	}
}

// Two nodes on one database with one mail server, their mail queues
// waking at the same moment: a queued message is sent once.
func TestTwoNodesSendAQueuedMailOnce(t *testing.T) {
	ctx := context.Background()
	smtp := mailtest.Start(t)
	env := map[string]string{"DATELINE_SMTP_HOST": smtp.Host, "DATELINE_SMTP_PORT": strconv.Itoa(smtp.Port)}
	getenv := func(k string) string { return env[k] }
	db := teststore.New(t)
	nodes := []node{newNode(t, db, getenv), newNode(t, db, getenv)}
	noError(t, nodes[1].mailQueue.Enqueue(ctx, mail.Message{To: []string{"ana@news.example"},
		Subject: "A comment waits for you", Text: "Please moderate it."}))

	var mu sync.Mutex
	sent := 0
	atOnce(nodes, func(n node) {
		k, err := n.mailQueue.Tick(ctx)
		if err != nil {
			t.Error(err)
		}
		mu.Lock()
		sent += k
		mu.Unlock()
	})
	if got := smtp.Messages(); sent != 1 || len(got) != 1 {
		t.Fatalf("the nodes sent %d, the mail server received %d messages; want one", sent, len(got))
	}
}
