package render

import (
	"context"
	"errors"
	"testing"
	"time"

	"dateline/internal/clock"
)

// started is a render that waits for release, and reports on began when it
// has begun.
func started(began chan<- struct{}, release <-chan struct{}) func() (string, error) {
	return func() (string, error) {
		began <- struct{}{}
		<-release
		return "<p>late</p>", nil
	}
}

// answer runs fn in the limiter and hands back what it answers.
func answer(ctx context.Context, l *limiter, fn func() (string, error)) <-chan error {
	done := make(chan error, 1)
	go func() {
		_, err := l.run(ctx, fn)
		done <- err
	}()
	return done
}

func TestARenderPastItsBudgetAnswersTooComplex(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 7, 14, 9, 0, 0, 0, time.UTC))
	l := newLimiter(1, 2*time.Second, fake)
	began, release := make(chan struct{}, 1), make(chan struct{})
	defer close(release)
	done := answer(t.Context(), l, started(began, release))
	<-began
	if _, err := fake.NextTimer(t.Context()); err != nil {
		t.Fatal(err)
	}
	fake.Advance(2 * time.Second)
	if err := <-done; !errors.Is(err, ErrTooComplex) {
		t.Fatalf("err = %v, want ErrTooComplex", err)
	}
}

func TestARunawayRenderKeepsItsWorkerUntilItEnds(t *testing.T) {
	fake := clock.NewFake(time.Date(2025, 7, 14, 9, 0, 0, 0, time.UTC))
	l := newLimiter(1, 2*time.Second, fake)
	began, release := make(chan struct{}, 1), make(chan struct{})
	first := answer(t.Context(), l, started(began, release))
	<-began
	if _, err := fake.NextTimer(t.Context()); err != nil {
		t.Fatal(err)
	}
	fake.Advance(2 * time.Second)
	if err := <-first; !errors.Is(err, ErrTooComplex) {
		t.Fatalf("first: %v, want ErrTooComplex", err)
	}

	// The first render still runs: the second waits its budget for the
	// worker and is told the newsroom is busy.
	second := answer(t.Context(), l, func() (string, error) { return "<p>b</p>", nil })
	if _, err := fake.NextTimer(t.Context()); err != nil {
		t.Fatal(err)
	}
	fake.Advance(2 * time.Second)
	if err := <-second; !errors.Is(err, ErrBusy) {
		t.Fatalf("second: %v, want ErrBusy", err)
	}

	close(release)
	html, err := l.run(t.Context(), func() (string, error) { return "<p>c</p>", nil })
	if err != nil || html != "<p>c</p>" {
		t.Fatalf("after the runaway ended: %q, %v", html, err)
	}
}

func TestACallerThatStopsWaitingIsLetGo(t *testing.T) {
	l := newLimiter(1, time.Hour, clock.NewFake(time.Date(2025, 7, 14, 9, 0, 0, 0, time.UTC)))
	began, release := make(chan struct{}, 1), make(chan struct{})
	defer close(release)
	ctx, cancel := context.WithCancel(t.Context())
	done := answer(ctx, l, started(began, release))
	<-began
	cancel() // the editor closed the tab, or the server is shutting down
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

func TestAPanickingRenderIsAnErrorAndFreesItsWorker(t *testing.T) {
	l := newLimiter(1, time.Hour, clock.NewFake(time.Date(2025, 7, 14, 9, 0, 0, 0, time.UTC)))
	_, err := l.run(t.Context(), func() (string, error) { panic("index out of range") })
	if !errors.Is(err, ErrBroken) {
		t.Fatalf("err = %v, want ErrBroken", err)
	}
	if _, err := l.run(t.Context(), func() (string, error) { return "", nil }); err != nil {
		t.Fatalf("the worker was not freed: %v", err)
	}
}
