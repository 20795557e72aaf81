package render

import (
	"context"
	"fmt"
	"runtime"
	"time"

	"dateline/internal/clock"
	"dateline/internal/content"
)

// Error is a render refused for its input or for want of time. Its Message
// is written for the writer, and a surface shows it as it shows a
// validation message.
type Error struct{ Message string }

func (e *Error) Error() string { return "render: " + e.Message }

// The refusals a render may answer.
var (
	ErrTooLong    = &Error{content.MarkdownTooLong}
	ErrOutputLong = &Error{"The story would be too long once laid out (at most 4 MB); shorten it or repeat fewer links."}
	ErrTooComplex = &Error{"The story took too long to lay out; simplify its formatting and try again."}
	ErrBusy       = &Error{"The newsroom is busy laying out other stories; try again in a moment."}
	ErrBroken     = &Error{"The story could not be laid out; simplify its formatting and try again."}
)

// Budget is how long a render may take, waiting for a worker included.
// The bounds in markdown.go keep the worst Markdown at the size limit
// within a small part of it; it is there so that nothing ever leaves a
// request hanging or holds up a shutdown for longer.
const Budget = 2 * time.Second * raceSlowdown

// limiter runs renders in at most cap(slots) workers, each within the
// budget. A render that outlasts its budget is answered ErrTooComplex but
// keeps its worker until it ends, so runaway renders cannot pile up beyond
// the cap and starve the rest of the process.
type limiter struct {
	slots  chan struct{}
	budget time.Duration
	clock  clock.Clock
}

func newLimiter(workers int, budget time.Duration, c clock.Clock) *limiter {
	return &limiter{slots: make(chan struct{}, workers), budget: budget, clock: c}
}

// renders is the process's limiter: as many workers as there are cores to
// run them, and at least two, so one slow render does not queue the rest.
var renders = newLimiter(max(2, runtime.GOMAXPROCS(0)), Budget, clock.Real{})

// run calls fn in a worker, or answers ErrBusy when none frees up within
// the budget, ErrTooComplex when fn outlasts it, and ctx's error when the
// caller stops waiting.
func (l *limiter) run(ctx context.Context, fn func() (string, error)) (string, error) {
	timeout := l.clock.After(l.budget)
	select {
	case l.slots <- struct{}{}:
	case <-timeout:
		return "", ErrBusy
	case <-ctx.Done():
		return "", fmt.Errorf("render: %w", ctx.Err())
	}
	type result struct {
		html string
		err  error
	}
	done := make(chan result, 1)
	go func() {
		defer func() { <-l.slots }()
		defer func() {
			// The worker is not under the HTTP server's recovery; a panic
			// here would end the process.
			if p := recover(); p != nil {
				done <- result{err: fmt.Errorf("%w (%v)", ErrBroken, p)}
			}
		}()
		html, err := fn()
		done <- result{html, err}
	}()
	select {
	case r := <-done:
		return r.html, r.err
	case <-timeout:
		return "", ErrTooComplex
	case <-ctx.Done():
		return "", fmt.Errorf("render: %w", ctx.Err())
	}
}
