package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

func openForModeration(t *testing.T) *Store {
	t.Helper()
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "moderation.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// TestModerationQueriesUseIndexes checks, like the public pages' test, that
// the moderation queue, the counts, the first-time check, the duplicate
// check and the mail worker read indexes instead of scanning whole tables:
// they run on every posted comment and every queue page.
func TestModerationQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	st := openForModeration(t)
	a := seedForPlans(t, st)
	for i := range 50 {
		m := store.Mail{To: []string{"desk@example.com"}, Subject: "s", Body: "b",
			CreatedAt: time.Date(2025, 1, 1, 0, i, 0, 0, time.UTC)}
		if err := st.EnqueueMail(ctx, &m); err != nil {
			t.Fatal(err)
		}
	}

	calls := map[string]struct {
		query string
		args  []any
	}{
		"queue by status":          {queueByStatus, []any{content.CommentPending, 20, 0}},
		"queue by article, status": {queueByArticleStatus, []any{a.ID, content.CommentPending, 20, 0}},
		"queue, all listed":        {queueListed, []any{20, 40}},
		"queue of an article":      {queueListedByArticle, []any{a.ID, 20, 0}},
		"count by status":          {countCommentsStatement, []any{content.CommentApproved}},
	}
	var seen []string
	var seenArgs [][]any
	st.onQuery = func(q string, args []any) { seen, seenArgs = append(seen, q), append(seenArgs, args) }
	for _, call := range []func() error{
		func() error { _, err := st.HasApprovedComment(ctx, "r@example.com"); return err },
		func() error {
			_, err := st.RecentCommentByEmail(ctx, a.ID, "r@example.com", "Hi", time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC))
			return err
		},
		func() error { _, err := st.CommentByID(ctx, 1); return err },
	} {
		if err := call(); err != nil {
			t.Fatal(err)
		}
	}
	st.onQuery = nil
	for i, q := range seen {
		calls["recorded "+oneLine(q)[:40]] = struct {
			query string
			args  []any
		}{q, seenArgs[i]}
	}
	// The worker's claim runs inside a write transaction; its SELECT is
	// checked here with the same text.
	calls["due mail"] = struct {
		query string
		args  []any
	}{`SELECT ` + mailColumns + ` FROM mail_queue
			WHERE next_attempt_at IS NOT NULL AND next_attempt_at <= ?
			ORDER BY next_attempt_at, id LIMIT ?`, []any{"2025-01-01T00:30:00.000Z", 10}}
	calls["finished mail"] = struct {
		query string
		args  []any
	}{`SELECT COUNT(*) FROM mail_queue WHERE next_attempt_at IS NULL AND created_at < ?`, []any{"2025-01-01T00:30:00.000Z"}}

	for name, c := range calls {
		plan := explain(t, st, c.query, c.args)
		for _, step := range plan {
			if badStep(step) || strings.HasPrefix(step, "SCAN mail_queue") {
				t.Errorf("%s: plan step %q\nquery: %s\nplan:\n  %s", name, step, oneLine(c.query), strings.Join(plan, "\n  "))
			}
		}
	}
}
