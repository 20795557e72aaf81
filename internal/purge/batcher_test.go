package purge

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/cache"
	"dateline/internal/changes"
)

// timer is one wait the batcher asked the test clock for.
type timer struct {
	d    time.Duration
	fire chan time.Time
}

// testClock hands the batcher's waits to the test, which fires them.
type testClock struct{ timers chan timer }

func newTestClock() *testClock { return &testClock{timers: make(chan timer, 64)} }

func (c *testClock) After(d time.Duration) <-chan time.Time {
	t := timer{d: d, fire: make(chan time.Time, 1)}
	c.timers <- t
	return t.fire
}

// next is the batcher's next wait, which must be of d.
func (c *testClock) next(t *testing.T, d time.Duration) timer {
	t.Helper()
	select {
	case tm := <-c.timers:
		if tm.d != d {
			t.Fatalf("the batcher waits %v, want %v", tm.d, d)
		}
		return tm
	case <-time.After(5 * time.Second):
		t.Fatalf("the batcher never waited %v", d)
	}
	return timer{}
}

// elapse waits for the batcher's next wait, of d, and ends it.
func (c *testClock) elapse(t *testing.T, d time.Duration) {
	t.Helper()
	c.next(t, d).fire <- time.Time{}
}

// none asserts that the batcher asks for no wait for a moment.
func (c *testClock) none(t *testing.T) {
	t.Helper()
	select {
	case tm := <-c.timers:
		t.Fatalf("the batcher waits %v, want no wait", tm.d)
	case <-time.After(50 * time.Millisecond):
	}
}

// fakePurger records each request's keys and answers with the errors it
// is given, in order, then with success.
type fakePurger struct {
	lim   Limits
	calls chan []string
	mu    sync.Mutex
	errs  []error
	hold  chan struct{} // when set, each request waits for it
}

func newFakePurger(errs ...error) *fakePurger {
	return &fakePurger{calls: make(chan []string, 64), errs: errs}
}

func (p *fakePurger) Purge(ctx context.Context, keys []string) error {
	p.calls <- slices.Clone(keys)
	if p.hold != nil {
		<-p.hold
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.errs) == 0 {
		return nil
	}
	err := p.errs[0]
	p.errs = p.errs[1:]
	return err
}

// call is the next request's keys.
func (p *fakePurger) call(t *testing.T) []string {
	t.Helper()
	select {
	case keys := <-p.calls:
		return keys
	case <-time.After(5 * time.Second):
		t.Fatal("no purge request was sent")
	}
	return nil
}

// noCall asserts that no request is sent for a moment.
func (p *fakePurger) noCall(t *testing.T) {
	t.Helper()
	select {
	case keys := <-p.calls:
		t.Fatalf("a purge of %v was sent, want none", keys)
	case <-time.After(50 * time.Millisecond):
	}
}

// limitedPurger is a fakePurger with limits per request.
type limitedPurger struct{ *fakePurger }

func (p limitedPurger) Limits() Limits { return p.lim }

// logBuffer is a log the test reads, safe for the batcher's goroutine.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.Write(p)
}

func (l *logBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}

// running is a batcher run by the test, with its clock, purger and log.
type running struct {
	b     *Batcher
	clock *testClock
	log   *logBuffer
	stop  func() // cancels Run and waits for it
}

func start(t *testing.T, p Purger, configure ...func(*Config)) *running {
	t.Helper()
	r := &running{clock: newTestClock(), log: &logBuffer{}}
	cfg := Config{Purger: p, After: r.clock.After, Backoff: 100 * time.Millisecond, Attempts: 3,
		Logger: slog.New(slog.NewTextHandler(r.log, nil))}
	for _, c := range configure {
		c(&cfg)
	}
	r.b = NewBatcher(cfg)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); r.b.Run(ctx) }()
	var once sync.Once
	r.stop = func() {
		once.Do(func() {
			cancel()
			select {
			case <-done:
			case <-time.After(5 * time.Second):
				t.Fatal("Run did not return after its context ended")
			}
		})
	}
	t.Cleanup(r.stop)
	return r
}

func event(tags ...string) changes.Event {
	return changes.New(changes.KindArticle, "update", []int64{1}, tags...)
}

func TestBatcherSendsABurstOfChangesAsOneRequestAfterTheWindow(t *testing.T) {
	p := newFakePurger()
	r := start(t, p)
	long := "tag:" + strings.Repeat("very-long-", 40)
	r.b.Notify(context.Background(), event("article:1", "home", "section:world"))
	window := r.clock.next(t, 250*time.Millisecond)
	r.b.Notify(context.Background(), event("article:2", "home", long))
	r.b.Notify(context.Background(), changes.Event{Kind: changes.KindComment}) // no tags: nothing to purge
	p.noCall(t)                                                                // the window is still open

	window.fire <- time.Time{}
	got := p.call(t)
	want := []string{"article:1", "article:2", cache.SurrogateKey(long), "home", "section:world"}
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("the batch purged %q, want %q (the keys the answers' Surrogate-Key names)", got, want)
	}
	if !strings.HasPrefix(cache.SurrogateKey(long), "h:") {
		t.Errorf("the long tag's key is %q, want it hashed as the headers hash it", cache.SurrogateKey(long))
	}
	p.noCall(t)
	if s := r.b.Stats(); s.Batches.Load() != 1 || s.Requests.Load() != 1 || s.Failed.Load() != 0 {
		t.Errorf("stats: %d batches, %d requests, %d failed; want 1, 1, 0", s.Batches.Load(), s.Requests.Load(), s.Failed.Load())
	}

	// The next change opens a new window.
	r.b.Notify(context.Background(), event("article:3"))
	r.clock.elapse(t, 250*time.Millisecond)
	if got := p.call(t); !slices.Equal(got, []string{"article:3"}) {
		t.Errorf("the second batch purged %q, want [article:3]", got)
	}
}

func TestBatcherLeavesChangesLearntFromTheChangeLogToTheProcessThatMadeThem(t *testing.T) {
	p := newFakePurger()
	r := start(t, p)
	other := event("article:9", "home")
	other.Origin = "node-b"
	r.b.Notify(context.Background(), other)
	r.clock.none(t)
	p.noCall(t)

	r.b.Notify(context.Background(), event("article:1"))
	r.clock.elapse(t, 250*time.Millisecond)
	if got := p.call(t); !slices.Equal(got, []string{"article:1"}) {
		t.Errorf("purged %q, want this process's own change alone", got)
	}
}

func TestBatcherPurgesEverythingForTheAllTagAndPastItsBound(t *testing.T) {
	t.Run("the * tag purges everything, the batch's other keys with it", func(t *testing.T) {
		p := newFakePurger()
		r := start(t, p)
		r.b.Notify(context.Background(), event("article:1"))
		r.b.Notify(context.Background(), changes.New(changes.KindDate, "behind", nil, changes.All))
		r.b.Notify(context.Background(), event("article:2"))
		r.clock.elapse(t, 250*time.Millisecond)
		if got := p.call(t); !slices.Equal(got, []string{All}) {
			t.Errorf("purged %q, want [*]", got)
		}
		p.noCall(t)
	})
	t.Run("more keys waiting than MaxKeys become one purge of everything", func(t *testing.T) {
		p := newFakePurger()
		r := start(t, p, func(c *Config) { c.MaxKeys = 3 })
		r.b.Notify(context.Background(), event("a", "b", "c"))
		r.b.Notify(context.Background(), event("d"))
		r.clock.elapse(t, 250*time.Millisecond)
		if got := p.call(t); !slices.Equal(got, []string{All}) {
			t.Errorf("purged %q, want [*]", got)
		}
		r.b.Notify(context.Background(), event("e"))
		r.clock.elapse(t, 250*time.Millisecond)
		if got := p.call(t); !slices.Equal(got, []string{"e"}) {
			t.Errorf("after the purge of everything, purged %q, want [e]", got)
		}
	})
}

func TestBatcherSplitsABatchByThePurgersLimits(t *testing.T) {
	p := limitedPurger{newFakePurger()}
	p.lim = Limits{Keys: 2}
	r := start(t, p)
	r.b.Notify(context.Background(), event("e", "d", "c", "b", "a"))
	r.clock.elapse(t, 250*time.Millisecond)
	for _, want := range [][]string{{"a", "b"}, {"c", "d"}, {"e"}} {
		if got := p.call(t); !slices.Equal(got, want) {
			t.Errorf("request purged %q, want %q", got, want)
		}
	}
	p.noCall(t)
}

func TestBatcherRetriesWithBackoff(t *testing.T) {
	unavailable := &StatusError{Status: 503, Message: "try later"}
	t.Run("a request failing every time is tried Attempts times, the waits doubling, and logged once", func(t *testing.T) {
		p := newFakePurger(unavailable, unavailable, unavailable)
		r := start(t, p)
		r.b.Notify(context.Background(), event("home"))
		r.clock.elapse(t, 250*time.Millisecond)
		p.call(t)
		r.clock.elapse(t, 100*time.Millisecond)
		p.call(t)
		r.clock.elapse(t, 200*time.Millisecond)
		p.call(t)
		p.noCall(t)
		r.clock.none(t)
		r.stop()
		log := r.log.String()
		if n := strings.Count(log, "CDN purge failed"); n != 1 {
			t.Fatalf("the failure was logged %d times, want once:\n%s", n, log)
		}
		if !strings.Contains(log, "keys=1 attempts=3") || !strings.Contains(log, "503") {
			t.Errorf("the log line does not give the keys, the attempts and the answer:\n%s", log)
		}
		if s := r.b.Stats(); s.Requests.Load() != 3 || s.Failed.Load() != 1 {
			t.Errorf("stats: %d requests, %d failed; want 3, 1", s.Requests.Load(), s.Failed.Load())
		}
	})
	t.Run("a request that succeeds on a retry is not logged", func(t *testing.T) {
		p := newFakePurger(errors.New("connection refused"))
		r := start(t, p)
		r.b.Notify(context.Background(), event("home"))
		r.clock.elapse(t, 250*time.Millisecond)
		p.call(t)
		r.clock.elapse(t, 100*time.Millisecond)
		if got := p.call(t); !slices.Equal(got, []string{"home"}) {
			t.Errorf("the retry purged %q, want [home]", got)
		}
		r.stop()
		if log := r.log.String(); log != "" {
			t.Errorf("logged %q, want nothing", log)
		}
	})
	t.Run("a refused request (a wrong token) is not tried again", func(t *testing.T) {
		p := newFakePurger(&StatusError{Status: 403, Message: "bad token"})
		r := start(t, p)
		r.b.Notify(context.Background(), event("home"))
		r.clock.elapse(t, 250*time.Millisecond)
		p.call(t)
		p.noCall(t)
		r.clock.none(t)
		r.stop()
		if log := r.log.String(); strings.Count(log, "CDN purge failed") != 1 || !strings.Contains(log, "attempts=1") {
			t.Errorf("want one failure after one attempt in the log:\n%s", log)
		}
	})
}

func TestBatcherNeverHoldsUpTheWriter(t *testing.T) {
	p := newFakePurger()
	p.hold = make(chan struct{})
	r := start(t, p)
	r.b.Notify(context.Background(), event("article:1"))
	r.clock.elapse(t, 250*time.Millisecond)
	p.call(t) // the request hangs until the test lets it go

	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 50000 {
			r.b.Notify(context.Background(), event("article:"+strings.Repeat("x", i%7)))
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("Notify waited for the purge in flight")
	}
	close(p.hold)
	r.clock.elapse(t, 250*time.Millisecond)
	if got := p.call(t); len(got) != 7 {
		t.Errorf("the next batch purged %d keys, want the 7 distinct ones", len(got))
	}
}

func TestBatcherSendsWhatIsQueuedWhenTheServerStops(t *testing.T) {
	t.Run("keys waiting for their window", func(t *testing.T) {
		p := newFakePurger()
		r := start(t, p)
		r.b.Notify(context.Background(), event("article:1", "home"))
		r.clock.next(t, 250*time.Millisecond) // never fired
		r.stop()
		if got := p.call(t); !slices.Equal(got, []string{"article:1", "home"}) {
			t.Errorf("on the way out purged %q, want [article:1 home]", got)
		}
	})
	t.Run("keys waiting for a retry", func(t *testing.T) {
		p := newFakePurger(&StatusError{Status: 502})
		r := start(t, p)
		r.b.Notify(context.Background(), event("home"))
		r.clock.elapse(t, 250*time.Millisecond)
		p.call(t)
		r.clock.next(t, 100*time.Millisecond) // the backoff, never fired
		r.stop()
		if got := p.call(t); !slices.Equal(got, []string{"home"}) {
			t.Errorf("on the way out purged %q, want [home]", got)
		}
	})
}

func TestSplitKeepsEachPartWithinTheLimits(t *testing.T) {
	keys := []string{"aaaa", "bbbb", "cccc", "dddd", "eeee"} // 5 bytes each with a separator
	for _, tc := range []struct {
		name string
		lim  Limits
		want [][]string
	}{
		{"no limit is one part", Limits{}, [][]string{keys}},
		{"two keys a part", Limits{Keys: 2}, [][]string{keys[:2], keys[2:4], keys[4:]}},
		{"twelve bytes a part", Limits{Bytes: 12}, [][]string{keys[:2], keys[2:4], keys[4:]}},
		{"a key longer than the bytes still goes, alone", Limits{Bytes: 3}, [][]string{keys[:1], keys[1:2], keys[2:3], keys[3:4], keys[4:]}},
		{"the tighter of both", Limits{Keys: 3, Bytes: 10}, [][]string{keys[:2], keys[2:4], keys[4:]}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := split(keys, tc.lim)
			if len(got) != len(tc.want) {
				t.Fatalf("split into %q, want %q", got, tc.want)
			}
			for i := range got {
				if !slices.Equal(got[i], tc.want[i]) {
					t.Errorf("part %d is %q, want %q", i, got[i], tc.want[i])
				}
			}
		})
	}
}
