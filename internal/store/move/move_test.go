package move

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/demo"
	"dateline/internal/media"
	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
	"dateline/internal/store/sqlite"
)

// seeded is the demo newsroom on SQLite, made once for the package's
// tests; each test moves a copy of it.
var seeded struct {
	once sync.Once
	dir  string
	err  error
}

// holdEnv makes the test binary a second process that holds a database
// open, as a server does, and writes to it when told.
const holdEnv = "DATELINE_MOVE_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		os.Exit(hold(path))
	}
	code := m.Run()
	if seeded.dir != "" {
		os.RemoveAll(seeded.dir)
	}
	os.Exit(code)
}

// demoSite copies the demo site into a folder of the test's own and
// returns the database's path; its media folder is beside it.
func demoSite(t *testing.T) string {
	t.Helper()
	seeded.once.Do(func() {
		seeded.dir, seeded.err = os.MkdirTemp("", "dateline-move-")
		if seeded.err != nil {
			return
		}
		ctx := context.Background()
		st, err := sqlite.Open(ctx, filepath.Join(seeded.dir, "dateline.db"))
		if err != nil {
			seeded.err = err
			return
		}
		defer st.Close()
		_, seeded.err = demo.Seed(ctx, st, demo.Options{MediaDir: filepath.Join(seeded.dir, "media"),
			Now: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), ImageWidth: 320})
	})
	if seeded.err != nil {
		t.Fatalf("seed the demo site: %v", seeded.err)
	}
	dir := t.TempDir()
	if err := os.CopyFS(dir, os.DirFS(seeded.dir)); err != nil {
		t.Fatal(err)
	}
	return filepath.Join(dir, "dateline.db")
}

// hold opens the database at path, says "open", and for every line on
// standard input writes a tag and says "written", until the input ends.
func hold(path string) int {
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		fmt.Println(err)
		return 1
	}
	defer st.Close()
	fmt.Println("open")
	in := bufio.NewScanner(os.Stdin)
	for n := 1; in.Scan(); n++ {
		if _, err := st.WriteDB().Exec(`INSERT INTO tags (name, slug) VALUES (?, ?)`, "Written meanwhile", fmt.Sprint("written-meanwhile-", n)); err != nil {
			fmt.Println(err)
			return 1
		}
		fmt.Println("written")
	}
	return 0
}

// The source is read as it was when the move began, while a server goes
// on writing to it; the report says another process had it open.
func TestMoveCopiesASnapshotWhileAServerWrites(t *testing.T) {
	ctx := context.Background()
	path := demoSite(t)
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+path)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer cmd.Wait()
	defer stdin.Close()
	said := bufio.NewScanner(stdout)
	expect := func(want string) {
		t.Helper()
		if !said.Scan() || said.Text() != want {
			t.Fatalf("the server says %q (%v), want %q", said.Text(), said.Err(), want)
		}
	}
	expect("open")
	tags := func() int64 {
		db, err := sql.Open("sqlite", "file:"+path+"?_pragma=query_only(1)")
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n int64
		if err := db.QueryRow(`SELECT COUNT(*) FROM tags`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	before := tags()

	url := pgtest.URL(t)
	rep, err := Run(ctx, Config{Source: path, Target: url, snapshotted: func() {
		io.WriteString(stdin, "write\n")
		expect("written")
	}})
	if err != nil {
		t.Fatal(err)
	}
	if now := tags(); now != before+1 {
		t.Fatalf("the server's write did not land: %d tags, were %d", now, before)
	}
	if n := rowsIn(t, url, "tags"); n != before {
		t.Errorf("the target has %d tags: the copy is not of the moment it began (%d)", n, before)
	}
	for _, tr := range rep.Tables {
		if !tr.Same() {
			t.Errorf("%s differs: %+v", tr.Name, tr)
		}
	}
	var out strings.Builder
	rep.Print(&out)
	if !rep.InUse || !strings.Contains(out.String(), "note: another process had "+path+" open") {
		t.Errorf("in use %v; the report:\n%s", rep.InUse, out.String())
	}
}

func pgStore(t *testing.T, url string) *postgres.Store {
	t.Helper()
	st, err := postgres.Open(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// rowsIn counts the rows of a table of the target.
func rowsIn(t *testing.T, url, table string) int64 {
	t.Helper()
	var n int64
	if err := pgStore(t, url).Pool().QueryRow(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// The demo site moves whole: every table has the same rows and checksum
// on both sides, the search index finds what SQLite's found, the pictures'
// files are in the new storage, and new rows get new ids.
func TestMoveCopiesTheWholeSite(t *testing.T) {
	ctx := context.Background()
	path := demoSite(t)
	url := pgtest.URL(t)
	bucket := t.TempDir()
	rep, err := Run(ctx, Config{Source: path, Target: url, MediaTo: media.Dir(bucket), MediaToName: "the test's folder"})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.Committed || rep.Schema != sqlite.Schema() {
		t.Errorf("committed %v at migration %d", rep.Committed, rep.Schema)
	}
	got := map[string]TableReport{}
	for _, tr := range rep.Tables {
		got[tr.Name] = tr
		if !tr.Same() || len(tr.SourceSum) != 64 {
			t.Errorf("%s: %+v", tr.Name, tr)
		}
	}
	if len(got) != len(tables) {
		t.Errorf("the report has %d tables, want %d", len(got), len(tables))
	}
	for _, name := range []string{"users", "categories", "tags", "media", "articles", "article_tags", "comments",
		"settings", "archive_months", "revisions", "views"} {
		if got[name].TargetRows == 0 {
			t.Errorf("the demo site has no rows in %s to copy: the test proves nothing about it", name)
		}
	}

	lite, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer lite.Close()
	pg := pgStore(t, url)
	q := store.ArticleQuery{Limit: store.MaxLimit, Full: true}
	want, err := lite.PublishedArticles(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	have, err := pg.PublishedArticles(ctx, q)
	if err != nil {
		t.Fatal(err)
	}
	if len(have) != len(want) || len(want) == 0 {
		t.Fatalf("PostgreSQL lists %d published articles, SQLite %d", len(have), len(want))
	}
	for i := range want {
		w, h := want[i], have[i]
		if w.ID != h.ID || w.Slug != h.Slug || w.Body != h.Body || !w.PublishedAt.Equal(h.PublishedAt) ||
			w.Image == nil || h.Image == nil || w.Image.Name != h.Image.Name {
			t.Errorf("article %d: PostgreSQL has %q (%d) published %v, SQLite %q (%d) published %v", i, h.Slug, h.ID, h.PublishedAt, w.Slug, w.ID, w.PublishedAt)
		}
	}
	if rep.Indexed != len(want) {
		t.Errorf("%d posts indexed, %d published", rep.Indexed, len(want))
	}
	word := strings.Fields(want[3].Title)[0]
	sq := store.SearchQuery{Text: word, Limit: 20}
	wantHits, _ := lite.Search(ctx, sq)
	haveHits, err := pg.Search(ctx, sq)
	if err != nil || len(wantHits) == 0 || len(haveHits) != len(wantHits) {
		t.Errorf("searching %q: PostgreSQL finds %d (%v), SQLite %d", word, len(haveHits), err, len(wantHits))
	}

	for _, a := range want {
		for _, name := range a.Image.Files() {
			if _, err := os.Stat(filepath.Join(bucket, filepath.FromSlash(name))); err != nil {
				t.Errorf("%s is not in the new storage: %v", name, err)
			}
		}
	}
	if rep.Media == nil || rep.Media.Files == 0 || rep.Media.Pictures != int(got["media"].SourceRows) || len(rep.Media.Missing) > 0 {
		t.Errorf("media report %+v", rep.Media)
	}

	// Every sequence is past the ids copied.
	var maxID, next int64
	pool := pg.Pool()
	if err := pool.QueryRow(ctx, `SELECT MAX(id) FROM comments`).Scan(&maxID); err != nil {
		t.Fatal(err)
	}
	if err := pool.QueryRow(ctx, `INSERT INTO comments (article_id, author_name, author_email, body, status, created_at)
		VALUES ($1, 'New', 'new@example.org', 'After the move', 'pending', now()) RETURNING id`, want[0].ID).Scan(&next); err != nil {
		t.Fatal(err)
	}
	if next != maxID+1 {
		t.Errorf("the first comment after the move has id %d, the highest copied is %d", next, maxID)
	}

	var out strings.Builder
	rep.Print(&out)
	for _, line := range []string{"moved " + path, "users ", "same", "search index: built anew", "media: "} {
		if !strings.Contains(out.String(), line) {
			t.Errorf("the report does not say %q:\n%s", line, out.String())
		}
	}
	if strings.Contains(out.String(), "DIFFERENT") {
		t.Errorf("the report has a difference:\n%s", out.String())
	}
}

// Bad input is a clear error that changes nothing.
func TestMoveRefuses(t *testing.T) {
	ctx := context.Background()
	site := demoSite(t)
	dir := t.TempDir()
	text := filepath.Join(dir, "notes.txt")
	if err := os.WriteFile(text, []byte("not a database at all, but long enough"), 0o644); err != nil {
		t.Fatal(err)
	}
	other := filepath.Join(dir, "other.db")
	execSQLite(t, other, `CREATE TABLE things (id INTEGER PRIMARY KEY)`)
	older := filepath.Join(t.TempDir(), "dateline.db")
	copyFile(t, site, older)
	execSQLite(t, older, `DELETE FROM schema_migrations WHERE version = (SELECT MAX(version) FROM schema_migrations)`)
	unknown := filepath.Join(t.TempDir(), "dateline.db")
	copyFile(t, site, unknown)
	execSQLite(t, unknown, `CREATE TABLE plugin_data (id INTEGER PRIMARY KEY)`)

	full := pgtest.URL(t)
	if _, err := Run(ctx, Config{Source: demoSite(t), Target: full}); err != nil {
		t.Fatal(err)
	}
	before := rowsIn(t, full, "articles")
	empty := pgtest.URL(t)

	for _, tc := range []struct {
		name, source, target, want string
	}{
		{"a file that is not there", filepath.Join(dir, "nope.db"), empty, "no database at " + filepath.Join(dir, "nope.db")},
		{"a folder", dir, empty, "no database at " + dir},
		{"a file that is not SQLite", text, empty, text + " is not a SQLite database"},
		{"a SQLite database that is not dateline's", other, empty, other + " is a SQLite database but not dateline's"},
		{"a dateline database of an older migration", older, empty, "start this dateline on it once"},
		{"a database with a table this dateline does not know", unknown, empty, `has a table "plugin_data" that this dateline does not know how to move`},
		{"a SQLite target", site, "sqlite:" + filepath.Join(dir, "new.db"), "the target is a SQLite database"},
		{"a target that is no URL", site, "mysql://localhost/news", "the target is not a PostgreSQL URL"},
		{"a server that does not answer", site, "postgres://news:s3cret@127.0.0.1:1/news", "PostgreSQL at 127.0.0.1:1/news: connect to the database"},
		{"a target that holds a site", site, full, "already holds rows (in users, categories"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Run(ctx, Config{Source: tc.source, Target: tc.target})
			if err == nil || !strings.Contains(err.Error(), tc.want) || strings.Contains(err.Error(), "s3cret") || strings.Contains(err.Error(), "\n") {
				t.Errorf("got %v, want one line saying %q (and no password)", err, tc.want)
			}
		})
	}
	if n := rowsIn(t, empty, "users"); n != 0 {
		t.Errorf("a refused move wrote %d users", n)
	}
	if n := rowsIn(t, full, "articles"); n != before {
		t.Errorf("the refused move changed the full target: %d articles, were %d", n, before)
	}
}

// --force empties the target first, in the copy's own transaction: a copy
// that fails half-way leaves what the target held.
func TestForceReplacesAndAFailureLeavesTheTargetAsItWas(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	if _, err := Run(ctx, Config{Source: demoSite(t), Target: url}); err != nil {
		t.Fatal(err)
	}
	articles, comments := rowsIn(t, url, "articles"), rowsIn(t, url, "comments")

	// A second site whose last comment has a time that is not one:
	// written by some other tool, refused when the comments are copied,
	// after the articles and the rest went in.
	broken := demoSite(t)
	execSQLite(t, broken, `UPDATE comments SET created_at = 'yesterday' WHERE id = (SELECT MAX(id) FROM comments)`)
	_, err := Run(ctx, Config{Source: broken, Target: url, Force: true})
	if err == nil || !strings.Contains(err.Error(), `column created_at: "yesterday" is not a time`) || !strings.Contains(err.Error(), "copy comments") {
		t.Fatalf("moving a site with a broken time: %v", err)
	}
	if a, c := rowsIn(t, url, "articles"), rowsIn(t, url, "comments"); a != articles || c != comments {
		t.Errorf("the failed copy left %d articles and %d comments, the target held %d and %d", a, c, articles, comments)
	}

	smaller := demoSite(t)
	execSQLite(t, smaller, `DELETE FROM articles WHERE id = (SELECT MIN(id) FROM articles WHERE kind = 'page')`)
	rep, err := Run(ctx, Config{Source: smaller, Target: url, Force: true})
	if err != nil {
		t.Fatal(err)
	}
	if a := rowsIn(t, url, "articles"); a != articles-1 {
		t.Errorf("after --force the target has %d articles, want the new site's %d", a, articles-1)
	}
	for _, tr := range rep.Tables {
		if !tr.Same() {
			t.Errorf("%s differs: %+v", tr.Name, tr)
		}
	}
}

// A copy that PostgreSQL changes on the way in is caught by the
// checksums and not committed: here a target whose comments keep their
// times to the second (a column altered by hand), where the source has
// milliseconds.
func TestADifferenceIsCaughtAndNothingCommitted(t *testing.T) {
	ctx := context.Background()
	url := pgtest.URL(t)
	if _, err := pgStore(t, url).Pool().Exec(ctx, `ALTER TABLE comments ALTER COLUMN created_at TYPE timestamptz(0)`); err != nil {
		t.Fatal(err)
	}
	path := demoSite(t)
	execSQLite(t, path, `UPDATE comments SET created_at = '2026-11-20T10:00:00.123Z' WHERE id = (SELECT MIN(id) FROM comments)`)
	rep, err := Run(ctx, Config{Source: path, Target: url})
	if !errors.Is(err, ErrDifferent) || !strings.Contains(err.Error(), "in comments; nothing was committed") {
		t.Fatalf("got %v, want the difference in comments", err)
	}
	for _, tr := range rep.Tables {
		if tr.Same() == (tr.Name == "comments") {
			t.Errorf("%s: same %v (%+v)", tr.Name, tr.Same(), tr)
		}
	}
	var out strings.Builder
	rep.Print(&out)
	if !strings.Contains(out.String(), "DIFFERENT") || !strings.Contains(out.String(), "nothing was committed") {
		t.Errorf("the report:\n%s", out.String())
	}
	if n := rowsIn(t, url, "articles"); n != 0 {
		t.Errorf("%d articles were committed", n)
	}
}

// The rows the target's triggers would derive are copied as the source
// has them, and the triggers work again afterwards: an article published
// on the new database counts in its month.
func TestTriggersAreOffForTheCopyOnly(t *testing.T) {
	ctx := context.Background()
	path := demoSite(t)
	// A month count only the source knows: its triggers would not make it.
	execSQLite(t, path, `UPDATE archive_months SET last_mod = '2030-01-01T00:00:00.000Z'`)
	url := pgtest.URL(t)
	rep, err := Run(ctx, Config{Source: path, Target: url})
	if err != nil {
		t.Fatal(err)
	}
	pool := pgStore(t, url).Pool()
	var odd int
	if err := pool.QueryRow(ctx, `SELECT COUNT(*) FROM archive_months WHERE last_mod = '2030-01-01T00:00:00Z'`).Scan(&odd); err != nil {
		t.Fatal(err)
	}
	var months int64
	for _, tr := range rep.Tables {
		if tr.Name == "archive_months" {
			months = tr.TargetRows
		}
	}
	if months == 0 || int64(odd) != months {
		t.Errorf("%d of %d month counts kept the source's time", odd, months)
	}
	var enabled int
	if err := pool.QueryRow(ctx, `SELECT COUNT(*) FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
		WHERE c.relnamespace = current_schema()::regnamespace AND NOT t.tgisinternal AND t.tgenabled = 'D'`).Scan(&enabled); err != nil {
		t.Fatal(err)
	}
	if enabled != 0 {
		t.Errorf("%d triggers are still off after the copy", enabled)
	}
	var before, after int
	pool.QueryRow(ctx, `SELECT COALESCE(SUM(posts), 0) FROM archive_months`).Scan(&before)
	if _, err := pool.Exec(ctx, `UPDATE articles SET status = 'published', published_at = now(), updated_at = now()
		WHERE id = (SELECT MIN(id) FROM articles WHERE kind = 'post')`); err != nil {
		t.Fatal(err)
	}
	if _, err := pool.Exec(ctx, `UPDATE articles SET status = 'draft' WHERE id = (SELECT MAX(id) FROM articles WHERE kind = 'post')`); err != nil {
		t.Fatal(err)
	}
	pool.QueryRow(ctx, `SELECT COALESCE(SUM(posts), 0) FROM archive_months`).Scan(&after)
	if after != before-1 {
		t.Errorf("the month counts went from %d to %d posts after a post was unpublished: the trigger did not run", before, after)
	}
}

// The checksum reads a value alike whichever side it came from.
func TestChecksumNormalisesBothSidesAlike(t *testing.T) {
	cols := []column{{name: "id", kind: kindInt}, {name: "open", kind: kindBool}, {name: "at", kind: kindTime},
		{name: "note", kind: kindText}, {name: "gone", kind: kindTime}}
	var values []any
	for i, v := range []any{int64(7), int64(1), "2025-07-14T03:04:05.678Z", []byte("ข่าว"), nil} {
		c, err := fromSQLite(cols[i], v)
		if err != nil {
			t.Fatal(err)
		}
		values = append(values, c)
	}
	bangkok := time.FixedZone("ICT", 7*3600)
	pg := []any{int32(7), true, time.Date(2025, 7, 14, 10, 4, 5, 678e6, bangkok), "ข่าว", nil}
	a, b := newChecksum(), newChecksum()
	if err := a.add(cols, values); err != nil {
		t.Fatal(err)
	}
	if err := b.add(cols, pg); err != nil {
		t.Fatal(err)
	}
	if a.sum() != b.sum() {
		t.Error("one row read from SQLite and from PostgreSQL sums differently")
	}
	// NULL is not the empty text, and values do not run into each other.
	two := []column{{name: "a", kind: kindText}, {name: "b", kind: kindText}}
	sums := map[string]bool{}
	for _, row := range [][]any{{nil, "x"}, {"", "x"}, {"x", ""}, {"", "x "}} {
		s := newChecksum()
		s.add(two, row)
		sums[s.sum()] = true
	}
	if len(sums) != 4 {
		t.Errorf("4 different rows give %d different sums", len(sums))
	}
	for _, tc := range []struct {
		col column
		v   any
	}{
		{column{name: "open", kind: kindBool}, int64(2)},
		{column{name: "at", kind: kindTime}, "last Tuesday"},
		{column{name: "id", kind: kindInt}, "7"},
	} {
		if _, err := fromSQLite(tc.col, tc.v); err == nil {
			t.Errorf("%v in %s was taken", tc.v, tc.col.name)
		}
	}
}

// Every table of both schemas is copied or skipped for a reason: a
// migration that adds a table to either fails here until the plan knows
// it.
func TestThePlanCoversBothSchemas(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "dateline.db")
	lite, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	lite.Close()
	src, err := openSource(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer src.close()
	dst, err := openTarget(ctx, pgtest.URL(t))
	if err != nil {
		t.Fatal(err)
	}
	defer dst.close()
	p, err := plan(src, dst)
	if err != nil {
		t.Fatal(err)
	}
	if len(p) != len(tables) {
		t.Errorf("the plan has %d tables, want %d", len(p), len(tables))
	}
	var pgTables []string
	for name := range dst.columns {
		pgTables = append(pgTables, name)
	}
	for _, name := range tables {
		if !slices.Contains(pgTables, name) {
			t.Errorf("PostgreSQL has no %s", name)
		}
	}
}

func execSQLite(t *testing.T, path, query string) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?_pragma=foreign_keys(1)")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(query); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	out, err := os.Create(to)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Close()
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
}
