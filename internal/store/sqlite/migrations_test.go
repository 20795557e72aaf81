package sqlite_test

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"dateline/internal/store/sqlite"
	"dateline/internal/store/storetest"
)

// TestCorrectionsMigrationConvertsTheOldNotes opens a database at the
// migration before corrections were records (0018), writes an article
// with a corrections note as the newsroom kept it then, opens it again
// (migrating the rest) and finds each line of the note a correction,
// and the note emptied.
func TestCorrectionsMigrationConvertsTheOldNotes(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	old, err := sqlite.OpenAt(ctx, path, 18)
	if err != nil {
		t.Fatal(err)
	}
	updated := time.Date(2025, 7, 14, 5, 30, 0, 0, time.UTC)
	at := updated.Format("2006-01-02T15:04:05.000Z")
	db := old.WriteDB()
	_, err = db.ExecContext(ctx, `INSERT INTO users (id, email, name, slug, role, created_at)
		VALUES (1, 'ana@example.com', 'Ana Reyes', 'ana-reyes', 'author', ?)`, at)
	if err == nil {
		_, err = db.ExecContext(ctx, `INSERT INTO articles (id, kind, title, slug, format, status, published_at, updated_at, created_at, author_id, corrections)
			VALUES (7, 'post', 'Talks open', 'talks-open', 'markdown', 'published', ?, ?, ?, 1, ?)`, at, at, at, storetest.OldCorrectionNotes)
	}
	if err != nil {
		t.Fatalf("write the rows of the old schema: %v", err)
	}
	if err := old.Close(); err != nil {
		t.Fatal(err)
	}

	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("migrate: %v", err)
	}
	t.Cleanup(func() { st.Close() })
	storetest.CheckConvertedCorrections(t, st, 7, updated)
	var note string
	if err := st.ReadDB().QueryRowContext(ctx, `SELECT corrections FROM articles WHERE id = 7`).Scan(&note); err != nil || note != "" {
		t.Errorf("the old note is still %q (%v), want it emptied", note, err)
	}
}
