package store

import (
	"context"
	"fmt"
	"time"
)

// Limits keeps the counts that slow down password guessing (auth.Throttle)
// and comment floods (the quotas of PostComment) in the database, so that
// every node of a site counts the same attempts: a limit reached through
// one node holds on all of them. The rules are the callers'; the store
// only keeps the counts, reads them, changes them under a lock and keeps
// their tables bounded. Keys are the callers' (keyed hashes, so that no
// client address is stored), at most MaxLimitKey bytes.
type Limits interface {
	// ThrottleCounts returns the counts kept under each key, in the order
	// of keys; a key never counted (or pruned) has only its Key set.
	ThrottleCounts(ctx context.Context, keys ...string) ([]ThrottleCount, error)
	// UpdateThrottle calls fn with the counts of keys, as ThrottleCounts
	// returns them, and stores the counts fn returns, in one transaction
	// that holds every other UpdateThrottle of any of these keys, on any
	// node, until it ends: fn decides on counts that nobody changes
	// meanwhile. When fn returns nil counts or an error nothing is
	// written (and the error is returned).
	UpdateThrottle(ctx context.Context, keys []string, fn func([]ThrottleCount) ([]ThrottleCount, error)) error
	// PruneThrottle drops the counts that no longer matter and keeps at
	// most p.Keep of the rest (ThrottlePrune says which go first), and
	// returns how many are left.
	PruneThrottle(ctx context.Context, p ThrottlePrune) (int, error)
	// SignedIn reports whether pair (an account and a client address, as
	// one key) was remembered by RememberSignIn after since.
	SignedIn(ctx context.Context, pair string, since time.Time) (bool, error)
	// RememberSignIn records a sign-in of pair at at, forgets the sign-ins
	// remembered before forgetBefore, and keeps at most keep of them, the
	// most recent.
	RememberSignIn(ctx context.Context, pair string, at, forgetBefore time.Time, keep int) error
	// QuotaWait is how long until every quota has room for one more post
	// at now, counting the posts PostComment recorded for them: zero when
	// they all have. It only reads, so a flood is refused without a write;
	// PostComment checks again in its transaction.
	QuotaWait(ctx context.Context, now time.Time, quotas ...Quota) (time.Duration, error)
	// LimitRecords counts the rows these limits keep: sign-in counts,
	// remembered sign-ins and quota records, for tests and monitoring.
	LimitRecords(ctx context.Context) (throttle, signIns, quotas int, err error)
}

// MaxLimitKey bounds the keys of Limits and of quotas.
const MaxLimitKey = 100

// ThrottleCount is what the sign-in throttle keeps under one key: a client
// address or an account (auth.Throttle says what each field means).
type ThrottleCount struct {
	Key         string
	Failures    int
	WindowStart time.Time
	Blocks      int
	Until       time.Time
	// Pending attempts were let through and have not said how they ended;
	// Held of them (an account's) were held first. Both count only until
	// a while after PendingAt, the last time one was let through, so that
	// a node that died in the middle of attempts does not leave them
	// counted for ever.
	Pending   int
	Held      int
	PendingAt time.Time
	Seen      time.Time
}

// ThrottlePrune says which sign-in counts PruneThrottle drops. Counts last
// seen before QuietSince go unless they are blocked (Until after Now) or
// have attempts pending since InFlightSince. Then, beyond Keep, the least
// recently seen go, those that are not busy first: a count is busy while
// it is blocked, pending, or at the limit (Failures at least Limit).
type ThrottlePrune struct {
	Now           time.Time
	QuietSince    time.Time
	InFlightSince time.Time
	Limit         int
	Keep          int
}

// Quota is an allowance of comment posts: at most Limit of them within
// Window under Key (a client address or an email address, as a keyed
// hash). PostComment refuses a post for which a quota has no room, with
// an *OverQuota error, and otherwise records the post under every quota,
// in the transaction that stores the comment. A quota whose Limit is not
// positive does not apply.
type Quota struct {
	Key    string
	Limit  int
	Window time.Duration
}

// OverQuota is PostComment's refusal of a post for which a quota has no
// room: nothing was stored. Wait is how long until it has.
type OverQuota struct {
	Key  string
	Wait time.Duration
}

func (e *OverQuota) Error() string {
	return fmt.Sprintf("quota %s has no room for %v", e.Key, e.Wait)
}

// CheckLimitKeys refuses keys that no count can be kept under: the
// backends call it before touching the database.
func CheckLimitKeys(keys ...string) error {
	for _, k := range keys {
		if k == "" || len(k) > MaxLimitKey {
			return fmt.Errorf("limit key %q: 1 to %d bytes are needed", k, MaxLimitKey)
		}
	}
	return nil
}

// CheckQuotas is CheckLimitKeys for quotas, which also need a window.
func CheckQuotas(quotas []Quota) error {
	for _, q := range quotas {
		if err := CheckLimitKeys(q.Key); err != nil {
			return err
		}
		if q.Limit > 0 && q.Window <= 0 {
			return fmt.Errorf("quota %q: the window must be positive, not %v", q.Key, q.Window)
		}
	}
	return nil
}

// QuotaPrune is how many expired quota records a post deletes besides its
// own key's, so that the records of keys that never post again go too: a
// post adds at most one record a quota, so the expired ones cannot pile up.
const QuotaPrune = 8
