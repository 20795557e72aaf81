package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// ChangeArticle is the one write of an article's content and status
// together: both happen, or neither.

func testChangeArticle(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Floods close schools")
	edit := a
	edit.Title, edit.UpdatedAt = "Floods close 40 schools", base.Add(time.Hour)
	at := base.Add(time.Hour)
	rev := &store.Revision{Title: edit.Title, Format: content.FormatMarkdown, CreatedAt: at, Note: "Published"}
	must(t, st.ChangeArticle(ctx, store.ArticleChange{ID: a.ID, Content: &edit, Version: 1, Revision: rev,
		Move: &store.Move{From: content.StatusDraft, To: content.StatusPublished, PublishedAt: at, UpdatedAt: at}}))
	if edit.Status != content.StatusPublished || !edit.PublishedAt.Equal(at) {
		t.Errorf("returned status %s at %v, want published at %v", edit.Status, edit.PublishedAt, at)
	}
	got := storedArticle(t, st, a.ID)
	if got.Title != "Floods close 40 schools" || got.Status != content.StatusPublished || !got.PublishedAt.Equal(at) {
		t.Errorf("stored %q %s at %v", got.Title, got.Status, got.PublishedAt)
	}
	if v := articleVersion(t, st, a.ID); v != 2 {
		t.Errorf("version = %d, want 2", v)
	}
	if rev.ID == 0 || rev.ArticleID != a.ID {
		t.Errorf("revision not stored: %+v", rev)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "schools"}); !sameStrings(got, []string{"Floods close 40 schools"}) {
		t.Errorf("search after publishing = %v", got)
	}
}

func testChangeArticleAtomic(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Harbour reopens")
	// Someone sent it for review meanwhile; this change still thinks it is
	// a draft.
	must(t, st.MoveArticle(ctx, store.Move{ID: a.ID, From: content.StatusDraft, To: content.StatusPending, UpdatedAt: base}))
	edit := a
	edit.Title = "Harbour reopens after storm"
	rev := &store.Revision{Title: edit.Title, Format: content.FormatMarkdown, CreatedAt: base}
	err := st.ChangeArticle(ctx, store.ArticleChange{ID: a.ID, Content: &edit, Version: 1, Revision: rev,
		Move: &store.Move{From: content.StatusDraft, To: content.StatusPublished, PublishedAt: base, UpdatedAt: base}})
	if !errors.Is(err, store.ErrStale) {
		t.Fatalf("err = %v, want ErrStale", err)
	}
	got := storedArticle(t, st, a.ID)
	if got.Title != "Harbour reopens" || got.Status != content.StatusPending || !got.PublishedAt.IsZero() {
		t.Errorf("after a refused change: %q %s %v, want it as it was", got.Title, got.Status, got.PublishedAt)
	}
	if v := articleVersion(t, st, a.ID); v != 1 {
		t.Errorf("version = %d, want 1", v)
	}
	revs, err := st.Revisions(ctx, a.ID)
	must(t, err)
	for _, r := range revs {
		if r.Title == edit.Title {
			t.Errorf("the refused change left a revision: %+v", r)
		}
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "storm"}); len(got) != 0 {
		t.Errorf("the refused change reached search: %v", got)
	}
}

func testChangeArticleStale(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Rice prices")
	edit := a
	edit.Title = "Rice prices rise"
	must(t, st.UpdateArticleVersioned(ctx, &edit, 1, nil)) // now at version 2
	move := &store.Move{From: content.StatusDraft, To: content.StatusPending, UpdatedAt: base}
	if err := st.ChangeArticle(ctx, store.ArticleChange{ID: a.ID, Version: 1, Move: move}); !errors.Is(err, store.ErrStale) {
		t.Errorf("a move from version 1: err = %v, want ErrStale", err)
	}
	again := a
	again.Title = "Rice prices fall"
	if err := st.ChangeArticle(ctx, store.ArticleChange{ID: a.ID, Content: &again, Version: 1}); !errors.Is(err, store.ErrStale) {
		t.Errorf("a save from version 1: err = %v, want ErrStale", err)
	}
	got := storedArticle(t, st, a.ID)
	if got.Title != "Rice prices rise" || got.Status != content.StatusDraft {
		t.Errorf("stored %q %s, want the version 2 draft", got.Title, got.Status)
	}
	if err := st.ChangeArticle(ctx, store.ArticleChange{ID: 999, Version: 1, Move: move}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a change of a missing article: err = %v, want ErrNotFound", err)
	}
}
