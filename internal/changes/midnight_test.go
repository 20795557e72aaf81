package changes_test

import (
	"context"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
)

// sleeping waits for the announcer to set a timer and returns how long it
// sleeps.
func sleeping(t *testing.T, c *clock.Fake) time.Duration {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	at, err := c.NextTimer(ctx)
	if err != nil {
		t.Fatalf("the announcer never slept: %v", err)
	}
	return at.Sub(c.Now())
}

// sleep waits for the announcer to set a timer, moves time on by what it
// asked, which fires it, and returns how long the announcer slept.
func sleep(t *testing.T, c *clock.Fake) time.Duration {
	t.Helper()
	d := sleeping(t, c)
	c.Advance(d)
	return d
}

func TestTheDateChangesAtLocalMidnight(t *testing.T) {
	bangkok, _ := time.LoadLocation("Asia/Bangkok")
	// 23:55 in Bangkok.
	clk := clock.NewFake(time.Date(2025, 7, 14, 16, 55, 0, 0, time.UTC))
	feed, seen := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(seen.Record)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		changes.Midnights{Feed: feed, Zone: func(context.Context) *time.Location { return bangkok },
			Clock: clk}.Run(ctx)
	}()
	if d := sleep(t, clk); d != 5*time.Minute {
		t.Errorf("at 23:55 it slept %v, want until midnight", d)
	}
	// It is midnight: the announcement is made before the next sleep.
	if d := sleep(t, clk); d != 10*time.Minute {
		t.Errorf("after midnight it slept %v, want the 10-minute check", d)
	}
	if got := seen.Take(); len(got) != 1 || got[0].Kind != changes.KindDate || got[0].Tags[0] != changes.Date {
		t.Errorf("at midnight the feed heard %+v", got)
	}
	sleep(t, clk)
	sleeping(t, clk) // it has looked at 00:10 and sleeps again
	if got := seen.Take(); len(got) != 0 {
		t.Errorf("at 00:10 the feed heard %+v, want nothing", got)
	}
	cancel()
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
