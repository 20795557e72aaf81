package auth

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"dateline/internal/clock"
)

func newTestThrottle() (*Throttle, *clock.Fake) {
	c := newClock()
	t := NewThrottle()
	t.Now = c.Now
	return t, c
}

// try makes one sign-in attempt from a client unknown for the account with
// the given outcome, and returns the wait the throttle asked for (zero when
// the attempt was allowed, held or not).
func try(th *Throttle, email, addr string, ok bool) time.Duration {
	return attempt(th, Try{Email: email, Addr: addr}, ok).Wait
}

// attempt makes one attempt and reports its outcome unless it was refused.
func attempt(th *Throttle, tr Try, ok bool) Verdict {
	v := th.Attempt(tr)
	if v.Wait == 0 {
		v.Done(ok)
	}
	return v
}

func TestFiveFailuresBlockWithADoublingDelay(t *testing.T) {
	th, c := newTestThrottle()
	for i := 1; i <= 5; i++ {
		if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != 0 {
			t.Fatalf("failure %d was refused with %v", i, wait)
		}
	}
	for _, want := range []time.Duration{1, 2, 4, 8, 16, 32, 60, 60} {
		want *= time.Minute
		if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != want {
			t.Fatalf("blocked for %v, want %v", wait, want)
		}
		c.Advance(want - time.Second)
		if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != time.Second {
			t.Fatalf("a second before the end: wait %v, want 1s", wait)
		}
		c.Advance(time.Second)
		if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != 0 {
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
			th, _ := newTestThrottle()
			for i := range 5 {
				try(th, tc.emails[i%len(tc.emails)], tc.addrs[i%len(tc.addrs)], false)
			}
			v := attempt(th, Try{Email: tc.email, Addr: tc.addr, Known: tc.known}, true)
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
	th, _ := newTestThrottle()
	for i := range 5 {
		try(th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
	}
	for i, want := range []time.Duration{1, 2, 4, 8, 16, 20, 20} {
		want *= time.Second
		v := th.Attempt(Try{Email: "ana@example.com", Addr: fmt.Sprintf("192.0.2.%d", i)})
		if v.Wait != 0 || v.Hold != want {
			t.Fatalf("guess %d past the limit: %+v, want a hold of %v", i+1, v, want)
		}
		if w := th.Attempt(Try{Email: "ana@example.com", Addr: "203.0.113.200"}).Wait; w != want+time.Second {
			t.Errorf("beside a held guess: wait %v, want the hold and a second", w)
		}
		v.Done(false)
	}
	v := th.Attempt(Try{Email: "ana@example.com", Addr: "192.0.2.98"})
	if k := attempt(th, Try{Email: "ana@example.com", Addr: "203.0.113.201", Known: true}, false); k.Wait != 0 || k.Hold != 0 {
		t.Errorf("a known client beside a held guess: %+v, want through at once", k)
	}
	v.Done(false)
	if v := attempt(th, Try{Email: "ana@example.com", Addr: "192.0.2.99"}, true); v.Wait != 0 || v.Hold != 20*time.Second {
		t.Errorf("the owner from a new device: %+v, want held 20s, not refused", v)
	}
	if v := attempt(th, Try{Email: "ana@example.com", Addr: "192.0.2.100"}, false); v.Wait != 0 || v.Hold != 0 {
		t.Errorf("after the owner's sign-in: %+v, want the account cleared", v)
	}
}

func TestAnAddressThatSignedInIsKnownForThatAccount(t *testing.T) {
	th, c := newTestThrottle()
	attempt(th, Try{Email: "ana@example.com", Addr: "203.0.113.50"}, true)
	for i := range 5 {
		try(th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
		try(th, "kit@example.com", fmt.Sprintf("198.51.101.%d", i), false)
	}
	if v := attempt(th, Try{Email: "ana@example.com", Addr: "203.0.113.50"}, false); v.Wait != 0 || v.Hold != 0 {
		t.Errorf("Ana's own address: %+v, want through at once", v)
	}
	if v := attempt(th, Try{Email: "kit@example.com", Addr: "203.0.113.50"}, false); v.Hold == 0 {
		t.Errorf("another account from Ana's address: %+v, want held", v)
	}
	c.Advance(30 * 24 * time.Hour)
	for i := range 5 {
		try(th, "ana@example.com", fmt.Sprintf("198.51.102.%d", i), false)
	}
	if v := attempt(th, Try{Email: "ana@example.com", Addr: "203.0.113.50"}, false); v.Hold == 0 {
		t.Errorf("30 days after the sign-in: %+v, want held", v)
	}
}

func TestHeldAttemptsAreBounded(t *testing.T) {
	th, _ := newTestThrottle()
	th.MaxHolds = 2
	var held []Verdict
	for a := range 3 {
		email := fmt.Sprintf("u%d@example.com", a)
		for i := range 5 {
			try(th, email, fmt.Sprintf("198.51.%d.%d", a, i), false)
		}
		v := th.Attempt(Try{Email: email, Addr: "192.0.2.1"})
		if a < 2 && v.Hold != time.Second {
			t.Fatalf("account %d: %+v, want held", a, v)
		}
		if a == 2 && v.Wait != 20*time.Second {
			t.Fatalf("a third hold at once: %+v, want refused for the longest hold", v)
		}
		held = append(held, v)
	}
	held[0].Done(false)
	if v := th.Attempt(Try{Email: "u2@example.com", Addr: "192.0.2.1"}); v.Hold != time.Second {
		t.Errorf("once a hold ended: %+v, want held", v)
	}
}

func TestAnAttemptAbandonedDuringItsHoldCountsForNothing(t *testing.T) {
	th, c := newTestThrottle()
	th.After = c.After
	for i := range 5 {
		try(th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
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
	if v := th.Attempt(Try{Email: "ana@example.com", Addr: "192.0.2.2"}); v.Wait != 0 || v.Hold != time.Second {
		t.Errorf("after the abandoned attempt: %+v, want the same 1s hold", v)
	}
}

func TestAdmitWaitsOutTheHold(t *testing.T) {
	th, c := newTestThrottle()
	th.After = c.After
	for i := range 5 {
		try(th, "ana@example.com", fmt.Sprintf("198.51.100.%d", i), false)
	}
	type result struct {
		done func(bool)
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
	if v := th.Attempt(Try{Email: "ana@example.com", Addr: "192.0.2.3"}); v.Hold != 0 {
		t.Errorf("after a success: %+v", v)
	}
}

func TestKnownAddressesAreBounded(t *testing.T) {
	th, _ := newTestThrottle()
	th.MaxKnown = 10
	for i := range 100 {
		attempt(th, Try{Email: "ana@example.com", Addr: fmt.Sprintf("10.0.0.%d", i)}, true)
	}
	if th.knownBy.Len() != 10 || len(th.known) != 10 {
		t.Errorf("%d remembered sign-ins in the list, %d in the map; want 10", th.knownBy.Len(), len(th.known))
	}
}

func TestSuccessClearsTheAccountButNotTheAddress(t *testing.T) {
	th, _ := newTestThrottle()
	for range 4 {
		try(th, "ana@example.com", "203.0.113.9", false)
	}
	if wait := try(th, "ana@example.com", "203.0.113.9", true); wait != 0 {
		t.Fatalf("the right password was refused with %v", wait)
	}
	for i := range 4 {
		if wait := try(th, "ana@example.com", "198.51.100.7", false); wait != 0 {
			t.Fatalf("after a success, failure %d on the account was refused", i+1)
		}
	}
	try(th, "kit@example.com", "203.0.113.9", false) // the address's fifth
	if wait := try(th, "kit@example.com", "203.0.113.9", false); wait == 0 {
		t.Error("a success on one account cleared the address's failures")
	}
}

func TestFailuresOutsideTheWindowDoNotCount(t *testing.T) {
	th, c := newTestThrottle()
	for range 4 {
		try(th, "ana@example.com", "203.0.113.9", false)
	}
	c.Advance(15 * time.Minute)
	for i := range 4 {
		if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != 0 {
			t.Fatalf("failure %d of a new window was refused with %v", i+1, wait)
		}
	}
}

func TestBlocksKeepGrowingUntilADayOfQuiet(t *testing.T) {
	th, c := newTestThrottle()
	for range 5 {
		try(th, "ana@example.com", "203.0.113.9", false)
	}
	c.Advance(time.Minute)
	try(th, "ana@example.com", "203.0.113.9", false) // second block: 2 min
	c.Advance(20 * time.Minute)                      // a new window, same block length
	for range 5 {
		try(th, "ana@example.com", "203.0.113.9", false)
	}
	if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != 4*time.Minute {
		t.Errorf("third block = %v, want 4m", wait)
	}
	c.Advance(24*time.Hour + 4*time.Minute)
	for range 5 {
		try(th, "ana@example.com", "203.0.113.9", false)
	}
	if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != time.Minute {
		t.Errorf("after a quiet day the block = %v, want 1m again", wait)
	}
}

func TestParallelGuessesCannotPassTheLimit(t *testing.T) {
	th, c := newTestThrottle()
	var dones []func(bool)
	for range 20 {
		if v := th.Attempt(Try{Email: "ana@example.com", Addr: "203.0.113.9"}); v.Wait == 0 {
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
	if wait := try(th, "ana@example.com", "203.0.113.9", false); wait != time.Minute {
		t.Fatalf("after five failures: wait %v, want 1m", wait)
	}
	c.Advance(time.Minute)
	v := th.Attempt(Try{Email: "ana@example.com", Addr: "203.0.113.9"})
	if v.Wait != 0 {
		t.Fatalf("after the block: refused with %v", v.Wait)
	}
	if w := th.Attempt(Try{Email: "ana@example.com", Addr: "203.0.113.9"}).Wait; w == 0 {
		t.Error("at the limit, a second attempt ran beside the first")
	}
	v.Done(true)
	if wait := try(th, "ana@example.com", "198.51.100.7", true); wait != 0 {
		t.Errorf("after the right password from another address: refused with %v", wait)
	}
}

func TestThrottleMemoryIsBounded(t *testing.T) {
	th, c := newTestThrottle()
	th.MaxKeys = 100
	for range 5 {
		try(th, "ana@example.com", "203.0.113.9", false)
	}
	for i := range 10000 {
		try(th, fmt.Sprintf("guess%d@example.com", i), fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255), false)
		c.Advance(time.Millisecond)
	}
	if n := th.lru.Len(); n > 100 || n != len(th.keys) {
		t.Errorf("%d entries in the list, %d in the map; want the same, at most 100", n, len(th.keys))
	}
	if v := attempt(th, Try{Email: "ana@example.com", Addr: "198.51.100.7"}, false); v.Hold == 0 {
		t.Error("a flood of new keys freed a throttled account")
	}
}

func TestThrottleForgetsQuietKeys(t *testing.T) {
	th, c := newTestThrottle()
	for i := range 50 {
		try(th, fmt.Sprintf("a%d@example.com", i), "203.0.113.9", false)
	}
	c.Advance(25 * time.Hour)
	try(th, "kit@example.com", "198.51.100.7", true)
	if n := th.lru.Len(); n != 1 {
		t.Errorf("%d entries after a quiet day, want only the new address", n)
	}
}

func TestThrottleIsSafeForConcurrentUse(t *testing.T) {
	th, c := newTestThrottle()
	th.MaxKeys = 50
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Go(func() {
			for i := range 500 {
				attempt(th, Try{Email: fmt.Sprintf("u%d@example.com", i%70), Addr: fmt.Sprintf("10.0.%d.%d", g, i%7), Known: i%5 == 0}, i%3 == 0)
				if i%50 == 0 {
					c.Advance(time.Minute)
				}
			}
		})
	}
	wg.Wait()
	if th.lru.Len() > 50 || th.lru.Len() != len(th.keys) {
		t.Errorf("%d entries in the list, %d in the map", th.lru.Len(), len(th.keys))
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
