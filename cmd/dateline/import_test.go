package main

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/changes"
	"dateline/internal/store/backend"
	"dateline/internal/wordpress"
)

// importSite runs dateline import wordpress on the export file into the
// data folder dir and returns what it printed.
func importSite(t *testing.T, dir, file string, args ...string) string {
	t.Helper()
	var out, errOut strings.Builder
	args = append([]string{"import", "wordpress", file, "--data", dir}, args...)
	if code := run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errOut); code != 0 {
		t.Fatalf("%v: exit %d\n%s%s", args, code, out.String(), errOut.String())
	}
	return out.String()
}

// siteOn is the program's handler, as serve assembles it, on the data
// folder dir.
func siteOn(t *testing.T, dir string) http.Handler {
	t.Helper()
	ctx := context.Background()
	db := "sqlite:" + filepath.Join(dir, "dateline.db")
	st, err := backend.Open(ctx, db)
	noError(t, err)
	t.Cleanup(func() { st.Close() })
	a, err := assemble(ctx, Config{Data: dir, DB: db, BaseURL: "https://news.example"}, st, &changes.Feed{}, noEnv, slog.New(slog.DiscardHandler))
	noError(t, err)
	return a.front.Handler()
}

func get(h http.Handler, target string) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, httptest.NewRequest(http.MethodGet, target, nil))
	return w
}

// TestAnImportedSiteAnswersAtItsOldAddresses imports the hand-written
// export of a WordPress news site into a fresh data folder with the
// command, then asks the program for every old address of its published
// posts and pages: each leads, in at most one redirect, to its story with
// its approved comments.
func TestAnImportedSiteAnswersAtItsOldAddresses(t *testing.T) {
	dir := t.TempDir()
	file, err := filepath.Abs("../../internal/wordpress/testdata/import-site.xml")
	noError(t, err)
	out := importSite(t, dir, file, "--zone", "Asia/Bangkok")
	for _, want := range []string{"Imported https://gazette.test in", "posts               11         0         0         0", "warnings ("} {
		if !strings.Contains(out, want) {
			t.Errorf("the summary lacks %q:\n%s", want, out)
		}
	}
	h := siteOn(t, dir)

	story := func(title string, comments ...string) func(t *testing.T, page string) {
		return func(t *testing.T, page string) {
			doc := parseHTML(t, page)
			if h1 := findElement(doc, "h1", "class", "story-title"); textOf(h1) != title {
				t.Errorf("h1 %q, want %q", textOf(h1), title)
			}
			var shown []string
			for _, n := range elementsWhere(doc, func(n *html.Node) bool { return hasClass(n, "comment-text") }) {
				shown = append(shown, textOf(n))
			}
			if strings.Join(shown, "|") != strings.Join(comments, "|") {
				t.Errorf("comments shown %q, want %q", shown, comments)
			}
		}
	}
	barrier := story("Flood barrier approved after six-hour meeting",
		"About time. We were flooded twice & nobody came.", "Thanks, Ann: we will follow the works.",
		"[…] the Gazette reports the vote […]", "I answer a comment that was deleted.")
	for _, tc := range []struct {
		old  string
		to   string // "" when the old address is the new one
		page func(t *testing.T, page string)
	}{
		{"/2024/05/14/flood-barrier-approved/", "", barrier},
		{"/?p=101", "/2024/05/14/flood-barrier-approved/", barrier},
		{"/2024/05/20/flood-barrier-approved/", "/2024/05/20/flood-barrier-approved-2/", story("Flood barrier approved: the second vote")},
		{"/?p=114", "/2024/05/20/flood-barrier-approved-2/", story("Flood barrier approved: the second vote")},
		{"/2024/05/15/%e0%b8%99%e0%b9%89%e0%b8%b3%e0%b8%97%e0%b9%88%e0%b8%a7%e0%b8%a1/", "", story("น้ำท่วมกรุงเทพ: the capital braces for the tide")},
		{"/?p=102", "/2024/05/15/%E0%B8%99%E0%B9%89%E0%B8%B3%E0%B8%97%E0%B9%88%E0%B8%A7%E0%B8%A1/", story("น้ำท่วมกรุงเทพ: the capital braces for the tide")},
		{"/2024/05/18/letter-from-a-correspondent/", "", story("Letter from a correspondent")},
		{"/2024/05/19/texts-that-test-an-importer/", "", story("Texts that test an importer 🌊")},
		{"/about/", "", story("About the Gazette")},
		{"/?page_id=110", "/about/", story("About the Gazette")},
		{"/about/team/", "/team/", story("Our team")},
		{"/?page_id=112", "/search-page/", story("Search the archive")},
	} {
		t.Run(tc.old, func(t *testing.T) {
			w := get(h, tc.old)
			if tc.to != "" {
				if w.Code != http.StatusMovedPermanently || !strings.EqualFold(w.Header().Get("Location"), tc.to) {
					t.Fatalf("GET %s = %d to %q, want 301 to %s", tc.old, w.Code, w.Header().Get("Location"), tc.to)
				}
				w = get(h, w.Header().Get("Location"))
			}
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s (%s) = %d, want 200", tc.old, tc.to, w.Code)
			}
			tc.page(t, w.Body.String())
		})
	}
	// The pages keep their hierarchy: Our team, under About in WordPress,
	// links up to it, and About lists it.
	pageLinks := func(path, class string) []string {
		w := get(h, path)
		if w.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, w.Code)
		}
		var links []string
		for _, nav := range elementsWhere(parseHTML(t, w.Body.String()), func(n *html.Node) bool { return n.Data == "nav" && hasClass(n, class) }) {
			for _, a := range elementsWhere(nav, func(n *html.Node) bool { return n.Data == "a" }) {
				links = append(links, attrOf(a, "href")+" "+textOf(a))
			}
		}
		return links
	}
	if got := pageLinks("/team/", "page-trail"); !reflect.DeepEqual(got, []string{"/about/ About the Gazette"}) {
		t.Errorf("Our team links up to %q, want About", got)
	}
	if got := pageLinks("/about/", "subpages"); !reflect.DeepEqual(got, []string{"/team/ Our team"}) {
		t.Errorf("About lists the pages %q, want Our team", got)
	}
	if got := pageLinks("/about/", "page-trail"); len(got) != 0 {
		t.Errorf("a top-level page links up to %q", got)
	}

	// What was not published does not answer.
	for _, old := range []string{"/2024/05/17/members-only-the-full-budget/", "/2024/05/16/for-the-staff-only/", "/?p=103"} {
		if w := get(h, old); w.Code == http.StatusOK || w.Code == http.StatusMovedPermanently {
			t.Errorf("GET %s = %d; a protected, private or draft post must not be shown", old, w.Code)
		}
	}

	// The same command again changes nothing.
	again := importSite(t, dir, file, "--zone", "Asia/Bangkok")
	if !strings.Contains(again, "posts                0         0        11         0") || !strings.Contains(again, "comments             0         0         6         0") {
		t.Errorf("the second import changed something:\n%s", again)
	}
}

// TestImportRefusesWhatItCannotRead runs the command on files it must
// refuse, each with a clear message and no database made when the file
// cannot be opened.
func TestImportRefusesWhatItCannotRead(t *testing.T) {
	dir := t.TempDir()
	notXML := filepath.Join(dir, "export.xml")
	noError(t, os.WriteFile(notXML, []byte("%PDF-1.7 this is not an export"), 0o644))
	for _, tc := range []struct {
		name string
		args []string
		code int
		says string
	}{
		{"no file", []string{"import", "wordpress"}, 2, "needs the export file"},
		{"another source", []string{"import", "blogger", notXML}, 2, "use 'dateline import wordpress FILE.xml'"},
		{"a missing file", []string{"import", "wordpress", filepath.Join(dir, "nope.xml")}, 1, "no such file"},
		{"a folder", []string{"import", "wordpress", dir}, 1, "is not a file"},
		{"an unknown role", []string{"import", "wordpress", notXML, "--role", "owner"}, 2, `--role "owner"`},
		{"an unknown zone", []string{"import", "wordpress", notXML, "--zone", "Mars/Olympus"}, 2, "is not a time zone"},
		{"a batch too large", []string{"import", "wordpress", notXML, "--batch", "5000"}, 2, "from 1 to 1000"},
		{"no time for a picture", []string{"import", "wordpress", notXML, "--media-timeout", "0s"}, 2, "more than zero"},
		{"two files", []string{"import", "wordpress", notXML, notXML}, 2, "one export file at a time"},
		{"a file that is not XML", []string{"import", "wordpress", notXML}, 1, "the file is not XML"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			data := t.TempDir()
			var out, errOut strings.Builder
			code := run(context.Background(), append(tc.args, "--data", data), noEnv, strings.NewReader(""), &out, &errOut)
			if code != tc.code {
				t.Errorf("exit %d, want %d", code, tc.code)
			}
			if got := out.String() + errOut.String(); !strings.Contains(got, tc.says) {
				t.Errorf("output %q lacks %q", got, tc.says)
			}
		})
	}
	_ = io.Discard
}

// rowCounts counts the rows of every table of the SQLite file.
func rowCounts(t *testing.T, path string) map[string]int {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro")
	noError(t, err)
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
	noError(t, err)
	var tables []string
	for rows.Next() {
		var n string
		noError(t, rows.Scan(&n))
		tables = append(tables, n)
	}
	rows.Close()
	out := map[string]int{}
	for _, table := range tables {
		var n int
		noError(t, db.QueryRow(`SELECT COUNT(*) FROM "`+table+`"`).Scan(&n))
		out[table] = n
	}
	return out
}

func TestImportDryRunWritesNothingAndTellsProgress(t *testing.T) {
	dir := t.TempDir()
	file, err := filepath.Abs("../../internal/wordpress/testdata/import-site.xml")
	noError(t, err)
	// The database exists, as a site's does.
	st, err := backend.Open(context.Background(), "sqlite:"+filepath.Join(dir, "dateline.db"))
	noError(t, err)
	st.Close()
	before := rowCounts(t, filepath.Join(dir, "dateline.db"))

	out := importSite(t, dir, file, "--dry-run")
	if after := rowCounts(t, filepath.Join(dir, "dateline.db")); !reflect.DeepEqual(before, after) {
		t.Errorf("a dry run changed the row counts: %v, then %v", before, after)
	}
	for _, want := range []string{"(dry run: nothing was written)", "would be created", "posts               11         0         0         0"} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run's output lacks %q:\n%s", want, out)
		}
	}
	// Not on a terminal: plain lines, the last of each pass at 100%, then
	// the summary.
	progress := regexp.MustCompile(`(?m)^progress: items [0-9]+ · [0-9]+/s · 100%$`)
	loc := progress.FindStringIndex(out)
	if loc == nil || loc[0] > strings.Index(out, "Imported ") || strings.Contains(out, "\r") {
		t.Errorf("no plain progress line before the summary:\n%q", out)
	}
	// The real import then does what the dry run said.
	real := importSite(t, dir, file)
	if !strings.Contains(real, "posts               11         0         0         0") {
		t.Errorf("the import did not do what the dry run told:\n%s", real)
	}
}

// TestADryRunWhereNoSiteIsMakesNoDatabase: a dry run into a data folder
// without a database (the first try of a newcomer, a mistyped --data)
// leaves the folder as it was, and tells what an import into an empty
// site would make.
func TestADryRunWhereNoSiteIsMakesNoDatabase(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "data")
	file, err := filepath.Abs("../../internal/wordpress/testdata/import-site.xml")
	noError(t, err)
	out := importSite(t, dir, file, "--dry-run")
	for _, want := range []string{"There is no database at " + filepath.Join(dir, "dateline.db") + " yet", "would be created",
		"posts               11         0         0         0"} {
		if !strings.Contains(out, want) {
			t.Errorf("the dry run's output lacks %q:\n%s", want, out)
		}
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the dry run made the data folder %s (%v)", dir, err)
	}
}

// TestAnImportKilledMidwayResumes kills the real binary with SIGKILL in
// the middle of an import, once it has written a few batches: the
// database then holds whole batches only (every post with its comments),
// and the same command run again completes the import without making
// anything twice.
func TestAnImportKilledMidwayResumes(t *testing.T) {
	const posts, perPost, batch = 10_000, 5, 200
	bin := buildBinary(t)
	dir := t.TempDir()
	file := filepath.Join(dir, "export.xml")
	f, err := os.Create(file)
	noError(t, err)
	noError(t, wordpress.GenerateExport(f, posts, perPost))
	noError(t, f.Close())

	cmd := exec.Command(bin, "import", "wordpress", file, "--data", dir, "--batch", strconv.Itoa(batch))
	var out strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &out
	noError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()

	db := filepath.Join(dir, "dateline.db")
	deadline := time.Now().Add(2 * time.Minute)
	for importedPosts(t, db) < 2*batch {
		select {
		case err := <-done:
			t.Fatalf("the import ended (%v) before it could be killed:\n%s", err, out.String())
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("no two batches written in two minutes:\n%s", out.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
	noError(t, cmd.Process.Signal(syscall.SIGKILL))
	if err := <-done; err == nil {
		t.Fatalf("the import finished before the kill; make the export larger:\n%s", out.String())
	}

	kept := importedPosts(t, db)
	t.Logf("killed with %d posts written", kept)
	if kept%batch != 0 || kept >= posts {
		t.Errorf("%d posts after the kill; want whole batches of %d, and not all %d", kept, batch, posts)
	}
	wholePosts(t, db, perPost)

	summary := importSite(t, dir, file, "--batch", strconv.Itoa(batch))
	made := fmt.Sprintf("posts %20d %9d %9d", posts-kept, 0, kept)
	if !strings.Contains(strings.Join(strings.Fields(summary), " "), strings.Join(strings.Fields(made), " ")) {
		t.Errorf("the second run's summary lacks %q (the rest made, the %d of the first run unchanged):\n%s", made, kept, summary)
	}
	if n := importedPosts(t, db); n != posts {
		t.Errorf("%d posts after the second run, want %d", n, posts)
	}
	wholePosts(t, db, perPost)
}

// importedPosts counts the posts in the database at path, 0 before it
// exists.
func importedPosts(t *testing.T, path string) int {
	t.Helper()
	if _, err := os.Stat(path); err != nil {
		return 0
	}
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	noError(t, err)
	defer db.Close()
	var n int
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles WHERE kind = 'post'`).Scan(&n); err != nil {
		return 0 // not migrated yet
	}
	return n
}

// wholePosts fails unless every post in the database at path has its
// perPost comments, and every article and comment is one an import link
// leads to (none made twice), and SQLite finds the file whole.
func wholePosts(t *testing.T, path string, perPost int) {
	t.Helper()
	db, err := sql.Open("sqlite", "file:"+path+"?mode=ro&_pragma=busy_timeout(5000)")
	noError(t, err)
	defer db.Close()
	var ok string
	if err := db.QueryRow(`PRAGMA integrity_check`).Scan(&ok); err != nil || ok != "ok" {
		t.Errorf("integrity_check: %q, %v", ok, err)
	}
	for _, check := range []struct{ what, query string }{
		{"a post without all its comments", `SELECT COUNT(*) FROM articles a WHERE kind = 'post' AND
			(SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id) <> ` + strconv.Itoa(perPost)},
		{"an article no import link leads to", `SELECT COUNT(*) FROM articles WHERE id NOT IN
			(SELECT target_id FROM legacy_links WHERE kind IN ('post', 'page'))`},
		{"a comment no import link leads to", `SELECT COUNT(*) FROM comments WHERE id NOT IN
			(SELECT target_id FROM legacy_links WHERE kind = 'comment')`},
		{"an article whose comment count is wrong", `SELECT COUNT(*) FROM articles a WHERE comment_count <>
			(SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id AND c.status = 'approved')`},
	} {
		var n int
		noError(t, db.QueryRow(check.query).Scan(&n))
		if n != 0 {
			t.Errorf("%d × %s", n, check.what)
		}
	}
}
