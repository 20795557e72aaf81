package clock_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"dateline/internal/clock"
)

var t0 = time.Date(2025, 7, 14, 7, 5, 0, 0, time.UTC)

// fired is what a timer's channel holds: the time it received, or the zero
// time when it has not fired. A second value would be a timer firing twice.
func fired(t *testing.T, c <-chan time.Time) time.Time {
	t.Helper()
	select {
	case at := <-c:
		select {
		case again := <-c:
			t.Errorf("the timer fired twice, at %v and %v", at, again)
		default:
		}
		return at
	default:
		return time.Time{}
	}
}

func TestFakeMovesAndFiresTimers(t *testing.T) {
	advance := func(d time.Duration) func(*clock.Fake) { return func(f *clock.Fake) { f.Advance(d) } }
	set := func(at time.Time) func(*clock.Fake) { return func(f *clock.Fake) { f.Set(at) } }
	for _, tc := range []struct {
		name    string
		timers  []time.Duration // set at t0, in this order
		moves   []func(*clock.Fake)
		wantNow time.Time
		want    []time.Time // what each timer received; zero when it did not fire
	}{
		{
			name:    "a new fake stands still at its time",
			wantNow: t0,
		},
		{
			name:    "a timer does not fire a nanosecond before its time",
			timers:  []time.Duration{10 * time.Second},
			moves:   []func(*clock.Fake){advance(10*time.Second - 1)},
			wantNow: t0.Add(10*time.Second - 1),
			want:    []time.Time{{}},
		},
		{
			name:    "a timer fires when the clock reaches its time, with its time",
			timers:  []time.Duration{10 * time.Second},
			moves:   []func(*clock.Fake){advance(10 * time.Second)},
			wantNow: t0.Add(10 * time.Second),
			want:    []time.Time{t0.Add(10 * time.Second)},
		},
		{
			name:    "moving past several timers fires each due one with its own time and leaves the later one",
			timers:  []time.Duration{3 * time.Second, time.Second, 2 * time.Second, 5 * time.Second},
			moves:   []func(*clock.Fake){advance(4 * time.Second)},
			wantNow: t0.Add(4 * time.Second),
			want:    []time.Time{t0.Add(3 * time.Second), t0.Add(time.Second), t0.Add(2 * time.Second), {}},
		},
		{
			name:    "timers at the same time fire together",
			timers:  []time.Duration{time.Minute, time.Minute},
			moves:   []func(*clock.Fake){advance(time.Minute)},
			wantNow: t0.Add(time.Minute),
			want:    []time.Time{t0.Add(time.Minute), t0.Add(time.Minute)},
		},
		{
			name:    "a timer of zero or less fires at once with the time it was set",
			timers:  []time.Duration{0, -time.Second},
			wantNow: t0,
			want:    []time.Time{t0, t0},
		},
		{
			name:    "moving in small steps fires a timer once, at the step that reaches it",
			timers:  []time.Duration{time.Second},
			moves:   []func(*clock.Fake){advance(600 * time.Millisecond), advance(600 * time.Millisecond), advance(600 * time.Millisecond)},
			wantNow: t0.Add(1800 * time.Millisecond),
			want:    []time.Time{t0.Add(time.Second)},
		},
		{
			name:    "setting the time forward fires the timers it passes",
			timers:  []time.Duration{time.Hour, 3 * time.Hour},
			moves:   []func(*clock.Fake){set(t0.Add(2 * time.Hour))},
			wantNow: t0.Add(2 * time.Hour),
			want:    []time.Time{t0.Add(time.Hour), {}},
		},
		{
			name:    "setting the time back fires nothing",
			timers:  []time.Duration{time.Hour},
			moves:   []func(*clock.Fake){set(t0.Add(-time.Hour))},
			wantNow: t0.Add(-time.Hour),
			want:    []time.Time{{}},
		},
		{
			name:    "a timer still fires at its time after the clock was set back",
			timers:  []time.Duration{time.Hour},
			moves:   []func(*clock.Fake){set(t0.Add(-time.Hour)), advance(time.Hour), advance(time.Hour)},
			wantNow: t0.Add(time.Hour),
			want:    []time.Time{t0.Add(time.Hour)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := clock.NewFake(t0)
			var timers []<-chan time.Time
			for _, d := range tc.timers {
				timers = append(timers, f.After(d))
			}
			for _, move := range tc.moves {
				move(f)
			}
			if got := f.Now(); !got.Equal(tc.wantNow) {
				t.Errorf("now = %v, want %v", got, tc.wantNow)
			}
			for i, c := range timers {
				if got := fired(t, c); !got.Equal(tc.want[i]) {
					t.Errorf("timer %d (%v) received %v, want %v", i, tc.timers[i], got, tc.want[i])
				}
			}
		})
	}
}

func TestFakeTellsATestWhenATimerIsSet(t *testing.T) {
	for _, tc := range []struct {
		name   string
		before func(*clock.Fake) // sets the timers
		want   []time.Time       // what NextTimer reports, in order
	}{
		{
			name: "each timer is reported once, in the order set, zero durations too",
			before: func(f *clock.Fake) {
				f.After(2 * time.Second)
				f.After(0)
				f.After(time.Second)
			},
			want: []time.Time{t0.Add(2 * time.Second), t0, t0.Add(time.Second)},
		},
		{
			name: "a timer that fired is still reported",
			before: func(f *clock.Fake) {
				f.After(time.Second)
				f.Advance(time.Minute)
			},
			want: []time.Time{t0.Add(time.Second)},
		},
		{
			name: "a timer set after the clock moved is reported from the time then",
			before: func(f *clock.Fake) {
				f.Advance(time.Hour)
				f.After(time.Minute)
			},
			want: []time.Time{t0.Add(time.Hour + time.Minute)},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := clock.NewFake(t0)
			tc.before(f)
			for _, want := range tc.want {
				if got, err := f.NextTimer(context.Background()); err != nil || !got.Equal(want) {
					t.Fatalf("NextTimer = %v, %v; want %v", got, err, want)
				}
			}
			ended, cancel := context.WithCancel(context.Background())
			cancel()
			if got, err := f.NextTimer(ended); !errors.Is(err, context.Canceled) {
				t.Errorf("with every timer reported, NextTimer = %v, %v; want the context's error", got, err)
			}
		})
	}
}

// NextTimer waits for a timer that another goroutine sets later, and a
// context that ended while it waited takes nothing away from the next
// call.
func TestNextTimerWaitsForTheTimerToBeSet(t *testing.T) {
	f := clock.NewFake(t0)
	ctx, cancel := context.WithCancel(context.Background())
	gaveUp := make(chan error)
	go func() {
		_, err := f.NextTimer(ctx)
		gaveUp <- err
	}()
	cancel()
	if err := <-gaveUp; !errors.Is(err, context.Canceled) {
		t.Fatalf("NextTimer after its context ended returned %v", err)
	}

	woke := make(chan time.Time)
	go func() { woke <- <-f.After(time.Minute) }()
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	at, err := f.NextTimer(ctx)
	if err != nil || !at.Equal(t0.Add(time.Minute)) {
		t.Fatalf("NextTimer = %v, %v; want the minute's timer", at, err)
	}
	f.Advance(time.Minute)
	select {
	case got := <-woke:
		if !got.Equal(at) {
			t.Errorf("the sleeper woke at %v, want %v", got, at)
		}
	case <-ctx.Done():
		t.Fatal("the sleeper never woke")
	}
}

// Many goroutines sleeping on one Fake while the test moves it: run with
// -race.
func TestFakeIsSafeForConcurrentUse(t *testing.T) {
	const sleepers = 50
	f := clock.NewFake(t0)
	var wg sync.WaitGroup
	for i := range sleepers {
		wg.Go(func() {
			want := f.Now().Add(time.Duration(i+1) * time.Second) // the clock stands still until all sleep
			if got := <-f.After(time.Duration(i+1) * time.Second); !got.Equal(want) {
				t.Errorf("sleeper %d woke at %v, want %v", i, got, want)
			}
		})
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	for range sleepers {
		if _, err := f.NextTimer(ctx); err != nil {
			t.Fatalf("not every sleeper set its timer: %v", err)
		}
	}
	for range sleepers {
		f.Advance(time.Second)
	}
	woke := make(chan struct{})
	go func() { wg.Wait(); close(woke) }()
	select {
	case <-woke:
	case <-ctx.Done():
		t.Fatal("not every sleeper woke")
	}
}

func TestRealIsTheWallClock(t *testing.T) {
	var c clock.Clock = clock.Real{}
	before := time.Now()
	now := c.Now()
	if now.Before(before) || now.After(time.Now()) {
		t.Errorf("Real.Now = %v, not between the calls of time.Now around it", now)
	}
	select {
	case at := <-c.After(0):
		if at.Before(before) {
			t.Errorf("Real.After(0) received %v, before it was called at %v", at, before)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Real.After(0) never fired")
	}
}
