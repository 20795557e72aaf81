// Package sqlite keeps dateline's content in one SQLite file, through the
// pure-Go modernc.org/sqlite driver so the binary builds without cgo.
//
// Writes go through a pool of exactly one connection whose transactions begin
// IMMEDIATE, so writers queue in Go instead of failing with SQLITE_BUSY;
// reads use a separate pool that runs in parallel thanks to WAL mode. The
// pragmas live in the DSN, so every pooled connection has them.
package sqlite

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
	"sync"
	"time"

	"modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"dateline/internal/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// Store is the SQLite implementation of store.Store.
type Store struct {
	write *sql.DB // one connection, BEGIN IMMEDIATE
	read  *sql.DB // many connections, query_only

	// stmts caches prepared read statements by their SQL text. Parsing a
	// query costs more than running it on an indexed lookup, and the set of
	// query texts is small and fixed by the code, so each is parsed once per
	// connection and reused.
	stmts sync.Map // string → *sql.Stmt

	posts postGroup // comments waiting to commit together (comments.go)

	// onQuery, when set by a test, sees every read query before it runs;
	// the query-plan test uses it to EXPLAIN exactly what the pages ask.
	onQuery func(query string, args []any)

	// schema is the newest migration embedded in this program; Ready
	// checks that the database has it.
	schema int

	path   string             // the database file, for asking the system whether it may be written
	writes *store.WriteHealth // whether the disk takes the writes (unwritable.go)
}

// prepared returns the cached statement for query, preparing it on first use.
func (s *Store) prepared(ctx context.Context, query string) (*sql.Stmt, error) {
	if st, ok := s.stmts.Load(query); ok {
		return st.(*sql.Stmt), nil
	}
	st, err := s.read.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	if prev, loaded := s.stmts.LoadOrStore(query, st); loaded {
		st.Close()
		return prev.(*sql.Stmt), nil
	}
	return st, nil
}

// readStmt is the statement a read runs: on the reader pool, or in the
// transaction ctx is in, so that it sees what was written there.
func (s *Store) readStmt(ctx context.Context, query string) (*sql.Stmt, error) {
	if j := s.joined(ctx); j != nil {
		return j.stmts.get(ctx, query)
	}
	return s.prepared(ctx, query)
}

func (s *Store) query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	if s.onQuery != nil {
		s.onQuery(query, args)
	}
	st, err := s.readStmt(ctx, query)
	if err != nil {
		return nil, err
	}
	return st.QueryContext(ctx, args...)
}

// row is a single-row result whose error may come from preparing.
type row struct {
	r   *sql.Row
	err error
}

func (r row) Scan(dest ...any) error {
	if r.err != nil {
		return r.err
	}
	return r.r.Scan(dest...)
}

func (s *Store) queryRow(ctx context.Context, query string, args ...any) row {
	if s.onQuery != nil {
		s.onQuery(query, args)
	}
	st, err := s.readStmt(ctx, query)
	if err != nil {
		return row{err: err}
	}
	return row{r: st.QueryRowContext(ctx, args...)}
}

var _ store.Store = (*Store)(nil)

// pragmas every connection gets. busy_timeout covers the moments when a
// command-line tool writes while the server runs on the same file.
// synchronous(FULL) flushes the log at every commit, so that what the
// server acknowledged (a reader's comment, an editor's save) survives a
// power cut, not only a crash of the program; it cost the comment load
// benchmark a third of its posts a second (docs/benchmarks.md).
var pragmas = []string{
	"busy_timeout(5000)",
	"journal_mode(WAL)",
	"foreign_keys(1)",
	"synchronous(FULL)",
}

// dsn builds the connection string for path with the shared pragmas and any
// extras for one pool.
func dsn(path string, extra ...string) string {
	v := url.Values{}
	for _, p := range append(append([]string{}, pragmas...), extra...) {
		v.Add("_pragma", p)
	}
	return "file:" + path + "?" + v.Encode()
}

// Open opens (creating if needed) the database at path and brings its schema
// up to date. A database that may not be written is refused with an error
// that wraps store.ErrReadOnly.
func Open(ctx context.Context, path string) (*Store, error) {
	return open(ctx, path, math.MaxInt)
}

// open is Open, migrating no further than migration last (for the tests
// of a migration, which need the schema before it).
func open(ctx context.Context, path string, last int) (*Store, error) {
	// The writer keeps its savepoints' journals in memory: a write inside
	// a caller's transaction (InTransaction) is a savepoint, which copies
	// every page it changes first, and a temporary file made that copy a
	// system call a page.
	write, err := sql.Open("sqlite", dsn(path, "temp_store(memory)")+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)

	s := &Store{write: write, path: path, writes: store.NewWriteHealth("database")}
	if err := s.migrate(ctx, last); err != nil {
		write.Close()
		return nil, err
	}

	// Readers map the file into memory instead of copying pages through
	// read(2), and keep a larger page cache: an article page makes a dozen
	// small indexed reads, and system calls were a tenth of their cost.
	read, err := sql.Open("sqlite", dsn(path, "query_only(1)", "mmap_size(268435456)", "cache_size(-16000)"))
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	n := max(4, 2*runtime.NumCPU())
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(0)
	read.SetConnMaxLifetime(0)
	s.read = read
	if err := read.PingContext(ctx); err != nil {
		s.Close()
		return nil, fmt.Errorf("open %s for reading: %w", path, err)
	}
	if err := s.fillSearchIndex(ctx); err != nil {
		s.Close()
		return nil, err
	}
	// A database that can be read but not written (its files immutable,
	// its disk remounted read-only after an error) is refused here rather
	// than met by the first writer: a program opening it should not start.
	// A full disk is not refused: readers can still be served.
	if err := store.DiskError(writable(path)); errors.Is(err, store.ErrReadOnly) {
		s.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	return s, nil
}

// PoolStats are the connection pools' figures, for /metrics: the readers'
// and the one writer's.
func (s *Store) PoolStats() (read, write sql.DBStats) {
	return s.read.Stats(), s.write.Stats()
}

// Close closes both pools; the WAL is checkpointed by the last connection.
func (s *Store) Close() error {
	var errs []error
	s.stmts.Range(func(_, st any) bool {
		errs = append(errs, st.(*sql.Stmt).Close())
		return true
	})
	if s.read != nil {
		errs = append(errs, s.read.Close())
	}
	errs = append(errs, s.write.Close())
	return errors.Join(errs...)
}

// ReadDB exposes the read pool to tests in this module that check query
// plans and pragmas.
func (s *Store) ReadDB() *sql.DB { return s.read }

// WriteDB exposes the write pool for the same reason.
func (s *Store) WriteDB() *sql.DB { return s.write }

// migrate applies, in order and each in its own transaction, the embedded
// migrations up to last not yet recorded in schema_migrations.
func (s *Store) migrate(ctx context.Context, last int) error {
	if _, err := s.execResult(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("create migrations table: %w", err)
	}
	names, err := fs.Glob(migrations, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	seen := map[int]string{}
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		version, err := strconv.Atoi(strings.SplitN(base, "_", 2)[0])
		if err != nil {
			return fmt.Errorf("migration %s: name must start with a number", base)
		}
		if other, dup := seen[version]; dup {
			// Only the number is recorded, so a second file with it would
			// be skipped without a word.
			return fmt.Errorf("migrations %s and %s share the number %d", other, base, version)
		}
		seen[version] = base
		if version > last {
			continue
		}
		if err := s.apply(ctx, version, name); err != nil {
			return fmt.Errorf("migration %s: %w", base, err)
		}
		s.schema = max(s.schema, version)
	}
	return nil
}

// Ready implements store.Site: one indexed read on the reader pool, which
// is what pages use, of the newest migration recorded. A database that
// another program migrated further is ready too.
func (s *Store) Ready(ctx context.Context) error {
	var version int
	if err := s.queryRow(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return fmt.Errorf("database unreachable: %w", err)
	}
	if version < s.schema {
		return fmt.Errorf("database schema at migration %d, this program needs %d", version, s.schema)
	}
	return nil
}

func (s *Store) apply(ctx context.Context, version int, name string) error {
	body, err := migrations.ReadFile(name)
	if err != nil {
		return err
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var done int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migrations WHERE version = ?`, version).Scan(&done); err != nil {
			return err
		}
		if done > 0 {
			return nil
		}
		if _, err := tx.ExecContext(ctx, string(body)); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)`, version, formatTime(time.Now()))
		return err
	})
}

// inTx runs fn in a write transaction, committing when fn returns nil.
// It is, with commitPosts, the one way into the write pool: a failure is
// classified (a full or read-only disk becomes store.ErrFull or
// store.ErrReadOnly) and every outcome is told to s.writes. Under a
// context in a transaction of InTransaction it is a savepoint of that
// one, undone alone when fn fails; the outcome of the whole is told.
func (s *Store) inTx(ctx context.Context, fn func(*sql.Tx) error) error {
	if j := s.joined(ctx); j != nil {
		return s.classify(j.savepoint(ctx, func() error { return fn(j.tx) }))
	}
	tx, err := s.write.BeginTx(ctx, nil)
	if err != nil {
		return s.refused(err)
	}
	// While writes are refused, a transaction that changes nothing still
	// commits, having nothing to write (a sweep that finds no due mail):
	// it says nothing of the disk, so only one that changed rows counts
	// as writes going through again.
	before := int64(-1)
	if s.writes.Refused() {
		before = totalChanges(ctx, tx)
	}
	defer tx.Rollback() // after a commit, a no-op; undoes fn's writes if it panics
	if err := fn(tx); err != nil {
		return s.refused(err)
	}
	changed := before < 0 || totalChanges(ctx, tx) != before
	if err := tx.Commit(); err != nil {
		return s.refused(err)
	}
	if changed {
		s.writes.Observe(nil)
	}
	return nil
}

// totalChanges is how many rows the connection of tx has changed since it
// opened, or -1 when that cannot be read.
func totalChanges(ctx context.Context, tx *sql.Tx) int64 {
	var n int64
	if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&n); err != nil {
		return -1
	}
	return n
}

// exec runs one write statement in its own transaction and returns how many
// rows it changed.
func (s *Store) exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := s.execResult(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

// execResult runs one write statement in its own transaction and returns
// its result, for the id of a new row.
func (s *Store) execResult(ctx context.Context, query string, args ...any) (sql.Result, error) {
	var res sql.Result
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		var err error
		res, err = tx.ExecContext(ctx, query, args...)
		return err
	})
	return res, err
}

// refused classifies the error of a write that failed (see classify) and
// tells s.writes of it.
func (s *Store) refused(err error) error {
	if err == nil {
		return nil // not a commit: says nothing
	}
	err = s.classify(err)
	s.writes.Observe(err)
	return err
}

// classify is the one place that reads SQLite's errors for a disk that
// refuses writes: a full one (SQLITE_FULL) wraps store.ErrFull, a
// read-only database (SQLITE_READONLY) store.ErrReadOnly. SQLite reports
// a write that the file system refused for another reason than space (a
// disk remounted read-only after an error, a file made immutable) as an
// I/O error without the system's reason, so for an I/O error the system
// is asked whether the files may be written. Any other error is returned
// as it is.
func (s *Store) classify(err error) error {
	var se *sqlite.Error
	if err == nil || store.Unwritable(err) || !errors.As(err, &se) {
		return err
	}
	switch se.Code() & 0xff {
	case sqlite3.SQLITE_FULL:
		return fmt.Errorf("%w: %w", store.ErrFull, err)
	case sqlite3.SQLITE_READONLY:
		return fmt.Errorf("%w: %w", store.ErrReadOnly, err)
	case sqlite3.SQLITE_IOERR, sqlite3.SQLITE_CANTOPEN:
		if cause := store.DiskError(writable(s.path)); store.Unwritable(cause) {
			return fmt.Errorf("%w (%w)", cause, err)
		}
		// SQLite makes room for the index of its log (the -shm file) by
		// writing to each new page of it; on a disk that may be written,
		// that fails for want of room.
		if se.Code() == sqlite3.SQLITE_IOERR_SHMSIZE {
			return fmt.Errorf("%w: %w", store.ErrFull, err)
		}
	}
	return err
}

// Writes follows whether the database takes writes: /readyz and /metrics
// read it, and it logs when writes stop and start again.
func (s *Store) Writes() *store.WriteHealth { return s.writes }

// timeLayout is fixed width so stored times sort correctly as text.
const timeLayout = "2006-01-02T15:04:05.000Z"

func formatTime(t time.Time) string { return t.UTC().Format(timeLayout) }

// nullTime stores the zero time as NULL.
func nullTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	return formatTime(t)
}

func parseTime(s sql.NullString) time.Time {
	if !s.Valid || s.String == "" {
		return time.Time{}
	}
	t, err := time.Parse(timeLayout, s.String)
	if err != nil {
		// Rows written by other tools may use RFC 3339; accept that too.
		t, _ = time.Parse(time.RFC3339Nano, s.String)
	}
	return t.UTC()
}

// isUniqueViolation reports whether err is SQLite refusing a duplicate in a
// UNIQUE or PRIMARY KEY column.
func isUniqueViolation(err error) bool {
	var se *sqlite.Error
	if errors.As(err, &se) {
		code := se.Code()
		return code == sqlite3.SQLITE_CONSTRAINT_UNIQUE || code == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY
	}
	return false
}

// notFound turns sql.ErrNoRows into store.ErrNotFound, saying what was sought.
func notFound(err error, what string) error {
	if errors.Is(err, sql.ErrNoRows) {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func isForeignKeyViolation(err error) bool {
	var se *sqlite.Error
	return errors.As(err, &se) && se.Code() == sqlite3.SQLITE_CONSTRAINT_FOREIGNKEY
}
