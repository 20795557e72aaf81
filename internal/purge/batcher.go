package purge

import (
	"context"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"dateline/internal/cache"
	"dateline/internal/changes"
)

// Config is what a [Batcher] needs. Purger is required.
type Config struct {
	Purger Purger
	// Window is how long keys are collected after the first of a batch
	// arrives, so that a burst of changes (an editor's save, publish and
	// the comment approved a moment later) is one purge: 250 ms when
	// zero.
	Window time.Duration
	// MaxKeys bounds the keys waiting to be sent. Past it the next batch
	// purges everything instead: the queue's memory is bounded and no
	// change is ever left unpurged. 10,000 when zero.
	MaxKeys int
	// Attempts is how many times one request is sent before it is given
	// up and logged: 5 when zero.
	Attempts int
	// Backoff is the wait before the first retry, doubled before each
	// next one up to a minute: 500 ms when zero.
	Backoff time.Duration
	// Timeout bounds one request: 10 s when zero.
	Timeout time.Duration
	// After is the clock the windows and backoffs wait on, time.After
	// when nil; tests pass their own.
	After  func(time.Duration) <-chan time.Time
	Logger *slog.Logger
}

// Stats are a batcher's counters.
type Stats struct {
	// Batches are the windows whose keys were sent; Requests the purge
	// requests those took, retries included; Failed the requests given up.
	Batches, Requests, Failed atomic.Int64
}

// Batcher collects the keys of the changes this process makes and sends
// them to a [Purger] in batches, from the goroutine running [Batcher.Run].
// Safe for concurrent use.
type Batcher struct {
	cfg   Config
	stats Stats
	wake  chan struct{}

	mu   sync.Mutex
	keys map[string]struct{}
	all  bool
}

// NewBatcher makes a Batcher; nothing is sent until Run.
func NewBatcher(cfg Config) *Batcher {
	if cfg.Window <= 0 {
		cfg.Window = 250 * time.Millisecond
	}
	if cfg.MaxKeys <= 0 {
		cfg.MaxKeys = 10000
	}
	if cfg.Attempts <= 0 {
		cfg.Attempts = 5
	}
	if cfg.Backoff <= 0 {
		cfg.Backoff = 500 * time.Millisecond
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 10 * time.Second
	}
	if cfg.After == nil {
		cfg.After = time.After
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	return &Batcher{cfg: cfg, wake: make(chan struct{}, 1), keys: map[string]struct{}{}}
}

// Stats are the counters so far.
func (b *Batcher) Stats() *Stats { return &b.stats }

// Notify is the change feed's subscriber: it queues the purge keys of e's
// tags and returns at once. Events learnt from the change log (with an
// Origin) are skipped: the process that made the change purges it.
func (b *Batcher) Notify(_ context.Context, e changes.Event) {
	if e.Origin != "" || len(e.Tags) == 0 {
		return
	}
	b.mu.Lock()
	for _, t := range e.Tags {
		if b.all {
			break
		}
		if t == changes.All {
			b.everything()
			break
		}
		b.add(cache.SurrogateKey(t))
	}
	b.mu.Unlock()
	select {
	case b.wake <- struct{}{}:
	default: // a wake-up is already waiting
	}
}

// add queues key, or everything past MaxKeys. b.mu is held.
func (b *Batcher) add(key string) {
	if b.all {
		return
	}
	b.keys[key] = struct{}{}
	if len(b.keys) > b.cfg.MaxKeys {
		b.everything()
	}
}

// everything makes the queued batch a purge of everything. b.mu is held.
func (b *Batcher) everything() {
	b.all = true
	clear(b.keys)
}

// take empties the queue, returning its keys sorted, or [All].
func (b *Batcher) take() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.all {
		b.all = false
		return []string{All}
	}
	keys := make([]string, 0, len(b.keys))
	for k := range b.keys {
		keys = append(keys, k)
	}
	clear(b.keys)
	slices.Sort(keys)
	return keys
}

// Run sends the queued keys until ctx ends: a window after the first key
// of a batch, everything queued by then, in requests within the purger's
// limits. On the way out it sends what is still queued, once.
func (b *Batcher) Run(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			b.flush(ctx)
			return
		case <-b.wake:
		}
		select {
		case <-ctx.Done():
			b.flush(ctx)
			return
		case <-b.cfg.After(b.cfg.Window):
		}
		if keys := b.take(); len(keys) > 0 {
			b.send(ctx, keys)
		}
	}
}

// flush sends what is queued when the server stops, one attempt for each
// request: the pages it names would otherwise stay in the CDN until their
// s-maxage.
func (b *Batcher) flush(ctx context.Context) {
	keys := b.take()
	if len(keys) == 0 {
		return
	}
	b.stats.Batches.Add(1)
	for _, part := range b.parts(keys) {
		if err := b.attempt(ctx, part); err != nil {
			b.stats.Failed.Add(1)
			b.cfg.Logger.Error("CDN purge failed on the way out", "keys", len(part), "attempts", 1, "err", err)
		}
	}
}

// parts splits keys by the purger's limits.
func (b *Batcher) parts(keys []string) [][]string {
	if l, ok := b.cfg.Purger.(limited); ok {
		return split(keys, l.Limits())
	}
	return [][]string{keys}
}

// send purges keys, each part retried alone with backoff until it
// succeeds, fails for good, or the attempts run out; a part given up is
// logged once, with the number of attempts.
func (b *Batcher) send(ctx context.Context, keys []string) {
	b.stats.Batches.Add(1)
	parts := b.parts(keys)
	for i, part := range parts {
		wait := b.cfg.Backoff
		for n := 1; ; n++ {
			err := b.attempt(ctx, part)
			if err == nil {
				break
			}
			if n == b.cfg.Attempts || !Retryable(err) {
				b.stats.Failed.Add(1)
				b.cfg.Logger.Error("CDN purge failed", "keys", len(part), "attempts", n, "err", err)
				break
			}
			select {
			case <-ctx.Done():
				// Shutting down: what is left goes with the final flush.
				for _, p := range parts[i:] {
					b.requeue(p)
				}
				return
			case <-b.cfg.After(wait):
			}
			wait = min(2*wait, time.Minute)
		}
	}
}

// attempt sends one request, detached from ctx's end so that a purge
// under way when the server stops still completes, within the timeout.
func (b *Batcher) attempt(ctx context.Context, keys []string) error {
	b.stats.Requests.Add(1)
	reqCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.cfg.Timeout)
	defer cancel()
	return b.cfg.Purger.Purge(reqCtx, keys)
}

// requeue puts keys back in the queue, for the flush on the way out.
func (b *Batcher) requeue(keys []string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if everything(keys) {
		b.everything()
		return
	}
	for _, k := range keys {
		b.add(k)
	}
}
