package sqlite

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// TestLiveBlogAlertAndCorrectionReadsUseIndexes is TestPublicQueriesUseIndexes
// for what issue 17 added to public pages: a live blog's pages of entries
// (the newest, an older page), its pinned entry, its state and last
// update, the live blogs among a list's cards, the entry a story came
// from, the header's alerts and the corrections page. None may scan its
// table or sort outside an index: a live blog of 2,000 entries, a year of
// alerts or of corrections cost a page what a few do.
func TestLiveBlogAlertAndCorrectionReadsUseIndexes(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := seedForPlans(t, st)
	start := a.PublishedAt
	if err := st.SetLiveBlog(ctx, a.ID, start, time.Time{}); err != nil {
		t.Fatal(err)
	}
	var middle int64
	for i := range 300 {
		at := start.Add(time.Duration(i) * time.Minute)
		e := content.Entry{ArticleID: a.ID, Author: a.Author, Source: "x", Body: "<p>x</p>", CreatedAt: at, UpdatedAt: at, Pinned: i == 7}
		if err := st.AddEntry(ctx, &e); err != nil {
			t.Fatal(err)
		}
		if i == 150 {
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
	var seen []string
	var args [][]any
	st.onQuery = func(q string, a []any) { seen, args = append(seen, q), append(args, a) }
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
		"active alerts":  func() error { _, err := st.ActiveAlerts(ctx, start.Add(150*time.Minute), 3); return err },
		"corrections":    func() error { _, err := st.RecentCorrections(ctx, 20, 40); return err },
	}
	for name, call := range calls {
		seen, args = nil, nil
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(seen) == 0 {
			t.Fatalf("%s ran no recorded query", name)
		}
		for i, q := range seen {
			plan := explain(t, st, q, args[i])
			for _, step := range plan {
				// The header's alerts are sorted by time after they are
				// found by their expiry: the sort is of the active ones
				// alone, however many have expired.
				if name == "active alerts" && step == "USE TEMP B-TREE FOR ORDER BY" && strings.Contains(strings.Join(plan, "\n"), "SEARCH l USING INDEX alerts_expiry (expires_at>?)") {
					continue
				}
				if badStep(step) || scansIssue17Table(step) {
					t.Errorf("%s: plan step %q\nquery: %s\nplan:\n  %s", name, step, oneLine(q), strings.Join(plan, "\n  "))
				}
			}
		}
	}
}

// scansIssue17Table reports a full scan of the tables of live blogs,
// alerts and corrections, by name or by the aliases their queries use.
func scansIssue17Table(step string) bool {
	if !strings.HasPrefix(step, "SCAN ") || strings.Contains(step, " USING ") {
		return false
	}
	switch strings.Fields(step)[1] {
	case "e", "live_entries", "l", "liveblogs", "alerts", "c", "corrections", "cv", "correction_versions":
		return true
	}
	return false
}
