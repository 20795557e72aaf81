package wordpress_test

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/comments"
	"dateline/internal/members"
	"dateline/internal/store/sqlite"
	"dateline/internal/taxonomy"
	"dateline/internal/wordpress"
)

// importWorld is a fresh SQLite store with the services an import writes
// through, on a clock that stands still.
type importWorld struct {
	t     testing.TB
	path  string // the database file
	st    *sqlite.Store
	svc   wordpress.Services
	clock *clock.Fake
	feed  *changes.Feed
	seen  *changes.Recorder
}

func newImportWorld(t testing.TB) *importWorld {
	t.Helper()
	w := &importWorld{t: t, path: filepath.Join(t.TempDir(), "import.db"),
		clock: clock.NewFake(time.Date(2025, 3, 1, 12, 0, 0, 0, time.UTC)), feed: &changes.Feed{}, seen: &changes.Recorder{}}
	st, err := sqlite.Open(context.Background(), w.path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	w.st = st
	w.feed.Subscribe(w.seen.Record)
	cs, err := comments.New(st, comments.Config{Secret: []byte("0123456789abcdef0123456789abcdef"), Changes: w.feed})
	if err != nil {
		t.Fatal(err)
	}
	w.svc = wordpress.Services{Store: st, Comments: cs,
		Articles: articles.New(articles.Config{Store: st, Changes: w.feed, Now: w.clock.Now}),
		Taxonomy: taxonomy.New(taxonomy.Config{Store: st, Changes: w.feed}),
		Members:  members.New(members.Config{Store: st, Changes: w.feed})}
	return w
}

// importBytes imports src with opt, on the world's clock.
func (w *importWorld) importBytes(src []byte, opt wordpress.ImportOptions) (*wordpress.Summary, error) {
	w.t.Helper()
	if opt.Now == nil {
		opt.Now = w.clock.Now
	}
	if opt.Location == nil {
		opt.Location = time.UTC
	}
	im, err := wordpress.New(w.svc, opt)
	if err != nil {
		w.t.Fatal(err)
	}
	return im.Import(context.Background(), bytes.NewReader(src))
}

// importFile imports testdata/name and fails the test on an error.
func (w *importWorld) importFile(name string, opt wordpress.ImportOptions) *wordpress.Summary {
	w.t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		w.t.Fatal(err)
	}
	sum, err := w.importBytes(src, opt)
	if err != nil {
		w.t.Fatalf("import %s: %v", name, err)
	}
	return sum
}

// dump is every row of every table of the database, each table's rows
// sorted, for comparing the whole database before and after.
func (w *importWorld) dump() map[string][]string {
	w.t.Helper()
	db, err := sql.Open("sqlite", "file:"+w.path+"?mode=ro")
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name`)
	if err != nil {
		w.t.Fatal(err)
	}
	var tables []string
	for rows.Next() {
		var name string
		if err := rows.Scan(&name); err != nil {
			w.t.Fatal(err)
		}
		tables = append(tables, name)
	}
	rows.Close()
	out := map[string][]string{}
	for _, table := range tables {
		rows, err := db.Query(`SELECT * FROM "` + table + `"`)
		if err != nil {
			w.t.Fatalf("read %s: %v", table, err)
		}
		cols, _ := rows.Columns()
		list := []string{}
		for rows.Next() {
			vals := make([]any, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				w.t.Fatal(err)
			}
			list = append(list, fmt.Sprintf("%q", vals))
		}
		rows.Close()
		slices.Sort(list)
		out[table] = list
	}
	return out
}

// counts is the number of rows of each table.
func counts(d map[string][]string) map[string]int {
	out := map[string]int{}
	for t, rows := range d {
		out[t] = len(rows)
	}
	return out
}

// changed lists the tables whose rows differ between two dumps.
func changed(before, after map[string][]string) []string {
	var out []string
	for t := range after {
		if !slices.Equal(before[t], after[t]) {
			out = append(out, fmt.Sprintf("%s (%d rows, then %d)", t, len(before[t]), len(after[t])))
		}
	}
	slices.Sort(out)
	return out
}

// nothingChanged fails unless every count of sum is unchanged or skipped.
func nothingChanged(t *testing.T, sum *wordpress.Summary) {
	t.Helper()
	for kind, c := range sum.Counts {
		if c.Created != 0 || c.Updated != 0 {
			t.Errorf("%s: %d created and %d updated; want none", kind, c.Created, c.Updated)
		}
	}
}

func summaryText(sum *wordpress.Summary) string {
	var b strings.Builder
	sum.Print(&b)
	return b.String()
}

func TestImportingTheSameExportAgainChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		file string
		opt  wordpress.ImportOptions
	}{
		{"a news site with every shape", "import-site.xml", wordpress.ImportOptions{}},
		{"in batches of one post", "import-site.xml", wordpress.ImportOptions{BatchSize: 1}},
		{"without pingbacks", "import-site.xml", wordpress.ImportOptions{SkipPings: true}},
		{"a WXR 1.0 file, whose authors and terms have no ids", "wxr-1.0.xml", wordpress.ImportOptions{}},
		{"a WXR 1.1 file", "wxr-1.1.xml", wordpress.ImportOptions{}},
		{"another WXR 1.2 site", "site-1.2.xml", wordpress.ImportOptions{}},
		{"what a stock WordPress 6.1 exports", "stock/wordpress-6.1-export.xml", wordpress.ImportOptions{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := newImportWorld(t)
			first := w.importFile(tc.file, tc.opt)
			made := 0
			for _, c := range first.Counts {
				made += c.Created
			}
			if made == 0 {
				t.Fatalf("the first import made nothing:\n%s", summaryText(first))
			}
			before := w.dump()
			w.seen.Take()
			w.clock.Advance(time.Hour)
			second := w.importFile(tc.file, tc.opt)
			nothingChanged(t, second)
			after := w.dump()
			if d := changed(before, after); len(d) > 0 {
				t.Errorf("the second import changed %s\n%s", strings.Join(d, ", "), summaryText(second))
			}
			if !mapsEqual(counts(before), counts(after)) {
				t.Errorf("row counts %v, then %v", counts(before), counts(after))
			}
			if ev := w.seen.Take(); len(ev) > 0 {
				t.Errorf("the second import announced %d changes; want none: %+v", len(ev), ev)
			}
			for _, k := range []string{wordpress.CountPosts, wordpress.CountComments, wordpress.CountAuthors} {
				if a, b := first.Counts[k], second.Counts[k]; a.Created+a.Unchanged+a.Updated != b.Unchanged {
					t.Errorf("%s: first %+v, second %+v; want everything the first kept unchanged", k, *a, *b)
				}
			}
		})
	}
}

func mapsEqual(a, b map[string]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
