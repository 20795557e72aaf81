package weather

import (
	"context"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"sync"
	"sync/atomic"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/metrics"
)

const (
	defaultInterval = 10 * time.Minute
	defaultRetry    = 30 * time.Second
	defaultMaxAge   = 3 * time.Hour
	// fetchDeadline bounds one fetch whatever the provider does, so a
	// provider without its own timeout cannot stall the loop for good.
	fetchDeadline = time.Minute
)

// FetcherConfig is what a [Fetcher] needs. Only Provider is required.
type FetcherConfig struct {
	Provider Provider
	Location Location
	Label    string        // shown beside the temperature: "Thailand"
	Units    Units         // [Celsius] when empty
	Interval time.Duration // between good fetches, ±10 %; 10 minutes when zero
	Retry    time.Duration // first wait after a failure, doubling up to Interval; 30 s when zero
	MaxAge   time.Duration // how long a good reading is shown; 3 hours when zero
	Now      func() time.Time
	Logger   *slog.Logger
	// Hint is said with the first failure of a spell of them: how to
	// point the fetcher at a reachable provider or switch it off, in the
	// terms of whoever started it (flags, environment).
	Hint string
	// Changes is told of every new reading kept, so that pages showing
	// the weather are drawn again; nil tells no one.
	Changes *changes.Feed
	// Clock, when set, is the time the fetcher keeps and sets its timers
	// by, instead of Now and real timers (tests move a [clock.Fake]).
	Clock clock.Clock
	// Shared, when set, is the database that the nodes of one site share
	// (see [Shared]); Node names this node there.
	Shared Shared
	Node   string
}

// Fetcher keeps the current weather for one place up to date in the
// background and hands it to page code without waiting: [Fetcher.Current]
// only reads an atomic pointer, so a hanging fetch never delays a page.
type Fetcher struct {
	provider Provider
	interval time.Duration
	retry    time.Duration
	maxAge   time.Duration
	now      func() time.Time
	log      *slog.Logger
	hint     string
	changes  *changes.Feed
	clock    clock.Clock
	shared   Shared
	node     string

	runs    metrics.Runs
	refetch chan struct{} // a settings change asks Run to fetch now
	running atomic.Bool

	mu    sync.Mutex // serialises writers; readers only Load
	state atomic.Pointer[state]
}

// state is an immutable snapshot: writers replace it whole.
type state struct {
	gen     uint64 // changes with the location, so a fetch for the old one is dropped
	loc     Location
	label   string
	units   Units
	reading Reading
	fetched time.Time // by our clock
	display *Display  // nil when there is no reading
}

// NewFetcher prepares a fetcher; [Fetcher.Run] starts it. Unknown units
// fall back to Celsius with a warning, and an invalid location makes every
// fetch fail with an error saying so: settings come from the store, and a
// bad one must not stop the site.
func NewFetcher(cfg FetcherConfig) *Fetcher {
	if cfg.Provider == nil {
		panic("weather: FetcherConfig.Provider is nil")
	}
	f := &Fetcher{
		provider: cfg.Provider,
		interval: orDefault(cfg.Interval, defaultInterval),
		retry:    orDefault(cfg.Retry, defaultRetry),
		maxAge:   orDefault(cfg.MaxAge, defaultMaxAge),
		now:      cfg.Now,
		log:      cfg.Logger,
		hint:     cfg.Hint,
		changes:  cfg.Changes,
		clock:    cfg.Clock,
		shared:   cfg.Shared,
		node:     cfg.Node,
		refetch:  make(chan struct{}, 1),
	}
	if f.clock != nil {
		f.now = f.clock.Now
	}
	if f.now == nil {
		f.now = time.Now
	}
	if f.clock == nil {
		f.clock = nowClock(f.now)
	}
	if f.shared != nil && f.node == "" {
		panic("weather: FetcherConfig.Shared without a Node")
	}
	if f.log == nil {
		f.log = slog.New(slog.DiscardHandler)
	}
	units, err := ParseUnits(string(cfg.Units))
	if err != nil {
		f.log.Warn("weather: showing celsius", "err", err)
		units = Celsius
	}
	f.state.Store(&state{loc: cfg.Location, label: cfg.Label, units: units})
	if f.shared != nil && f.changes != nil {
		// Subscribed before the page cache is (the program builds the
		// fetcher first), so that a page drawn again for another node's
		// reading shows it.
		f.changes.Subscribe(f.followChange)
	}
	return f
}

// nowClock is the clock of a fetcher without one: its Now, real timers.
type nowClock func() time.Time

func (c nowClock) Now() time.Time                       { return c() }
func (nowClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Current is the reading to show, or nil when there is none or the last
// good one is older than the maximum age. It is safe for concurrent use
// and never waits for the network. The result is the caller's to keep.
func (f *Fetcher) Current() *Display {
	s := f.state.Load()
	if s.display == nil || f.now().Sub(s.fetched) > f.maxAge {
		return nil
	}
	d := *s.display
	return &d
}

// Age is how old the reading kept is, by the fetcher's clock, and false
// when there is none (for /metrics: an alert on a reading that stopped
// coming).
func (f *Fetcher) Age() (time.Duration, bool) {
	s := f.state.Load()
	if s.display == nil {
		return 0, false
	}
	return f.now().Sub(s.fetched), true
}

// CheckNow fetches once, keeps the reading when it is good, and returns it
// or the provider's error word for word (for an administrator's "check
// now" button). A reading kept is announced as Run's are.
func (f *Fetcher) CheckNow(ctx context.Context) (Reading, error) {
	return f.fetch(ctx)
}

// SetLocation changes what is fetched and how it is shown, and asks
// [Fetcher.Run] to fetch now. A new location drops the reading of the old
// one; new label or units apply to the reading at once. SetLocation itself
// announces nothing: it follows a change of the site's settings, which
// that change announces (and every page shows some settings); the first
// reading for the new location is announced like any other.
func (f *Fetcher) SetLocation(loc Location, label string, units Units) error {
	if err := loc.Validate(); err != nil {
		return err
	}
	u, err := ParseUnits(string(units))
	if err != nil {
		return err
	}
	f.mu.Lock()
	next := *f.state.Load()
	next.label, next.units = label, u
	if loc != next.loc {
		next.gen++
		next.loc = loc
		next.reading, next.fetched, next.display = Reading{}, time.Time{}, nil
	} else if next.display != nil {
		next.display = newDisplay(next.reading, label, u)
	}
	f.state.Store(&next)
	f.mu.Unlock()
	select {
	case f.refetch <- struct{}{}:
	default: // a refetch is already pending
	}
	return nil
}

// Run fetches now and then every interval, retrying failures with a
// growing wait, until ctx ends. Each good reading it keeps is announced on
// the change feed as one KindWeather event, "reading", tagged
// changes.Weather; a failed fetch announces nothing. The first failure of
// a spell is a warning, with the hint; the retries that fail after it are
// debug lines, whatever their error (offline, one host's addresses give a
// new message each time), until a fetch works again, which is said once.
// The last good reading is kept meanwhile. The caller owns the goroutine
// and waits for Run to return.
func (f *Fetcher) Run(ctx context.Context) {
	if !f.running.CompareAndSwap(false, true) {
		panic("weather: Fetcher.Run called while already running")
	}
	defer f.running.Store(false)
	var (
		failures int  // in a row, for the backoff; a settings change starts again
		warned   bool // this spell of failures has been warned of
	)
	wait := f.clock.After(0)
	for {
		select {
		case <-ctx.Done():
			return
		case <-wait:
		case <-f.refetch:
			failures = 0
		}
		if f.shared != nil {
			mine, err := f.turn(ctx)
			if ctx.Err() != nil {
				return
			}
			if err == nil && !mine {
				// Another node fetches: show what it keeps, and ask
				// again in an interval in case it has gone.
				f.follow(ctx)
				failures = 0
				wait = f.clock.After(jitter(f.interval))
				continue
			}
			if err != nil {
				f.log.Debug("weather: asking for the fetch lease failed; fetching here", "err", err)
			}
		}
		_, err := f.fetch(ctx)
		if err != nil && ctx.Err() != nil {
			return // cut short by shutdown: it neither worked nor failed
		}
		// A fetch that worked is counted even if shutdown came during it:
		// its reading is kept and shown.
		f.runs.Done(err)
		if ctx.Err() != nil {
			return
		}
		if err == nil {
			if warned {
				f.log.Info("weather fetch recovered")
			}
			failures, warned = 0, false
			wait = f.clock.After(jitter(f.interval))
			continue
		}
		failures++
		next := f.backoff(failures)
		if !warned {
			warned = true
			attrs := []any{"err", err, "retry_in", next.Round(time.Millisecond)}
			if f.hint != "" {
				attrs = append(attrs, "hint", f.hint)
			}
			f.log.Warn("weather fetch failed; the header shows no weather until a fetch works, retries are logged at debug level", attrs...)
		} else {
			f.log.Debug("weather fetch failed again", "err", err, "failures", failures, "retry_in", next.Round(time.Millisecond))
		}
		wait = f.clock.After(next)
	}
}

// Runs counts the fetches of Run, by whether they worked.
func (f *Fetcher) Runs() *metrics.Runs { return &f.runs }

// backoff is the wait after the nth failure in a row: Retry, doubling,
// at most Interval, ±10 %.
func (f *Fetcher) backoff(n int) time.Duration {
	d := f.retry
	for i := 1; i < n && d < f.interval; i++ {
		d *= 2
	}
	return jitter(min(d, f.interval))
}

// jitter spreads d by ±10 % so many sites do not ask at the same moment.
func jitter(d time.Duration) time.Duration {
	spread := d / 5
	return d - d/10 + rand.N(spread+1)
}

func (f *Fetcher) fetch(ctx context.Context) (Reading, error) {
	s := f.state.Load()
	if err := s.loc.Validate(); err != nil {
		return Reading{}, err
	}
	ctx, cancel := context.WithTimeout(ctx, fetchDeadline)
	defer cancel()
	r, err := f.provider.Current(ctx, s.loc)
	if err != nil {
		return Reading{}, err
	}
	// Every provider's reading passes the same checks as Open-Meteo's.
	if err := r.Validate(); err != nil {
		return Reading{}, fmt.Errorf("weather: %w", err)
	}
	if f.keep(s.gen, r) {
		// Kept for the other nodes before it is announced, so that the
		// announcement, reaching them, finds it.
		f.share(ctx, s.loc, r)
		f.changes.Publish(ctx, changes.New(changes.KindWeather, "reading", nil, changes.Weather))
	}
	return r, nil
}

// keep stores a good reading unless the location changed while it was
// being fetched, and reports whether it did.
func (f *Fetcher) keep(gen uint64, r Reading) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	next := *f.state.Load()
	if next.gen != gen {
		return false
	}
	next.reading, next.fetched = r, f.now()
	next.display = newDisplay(r, next.label, next.units)
	f.state.Store(&next)
	return true
}
