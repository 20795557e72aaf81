package storetest

import (
	"context"
	"slices"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/store"
)

// runChanges specifies the change log that carries the change feed
// between processes and nodes.
func runChanges(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"recorded changes are read back in order, with every field", testChangesRoundTrip},
		{"changes are read after a number, a page at a time", testChangesPaging},
		{"old changes are pruned, newer ones kept", testChangesPrune},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

func testChangesRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	if seq, err := st.LastChange(ctx); err != nil || seq != 0 {
		t.Fatalf("a new store's last change = %d, %v; want 0", seq, err)
	}
	first := changes.New(changes.KindArticle, "publish", []int64{42}, changes.Article(42), changes.Home, changes.Section("world"))
	second := changes.New(changes.KindSettings, "site", nil, changes.Settings)
	must(t, st.AppendChanges(ctx, "node-a", base, []changes.Event{first, second}))
	third := changes.New(changes.KindTag, "merge", []int64{3, 4}, changes.Tag("floods"), changes.Tag("ไทย"))
	must(t, st.AppendChanges(ctx, "node-b", base.Add(time.Second), []changes.Event{third}))

	got, err := st.ChangesSince(ctx, 0, 0)
	must(t, err)
	if len(got) != 3 {
		t.Fatalf("got %d changes, want 3: %+v", len(got), got)
	}
	for i, want := range []struct {
		origin string
		at     time.Time
		e      changes.Event
	}{{"node-a", base, first}, {"node-a", base, second}, {"node-b", base.Add(time.Second), third}} {
		r := got[i]
		if r.Origin != want.origin || !r.At.Equal(want.at) || r.Kind != want.e.Kind || r.Action != want.e.Action ||
			!slices.Equal(r.IDs, want.e.IDs) || !slices.Equal(r.Tags, want.e.Tags) {
			t.Errorf("change %d = %+v, want %+v from %s at %v", i, r, want.e, want.origin, want.at)
		}
		if i > 0 && r.Seq <= got[i-1].Seq {
			t.Errorf("change %d is numbered %d after %d", i, r.Seq, got[i-1].Seq)
		}
	}
	if seq, err := st.LastChange(ctx); err != nil || seq != got[2].Seq {
		t.Errorf("last change = %d, %v; want %d", seq, err, got[2].Seq)
	}
}

func testChangesPaging(t *testing.T, st store.Store) {
	ctx := context.Background()
	var batch []changes.Event
	for i := range 150 {
		batch = append(batch, changes.New(changes.KindComment, "create", []int64{int64(i + 1)}, changes.Comment(int64(i+1))))
	}
	must(t, st.AppendChanges(ctx, "node-a", base, batch))
	page, err := st.ChangesSince(ctx, 0, 0)
	must(t, err)
	if len(page) != store.MaxLimit {
		t.Fatalf("first page has %d, want %d", len(page), store.MaxLimit)
	}
	rest, err := st.ChangesSince(ctx, page[len(page)-1].Seq, 0)
	must(t, err)
	if len(rest) != 50 || rest[0].IDs[0] != 101 || rest[49].IDs[0] != 150 {
		t.Errorf("second page: %d changes, from %v", len(rest), rest)
	}
	few, err := st.ChangesSince(ctx, page[9].Seq, 5)
	must(t, err)
	if len(few) != 5 || few[0].IDs[0] != 11 {
		t.Errorf("five after the tenth = %+v", few)
	}
}

func testChangesPrune(t *testing.T, st store.Store) {
	ctx := context.Background()
	must(t, st.AppendChanges(ctx, "node-a", base, []changes.Event{changes.New(changes.KindWeather, "reading", nil, changes.Weather)}))
	must(t, st.AppendChanges(ctx, "node-a", base.Add(2*time.Hour), []changes.Event{changes.New(changes.KindDate, "midnight", nil, changes.Date)}))
	must(t, st.PruneChanges(ctx, base.Add(time.Hour)))
	got, err := st.ChangesSince(ctx, 0, 0)
	must(t, err)
	if len(got) != 1 || got[0].Kind != changes.KindDate {
		t.Errorf("after pruning = %+v, want only the newer change", got)
	}
	if seq, err := st.LastChange(ctx); err != nil || seq != got[0].Seq {
		t.Errorf("last change after pruning = %d, %v", seq, err)
	}
}
