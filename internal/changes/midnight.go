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
}

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
		if !t.Before(NextMidnight(last, m.Zone(ctx))) {
			m.Feed.Publish(ctx, New(KindDate, "midnight", nil, Date))
		}
		last = t
	}
}

// NextMidnight is the first local midnight after t in zone.
func NextMidnight(t time.Time, zone *time.Location) time.Time {
	l := t.In(zone)
	return time.Date(l.Year(), l.Month(), l.Day()+1, 0, 0, 0, 0, zone)
}
