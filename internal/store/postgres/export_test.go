package postgres

import (
	"context"

	"github.com/jackc/pgx/v5/pgxpool"
)

// OnQuery makes every read query the store runs go to f first, for the
// query-plan test.
func (s *Store) OnQuery(f func(query string, args []any)) { s.onQuery = f }

// FreeSlugQuery is the search for a free slug, for the query-plan test.
const FreeSlugQuery = freeSlugQuery

// ReplayAs makes the replica answer as a standby that has replayed the
// primary's WAL up to what at says, whenever the store asks.
func (s *Store) ReplayAs(at func() int64) {
	s.replica.replay = func(context.Context) (int64, bool, error) { return at(), true, nil }
}

// ReplicaNeeds is the primary's WAL position the replica must have
// replayed before readers' reads go to it.
func (s *Store) ReplicaNeeds() int64 { return s.replica.need.Load() }

// ReplicaPool is the replica's pool.
func (s *Store) ReplicaPool() *pgxpool.Pool { return s.replica.pool }

// OpenAt opens the database at url migrated no further than migration
// last, for the tests of a migration.
func OpenAt(ctx context.Context, url string, last int) (*Store, error) {
	return open(ctx, url, "", last)
}
