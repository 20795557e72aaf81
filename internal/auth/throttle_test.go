package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"dateline/internal/clock"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// newTestThrottle is a throttle on a fresh store under test, on a fake
// clock.
func newTestThrottle(t *testing.T) (*Throttle, *clock.Fake) {
	t.Helper()
	c := newClock()
	th := NewThrottle(openStore(t))
	th.Now = c.Now
	return th, c
}

// ask asks th about tr and fails the test on an error.
func ask(t *testing.T, th *Throttle, tr Try) Verdict {
	t.Helper()
	v, err := th.Attempt(context.Background(), tr)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// try makes one sign-in attempt from a client unknown for the account with
// the given outcome, and returns the wait the throttle asked for (zero when
// the attempt was allowed, held or not).
func try(t *testing.T, th *Throttle, email, addr string, ok bool) time.Duration {
	t.Helper()
	return attempt(t, th, Try{Email: email, Addr: addr}, ok).Wait
}

// attempt makes one attempt and reports its outcome unless it was refused.
func attempt(t *testing.T, th *Throttle, tr Try, ok bool) Verdict {
	t.Helper()
	v := ask(t, th, tr)
	if v.Wait == 0 {
		if err := v.Done(ok); err != nil {
			t.Fatal(err)
		}
	}
	return v
}

// records counts the sign-in counts and remembered sign-ins th's store
// keeps.
func records(t *testing.T, th *Throttle) (counts, signIns int) {
	t.Helper()
	counts, signIns, _, err := th.Store.LimitRecords(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return counts, signIns
}

func TestFiveFailuresBlockWithADoublingDelay(t *testing.T) {
	th, c := newTestThrottle(t)
	for i := 1; i <= 5; i++ {
		if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != 0 {
			t.Fatalf("failure %d was refused with %v", i, wait)
		}
	}
	for _, want := range []time.Duration{1, 2, 4, 8, 16, 32, 60, 60} {
		want *= time.Minute
		if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != want {
			t.Fatalf("blocked for %v, want %v", wait, want)
		}
		c.Advance(want - time.Second)
		if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != time.Second {
			t.Fatalf("a second before the end: wait %v, want 1s", wait)
		}
		c.Advance(time.Second)
		if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != 0 {
			t.Fatalf("after the %v block: refused with %v", want, wait)
		}
	}
}

func TestThrottleKeys(t *testing.T) {
	const (
		free    = "free"
		held    = "held"
		refused = "refused"
	)
	cases := []struct {
		name string
		// five failures with these emails and addresses...
		emails, addrs []string
		// ...then this attempt
		email, addr string
		known       bool
		want        string
	}{
		{"the account holds an unknown client from any address, and does not refuse it",
			[]string{"ana@example.com"}, []string{"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"},
			"ana@example.com", "6.6.6.6", false, held},
		{"the account lets a known client through at once",
			[]string{"ana@example.com"}, []string{"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"},
			"ana@example.com", "6.6.6.6", true, free},
		{"the email is one account whatever its case and spaces",
			[]string{"Ana@Example.com", " ana@example.com", "ANA@EXAMPLE.COM "}, []string{"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"},
			"ana@example.com", "6.6.6.6", false, held},
		{"the address is refused for every account",
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"}, []string{"203.0.113.9"},
			"kit@example.com", "203.0.113.9", false, refused},
		{"the address is refused even for a known client",
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"}, []string{"203.0.113.9"},
			"kit@example.com", "203.0.113.9", true, refused},
		{"an IPv6 /64 counts as one address",
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"},
			[]string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3", "2001:db8:1:2::4", "2001:db8:1:2::5"},
			"kit@example.com", "2001:db8:1:2::99", false, refused},
		{"another /64 is another address",
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"},
			[]string{"2001:db8:1:2::1"},
			"kit@example.com", "2001:db8:1:3::1", false, free},
		{"other accounts from other addresses are untouched",
			[]string{"ana@example.com"}, []string{"203.0.113.9"},
			"kit@example.com", "198.51.100.7", false, free},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			th, _ := newTestThrottle(t)
			for i := range 5 {
				try(t, th, tc.emails[i%len(tc.emails)], tc.addrs[i%len(tc.addrs)], false)
			}
			v := attempt(t, th, Try{Email: tc.email, Addr: tc.addr, Known: tc.known}, true)
			got := free
			switch {
			case v.Wait > 0:
				got = refused
			case v.Hold > 0:
				got = held
			}
			if got != tc.want {
				t.Errorf("verdict %+v is %s, want %s", v, got, tc.want)
			}
		})
	}
}

func TestAnAccountsHoldsGrowAndComeOneAtATime(t *testing.T) {
	th, _ := newTestThrottle(t)
	for i := range 5 {
		try(t, th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
	}
	for i, want := range []time.Duration{1, 2, 4, 8, 16, 20, 20} {
		want *= time.Second
		v := ask(t, th, Try{Email: "ana@example.com", Addr: fmt.Sprintf("192.0.2.%d", i)})
		if v.Wait != 0 || v.Hold != want {
			t.Fatalf("guess %d past the limit: %+v, want a hold of %v", i+1, v, want)
		}
		if w := ask(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.200"}).Wait; w != want+time.Second {
			t.Errorf("beside a held guess: wait %v, want the hold and a second", w)
		}
		v.Done(false)
	}
	v := ask(t, th, Try{Email: "ana@example.com", Addr: "192.0.2.98"})
	if k := attempt(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.201", Known: true}, false); k.Wait != 0 || k.Hold != 0 {
		t.Errorf("a known client beside a held guess: %+v, want through at once", k)
	}
	v.Done(false)
	if v := attempt(t, th, Try{Email: "ana@example.com", Addr: "192.0.2.99"}, true); v.Wait != 0 || v.Hold != 20*time.Second {
		t.Errorf("the owner from a new device: %+v, want held 20s, not refused", v)
	}
	if v := attempt(t, th, Try{Email: "ana@example.com", Addr: "192.0.2.100"}, false); v.Wait != 0 || v.Hold != 0 {
		t.Errorf("after the owner's sign-in: %+v, want the account cleared", v)
	}
}

func TestAnAddressThatSignedInIsKnownForThatAccount(t *testing.T) {
	th, c := newTestThrottle(t)
	attempt(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.50"}, true)
	for i := range 5 {
		try(t, th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
		try(t, th, "kit@example.com", fmt.Sprintf("198.51.101.%d", i), false)
	}
	if v := attempt(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.50"}, false); v.Wait != 0 || v.Hold != 0 {
		t.Errorf("Ana's own address: %+v, want through at once", v)
	}
	if v := attempt(t, th, Try{Email: "kit@example.com", Addr: "203.0.113.50"}, false); v.Hold == 0 {
		t.Errorf("another account from Ana's address: %+v, want held", v)
	}
	c.Advance(30 * 24 * time.Hour)
	for i := range 5 {
		try(t, th, "ana@example.com", fmt.Sprintf("198.51.102.%d", i), false)
	}
	if v := attempt(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.50"}, false); v.Hold == 0 {
		t.Errorf("30 days after the sign-in: %+v, want held", v)
	}
}

func TestHeldAttemptsAreBounded(t *testing.T) {
	th, _ := newTestThrottle(t)
	th.MaxHolds = 2
	var held []Verdict
	for a := range 3 {
		email := fmt.Sprintf("u%d@example.com", a)
		for i := range 5 {
			try(t, th, email, fmt.Sprintf("198.51.%d.%d", a, i), false)
		}
		v := ask(t, th, Try{Email: email, Addr: "192.0.2.1"})
		if a < 2 && v.Hold != time.Second {
			t.Fatalf("account %d: %+v, want held", a, v)
		}
		if a == 2 && v.Wait != 20*time.Second {
			t.Fatalf("a third hold at once: %+v, want refused for the longest hold", v)
		}
		held = append(held, v)
	}
	held[0].Done(false)
	if v := ask(t, th, Try{Email: "u2@example.com", Addr: "192.0.2.1"}); v.Hold != time.Second {
		t.Errorf("once a hold ended: %+v, want held", v)
	}
}

func TestAnAttemptAbandonedDuringItsHoldCountsForNothing(t *testing.T) {
	th, c := newTestThrottle(t)
	th.After = c.After
	for i := range 5 {
		try(t, th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errs := make(chan error, 1)
	go func() {
		_, _, err := th.Admit(ctx, Try{Email: "ana@example.com", Addr: "192.0.2.1"})
		errs <- err
	}()
	if at, err := c.NextTimer(context.Background()); err != nil || at.Sub(c.Now()) != time.Second {
		t.Fatalf("hold timer at %v (%v), want a second from now", at, err)
	}
	cancel()
	if err := <-errs; !errors.Is(err, context.Canceled) {
		t.Fatalf("Admit = %v, want context.Canceled", err)
	}
	if v := ask(t, th, Try{Email: "ana@example.com", Addr: "192.0.2.2"}); v.Wait != 0 || v.Hold != time.Second {
		t.Errorf("after the abandoned attempt: %+v, want the same 1s hold", v)
	}
}

func TestAdmitWaitsOutTheHold(t *testing.T) {
	th, c := newTestThrottle(t)
	th.After = c.After
	for i := range 5 {
		try(t, th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
	}
	type result struct {
		done func(bool) error
		wait time.Duration
		err  error
	}
	res := make(chan result, 1)
	go func() {
		done, wait, err := th.Admit(context.Background(), Try{Email: "ana@example.com", Addr: "192.0.2.1"})
		res <- result{done, wait, err}
	}()
	at, err := c.NextTimer(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-res:
		t.Fatal("Admit returned before its hold ended")
	default:
	}
	c.Set(at)
	r := <-res
	if r.wait != 0 || r.err != nil {
		t.Fatalf("Admit = %v, %v after the hold", r.wait, r.err)
	}
	r.done(true)
	if v := ask(t, th, Try{Email: "ana@example.com", Addr: "192.0.2.3"}); v.Hold != 0 {
		t.Errorf("after a success: %+v", v)
	}
}

func TestKnownAddressesAreBounded(t *testing.T) {
	th, c := newTestThrottle(t)
	th.MaxKnown = 10
	for i := range 30 {
		attempt(t, th, Try{Email: "ana@example.com", Addr: fmt.Sprintf("10.0.0.%d", i)}, true)
		c.Advance(time.Second)
	}
	if _, n := records(t, th); n != 10 {
		t.Errorf("%d remembered sign-ins; want 10", n)
	}
}

func TestSuccessClearsTheAccountButNotTheAddress(t *testing.T) {
	th, _ := newTestThrottle(t)
	for range 4 {
		try(t, th, "ana@example.com", "203.0.113.9", false)
	}
	if wait := try(t, th, "ana@example.com", "203.0.113.9", true); wait != 0 {
		t.Fatalf("the right password was refused with %v", wait)
	}
	for i := range 4 {
		if wait := try(t, th, "ana@example.com", "198.51.100.7", false); wait != 0 {
			t.Fatalf("after a success, failure %d on the account was refused", i+1)
		}
	}
	try(t, th, "kit@example.com", "203.0.113.9", false) // the address's fifth
	if wait := try(t, th, "kit@example.com", "203.0.113.9", false); wait == 0 {
		t.Error("a success on one account cleared the address's failures")
	}
}

func TestFailuresOutsideTheWindowDoNotCount(t *testing.T) {
	th, c := newTestThrottle(t)
	for range 4 {
		try(t, th, "ana@example.com", "203.0.113.9", false)
	}
	c.Advance(15 * time.Minute)
	for i := range 4 {
		if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != 0 {
			t.Fatalf("failure %d of a new window was refused with %v", i+1, wait)
		}
	}
}

func TestBlocksKeepGrowingUntilADayOfQuiet(t *testing.T) {
	th, c := newTestThrottle(t)
	for range 5 {
		try(t, th, "ana@example.com", "203.0.113.9", false)
	}
	c.Advance(time.Minute)
	try(t, th, "ana@example.com", "203.0.113.9", false) // second block: 2 min
	c.Advance(20 * time.Minute)                         // a new window, same block length
	for range 5 {
		try(t, th, "ana@example.com", "203.0.113.9", false)
	}
	if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != 4*time.Minute {
		t.Errorf("third block = %v, want 4m", wait)
	}
	c.Advance(24*time.Hour + 4*time.Minute)
	for range 5 {
		try(t, th, "ana@example.com", "203.0.113.9", false)
	}
	if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != time.Minute {
		t.Errorf("after a quiet day the block = %v, want 1m again", wait)
	}
}

func TestParallelGuessesCannotPassTheLimit(t *testing.T) {
	th, c := newTestThrottle(t)
	var dones []func(bool) error
	for range 20 {
		if v := ask(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.9"}); v.Wait == 0 {
			dones = append(dones, v.Done)
		}
	}
	if len(dones) != 5 {
		t.Fatalf("%d attempts in flight at once, want 5", len(dones))
	}
	for _, done := range dones {
		done(false)
		done(false) // a second call must not count
	}
	if wait := try(t, th, "ana@example.com", "203.0.113.9", false); wait != time.Minute {
		t.Fatalf("after five failures: wait %v, want 1m", wait)
	}
	c.Advance(time.Minute)
	v := ask(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.9"})
	if v.Wait != 0 {
		t.Fatalf("after the block: refused with %v", v.Wait)
	}
	if w := ask(t, th, Try{Email: "ana@example.com", Addr: "203.0.113.9"}).Wait; w == 0 {
		t.Error("at the limit, a second attempt ran beside the first")
	}
	v.Done(true)
	if wait := try(t, th, "ana@example.com", "198.51.100.7", true); wait != 0 {
		t.Errorf("after the right password from another address: refused with %v", wait)
	}
}

func TestThrottleStoreIsBounded(t *testing.T) {
	th, c := newTestThrottle(t)
	th.MaxKeys = 100
	for range 5 {
		try(t, th, "ana@example.com", "203.0.113.9", false)
	}
	for i := range 400 {
		try(t, th, fmt.Sprintf("guess%d@example.com", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), false)
		c.Advance(time.Millisecond)
		if n, _ := records(t, th); n > 100+pruneEvery+1 {
			t.Fatalf("after %d guesses from new addresses, %d counts kept; want at most %d", i+1, n, 100+pruneEvery+1)
		}
	}
	if v := attempt(t, th, Try{Email: "ana@example.com", Addr: "198.51.100.7"}, false); v.Hold == 0 {
		t.Error("a flood of new keys freed a throttled account")
	}
}

func TestThrottleForgetsQuietKeys(t *testing.T) {
	th, c := newTestThrottle(t)
	for i := range 50 {
		try(t, th, fmt.Sprintf("a%d@example.com", i), "203.0.113.9", false)
	}
	c.Advance(25 * time.Hour)
	try(t, th, "kit@example.com", "198.51.100.7", true)
	if err := th.Prune(context.Background()); err != nil {
		t.Fatal(err)
	}
	if n, _ := records(t, th); n != 2 {
		t.Errorf("%d counts after a quiet day, want only the new address's and account's", n)
	}
}

func TestThrottleIsSafeForConcurrentUse(t *testing.T) {
	th, c := newTestThrottle(t)
	th.MaxKeys = 50
	var wg sync.WaitGroup
	for g := range 4 {
		wg.Go(func() {
			for i := range 40 {
				v, err := th.Attempt(context.Background(), Try{Email: fmt.Sprintf("u%d@example.com", i%70), Addr: fmt.Sprintf("10.0.%d.%d", g, i%7), Known: i%5 == 0})
				if err != nil {
					t.Error(err)
					return
				}
				if v.Wait == 0 {
					if err := v.Done(i%3 == 0); err != nil {
						t.Error(err)
					}
				}
				if i%10 == 0 {
					c.Advance(time.Minute)
				}
			}
		})
	}
	wg.Wait()
	if n, _ := records(t, th); n > 50+pruneEvery+1 {
		t.Errorf("%d counts kept", n)
	}
	if th.holding != 0 {
		t.Errorf("%d attempts still counted as held", th.holding)
	}
}

func TestRetryAfter(t *testing.T) {
	for wait, want := range map[time.Duration]string{
		time.Minute:             "60",
		1500 * time.Millisecond: "2",
		time.Millisecond:        "1",
		0:                       "1",
	} {
		if got := RetryAfter(wait); got != want {
			t.Errorf("RetryAfter(%v) = %q, want %q", wait, got, want)
		}
	}
}

// Two nodes on one database, each with its own throttle and store: what
// one counted, the other holds to.
func TestTheThrottleHoldsAcrossNodes(t *testing.T) {
	url := teststore.New(t)
	c := newClock()
	node := func() *Throttle {
		th := NewThrottle(teststore.OpenURL(t, url))
		th.Now = c.Now
		return th
	}
	a, b := node(), node()

	for range 5 {
		try(t, a, "ana@example.com", "203.0.113.9", false)
	}
	if w := try(t, b, "kit@example.com", "203.0.113.9", false); w != time.Minute {
		t.Errorf("an address that failed five times through A: wait %v on B, want 1m", w)
	}

	for i := range 5 {
		try(t, a, "lee@example.com", fmt.Sprintf("198.51.100.%d", i), false)
	}
	held := ask(t, b, Try{Email: "lee@example.com", Addr: "192.0.2.1"})
	if held.Wait != 0 || held.Hold != time.Second {
		t.Fatalf("an account that failed five times through A: %+v on B, want held 1s", held)
	}
	if w := ask(t, a, Try{Email: "lee@example.com", Addr: "192.0.2.2"}).Wait; w != 2*time.Second {
		t.Errorf("beside a guess held on B: wait %v on A, want the hold and a second", w)
	}
	if err := held.Done(false); err != nil {
		t.Fatal(err)
	}
	if v := ask(t, a, Try{Email: "lee@example.com", Addr: "192.0.2.2"}); v.Wait != 0 || v.Hold != 2*time.Second {
		t.Errorf("once B's held guess failed: %+v on A, want the next hold, 2s", v)
	}

	attempt(t, b, Try{Email: "mai@example.com", Addr: "192.0.2.50"}, true)
	for i := range 5 {
		try(t, a, "mai@example.com", fmt.Sprintf("198.51.101.%d", i), false)
	}
	if v := ask(t, a, Try{Email: "mai@example.com", Addr: "192.0.2.50"}); v.Wait != 0 || v.Hold != 0 {
		t.Errorf("the address Mai signed in from through B: %+v on A, want through at once", v)
	}

	// Twenty guesses at once from one new address, half to each node:
	// five are let through, as on one node.
	verdicts := make(chan Verdict, 20)
	var wg sync.WaitGroup
	for i := range 20 {
		th := a
		if i%2 == 1 {
			th = b
		}
		wg.Go(func() {
			v, err := th.Attempt(context.Background(), Try{Email: fmt.Sprintf("g%d@example.com", i), Addr: "203.0.113.77"})
			if err != nil {
				t.Error(err)
			}
			verdicts <- v
		})
	}
	wg.Wait()
	close(verdicts)
	through := 0
	for v := range verdicts {
		if v.Wait == 0 {
			through++
			v.Done(false)
		}
	}
	if through != 5 {
		t.Errorf("%d of twenty parallel guesses sent to two nodes were let through, want 5", through)
	}
	if w := try(t, b, "g@example.com", "203.0.113.77", false); w != time.Minute {
		t.Errorf("after the five failed: wait %v, want 1m", w)
	}
}

// writeCount counts the writes a throttle asks of its store.
type writeCount struct {
	store.Store
	mu     sync.Mutex
	writes int
}

func (w *writeCount) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.writes
}

func (w *writeCount) add() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes++
}

func (w *writeCount) UpdateThrottle(ctx context.Context, keys []string, fn func([]store.ThrottleCount) ([]store.ThrottleCount, error)) error {
	w.add()
	return w.Store.UpdateThrottle(ctx, keys, fn)
}

func (w *writeCount) RememberSignIn(ctx context.Context, pair string, at, forgetBefore time.Time, keep int) error {
	w.add()
	return w.Store.RememberSignIn(ctx, pair, at, forgetBefore, keep)
}

func (w *writeCount) PruneThrottle(ctx context.Context, p store.ThrottlePrune) (int, error) {
	w.add()
	return w.Store.PruneThrottle(ctx, p)
}

func TestARefusedAttemptWritesNothing(t *testing.T) {
	th, _ := newTestThrottle(t)
	w := &writeCount{Store: th.Store.(store.Store)}
	th.Store = w
	for range 5 {
		try(t, th, "ana@example.com", "203.0.113.9", false)
	}
	for i := range 5 {
		try(t, th, "lee@example.com", fmt.Sprintf("198.51.100.%d", i), false)
	}
	held := ask(t, th, Try{Email: "lee@example.com", Addr: "192.0.2.1"})
	before := w.count()
	for i := range 20 {
		if wait := try(t, th, fmt.Sprintf("g%d@example.com", i), "203.0.113.9", false); wait == 0 {
			t.Fatal("the blocked address was let through")
		}
		if wait := try(t, th, "lee@example.com", fmt.Sprintf("192.0.2.%d", 10+i), false); wait == 0 {
			t.Fatal("a guess beside a held one was let through")
		}
	}
	if n := w.count() - before; n != 0 {
		t.Errorf("40 refused attempts made %d writes, want none", n)
	}
	held.Done(false)
	if n := w.count() - before; n != 1 {
		t.Errorf("the outcome of a guess let through made %d writes, want 1", n)
	}
}

func TestTheResetThrottleCountsApart(t *testing.T) {
	st := openStore(t)
	signIn, resets := NewThrottle(st), NewThrottle(st)
	resets.Name = "reset"
	c := newClock()
	signIn.Now, resets.Now = c.Now, c.Now
	for range 5 {
		try(t, resets, "ana@example.com", "203.0.113.9", false)
	}
	if w := try(t, signIn, "ana@example.com", "203.0.113.9", true); w != 0 {
		t.Errorf("five reset requests blocked the sign-in: wait %v", w)
	}
	if w := try(t, resets, "ana@example.com", "203.0.113.9", false); w == 0 {
		t.Error("the reset throttle forgot its own count")
	}
}
