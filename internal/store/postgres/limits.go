package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/store"
)

const throttleColumns = `key, failures, window_start, blocks, blocked_until, pending, held, pending_at, seen`

// ThrottleCounts implements store.Limits. It reads the primary: a count a
// moment old on a replica would let a guess through that another node has
// just refused.
func (s *Store) ThrottleCounts(ctx context.Context, keys ...string) ([]store.ThrottleCount, error) {
	if err := store.CheckLimitKeys(keys...); err != nil {
		return nil, err
	}
	counts, err := readThrottle(ctx, s.db(store.Primary(ctx)), keys)
	if err != nil {
		return nil, fmt.Errorf("sign-in counts: %w", err)
	}
	return counts, nil
}

// readThrottle reads the counts of keys, in their order; a key without a
// row has only its Key set.
func readThrottle(ctx context.Context, q querier, keys []string) ([]store.ThrottleCount, error) {
	rows, err := q.Query(ctx, `SELECT `+throttleColumns+` FROM signin_throttle WHERE key = ANY($1)`, keys)
	if err != nil {
		return nil, err
	}
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (store.ThrottleCount, error) {
		var c store.ThrottleCount
		err := r.Scan(&c.Key, &c.Failures, &c.WindowStart, &c.Blocks, &c.Until, &c.Pending, &c.Held, &c.PendingAt, &c.Seen)
		c.WindowStart, c.Until, c.PendingAt, c.Seen = zeroUTC(c.WindowStart), zeroUTC(c.Until), zeroUTC(c.PendingAt), zeroUTC(c.Seen)
		return c, err
	})
	if err != nil {
		return nil, err
	}
	out := make([]store.ThrottleCount, len(keys))
	for i, k := range keys {
		out[i].Key = k
		if j := slices.IndexFunc(found, func(c store.ThrottleCount) bool { return c.Key == k }); j >= 0 {
			out[i] = found[j]
		}
	}
	return out, nil
}

// zeroUTC gives back the zero time that was stored as 0001-01-01 UTC as
// Go's zero time, and every other time in UTC.
func zeroUTC(t time.Time) time.Time {
	if t.Year() <= 1 {
		return time.Time{}
	}
	return t.UTC()
}

// errUnchanged rolls back an UpdateThrottle whose fn changed nothing.
var errUnchanged = errors.New("unchanged")

// UpdateThrottle implements store.Limits. An advisory lock on each key,
// taken in the keys' order so that two updates cannot wait on each other,
// holds every other update of them until this one commits, rows or none.
func (s *Store) UpdateThrottle(ctx context.Context, keys []string, fn func([]store.ThrottleCount) ([]store.ThrottleCount, error)) error {
	if err := store.CheckLimitKeys(keys...); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if err := lockKeys(ctx, tx, lockThrottle, keys); err != nil {
			return err
		}
		counts, err := readThrottle(ctx, tx, keys)
		if err != nil {
			return err
		}
		changed, err := fn(counts)
		if err != nil {
			return err
		}
		if changed == nil {
			return errUnchanged
		}
		for _, c := range changed {
			if !slices.Contains(keys, c.Key) {
				return fmt.Errorf("count %q was not among those read", c.Key)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO signin_throttle (`+throttleColumns+`)
				VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
				ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
					blocks = excluded.blocks, blocked_until = excluded.blocked_until, pending = excluded.pending,
					held = excluded.held, pending_at = excluded.pending_at, seen = excluded.seen`,
				c.Key, c.Failures, c.WindowStart.UTC(), c.Blocks, c.Until.UTC(), c.Pending, c.Held,
				c.PendingAt.UTC(), c.Seen.UTC()); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil && !errors.Is(err, errUnchanged) {
		return fmt.Errorf("update sign-in counts: %w", err)
	}
	return nil
}

// PruneThrottle implements store.Limits. Rows another node's prune is
// deleting are skipped, so two prunes at once do not wait on each other.
func (s *Store) PruneThrottle(ctx context.Context, p store.ThrottlePrune) (int, error) {
	// busy is store.ThrottlePrune's: blocked, at the limit, or in flight.
	const busy = `(blocked_until > $1 OR failures >= $2 OR (pending > 0 AND pending_at >= $3))`
	var left int
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `DELETE FROM signin_throttle WHERE key IN (
			SELECT key FROM signin_throttle WHERE seen < $1 AND blocked_until <= $2
				AND NOT (pending > 0 AND pending_at >= $3) FOR UPDATE SKIP LOCKED)`,
			p.QuietSince.UTC(), p.Now.UTC(), p.InFlightSince.UTC()); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM signin_throttle`).Scan(&left); err != nil {
			return err
		}
		over := left - max(p.Keep, 0)
		if over <= 0 {
			return nil
		}
		tag, err := tx.Exec(ctx, `DELETE FROM signin_throttle WHERE key IN (
			SELECT key FROM signin_throttle ORDER BY `+busy+`, seen LIMIT $4 FOR UPDATE SKIP LOCKED)`,
			p.Now.UTC(), p.Limit, p.InFlightSince.UTC(), over)
		left -= int(tag.RowsAffected())
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune sign-in counts: %w", err)
	}
	return left, nil
}

// SignedIn implements store.Limits, on the primary like ThrottleCounts.
func (s *Store) SignedIn(ctx context.Context, pair string, since time.Time) (bool, error) {
	if err := store.CheckLimitKeys(pair); err != nil {
		return false, err
	}
	var known bool
	err := s.db(store.Primary(ctx)).QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM signin_known WHERE pair = $1 AND at > $2)`,
		pair, since.UTC()).Scan(&known)
	if err != nil {
		return false, fmt.Errorf("remembered sign-in: %w", err)
	}
	return known, nil
}

// RememberSignIn implements store.Limits.
func (s *Store) RememberSignIn(ctx context.Context, pair string, at, forgetBefore time.Time, keep int) error {
	if err := store.CheckLimitKeys(pair); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `INSERT INTO signin_known (pair, at) VALUES ($1, $2)
			ON CONFLICT (pair) DO UPDATE SET at = excluded.at`, pair, at.UTC()); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM signin_known WHERE pair IN (
			SELECT pair FROM signin_known WHERE at < $1 FOR UPDATE SKIP LOCKED)`, forgetBefore.UTC()); err != nil {
			return err
		}
		// Only a right password adds a row, so this is rarely more than one.
		_, err := tx.Exec(ctx, `DELETE FROM signin_known WHERE pair IN (
			SELECT pair FROM signin_known ORDER BY at DESC OFFSET $1 FOR UPDATE SKIP LOCKED)`, max(keep, 1))
		return err
	})
	if err != nil {
		return fmt.Errorf("remember sign-in: %w", err)
	}
	return nil
}

// QuotaWait implements store.Limits, on the primary like ThrottleCounts.
func (s *Store) QuotaWait(ctx context.Context, now time.Time, quotas ...store.Quota) (time.Duration, error) {
	if err := store.CheckQuotas(quotas); err != nil {
		return 0, err
	}
	wait, _, err := quotaWaits(ctx, s.db(store.Primary(ctx)), now, quotas)
	if err != nil {
		return 0, fmt.Errorf("comment quotas: %w", err)
	}
	return wait, nil
}

// quotaWaits is how long until every quota has room at now, and which
// quota waits longest, in one statement: for each quota, the Limit-th
// newest of its records still running, which makes room when it runs out.
func quotaWaits(ctx context.Context, db querier, now time.Time, quotas []store.Quota) (time.Duration, int, error) {
	var cols []string
	args := []any{now.UTC()}
	var which []int
	for i, q := range quotas {
		if q.Limit <= 0 {
			continue
		}
		n := len(args)
		cols = append(cols, fmt.Sprintf(`(SELECT expires_at FROM post_quotas WHERE key = $%d AND expires_at > $1
			ORDER BY expires_at DESC LIMIT 1 OFFSET $%d)`, n+1, n+2))
		args = append(args, q.Key, q.Limit-1)
		which = append(which, i)
	}
	if len(cols) == 0 {
		return 0, -1, nil
	}
	ats := make([]*time.Time, len(cols))
	dest := make([]any, len(cols))
	for i := range ats {
		dest[i] = &ats[i]
	}
	if err := db.QueryRow(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(dest...); err != nil {
		return 0, -1, err
	}
	var wait time.Duration
	longest := -1
	for i, at := range ats {
		if at != nil && at.Sub(now) > wait {
			wait, longest = at.Sub(now), which[i]
		}
	}
	return wait, longest, nil
}

// takeQuotas checks a post at now against quotas and records it under
// each, in the post's transaction; a quota without room is *OverQuota. The
// advisory lock of each key makes posts under one key count one after the
// other, each in a snapshot that sees the records of those before it.
func takeQuotas(ctx context.Context, tx pgx.Tx, now time.Time, quotas []store.Quota) error {
	var keys []string
	var expiries []time.Time
	for _, q := range quotas {
		if q.Limit > 0 {
			keys = append(keys, q.Key)
			expiries = append(expiries, now.Add(q.Window).UTC())
		}
	}
	if len(keys) == 0 {
		return nil
	}
	if err := lockKeys(ctx, tx, lockQuota, keys); err != nil {
		return err
	}
	wait, longest, err := quotaWaits(ctx, tx, now, quotas)
	if err != nil {
		return fmt.Errorf("comment quotas: %w", err)
	}
	if wait > 0 {
		return &store.OverQuota{Key: quotas[longest].Key, Wait: wait}
	}
	// Expired records go, anyone's, a few a post: the query above never
	// counts them, and this keeps them from piling up.
	if _, err := tx.Exec(ctx, `DELETE FROM post_quotas WHERE ctid IN (
		SELECT ctid FROM post_quotas WHERE expires_at <= $1 LIMIT $2 FOR UPDATE SKIP LOCKED)`,
		now.UTC(), store.QuotaPrune); err != nil {
		return fmt.Errorf("prune quotas: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO post_quotas (key, expires_at) SELECT * FROM unnest($1::text[], $2::timestamptz[])`,
		keys, expiries); err != nil {
		return fmt.Errorf("record quotas: %w", err)
	}
	return nil
}

// lockKeys takes the advisory lock of each key under kind, in sorted
// order, until the transaction ends, in one statement.
func lockKeys(ctx context.Context, tx pgx.Tx, kind int, keys []string) error {
	_, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(k))
		FROM (SELECT DISTINCT k FROM unnest($2::text[]) AS k ORDER BY k) AS sorted`, kind, keys)
	return err
}

// LimitRecords implements store.Limits.
func (s *Store) LimitRecords(ctx context.Context) (throttle, signIns, quotas int, err error) {
	err = s.pool.QueryRow(ctx, `SELECT (SELECT COUNT(*) FROM signin_throttle), (SELECT COUNT(*) FROM signin_known),
		(SELECT COUNT(*) FROM post_quotas)`).Scan(&throttle, &signIns, &quotas)
	if err != nil {
		err = fmt.Errorf("count limit records: %w", err)
	}
	return throttle, signIns, quotas, err
}
