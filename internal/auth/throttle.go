package auth

import (
	"container/list"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"
)

// LoginFailed is the one answer to a refused sign-in, whether the email has
// an account or not, so the form does not reveal who works in the newsroom.
const LoginFailed = "Wrong email or password."

// Throttle slows down password guessing. It counts failed sign-ins per
// account (the lower-cased email) and per client address (an IPv6 address
// counts as its /64, which one attacker usually holds whole): after Limit
// failures within Window, the key is refused for BaseDelay, and every
// further failure blocks it again for twice as long, up to MaxDelay. The
// count starts again only once a whole Window has passed since the first
// failure and since the last block ended; the block length keeps growing
// until the key has been quiet for Forget. A success clears the account,
// not the address.
//
// Build it with NewThrottle and change the fields before first use. It
// lives in memory, so each server node throttles on its own; MaxKeys
// bounds the memory whatever an attacker sends, by forgetting the least
// recently seen keys, unblocked ones first.
type Throttle struct {
	Now       func() time.Time
	Limit     int
	Window    time.Duration
	BaseDelay time.Duration
	MaxDelay  time.Duration
	Forget    time.Duration
	MaxKeys   int

	mu   sync.Mutex
	keys map[string]*list.Element // of *throttleEntry
	lru  list.List                // most recently seen at the front
}

type throttleEntry struct {
	key         string
	failures    int // in the window that began at windowStart
	windowStart time.Time
	blocks      int       // blocks so far, which sets the next one's length
	until       time.Time // refused until then
	pending     int       // attempts allowed and not yet finished
	seen        time.Time
}

// NewThrottle returns a Throttle with the default rules: 5 failures in 15
// minutes block for 1 minute, doubling up to 1 hour, forgotten after a day
// of quiet, at most 20,000 keys (a few megabytes).
func NewThrottle() *Throttle {
	return &Throttle{
		Now:       time.Now,
		Limit:     5,
		Window:    15 * time.Minute,
		BaseDelay: time.Minute,
		MaxDelay:  time.Hour,
		Forget:    24 * time.Hour,
		MaxKeys:   20000,
	}
}

// Attempt asks whether a password may be tried for email from addr. When
// wait is above zero the answer is no: the caller answers 429 with
// RetryAfter(wait) and does not check the password. Otherwise the caller
// checks it and calls done with the outcome. Until done is called the
// attempt counts as in flight, so a burst of parallel guesses cannot slip
// past the limit; once a key has reached the limit it gets one attempt at a
// time. done may be called more than once; only the first call counts.
func (t *Throttle) Attempt(email, addr string) (done func(ok bool), wait time.Duration) {
	keys := [2]string{accountKey(email), addrKey(addr)}
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for _, k := range keys {
		if el, ok := t.keys[k]; ok {
			wait = max(wait, t.wait(t.touch(el, now), now))
		}
	}
	if wait > 0 {
		return func(bool) {}, wait
	}
	for _, k := range keys {
		t.entry(k, now).pending++
	}
	var once sync.Once
	return func(ok bool) { once.Do(func() { t.finish(keys, ok) }) }, 0
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

func (t *Throttle) finish(keys [2]string, ok bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	now := t.now()
	for i, k := range keys {
		e := t.entry(k, now)
		e.pending = max(e.pending-1, 0)
		switch {
		case !ok:
			t.fail(e, now)
		case i == 0: // the account: its owner knows the password
			e.failures, e.blocks, e.until = 0, 0, time.Time{}
			if e.pending == 0 {
				t.remove(t.keys[k])
			}
		}
	}
}

func (t *Throttle) fail(e *throttleEntry, now time.Time) {
	if e.failures == 0 || t.windowOver(e, now) {
		e.failures, e.windowStart = 0, now
	}
	e.failures++
	if e.failures >= t.Limit {
		e.blocks++
		e.until = now.Add(t.delay(e.blocks))
	}
}

// windowOver reports whether e's failures no longer count: a whole Window
// has passed since the first of them and since the end of its last block.
// A guesser who comes back as soon as a block ends stays at the limit and
// meets a longer block at every failure.
func (t *Throttle) windowOver(e *throttleEntry, now time.Time) bool {
	return now.Sub(e.windowStart) >= t.Window && now.Sub(e.until) >= t.Window
}

// wait is how long e must wait before another attempt.
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
// blocked nor in flight if there is one, so a flood of new keys does not
// easily free a blocked one.
func (t *Throttle) evict(now time.Time) {
	victim := t.lru.Back()
	el := victim
	for range 16 {
		if el == nil {
			break
		}
		if e := el.Value.(*throttleEntry); e.pending == 0 && !now.Before(e.until) {
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
