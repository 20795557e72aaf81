package clock

import (
	"context"
	"slices"
	"sync"
	"time"
)

// Fake is a [Clock] that stands still until a test moves it with
// [Fake.Advance] or [Fake.Set]; moving it fires the timers that fall due.
// [Fake.NextTimer] lets the test wait until the code under test has set a
// timer, that is, until it has finished what it was doing and sleeps. A
// Fake is safe for concurrent use.
type Fake struct {
	mu     sync.Mutex
	now    time.Time
	timers []timer       // waiting, by deadline, then in the order they were set
	unseen []time.Time   // deadlines of the timers NextTimer has not reported
	set    chan struct{} // NextTimer's waiters', closed by the next After
}

type timer struct {
	at time.Time
	c  chan time.Time
}

// NewFake returns a Fake whose time is t.
func NewFake(t time.Time) *Fake {
	return &Fake{now: t}
}

// Now returns the Fake's time.
func (f *Fake) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

// Advance moves the time on by d and fires the timers that fall due.
func (f *Fake) Advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.moveTo(f.now.Add(d))
}

// Set moves the time to t and fires the timers that fall due. Moving it
// back fires nothing: every waiting timer is after the old time.
func (f *Fake) Set(t time.Time) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.moveTo(t)
}

// moveTo fires the due timers in the order of their deadlines, each with
// its deadline, the time a real timer would have fired. f.mu is held.
func (f *Fake) moveTo(t time.Time) {
	f.now = t
	due := 0
	for due < len(f.timers) && !f.timers[due].at.After(t) {
		// Each channel has room for its one value, so this never blocks
		// on a receiver that went away, as a real timer's would not.
		f.timers[due].c <- f.timers[due].at
		due++
	}
	f.timers = slices.Delete(f.timers, 0, due)
}

// After returns a channel that receives the Fake's time plus d once the
// Fake has been moved to it; at once when d is zero or less.
func (f *Fake) After(d time.Duration) <-chan time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	at := f.now.Add(d)
	c := make(chan time.Time, 1)
	if d <= 0 {
		c <- f.now
	} else {
		// After the timers due at the same time, so that those set first
		// fire first.
		i, _ := slices.BinarySearchFunc(f.timers, at, func(w timer, at time.Time) int {
			if w.at.After(at) {
				return 1
			}
			return -1
		})
		f.timers = slices.Insert(f.timers, i, timer{at, c})
	}
	f.unseen = append(f.unseen, at)
	if f.set != nil {
		close(f.set)
		f.set = nil // the next waiter makes a new one
	}
	return c
}

// NextTimer waits until After has set a timer that NextTimer has not
// reported yet, and returns its deadline; timers are reported one by one
// in the order they were set, including those of zero durations, which
// fired at once. It returns ctx's error if ctx ends first.
func (f *Fake) NextTimer(ctx context.Context) (time.Time, error) {
	for {
		f.mu.Lock()
		if len(f.unseen) > 0 {
			at := f.unseen[0]
			f.unseen = f.unseen[1:]
			f.mu.Unlock()
			return at, nil
		}
		if f.set == nil {
			f.set = make(chan struct{})
		}
		set := f.set
		f.mu.Unlock()
		select {
		case <-set:
		case <-ctx.Done():
			return time.Time{}, ctx.Err()
		}
	}
}
