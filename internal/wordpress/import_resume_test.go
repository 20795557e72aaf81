package wordpress_test

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"slices"
	"strings"
	"testing"

	"dateline/internal/store"
	"dateline/internal/wordpress"
)

// interrupting is the import's store, with a stop pulled in the middle of
// one batch: once that batch's posts are written, in its transaction, and
// its comments are about to be, the import's context is cancelled, as
// Ctrl-C or a killed process would stop it.
type interrupting struct {
	wordpress.Store
	cancel context.CancelFunc
	batch  int // the transaction to interrupt, counted from 1
	begun  int
}

func (s *interrupting) InTransaction(ctx context.Context, fn func(ctx context.Context) error) error {
	s.begun++
	return s.Store.InTransaction(ctx, fn)
}

func (s *interrupting) LegacyLinks(ctx context.Context, source string, kind store.LegacyKind, ids []int64, guids []string) ([]store.LegacyLink, error) {
	if kind == store.LegacyComment && s.begun == s.batch {
		s.cancel()
	}
	return s.Store.LegacyLinks(ctx, source, kind, ids, guids)
}

func TestAnImportInterruptedInABatchKeepsWholeBatchesAndTheNextRunCompletesIt(t *testing.T) {
	const posts, perPost, batch = 50, 5, 10
	var export bytes.Buffer
	if err := wordpress.GenerateExport(&export, posts, perPost); err != nil {
		t.Fatal(err)
	}
	opt := wordpress.ImportOptions{BatchSize: batch}

	// One world imports in one go, for comparison.
	straight := newImportWorld(t)
	if _, err := straight.importBytes(export.Bytes(), opt); err != nil {
		t.Fatal(err)
	}

	w := newImportWorld(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	stop := &interrupting{Store: w.svc.Store, cancel: cancel, batch: 3}
	svc := w.svc
	svc.Store = stop
	o := opt
	o.Now = w.clock.Now
	im, err := wordpress.New(svc, o)
	if err != nil {
		t.Fatal(err)
	}
	sum, err := im.Import(ctx, bytes.NewReader(export.Bytes()))
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("interrupted import: err = %v, want context.Canceled", err)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Created != 2*batch {
		t.Errorf("interrupted import's posts %+v; want the %d of the two batches before the stop", *c, 2*batch)
	}
	if c := sum.Counts[wordpress.CountComments].Created + sum.Counts[wordpress.CountPingbacks].Created; c != 2*batch*perPost {
		t.Errorf("interrupted import counted %d comments; want the %d of the two batches before the stop", c, 2*batch*perPost)
	}
	w.consistent()
	w.wholeBatches(2*batch, perPost)
	w.seen.Take()

	// The same file again, without a stop: it takes up where the first run
	// stopped and ends where an import in one go ends.
	sum, err = w.importBytes(export.Bytes(), opt)
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Counts[wordpress.CountPosts]; c.Created != posts-2*batch || c.Unchanged != 2*batch || c.Updated != 0 {
		t.Errorf("resumed import's posts %+v; want %d made and the %d of the first run unchanged", *c, posts-2*batch, 2*batch)
	}
	made := sum.Counts[wordpress.CountComments].Created + sum.Counts[wordpress.CountPingbacks].Created
	kept := sum.Counts[wordpress.CountComments].Unchanged + sum.Counts[wordpress.CountPingbacks].Unchanged
	if made != (posts-2*batch)*perPost || kept != 2*batch*perPost {
		t.Errorf("resumed import's comments: %d made, %d unchanged; want %d and %d", made, kept, (posts-2*batch)*perPost, 2*batch*perPost)
	}
	w.consistent()
	w.wholeBatches(posts, perPost)
	// Row for row what the import in one go made: ids, links, revisions,
	// counts, the search index and the lists. The members and the
	// migrations carry the time the store made them, not the import's.
	d := slices.DeleteFunc(changed(straight.dump(), w.dump()), func(table string) bool {
		return strings.HasPrefix(table, "users ") || strings.HasPrefix(table, "schema_migrations ")
	})
	if len(d) > 0 {
		t.Errorf("interrupted and resumed, the database differs from one imported in one go: %s", strings.Join(d, ", "))
	}
}

// wholeBatches fails unless the database holds exactly posts posts, each
// with all its perPost comments: nothing of a batch half written.
func (w *importWorld) wholeBatches(posts, perPost int) {
	w.t.Helper()
	db, err := sql.Open("sqlite", "file:"+w.path+"?mode=ro")
	if err != nil {
		w.t.Fatal(err)
	}
	defer db.Close()
	var n, short int
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles WHERE kind = 'post'`).Scan(&n); err != nil {
		w.t.Fatal(err)
	}
	if n != posts {
		w.t.Errorf("%d posts in the database, want %d", n, posts)
	}
	if err := db.QueryRow(`SELECT COUNT(*) FROM articles a WHERE kind = 'post' AND
		(SELECT COUNT(*) FROM comments c WHERE c.article_id = a.id) <> ?`, perPost).Scan(&short); err != nil {
		w.t.Fatal(err)
	}
	if short != 0 {
		w.t.Errorf("%d posts without all their %d comments: a batch was half written", short, perPost)
	}
	for _, check := range []struct{ what, query string }{
		{"an article no link leads to (made twice?)", `SELECT COUNT(*) FROM articles WHERE id NOT IN
			(SELECT target_id FROM legacy_links WHERE kind IN ('post', 'page'))`},
		{"a comment no link leads to (made twice?)", `SELECT COUNT(*) FROM comments WHERE id NOT IN
			(SELECT target_id FROM legacy_links WHERE kind = 'comment')`},
	} {
		if err := db.QueryRow(check.query).Scan(&n); err != nil {
			w.t.Fatal(err)
		}
		if n != 0 {
			w.t.Errorf("%d × %s", n, check.what)
		}
	}
}
