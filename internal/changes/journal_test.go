package changes_test

import (
	"context"
	"slices"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/store/teststore"
)

// node is one process on a shared database: its store, feed and journal,
// and what its feed announced.
type node struct {
	feed    *changes.Feed
	journal *changes.Journal
	seen    *changes.Recorder
}

func newNode(t *testing.T, url string) node {
	t.Helper()
	ctx := context.Background()
	st := teststore.OpenURL(t, url)
	var err error
	n := node{feed: &changes.Feed{}, seen: &changes.Recorder{}}
	n.feed.Subscribe(n.seen.Record)
	if n.journal, err = changes.NewJournal(ctx, changes.JournalConfig{Log: st, Feed: n.feed}); err != nil {
		t.Fatal(err)
	}
	return n
}

// A change made by one process (a command, another node) reaches the feed
// of every other process on the same database, once, and is not written
// to the log again by those that learn of it.
func TestAChangeReachesTheOtherProcesses(t *testing.T) {
	ctx := context.Background()
	url := teststore.New(t)
	server, command := newNode(t, url), newNode(t, url)

	e := changes.New(changes.KindMember, "update", []int64{7}, changes.Author("ana-reyes"), changes.Author("ana-reyes-2"))
	command.feed.Publish(ctx, e)
	command.journal.Flush(ctx)
	if got := command.seen.Take(); len(got) != 1 || got[0].Origin != "" {
		t.Fatalf("the command's own feed saw %+v, want the event once, as local", got)
	}

	server.journal.Follow(ctx)
	got := server.seen.Take()
	if len(got) != 1 || got[0].Origin != command.journal.Origin() || got[0].Kind != e.Kind ||
		!slices.Equal(got[0].Tags, e.Tags) || !slices.Equal(got[0].IDs, e.IDs) {
		t.Fatalf("the server saw %+v, want %+v from %s", got, e, command.journal.Origin())
	}
	server.journal.Flush(ctx)
	server.journal.Follow(ctx)
	command.journal.Follow(ctx)
	if a, b := server.seen.Take(), command.seen.Take(); len(a)+len(b) != 0 {
		t.Errorf("the change came round again: server %+v, command %+v", a, b)
	}

	// Following again after more changes picks up only the new ones.
	server.feed.Publish(ctx, changes.New(changes.KindSettings, "site", nil, changes.Settings))
	server.journal.Flush(ctx)
	command.journal.Follow(ctx)
	if got := command.seen.Take(); len(got) != 1 || got[0].Kind != changes.KindSettings {
		t.Errorf("the command saw %+v, want the server's settings change", got)
	}
}
