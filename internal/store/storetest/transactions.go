package storetest

import (
	"context"
	"errors"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// runTransactions specifies InTransaction: several writes, of any kind,
// kept together or not at all, each refused alone, announced after the
// commit.
func runTransactions(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"writes of every kind commit together, seen inside before the commit and outside after it", testTxCommit},
		{"a transaction whose function fails keeps none of its writes", testTxRollback},
		{"a refused write undoes only itself, and the rest commits", testTxRefusal},
		{"a nested transaction that fails undoes only its own part", testTxNested},
		{"a panic keeps nothing and leaves the store usable", testTxPanic},
		{"events are delivered after the commit and never for a rollback", testTxEvents},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

// txWrote is what txWrites made, for a test to look for afterwards.
type txWrote struct {
	user    content.User
	section content.Category
	image   content.Image
	article content.Article
	comment content.Comment
	posted  content.Comment
	link    store.LegacyLink
}

// txWrites makes one write of each kind the store has: a statement of its
// own (a member, a section, a picture, a setting), a transaction of its
// own (an article with its tag, a comment, links), a posted comment and
// an import batch.
func txWrites(t *testing.T, ctx context.Context, st store.Store, f fixture) txWrote {
	t.Helper()
	w := txWrote{
		user:    content.User{Email: "tx.user@example.com", Name: "Tx User", Role: content.RoleAuthor},
		section: content.Category{Name: "Transactions", Position: 9},
		image:   content.Image{Name: "tx/pic", Ext: ".jpg", Width: 10, Height: 10},
	}
	must(t, st.CreateUser(ctx, &w.user))
	must(t, st.CreateCategory(ctx, &w.section))
	must(t, st.CreateImage(ctx, &w.image))
	w.article = content.Article{Kind: content.KindPost, Title: "In one go", Slug: "in-one-go", Source: "Text", Body: "<p>Text</p>",
		Format: content.FormatHTML, Status: content.StatusPublished, PublishedAt: base, Author: w.user, Category: w.section,
		Tags: []content.Tag{{Name: "Atomic"}}, CommentsOpen: true, Words: 1}
	must(t, st.CreateArticle(ctx, &w.article))
	w.comment = content.Comment{ArticleID: w.article.ID, AuthorName: "Reader", Body: "First", Status: content.CommentApproved, CreatedAt: base}
	must(t, st.CreateComment(ctx, &w.comment))
	w.posted = content.Comment{ArticleID: w.article.ID, AuthorName: "Poster", Body: "Second", Status: content.CommentApproved, CreatedAt: base}
	must(t, st.PostComment(ctx, &w.posted, false, nil))
	imported := []store.ImportedComment{{Comment: content.Comment{ArticleID: w.article.ID, AuthorName: "Old reader",
		Body: "Imported", Status: content.CommentApproved, CreatedAt: base}, Parent: -1, Link: link(store.LegacyComment, 77)}}
	must(t, st.ImportComments(ctx, imported))
	if imported[0].Err != nil {
		t.Fatalf("imported comment refused: %v", imported[0].Err)
	}
	w.link = store.LegacyLink{Source: oldSite, Kind: store.LegacyPost, WPID: 88, ID: w.article.ID, Path: "/old/in-one-go", ImportedAt: base}
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{w.link}))
	must(t, st.SaveSetting(ctx, "tx-test", []byte(`{"in":"tx"}`)))
	return w
}

func testTxCommit(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	var w txWrote
	must(t, st.InTransaction(ctx, func(ctx context.Context) error {
		w = txWrites(t, ctx, st, f)
		// Inside, the writes are there to read.
		if a, err := st.ArticleBySlug(ctx, "in-one-go"); err != nil || a.CommentCount != 3 || len(a.Tags) != 1 {
			t.Errorf("inside the transaction the article = %+v, %v; want it with its tag and 3 comments", a, err)
		}
		if _, err := st.UserByEmail(ctx, w.user.Email); err != nil {
			t.Errorf("inside the transaction the new member: %v", err)
		}
		// Outside, nothing yet.
		if _, err := st.ArticleBySlug(context.Background(), "in-one-go"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("outside the transaction before the commit the article: %v, want ErrNotFound", err)
		}
		return nil
	}))
	a, err := st.ArticleBySlug(ctx, "in-one-go")
	must(t, err)
	if a.CommentCount != 3 || a.Category.ID != w.section.ID || a.Author.ID != w.user.ID {
		t.Errorf("after the commit the article = %+v", a)
	}
	if _, err := st.ImageByID(ctx, w.image.ID); err != nil {
		t.Errorf("picture: %v", err)
	}
	if l, err := st.LegacyByID(ctx, store.LegacyPost, 88); err != nil || l.ID != a.ID {
		t.Errorf("legacy link = %+v, %v", l, err)
	}
	if v, err := st.Setting(ctx, "tx-test"); err != nil || string(v) != `{"in":"tx"}` {
		t.Errorf("setting = %s, %v", v, err)
	}
	if hits, err := st.Search(ctx, store.SearchQuery{Text: "one go"}); err != nil || len(hits) != 1 {
		t.Errorf("search after the commit = %d hits, %v; want the article", len(hits), err)
	}
}

func testTxRollback(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	failed := errors.New("the caller changed its mind")
	var w txWrote
	err := st.InTransaction(ctx, func(ctx context.Context) error {
		w = txWrites(t, ctx, st, f)
		return failed
	})
	if !errors.Is(err, failed) {
		t.Fatalf("InTransaction = %v, want the function's error", err)
	}
	assertNoneOf(t, st, w)
}

// assertNoneOf checks that nothing txWrites made was kept.
func assertNoneOf(t *testing.T, st store.Store, w txWrote) {
	t.Helper()
	ctx := context.Background()
	if _, err := st.ArticleBySlug(ctx, "in-one-go"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("article: %v, want ErrNotFound", err)
	}
	if _, err := st.UserByEmail(ctx, w.user.Email); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("member: %v, want ErrNotFound", err)
	}
	if _, err := st.CategoryBySlug(ctx, "transactions"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("section: %v, want ErrNotFound", err)
	}
	if n, err := st.CountImages(ctx); err != nil || n != 0 {
		t.Errorf("pictures = %d, %v; want none", n, err)
	}
	if _, err := st.LegacyByID(ctx, store.LegacyPost, 88); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("legacy link: %v, want ErrNotFound", err)
	}
	if _, err := st.LegacyByID(ctx, store.LegacyComment, 77); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("imported comment's link: %v, want ErrNotFound", err)
	}
	if _, err := st.Setting(ctx, "tx-test"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("setting: %v, want ErrNotFound", err)
	}
	if _, err := st.TagBySlug(ctx, "atomic"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("tag: %v, want ErrNotFound", err)
	}
}

func testTxRefusal(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	taken := f.post(t, st, "Taken", 1)
	must(t, st.InTransaction(ctx, func(ctx context.Context) error {
		a := content.Article{Kind: content.KindPost, Title: "Kept", Slug: "kept", Source: "x", Body: "<p>x</p>",
			Format: content.FormatHTML, Status: content.StatusDraft, Author: f.author}
		must(t, st.CreateArticle(ctx, &a))
		dup := a
		dup.ID, dup.Slug, dup.Tags = 0, taken.Slug, []content.Tag{{Name: "Never made"}}
		if err := st.CreateArticle(ctx, &dup); !errors.Is(err, store.ErrConflict) {
			t.Errorf("a taken slug inside a transaction = %v, want ErrConflict", err)
		}
		batch := []store.ImportedArticle{importedPost(f, "Imported", "imported", base), importedPost(f, "Clash", taken.Slug, base)}
		batch[0].Link, batch[1].Link = link(store.LegacyPost, 1), link(store.LegacyPost, 2)
		must(t, st.ImportArticles(ctx, batch))
		if batch[0].Err != nil || !errors.Is(batch[1].Err, store.ErrConflict) {
			t.Errorf("import inside a transaction = %v, %v; want the first written, the clash refused", batch[0].Err, batch[1].Err)
		}
		return nil
	}))
	for _, slug := range []string{"kept", "imported"} {
		if _, err := st.ArticleBySlug(ctx, slug); err != nil {
			t.Errorf("%s: %v, want it kept", slug, err)
		}
	}
	if _, err := st.TagBySlug(ctx, "never-made"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused article's tag: %v, want ErrNotFound", err)
	}
	if _, err := st.LegacyByID(ctx, store.LegacyPost, 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused import's link: %v, want ErrNotFound", err)
	}
}

func testTxNested(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	inner := errors.New("inner part failed")
	var w txWrote
	must(t, st.InTransaction(ctx, func(ctx context.Context) error {
		a := content.Article{Kind: content.KindPost, Title: "Outer", Slug: "outer", Source: "x", Body: "<p>x</p>",
			Format: content.FormatHTML, Status: content.StatusDraft, Author: f.author}
		must(t, st.CreateArticle(ctx, &a))
		err := st.InTransaction(ctx, func(ctx context.Context) error {
			w = txWrites(t, ctx, st, f)
			return inner
		})
		if !errors.Is(err, inner) {
			t.Errorf("inner InTransaction = %v, want its function's error", err)
		}
		if _, err := st.ArticleBySlug(ctx, "outer"); err != nil {
			t.Errorf("after the inner part failed, the outer article: %v", err)
		}
		return nil
	}))
	if _, err := st.ArticleBySlug(ctx, "outer"); err != nil {
		t.Errorf("outer article: %v, want it kept", err)
	}
	assertNoneOf(t, st, w)
}

func testTxPanic(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	var w txWrote
	func() {
		defer func() {
			if recover() == nil {
				t.Error("the panic did not come through")
			}
		}()
		_ = st.InTransaction(ctx, func(ctx context.Context) error {
			w = txWrites(t, ctx, st, f)
			panic("a bug in the caller")
		})
	}()
	assertNoneOf(t, st, w)
	// The writer is free again.
	must(t, st.SaveSetting(ctx, "after-panic", []byte(`1`)))
}

func testTxEvents(t *testing.T, st store.Store) {
	ctx := context.Background()
	var (
		feed changes.Feed
		seen changes.Recorder
	)
	feed.Subscribe(seen.Record)
	event := func(id int64) changes.Event {
		return changes.New(changes.KindSettings, "save", []int64{id}, changes.Settings)
	}
	must(t, st.InTransaction(ctx, func(ctx context.Context) error {
		must(t, st.SaveSetting(ctx, "one", []byte(`1`)))
		feed.Publish(ctx, event(1))
		_ = st.InTransaction(ctx, func(ctx context.Context) error {
			must(t, st.SaveSetting(ctx, "two", []byte(`2`)))
			feed.Publish(ctx, event(2))
			return errors.New("undone")
		})
		must(t, st.InTransaction(ctx, func(ctx context.Context) error {
			must(t, st.SaveSetting(ctx, "three", []byte(`3`)))
			feed.Publish(ctx, event(3))
			return nil
		}))
		if got := seen.Take(); len(got) != 0 {
			t.Errorf("before the commit subscribers heard %v", got)
		}
		return nil
	}))
	got := seen.Take()
	if len(got) != 2 || got[0].IDs[0] != 1 || got[1].IDs[0] != 3 {
		t.Errorf("after the commit subscribers heard %v; want events 1 and 3 (2 was rolled back)", got)
	}
	_ = st.InTransaction(ctx, func(ctx context.Context) error {
		feed.Publish(ctx, event(4))
		return errors.New("rolled back")
	})
	if got := seen.Take(); len(got) != 0 {
		t.Errorf("a rolled back transaction's events were delivered: %v", got)
	}
}
