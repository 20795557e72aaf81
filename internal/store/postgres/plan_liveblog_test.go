package postgres_test

import (
	"context"
	"fmt"
	"maps"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/postgres/pgtest"
)

// TestLiveBlogAlertAndCorrectionReadsUseIndexes is TestPublicQueriesUseIndexes
// for what issue 17 added to public pages: a live blog's pages of entries
// (the newest, an older page), its pinned entry, its state and last
// update, the live blogs among a list's cards, the entry a story came
// from, the header's alerts and the corrections page. Their tables grow
// too (a live blog of 2,000 entries, a year of corrections), so a read of
// one must be an index lookup, as of the archive's.
func TestLiveBlogAlertAndCorrectionReadsUseIndexes(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.URL(t))
	a := seedForPlans(t, st)
	start := a.PublishedAt
	if err := st.SetLiveBlog(ctx, a.ID, start, time.Time{}); err != nil {
		t.Fatal(err)
	}
	var middle int64
	for i := range 60 {
		at := start.Add(time.Duration(i) * time.Minute)
		e := content.Entry{ArticleID: a.ID, Author: a.Author, Source: "x", Body: "<p>x</p>", CreatedAt: at, UpdatedAt: at, Pinned: i == 7}
		if err := st.AddEntry(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if i == 30 {
			middle = e.ID
		}
		c := content.Correction{ArticleID: a.ID, Kind: content.KindCorrection, Text: fmt.Sprintf("Fix %d", i), CreatedAt: at, UpdatedAt: at}
		if err := st.AddCorrection(ctx, &c); err != nil {
			t.Fatal(err)
		}
		l := content.Alert{Text: fmt.Sprintf("Alert %d", i), CreatedAt: at, ExpiresAt: at.Add(time.Hour)}
		if err := st.CreateAlert(ctx, &l); err != nil {
			t.Fatal(err)
		}
	}
	big := maps.Clone(bigTables)
	for _, name := range []string{"live_entries", "liveblogs", "corrections", "correction_versions"} {
		big[name] = true
	}
	type recorded struct {
		query string
		args  []any
	}
	var seen []recorded
	st.OnQuery(func(q string, args []any) { seen = append(seen, recorded{q, args}) })
	calls := map[string]func() error{
		"newest entries": func() error { _, err := st.Entries(ctx, store.EntryQuery{ArticleID: a.ID, Limit: 21}); return err },
		"older entries": func() error {
			_, err := st.Entries(ctx, store.EntryQuery{ArticleID: a.ID, Before: middle, Limit: 21})
			return err
		},
		"pinned entry":   func() error { _, err := st.PinnedEntry(ctx, a.ID); return err },
		"live blog":      func() error { _, err := st.LiveBlog(ctx, a.ID); return err },
		"live blogs of":  func() error { _, err := st.LiveBlogsOf(ctx, []int64{a.ID, a.ID - 1, a.ID - 2}); return err },
		"entry of story": func() error { _, err := st.EntryOfStory(ctx, a.ID); return ignoreMissing(err) },
		"active alerts":  func() error { _, err := st.ActiveAlerts(ctx, start.Add(30*time.Minute), 3); return err },
		"corrections":    func() error { _, err := st.RecentCorrections(ctx, 20, 40); return err },
	}
	conn := planConn(t, st.Pool(), true)
	for name, call := range calls {
		seen = nil
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(seen) == 0 {
			t.Fatalf("%s ran no recorded query", name)
		}
		// The header's alerts are the active ones, found by their expiry
		// and then sorted by time: a sort of the few up at once (editors
		// post them, for at most a week each), whatever expired before.
		// On the test's rows, with the sort priced out, the planner would
		// rather hash the whole of articles than look up the few alerts'
		// articles: joins other than nested lookups are priced out too.
		alerts := name == "active alerts"
		if alerts {
			setPlan(t, conn, `SET enable_hashjoin = off`, `SET enable_mergejoin = off`)
		}
		for _, q := range seen {
			plan := explain(t, conn, q.query, q.args)
			for _, bad := range badStepsOn(plan, big) {
				if alerts && bad == "a sort that no index gives" {
					continue
				}
				t.Errorf("%s: %s\nquery: %s\nplan:\n%s", name, bad, oneLine(q.query), describe(plan, "  "))
			}
		}
		if alerts {
			setPlan(t, conn, `RESET enable_hashjoin`, `RESET enable_mergejoin`)
		}
	}
}

func setPlan(t *testing.T, conn *pgxpool.Conn, settings ...string) {
	t.Helper()
	for _, q := range settings {
		if _, err := conn.Exec(context.Background(), q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
}
