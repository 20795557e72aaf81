package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runNewsroom runs the newsroom suite; newStore returns a fresh, empty store.
func runNewsroom(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"a new article is at version 1 and each versioned save adds one", testVersionRises},
		{"a save from an old version is stale and writes nothing", testStaleSaveWritesNothing},
		{"a plain update raises the version, a comment does not", testPlainUpdateRaisesVersion},
		{"a versioned save keeps status, publication time and corrections", testVersionedSaveKeepsWorkflow},
		{"a versioned save reaches tags and search", testVersionedSaveReachesLists},
		{"a versioned save to a taken slug is a conflict but not stale", testVersionedSlugConflict},
		{"a versioned save or move of a missing article is ErrNotFound", testNewsroomNotFound},
		{"revisions list newest first and read whole one at a time", testRevisions},
		{"an autosave revision is overwritten in place and keeps its time", testRevisionOverwrite},
		{"moves change status and what readers can find", testMoveArticle},
		{"a move from a status the article left is stale", testMoveStale},
		{"a withdrawn article keeps its notice and is in no public list", testMoveWithdrawn},
		{"a change saves content and status together", testChangeArticle},
		{"a change whose move is stale writes neither content nor status", testChangeArticleAtomic},
		{"a change from an old version writes nothing, with or without content", testChangeArticleStale},
		{"due scheduled articles are listed oldest first", testDueScheduled},
		{"the next scheduled time is the earliest planned one, due or not", testNextScheduled},
		{"a scheduled article is published once, at its planned time", testPublishScheduled},
		{"of callers racing to publish a scheduled article exactly one does", testPublishScheduledRace},
		{"autosaves are kept per member and replaced", testAutosaves},
		{"the newsroom list filters and orders by last change", testNewsroomArticles},
		{"the newsroom list matches headline text literally", testNewsroomText},
		{"statuses are counted for everyone or one author", testStatusCounts},
		{"views add up per article and day", testViews},
		{"views of a deleted article are dropped", testViewsOfDeletedArticle},
		{"most read ranks published articles by views since a day", testMostRead},
		{"a malformed day is refused", testBadDay},
		{"deleting an article deletes its revisions, autosaves and views", testNewsroomCascade},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

// draftOf creates a draft by the fixture's author.
func (f fixture) draftOf(t *testing.T, st store.Store, title string, opts ...func(*content.Article)) content.Article {
	t.Helper()
	opts = append([]func(*content.Article){func(a *content.Article) {
		a.Status, a.PublishedAt, a.UpdatedAt = content.StatusDraft, time.Time{}, base
	}}, opts...)
	return f.post(t, st, title, 0, opts...)
}

func articleVersion(t *testing.T, st store.Store, id int64) int {
	t.Helper()
	v, err := st.ArticleVersion(context.Background(), id)
	must(t, err)
	return v
}

func storedArticle(t *testing.T, st store.Store, id int64) content.Article {
	t.Helper()
	a, err := st.ArticleByID(context.Background(), id)
	must(t, err)
	return a
}

func revisionFrom(a content.Article, by content.User, note string) *store.Revision {
	return &store.Revision{Author: by, Title: a.Title, Excerpt: a.Excerpt, Source: a.Source, Format: a.Format,
		Dateline: a.Dateline, Note: note}
}

func testVersionRises(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Versions")
	if v := articleVersion(t, st, a.ID); v != 1 {
		t.Fatalf("new article at version %d, want 1", v)
	}
	for want := 2; want <= 3; want++ {
		a.Title = fmt.Sprintf("Versions %d", want)
		must(t, st.UpdateArticleVersioned(ctx, &a, want-1, nil))
		if v := articleVersion(t, st, a.ID); v != want {
			t.Errorf("after save %d: version %d", want-1, v)
		}
	}
	if got := storedArticle(t, st, a.ID).Title; got != "Versions 3" {
		t.Errorf("title = %q", got)
	}
}

func testStaleSaveWritesNothing(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "First words")
	first := a
	first.Title = "Ana's words"
	must(t, st.UpdateArticleVersioned(ctx, &first, 1, revisionFrom(first, f.author, "")))
	second := a
	second.Title, second.Tags = "Kit's words", []content.Tag{{Name: "Lost"}}
	err := st.UpdateArticleVersioned(ctx, &second, 1, revisionFrom(second, f.other, ""))
	if !errors.Is(err, store.ErrStale) || !errors.Is(err, store.ErrConflict) {
		t.Fatalf("err = %v, want ErrStale (an ErrConflict)", err)
	}
	got := storedArticle(t, st, a.ID)
	if got.Title != "Ana's words" || len(got.Tags) != 0 {
		t.Errorf("stored = %q tags %v, want the first save only", got.Title, got.Tags)
	}
	revs, err := st.Revisions(ctx, a.ID)
	must(t, err)
	if len(revs) != 1 || revs[0].Title != "Ana's words" {
		t.Errorf("revisions = %+v, want only the first save's", revs)
	}
	if v := articleVersion(t, st, a.ID); v != 2 {
		t.Errorf("version = %d, want 2", v)
	}
}

func testPlainUpdateRaisesVersion(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Edited through the API", 1)
	c := content.Comment{ArticleID: a.ID, AuthorName: "Nok", AuthorEmail: "nok@example.com", Body: "Hi",
		Status: content.CommentApproved, CreatedAt: base}
	must(t, st.CreateComment(ctx, &c))
	if v := articleVersion(t, st, a.ID); v != 1 {
		t.Errorf("after a comment: version %d, want 1", v)
	}
	a.Title = "Edited again"
	must(t, st.UpdateArticle(ctx, &a))
	if v := articleVersion(t, st, a.ID); v != 2 {
		t.Errorf("after UpdateArticle: version %d, want 2", v)
	}
	must(t, st.UpdateArticleVersioned(ctx, &a, 2, nil))
	if v := articleVersion(t, st, a.ID); v != 3 {
		t.Errorf("after a versioned save: version %d, want 3 (raised once, not twice)", v)
	}
}

func testVersionedSaveKeepsWorkflow(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Published", 1)
	must(t, st.AddCorrection(ctx, &content.Correction{ArticleID: a.ID, Kind: content.KindCorrection,
		Text: "Correction: a name.", CreatedAt: base.Add(2 * time.Hour)}))
	edit := a
	edit.Status, edit.PublishedAt, edit.Corrections = content.StatusDraft, time.Time{}, nil
	edit.Title, edit.UpdatedAt = "Published, edited", base.Add(3*time.Hour)
	must(t, st.UpdateArticleVersioned(ctx, &edit, 1, nil))
	if edit.Status != content.StatusPublished || !edit.PublishedAt.Equal(a.PublishedAt) {
		t.Errorf("returned status %s at %v, want what is stored", edit.Status, edit.PublishedAt)
	}
	got := storedArticle(t, st, a.ID)
	if got.Status != content.StatusPublished || !got.PublishedAt.Equal(a.PublishedAt) ||
		len(got.Corrections) != 1 || got.Corrections[0].Text != "Correction: a name." || got.Title != "Published, edited" || !got.UpdatedAt.Equal(edit.UpdatedAt) {
		t.Errorf("stored = %s %v %v %q %v", got.Status, got.PublishedAt, got.Corrections, got.Title, got.UpdatedAt)
	}
}

func testVersionedSaveReachesLists(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Harbour", 1, withTags("Ports"))
	a.Title, a.Body, a.Tags = "Lighthouse", "<p>A light on the rocks.</p>", []content.Tag{{Name: "Coasts"}}
	must(t, st.UpdateArticleVersioned(ctx, &a, 1, nil))
	if got := searchTitles(t, st, store.SearchQuery{Text: "lighthouse"}); !sameStrings(got, []string{"Lighthouse"}) {
		t.Errorf("search for the new title = %v", got)
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "harbour"}); len(got) != 0 {
		t.Errorf("search for the old title = %v", got)
	}
	tag, err := st.TagBySlug(ctx, "coasts")
	must(t, err)
	list, err := st.PublishedArticles(ctx, store.ArticleQuery{TagID: tag.ID})
	must(t, err)
	if !sameStrings(titles(list), []string{"Lighthouse"}) {
		t.Errorf("new tag's archive = %v", titles(list))
	}
}

func testVersionedSlugConflict(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.draftOf(t, st, "Taken")
	a := f.draftOf(t, st, "Free")
	a.Slug = "taken"
	err := st.UpdateArticleVersioned(context.Background(), &a, 1, nil)
	if !errors.Is(err, store.ErrConflict) || errors.Is(err, store.ErrStale) {
		t.Errorf("err = %v, want ErrConflict and not ErrStale", err)
	}
}

func testNewsroomNotFound(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	ghost := content.Article{ID: 999, Kind: content.KindPost, Title: "Ghost", Slug: "ghost", Format: content.FormatMarkdown, Author: f.author}
	checks := map[string]error{
		"versioned save": st.UpdateArticleVersioned(ctx, &ghost, 1, nil),
		"move":           st.MoveArticle(ctx, store.Move{ID: 999, From: content.StatusDraft, To: content.StatusPublished, PublishedAt: base, UpdatedAt: base}),
		"correction":     st.AddCorrection(ctx, &content.Correction{ArticleID: 999, Kind: content.KindCorrection, Text: "x", CreatedAt: base}),
		"revision":       st.AddRevision(ctx, &store.Revision{ArticleID: 999, Title: "x", Format: content.FormatMarkdown}),
		"autosave":       st.SaveAutosave(ctx, store.Autosave{ArticleID: 999, UserID: f.author.ID}),
	}
	_, checks["version"] = st.ArticleVersion(ctx, 999)
	_, checks["one revision"] = st.Revision(ctx, 999)
	_, checks["read autosave"] = st.Autosave(ctx, 999, f.author.ID)
	for what, err := range checks {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("%s: err = %v, want ErrNotFound", what, err)
		}
	}
}

func testRevisions(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Draft one")
	first := store.Revision{ArticleID: a.ID, Author: f.author, Title: "Draft one", Excerpt: "Short", Source: "One.",
		Format: content.FormatMarkdown, Dateline: "BANGKOK", CreatedAt: base, Note: "Created"}
	must(t, st.AddRevision(ctx, &first))
	a.Title, a.Source = "Draft two", "Two."
	rev := revisionFrom(a, f.other, "Tightened")
	rev.CreatedAt = base.Add(time.Minute)
	must(t, st.UpdateArticleVersioned(ctx, &a, 1, rev))
	if rev.ID == 0 || rev.ArticleID != a.ID {
		t.Fatalf("revision saved with the article = %+v", rev)
	}
	list, err := st.Revisions(ctx, a.ID)
	must(t, err)
	if len(list) != 2 || list[0].ID != rev.ID || list[1].ID != first.ID {
		t.Fatalf("revisions = %+v, want newest first", list)
	}
	if list[0].Author.Name != "Kittipong Chai" || list[0].Note != "Tightened" || list[0].Source != "" ||
		!list[0].CreatedAt.Equal(base.Add(time.Minute)) {
		t.Errorf("listed revision = %+v (source is left out of lists)", list[0])
	}
	got, err := st.Revision(ctx, first.ID)
	must(t, err)
	want := first
	want.Author = content.User{ID: f.author.ID, Name: "Ana Reyes"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("revision = %+v\nwant %+v", got, want)
	}
}

func testRevisionOverwrite(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Typing")
	a.Source = "Typ"
	auto := revisionFrom(a, f.author, "Autosave")
	auto.Autosave, auto.CreatedAt = true, base
	must(t, st.UpdateArticleVersioned(ctx, &a, 1, auto))
	a.Source = "Typing on"
	again := revisionFrom(a, f.author, "Autosave")
	again.ID, again.Autosave, again.CreatedAt = auto.ID, true, base.Add(5*time.Minute)
	must(t, st.UpdateArticleVersioned(ctx, &a, 2, again))
	list, err := st.Revisions(ctx, a.ID)
	must(t, err)
	if len(list) != 1 || list[0].ID != auto.ID || !list[0].CreatedAt.Equal(base) || !again.CreatedAt.Equal(base) {
		t.Fatalf("revisions = %+v, want the one autosave revision begun at %v", list, base)
	}
	if r, _ := st.Revision(ctx, auto.ID); r.Source != "Typing on" {
		t.Errorf("overwritten source = %q", r.Source)
	}
	manual := revisionFrom(a, f.author, "Saved")
	manual.ArticleID = a.ID
	must(t, st.AddRevision(ctx, manual))
	bad := revisionFrom(a, f.author, "Autosave")
	bad.ID, bad.Autosave = manual.ID, true
	err = st.UpdateArticleVersioned(ctx, &a, 3, bad)
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("overwriting a saved revision: err = %v, want ErrNotFound", err)
	}
	if v := articleVersion(t, st, a.ID); v != 3 {
		t.Errorf("version = %d after a refused overwrite, want 3", v)
	}
}

func testMoveArticle(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Lanterns", withTags("Festivals"))
	tag, err := st.TagBySlug(ctx, "festivals")
	must(t, err)
	visible := func() bool {
		t.Helper()
		latest, err := st.PublishedArticles(ctx, store.ArticleQuery{})
		must(t, err)
		tagged, err := st.PublishedArticles(ctx, store.ArticleQuery{TagID: tag.ID})
		must(t, err)
		found := searchTitles(t, st, store.SearchQuery{Text: "lanterns"})
		if len(latest) != len(tagged) || len(latest) != len(found) {
			t.Fatalf("lists disagree: latest %v, tag %v, search %v", titles(latest), titles(tagged), found)
		}
		return len(latest) == 1
	}
	if visible() {
		t.Fatal("a draft is visible")
	}
	at := base.Add(time.Hour)
	must(t, st.MoveArticle(ctx, store.Move{ID: a.ID, From: content.StatusDraft, To: content.StatusPublished, PublishedAt: at, UpdatedAt: at}))
	if !visible() {
		t.Fatal("a published article is not visible")
	}
	got := storedArticle(t, st, a.ID)
	if got.Status != content.StatusPublished || !got.PublishedAt.Equal(at) || !got.UpdatedAt.Equal(at) {
		t.Errorf("published = %s %v %v", got.Status, got.PublishedAt, got.UpdatedAt)
	}
	must(t, st.MoveArticle(ctx, store.Move{ID: a.ID, From: content.StatusPublished, To: content.StatusDraft, PublishedAt: at, UpdatedAt: at.Add(time.Hour)}))
	if visible() {
		t.Fatal("an unpublished article is still visible")
	}
	if got := storedArticle(t, st, a.ID); !got.PublishedAt.Equal(at) {
		t.Errorf("unpublished article's time = %v, want kept %v", got.PublishedAt, at)
	}
	if v := articleVersion(t, st, a.ID); v != 1 {
		t.Errorf("moves changed the version to %d", v)
	}
}

func testMoveWithdrawn(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Lanterns float downriver", 1, withTags("Festivals"))
	tag, err := st.TagBySlug(ctx, "festivals")
	must(t, err)
	listed := func() int {
		t.Helper()
		n := 0
		for _, q := range []store.ArticleQuery{{}, {TagID: tag.ID}, {AuthorID: f.author.ID}} {
			list, err := st.PublishedArticles(ctx, q)
			must(t, err)
			for _, x := range list {
				if x.ID == a.ID {
					n++
				}
			}
		}
		return n + len(searchTitles(t, st, store.SearchQuery{Text: "lanterns"}))
	}
	if got := listed(); got != 4 {
		t.Fatalf("the published article is in %d of 4 lists", got)
	}
	notice := "Withdrawn: it named the wrong town.\n\nWe apologise."
	at := base.Add(2 * time.Hour)
	must(t, st.MoveArticle(ctx, store.Move{ID: a.ID, From: content.StatusPublished, To: content.StatusWithdrawn,
		PublishedAt: a.PublishedAt, UpdatedAt: at, Notice: notice}))
	got := storedArticle(t, st, a.ID)
	if got.Status != content.StatusWithdrawn || got.WithdrawnNotice != notice || !got.PublishedAt.Equal(a.PublishedAt) {
		t.Errorf("withdrawn = %s %q %v", got.Status, got.WithdrawnNotice, got.PublishedAt)
	}
	bySlug, err := st.ArticleBySlug(ctx, a.Slug)
	must(t, err)
	if bySlug.WithdrawnNotice != notice {
		t.Errorf("by slug the notice is %q", bySlug.WithdrawnNotice)
	}
	if n := listed(); n != 0 {
		t.Errorf("the withdrawn article is still in %d public lists", n)
	}
	must(t, st.MoveArticle(ctx, store.Move{ID: a.ID, From: content.StatusWithdrawn, To: content.StatusPublished,
		PublishedAt: a.PublishedAt, UpdatedAt: at.Add(time.Hour)}))
	if got := storedArticle(t, st, a.ID); got.WithdrawnNotice != "" || listed() != 4 {
		t.Errorf("published again: notice %q, in %d of 4 lists", got.WithdrawnNotice, listed())
	}
}

func testMoveStale(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	a := f.post(t, st, "Already out", 1)
	err := st.MoveArticle(context.Background(), store.Move{ID: a.ID, From: content.StatusDraft, To: content.StatusTrashed, UpdatedAt: base})
	if !errors.Is(err, store.ErrStale) {
		t.Fatalf("err = %v, want ErrStale", err)
	}
	if got := storedArticle(t, st, a.ID); got.Status != content.StatusPublished {
		t.Errorf("status = %s, want unchanged", got.Status)
	}
}

func scheduledAt(at time.Time) func(*content.Article) {
	return func(a *content.Article) { a.Status, a.PublishedAt = content.StatusScheduled, at }
}

func testDueScheduled(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	later := f.draftOf(t, st, "Later", scheduledAt(base.Add(2*time.Hour)))
	sooner := f.draftOf(t, st, "Sooner", scheduledAt(base.Add(time.Hour)))
	page := f.draftOf(t, st, "Page", scheduledAt(base.Add(90*time.Minute)), func(a *content.Article) { a.Kind = content.KindPage })
	f.draftOf(t, st, "Tomorrow", scheduledAt(base.Add(24*time.Hour)))
	f.post(t, st, "Published", 0)
	f.draftOf(t, st, "Draft")
	ids, err := st.DueScheduled(ctx, base.Add(2*time.Hour))
	must(t, err)
	if fmt.Sprint(ids) != fmt.Sprint([]int64{sooner.ID, page.ID, later.ID}) {
		t.Errorf("due = %v, want %v", ids, []int64{sooner.ID, page.ID, later.ID})
	}
	if ids, _ := st.DueScheduled(ctx, base); len(ids) != 0 {
		t.Errorf("due before any time came = %v", ids)
	}
}

func testPublishScheduled(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	at := base.Add(time.Hour)
	a := f.draftOf(t, st, "Embargoed", scheduledAt(at), withTags("Budget"))
	if ok, err := st.PublishScheduled(ctx, a.ID, at.Add(-time.Second)); err != nil || ok {
		t.Fatalf("before its time: published = %v, %v", ok, err)
	}
	late := at.Add(6 * time.Hour) // the server was down
	ok, err := st.PublishScheduled(ctx, a.ID, late)
	must(t, err)
	if !ok {
		t.Fatal("due article not published")
	}
	if ok, _ := st.PublishScheduled(ctx, a.ID, late); ok {
		t.Error("published twice")
	}
	got := storedArticle(t, st, a.ID)
	if got.Status != content.StatusPublished || !got.PublishedAt.Equal(at) || !got.UpdatedAt.Equal(at) {
		t.Errorf("published = %s at %v updated %v, want the planned time", got.Status, got.PublishedAt, got.UpdatedAt)
	}
	tag, err := st.TagBySlug(ctx, "budget")
	must(t, err)
	list, err := st.PublishedArticles(ctx, store.ArticleQuery{TagID: tag.ID})
	must(t, err)
	if !sameStrings(titles(list), []string{"Embargoed"}) {
		t.Errorf("tag archive = %v", titles(list))
	}
	if got := searchTitles(t, st, store.SearchQuery{Text: "embargoed"}); len(got) != 1 {
		t.Errorf("search = %v", got)
	}
}

func testPublishScheduledRace(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.draftOf(t, st, "Race", scheduledAt(base))
	var wins atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			ok, err := st.PublishScheduled(ctx, a.ID, base.Add(time.Minute))
			if err != nil {
				t.Error(err)
			}
			if ok {
				wins.Add(1)
			}
		})
	}
	wg.Wait()
	if n := wins.Load(); n != 1 {
		t.Errorf("%d callers published it, want 1", n)
	}
}

func testAutosaves(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Live", 0)
	mine := store.Autosave{ArticleID: a.ID, UserID: f.author.ID, Title: "Live", Excerpt: "E", Source: "Half a sen", UpdatedAt: base}
	must(t, st.SaveAutosave(ctx, mine))
	mine.Source, mine.UpdatedAt = "Half a sentence", base.Add(time.Minute)
	must(t, st.SaveAutosave(ctx, mine))
	theirs := store.Autosave{ArticleID: a.ID, UserID: f.other.ID, Title: "Live!", UpdatedAt: base}
	must(t, st.SaveAutosave(ctx, theirs))
	got, err := st.Autosave(ctx, a.ID, f.author.ID)
	must(t, err)
	if got != mine {
		t.Errorf("autosave = %+v, want %+v", got, mine)
	}
	if got := storedArticle(t, st, a.ID); got.Source != a.Source {
		t.Errorf("the article changed: %q", got.Source)
	}
	must(t, st.DeleteAutosave(ctx, a.ID, f.author.ID))
	must(t, st.DeleteAutosave(ctx, a.ID, f.author.ID))
	if _, err := st.Autosave(ctx, a.ID, f.author.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after delete: err = %v", err)
	}
	if got, err := st.Autosave(ctx, a.ID, f.other.ID); err != nil || got.Title != "Live!" {
		t.Errorf("the other member's autosave = %+v, %v", got, err)
	}
}

func testNewsroomArticles(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	at := func(h int) func(*content.Article) {
		return func(a *content.Article) { a.UpdatedAt = base.Add(time.Duration(h) * time.Hour) }
	}
	f.draftOf(t, st, "Draft", at(5))
	f.post(t, st, "Published", 1, at(3))
	f.draftOf(t, st, "Pending", at(4), withStatus(content.StatusPending))
	f.draftOf(t, st, "Trashed", at(6), withStatus(content.StatusTrashed))
	f.draftOf(t, st, "Kit's", at(2), func(a *content.Article) { a.Author = f.other })
	f.draftOf(t, st, "Business", at(1), inCategory(f.business))
	f.draftOf(t, st, "About us", at(7), func(a *content.Article) { a.Kind = content.KindPage })
	cases := []struct {
		name   string
		filter store.NewsroomFilter
		want   []string
	}{
		{"everything but the trash, last changed first", store.NewsroomFilter{},
			[]string{"About us", "Draft", "Pending", "Published", "Kit's", "Business"}},
		{"one status", store.NewsroomFilter{Status: content.StatusPending}, []string{"Pending"}},
		{"the trash", store.NewsroomFilter{Status: content.StatusTrashed}, []string{"Trashed"}},
		{"one author", store.NewsroomFilter{AuthorID: f.other.ID}, []string{"Kit's"}},
		{"one section", store.NewsroomFilter{CategoryID: f.business.ID}, []string{"Business"}},
		{"pages", store.NewsroomFilter{Kind: content.KindPage}, []string{"About us"}},
		{"headline text in any case", store.NewsroomFilter{Text: "PUB"}, []string{"Published"}},
		{"a page of the list", store.NewsroomFilter{Limit: 2, Offset: 1}, []string{"Draft", "Pending"}},
	}
	for _, tc := range cases {
		list, err := st.NewsroomArticles(ctx, tc.filter)
		must(t, err)
		if !sameStrings(titles(list), tc.want) {
			t.Errorf("%s: %v, want %v", tc.name, titles(list), tc.want)
		}
	}
	list, err := st.NewsroomArticles(ctx, store.NewsroomFilter{Status: content.StatusPublished})
	must(t, err)
	if len(list) != 1 || !list[0].UpdatedAt.Equal(base.Add(3*time.Hour)) || list[0].CreatedAt.IsZero() || list[0].Author.Name != "Ana Reyes" {
		t.Errorf("listed article = %+v, want its times and author", list)
	}
}

func testNewsroomText(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	f.draftOf(t, st, "Rates up 100% in a year")
	f.draftOf(t, st, "Rates up 1000 baht")
	f.draftOf(t, st, "snake_case")
	f.draftOf(t, st, "snakeXcase")
	for text, want := range map[string][]string{"100%": {"Rates up 100% in a year"}, "e_c": {"snake_case"}} {
		list, err := st.NewsroomArticles(context.Background(), store.NewsroomFilter{Text: text})
		must(t, err)
		if !sameStrings(titles(list), want) {
			t.Errorf("%q found %v, want %v", text, titles(list), want)
		}
	}
}

func testStatusCounts(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.draftOf(t, st, "D1")
	f.draftOf(t, st, "D2", func(a *content.Article) { a.Author = f.other })
	f.draftOf(t, st, "P", withStatus(content.StatusPending))
	f.post(t, st, "Pub", 1)
	all, err := st.StatusCounts(ctx, 0)
	must(t, err)
	if fmt.Sprint(all) != "map[draft:2 pending:1 published:1]" {
		t.Errorf("everyone's = %v", all)
	}
	kits, err := st.StatusCounts(ctx, f.other.ID)
	must(t, err)
	if fmt.Sprint(kits) != "map[draft:1]" {
		t.Errorf("one author's = %v", kits)
	}
}

func testViews(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "A", 1)
	b := f.post(t, st, "B", 2)
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 3, b.ID: 1}, "2025-07-13"))
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 2}, "2025-07-14"))
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 5, b.ID: 0}, "2025-07-14"))
	must(t, st.AddViews(ctx, map[int64]int{b.ID: 4}, "2025-07-16"))
	days, err := st.ViewsPerDay(ctx, 0, "2025-07-13", "2025-07-15")
	must(t, err)
	if fmt.Sprint(days) != "[{2025-07-13 4} {2025-07-14 7}]" {
		t.Errorf("site per day = %v", days)
	}
	days, err = st.ViewsPerDay(ctx, b.ID, "2025-07-01", "2025-07-31")
	must(t, err)
	if fmt.Sprint(days) != "[{2025-07-13 1} {2025-07-16 4}]" {
		t.Errorf("one article per day = %v", days)
	}
}

func testViewsOfDeletedArticle(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Kept", 1)
	gone := f.post(t, st, "Gone", 2)
	must(t, st.DeleteArticle(ctx, gone.ID))
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 2, gone.ID: 9}, "2025-07-14"))
	days, err := st.ViewsPerDay(ctx, 0, "2025-07-14", "2025-07-14")
	must(t, err)
	if fmt.Sprint(days) != "[{2025-07-14 2}]" {
		t.Errorf("per day = %v", days)
	}
}

func testMostRead(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Steady", 1)
	b := f.post(t, st, "Spike", 2)
	c := f.post(t, st, "Old news", 3)
	d := f.post(t, st, "Taken down", 4)
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 4, b.ID: 1, c.ID: 100, d.ID: 50}, "2025-06-01"))
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 4, b.ID: 9, d.ID: 50}, "2025-07-10"))
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 4, c.ID: 1}, "2025-07-11"))
	must(t, st.MoveArticle(ctx, store.Move{ID: d.ID, From: content.StatusPublished, To: content.StatusDraft, PublishedAt: d.PublishedAt, UpdatedAt: base}))
	list, err := st.MostRead(ctx, "2025-07-01", 10)
	must(t, err)
	var got []string
	for _, r := range list {
		got = append(got, fmt.Sprintf("%s %d", r.Article.Title, r.Views))
	}
	if !sameStrings(got, []string{"Spike 9", "Steady 8", "Old news 1"}) {
		t.Errorf("most read = %v", got)
	}
	if list[0].Article.Slug != "spike" || list[0].Article.Author.Name != "Ana Reyes" {
		t.Errorf("article in list form = %+v", list[0].Article)
	}
	if top, _ := st.MostRead(ctx, "2025-07-01", 1); len(top) != 1 || top[0].Article.ID != b.ID {
		t.Errorf("limit 1 = %+v", top)
	}
}

func testBadDay(t *testing.T, st store.Store) {
	ctx := context.Background()
	for _, day := range []string{"", "2025-7-14", "14/07/2025", "2025-02-30", "2025-07-14'; --"} {
		if err := st.AddViews(ctx, map[int64]int{1: 1}, day); err == nil {
			t.Errorf("AddViews accepted %q", day)
		}
		if _, err := st.MostRead(ctx, day, 5); err == nil {
			t.Errorf("MostRead accepted %q", day)
		}
		if _, err := st.ViewsPerDay(ctx, 0, day, "2025-07-14"); err == nil {
			t.Errorf("ViewsPerDay accepted %q", day)
		}
	}
}

func testNewsroomCascade(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Removed", 1)
	rev := revisionFrom(a, f.author, "")
	rev.ArticleID = a.ID
	must(t, st.AddRevision(ctx, rev))
	must(t, st.SaveAutosave(ctx, store.Autosave{ArticleID: a.ID, UserID: f.author.ID, Title: "x", UpdatedAt: base}))
	must(t, st.AddViews(ctx, map[int64]int{a.ID: 3}, "2025-07-14"))
	must(t, st.DeleteArticle(ctx, a.ID))
	if _, err := st.Revision(ctx, rev.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revision: err = %v", err)
	}
	if _, err := st.Autosave(ctx, a.ID, f.author.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("autosave: err = %v", err)
	}
	if days, _ := st.ViewsPerDay(ctx, 0, "2025-07-14", "2025-07-14"); len(days) != 0 {
		t.Errorf("views = %v", days)
	}
}
