package comments

import (
	"container/list"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// limiter allows at most limit comments per window from one client
// address (an IPv6 address counts as its /64, which one person usually
// holds whole), or from one email address when keyed by emailKey. It
// lives in memory, so each server node counts on its own,
// and remembers at most maxKeys addresses: when full it forgets those
// quiet for a whole window first, then the least recently seen.
type limiter struct {
	limit   int
	window  time.Duration
	maxKeys int
	keyOf   func(string) string

	mu   sync.Mutex
	keys map[string]*list.Element // of *limitEntry
	lru  list.List                // most recently seen at the front
}

type limitEntry struct {
	key   string
	times []time.Time // oldest first, all within the window
}

func newLimiter(limit int, window time.Duration, maxKeys int) *limiter {
	return &limiter{limit: max(limit, 1), window: window, maxKeys: max(maxKeys, 1), keyOf: limitKey, keys: map[string]*list.Element{}}
}

// newEmailLimiter counts comments by the writer's email address instead,
// so that a robot moving between addresses is held back too.
func newEmailLimiter(limit int, window time.Duration, maxKeys int) *limiter {
	l := newLimiter(limit, window, maxKeys)
	l.keyOf = emailKey
	return l
}

// take counts a comment from addr at now. When the address has used its
// allowance, wait says how long until it may post again and nothing is
// counted. Otherwise release uncounts the comment, for when it was not
// stored after all (the form had a mistake): a reader fixing a typo should
// not run into the limit. An empty address is unknown and not limited.
func (l *limiter) take(addr string, now time.Time) (release func(), wait time.Duration) {
	if addr == "" {
		return func() {}, 0
	}
	key := l.keyOf(addr)
	l.mu.Lock()
	defer l.mu.Unlock()
	e := l.entry(key, now)
	if len(e.times) >= l.limit {
		return func() {}, e.times[0].Add(l.window).Sub(now)
	}
	e.times = append(e.times, now)
	var once sync.Once
	return func() { once.Do(func() { l.release(key, now) }) }, 0
}

func (l *limiter) release(key string, at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	el, ok := l.keys[key]
	if !ok {
		return
	}
	e := el.Value.(*limitEntry)
	for i := len(e.times) - 1; i >= 0; i-- {
		if e.times[i].Equal(at) {
			e.times = append(e.times[:i], e.times[i+1:]...)
			return
		}
	}
}

// entry finds or makes the entry for key, with times older than the
// window dropped, and marks it as seen.
func (l *limiter) entry(key string, now time.Time) *limitEntry {
	if el, ok := l.keys[key]; ok {
		e := el.Value.(*limitEntry)
		l.prune(e, now)
		l.lru.MoveToFront(el)
		return e
	}
	for l.lru.Len() >= l.maxKeys {
		l.evict(now)
	}
	e := &limitEntry{key: key}
	l.keys[key] = l.lru.PushFront(e)
	return e
}

func (l *limiter) prune(e *limitEntry, now time.Time) {
	i := 0
	for i < len(e.times) && !now.Before(e.times[i].Add(l.window)) {
		i++
	}
	e.times = e.times[i:]
}

// evict forgets one address: among the least recently seen, one with
// nothing left in its window if there is one.
func (l *limiter) evict(now time.Time) {
	victim := l.lru.Back()
	el := victim
	for range 16 {
		if el == nil {
			break
		}
		e := el.Value.(*limitEntry)
		if l.prune(e, now); len(e.times) == 0 {
			victim = el
			break
		}
		el = el.Prev()
	}
	delete(l.keys, victim.Value.(*limitEntry).key)
	l.lru.Remove(victim)
}

// size is how many addresses the limiter remembers.
func (l *limiter) size() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.lru.Len()
}

// emailKey is the email address in lower case; Form.Validate has already
// bounded its length.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// limitKey is the address, or its /64 for IPv6; text that is not an
// address is used as it is, cut short.
func limitKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		if len(addr) > 64 {
			addr = addr[:64]
		}
		return addr
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
