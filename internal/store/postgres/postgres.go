// Package postgres keeps dateline's content in PostgreSQL, through
// github.com/jackc/pgx/v5 and its pool (pgxpool), so that several
// stateless nodes can serve one site.
//
// It implements store.Store exactly as package sqlite does, and runs the
// same conformance suite (storetest). Where the engines differ the
// difference is kept inside this package: PostgreSQL runs writers at
// once where SQLite queues them, so the few writes whose correctness
// SQLite got from its single writer (a recount, the numbering of the
// change log, a free slug) take a row or advisory lock here; a failed
// statement spoils its whole transaction, so every write under
// InTransaction is a savepoint; full-text search is PostgreSQL's own
// (search.go).
//
// The schema is made by the numbered migrations embedded in migrations/,
// applied at Open under an advisory lock, so that nodes starting at once
// migrate once. The tables live in the first schema of the connection's
// search_path (public unless the URL says otherwise:
// postgres://…?search_path=dateline).
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"net/url"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/pgxpool"

	"dateline/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the PostgreSQL implementation of store.Store.
type Store struct {
	pool *pgxpool.Pool

	// replica, when --db-replica names one, answers the reads of readers'
	// public requests (store.Replica) while it has replayed every write
	// this process knows of (replica.go); nil without one.
	replica *replica

	// onQuery, when set by a test, sees every read query before it runs;
	// the query-plan test uses it to EXPLAIN exactly what the pages ask.
	onQuery func(query string, args []any)

	// schema is the newest migration embedded in this program; Ready
	// checks that the database has it.
	schema int

	writes *store.WriteHealth // whether the server takes the writes
}

var _ store.Store = (*Store)(nil)

// Open connects to the database at url (a postgres:// URL, with any of
// pgx's parameters, such as pool_max_conns) and brings its schema up to
// date. A database that refuses writes (a standby, a read-only
// transaction default) is refused with an error that wraps
// store.ErrReadOnly, as SQLite refuses a read-only file.
func Open(ctx context.Context, url string) (*Store, error) {
	return OpenReplicated(ctx, url, "")
}

// OpenReplicated is Open with a read-only replica of the same database at
// replicaURL (none when it is empty), for the reads of readers' public
// requests: see replica.go. The replica must hold the schema already (its
// primary migrates it); it is not written, nor asked to take writes.
func OpenReplicated(ctx context.Context, url, replicaURL string) (*Store, error) {
	return open(ctx, url, replicaURL, math.MaxInt)
}

// open is OpenReplicated, migrating no further than migration last (for
// the tests of a migration, which need the schema before it).
func open(ctx context.Context, url, replicaURL string, last int) (*Store, error) {
	pool, err := connect(ctx, url)
	if err != nil {
		return nil, err
	}
	s := &Store{pool: pool, writes: store.NewWriteHealth("database")}
	if err := s.migrate(ctx, last); err != nil {
		pool.Close()
		return nil, s.classify(err)
	}
	if replicaURL != "" {
		if s.replica, err = openReplica(ctx, replicaURL, s.schema); err != nil {
			pool.Close()
			return nil, err
		}
		s.wrote(ctx) // what other nodes wrote before this one started
	}
	return s, nil
}

// connect makes a pool for the database at url, of DefaultPoolSize
// connections unless the URL's pool_max_conns says otherwise.
func connect(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("database URL: %w", err)
	}
	if !saysPoolSize(url) {
		cfg.MaxConns = DefaultPoolSize()
	}
	// Operators see dateline's connections by name in pg_stat_activity,
	// and a restore refuses a database a server is connected to.
	if cfg.ConnConfig.RuntimeParams["application_name"] == "" {
		cfg.ConnConfig.RuntimeParams["application_name"] = "dateline"
	}
	cfg.AfterConnect = func(_ context.Context, c *pgx.Conn) error {
		// Times come back in UTC, as they were written, not in the
		// machine's zone.
		c.TypeMap().RegisterType(&pgtype.Type{Name: "timestamptz", OID: pgtype.TimestamptzOID,
			Codec: &pgtype.TimestamptzCodec{ScanLocation: time.UTC}})
		return nil
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("connect to the database: %w", err)
	}
	return pool, nil
}

// DefaultPoolSize is the size of a pool whose URL does not name one with
// pool_max_conns: four connections for each core Go may use
// (GOMAXPROCS), and at least 8. A connection spends most of a query
// waiting for the network and the server, not on this node's cores, so
// a core keeps several busy; pgx's own default, one a core and at least
// 4, left uncached pages waiting for a connection on two cores
// (docs/benchmarks.md). The bound stays small beside PostgreSQL's
// max_connections (100 by default) for a few nodes; docs/scaling.md says
// how to count it for many.
func DefaultPoolSize() int32 {
	return int32(max(8, 4*runtime.GOMAXPROCS(0)))
}

// saysPoolSize reports whether the database URL names its pool's size, in
// the URL form (postgres://…?pool_max_conns=N) or the keyword form
// (host=… pool_max_conns=N) that pgx also reads.
func saysPoolSize(raw string) bool {
	if u, err := url.Parse(raw); err == nil && (u.Scheme == "postgres" || u.Scheme == "postgresql") {
		return u.Query().Has("pool_max_conns")
	}
	return strings.Contains(raw, "pool_max_conns=")
}

// Close closes the pools, waiting for connections in use to come back.
func (s *Store) Close() error {
	s.pool.Close()
	if s.replica != nil {
		s.replica.pool.Close()
	}
	return nil
}

// Pool exposes the connection pool to tests in this module, to /metrics,
// and to moving a site from SQLite (package move), which copies every
// table into it in bulk, in one transaction.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// PoolStat is the primary's pool's figures in the form /metrics writes
// for every backend's pools.
func (s *Store) PoolStat() sql.DBStats { return poolStat(s.pool) }

// ReplicaPoolStat is the replica's pool's figures, and false without a
// replica.
func (s *Store) ReplicaPoolStat() (sql.DBStats, bool) {
	if s.replica == nil {
		return sql.DBStats{}, false
	}
	return poolStat(s.replica.pool), true
}

func poolStat(p *pgxpool.Pool) sql.DBStats {
	st := p.Stat()
	return sql.DBStats{
		MaxOpenConnections: int(st.MaxConns()),
		OpenConnections:    int(st.TotalConns()),
		InUse:              int(st.AcquiredConns()),
		Idle:               int(st.IdleConns()),
		WaitCount:          st.EmptyAcquireCount(),
		WaitDuration:       st.EmptyAcquireWaitTime(),
	}
}

// Writes follows whether the database takes writes: /readyz and /metrics
// read it, and it logs when writes stop and start again.
func (s *Store) Writes() *store.WriteHealth { return s.writes }

// Schema is the number of the newest migration embedded in this program.
func Schema() int {
	list, _ := migrationList()
	if len(list) == 0 {
		return 0
	}
	return list[len(list)-1].version
}

type migration struct {
	version int
	name    string
}

// migrationList is the embedded migrations in order, refusing two files
// with one number: only the number is recorded, so the second would be
// skipped without a word.
func migrationList() ([]migration, error) {
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	var list []migration
	seen := map[int]string{}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return nil, fmt.Errorf("migration %s: name must start with a number", base)
		}
		if other, dup := seen[version]; dup {
			return nil, fmt.Errorf("migrations %s and %s share the number %d", other, base, version)
		}
		seen[version] = base
		list = append(list, migration{version, name})
	}
	return list, nil
}

// migrate applies, in order and each in its own transaction, the embedded
// migrations up to last not yet recorded in schema_migrations. It holds an
// advisory lock on the schema for the whole run, so that of several nodes starting
// at once one migrates and the others wait, then find nothing to do.
func (s *Store) migrate(ctx context.Context, last int) error {
	list, err := migrationList()
	if err != nil {
		return err
	}
	conn, err := s.pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	defer conn.Release()
	var schema *string
	if err := conn.QueryRow(ctx, `SELECT current_schema()`).Scan(&schema); err != nil {
		return fmt.Errorf("connect to the database: %w", err)
	}
	if schema == nil {
		return errors.New("no schema to keep the tables in: the search_path names none that exists (create it, or fix search_path in the URL)")
	}
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1, hashtext($2))`, lockMigrate, *schema); err != nil {
		return fmt.Errorf("wait for other nodes' migrations: %w", err)
	}
	defer conn.Exec(context.WithoutCancel(ctx), `SELECT pg_advisory_unlock($1, hashtext($2))`, lockMigrate, *schema)
	if _, err := conn.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version integer PRIMARY KEY, applied_at timestamptz NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	for _, m := range list {
		if m.version > last {
			break
		}
		if err := apply(ctx, conn.Conn(), m); err != nil {
			return fmt.Errorf("migration %s: %w", strings.TrimPrefix(m.name, "migrations/"), err)
		}
		s.schema = max(s.schema, m.version)
	}
	return nil
}

// The advisory locks this package takes, by their first key. The second
// key tells apart what is locked: the schema, the base of a slug. (The
// search migration takes one of its own, database-wide, to make the
// extensions.)
const (
	lockMigrate  = 0x64617465 // "date": migrations of one schema
	lockSlug     = 0x736c7567 // "slug": the free slug of one base
	lockChanges  = 0x63686e67 // "chng": the numbering of the change log
	lockThrottle = 0x7468726f // "thro": the sign-in counts of one key
	lockQuota    = 0x71756f74 // "quot": the comment quota of one key
)

func apply(ctx context.Context, conn *pgx.Conn, m migration) error {
	body, err := migrations.ReadFile(m.name)
	if err != nil {
		return err
	}
	return pgx.BeginFunc(ctx, conn, func(tx pgx.Tx) error {
		var done bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM schema_migrations WHERE version = $1)`, m.version).Scan(&done); err != nil {
			return err
		}
		if done {
			return nil
		}
		// Without arguments pgx sends the file as one simple query, so a
		// migration may hold many statements.
		if _, err := tx.Exec(ctx, string(body)); err != nil {
			return err
		}
		_, err := tx.Exec(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES ($1, now())`, m.version)
		return err
	})
}

// Ready implements store.Site: one indexed read of the newest migration
// recorded, on the primary and on the replica when there is one (the
// readers' pages need it). A database that another program migrated
// further is ready too.
func (s *Store) Ready(ctx context.Context) error {
	if err := ready(ctx, s.pool, "database", s.schema); err != nil {
		return err
	}
	if s.replica != nil {
		// A replica that cannot be reached, or lags behind the schema,
		// leaves this node ready: its readers are served by the primary
		// meanwhile (/metrics: dateline_db_replica_up).
		if err := ready(ctx, s.replica.pool, "database replica", s.schema); err != nil && ctx.Err() == nil {
			s.replica.downUntil.Store(time.Now().Add(replicaRetry).UnixNano())
		}
	}
	return nil
}

func ready(ctx context.Context, db querier, what string, schema int) error {
	var version int
	if err := db.QueryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return fmt.Errorf("%s unreachable: %w", what, err)
	}
	if version < schema {
		return fmt.Errorf("%s schema at migration %d, this program needs %d", what, version, schema)
	}
	return nil
}

// querier runs statements: the pool, a transaction and a connection are
// each one.
type querier interface {
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
}

// db is where a read runs: in the transaction ctx is in, so that it sees
// what was written there; on the replica for a reader's public request
// while the replica has every write this process knows of; or on the
// primary's pool.
func (s *Store) db(ctx context.Context) querier {
	if j := s.joined(ctx); j != nil {
		return j.tx
	}
	if s.replica != nil && store.OnReplica(ctx) && s.replica.current(ctx) {
		return replicaReads{r: s.replica, primary: s.pool}
	}
	return s.pool
}

func (s *Store) query(ctx context.Context, query string, args ...any) (pgx.Rows, error) {
	if s.onQuery != nil {
		s.onQuery(query, args)
	}
	return s.db(ctx).Query(ctx, query, args...)
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) pgx.Row {
	if s.onQuery != nil {
		s.onQuery(query, args)
	}
	return s.db(ctx).QueryRow(ctx, query, args...)
}

// retries bounds how often a transaction that lost a deadlock or a
// serialisation race to another is run again.
const retries = 3

// inTx runs fn in a write transaction, committing when fn returns nil.
// It is the one way writes reach the database: a failure is classified
// (a full disk or a read-only server becomes store.ErrFull or
// store.ErrReadOnly) and every outcome is told to s.writes. A transaction
// that PostgreSQL aborted to break a deadlock with another writer is run
// again, as SQLite's queue of writers would have run it after the other.
// Under a context in a transaction of InTransaction it is a savepoint of
// that one, undone alone when fn fails; the outcome of the whole is told.
func (s *Store) inTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	return s.inTxTries(ctx, retries, fn)
}

// inTxTries is inTx making at most tries attempts: 1 for a transaction
// whose fn tells the caller of what it did as it goes (the caller's own
// writes under InTransaction, the refusals of an import), which a second
// run could not take back.
func (s *Store) inTxTries(ctx context.Context, tries int, fn func(tx pgx.Tx) error) error {
	if j := s.joined(ctx); j != nil {
		return s.classify(j.savepoint(ctx, func() error { return fn(j.tx) }))
	}
	for attempt := 1; ; attempt++ {
		err := s.runTx(ctx, fn)
		if err == nil || attempt >= tries || !retryable(err) {
			return s.refused(err)
		}
	}
}

func (s *Store) runTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	tx, err := s.pool.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) // after a commit, a no-op; undoes fn's writes if it panics
	if err := fn(tx); err != nil {
		return err
	}
	// While writes are refused, a transaction that changed nothing still
	// commits, having nothing to write (a sweep that finds no due mail):
	// it says nothing of the server, so only one that wrote (and so was
	// given a transaction id) counts as writes going through again.
	wrote := true
	if s.writes.Refused() {
		var xid *int64
		if err := tx.QueryRow(ctx, `SELECT txid_current_if_assigned()`).Scan(&xid); err == nil {
			wrote = xid != nil
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return err
	}
	if wrote {
		s.writes.Observe(nil)
		s.wrote(ctx)
	}
	return nil
}

// exec runs one write statement in its own transaction and returns how many
// rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	var n int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, query, args...)
		n = tag.RowsAffected()
		return err
	})
	return n, err
}

// insertID runs one INSERT … RETURNING id in its own transaction.
func (s *Store) insertID(ctx context.Context, query string, args ...any) (int64, error) {
	var id int64
	err := s.inTx(ctx, func(tx pgx.Tx) error { return tx.QueryRow(ctx, query, args...).Scan(&id) })
	return id, err
}

// refused classifies the error of a write that failed (see classify) and
// tells s.writes of it.
func (s *Store) refused(err error) error {
	if err == nil {
		return nil
	}
	err = s.classify(err)
	s.writes.Observe(err)
	return err
}

// PostgreSQL's error codes that this package reads.
const (
	codeUniqueViolation     = "23505"
	codeForeignKeyViolation = "23503"
	codeDiskFull            = "53100"
	codeReadOnly            = "25006"
	codeSerialization       = "40001"
	codeDeadlock            = "40P01"
)

// classify is the one place that reads PostgreSQL's errors for a server
// that refuses writes: a full disk (disk_full) wraps store.ErrFull, a
// read-only transaction (a standby, default_transaction_read_only) wraps
// store.ErrReadOnly. Any other error is returned as it is.
func (s *Store) classify(err error) error {
	if err == nil || store.Unwritable(err) {
		return err
	}
	switch pgCode(err) {
	case codeDiskFull:
		return fmt.Errorf("%w: %w", store.ErrFull, err)
	case codeReadOnly:
		return fmt.Errorf("%w: %w", store.ErrReadOnly, err)
	}
	return err
}

func pgCode(err error) string {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code
	}
	return ""
}

func retryable(err error) bool {
	code := pgCode(err)
	return code == codeSerialization || code == codeDeadlock
}

func isUniqueViolation(err error) bool     { return pgCode(err) == codeUniqueViolation }
func isForeignKeyViolation(err error) bool { return pgCode(err) == codeForeignKeyViolation }

// notFound turns pgx.ErrNoRows into store.ErrNotFound, saying what was
// sought.
func notFound(err error, what string) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// changedOne turns "no row changed" into ErrNotFound.
func changedOne(n int64, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return t.UTC()
}

// timeDest scans a timestamptz that may be NULL into a time.Time, the
// zero time for NULL.
type timeDest struct{ t *time.Time }

func (d timeDest) ScanTimestamptz(v pgtype.Timestamptz) error {
	if !v.Valid {
		*d.t = time.Time{}
		return nil
	}
	*d.t = v.Time.UTC()
	return nil
}

// at is where a scan puts a time that may be NULL.
func at(t *time.Time) timeDest { return timeDest{t} }

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// collect reads every row with scan and closes rows: a transaction's
// connection takes no other statement while rows are open, so lists are
// read whole before the next statement.
func collect[T any](rows pgx.Rows, err error, scan func(pgx.Rows) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var list []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		list = append(list, v)
	}
	return list, rows.Err()
}

// scanInt64 reads a row of one id.
func scanInt64(rows pgx.Rows) (int64, error) {
	var id int64
	err := rows.Scan(&id)
	return id, err
}
