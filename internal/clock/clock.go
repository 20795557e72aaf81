package clock

import "time"

// Clock tells the time and sets timers. [Real] is the wall clock; a [Fake]
// is moved by a test.
type Clock interface {
	Now() time.Time
	After(d time.Duration) <-chan time.Time
}

// Real is the wall clock: time.Now and time.After.
type Real struct{}

// Now returns time.Now().
func (Real) Now() time.Time { return time.Now() }

// After returns time.After(d).
func (Real) After(d time.Duration) <-chan time.Time { return time.After(d) }
