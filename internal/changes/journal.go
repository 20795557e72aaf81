package changes

import (
	"context"
	"crypto/rand"
	"dateline/internal/metrics"
	"encoding/hex"
	"log/slog"
	"time"
)

// Record is a change as the change log keeps it.
type Record struct {
	Seq int64
	At  time.Time
	Event
}

// Log is where committed changes are kept for other processes: the
// store's change log (store.ChangeLog).
type Log interface {
	// AppendChanges records events announced by origin at the time given,
	// numbering them in order.
	AppendChanges(ctx context.Context, origin string, at time.Time, events []Event) error
	// ChangesSince lists the recorded changes numbered after seq, oldest
	// first, at most limit (100 when 0 or more), each with its Origin.
	ChangesSince(ctx context.Context, seq int64, limit int) ([]Record, error)
	// LastChange is the number of the newest recorded change, 0 when none.
	LastChange(ctx context.Context) (int64, error)
	// PruneChanges forgets the changes recorded before t.
	PruneChanges(ctx context.Context, before time.Time) error
}

// JournalConfig is what a [Journal] needs. Log and Feed are required.
type JournalConfig struct {
	Log  Log
	Feed *Feed
	// Every is how often the log is read for other processes' changes:
	// 500 ms when zero.
	Every time.Duration
	// Keep is how long recorded changes are kept: a day when zero.
	Keep   time.Duration
	Now    func() time.Time
	Logger *slog.Logger
}

// Journal carries the change feed between processes on one database: it
// writes this process's events to the change log, in batches so a write
// never waits for it, and announces on the local feed the events other
// processes recorded (a command run while the server serves; other
// nodes). Events learnt from the log carry their Origin and are not
// written again.
type Journal struct {
	cfg    JournalConfig
	origin string
	queue  chan Event
	missed chan struct{}
	seq    int64
	runs   metrics.Runs
}

// Runs counts the journal's writes to the change log and its reads of
// other processes' changes, by whether they worked.
func (j *Journal) Runs() *metrics.Runs { return &j.runs }

// journalQueue bounds the events waiting to be written; past it the
// journal records one "everything changed" event instead.
const journalQueue = 4096

// NewJournal makes a journal that follows the log from its newest change
// on, and subscribes it to the feed.
func NewJournal(ctx context.Context, cfg JournalConfig) (*Journal, error) {
	if cfg.Every <= 0 {
		cfg.Every = 500 * time.Millisecond
	}
	if cfg.Keep <= 0 {
		cfg.Keep = 24 * time.Hour
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	seq, err := cfg.Log.LastChange(ctx)
	if err != nil {
		return nil, err
	}
	b := make([]byte, 8)
	_, _ = rand.Read(b)
	j := &Journal{cfg: cfg, origin: hex.EncodeToString(b), queue: make(chan Event, journalQueue),
		missed: make(chan struct{}, 1), seq: seq}
	cfg.Feed.Subscribe(j.record)
	return j, nil
}

// Origin names this process in the log.
func (j *Journal) Origin() string { return j.origin }

// record queues a local event for the log.
func (j *Journal) record(_ context.Context, e Event) {
	if e.Origin != "" {
		return // learnt from the log: already in it
	}
	select {
	case j.queue <- e:
	default:
		select {
		case j.missed <- struct{}{}:
		default:
		}
	}
}

// Run writes and follows the log until ctx ends, then writes what is
// still queued. The server owns the goroutine and waits for Run.
func (j *Journal) Run(ctx context.Context) {
	tick := time.NewTicker(j.cfg.Every)
	defer tick.Stop()
	lastPrune := time.Time{}
	for {
		select {
		case <-ctx.Done():
			j.write(context.WithoutCancel(ctx))
			return
		case e := <-j.queue:
			j.write(ctx, e)
		case <-j.missed:
			j.write(ctx, New(KindSettings, "overflow", nil, All))
		case <-tick.C:
			j.Follow(ctx)
			if now := j.cfg.Now(); now.Sub(lastPrune) > time.Hour {
				lastPrune = now
				if err := j.cfg.Log.PruneChanges(ctx, now.Add(-j.cfg.Keep)); err != nil && ctx.Err() == nil {
					j.cfg.Logger.Warn("changes: pruning the change log", "err", err)
				}
			}
		}
	}
}

// Flush writes what is queued to the log now (Run does it as events come).
func (j *Journal) Flush(ctx context.Context) {
	for len(j.queue) > 0 {
		j.write(ctx)
	}
}

// write records first and whatever else is queued, in one batch.
func (j *Journal) write(ctx context.Context, first ...Event) {
	batch := first
	for len(batch) < 256 {
		select {
		case e := <-j.queue:
			batch = append(batch, e)
			continue
		default:
		}
		break
	}
	if len(batch) == 0 {
		return
	}
	err := j.cfg.Log.AppendChanges(ctx, j.origin, j.cfg.Now().UTC(), batch)
	if ctx.Err() == nil {
		j.runs.Done(err)
	}
	if err != nil {
		j.cfg.Logger.Warn("changes: recording changes for other processes", "events", len(batch), "err", err)
	}
}

// Follow announces on the feed every change other processes recorded
// since the last call. A read that fails is tried again at the next tick
// from the same place, so nothing recorded meanwhile is missed.
func (j *Journal) Follow(ctx context.Context) {
	for {
		list, err := j.cfg.Log.ChangesSince(ctx, j.seq, 100)
		if ctx.Err() == nil {
			j.runs.Done(err)
		}
		if err != nil {
			if ctx.Err() == nil {
				j.cfg.Logger.Warn("changes: reading the change log", "err", err)
			}
			return
		}
		for _, r := range list {
			j.seq = r.Seq
			if r.Origin != j.origin {
				j.cfg.Feed.Publish(ctx, r.Event)
			}
		}
		if len(list) < 100 {
			return
		}
	}
}
