package site

import (
	"context"
	"sync"
	"time"

	"dateline/internal/store"
)

// The "Most read" list ranks the articles read most over the last
// mostReadDays days, from the views the server counts itself. Views reach
// the store in batches anyway, so the list is worked out at most once per
// mostReadTTL and shared by every page in between.
const (
	mostReadCount = 5
	mostReadDays  = 7
	mostReadTTL   = 5 * time.Minute
)

type mostReadCache struct {
	mu      sync.Mutex
	list    []store.ReadCount
	expires time.Time
}

// mostRead returns the most-read list, from the cache while it is fresh.
// An error leaves the list out rather than failing the page.
func (s *Site) mostRead(ctx context.Context, d siteData) []card {
	c := &s.popular
	c.mu.Lock()
	defer c.mu.Unlock()
	now := s.now()
	if now.After(c.expires) {
		since := now.In(d.Zone).AddDate(0, 0, -(mostReadDays - 1)).Format(store.DayLayout)
		list, err := s.store.MostRead(ctx, since, mostReadCount)
		if err != nil {
			s.log.WarnContext(ctx, "most read list", "err", err)
			return nil
		}
		c.list, c.expires = list, now.Add(mostReadTTL)
	}
	cards := make([]card, 0, len(c.list))
	for _, rc := range c.list {
		cards = append(cards, toCard(rc.Article, d.Zone))
	}
	return cards
}
