package changes_test

import (
	"context"
	"sync"
	"testing"
	"time"

	"dateline/internal/changes"
)

// fakeClock hands out timers the test fires by moving time on.
type fakeClock struct {
	mu      sync.Mutex
	t       time.Time
	waiting chan time.Duration
	fire    chan time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.waiting <- d
	return c.fire
}

// sleep waits for the announcer to ask for a timer, moves time on by what
// it asked, and fires it; it returns how long the announcer slept.
func (c *fakeClock) sleep(t *testing.T) time.Duration {
	t.Helper()
	d := <-c.waiting
	c.mu.Lock()
	c.t = c.t.Add(d)
	now := c.t
	c.mu.Unlock()
	c.fire <- now
	return d
}

func TestTheDateChangesAtLocalMidnight(t *testing.T) {
	bangkok, _ := time.LoadLocation("Asia/Bangkok")
	// 23:55 in Bangkok.
	clk := &fakeClock{t: time.Date(2025, 7, 14, 16, 55, 0, 0, time.UTC), waiting: make(chan time.Duration), fire: make(chan time.Time)}
	feed, seen := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(seen.Record)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		changes.Midnights{Feed: feed, Zone: func(context.Context) *time.Location { return bangkok },
			Now: clk.Now, After: clk.After}.Run(ctx)
	}()
	if d := clk.sleep(t); d != 5*time.Minute {
		t.Errorf("at 23:55 it slept %v, want until midnight", d)
	}
	// It is midnight: the announcement is made before the next sleep.
	if d := clk.sleep(t); d != 10*time.Minute {
		t.Errorf("after midnight it slept %v, want the 10-minute check", d)
	}
	if got := seen.Take(); len(got) != 1 || got[0].Kind != changes.KindDate || got[0].Tags[0] != changes.Date {
		t.Errorf("at midnight the feed heard %+v", got)
	}
	clk.sleep(t)
	if got := seen.Take(); len(got) != 0 {
		t.Errorf("at 00:10 the feed heard %+v, want nothing", got)
	}
	cancel()
	select {
	case <-clk.waiting:
	case <-done:
	}
	<-done
}

func TestNextMidnightFollowsTheZoneAcrossSummerTime(t *testing.T) {
	ny, _ := time.LoadLocation("America/New_York")
	// The night the clocks go forward: 2025-03-09.
	got := changes.NextMidnight(time.Date(2025, 3, 9, 12, 0, 0, 0, ny), ny)
	if want := time.Date(2025, 3, 10, 0, 0, 0, 0, ny); !got.Equal(want) {
		t.Errorf("next midnight = %v, want %v", got, want)
	}
}
