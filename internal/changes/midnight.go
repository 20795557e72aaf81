package changes

import (
	"context"
	"time"

	"dateline/internal/clock"
)

// Midnights announces the change of date at each local midnight (tag
// Date), for the pages whose header shows today's date.
type Midnights struct {
	Feed *Feed
	// Zone is the site's time zone, asked again at every wake-up so that
	// a change in the settings is followed.
	Zone func(ctx context.Context) *time.Location
	// Clock is the time it keeps; the wall clock when nil.
	Clock clock.Clock
	// Leases, when set, is the database several nodes of the site share:
	// of the nodes that wake at a midnight, the one that takes the lease
	// named MidnightLease (for MidnightLeaseTTL) announces it, and the
	// change log carries the announcement to the others, so that a CDN
	// is purged once. Node names this node there.
	Leases Leases
	Node   string
}

// Leases is the lease side of the store (store.Leases).
type Leases interface {
	TryLease(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (bool, error)
}

const (
	// MidnightLease is the lease of the node announcing a midnight.
	MidnightLease = "midnight"
	// MidnightLeaseTTL is how long it is held: longer than the nodes take
	// to wake at one midnight, far shorter than the day to the next.
	MidnightLeaseTTL = time.Hour
)

// checkEvery bounds a sleep, so that a new time zone in the settings is
// noticed within it.
const checkEvery = 10 * time.Minute

// Run announces every midnight until ctx ends.
func (m Midnights) Run(ctx context.Context) {
	c := m.Clock
	if c == nil {
		c = clock.Real{}
	}
	last := c.Now()
	for {
		zone := m.Zone(ctx)
		next := NextMidnight(last, zone)
		wait := min(next.Sub(c.Now()), checkEvery)
		select {
		case <-ctx.Done():
			return
		case <-c.After(max(wait, 0)):
		}
		t := c.Now()
		if !t.Before(NextMidnight(last, m.Zone(ctx))) && m.mine(ctx, t) {
			m.Feed.Publish(ctx, New(KindDate, "midnight", nil, Date))
		}
		last = t
	}
}

// mine reports whether this node announces the midnight at t: without
// Leases always, and also when the database cannot say (a date announced
// twice costs a purge; one not announced leaves yesterday's date up).
func (m Midnights) mine(ctx context.Context, t time.Time) bool {
	if m.Leases == nil {
		return true
	}
	held, err := m.Leases.TryLease(ctx, MidnightLease, m.Node, MidnightLeaseTTL, t)
	return held || (err != nil && ctx.Err() == nil)
}

// NextMidnight is the first local midnight after t in zone.
func NextMidnight(t time.Time, zone *time.Location) time.Time {
	l := t.In(zone)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, zone)
}
