package articles

import (
	"context"
	"errors"
	"fmt"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/metrics"
	"dateline/internal/store"
)

// DefaultScheduleEvery is how often the scheduler sweeps for due articles
// when nothing woke it sooner. The sweep is a safety net: the scheduler
// sleeps until the next planned time and wakes when an article changes on
// its own server's feed, but a schedule changed by another server on the
// same database is only seen by this server at its next sweep (that other
// server's own scheduler publishes it on time).
const DefaultScheduleEvery = 30 * time.Second

// retryAfter is the first pause after a tick that failed; it doubles with
// every failure in a row, up to the sweep interval, so that an article
// that cannot be published is neither retried in a busy loop nor logged
// every second for ever.
const retryAfter = time.Second

// wallClock is the service's own time, with real timers: a scheduler
// without a clock of its own keeps the time the service's Config.Now tells.
type wallClock struct{ now func() time.Time }

func (c wallClock) Now() time.Time                       { return c.now() }
func (wallClock) After(d time.Duration) <-chan time.Time { return time.After(d) }

// Scheduler publishes scheduled articles when their time comes, within a
// second of it. It keeps no state of its own: what is due, and when the
// next article is, is read from the store at every wake-up, so articles
// whose time came while the server was stopped are published as soon as
// it starts, with their planned time. Several servers may run one each on
// the same database; the store lets exactly one of them publish each
// article.
type Scheduler struct {
	svc   *Service
	every time.Duration
	// Clock, when set before Run, is the time the scheduler keeps instead
	// of the service's Now and real timers; tests give a [clock.Fake] that
	// they move by hand, so that "published at its time" needs no waiting.
	Clock clock.Clock
	runs  metrics.Runs
}

// Runs counts the scheduler's ticks, by whether they worked.
func (sc *Scheduler) Runs() *metrics.Runs { return &sc.runs }

// Scheduler returns the service's scheduler, sweeping every interval
// (DefaultScheduleEvery when zero) besides waking at each planned time.
// [Scheduler.Run] starts it.
func (s *Service) Scheduler(every time.Duration) *Scheduler {
	if every <= 0 {
		every = DefaultScheduleEvery
	}
	return &Scheduler{svc: s, every: every}
}

func (sc *Scheduler) clock() clock.Clock {
	if sc.Clock != nil {
		return sc.Clock
	}
	return wallClock{now: sc.svc.now}
}

// now is the scheduler's time in UTC to the millisecond, the precision the
// store keeps planned times in, so an article is due at its exact time.
func (sc *Scheduler) now() time.Time { return sc.clock().Now().UTC().Truncate(time.Millisecond) }

// Run ticks at once, then again at the next article's planned time or the
// next sweep, whichever is sooner, until ctx ends. Any change to an
// article on the service's change feed wakes it to read the next planned
// time again, since a schedule made, moved or dropped may change it. The
// server owns the goroutine and waits for Run to return.
func (sc *Scheduler) Run(ctx context.Context) {
	clock := sc.clock()
	changed := make(chan struct{}, 1)
	if sc.svc.changes != nil {
		// Called on the writer's goroutine (the scheduler's own, for its
		// publications): never block it; one pending wake-up is enough.
		stop := sc.svc.changes.Subscribe(func(_ context.Context, e changes.Event) {
			if e.Kind != changes.KindArticle {
				return
			}
			select {
			case changed <- struct{}{}:
			default:
			}
		})
		defer stop()
	}
	var (
		backoff time.Duration
		hurried bool // the last wait was zero
	)
	for {
		_, err := sc.Tick(ctx)
		// What this tick published, and any change announced before now,
		// is in what untilNext reads; a change after it wakes us again.
		select {
		case <-changed:
		default:
		}
		wait, nextErr := sc.untilNext(ctx)
		err = errors.Join(err, nextErr)
		if ctx.Err() == nil {
			sc.runs.Done(err)
		}
		// A disk that refuses writes is logged by the store, once; the
		// due articles are published on a later tick.
		if err != nil && ctx.Err() == nil && !store.Unwritable(err) {
			sc.svc.log.Warn("scheduled publishing", "err", err)
		}
		if err != nil || (wait == 0 && hurried) {
			backoff = min(max(2*backoff, retryAfter), sc.every)
			wait = max(wait, backoff)
		} else {
			backoff = 0
		}
		hurried = wait == 0
		select {
		case <-ctx.Done():
			return
		case <-clock.After(wait):
		case <-changed:
		}
	}
}

// untilNext is how long to sleep: until the earliest planned time (zero
// when it has come), and at most until the next sweep.
func (sc *Scheduler) untilNext(ctx context.Context) (time.Duration, error) {
	next, ok, err := sc.svc.store.NextScheduled(ctx)
	if err != nil {
		return 0, fmt.Errorf("next scheduled article: %w", err) // Run backs off
	}
	if !ok {
		return sc.every, nil
	}
	return max(min(next.Sub(sc.now()), sc.every), 0), nil
}

// Tick publishes every scheduled article that is due by the scheduler's
// clock and returns the ids this call published. An article that fails
// does not hold up the others; their errors are returned together.
func (sc *Scheduler) Tick(ctx context.Context) ([]int64, error) {
	s := sc.svc
	now := sc.now()
	ids, err := s.store.DueScheduled(ctx, now)
	if err != nil {
		return nil, fmt.Errorf("due articles: %w", err)
	}
	var (
		published []int64
		errs      []error
	)
	for _, id := range ids {
		before, err := s.store.ArticleByID(ctx, id)
		if err != nil {
			errs = append(errs, fmt.Errorf("read scheduled article %d: %w", id, err))
			continue
		}
		ok, err := s.store.PublishScheduled(ctx, id, now)
		if err != nil {
			errs = append(errs, fmt.Errorf("publish scheduled article %d: %w", id, err))
			continue
		}
		if !ok {
			continue // another server was first, or it was unscheduled meanwhile
		}
		published = append(published, id)
		s.log.Info("scheduled article published", "article", id)
		if _, err := s.finish(ctx, "publish", before); err != nil {
			errs = append(errs, fmt.Errorf("read published article %d: %w", id, err))
		}
	}
	return published, errors.Join(errs...)
}
