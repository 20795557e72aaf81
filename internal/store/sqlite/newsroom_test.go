package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

func openNewsroom(t *testing.T, path string) *Store {
	t.Helper()
	st, err := Open(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// Two servers on one database file each have their own pools; the
// conditional UPDATE must still let only one of them publish.
func TestTwoServersPublishAScheduledArticleOnce(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "shared.db")
	one, two := openNewsroom(t, path), openNewsroom(t, path)
	u := content.User{Email: "w@example.com", Name: "Writer", Role: content.RoleAuthor}
	if err := one.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)
	var ids []int64
	for i := range 10 {
		a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Embargo %d", i), Format: content.FormatMarkdown,
			Status: content.StatusScheduled, PublishedAt: at, Author: u}
		if err := one.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.ID)
	}
	var wins atomic.Int32
	var wg sync.WaitGroup
	for _, st := range []*Store{one, two, one, two} {
		wg.Go(func() {
			for _, id := range ids {
				ok, err := st.PublishScheduled(ctx, id, at)
				if err != nil {
					t.Error(err)
				}
				if ok {
					wins.Add(1)
				}
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != int32(len(ids)) {
		t.Errorf("%d publications of %d articles", n, len(ids))
	}
}

// TestNewsroomQueriesUseIndexes checks that what the scheduler runs every
// 30 seconds and the most-read list read only the rows they need: the
// scheduled articles, and the views of the days asked for.
func TestNewsroomQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	st := openNewsroom(t, filepath.Join(t.TempDir(), "plan.db"))
	a := seedForPlans(t, st)
	day := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for d := range 60 {
		counts := map[int64]int{}
		for id := int64(1); id <= 300; id += 7 {
			counts[id] = d + int(id)
		}
		if err := st.AddViews(ctx, counts, day.AddDate(0, 0, d).Format(store.DayLayout)); err != nil {
			t.Fatal(err)
		}
	}
	var seen []string
	var args [][]any
	st.onQuery = func(q string, a []any) { seen, args = append(seen, q), append(args, a) }
	calls := map[string]func() error{
		"due":           func() error { _, err := st.DueScheduled(ctx, day); return err },
		"next due":      func() error { _, _, err := st.NextScheduled(ctx); return err },
		"most read":     func() error { _, err := st.MostRead(ctx, "2025-02-01", 10); return err },
		"site views":    func() error { _, err := st.ViewsPerDay(ctx, 0, "2025-02-01", "2025-02-28"); return err },
		"article views": func() error { _, err := st.ViewsPerDay(ctx, a.ID, "2025-02-01", "2025-02-28"); return err },
		"revisions":     func() error { _, err := st.Revisions(ctx, a.ID); return err },
		"newsroom":      func() error { _, err := st.NewsroomArticles(ctx, store.NewsroomFilter{}); return err },
		"newsroom drafts": func() error {
			_, err := st.NewsroomArticles(ctx, store.NewsroomFilter{Status: content.StatusDraft})
			return err
		},
	}
	for name, call := range calls {
		seen, args = nil, nil
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, q := range seen {
			plan := explain(t, st, q, args[i])
			for _, step := range plan {
				if fullScan(name, step) || (strings.HasPrefix(name, "newsroom") && strings.Contains(step, "TEMP B-TREE")) {
					t.Errorf("%s: plan step %q\nquery: %s\nplan:\n  %s", name, step, oneLine(q), strings.Join(plan, "\n  "))
				}
			}
		}
	}
}

// fullScan reports a step that reads a whole table rather than an index
// range. The newsroom list may walk an index in order (its LIMIT stops
// it), and most-read scans the sums it made from one range of days.
func fullScan(call, step string) bool {
	if !strings.HasPrefix(step, "SCAN ") || strings.Contains(step, "USING INDEX articles_changed") {
		return false
	}
	switch table := strings.Fields(step)[1]; table {
	case "r":
		return call != "most read"
	case "a", "articles", "views", "revisions":
		return true
	}
	return false
}
