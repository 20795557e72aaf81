package backend

import (
	"context"
	"errors"
	"strings"
	"testing"

	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
)

// --db takes a postgres:// URL, whatever the backend the other tests run
// on, and opens the PostgreSQL store on it, migrated.
func TestDBTakesAPostgresURL(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Empty(t)
	st, err := Open(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, ok := st.(*postgres.Store); !ok {
		t.Fatalf("--db %s opened a %T", url, st)
	}
	if err := st.Ready(ctx); err != nil {
		t.Errorf("not ready after opening: %v", err)
	}
	for _, u := range []string{strings.Replace(url, "postgres://", "postgresql://", 1)} {
		other, err := Open(ctx, u)
		if err != nil {
			t.Fatalf("--db %s: %v", u, err)
		}
		other.Close()
	}
}

func TestDBRefusesWhatItCannotOpen(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct{ url, want string }{
		{"mysql://localhost/dateline", "use sqlite:PATH or postgres://USER@HOST/DATABASE"},
		{"sqlite:", "needs a file path"},
		// Nothing listens on port 1: refused at once, and the password is
		// not repeated.
		{"postgres://dateline:s3cret@127.0.0.1:1/dateline?connect_timeout=5", "connect to the database"},
	} {
		st, err := Open(ctx, tc.url)
		if err == nil {
			st.Close()
			t.Errorf("--db %s opened", tc.url)
			continue
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cret") {
			t.Errorf("--db %s: %v, want an error saying %q without the password", tc.url, err, tc.want)
		}
	}
	// A server that takes no writes (here, a session that defaults to
	// read-only transactions, as on a standby) is not opened.
	url := pgtest.Empty(t) + "&default_transaction_read_only=on"
	_, err := Open(ctx, url)
	if err == nil || !strings.Contains(err.Error(), "point --db at the primary") || !errors.Is(err, store.ErrReadOnly) {
		t.Errorf("--db on a read-only server: %v", err)
	}
}
