// Package teststore opens "the store under test" for the tests above the
// store (HTTP handlers, services, commands), so that they run unchanged on
// every backend: the environment variable DATELINE_TEST_STORE names the
// backend, sqlite (the default) or postgres, which makes each database a
// schema of its own on the server DATELINE_TEST_POSTGRES names
// (postgres/pgtest). The store's own behaviour is specified by the
// conformance suite in storetest; these tests only need a real store to
// run on.
package teststore

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
	"dateline/internal/store/sqlite"
)

// Env is the environment variable that names the backend under test.
const Env = "DATELINE_TEST_STORE"

// Open opens a fresh, empty store of the backend under test, closed when
// the test ends.
func Open(t testing.TB) store.Store {
	t.Helper()
	return OpenURL(t, New(t))
}

// New makes an empty database of the backend under test for t and returns
// its URL, in the form the --db flag takes ("sqlite:/tmp/…/test.db"); it
// goes when the test ends. A test that needs the same data twice (two
// servers on one database, a server restarted, a command run against what
// a server wrote) opens the URL with OpenURL as often as it needs, or
// passes it to the command.
func New(t testing.TB) string {
	t.Helper()
	switch backend := os.Getenv(Env); backend {
	case "", "sqlite":
		return "sqlite:" + filepath.Join(t.TempDir(), "test.db")
	case "postgres":
		return pgtest.URL(t)
	default:
		t.Fatalf("%s=%q: the stores to test are: sqlite, postgres", Env, backend)
		return ""
	}
}

// OpenURL opens a store on the database at url (from New), creating its
// schema if it is new, and closes it when the test ends; the test may
// close it sooner, as a server that stops.
func OpenURL(t testing.TB, url string) store.Store {
	t.Helper()
	st, err := open(context.Background(), url)
	if err != nil {
		t.Fatalf("open the store under test: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func open(ctx context.Context, url string) (store.Store, error) {
	if path, ok := strings.CutPrefix(url, "sqlite:"); ok && path != "" {
		return sqlite.Open(ctx, path)
	}
	if strings.HasPrefix(url, "postgres://") {
		return postgres.Open(ctx, url)
	}
	return nil, fmt.Errorf("%q is not the URL of a store to test (sqlite:PATH, postgres://…)", url)
}
