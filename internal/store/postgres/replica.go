package postgres

import (
	"context"
	"fmt"
	"sync/atomic"

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
}

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
	if r.unknown.Load() {
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
		return false // the primary answers; the replica's trouble shows on /readyz
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
