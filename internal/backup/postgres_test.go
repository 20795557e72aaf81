package backup

import (
	"context"
	"errors"
	"maps"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
)

// newPostgresSite is a live newsroom in a fresh PostgreSQL schema, with a
// media folder.
func newPostgresSite(t *testing.T) *site {
	t.Helper()
	url := pgtest.URL(t)
	return newSiteOn(t, url, Source{Postgres: url, MediaDir: filepath.Join(t.TempDir(), "media")})
}

// pgTables is every row of every table of the current schema as text,
// sorted, read in q's snapshot.
func pgTables(t *testing.T, q interface {
	Query(context.Context, string, ...any) (pgx.Rows, error)
}) map[string][]string {
	t.Helper()
	ctx := context.Background()
	rows, err := q.Query(ctx, `SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY 1`)
	must(t, err)
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	must(t, err)
	out := map[string][]string{}
	for _, name := range names {
		table := pgx.Identifier{name}.Sanitize()
		rows, err := q.Query(ctx, `SELECT r::text FROM `+table+` r ORDER BY 1`)
		must(t, err)
		out[name], err = pgx.CollectRows(rows, pgx.RowTo[string])
		must(t, err)
	}
	return out
}

func schemaOfURL(t *testing.T, u string) string {
	t.Helper()
	p, err := url.Parse(u)
	must(t, err)
	return p.Query().Get("search_path")
}

// TestAPostgresBackupTakenUnderWritesRestoresExactly takes a backup of a
// site on PostgreSQL while a goroutine keeps posting comments and
// uploading pictures, restores it into a new database, and compares every
// row of every table with the snapshot pg_dump read, and the comments
// with those acknowledged before the backup began.
func TestAPostgresBackupTakenUnderWritesRestoresExactly(t *testing.T) {
	ctx := context.Background()
	s := newPostgresSite(t)
	for n := range 100 {
		if _, err := s.comment(n); err != nil {
			t.Fatal(err)
		}
	}
	for n := range 5 {
		if _, err := s.picture(n); err != nil {
			t.Fatal(err)
		}
	}
	w := s.startWriter(1000)
	w.waitFor(t, 20)
	ackedBefore := w.count()
	mediaBefore := files(t, s.src.MediaDir)

	var want map[string][]string
	var duringBackup int
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	var progress strings.Builder
	m, err := Create(ctx, archive, s.src, Options{Program: "test", Progress: &progress, pgSnapshot: func(tx pgx.Tx) {
		want = pgTables(t, tx)
		n := w.count()
		w.waitFor(t, n+5) // the writer goes on while pg_dump has not started
		duringBackup = w.count() - n
	}})
	if err != nil {
		t.Fatal(err)
	}
	acked := w.halt(t)
	t.Logf("%d comments acknowledged before the backup, %d while its snapshot was open, %d in all; %d files archived",
		ackedBefore, duringBackup, len(acked), len(m.Files))
	schema := schemaOfURL(t, s.src.Postgres)
	if m.Schema != postgres.Schema() || m.Engine != EnginePostgres || m.PostgresSchema != schema || m.FormatVersion != 2 {
		t.Errorf("manifest: migration %d (want %d), engine %q, schema %q (want %q), format %d", m.Schema, postgres.Schema(), m.Engine, m.PostgresSchema, schema, m.FormatVersion)
	}
	if !strings.Contains(progress.String(), "backup: wrote "+archive) {
		t.Errorf("the progress lines do not say the backup was written:\n%s", progress.String())
	}

	target := pgtest.Database(t, schema)
	dir := filepath.Join(t.TempDir(), "data")
	if _, err := Restore(ctx, archive, dir, RestoreOptions{Postgres: target, Schema: postgres.Schema()}); err != nil {
		t.Fatal(err)
	}
	conn, err := pgx.Connect(ctx, target)
	must(t, err)
	got := pgTables(t, conn)
	conn.Close(ctx)
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Fatalf("restored tables %v, the snapshot's %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for name, rows := range want {
		if !slices.Equal(got[name], rows) {
			t.Errorf("table %s: %d rows restored, the snapshot has %d, and they differ", name, len(got[name]), len(rows))
		}
	}
	if len(want["comments"]) < 100+ackedBefore {
		t.Errorf("the snapshot has %d comments, fewer than the %d acknowledged before the backup", len(want["comments"]), 100+ackedBefore)
	}

	// The restored database is a site: a store opens it (no migration
	// left to run) and finds every comment acknowledged before the backup.
	st, err := postgres.Open(ctx, target)
	must(t, err)
	for _, c := range acked[:ackedBefore] {
		var n int
		if err := st.Pool().QueryRow(ctx, `SELECT count(*) FROM comments WHERE id = $1 AND body = $2`, c.ID, c.Body).Scan(&n); err != nil || n != 1 {
			t.Errorf("comment %d, acknowledged before the backup, is not restored (%d, %v)", c.ID, n, err)
		}
	}
	if a, err := st.ArticleByID(ctx, s.article.ID); err != nil || a.Title != s.article.Title {
		t.Errorf("the restored article is %q, %v", a.Title, err)
	}
	// A server on the database: the restore is refused, --force or not.
	if _, err := Restore(ctx, archive, dir, RestoreOptions{Postgres: target, Force: true}); !errors.Is(err, ErrInUse) {
		t.Errorf("restore into a database a server is connected to: %v, want ErrInUse", err)
	}
	st.Close()

	liveMedia, restoredMedia := files(t, s.src.MediaDir), files(t, filepath.Join(dir, MediaFolder))
	for name := range mediaBefore {
		if string(restoredMedia[name]) != string(liveMedia[name]) {
			t.Errorf("media file %s, there before the backup, is not restored as it is", name)
		}
	}
	for _, row := range want["media"] {
		found := false
		for name := range restoredMedia {
			found = found || strings.Contains(row, strings.TrimSuffix(name, filepath.Ext(name)))
		}
		if !found {
			t.Errorf("the restored database has a picture whose file is not restored: %s", row)
		}
	}

	// Again over it: refused without --force; with it, the schema is
	// replaced and the old media moved aside.
	if _, err := Restore(ctx, archive, dir, RestoreOptions{Postgres: target}); !errors.Is(err, ErrNotEmpty) {
		t.Errorf("restore over a site without --force: %v, want ErrNotEmpty", err)
	}
	r, err := Restore(ctx, archive, dir, RestoreOptions{Postgres: target, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if r.Replaced == "" {
		t.Error("the media folder that was there is not moved aside")
	}
	conn, err = pgx.Connect(ctx, target)
	must(t, err)
	again := pgTables(t, conn)
	conn.Close(ctx)
	for name, rows := range want {
		if !slices.Equal(again[name], rows) {
			t.Errorf("after a restore with --force, table %s differs from the snapshot", name)
		}
	}
}

// TestAPostgresRestoreRefusesWhatItCannotPutBack: the wrong engine, the
// wrong schema, a newer migration, a file that is not a dump; each
// leaves the target as it was.
func TestAPostgresRestoreRefusesWhatItCannotPutBack(t *testing.T) {
	ctx := context.Background()
	s := newPostgresSite(t)
	archive := filepath.Join(t.TempDir(), "site.tar")
	m, err := Create(ctx, archive, s.src, Options{Program: "test"})
	if err != nil {
		t.Fatal(err)
	}
	schema := m.PostgresSchema

	// A PostgreSQL site's backup into a data folder, as SQLite.
	if _, err := Restore(ctx, archive, t.TempDir(), RestoreOptions{}); err == nil || !strings.Contains(err.Error(), "--db postgres://") {
		t.Errorf("a PostgreSQL backup restored as a SQLite file: %v", err)
	}
	// Into a schema of another name.
	other := pgtest.Database(t, "elsewhere")
	if _, err := Restore(ctx, archive, t.TempDir(), RestoreOptions{Postgres: other}); err == nil || !strings.Contains(err.Error(), "search_path="+schema) {
		t.Errorf("a restore into another schema: %v", err)
	}
	// By a program that knows fewer migrations.
	target := pgtest.Database(t, schema)
	if _, err := Restore(ctx, archive, t.TempDir(), RestoreOptions{Postgres: target, Schema: m.Schema - 1}); err == nil || !strings.Contains(err.Error(), "or newer") {
		t.Errorf("a restore by an older program: %v", err)
	}
	for _, u := range []string{other, target} {
		conn, err := pgx.Connect(ctx, u)
		must(t, err)
		var n int
		must(t, conn.QueryRow(ctx, `SELECT count(*) FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')`).Scan(&n))
		conn.Close(ctx)
		if n != 0 {
			t.Errorf("a refused restore left %d tables in %s", n, u)
		}
	}
	// A SQLite site's backup into PostgreSQL.
	lite := newSite(t)
	liteArchive := filepath.Join(t.TempDir(), "lite.tar")
	if _, err := Create(ctx, liteArchive, lite.src, Options{Program: "test"}); err != nil {
		t.Fatal(err)
	}
	if _, err := Restore(ctx, liteArchive, t.TempDir(), RestoreOptions{Postgres: target}); err == nil || !strings.Contains(err.Error(), "SQLite") {
		t.Errorf("a SQLite backup restored into PostgreSQL: %v", err)
	}
	// A database URL with nothing dateline in it.
	if _, err := Create(ctx, filepath.Join(t.TempDir(), "none.tar"), Source{Postgres: target}, Options{}); err == nil || !strings.Contains(err.Error(), "no dateline site") {
		t.Errorf("a backup of an empty database: %v", err)
	}
}

func TestLibpqURLKeepsWhatPostgresProgramsUnderstand(t *testing.T) {
	conninfo, password, err := libpqURL("postgres://news:s3cret@db.internal:5433/site?sslmode=verify-full&pool_max_conns=20&search_path=dateline&application_name=x")
	if err != nil {
		t.Fatal(err)
	}
	if conninfo != "postgres://news@db.internal:5433/site?application_name=x&sslmode=verify-full" || password != "s3cret" {
		t.Errorf("libpqURL = %q, password %q", conninfo, password)
	}
	if _, _, err := libpqURL("sqlite:/var/lib/dateline/dateline.db"); err == nil {
		t.Error("a sqlite: URL is taken as a PostgreSQL one")
	}
	for path, want := range map[string]string{`"$user", public`: "public", `news`: "news", `"Big ""One""", public`: `Big "One"`, ``: ``} {
		if got := firstSchema(path); got != want {
			t.Errorf("firstSchema(%q) = %q, want %q", path, got, want)
		}
	}
}
