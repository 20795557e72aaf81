package backup

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/internal/clock"
	"dateline/internal/metrics"
	"dateline/internal/store/teststore"
)

// scheduledFiles lists the backup folder.
func scheduledFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	must(t, err)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// runSchedule runs sched until the returned function or the test's end
// stops it, and waits for it to return.
func runSchedule(t *testing.T, sched *Schedule) (stop func()) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { sched.Run(ctx); close(done) }()
	stop = func() { cancel(); <-done }
	t.Cleanup(stop)
	return stop
}

// TestScheduleKeepsTheNewestBackups runs a schedule on a fake clock: a
// backup at once when the folder has none, then one a day, the oldest
// deleted past the number to keep, and an operator's own file left alone.
func TestScheduleKeepsTheNewestBackups(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	must(t, os.WriteFile(filepath.Join(dir, "before-upgrade.tar.gz"), []byte("mine"), 0o644))
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	fake := clock.NewFake(t0)
	sched := &Schedule{Dir: dir, Every: 24 * time.Hour, Keep: 2, Source: s.src, Program: "test", Clock: fake}
	stop := runSchedule(t, sched)
	wait, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	next := func() time.Time {
		t.Helper()
		at, err := fake.NextTimer(wait)
		must(t, err)
		return at
	}
	if at := next(); !at.Equal(t0) {
		t.Fatalf("with no backup yet, the first is due at %v, want at once (%v)", at, t0)
	}
	for day := 1; day <= 3; day++ {
		// The schedule sleeps again only once the backup is written.
		if at := next(); !at.Equal(t0.Add(time.Duration(day) * 24 * time.Hour)) {
			t.Fatalf("backup %d: the next is due at %v, want a day after the last", day, at)
		}
		if day < 3 {
			fake.Advance(24 * time.Hour)
		}
	}
	if got := collected(sched); !strings.Contains(got, `dateline_backups_total{result="ok"} 3`+"\n") ||
		!strings.Contains(got, fmt.Sprintf("dateline_backup_newest_timestamp_seconds %d\n", t0.Add(48*time.Hour).Unix())) {
		t.Errorf("/metrics after three backups:\n%s", got)
	}
	want := []string{"before-upgrade.tar.gz", "dateline-20261203T030000Z.tar.gz", "dateline-20261204T030000Z.tar.gz"}
	if got := scheduledFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("after three days the backup folder holds %v, want %v", got, want)
	}
	newest := filepath.Join(dir, want[2])
	restored := filepath.Join(t.TempDir(), "data")
	if _, err := Restore(context.Background(), newest, restored, RestoreOptions{}); err != nil {
		t.Errorf("the newest scheduled backup: %v", err)
	}
	stop()

	// A server started again an hour after the last backup waits the rest
	// of the day: restarts do not skip or repeat backups.
	fake.Set(t0.Add(49 * time.Hour))
	runSchedule(t, sched)
	if at := next(); !at.Equal(t0.Add(72 * time.Hour)) {
		t.Errorf("after a restart the next backup is due at %v, want %v", at, t0.Add(72*time.Hour))
	}
}

// A backup that fails (the database is gone) is tried again after a
// while, not in a tight loop, and writes nothing.
func TestAFailedScheduledBackupIsTriedAgainLater(t *testing.T) {
	dir := t.TempDir()
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	fake := clock.NewFake(t0)
	sched := &Schedule{Dir: dir, Every: 24 * time.Hour, Keep: 7, Source: Source{Database: filepath.Join(t.TempDir(), "gone.db")}, Clock: fake}
	runSchedule(t, sched)
	wait, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, want := range []time.Time{t0, t0.Add(retryAfter)} {
		at, err := fake.NextTimer(wait)
		must(t, err)
		if !at.Equal(want) {
			t.Fatalf("a backup was due at %v, want %v", at, want)
		}
	}
	if got := scheduledFiles(t, dir); len(got) != 0 {
		t.Errorf("a failed backup left %v", got)
	}
	if got := collected(sched); !strings.Contains(got, `dateline_backups_total{result="failed"} 1`+"\n") ||
		!strings.Contains(got, "dateline_backup_newest_timestamp_seconds 0\n") {
		t.Errorf("/metrics after a failed backup:\n%s", got)
	}
}

func collected(s *Schedule) string {
	var r metrics.Registry
	r.Add(s)
	var b strings.Builder
	r.Write(&b)
	return b.String()
}

// Two processes serving one SQLite file, with the same backup folder,
// both due at once: one of them takes each day's backup. The second's
// clock is a second ahead, so that two backups would have two names.
func TestTwoProcessesTakeEachBackupOnce(t *testing.T) {
	s := newSite(t)
	dir := t.TempDir()
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	ahead := []time.Duration{0, time.Second}
	clocks := []*clock.Fake{clock.NewFake(t0), clock.NewFake(t0.Add(ahead[1]))}
	for i, c := range clocks {
		runSchedule(t, &Schedule{Dir: dir, Every: 24 * time.Hour, Keep: 10, Source: s.src, Program: "test", Clock: c,
			Leases: teststore.OpenURL(t, "sqlite:"+s.src.Database), Node: fmt.Sprintf("node-%d", i)})
	}
	wait, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	// sleeps is until when process i sleeps now, by the first's clock.
	sleeps := func(i int) time.Time {
		t.Helper()
		for {
			at, err := clocks[i].NextTimer(wait)
			must(t, err)
			if at.After(clocks[i].Now()) {
				return at.Add(-ahead[i])
			}
		}
	}
	next := []time.Time{sleeps(0), sleeps(1)}
	end := t0.Add(3*24*time.Hour + time.Hour)
	for {
		i := 0
		if next[1].Before(next[0]) {
			i = 1
		}
		if next[i].After(end) {
			break
		}
		for j, c := range clocks {
			c.Set(next[i].Add(ahead[j]))
		}
		next[i] = sleeps(i)
	}
	want := []string{"dateline-20261202T030000Z.tar.gz", "dateline-20261203T030000Z.tar.gz",
		"dateline-20261204T030000Z.tar.gz", "dateline-20261205T030000Z.tar.gz"}
	if got := scheduledFiles(t, dir); !slices.Equal(got, want) {
		t.Errorf("after three days the backup folder holds %v, want one a day: %v", got, want)
	}
}
