package auth

import (
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

// try makes one sign-in attempt with the given outcome and returns the wait
// the throttle asked for (zero when the attempt was allowed).
func try(th *Throttle, email, addr string, ok bool) time.Duration {
	done, wait := th.Attempt(email, addr)
	if wait == 0 {
		done(ok)
	}
	return wait
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
	cases := []struct {
		name string
		// five failures with these emails and addresses...
		emails, addrs []string
		// ...then this attempt
		email, addr string
		blocked     bool
	}{
		{"the account is blocked from any address",
			[]string{"ana@example.com"}, []string{"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"},
			"ana@example.com", "6.6.6.6", true},
		{"the email is one account whatever its case and spaces",
			[]string{"Ana@Example.com", " ana@example.com", "ANA@EXAMPLE.COM "}, []string{"1.1.1.1", "2.2.2.2", "3.3.3.3", "4.4.4.4", "5.5.5.5"},
			"ana@example.com", "6.6.6.6", true},
		{"the address is blocked for every account",
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"}, []string{"203.0.113.9"},
			"kit@example.com", "203.0.113.9", true},
		{"an IPv6 /64 counts as one address",
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"},
			[]string{"2001:db8:1:2::1", "2001:db8:1:2::2", "2001:db8:1:2:ffff::3", "2001:db8:1:2::4", "2001:db8:1:2::5"},
			"kit@example.com", "2001:db8:1:2::99", true},
		{"another /64 is another address",
			[]string{"a@example.com", "b@example.com", "c@example.com", "d@example.com", "e@example.com"},
			[]string{"2001:db8:1:2::1"},
			"kit@example.com", "2001:db8:1:3::1", false},
		{"other accounts from other addresses are untouched",
			[]string{"ana@example.com"}, []string{"203.0.113.9"},
			"kit@example.com", "198.51.100.7", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			th, _ := newTestThrottle()
			for i := range 5 {
				try(th, tc.emails[i%len(tc.emails)], tc.addrs[i%len(tc.addrs)], false)
			}
			if wait := try(th, tc.email, tc.addr, false); (wait > 0) != tc.blocked {
				t.Errorf("wait = %v, want blocked %v", wait, tc.blocked)
			}
		})
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
		if done, wait := th.Attempt("ana@example.com", "203.0.113.9"); wait == 0 {
			dones = append(dones, done)
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
	done, wait := th.Attempt("ana@example.com", "203.0.113.9")
	if wait != 0 {
		t.Fatalf("after the block: refused with %v", wait)
	}
	if _, wait := th.Attempt("ana@example.com", "203.0.113.9"); wait == 0 {
		t.Error("at the limit, a second attempt ran beside the first")
	}
	done(true)
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
	if wait := try(th, "ana@example.com", "198.51.100.7", false); wait == 0 {
		t.Error("a flood of new keys freed a blocked account")
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
				done, wait := th.Attempt(fmt.Sprintf("u%d@example.com", i%70), fmt.Sprintf("10.0.%d.%d", g, i%7))
				if wait == 0 {
					done(i%3 == 0)
				}
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
