package sqlite_test

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"dateline/internal/content"

	"dateline/internal/store"
	"dateline/internal/store/sqlite"
	"dateline/internal/store/storetest"
)

func open(t testing.TB) *sqlite.Store {
	t.Helper()
	st, err := sqlite.Open(context.Background(), filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

func TestConformance(t *testing.T) {
	storetest.Run(t, func(t *testing.T) store.Store { return open(t) })
}

// Two processes on one file: each opens it as a server does.
func TestConformanceOfTwoHandles(t *testing.T) {
	storetest.RunNodes(t, func(t *testing.T) (store.Store, store.Store) {
		path := filepath.Join(t.TempDir(), "test.db")
		var handles [2]store.Store
		for i := range handles {
			st, err := sqlite.Open(context.Background(), path)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { st.Close() })
			handles[i] = st
		}
		return handles[0], handles[1]
	})
}

// Pragmas are per connection; holding several connections at once proves
// that each new one in the pool gets them, not only the first.
func TestEveryConnectionHasThePragmas(t *testing.T) {
	st := open(t)
	ctx := context.Background()
	pools := []struct {
		name  string
		db    *sql.DB
		conns int
		want  string
	}{
		{"reader", st.ReadDB(), 4, "wal 1 5000 2 1"},
		{"writer", st.WriteDB(), 1, "wal 1 5000 2 0"},
	}
	for _, p := range pools {
		var held []*sql.Conn
		for i := range p.conns {
			c, err := p.db.Conn(ctx)
			if err != nil {
				t.Fatal(err)
			}
			held = append(held, c)
			var journal string
			var fk, busy, sync, queryOnly int
			for _, q := range []struct {
				pragma string
				dest   any
			}{{"journal_mode", &journal}, {"foreign_keys", &fk}, {"busy_timeout", &busy}, {"synchronous", &sync}, {"query_only", &queryOnly}} {
				if err := c.QueryRowContext(ctx, "PRAGMA "+q.pragma).Scan(q.dest); err != nil {
					t.Fatalf("%s connection %d: PRAGMA %s: %v", p.name, i, q.pragma, err)
				}
			}
			got := fmt.Sprint(journal, " ", fk, " ", busy, " ", sync, " ", queryOnly)
			if got != p.want {
				t.Errorf("%s connection %d: journal_mode, foreign_keys, busy_timeout, synchronous, query_only = %s, want %s", p.name, i, got, p.want)
			}
		}
		for _, c := range held {
			c.Close()
		}
	}
}

func TestReopeningKeepsDataAndSchema(t *testing.T) {
	path := filepath.Join(t.TempDir(), "again.db")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := st.Settings(ctx)
	set.SiteName = "Kept"
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	st.Close()
	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatalf("second open (migrations must be idempotent): %v", err)
	}
	defer st.Close()
	got, _ := st.Settings(ctx)
	if got.SiteName != "Kept" {
		t.Errorf("site name = %q after reopening", got.SiteName)
	}
}

func TestAnEmptySearchIndexIsFilledOnOpen(t *testing.T) {
	path := filepath.Join(t.TempDir(), "reindex.db")
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	u := content.User{Email: "a@example.com", Name: "A Writer", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Lanterns %d", i), Format: content.FormatMarkdown,
			Status: content.StatusPublished, PublishedAt: time.Now(), Author: u}
		if err := st.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
	}
	// As an old database looked before search existed.
	for _, table := range []string{"search_words", "search_trigrams"} {
		if _, err := st.WriteDB().Exec("DELETE FROM " + table); err != nil {
			t.Fatal(err)
		}
	}
	st.Close()
	st, err = sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	hits, err := st.Search(ctx, store.SearchQuery{Text: "lanterns"})
	if err != nil || len(hits) != 3 {
		t.Errorf("after reopening, search found %d (%v), want 3", len(hits), err)
	}
}
