package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"dateline/internal/store"
)

const throttleColumns = `key, failures, window_start, blocks, blocked_until, pending, held, pending_at, seen`

// ThrottleCounts implements store.Limits.
func (s *Store) ThrottleCounts(ctx context.Context, keys ...string) ([]store.ThrottleCount, error) {
	if err := store.CheckLimitKeys(keys...); err != nil {
		return nil, err
	}
	out := make([]store.ThrottleCount, len(keys))
	for i, k := range keys {
		c, err := scanThrottle(s.queryRow(ctx, `SELECT `+throttleColumns+` FROM signin_throttle WHERE key = ?`, k))
		if err != nil {
			return nil, fmt.Errorf("sign-in counts: %w", err)
		}
		c.Key = k
		out[i] = c
	}
	return out, nil
}

// scanThrottle reads one row of signin_throttle; no row is the zero count.
func scanThrottle(r interface{ Scan(...any) error }) (store.ThrottleCount, error) {
	var c store.ThrottleCount
	var windowStart, until, pendingAt, seen sql.NullString
	err := r.Scan(&c.Key, &c.Failures, &windowStart, &c.Blocks, &until, &c.Pending, &c.Held, &pendingAt, &seen)
	if errors.Is(err, sql.ErrNoRows) {
		return store.ThrottleCount{}, nil
	}
	if err != nil {
		return c, err
	}
	c.WindowStart, c.Until, c.PendingAt, c.Seen = parseTime(windowStart), parseTime(until), parseTime(pendingAt), parseTime(seen)
	return c, nil
}

// UpdateThrottle implements store.Limits. The write transaction is the one
// SQLite lets the file have at a time, whichever process opened it, so
// nobody changes the rows between fn's reading and its writing.
func (s *Store) UpdateThrottle(ctx context.Context, keys []string, fn func([]store.ThrottleCount) ([]store.ThrottleCount, error)) error {
	if err := store.CheckLimitKeys(keys...); err != nil {
		return err
	}
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		counts := make([]store.ThrottleCount, len(keys))
		for i, k := range keys {
			c, err := scanThrottle(tx.QueryRowContext(ctx, `SELECT `+throttleColumns+` FROM signin_throttle WHERE key = ?`, k))
			if err != nil {
				return err
			}
			c.Key = k
			counts[i] = c
		}
		changed, err := fn(counts)
		if err != nil || changed == nil {
			return err
		}
		for _, c := range changed {
			if !slices.Contains(keys, c.Key) {
				return fmt.Errorf("count %q was not among those read", c.Key)
			}
			if _, err := tx.ExecContext(ctx, `INSERT INTO signin_throttle (`+throttleColumns+`)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
				ON CONFLICT (key) DO UPDATE SET failures = excluded.failures, window_start = excluded.window_start,
					blocks = excluded.blocks, blocked_until = excluded.blocked_until, pending = excluded.pending,
					held = excluded.held, pending_at = excluded.pending_at, seen = excluded.seen`,
				c.Key, c.Failures, formatTime(c.WindowStart), c.Blocks, formatTime(c.Until), c.Pending, c.Held,
				formatTime(c.PendingAt), formatTime(c.Seen)); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("update sign-in counts: %w", err)
	}
	return nil
}

// PruneThrottle implements store.Limits.
func (s *Store) PruneThrottle(ctx context.Context, p store.ThrottlePrune) (int, error) {
	now, quiet, inFlight := formatTime(p.Now), formatTime(p.QuietSince), formatTime(p.InFlightSince)
	// busy is store.ThrottlePrune's: blocked, at the limit, or in flight.
	const busy = `(blocked_until > ?1 OR failures >= ?2 OR (pending > 0 AND pending_at >= ?3))`
	var left int
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_throttle WHERE seen < ? AND blocked_until <= ?
			AND NOT (pending > 0 AND pending_at >= ?)`, quiet, now, inFlight); err != nil {
			return err
		}
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM signin_throttle`).Scan(&left); err != nil {
			return err
		}
		over := left - max(p.Keep, 0)
		if over <= 0 {
			return nil
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM signin_throttle WHERE key IN (
			SELECT key FROM signin_throttle ORDER BY `+busy+`, seen LIMIT ?4)`, now, p.Limit, inFlight, over)
		if err != nil {
			return err
		}
		n, err := res.RowsAffected()
		left -= int(n)
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("prune sign-in counts: %w", err)
	}
	return left, nil
}

// SignedIn implements store.Limits.
func (s *Store) SignedIn(ctx context.Context, pair string, since time.Time) (bool, error) {
	if err := store.CheckLimitKeys(pair); err != nil {
		return false, err
	}
	var known bool
	err := s.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM signin_known WHERE pair = ? AND at > ?)`, pair, formatTime(since)).Scan(&known)
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
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO signin_known (pair, at) VALUES (?, ?)
			ON CONFLICT (pair) DO UPDATE SET at = excluded.at`, pair, formatTime(at)); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM signin_known WHERE at < ?`, formatTime(forgetBefore)); err != nil {
			return err
		}
		// Only a right password adds a row, so this is rarely more than one.
		_, err := tx.ExecContext(ctx, `DELETE FROM signin_known WHERE pair IN (
			SELECT pair FROM signin_known ORDER BY at DESC LIMIT -1 OFFSET ?)`, max(keep, 1))
		return err
	})
	if err != nil {
		return fmt.Errorf("remember sign-in: %w", err)
	}
	return nil
}

// QuotaWait implements store.Limits.
func (s *Store) QuotaWait(ctx context.Context, now time.Time, quotas ...store.Quota) (time.Duration, error) {
	if err := store.CheckQuotas(quotas); err != nil {
		return 0, err
	}
	row := func(ctx context.Context, query string, args ...any) scanner { return s.queryRow(ctx, query, args...) }
	wait, _, err := quotaWaits(ctx, row, now, quotas)
	if err != nil {
		return 0, fmt.Errorf("comment quotas: %w", err)
	}
	return wait, nil
}

// quotaWaits is how long until every quota has room at now, and which
// quota waits longest, read through row (the reader pool, or the post's
// transaction) in one statement: for each quota, the Limit-th newest of
// its records still running, which makes room when it runs out.
func quotaWaits(ctx context.Context, row func(context.Context, string, ...any) scanner, now time.Time, quotas []store.Quota) (time.Duration, int, error) {
	var cols []string
	var args []any
	var which []int
	for i, q := range quotas {
		if q.Limit <= 0 {
			continue
		}
		cols = append(cols, `(SELECT expires_at FROM post_quotas WHERE key = ? AND expires_at > ?
			ORDER BY expires_at DESC LIMIT 1 OFFSET ?)`)
		args = append(args, q.Key, formatTime(now), q.Limit-1)
		which = append(which, i)
	}
	if len(cols) == 0 {
		return 0, -1, nil
	}
	ats := make([]sql.NullString, len(cols))
	dest := make([]any, len(cols))
	for i := range ats {
		dest[i] = &ats[i]
	}
	if err := row(ctx, `SELECT `+strings.Join(cols, ", "), args...).Scan(dest...); err != nil {
		return 0, -1, err
	}
	var wait time.Duration
	longest := -1
	for i, at := range ats {
		if w := parseTime(at).Sub(now); at.Valid && w > wait {
			wait, longest = w, which[i]
		}
	}
	return wait, longest, nil
}

// takeQuotas checks a post at now against quotas and records it under
// each, in the post's transaction, in three statements whatever the
// number of quotas: a quota without room is *OverQuota.
func takeQuotas(ctx context.Context, tx *sql.Tx, now time.Time, quotas []store.Quota) error {
	if err := store.CheckQuotas(quotas); err != nil {
		return err
	}
	row := func(ctx context.Context, query string, args ...any) scanner {
		return tx.QueryRowContext(ctx, query, args...)
	}
	wait, longest, err := quotaWaits(ctx, row, now, quotas)
	if err != nil {
		return fmt.Errorf("comment quotas: %w", err)
	}
	if wait > 0 {
		return &store.OverQuota{Key: quotas[longest].Key, Wait: wait}
	}
	var values []string
	var args []any
	for _, q := range quotas {
		if q.Limit > 0 {
			values = append(values, "(?, ?)")
			args = append(args, q.Key, formatTime(now.Add(q.Window)))
		}
	}
	if len(values) == 0 {
		return nil
	}
	// Expired records go, anyone's, a few a post: the query above never
	// counts them, and this keeps them from piling up.
	if _, err := tx.ExecContext(ctx, `DELETE FROM post_quotas WHERE rowid IN (
		SELECT rowid FROM post_quotas WHERE expires_at <= ? LIMIT ?)`, formatTime(now), store.QuotaPrune); err != nil {
		return fmt.Errorf("prune quotas: %w", err)
	}
	if _, err := tx.ExecContext(ctx, `INSERT INTO post_quotas (key, expires_at) VALUES `+strings.Join(values, ", "), args...); err != nil {
		return fmt.Errorf("record quotas: %w", err)
	}
	return nil
}

// LimitRecords implements store.Limits.
func (s *Store) LimitRecords(ctx context.Context) (throttle, signIns, quotas int, err error) {
	err = s.queryRow(ctx, `SELECT (SELECT COUNT(*) FROM signin_throttle), (SELECT COUNT(*) FROM signin_known),
		(SELECT COUNT(*) FROM post_quotas)`).Scan(&throttle, &signIns, &quotas)
	if err != nil {
		err = fmt.Errorf("count limit records: %w", err)
	}
	return throttle, signIns, quotas, err
}
