package readership

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"time"

	"dateline/internal/metrics"
	"dateline/internal/store"
)

// ViewStore is where a [ViewCounter] adds its counts; store.Newsroom has it.
type ViewStore interface {
	AddViews(ctx context.Context, counts map[int64]int, day string) error
}

// ViewCounterConfig is what a [ViewCounter] needs. Only Store is required.
type ViewCounterConfig struct {
	Store ViewStore
	// Every is how often counts are written: 10 seconds when zero.
	Every time.Duration
	// Zone decides which calendar day a view belongs to: the site's zone,
	// UTC when nil.
	Zone   *time.Location
	Now    func() time.Time
	Logger *slog.Logger
}

// maxPending bounds the articles counted between two flushes, so that
// made-up article ids cannot grow the counter without end.
const maxPending = 50_000

// ViewCounter counts article views in memory and writes them to the store
// in batches, so a page view costs a map increment and never waits for the
// database. It sets no cookies and keeps nothing about the reader; visits
// from known robots are not counted. Safe for concurrent use.
type ViewCounter struct {
	store ViewStore
	every time.Duration
	zone  *time.Location
	now   func() time.Time
	log   *slog.Logger

	runs    metrics.Runs
	mu      sync.Mutex
	pending map[string]map[int64]int // day → article → views
	size    int                      // entries in pending
}

// NewViewCounter makes a counter; [ViewCounter.Run] writes its counts.
func NewViewCounter(cfg ViewCounterConfig) *ViewCounter {
	if cfg.Store == nil {
		panic("readership: ViewCounterConfig.Store is nil")
	}
	c := &ViewCounter{store: cfg.Store, every: cfg.Every, zone: cfg.Zone, now: cfg.Now, log: cfg.Logger,
		pending: map[string]map[int64]int{}}
	if c.every <= 0 {
		c.every = 10 * time.Second
	}
	if c.zone == nil {
		c.zone = time.UTC
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.log == nil {
		c.log = slog.New(slog.DiscardHandler)
	}
	return c
}

// Count records one view of the article by a browser with userAgent and
// reports whether it counted: robots, and requests without a user agent,
// do not.
func (c *ViewCounter) Count(articleID int64, userAgent string) bool {
	if articleID <= 0 || IsBot(userAgent) {
		return false
	}
	day := c.now().In(c.zone).Format(store.DayLayout)
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.addLocked(day, articleID, 1)
}

func (c *ViewCounter) addLocked(day string, id int64, n int) bool {
	counts := c.pending[day]
	if counts == nil {
		counts = map[int64]int{}
		c.pending[day] = counts
	}
	if _, ok := counts[id]; !ok {
		if c.size >= maxPending {
			return false
		}
		c.size++
	}
	counts[id] += n
	return true
}

// Flush writes the counts gathered so far, one batch per day. Counts that
// could not be written are kept for the next flush.
func (c *ViewCounter) Flush(ctx context.Context) error {
	c.mu.Lock()
	batch := c.pending
	c.pending, c.size = map[string]map[int64]int{}, 0
	c.mu.Unlock()
	var errs []error
	for day, counts := range batch {
		if err := c.store.AddViews(ctx, counts, day); err != nil {
			errs = append(errs, fmt.Errorf("write views of %s: %w", day, err))
			c.mu.Lock()
			for id, n := range counts {
				c.addLocked(day, id, n)
			}
			c.mu.Unlock()
		}
	}
	return errors.Join(errs...)
}

// Run flushes every interval until ctx ends, then flushes once more so a
// shutdown loses no counts. The server owns the goroutine and waits for
// Run to return, after it stops serving pages.
func (c *ViewCounter) Run(ctx context.Context) {
	t := time.NewTicker(c.every)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			final, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			if err := c.Flush(final); err != nil {
				c.log.Error("views lost at shutdown", "err", err)
			}
			return
		case <-t.C:
			// A disk that refuses writes is logged by the store, once;
			// the counts wait for the next flush.
			err := c.Flush(ctx)
			if ctx.Err() == nil {
				c.runs.Done(err)
			}
			if err != nil && ctx.Err() == nil && !store.Unwritable(err) {
				c.log.Warn("writing views", "err", err)
			}
		}
	}
}

// Runs counts Run's flushes of the counts, by whether they worked.
func (c *ViewCounter) Runs() *metrics.Runs { return &c.runs }

// botMarks are pieces of the user agents of crawlers, link previewers,
// monitors and scripts, lower-cased.
var botMarks = []string{
	"bot", "crawler", "crawling", "spider", "slurp", "bingpreview", "facebookexternalhit", "embedly",
	"curl", "wget", "python-requests", "python-urllib", "aiohttp", "go-http-client", "java/", "okhttp",
	"libwww", "httpclient", "scrapy", "headless", "phantomjs", "lighthouse", "pingdom", "uptime",
	"monitor", "feedfetcher", "mediapartners", "preview", "validator", "archiver",
}

// IsBot reports whether a user agent belongs to a program rather than a
// reader: one of the known robots, or none at all.
func IsBot(userAgent string) bool {
	ua := strings.ToLower(strings.TrimSpace(userAgent))
	if ua == "" {
		return true
	}
	for _, m := range botMarks {
		if strings.Contains(ua, m) {
			return true
		}
	}
	return false
}
