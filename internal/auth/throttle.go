package auth

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"dateline/internal/store"
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
// The counts live in the store (store.Limits), so that every node of a
// site counts the same attempts: an address blocked through one node is
// blocked on all, and an account's holds come one at a time whichever
// node they reach. The attempts let through, and the holds, are counted
// there too, under the store's lock, so that a burst of parallel guesses
// sent to several nodes cannot slip past the limits either. A refused
// attempt only reads: a guesser who is refused costs the database no
// write. Keys are keyed hashes (the key is the store's secret "sign-in
// throttle"), so that no client address is stored. MaxKeys bounds the
// counts kept, by pruning the quiet ones and then the least recently
// seen, unblocked ones first; MaxKnown bounds the remembered sign-ins; and
// MaxHolds bounds the attempts held at once on this node (beyond it they
// are refused for MaxHold), since each holds a request open.
//
// Build it with NewThrottle and change the fields before first use.
type Throttle struct {
	Store     ThrottleStore
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
	// Name tells this throttle's counts apart from those of another on
	// the same store ("sign-in", "reset").
	Name string

	mu      sync.Mutex
	secret  []byte // keys the hashes, read from the store once
	holding int    // attempts held now on this node
	fresh   int    // counts this node made since it last pruned
}

// ThrottleStore is what a Throttle keeps its counts in; store.Store has
// all of it.
type ThrottleStore interface {
	store.Limits
	Secret(ctx context.Context, name string) ([]byte, error)
}

// NewThrottle returns a Throttle over st with the default rules: 5
// failures in 15 minutes block an address for 1 minute, doubling up to 1
// hour, and hold an account's unknown clients for 1 second, doubling up
// to 20 seconds (well within the server's write timeout), at most 256 held
// at once on a node; counts are forgotten after a day of quiet, a
// sign-in's address is remembered for 30 days; at most 100,000 counts and
// 10,000 remembered sign-ins (a few megabytes of rows).
func NewThrottle(st ThrottleStore) *Throttle {
	return &Throttle{
		Store:     st,
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
		MaxKeys:   100000,
		MaxKnown:  10000,
		Name:      "sign-in",
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
	done func(outcome) error
}

type outcome int

const (
	failed outcome = iota
	succeeded
	abandoned // the client went away during its hold: counts for nothing
)

// Done reports whether the password was right, for an attempt that was
// not refused, and stores what it means for the counts. Until it is
// called the attempt counts as in flight, so a burst of parallel guesses
// cannot slip past the limits. It may be called more than once; only the
// first call counts.
func (v Verdict) Done(ok bool) error {
	switch {
	case v.done == nil:
		return nil
	case ok:
		return v.done(succeeded)
	default:
		return v.done(failed)
	}
}

// throttleKeys are the store's keys of one attempt.
type throttleKeys struct {
	addr, account, pair string
}

// keys hashes the attempt's address, account and the pair of both with
// the store's secret, read once.
func (t *Throttle) keys(ctx context.Context, try Try) (throttleKeys, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.secret == nil {
		secret, err := t.Store.Secret(ctx, "sign-in throttle")
		if err != nil {
			return throttleKeys{}, fmt.Errorf("key of the sign-in throttle: %w", err)
		}
		t.secret = secret
	}
	account, addr := accountKey(try.Email), addrKey(try.Addr)
	key := func(kind, value string) string {
		h := hmac.New(sha256.New, t.secret)
		h.Write([]byte(t.Name + "\x00" + kind + "\x00" + value))
		return t.Name + ":" + kind + ":" + hex.EncodeToString(h.Sum(nil)[:16])
	}
	return throttleKeys{addr: key("a", addr), account: key("e", account), pair: key("k", account+" "+addr)}, nil
}

// Attempt asks whether a password may be tried now; the caller waits
// Verdict.Hold before checking it, or calls Admit, which does. A refused
// attempt only reads the counts; one let through is counted as in flight,
// under the store's lock, after deciding again on the counts as they are
// then.
func (t *Throttle) Attempt(ctx context.Context, try Try) (Verdict, error) {
	k, err := t.keys(ctx, try)
	if err != nil {
		return Verdict{}, err
	}
	now := t.now()
	known := try.Known
	if !known {
		if known, err = t.Store.SignedIn(ctx, k.pair, now.Add(-t.Remember)); err != nil {
			return Verdict{}, err
		}
	}
	counts, err := t.Store.ThrottleCounts(ctx, k.addr, k.account)
	if err != nil {
		return Verdict{}, err
	}
	if wait, _ := t.decide(counts, known, now); wait > 0 {
		return Verdict{Wait: wait}, nil
	}
	var wait, hold time.Duration
	took := false // one of this node's MaxHolds
	err = t.Store.UpdateThrottle(ctx, []string{k.addr, k.account}, func(c []store.ThrottleCount) ([]store.ThrottleCount, error) {
		wait, hold = t.decide(c, known, now)
		if hold > 0 && !took {
			if took = t.takeHold(); !took {
				wait, hold = t.maxHold(), 0
			}
		}
		if wait > 0 {
			return nil, nil
		}
		for _, x := range c {
			if x.Seen.IsZero() {
				t.made()
			}
		}
		return t.reserve(c, hold, now), nil
	})
	if took && (err != nil || hold == 0) {
		t.unhold()
	}
	if err != nil {
		return Verdict{}, err
	}
	if wait > 0 {
		return Verdict{Wait: wait}, nil
	}
	// The outcome is stored even when the request's context has ended:
	// an attempt let through must not stay counted as in flight.
	finishCtx := context.WithoutCancel(ctx)
	var once sync.Once
	var doneErr error
	return Verdict{Hold: hold, done: func(o outcome) error {
		once.Do(func() { doneErr = t.finish(finishCtx, k, hold > 0, o) })
		return doneErr
	}}, nil
}

// Admit is Attempt that also waits out the hold, or returns ctx's error
// (the attempt then counts for nothing) when the client goes away first.
// When wait is above zero the attempt is refused and done does nothing;
// otherwise the caller checks the password and calls done with the
// outcome.
func (t *Throttle) Admit(ctx context.Context, try Try) (done func(ok bool) error, wait time.Duration, err error) {
	nothing := func(bool) error { return nil }
	v, err := t.Attempt(ctx, try)
	if err != nil {
		return nothing, 0, err
	}
	if v.Wait > 0 {
		return nothing, v.Wait, nil
	}
	if v.Hold > 0 {
		after := t.After
		if after == nil {
			after = time.After
		}
		select {
		case <-after(v.Hold):
		case <-ctx.Done():
			if err := v.done(abandoned); err != nil {
				return nothing, 0, err
			}
			return nothing, 0, ctx.Err()
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

// decide is the verdict on an attempt, given the counts of its address
// and its account (c[0], c[1]) and whether its client is known: a wait
// above zero refuses it, a hold above zero holds it (once it has taken
// one of this node's MaxHolds with takeHold).
func (t *Throttle) decide(c []store.ThrottleCount, known bool, now time.Time) (wait, hold time.Duration) {
	ae, ee := t.live(c[0], now), t.live(c[1], now)
	if wait = t.wait(ae, now); wait > 0 || known {
		return wait, 0
	}
	switch {
	case ee.Failures < t.Limit:
		if ee.Pending-ee.Held >= t.Limit-ee.Failures {
			return time.Second, 0 // the attempts in flight take well under a second
		}
		return 0, 0
	case ee.Held > 0:
		// One held attempt at a time: a guesser cannot run them side by side.
		return max(ee.Until.Sub(now), 0) + time.Second, 0
	}
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.holding >= max(t.MaxHolds, 1) {
		return t.maxHold(), 0
	}
	return 0, t.hold(ee.Failures - t.Limit + 1)
}

// takeHold takes one of this node's MaxHolds, if one is free.
func (t *Throttle) takeHold() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	if t.holding >= max(t.MaxHolds, 1) {
		return false
	}
	t.holding++
	return true
}

func (t *Throttle) unhold() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.holding = max(t.holding-1, 0)
}

// reserve counts an attempt let through (held for hold) as in flight.
func (t *Throttle) reserve(c []store.ThrottleCount, hold time.Duration, now time.Time) []store.ThrottleCount {
	ae, ee := t.live(c[0], now), t.live(c[1], now)
	ae.Pending++
	ee.Pending++
	ae.PendingAt, ee.PendingAt = now, now
	ae.Seen, ee.Seen = now, now
	if hold > 0 {
		ee.Held++
		ee.Until = now.Add(hold)
	}
	return []store.ThrottleCount{ae, ee}
}

// finish stores the outcome of an attempt that was let through.
func (t *Throttle) finish(ctx context.Context, k throttleKeys, held bool, o outcome) error {
	if held {
		defer t.unhold()
	}
	now := t.now()
	err := t.Store.UpdateThrottle(ctx, []string{k.addr, k.account}, func(c []store.ThrottleCount) ([]store.ThrottleCount, error) {
		ae, ee := t.live(c[0], now), t.live(c[1], now)
		ae.Pending = max(ae.Pending-1, 0)
		ee.Pending = max(ee.Pending-1, 0)
		if held {
			ee.Held = max(ee.Held-1, 0)
		}
		switch o {
		case failed:
			t.fail(&ae, now, true)
			t.fail(&ee, now, false)
		case succeeded: // the account's owner knows the password
			ee.Failures, ee.Blocks, ee.Until = 0, 0, time.Time{}
		}
		ae.Seen, ee.Seen = now, now
		return []store.ThrottleCount{ae, ee}, nil
	})
	if err != nil {
		return err
	}
	if o == succeeded {
		if err := t.Store.RememberSignIn(ctx, k.pair, now, now.Add(-t.Remember), t.MaxKnown); err != nil {
			return err
		}
	}
	return t.pruneIfDue(ctx)
}

// fail counts a failure on e; block says whether reaching the limit blocks
// it (an address) or only makes its unknown clients wait (an account).
func (t *Throttle) fail(e *store.ThrottleCount, now time.Time, block bool) {
	if e.Failures == 0 || t.windowOver(*e, now) {
		e.Failures, e.WindowStart = 0, now
	}
	e.Failures++
	if block && e.Failures >= t.Limit {
		e.Blocks++
		e.Until = now.Add(t.delay(e.Blocks))
	}
}

// windowOver reports whether e's failures no longer count: a whole Window
// has passed since the first of them and since the end of its last block
// or hold. A guesser who comes back as soon as a block ends stays at the
// limit and meets a longer block at every failure.
func (t *Throttle) windowOver(e store.ThrottleCount, now time.Time) bool {
	return now.Sub(e.WindowStart) >= t.Window && now.Sub(e.Until) >= t.Window
}

// wait is how long the address e must wait before another attempt.
func (t *Throttle) wait(e store.ThrottleCount, now time.Time) time.Duration {
	if now.Before(e.Until) {
		return e.Until.Sub(now)
	}
	if e.Pending >= max(t.Limit-e.Failures, 1) {
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

func (t *Throttle) delay(blocks int) time.Duration {
	d := t.BaseDelay
	for i := 1; i < blocks && d < t.MaxDelay; i++ {
		d *= 2
	}
	return min(d, t.MaxDelay)
}

// inFlight is how long an attempt let through may take before it no longer
// counts as in flight: its hold, and far more than a password check. Past
// it, the attempts of a node that died before saying how they ended are
// no longer counted.
func (t *Throttle) inFlight() time.Duration { return t.maxHold() + time.Minute }

// live is e as it counts at now: attempts in flight past inFlight lapse,
// a key quiet for Forget starts again, and failures outside their window
// no longer count.
func (t *Throttle) live(e store.ThrottleCount, now time.Time) store.ThrottleCount {
	if now.Sub(e.PendingAt) >= t.inFlight() {
		e.Pending = 0
	}
	if now.Sub(e.Until) >= time.Minute {
		e.Held = 0 // a held attempt ends within a second of its hold
	}
	if t.forgettable(e, now) {
		e.Failures, e.Blocks = 0, 0
	}
	if e.Failures > 0 && t.windowOver(e, now) {
		e.Failures = 0
	}
	return e
}

// forgettable reports whether e has been quiet long enough to drop.
func (t *Throttle) forgettable(e store.ThrottleCount, now time.Time) bool {
	return e.Pending == 0 && !now.Before(e.Until) && now.Sub(e.Seen) >= t.Forget
}

// pruneEvery is how many new counts a node makes between prunes: the
// store keeps at most MaxKeys, and this many more a node.
const pruneEvery = 32

func (t *Throttle) made() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.fresh++
}

func (t *Throttle) pruneIfDue(ctx context.Context) error {
	t.mu.Lock()
	due := t.fresh >= pruneEvery
	if due {
		t.fresh = 0
	}
	t.mu.Unlock()
	if !due {
		return nil
	}
	return t.Prune(ctx)
}

// Prune drops the counts that no longer matter (quiet for Forget, and
// neither blocked, at the limit nor in flight) and keeps at most MaxKeys:
// beyond it the least recently seen go, those that are not busy first, so
// that a flood of new keys does not easily free a throttled one. The
// throttle prunes by itself as it makes new counts.
func (t *Throttle) Prune(ctx context.Context) error {
	now := t.now()
	_, err := t.Store.PruneThrottle(ctx, store.ThrottlePrune{Now: now, QuietSince: now.Add(-t.Forget),
		InFlightSince: now.Add(-t.inFlight()), Limit: t.Limit, Keep: max(t.MaxKeys, 1)})
	return err
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
