package articles

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// DefaultScheduleEvery is how often the scheduler looks for articles due.
const DefaultScheduleEvery = 30 * time.Second

// Scheduler publishes scheduled articles when their time comes. It keeps
// no state of its own: what is due is read from the store at every tick,
// so articles whose time came while the server was stopped are published
// at the first tick after it starts, with their planned time. Several
// servers may run one each on the same database; the store lets exactly
// one of them publish each article.
type Scheduler struct {
	svc   *Service
	every time.Duration
}

// Scheduler returns the service's scheduler, looking every interval
// (DefaultScheduleEvery when zero). [Scheduler.Run] starts it.
func (s *Service) Scheduler(every time.Duration) *Scheduler {
	if every <= 0 {
		every = DefaultScheduleEvery
	}
	return &Scheduler{svc: s, every: every}
}

// Run ticks at once, then every interval, until ctx ends. The server owns
// the goroutine and waits for Run to return.
func (sc *Scheduler) Run(ctx context.Context) {
	t := time.NewTicker(sc.every)
	defer t.Stop()
	for {
		if _, err := sc.Tick(ctx); err != nil && ctx.Err() == nil {
			sc.svc.log.Warn("scheduled publishing", "err", err)
		}
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}

// Tick publishes every scheduled article that is due by the service's
// clock and returns the ids this call published. An article that fails
// does not hold up the others; their errors are returned together.
func (sc *Scheduler) Tick(ctx context.Context) ([]int64, error) {
	s := sc.svc
	now := s.clock()
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
