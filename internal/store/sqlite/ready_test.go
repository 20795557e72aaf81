package sqlite_test

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"dateline/internal/store/sqlite"
)

func TestReadyOnlyWithEveryMigrationApplied(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	if err := st.Ready(ctx); err != nil {
		t.Fatalf("a freshly opened store is not ready: %v", err)
	}
	// A database whose newest migration went missing (restored from an
	// older backup under a running server) is not ready.
	if _, err := st.WriteDB().ExecContext(ctx,
		`DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`); err != nil {
		t.Fatal(err)
	}
	err := st.Ready(ctx)
	if err == nil || !strings.Contains(err.Error(), "this program needs") {
		t.Errorf("without its newest migration: err = %v, want a schema error", err)
	}
}

func TestReadyFailsOnceTheDatabaseIsClosed(t *testing.T) {
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "closed.db"))
	if err != nil {
		t.Fatal(err)
	}
	st.Close()
	if err := st.Ready(context.Background()); err == nil || !strings.Contains(err.Error(), "database unreachable") {
		t.Errorf("closed store: err = %v, want unreachable", err)
	}
}

func TestReadyAcceptsADatabaseMigratedFurther(t *testing.T) {
	ctx := context.Background()
	st := open(t)
	// A newer release ran against the same file: this one can still read it.
	if _, err := st.WriteDB().ExecContext(ctx,
		`INSERT INTO schema_migrations (version, applied_at) VALUES (9999, '2030-01-01T00:00:00.000Z')`); err != nil {
		t.Fatal(err)
	}
	if err := st.Ready(ctx); err != nil {
		t.Errorf("database migrated further: %v", err)
	}
}
