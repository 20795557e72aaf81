package backup

import (
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"dateline/internal/clock"
	"dateline/internal/metrics"
)

// A Schedule takes a backup into Dir every Every and keeps the newest
// Keep of them, deleting older ones. It names its files
// dateline-YYYYMMDDTHHMMSSZ.tar.gz and touches no other file in Dir.
// The next backup is due Every after the newest one in Dir, so a server
// that restarts more often than Every still takes them; a failed backup
// is tried again after retryAfter (or Every, if shorter).
type Schedule struct {
	Dir    string
	Every  time.Duration
	Keep   int
	Source Source
	// Program is the version of dateline, for the manifests.
	Program string
	Clock   clock.Clock
	Logger  *slog.Logger
	// Leases, when set, is the database that several processes serving
	// the site share (store.Leases): of those whose schedule is due, the
	// one that takes the lease named LeaseName, held for Every, takes the
	// backup; the others look again after a while (they should share Dir,
	// so that they see it). Node names this process there.
	Leases Leases
	Node   string

	// For /metrics: backups taken and failed since the start, and when the
	// newest in Dir was taken (Unix seconds; 0 while there is none).
	taken, failed atomic.Int64
	newest        atomic.Int64
}

// Collect writes the schedule's figures for /metrics: an alert on the
// newest backup's age is the one an operator needs.
func (s *Schedule) Collect(w *metrics.Writer) {
	w.Family("dateline_backups_total", "counter", "Scheduled backups since the start, by result.")
	w.Sample("dateline_backups_total", float64(s.taken.Load()), "result", "ok")
	w.Sample("dateline_backups_total", float64(s.failed.Load()), "result", "failed")
	w.Gauge("dateline_backup_newest_timestamp_seconds", "When the newest backup in the backup folder was taken, in Unix seconds; 0 while there is none.", float64(s.newest.Load()))
}

// Leases is the lease side of the store (store.Leases).
type Leases interface {
	TryLease(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (bool, error)
}

// LeaseName is the lease of the process taking a scheduled backup.
const LeaseName = "backup"

const (
	scheduledPrefix = "dateline-"
	scheduledSuffix = ".tar.gz"
	scheduledLayout = "20060102T150405Z"
	retryAfter      = 15 * time.Minute
)

// Run takes the backups until ctx ends.
func (s *Schedule) Run(ctx context.Context) {
	log := s.Logger
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	if err := os.MkdirAll(s.Dir, 0o750); err != nil {
		log.Error("backups: cannot make the backup folder; no backups will be taken", "dir", s.Dir, "err", err)
		return
	}
	var failedAt, lostAt time.Time
	for {
		due := s.Clock.Now()
		if kept, _ := s.backups(); len(kept) > 0 {
			due = kept[len(kept)-1].at.Add(s.Every)
			s.newest.Store(kept[len(kept)-1].at.Unix())
		}
		if !failedAt.IsZero() {
			due = later(due, failedAt.Add(min(s.Every, retryAfter)))
		}
		if !lostAt.IsZero() {
			// Another process takes this one: its file is there by then.
			due = later(due, lostAt.Add(min(s.Every, retryAfter)))
		}
		select {
		case <-ctx.Done():
			return
		case <-s.Clock.After(due.Sub(s.Clock.Now())):
		}
		now := s.Clock.Now().UTC()
		lostAt = time.Time{}
		if !s.mine(ctx, now, log) {
			lostAt = now
			continue
		}
		path := filepath.Join(s.Dir, scheduledPrefix+now.Format(scheduledLayout)+scheduledSuffix)
		m, err := Create(ctx, path, s.Source, Options{Program: s.Program, Now: s.Clock.Now})
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			failedAt = now
			s.failed.Add(1)
			log.Error("backup failed", "file", path, "err", err)
			continue
		}
		failedAt = time.Time{}
		s.taken.Add(1)
		s.newest.Store(now.Unix())
		files, _ := m.MediaFiles()
		log.Info("backup taken", "file", path, "schema", m.Schema, "media_files", files, "bytes", m.Size())
		s.prune(log)
	}
}

// mine reports whether this process takes the backup due now: without
// Leases always, and also when the database cannot say (two backups are
// better than none).
func (s *Schedule) mine(ctx context.Context, now time.Time, log *slog.Logger) bool {
	if s.Leases == nil {
		return true
	}
	held, err := s.Leases.TryLease(ctx, LeaseName, s.Node, s.Every, now)
	if err != nil && ctx.Err() == nil {
		log.Warn("backups: asking for the backup lease failed; taking the backup here", "err", err)
		return true
	}
	return held
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

type scheduled struct {
	path string
	at   time.Time
}

// backups lists the schedule's files in Dir, oldest first.
func (s *Schedule) backups() ([]scheduled, error) {
	entries, err := os.ReadDir(s.Dir)
	if err != nil {
		return nil, err
	}
	var list []scheduled
	for _, e := range entries {
		stamp, ok := strings.CutPrefix(e.Name(), scheduledPrefix)
		if stamp, ok2 := strings.CutSuffix(stamp, scheduledSuffix); ok && ok2 && e.Type().IsRegular() {
			if at, err := time.Parse(scheduledLayout, stamp); err == nil {
				list = append(list, scheduled{filepath.Join(s.Dir, e.Name()), at})
			}
		}
	}
	slices.SortFunc(list, func(a, b scheduled) int { return a.at.Compare(b.at) })
	return list, nil
}

// prune deletes all but the newest Keep backups.
func (s *Schedule) prune(log *slog.Logger) {
	list, err := s.backups()
	if err != nil {
		log.Error("backups: cannot list the backup folder", "dir", s.Dir, "err", err)
		return
	}
	for _, old := range list[:max(0, len(list)-max(1, s.Keep))] {
		if err := os.Remove(old.path); err != nil && !errors.Is(err, os.ErrNotExist) {
			log.Error("backups: cannot delete an old backup", "file", old.path, "err", err)
			continue
		}
		log.Info("old backup deleted", "file", old.path)
	}
}
