package changes_test

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/store/teststore"
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

// Two nodes on one database wake at the same midnight: one of them
// announces it, every night, whichever it is.
func TestOneOfTwoNodesAnnouncesEachMidnight(t *testing.T) {
	db := teststore.New(t)
	clk := clock.NewFake(time.Date(2025, 7, 14, 23, 55, 0, 0, time.UTC))
	seen := &changes.Recorder{}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	clocks := []*clock.Fake{clock.NewFake(clk.Now()), clock.NewFake(clk.Now())}
	for i, c := range clocks {
		feed := &changes.Feed{}
		feed.Subscribe(seen.Record)
		m := changes.Midnights{Feed: feed, Zone: func(context.Context) *time.Location { return time.UTC }, Clock: c,
			Leases: teststore.OpenURL(t, db), Node: fmt.Sprintf("node-%d", i)}
		wg.Go(func() { m.Run(ctx) })
	}
	t.Cleanup(func() { cancel(); wg.Wait() })
	for night := range 3 {
		// Both nodes sleep until midnight, then wake at it.
		for _, c := range clocks {
			sleeping(t, c)
		}
		midnight := time.Date(2025, 7, 15+night, 0, 0, 0, 0, time.UTC)
		for _, c := range clocks {
			c.Set(midnight)
		}
		for _, c := range clocks {
			sleeping(t, c)
		}
		if got := seen.Take(); len(got) != 1 || got[0].Kind != changes.KindDate {
			t.Fatalf("night %d: the two nodes announced %+v, want one midnight", night, got)
		}
		// On to 23:55 through the 10-minute checks, announcing nothing.
		for _, c := range clocks {
			c.Set(midnight.Add(23*time.Hour + 55*time.Minute))
		}
		if got := seen.Take(); len(got) != 0 {
			t.Fatalf("night %d: during the day the nodes announced %+v", night, got)
		}
	}
}
