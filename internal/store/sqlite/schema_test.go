package sqlite_test

import (
	"testing"

	"dateline/internal/store/sqlite"
)

// Schema is the migration a new database ends at.
func TestSchemaIsTheNewestMigrationApplied(t *testing.T) {
	st := open(t)
	var applied int
	if err := st.ReadDB().QueryRow(`SELECT MAX(version) FROM schema_migrations`).Scan(&applied); err != nil {
		t.Fatal(err)
	}
	if got := sqlite.Schema(); got != applied || got < 11 {
		t.Errorf("Schema() = %d, a new database is at migration %d", got, applied)
	}
}
