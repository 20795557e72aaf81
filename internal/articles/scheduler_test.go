package articles_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/store/teststore"
)

// sleepsUntil waits for the scheduler to set a timer for at: it has
// finished what it was doing and sleeps until then (or a change).
func sleepsUntil(t *testing.T, c *clock.Fake, at time.Time) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	var seen []time.Time
	for {
		got, err := c.NextTimer(ctx)
		if err != nil {
			t.Fatalf("the scheduler never slept until %v; it slept until %v", at, seen)
		}
		if got.Equal(at) {
			return
		}
		seen = append(seen, got)
	}
}

// running starts sc and stops it, and waits for it, when the test ends.
func running(t *testing.T, sc *articles.Scheduler) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		sc.Run(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		<-done
	})
}

// publications sends the ids of the articles published on feed, with the
// time of the clock when each was announced.
type publication struct {
	id int64
	at time.Time
}

func publications(feed *changes.Feed, c *clock.Fake) <-chan publication {
	out := make(chan publication, 100)
	feed.Subscribe(func(_ context.Context, e changes.Event) {
		if e.Kind == changes.KindArticle && e.Action == "publish" {
			out <- publication{e.IDs[0], c.Now()}
		}
	})
	return out
}

func wantPublished(t *testing.T, got <-chan publication, id int64, at time.Time) {
	t.Helper()
	select {
	case p := <-got:
		if p.id != id {
			t.Fatalf("article %d was published, want %d", p.id, id)
		}
		if late := p.at.Sub(at); late < 0 || late >= time.Second {
			t.Errorf("article %d planned for %v was published at %v", id, at, p.at)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("article %d planned for %v was not published", id, at)
	}
}

func wantNothingPublished(t *testing.T, got <-chan publication) {
	t.Helper()
	select {
	case p := <-got:
		t.Fatalf("article %d was published at %v, before its time", p.id, p.at)
	default:
	}
}

// newsdesk is the desk's service with a change feed and a scheduler on a
// fake clock whose sweep is an hour away, so that only the timer for the
// next article can publish on time.
func newsdesk(t *testing.T, d *desk) (*articles.Service, *clock.Fake, <-chan publication) {
	t.Helper()
	feed := &changes.Feed{}
	svc := articles.New(articles.Config{Store: d.st, Now: d.clock.Now, Changes: feed})
	sc := svc.Scheduler(time.Hour)
	sc.Clock = d.clock
	got := publications(feed, d.clock)
	running(t, sc)
	sleepsUntil(t, d.clock, start.Add(time.Hour)) // nothing scheduled: until the sweep
	return svc, d.clock, got
}

// The newsroom promises scheduling to the second: the scheduler sleeps
// until the article's time, not until its next sweep.
func TestAScheduledArticleIsPublicWithinOneSecondOfItsTime(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	svc, clock, got := newsdesk(t, d)
	a := d.article(t, d.author, content.StatusDraft)
	at := start.Add(10*time.Minute + 20*time.Second)
	_, err := svc.Schedule(ctx, d.editor, a.ID, at)
	must(t, err)
	sleepsUntil(t, clock, at)

	clock.Set(at.Add(-time.Millisecond))
	wantNothingPublished(t, got)
	if s := d.reread(t, a.ID).Status; s != content.StatusScheduled {
		t.Fatalf("a millisecond before its time the article is %s", s)
	}
	clock.Set(at)
	wantPublished(t, got, a.ID, at)
	out := d.reread(t, a.ID)
	if out.Status != content.StatusPublished || !out.PublishedAt.Equal(at) {
		t.Errorf("the article is %s at %v, want published at %v", out.Status, out.PublishedAt, at)
	}
	sleepsUntil(t, clock, at.Add(time.Hour)) // nothing left: back to sweeping
}

// Each change to the schedule re-arms the timer: a sooner article moves
// it earlier, a moved or dropped one later.
func TestTheSchedulerFollowsChangesToTheSchedule(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	svc, clock, got := newsdesk(t, d)
	first, second := d.article(t, d.author, content.StatusDraft), d.article(t, d.author, content.StatusDraft)
	t1, t2, t3 := start.Add(20*time.Minute), start.Add(5*time.Minute), start.Add(30*time.Minute)

	_, err := svc.Schedule(ctx, d.editor, first.ID, t1)
	must(t, err)
	sleepsUntil(t, clock, t1)
	_, err = svc.Schedule(ctx, d.editor, second.ID, t2)
	must(t, err)
	sleepsUntil(t, clock, t2) // the sooner one
	_, err = svc.Unpublish(ctx, d.editor, second.ID)
	must(t, err)
	sleepsUntil(t, clock, t1) // dropped: back to the first
	_, err = svc.Schedule(ctx, d.editor, first.ID, t3)
	must(t, err)
	sleepsUntil(t, clock, t3) // moved later

	clock.Set(t1)
	wantNothingPublished(t, got)
	clock.Set(t3)
	wantPublished(t, got, first.ID, t3)
	if s := d.reread(t, second.ID).Status; s != content.StatusDraft {
		t.Errorf("the unscheduled article is %s, want draft", s)
	}
}

// A schedule made by another server on the same database is not on this
// server's feed: the sweep finds it.
func TestTheSweepFindsAScheduleMadeByAnotherServer(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	_, clock, got := newsdesk(t, d)
	a := d.article(t, d.author, content.StatusDraft)
	other := articles.New(articles.Config{Store: d.st, Now: d.clock.Now}) // no feed shared with ours
	at := start.Add(10 * time.Minute)
	_, err := other.Schedule(ctx, d.editor, a.ID, at)
	must(t, err)

	sweep := start.Add(time.Hour)
	clock.Set(sweep)
	wantPublishedBy(t, got, a.ID, sweep)
	if out := d.reread(t, a.ID); !out.PublishedAt.Equal(at) {
		t.Errorf("published at %v, want the planned %v", out.PublishedAt, at)
	}
}

func wantPublishedBy(t *testing.T, got <-chan publication, id int64, by time.Time) {
	t.Helper()
	select {
	case p := <-got:
		if p.id != id || p.at.After(by) {
			t.Fatalf("article %d was published at %v, want %d by %v", p.id, p.at, id, by)
		}
	case <-time.After(10 * time.Second):
		t.Fatalf("article %d was not published by %v", id, by)
	}
}

// failingStore fails the first publications it is asked for.
type failingStore struct {
	articles.Store
	mu    sync.Mutex
	fails int
}

func (s *failingStore) PublishScheduled(ctx context.Context, id int64, now time.Time) (bool, error) {
	s.mu.Lock()
	fail := s.fails > 0
	s.fails--
	s.mu.Unlock()
	if fail {
		return false, errors.New("disk I/O error")
	}
	return s.Store.PublishScheduled(ctx, id, now)
}

// A publication that fails is tried again after a second, then two, and
// so on, instead of in a loop that would keep the processor busy.
func TestAFailedPublicationIsRetriedAfterAPause(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusScheduled) // due in an hour
	at := a.PublishedAt
	feed := &changes.Feed{}
	svc := articles.New(articles.Config{Store: &failingStore{Store: d.st, fails: 2}, Now: d.clock.Now, Changes: feed})
	clock := d.clock
	sc := svc.Scheduler(time.Hour)
	sc.Clock = clock
	got := publications(feed, d.clock)
	running(t, sc)
	sleepsUntil(t, clock, at)

	clock.Set(at) // the first try fails
	sleepsUntil(t, clock, at.Add(time.Second))
	clock.Advance(time.Second) // so does the second
	sleepsUntil(t, clock, at.Add(3*time.Second))
	wantNothingPublished(t, got)
	clock.Advance(2 * time.Second)
	wantPublishedBy(t, got, a.ID, at.Add(3*time.Second))
	sleepsUntil(t, clock, at.Add(3*time.Second+time.Hour)) // and the pause is forgotten
}

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
	second := teststore.OpenURL(t, d.url)
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
