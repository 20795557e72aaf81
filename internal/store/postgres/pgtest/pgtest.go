// Package pgtest gives each test an empty schema of its own on the
// PostgreSQL server named by DATELINE_TEST_POSTGRES, so that tests on one
// server run side by side without seeing each other's rows.
//
// Making a schema with dateline's tables takes a third of a second or more
// (PostgreSQL makes a few files for every table and index), nearly all of
// it waiting on the disk rather than working, so a test binary keeps a few
// schemas migrating in the background while its tests run, and drops the
// used ones in the background too. Schemas are named after the process
// that made them, so that a later run drops those of a run that died
// before it could.
package pgtest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"net/url"
	"os"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/store/postgres"
)

// Env names the server: a postgres:// URL of a database the tests may
// make schemas in, such as
// postgres://postgres@127.0.0.1:5432/test?sslmode=disable.
const Env = "DATELINE_TEST_POSTGRES"

// Server is the URL of the test server, after t.Skip when none is named.
// In CI (CI set) a test that needs PostgreSQL never skips: without the
// variable it fails.
func Server(t testing.TB) string {
	t.Helper()
	u := os.Getenv(Env)
	if u == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI runs every PostgreSQL test (see .ci/run)", Env)
		}
		t.Skipf("%s is not set: no PostgreSQL server to test against", Env)
	}
	return u
}

// URL returns the URL of a new schema that holds dateline's tables and
// nothing else: the server's URL with search_path set to the schema. The
// schema is dropped when the test ends.
func URL(t testing.TB) string {
	t.Helper()
	server := Server(t)
	name, err := supplyFor(server).take()
	if err != nil {
		t.Fatalf("make a test schema: %v", err)
	}
	t.Cleanup(func() { dropLater(server, name) })
	return withSchema(t, server, name)
}

// Empty returns the URL of a new schema without tables, for tests of
// what opening a new database does; it is dropped when the test ends.
func Empty(t testing.TB) string {
	t.Helper()
	server := Server(t)
	name, err := newSchema(context.Background(), server)
	if err != nil {
		t.Fatalf("make a test schema: %v", err)
	}
	t.Cleanup(func() { dropLater(server, name) })
	return withSchema(t, server, name)
}

// Database makes a new, empty database on the test server, for tests of
// what goes into a whole database (a restore), and returns its URL with
// search_path set to schema when one is given. It is dropped when the
// test ends, or by a later run when the test binary dies first.
func Database(t testing.TB, schema string) string {
	t.Helper()
	ctx := context.Background()
	server := Server(t)
	conn, err := connect(ctx, server)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if err := prepareServer(ctx, conn); err != nil {
		t.Fatal(err)
	}
	var b [6]byte
	rand.Read(b[:])
	name := prefix + strconv.Itoa(os.Getpid()) + "_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE DATABASE `+name); err != nil {
		t.Fatalf("make a test database: %v", err)
	}
	t.Cleanup(func() {
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		if conn, err := connect(ctx, server); err == nil {
			conn.Exec(ctx, `DROP DATABASE IF EXISTS `+name+` WITH (FORCE)`)
			conn.Close(ctx)
		}
	})
	u, err := url.Parse(server)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	u.Path = "/" + name
	if schema != "" {
		q := u.Query()
		q.Set("search_path", schema)
		u.RawQuery = q.Encode()
	}
	return u.String()
}

func withSchema(t testing.TB, server, schema string) string {
	t.Helper()
	u, err := schemaURL(server, schema)
	if err != nil {
		t.Fatalf("%s: %v", Env, err)
	}
	return u
}

// schemaURL is the server's URL for a store in schema.
func schemaURL(server, schema string) (string, error) {
	u, err := url.Parse(server)
	if err != nil {
		return "", err
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), nil
}

// ahead is how many migrated schemas are kept ready or on their way, at
// most: a binary starts with one on its way and adds one more for each it
// takes, so that one whose tests need a schema or two makes few for
// nothing.
const ahead = 6

// supply makes migrated schemas for one server ahead of the tests that
// take them.
type supply struct {
	server string
	mu     sync.Mutex
	cond   *sync.Cond
	ready  []string
	coming int
	taken  int
	err    error
}

var (
	suppliesMu sync.Mutex
	supplies   = map[string]*supply{}
)

func supplyFor(server string) *supply {
	suppliesMu.Lock()
	defer suppliesMu.Unlock()
	s := supplies[server]
	if s == nil {
		s = &supply{server: server}
		s.cond = sync.NewCond(&s.mu)
		supplies[server] = s
	}
	return s
}

// take returns a ready schema, waiting for one when none is, and sets
// more coming.
func (s *supply) take() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	for {
		if s.err != nil {
			return "", s.err
		}
		if len(s.ready) > 0 {
			name := s.ready[0]
			s.ready = s.ready[1:]
			s.taken++
			s.topUp()
			return name, nil
		}
		s.topUp()
		s.cond.Wait()
	}
}

// topUp sets schemas coming until as many as the binary has used so far,
// plus one, are ready or on their way, at most ahead.
func (s *supply) topUp() {
	for len(s.ready)+s.coming < min(ahead, s.taken+1) {
		s.coming++
		go s.make()
	}
}

// make makes one schema and has the store migrate it, as a node would.
func (s *supply) make() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	name, err := newSchema(ctx, s.server)
	if err == nil {
		var u string
		var st *postgres.Store
		if u, err = schemaURL(s.server, name); err == nil {
			if st, err = postgres.Open(ctx, u); err == nil {
				st.Close()
			}
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.coming--
	if err != nil {
		s.err = err
	} else {
		s.ready = append(s.ready, name)
	}
	s.cond.Broadcast()
}

// prefix begins the name of every schema this package makes; the process
// id follows it.
const prefix = "dateline_test_"

// newSchema makes an empty schema named after this process.
func newSchema(ctx context.Context, server string) (string, error) {
	conn, err := connect(ctx, server)
	if err != nil {
		return "", err
	}
	defer conn.Close(ctx)
	if err := prepareServer(ctx, conn); err != nil {
		return "", err
	}
	var b [6]byte
	rand.Read(b[:])
	name := prefix + strconv.Itoa(os.Getpid()) + "_" + hex.EncodeToString(b[:])
	if _, err := conn.Exec(ctx, `CREATE SCHEMA `+name); err != nil {
		return "", fmt.Errorf("create schema: %w", err)
	}
	return name, nil
}

func connect(ctx context.Context, server string) (*pgx.Conn, error) {
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, server)
	if err != nil {
		return nil, fmt.Errorf("connect to the test server (%s): %w", Env, err)
	}
	return conn, nil
}

var (
	prepared    sync.Once
	preparedErr error
)

// prepareServer, once per test binary, makes the extensions the schema
// needs in the public schema and drops the schemas of test processes that
// are gone. The store's migration would make the extensions in the first
// schema of its search_path, here a test's own, and dropping that schema
// would drop them from under every other test's indexes.
func prepareServer(ctx context.Context, conn *pgx.Conn) error {
	prepared.Do(func() {
		for _, q := range []string{
			`SELECT pg_advisory_lock(1818848869)`, // the search migration's lock on making them
			`CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public`,
			`CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public`,
			`SELECT pg_advisory_unlock(1818848869)`,
		} {
			if _, preparedErr = conn.Exec(ctx, q); preparedErr != nil {
				preparedErr = fmt.Errorf("make the extensions: %w", preparedErr)
				return
			}
		}
		preparedErr = dropOrphans(ctx, conn)
	})
	return preparedErr
}

// dropOrphans drops the test schemas, databases and roles whose process
// no longer runs.
func dropOrphans(ctx context.Context, conn *pgx.Conn) error {
	rows, err := conn.Query(ctx, `SELECT nspname FROM pg_namespace WHERE starts_with(nspname, $1)`, prefix)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list test schemas: %w", err)
	}
	for _, name := range names {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, prefix), "_", 2)[0])
		if err != nil || alive(pid) {
			continue
		}
		if _, err := conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+pgx.Identifier{name}.Sanitize()+` CASCADE`); err != nil {
			return fmt.Errorf("drop the schema %s of a test that is gone: %w", name, err)
		}
	}
	rows, err = conn.Query(ctx, `SELECT datname FROM pg_database WHERE starts_with(datname, $1)`, prefix)
	if names, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
		return fmt.Errorf("list test databases: %w", err)
	}
	for _, name := range names {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, prefix), "_", 2)[0])
		if err != nil || alive(pid) {
			continue
		}
		if _, err := conn.Exec(ctx, `DROP DATABASE IF EXISTS `+pgx.Identifier{name}.Sanitize()+` WITH (FORCE)`); err != nil {
			return fmt.Errorf("drop the database %s of a test that is gone: %w", name, err)
		}
	}
	// And the read-only roles (ReadOnlyRole) of tests that are gone.
	rows, err = conn.Query(ctx, `SELECT rolname FROM pg_roles WHERE starts_with(rolname, $1)`, rolePrefix)
	roles, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return fmt.Errorf("list test roles: %w", err)
	}
	for _, name := range roles {
		pid, err := strconv.Atoi(strings.SplitN(strings.TrimPrefix(name, rolePrefix), "_", 2)[0])
		if err != nil || alive(pid) {
			continue
		}
		role := pgx.Identifier{name}.Sanitize()
		if _, err := conn.Exec(ctx, `DROP OWNED BY `+role); err != nil {
			return fmt.Errorf("drop the role %s of a test that is gone: %w", name, err)
		}
		if _, err := conn.Exec(ctx, `DROP ROLE `+role); err != nil {
			return fmt.Errorf("drop the role %s of a test that is gone: %w", name, err)
		}
	}
	return nil
}

// alive reports whether process pid runs on this machine.
func alive(pid int) bool {
	err := syscall.Kill(pid, 0)
	return err == nil || err == syscall.EPERM
}

var (
	dropsOnce sync.Once
	drops     chan [2]string // server, schema
)

// dropLater drops a used schema in the background; one the test binary
// exits before dropping is dropped by the next run (dropOrphans).
func dropLater(server, name string) {
	dropsOnce.Do(func() {
		drops = make(chan [2]string, 1024)
		go func() {
			for d := range drops {
				ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
				if conn, err := connect(ctx, d[0]); err == nil {
					conn.Exec(ctx, `DROP SCHEMA IF EXISTS `+d[1]+` CASCADE`)
					conn.Close(ctx)
				}
				cancel()
			}
		}()
	})
	drops <- [2]string{server, name}
}
