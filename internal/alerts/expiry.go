package alerts

import (
	"context"
	"log/slog"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
)

// Expiry announces the expiry of each alert on the change feed (tag
// changes.Alerts) at its time, as changes.Midnights announces the date:
// every page shows the alerts, so every kept copy of a page (the page
// cache, the static mirror, a CDN) is purged the moment one ends, and no
// page shows an alert after its time. It sleeps until the next expiry and
// wakes on every alert event, its own process's or one the change log
// brings from another node.
type Expiry struct {
	Store interface {
		NextAlertExpiry(ctx context.Context, now time.Time) (time.Time, bool, error)
	}
	Feed *changes.Feed
	// Clock is the time it keeps; the wall clock when nil.
	Clock clock.Clock
	// Leases, when set, is the database several nodes share: the node
	// holding ExpiryLease announces, and the change log carries the
	// announcement to the others, so that a CDN is purged once. Node
	// names this node there.
	Leases changes.Leases
	Node   string
	Logger *slog.Logger
}

const (
	// ExpiryLease is the lease of the node announcing expiries.
	ExpiryLease = "alerts"
	// ExpiryLeaseTTL is how long it is held after each announcement: a
	// node that stops gives it up to the others within it.
	ExpiryLeaseTTL = time.Minute
	// sweepEvery bounds a sleep, so that an alert whose event this node
	// missed (the database was down) still ends on time, give or take.
	sweepEvery = 5 * time.Minute
)

// Run announces expiries until ctx ends.
func (x *Expiry) Run(ctx context.Context) {
	c := x.Clock
	if c == nil {
		c = clock.Real{}
	}
	log := x.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	wake := make(chan struct{}, 1)
	stop := x.Feed.Subscribe(func(_ context.Context, e changes.Event) {
		if e.Kind == changes.KindAlert && e.Action != "expire" {
			select {
			case wake <- struct{}{}:
			default:
			}
		}
	})
	defer stop()
	for {
		next, ok, err := x.Store.NextAlertExpiry(ctx, c.Now())
		if err != nil && ctx.Err() == nil {
			log.Warn("alerts: next expiry", "err", err)
		}
		wait := sweepEvery
		if ok {
			wait = min(next.Sub(c.Now()), sweepEvery)
		}
		select {
		case <-ctx.Done():
			return
		case <-wake: // a new alert may end sooner; one may have ended meanwhile
		case <-c.After(max(wait, 0)):
		}
		if now := c.Now(); ok && !now.Before(next) && x.mine(ctx, now) {
			x.Feed.Publish(ctx, changes.New(changes.KindAlert, "expire", nil, changes.Alerts))
		}
	}
}

// mine reports whether this node announces the expiry at t: without
// Leases always, and also when the database cannot say (an expiry
// announced twice costs a purge; one not announced leaves an alert up).
func (x *Expiry) mine(ctx context.Context, t time.Time) bool {
	if x.Leases == nil {
		return true
	}
	held, err := x.Leases.TryLease(ctx, ExpiryLease, x.Node, ExpiryLeaseTTL, t)
	return held || (err != nil && ctx.Err() == nil)
}
