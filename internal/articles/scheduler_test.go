package articles_test

import (
	"context"
	"slices"
	"sync"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store/sqlite"
)

// The scheduler keeps nothing in memory: an article whose time came while
// the server was stopped is published by the first tick after it starts,
// with its planned time.
func TestScheduledPublishingSurvivesARestart(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusDraft)
	at := start.Add(time.Hour)
	_, err := d.svc.Schedule(ctx, d.author, a.ID, at)
	must(t, err)
	if got, err := d.svc.Scheduler(0).Tick(ctx); err != nil || len(got) != 0 {
		t.Fatalf("before its time: published %v, %v", got, err)
	}
	must(t, d.st.Close())

	d.clock.Advance(5 * time.Hour) // the server was down
	d.reopen(t)
	feed, seen := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(seen.Record)
	d.svc = articles.New(articles.Config{Store: d.st, Now: d.clock.Now, Changes: feed})
	sched := d.svc.Scheduler(0)
	got, err := sched.Tick(ctx)
	must(t, err)
	if !slices.Equal(got, []int64{a.ID}) {
		t.Fatalf("published %v, want [%d]", got, a.ID)
	}
	out := d.reread(t, a.ID)
	if out.Status != content.StatusPublished || !out.PublishedAt.Equal(at) || out.Edited() {
		t.Errorf("published = %s at %v (edited: %v), want the planned time", out.Status, out.PublishedAt, out.Edited())
	}
	if got := seen.Take(); len(got) != 1 || got[0].Action != "publish" || !slices.Equal(got[0].IDs, []int64{a.ID}) ||
		!slices.Contains(got[0].Tags, changes.Home) || !slices.Contains(got[0].Tags, changes.Article(a.ID)) {
		t.Errorf("the feed saw %+v", got)
	}
	if again, err := sched.Tick(ctx); err != nil || len(again) != 0 {
		t.Errorf("second tick published %v, %v", again, err)
	}
}

// Two servers on one database, their schedulers ticking at the same time:
// every due article is published, each exactly once.
func TestTwoSchedulersPublishEachArticleOnce(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	var want []int64
	for range 20 {
		a := d.article(t, d.author, content.StatusScheduled)
		want = append(want, a.ID)
	}
	second, err := sqlite.Open(ctx, d.path)
	must(t, err)
	t.Cleanup(func() { second.Close() })
	d.clock.Advance(2 * time.Hour)
	servers := []*articles.Scheduler{
		d.svc.Scheduler(0),
		articles.New(articles.Config{Store: second, Now: d.clock.Now}).Scheduler(0),
	}
	var (
		mu  sync.Mutex
		got []int64
		wg  sync.WaitGroup
	)
	for _, sc := range append(servers, servers...) {
		wg.Go(func() {
			ids, err := sc.Tick(ctx)
			if err != nil {
				t.Error(err)
			}
			mu.Lock()
			got = append(got, ids...)
			mu.Unlock()
		})
	}
	wg.Wait()
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("published %v\nwant each once: %v", got, want)
	}
}

func TestSchedulerRunTicksAtOnceAndStopsWithItsContext(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusScheduled)
	d.clock.Advance(2 * time.Hour)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		d.svc.Scheduler(time.Hour).Run(ctx)
	}()
	deadline := time.Now().Add(10 * time.Second)
	for d.reread(t, a.ID).Status != content.StatusPublished {
		if time.Now().After(deadline) {
			t.Fatal("Run did not publish the due article at start")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}
