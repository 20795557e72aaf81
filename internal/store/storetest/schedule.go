package storetest

import (
	"context"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// testNextScheduled specifies what the scheduler sleeps until: the
// earliest planned time of any scheduled article, to the millisecond,
// whether it is due yet or not, and nothing once no article is scheduled.
func testNextScheduled(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	next := func() (time.Time, bool) {
		t.Helper()
		at, ok, err := st.NextScheduled(ctx)
		must(t, err)
		return at, ok
	}
	f.post(t, st, "Published", -1)
	f.draftOf(t, st, "Draft")
	if at, ok := next(); ok {
		t.Fatalf("with nothing scheduled, next = %v", at)
	}

	sooner := base.Add(time.Hour + 250*time.Millisecond)
	f.draftOf(t, st, "Later", scheduledAt(base.Add(2*time.Hour)))
	a := f.draftOf(t, st, "Sooner", scheduledAt(sooner))
	page := f.draftOf(t, st, "Page", scheduledAt(base.Add(90*time.Minute)), func(a *content.Article) { a.Kind = content.KindPage })
	if at, ok := next(); !ok || !at.Equal(sooner) {
		t.Fatalf("next = %v, %v; want %v", at, ok, sooner)
	}

	// A due article still counts: the scheduler is late, not done.
	if _, err := st.PublishScheduled(ctx, a.ID, base); err != nil {
		t.Fatal(err)
	}
	if at, ok := next(); !ok || !at.Equal(sooner) {
		t.Fatalf("before it was published, next = %v, %v; want %v", at, ok, sooner)
	}
	if ok, err := st.PublishScheduled(ctx, a.ID, sooner); err != nil || !ok {
		t.Fatalf("publish the sooner article: %v, %v", ok, err)
	}
	if at, ok := next(); !ok || !at.Equal(base.Add(90*time.Minute)) {
		t.Fatalf("after publishing the sooner article, next = %v, %v; want the page's %v", at, ok, base.Add(90*time.Minute))
	}

	// Unscheduling moves the next time on as well.
	must(t, st.MoveArticle(ctx, store.Move{ID: page.ID, From: content.StatusScheduled, To: content.StatusDraft, UpdatedAt: base}))
	if at, ok := next(); !ok || !at.Equal(base.Add(2*time.Hour)) {
		t.Fatalf("after unscheduling the page, next = %v, %v; want %v", at, ok, base.Add(2*time.Hour))
	}
}
