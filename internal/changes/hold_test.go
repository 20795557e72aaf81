package changes_test

import (
	"context"
	"testing"

	"dateline/internal/changes"
)

func TestHoldDeliversOnReleaseAndNeverOnDrop(t *testing.T) {
	var (
		feed changes.Feed
		seen changes.Recorder
	)
	feed.Subscribe(seen.Record)
	ev := func(id int64) changes.Event { return changes.New(changes.KindArticle, "import", []int64{id}) }
	ctx := context.Background()

	outerCtx, outer := changes.Hold(ctx)
	feed.Publish(outerCtx, ev(1))
	innerCtx, inner := changes.Hold(outerCtx)
	feed.Publish(innerCtx, ev(2))
	inner.Release(outerCtx) // handed to the outer hold, not delivered
	droppedCtx, dropped := changes.Hold(outerCtx)
	feed.Publish(droppedCtx, ev(3))
	dropped.Drop()
	if got := seen.Take(); len(got) != 0 {
		t.Fatalf("held events were delivered before the outer release: %v", got)
	}
	outer.Release(ctx)
	got := seen.Take()
	if len(got) != 2 || got[0].IDs[0] != 1 || got[1].IDs[0] != 2 {
		t.Fatalf("after the release: %v; want events 1 and 2 in order, 3 dropped", got)
	}
	feed.Publish(outerCtx, ev(4)) // a hold released is a hold no more
	if got := seen.Take(); len(got) != 1 {
		t.Errorf("publish under a released hold: %v; want it delivered at once", got)
	}
}
