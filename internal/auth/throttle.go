package auth

import (
	"container/list"
	"context"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LoginFailed is the one answer to a refused sign-in, whether the email has
// an account or not, so the form does not reveal who works in the newsroom.
const LoginFailed = "Wrong email or password."

// Throttle slows down password guessing so that a guesser slows down and
// the owner of the account does not.
//
// A client address (an IPv6 address counts as its /64, which one attacker
// usually holds whole) is refused after Limit failures within Window, for
// BaseDelay, and every further failure blocks it again for twice as long,
// up to MaxDelay: that is the guesser's own address, whatever account it
// tries.
//
// An account (the lower-cased email) is never refused for its failures,
// since anyone can fail for any account. After Limit failures within
// Window, an attempt from a client that is not known for the account is
// held before its password is checked, for HoldBase and twice as long for
// every further failure, up to MaxHold, one such attempt at a time: a
// guesser spread over many addresses gets one guess per hold, and the
// owner on a new device waits a few seconds and is let in. A client is
// known for an account when it proves an earlier sign-in to it (Try.Known:
// the signed cookie of [Devices], or a session), or when its address
// signed in to it within Remember; known clients are not held.
//
// The counts start again only once a whole Window has passed since the
// first failure and since the last block or hold ended; the block length
// keeps growing until the key has been quiet for Forget. A success clears
// the account, not the address.
//
// Build it with NewThrottle and change the fields before first use. It
// lives in memory, so each server node throttles on its own; MaxKeys and
// MaxKnown bound the memory whatever an attacker sends, by forgetting the
// least recently seen keys, unblocked ones first, and MaxHolds bounds the
// attempts held at once (beyond it they are refused for MaxHold).
type Throttle struct {
	Now       func() time.Time
	After     func(time.Duration) <-chan time.Time // times holds; time.After when nil
	Limit     int
	Window    time.Duration
	BaseDelay time.Duration
	MaxDelay  time.Duration
	HoldBase  time.Duration
	MaxHold   time.Duration
	MaxHolds  int
	Forget    time.Duration
	Remember  time.Duration
	MaxKeys   int
	MaxKnown  int

	mu      sync.Mutex
	keys    map[string]*list.Element // of *throttleEntry
	lru     list.List                // most recently seen at the front
	known   map[string]*list.Element // of *knownEntry: account and address that signed in
	knownBy list.List                // most recent sign-in at the front
	holding int                      // attempts held now
}

type throttleEntry struct {
	key         string
	failures    int // in the window that began at windowStart
	windowStart time.Time
	blocks      int       // address: blocks so far, which sets the next one's length
	until       time.Time // address: refused until then; account: the last hold ends then
	pending     int       // attempts allowed and not yet finished
	held        int       // account: attempts of unknown clients held or checked now
	seen        time.Time
}

type knownEntry struct {
	key string
	at  time.Time // the last sign-in
}

// NewThrottle returns a Throttle with the default rules: 5 failures in 15
// minutes block an address for 1 minute, doubling up to 1 hour, and hold
// an account's unknown clients for 1 second, doubling up to 20 seconds
// (well within the server's write timeout), at most 256 held at once;
// counts are forgotten after a day of quiet, a sign-in's address is
// remembered for 30 days; at most 20,000 keys and 10,000 remembered
// sign-ins (a few megabytes).
func NewThrottle() *Throttle {
	return &Throttle{
		Now:       time.Now,
		Limit:     5,
		Window:    15 * time.Minute,
		BaseDelay: time.Minute,
		MaxDelay:  time.Hour,
		HoldBase:  time.Second,
		MaxHold:   20 * time.Second,
		MaxHolds:  256,
		Forget:    24 * time.Hour,
		Remember:  30 * 24 * time.Hour,
		MaxKeys:   20000,
		MaxKnown:  10000,
	}
}

// Try is one password attempt to ask the throttle about.
type Try struct {
	Email string
	Addr  string // the client's address, as proxy.Trusted.ClientAddr finds it
	// Known says the client proved an earlier sign-in to this account:
	// Devices.Known for its cookie, or a session of the account.
	Known bool
}

// Verdict is the throttle's answer to a Try.
type Verdict struct {
	// Wait above zero refuses the attempt: the caller answers 429 with
	// RetryAfter(Wait) and does not check the password.
	Wait time.Duration
	// Hold is how long to wait before checking the password (Throttle.Admit
	// waits it).
	Hold time.Duration
	done func(outcome)
}

type outcome int

const (
	failed outcome = iota
	succeeded
	abandoned // the client went away during its hold: counts for nothing
)

// Done reports whether the password was right, for an attempt that was
// not refused. Until it is called the attempt counts as in flight, so a
// burst of parallel guesses cannot slip past the limits. It may be called
// more than once; only the first call counts.
func (v Verdict) Done(ok bool) {
	switch {
	case v.done == nil:
	case ok:
		v.done(succeeded)
	default:
		v.done(failed)
	}
}

// Attempt asks whether a password may be tried now; the caller waits
// Verdict.Hold before checking it, or calls Admit, which does.
func (t *Throttle) Attempt(try Try) Verdict {
	account, addr := accountKey(try.Email), addrKey(try.Addr)
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	known := try.Known || t.knownAddr(account, addr, now)
	var wait, hold time.Duration
	if el, ok := t.keys[addr]; ok {
		wait = t.wait(t.touch(el, now), now)
	}
	if el, ok := t.keys[account]; ok && wait == 0 && !known {
		e := t.touch(el, now)
		switch {
		case e.failures < t.Limit:
			if e.pending-e.held >= t.Limit-e.failures {
				wait = time.Second // the attempts in flight take well under a second
			}
		case e.held > 0:
			// One held attempt at a time: a guesser cannot run them side by side.
			wait = max(e.until.Sub(now), 0) + time.Second
		case t.holding >= max(t.MaxHolds, 1):
			wait = t.maxHold()
		default:
			hold = t.hold(e.failures - t.Limit + 1)
		}
	}
	if wait > 0 {
		return Verdict{Wait: wait}
	}
	ae, ee := t.entry(addr, now), t.entry(account, now)
	ae.pending++
	ee.pending++
	held := hold > 0
	if held {
		ee.held++
		ee.until = now.Add(hold)
		t.holding++
	}
	var once sync.Once
	return Verdict{Hold: hold, done: func(o outcome) {
		once.Do(func() { t.finish(account, addr, held, o) })
	}}
}

// Admit is Attempt that also waits out the hold, or returns ctx's error
// (the attempt then counts for nothing) when the client goes away first.
// When wait is above zero the attempt is refused and done does nothing;
// otherwise the caller checks the password and calls done with the
// outcome.
func (t *Throttle) Admit(ctx context.Context, try Try) (done func(ok bool), wait time.Duration, err error) {
	v := t.Attempt(try)
	if v.Wait > 0 {
		return func(bool) {}, v.Wait, nil
	}
	if v.Hold > 0 {
		after := t.After
		if after == nil {
			after = time.After
		}
		select {
		case <-after(v.Hold):
		case <-ctx.Done():
			v.done(abandoned)
			return func(bool) {}, 0, ctx.Err()
		}
	}
	return v.Done, 0, nil
}

func (t *Throttle) now() time.Time {
	if t.Now == nil {
		return time.Now()
	}
	return t.Now()
}

// RetryAfter formats a wait for the Retry-After header: whole seconds,
// rounded up.
func RetryAfter(wait time.Duration) string {
	s := int64((wait + time.Second - 1) / time.Second)
	return strconv.FormatInt(max(s, 1), 10)
}

func (t *Throttle) finish(account, addr string, held bool, o outcome) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	ae, ee := t.entry(addr, now), t.entry(account, now)
	ae.pending = max(ae.pending-1, 0)
	ee.pending = max(ee.pending-1, 0)
	if held {
		ee.held = max(ee.held-1, 0)
		t.holding = max(t.holding-1, 0)
	}
	switch o {
	case failed:
		t.fail(ae, now, true)
		t.fail(ee, now, false)
	case succeeded: // the account's owner knows the password
		ee.failures, ee.blocks, ee.until = 0, 0, time.Time{}
		if ee.pending == 0 {
			t.remove(t.keys[account])
		}
		t.rememberAddr(account, addr, now)
	}
}

// fail counts a failure on e; block says whether reaching the limit blocks
// it (an address) or only makes its unknown clients wait (an account).
func (t *Throttle) fail(e *throttleEntry, now time.Time, block bool) {
	if e.failures == 0 || t.windowOver(e, now) {
		e.failures, e.windowStart = 0, now
	}
	e.failures++
	if block && e.failures >= t.Limit {
		e.blocks++
		e.until = now.Add(t.delay(e.blocks))
	}
}

// windowOver reports whether e's failures no longer count: a whole Window
// has passed since the first of them and since the end of its last block
// or hold. A guesser who comes back as soon as a block ends stays at the
// limit and meets a longer block at every failure.
func (t *Throttle) windowOver(e *throttleEntry, now time.Time) bool {
	return now.Sub(e.windowStart) >= t.Window && now.Sub(e.until) >= t.Window
}

// wait is how long the address e must wait before another attempt.
func (t *Throttle) wait(e *throttleEntry, now time.Time) time.Duration {
	if now.Before(e.until) {
		return e.until.Sub(now)
	}
	if e.pending >= max(t.Limit-e.failures, 1) {
		// The attempts in flight take well under a second.
		return time.Second
	}
	return 0
}

// hold is how long the n-th attempt past an account's limit is held.
func (t *Throttle) hold(n int) time.Duration {
	d := max(t.HoldBase, time.Millisecond)
	for i := 1; i < n && d < t.maxHold(); i++ {
		d *= 2
	}
	return min(d, t.maxHold())
}

func (t *Throttle) maxHold() time.Duration {
	return max(t.MaxHold, t.HoldBase, time.Millisecond)
}

// knownAddr reports whether addr signed in to account within Remember.
func (t *Throttle) knownAddr(account, addr string, now time.Time) bool {
	el, ok := t.known[account+" "+addr]
	if !ok {
		return false
	}
	if now.Sub(el.Value.(*knownEntry).at) >= t.Remember {
		delete(t.known, el.Value.(*knownEntry).key)
		t.knownBy.Remove(el)
		return false
	}
	return true
}

// rememberAddr records a sign-in to account from addr. Only a right
// password adds to this table, so a guesser cannot flood it.
func (t *Throttle) rememberAddr(account, addr string, now time.Time) {
	key := account + " " + addr
	if el, ok := t.known[key]; ok {
		el.Value.(*knownEntry).at = now
		t.knownBy.MoveToFront(el)
		return
	}
	if t.known == nil {
		t.known = make(map[string]*list.Element)
	}
	for t.knownBy.Len() >= max(t.MaxKnown, 1) {
		back := t.knownBy.Back()
		delete(t.known, back.Value.(*knownEntry).key)
		t.knownBy.Remove(back)
	}
	t.known[key] = t.knownBy.PushFront(&knownEntry{key: key, at: now})
}

func (t *Throttle) delay(blocks int) time.Duration {
	d := t.BaseDelay
	for i := 1; i < blocks && d < t.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.MaxDelay)
}

// touch marks el as seen now, moves it to the front and lets its counts age.
func (t *Throttle) touch(el *list.Element, now time.Time) *throttleEntry {
	e := el.Value.(*throttleEntry)
	if t.forgettable(e, now) {
		e.failures, e.blocks = 0, 0
	}
	if e.failures > 0 && t.windowOver(e, now) {
		e.failures = 0
	}
	e.seen = now
	t.lru.MoveToFront(el)
	return e
}

// entry finds or makes the entry for key, making room if needed.
func (t *Throttle) entry(key string, now time.Time) *throttleEntry {
	if el, ok := t.keys[key]; ok {
		return t.touch(el, now)
	}
	if t.keys == nil {
		t.keys = make(map[string]*list.Element)
	}
	for back := t.lru.Back(); back != nil && t.forgettable(back.Value.(*throttleEntry), now); back = t.lru.Back() {
		t.remove(back)
	}
	if t.lru.Len() >= max(t.MaxKeys, 1) {
		t.evict(now)
	}
	e := &throttleEntry{key: key, seen: now}
	t.keys[key] = t.lru.PushFront(e)
	return e
}

// evict drops one entry: among the least recently seen, one that is neither
// blocked, at its limit nor in flight if there is one, so a flood of new
// keys does not easily free a throttled one.
func (t *Throttle) evict(now time.Time) {
	victim := t.lru.Back()
	el := victim
	for range 16 {
		if el == nil {
			break
		}
		if e := el.Value.(*throttleEntry); e.pending == 0 && !now.Before(e.until) && e.failures < t.Limit {
			victim = el
			break
		}
		el = el.Prev()
	}
	t.remove(victim)
}

func (t *Throttle) remove(el *list.Element) {
	if el == nil {
		return
	}
	delete(t.keys, el.Value.(*throttleEntry).key)
	t.lru.Remove(el)
}

// forgettable reports whether e has been quiet long enough to drop.
func (t *Throttle) forgettable(e *throttleEntry, now time.Time) bool {
	return e.pending == 0 && !now.Before(e.until) && now.Sub(e.seen) >= t.Forget
}

// maxEmail is the longest email address a mail system accepts; longer
// input is cut so keys stay small.
const maxEmail = 254

func accountKey(email string) string {
	return "e:" + truncate(strings.ToLower(strings.TrimSpace(email)), maxEmail)
}

func addrKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return "a:" + truncate(addr, 64)
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return "a:" + p.String()
	}
	return "a:" + a.String()
}
