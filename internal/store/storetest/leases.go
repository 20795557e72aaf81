package storetest

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"dateline/internal/store"
)

// runLeases specifies store.Leases on one handle of the database.
func runLeases(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"a free lease is taken, renewed by its holder and refused to others until it runs out", func(t *testing.T, st store.Store) { testLeaseTurns(t, st, st) }},
		{"a lease given up is free at once, and only its holder can give it up", func(t *testing.T, st store.Store) { testLeaseRelease(t, st, st) }},
		{"of many callers at once exactly one takes a free lease", func(t *testing.T, st store.Store) { testLeaseRace(t, st, st) }},
		{"leases of other names are apart", testLeaseNames},
		{"a lease asked for without a name, a holder or a ttl is refused", testLeaseRefusals},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

// RunNodes specifies what several nodes on one database rely on, with two
// handles of it opened as two servers would (two processes on one SQLite
// file, two nodes on one PostgreSQL): open returns them, for a fresh
// database each time. Every backend's tests call it beside Run.
func RunNodes(t *testing.T, open func(t *testing.T) (a, b store.Store)) {
	tests := []struct {
		name string
		fn   func(t *testing.T, a, b store.Store)
	}{
		{"a lease taken on one node is refused on the other until it runs out", testLeaseTurns},
		{"a lease given up on one node is free on the other", testLeaseRelease},
		{"of many callers on two nodes exactly one takes a free lease", testLeaseRace},
	}
	tests = append(tests, limitNodeTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a, b := open(t)
			tc.fn(t, a, b)
		})
	}
}

func tryLease(t *testing.T, st store.Leases, name, holder string, ttl time.Duration, now time.Time) bool {
	t.Helper()
	held, err := st.TryLease(context.Background(), name, holder, ttl, now)
	must(t, err)
	return held
}

// testLeaseTurns: node-a on a, node-b on b (the same handle or two).
func testLeaseTurns(t *testing.T, a, b store.Store) {
	const ttl = 10 * time.Minute
	steps := []struct {
		name   string
		st     store.Leases
		holder string
		at     time.Duration // after base
		want   bool
	}{
		{"node-a takes the free lease", a, "node-a", 0, true},
		{"node-b is refused while node-a has it", b, "node-b", time.Minute, false},
		{"node-a renews it before it runs out", a, "node-a", 9 * time.Minute, true},
		{"node-b is refused at the first ttl's end, since it was renewed", b, "node-b", ttl, false},
		{"node-b is refused a millisecond before the renewal runs out", b, "node-b", 19*time.Minute - time.Millisecond, false},
		{"node-b takes it once it has run out (node-a died)", b, "node-b", 19 * time.Minute, true},
		{"node-a, back, is refused", a, "node-a", 20 * time.Minute, false},
		{"node-b renews it", b, "node-b", 25 * time.Minute, true},
	}
	for _, s := range steps {
		if got := tryLease(t, s.st, "weather", s.holder, ttl, base.Add(s.at)); got != s.want {
			t.Fatalf("%s: held = %v, want %v", s.name, got, s.want)
		}
	}
}

func testLeaseRelease(t *testing.T, a, b store.Store) {
	ctx := context.Background()
	if !tryLease(t, a, "backup", "node-a", time.Hour, base) {
		t.Fatal("node-a could not take a free lease")
	}
	// Only the holder gives it up.
	must(t, b.ReleaseLease(ctx, "backup", "node-b"))
	if tryLease(t, b, "backup", "node-b", time.Hour, base.Add(time.Minute)) {
		t.Fatal("node-b gave up node-a's lease")
	}
	must(t, a.ReleaseLease(ctx, "backup", "node-a"))
	if !tryLease(t, b, "backup", "node-b", time.Hour, base.Add(2*time.Minute)) {
		t.Fatal("a lease given up was not free")
	}
	// Giving up a lease one does not have, or that was never taken, is
	// nothing.
	must(t, a.ReleaseLease(ctx, "backup", "node-a"))
	must(t, a.ReleaseLease(ctx, "never", "node-a"))
}

func testLeaseRace(t *testing.T, a, b store.Store) {
	const callers = 16
	for round := range 3 {
		// Each round starts after the last one's lease ran out, so the
		// lease is free to every caller, the last holder included.
		now := base.Add(time.Duration(round) * time.Hour)
		var (
			wg      sync.WaitGroup
			mu      sync.Mutex
			winners []string
		)
		for i := range callers {
			st := a
			if i%2 == 1 {
				st = b
			}
			holder := fmt.Sprintf("node-%d", i)
			wg.Go(func() {
				held, err := st.TryLease(context.Background(), "midnight", holder, time.Minute, now)
				if err != nil {
					t.Error(err)
					return
				}
				if held {
					mu.Lock()
					winners = append(winners, holder)
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if len(winners) != 1 {
			t.Fatalf("round %d: %d callers took the lease: %v", round, len(winners), winners)
		}
		if !tryLease(t, a, "midnight", winners[0], time.Minute, now.Add(time.Second)) {
			t.Errorf("round %d: the winner %s does not hold the lease", round, winners[0])
		}
	}
}

func testLeaseNames(t *testing.T, st store.Store) {
	if !tryLease(t, st, "weather", "node-a", time.Hour, base) || !tryLease(t, st, "backup", "node-b", time.Hour, base) {
		t.Fatal("two leases of other names could not be held by two nodes")
	}
	if tryLease(t, st, "weather", "node-b", time.Hour, base) || tryLease(t, st, "backup", "node-a", time.Hour, base) {
		t.Fatal("a lease held by one node was taken by another")
	}
}

func testLeaseRefusals(t *testing.T, st store.Store) {
	ctx := context.Background()
	long := string(make([]byte, store.MaxLeaseName+1))
	for _, c := range []struct {
		name, holder string
		ttl          time.Duration
	}{
		{"", "node-a", time.Minute},
		{"weather", "", time.Minute},
		{"weather", "node-a", 0},
		{"weather", "node-a", -time.Minute},
		{long, "node-a", time.Minute},
		{"weather", long, time.Minute},
	} {
		if held, err := st.TryLease(ctx, c.name, c.holder, c.ttl, base); err == nil || held {
			t.Errorf("TryLease(%.10q, %.10q, %v) = %v, %v; want an error", c.name, c.holder, c.ttl, held, err)
		}
	}
	if err := st.ReleaseLease(ctx, "", "node-a"); err == nil {
		t.Error("ReleaseLease without a name did not fail")
	}
	// Nothing refused was kept: the lease is free.
	if !tryLease(t, st, "weather", "node-b", time.Minute, base) {
		t.Error("a refused call took the lease")
	}
}
