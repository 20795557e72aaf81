package postgres_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
)

// A real streaming standby (pg_basebackup -R of a primary of the test's
// own) as --db-replica: readers' reads go to it once it has replayed
// what the node wrote; just after a write it has not replayed they go to
// the primary, so a reader sees a story the moment it is published, and
// the newsroom always reads the primary; when the standby stops, readers
// are served by the primary and the node stays ready.
func TestAStreamingStandbyAnswersReadersAndTheSiteOutlivesIt(t *testing.T) {
	ctx := context.Background()
	primary, standby := pgtest.StreamingPair(t)
	open(t, primary.URL).Close() // the schema, which the standby replays
	pgtest.WaitReplayed(t, primary, standby)
	st, err := postgres.OpenReplicated(ctx, primary.URL, standby.URL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	public := store.Replica(ctx)
	settings := func() error { _, err := st.Settings(public); return err }
	eventually(t, "a reader's read on the caught-up standby", func() bool { return served(t, st, settings) == "replica" })

	// Replay held back: the standby is behind the story about to be
	// published, as a busy standby is for a moment.
	control, err := pgx.Connect(ctx, standby.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer control.Close(ctx)
	if _, err := control.Exec(ctx, `SELECT pg_wal_replay_pause()`); err != nil {
		t.Fatal(err)
	}
	author := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &author); err != nil {
		t.Fatal(err)
	}
	story := content.Article{Kind: content.KindPost, Title: "Floods reach the old city", Format: content.FormatMarkdown,
		Body: "<p>The river rose.</p>", Status: content.StatusPublished, PublishedAt: time.Now().UTC().Add(-time.Minute), Author: author}
	if err := st.CreateArticle(ctx, &story); err != nil {
		t.Fatal(err)
	}
	bySlug := func(ctx context.Context) func() error {
		return func() error {
			a, err := st.ArticleBySlug(ctx, story.Slug)
			if err == nil && a.ID != story.ID {
				err = errors.New("another article")
			}
			return err
		}
	}
	if got := served(t, st, bySlug(public)); got != "primary" {
		t.Errorf("a reader's read of the story just published, the standby behind: went to the %s", got)
	}
	if got := served(t, st, bySlug(ctx)); got != "primary" {
		t.Errorf("the newsroom's read after the save: went to the %s", got)
	}
	if _, err := control.Exec(ctx, `SELECT pg_wal_replay_resume()`); err != nil {
		t.Fatal(err)
	}
	eventually(t, "the story read from the standby once it replayed", func() bool { return served(t, st, bySlug(public)) == "replica" })
	if got := served(t, st, bySlug(ctx)); got != "primary" {
		t.Errorf("the newsroom's read with the standby caught up: went to the %s", got)
	}

	// The standby stops: readers are served by the primary.
	control.Close(ctx)
	standby.Stop()
	for i := range 3 {
		if err := bySlug(public)(); err != nil {
			t.Fatalf("reader's read %d with the standby stopped: %v", i+1, err)
		}
	}
	if up, fallbacks, _ := st.ReplicaHealth(); up || fallbacks == 0 {
		t.Errorf("with the standby stopped: up %v, %d reads fell back to the primary; want down, and some", up, fallbacks)
	}
	if err := st.Ready(ctx); err != nil {
		t.Errorf("not ready with the standby stopped: %v", err)
	}
	if got := served(t, st, settings); got != "primary" {
		t.Errorf("a reader's read with the standby down: went to the %s", got)
	}
}

// served runs read and says which server answered it: "primary" when
// the primary's pool lent a connection, "replica" when only the
// replica's did. Unlike where, it allows the replica's pool to have been
// asked too: with a real standby behind, each read first asks it how far
// it has replayed.
func served(t *testing.T, st *postgres.Store, read func() error) string {
	t.Helper()
	primary, replica := uses(st.Pool()), uses(st.ReplicaPool())
	if err := read(); err != nil {
		t.Fatal(err)
	}
	switch {
	case uses(st.Pool()) > primary:
		return "primary"
	case uses(st.ReplicaPool()) > replica:
		return "replica"
	}
	return "transaction"
}

// eventually polls ok until it holds, for at most 15 seconds.
func eventually(t *testing.T, what string, ok func() bool) {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); !ok(); time.Sleep(20 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within 15 seconds", what)
		}
	}
}
