package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"strings"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// A replica (--db-replica) answers the reads of readers' public requests,
// those whose context store.Replica marked; every write, every read in a
// transaction, and every read of the newsroom, the API and the
// background jobs stay on the primary.
//
// A standby is a moment behind its primary, and a page rendered from it
// just after a change would be kept by the page cache, which the change
// has just purged, as it was before. So the store follows the primary's
// WAL position after every write it knows of: its own commits, and the
// rows of the change log that bring other nodes' writes (which come
// before the purges they cause). A marked read goes to the replica only
// while the replica has replayed that far (pg_last_wal_replay_lsn), and
// to the primary otherwise; while the replica keeps up, asking costs
// nothing, since the position it last said is remembered. A replica that
// is not a standby (a pooler's read endpoint onto the primary, a role
// with default_transaction_read_only) has no replay position and is taken
// as current.
type replica struct {
	pool *pgxpool.Pool

	// need is the primary's WAL position just after the newest write this
	// process knows of; unknown is set while the last attempt to learn it
	// failed, which keeps reads on the primary until a write succeeds in
	// telling it.
	need    atomic.Int64
	unknown atomic.Bool
	// replayed is how far the replica said it had replayed, the last time
	// it was asked; always is set once it said it is no standby.
	replayed atomic.Int64
	always   atomic.Bool

	// replay asks the replica how far it has replayed the primary's WAL,
	// and whether it is a standby at all; tests put a standby's answers
	// in its place.
	replay func(ctx context.Context) (lsn int64, standby bool, err error)

	// downUntil is when to try the replica again (Unix nanoseconds) after
	// it could not be reached; fallbacks counts the reads that went to
	// the primary because of it.
	downUntil atomic.Int64
	fallbacks atomic.Int64
}

// replicaRetry is how long reads stay on the primary after the replica
// could not be reached, before it is tried again: a stopped standby
// costs one failed connection attempt this often, not one a read.
const replicaRetry = 5 * time.Second

func openReplica(ctx context.Context, url string, schema int) (*replica, error) {
	pool, err := connect(ctx, url)
	if err != nil {
		return nil, fmt.Errorf("replica: %w", err)
	}
	r := &replica{pool: pool}
	r.replay = r.askReplay
	if err := ready(ctx, pool, "database replica", schema); err != nil {
		pool.Close()
		return nil, err
	}
	return r, nil
}

func (r *replica) askReplay(ctx context.Context) (int64, bool, error) {
	var lsn *int64
	if err := r.pool.QueryRow(ctx, `SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint`).Scan(&lsn); err != nil {
		return 0, false, err
	}
	if lsn == nil {
		return 0, false, nil
	}
	return *lsn, true, nil
}

// current reports whether the replica has every write this process knows
// of, asking it only when the position it last said is behind.
func (r *replica) current(ctx context.Context) bool {
	if r.unknown.Load() || time.Now().UnixNano() < r.downUntil.Load() {
		return false
	}
	if r.always.Load() {
		return true
	}
	need := r.need.Load()
	if r.replayed.Load() >= need {
		return true
	}
	lsn, standby, err := r.replay(ctx)
	switch {
	case err != nil:
		r.lost(ctx, err)
		return false // the primary answers
	case !standby:
		r.always.Store(true)
		return true
	}
	raise(&r.replayed, lsn)
	return lsn >= need
}

// wrote learns the primary's WAL position after a write this process
// made or learnt of, so that the replica is not read until it has
// replayed that far.
func (s *Store) wrote(ctx context.Context) {
	if s.replica == nil {
		return
	}
	var lsn int64
	if err := s.pool.QueryRow(context.WithoutCancel(ctx), `SELECT (pg_current_wal_lsn() - '0/0')::bigint`).Scan(&lsn); err != nil {
		s.replica.unknown.Store(true)
		return
	}
	raise(&s.replica.need, lsn)
	s.replica.unknown.Store(false)
}

// raise sets v to n if n is larger.
func raise(v *atomic.Int64, n int64) {
	for {
		old := v.Load()
		if n <= old || v.CompareAndSwap(old, n) {
			return
		}
	}
}

// lost reports whether err says that the replica could not be reached
// (refused, gone, shutting down, still starting), and if so keeps reads
// on the primary for replicaRetry. A read that the request itself gave up
// on is not the replica's fault.
func (r *replica) lost(ctx context.Context, err error) bool {
	if ctx.Err() != nil || !unreachable(err) {
		return false
	}
	r.downUntil.Store(time.Now().Add(replicaRetry).UnixNano())
	return true
}

// unreachable reports whether err is a failure to reach a server rather
// than an answer from it.
func unreachable(err error) bool {
	var pgErr *pgconn.PgError
	if errors.As(err, &pgErr) {
		switch pgErr.Code {
		case "57P01", "57P02", "57P03": // admin shutdown, crash shutdown, cannot connect now
			return true
		}
		return strings.HasPrefix(pgErr.Code, "08") // connection exceptions
	}
	var connect *pgconn.ConnectError
	var netErr net.Error
	return errors.As(err, &connect) || errors.As(err, &netErr) || errors.Is(err, io.EOF) ||
		errors.Is(err, io.ErrUnexpectedEOF) || pgconn.SafeToRetry(err)
}

// replicaReads is where a reader's read runs while the replica is
// current: on the replica, and on the primary when the replica cannot be
// reached, so that a standby that stops (an upgrade, a failover, a crash)
// leaves readers served by the primary rather than given error pages.
type replicaReads struct {
	r       *replica
	primary *pgxpool.Pool
}

func (q replicaReads) Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return q.primary.Exec(ctx, sql, args...) // never a reader's: writes are the primary's
}

func (q replicaReads) Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	rows, err := q.r.pool.Query(ctx, sql, args...)
	if err != nil && q.r.lost(ctx, err) {
		q.r.fallbacks.Add(1)
		return q.primary.Query(ctx, sql, args...)
	}
	return rows, err
}

func (q replicaReads) QueryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return fallbackRow{q: q, ctx: ctx, sql: sql, args: args, row: q.r.pool.QueryRow(ctx, sql, args...)}
}

// fallbackRow is the replica's row, read again from the primary when the
// replica could not be reached.
type fallbackRow struct {
	q    replicaReads
	ctx  context.Context
	sql  string
	args []any
	row  pgx.Row
}

func (f fallbackRow) Scan(dest ...any) error {
	err := f.row.Scan(dest...)
	if err != nil && f.q.r.lost(f.ctx, err) {
		f.q.r.fallbacks.Add(1)
		return f.q.primary.QueryRow(f.ctx, f.sql, f.args...).Scan(dest...)
	}
	return err
}

// ReplicaHealth says whether the replica is being read (false while it
// could not be reached, for replicaRetry after each failure) and how many
// reads went to the primary because it could not be; ok is false without
// a replica. For /metrics.
func (s *Store) ReplicaHealth() (up bool, fallbacks int64, ok bool) {
	if s.replica == nil {
		return false, 0, false
	}
	return time.Now().UnixNano() >= s.replica.downUntil.Load(), s.replica.fallbacks.Load(), true
}
