package postgres_test

import (
	"context"
	"testing"
	"time"

	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
	"dateline/internal/store/storetest"
)

// TestCorrectionsMigrationConvertsTheOldNotes opens a database at the
// migration before corrections were records (0008), writes an article
// with a corrections note as the newsroom kept it then, opens it again
// (migrating the rest) and finds each line of the note a correction,
// and the note emptied.
func TestCorrectionsMigrationConvertsTheOldNotes(t *testing.T) {
	ctx := context.Background()
	url := pgtest.Empty(t)
	old, err := postgres.OpenAt(ctx, url, 8)
	if err != nil {
		t.Fatal(err)
	}
	updated := time.Date(2025, 7, 14, 5, 30, 0, 0, time.UTC)
	pool := old.Pool()
	_, err = pool.Exec(ctx, `INSERT INTO users (id, email, name, slug, role, created_at)
		VALUES (1, 'ana@example.com', 'Ana Reyes', 'ana-reyes', 'author', $1)`, updated)
	if err == nil {
		_, err = pool.Exec(ctx, `INSERT INTO articles (id, kind, title, slug, format, status, published_at, updated_at, created_at, author_id, corrections)
			VALUES (7, 'post', 'Talks open', 'talks-open', 'markdown', 'published', $1, $1, $1, 1, $2)`, updated, storetest.OldCorrectionNotes)
	}
	if err != nil {
		t.Fatalf("write the rows of the old schema: %v", err)
	}
	old.Close()

	st := open(t, url)
	storetest.CheckConvertedCorrections(t, st, 7, updated)
	var note string
	if err := st.Pool().QueryRow(ctx, `SELECT corrections FROM articles WHERE id = 7`).Scan(&note); err != nil || note != "" {
		t.Errorf("the old note is still %q (%v), want it emptied", note, err)
	}
}
