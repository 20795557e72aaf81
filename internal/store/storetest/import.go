package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runImport specifies the writes of an importer: batches in one
// transaction, each item with its legacy link or refused alone.
func runImport(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"imported sections and tags are made, or found by slug, with their links", testImportTerms},
		{"an imported article keeps its status, dates and slug, and is listed and searchable", testImportArticles},
		{"a taken slug is numbered when asked, else that article alone is refused", testImportSlugs},
		{"an imported article is replaced whole, status included", testImportArticleUpdate},
		{"imported comments keep their thread, status and date, and are counted", testImportComments},
		{"a batch over the limit is refused whole", testImportBatchLimit},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

func link(kind store.LegacyKind, wpID int64) store.LegacyLink {
	return store.LegacyLink{Source: oldSite, Kind: kind, WPID: wpID, ImportedAt: base}
}

func testImportTerms(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st) // has the section "politics"
	terms := []store.ImportedTerm{
		{Kind: store.LegacyCategory, Name: "World", Slug: "world", Description: "Abroad.", Position: 5, Link: link(store.LegacyCategory, 3)},
		{Kind: store.LegacyCategory, Name: "Politik", Slug: "politics", Link: link(store.LegacyCategory, 4)},
		{Kind: store.LegacyTag, Name: "Floods", Slug: "floods", Link: link(store.LegacyTag, 9)},
		{Kind: store.LegacyCategory, ID: 9999, Name: "Gone", Slug: "gone", Link: link(store.LegacyCategory, 5)},
	}
	must(t, st.ImportTerms(ctx, terms))
	world, err := st.CategoryBySlug(ctx, "world")
	must(t, err)
	if terms[0].Err != nil || terms[0].ID != world.ID || world.Name != "World" || world.Description != "Abroad." || world.Position != 5 {
		t.Errorf("imported section = %+v (%v), stored %+v", terms[0], terms[0].Err, world)
	}
	if !terms[0].Created || terms[1].Created || !terms[2].Created {
		t.Errorf("created = %v, %v, %v; want the new section and tag made and the existing section found", terms[0].Created, terms[1].Created, terms[2].Created)
	}
	if terms[1].Err != nil || terms[1].ID != f.politics.ID {
		t.Errorf("a section whose slug exists = %+v, %v; want the existing section %d", terms[1].ID, terms[1].Err, f.politics.ID)
	}
	if got, _ := st.CategoryBySlug(ctx, "politics"); got.Name != "Politics" {
		t.Errorf("the existing section was renamed to %q; it keeps its name", got.Name)
	}
	floods, err := st.TagBySlug(ctx, "floods")
	must(t, err)
	if terms[2].ID != floods.ID {
		t.Errorf("imported tag = %d, stored %+v", terms[2].ID, floods)
	}
	if !errors.Is(terms[3].Err, store.ErrNotFound) {
		t.Errorf("a term to update that is gone = %v, want ErrNotFound", terms[3].Err)
	}
	for _, want := range []struct {
		kind store.LegacyKind
		wp   int64
		id   int64
	}{{store.LegacyCategory, 3, world.ID}, {store.LegacyCategory, 4, f.politics.ID}, {store.LegacyTag, 9, floods.ID}} {
		l, err := st.LegacyByID(ctx, want.kind, want.wp)
		if err != nil || l.ID != want.id {
			t.Errorf("link of %s %d = %+v, %v; want id %d", want.kind, want.wp, l, err, want.id)
		}
	}
	if _, err := st.LegacyByID(ctx, store.LegacyCategory, 5); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused term's link = %v, want ErrNotFound", err)
	}

	// Imported again by id: renamed, slug and place kept.
	again := []store.ImportedTerm{{Kind: store.LegacyCategory, ID: world.ID, Name: "World news", Slug: "world", Description: "", Link: link(store.LegacyCategory, 3)}}
	must(t, st.ImportTerms(ctx, again))
	if got, _ := st.CategoryBySlug(ctx, "world"); again[0].Err != nil || again[0].Created || got.Name != "World news" || got.Position != 5 {
		t.Errorf("updated section = %+v (%v)", got, again[0].Err)
	}
}

func importedPost(f fixture, title, slug string, published time.Time) store.ImportedArticle {
	return store.ImportedArticle{
		Article: content.Article{Kind: content.KindPost, Title: title, Slug: slug, Source: "<p>" + title + "</p>",
			Body: "<p>" + title + "</p>", Format: content.FormatHTML, Status: content.StatusPublished,
			PublishedAt: published, CreatedAt: published, UpdatedAt: published.Add(time.Hour),
			Author: content.User{ID: f.author.ID}, Category: content.Category{ID: f.politics.ID}, CommentsOpen: true,
			Tags: []content.Tag{{Name: "Mekong River", Slug: "mekong"}}, Words: 2},
		Revision: store.Revision{Title: title, Source: "<p>" + title + "</p>", Format: content.FormatHTML, Note: "Imported", CreatedAt: published},
	}
}

func testImportArticles(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	old := time.Date(2012, 3, 4, 5, 6, 7, 0, time.UTC)
	a := importedPost(f, "Floods reach the delta", "floods-reach-the-delta", old)
	a.Link = link(store.LegacyPost, 41)
	a.Link.Path = "/2012/03/04/floods-reach-the-delta/"
	draft := importedPost(f, "Unfinished", "", time.Time{})
	draft.Article.Status, draft.Article.PublishedAt = content.StatusDraft, time.Time{}
	draft.Article.CreatedAt = old
	draft.Link = link(store.LegacyPost, 42)
	stranger := importedPost(f, "By nobody", "by-nobody", old)
	stranger.Article.Author.ID = 9999
	stranger.Link = link(store.LegacyPost, 43)
	list := []store.ImportedArticle{a, stranger, draft}
	must(t, st.ImportArticles(ctx, list))

	if list[0].Err != nil || list[0].Article.ID == 0 {
		t.Fatalf("imported post = %+v", list[0])
	}
	got, err := st.ArticleBySlug(ctx, "floods-reach-the-delta")
	must(t, err)
	if got.ID != list[0].Article.ID || !got.PublishedAt.Equal(old) || !got.CreatedAt.Equal(old) || got.Status != content.StatusPublished ||
		got.Category.ID != f.politics.ID || len(got.Tags) != 1 || got.Tags[0].Slug != "mekong" || got.Tags[0].Name != "Mekong River" {
		t.Errorf("stored = %+v", got)
	}
	if list[0].Article.Tags[0].ID != got.Tags[0].ID {
		t.Errorf("the batch's tags = %+v, want their stored ids", list[0].Article.Tags)
	}
	latest, err := st.PublishedArticles(ctx, store.ArticleQuery{})
	must(t, err)
	if !sameStrings(titles(latest), []string{"Floods reach the delta"}) {
		t.Errorf("published = %v, want the imported post alone", titles(latest))
	}
	tagged, err := st.PublishedArticles(ctx, store.ArticleQuery{TagID: got.Tags[0].ID})
	must(t, err)
	if len(tagged) != 1 {
		t.Errorf("the tag archive lists %d posts, want 1", len(tagged))
	}
	hits, err := st.Search(ctx, store.SearchQuery{Text: "delta"})
	must(t, err)
	if len(hits) != 1 || hits[0].Article.ID != got.ID {
		t.Errorf("search for delta = %+v, want the imported post", hits)
	}
	months, err := st.SitemapMonths(ctx)
	must(t, err)
	if len(months) != 1 || months[0].Month != "2012-03" || months[0].Count != 1 {
		t.Errorf("sitemap months = %+v, want 2012-03 with one post", months)
	}
	revs, err := st.Revisions(ctx, got.ID)
	must(t, err)
	if len(revs) != 1 || revs[0].Note != "Imported" {
		t.Errorf("revisions = %+v, want the one imported with it", revs)
	}
	l, err := st.LegacyByPath(ctx, "/2012/03/04/floods-reach-the-delta/")
	if err != nil || l.ID != got.ID || l.WPID != 41 {
		t.Errorf("link by old address = %+v, %v; want article %d", l, err, got.ID)
	}

	if !errors.Is(list[1].Err, store.ErrNotFound) {
		t.Errorf("a post by an unknown author = %v, want ErrNotFound", list[1].Err)
	}
	if _, err := st.ArticleBySlug(ctx, "by-nobody"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused post was stored: %v", err)
	}
	if _, err := st.LegacyByID(ctx, store.LegacyPost, 43); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the refused post's link = %v, want ErrNotFound", err)
	}

	if list[2].Err != nil || list[2].Article.Slug != "unfinished" {
		t.Errorf("a draft without a slug = %+v (%v), want the slug made from its title", list[2].Article.Slug, list[2].Err)
	}
	d, err := st.ArticleByID(ctx, list[2].Article.ID)
	must(t, err)
	if d.Status != content.StatusDraft || !d.PublishedAt.IsZero() || !d.CreatedAt.Equal(old) {
		t.Errorf("imported draft = %+v", d)
	}
}

func testImportSlugs(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	f.post(t, st, "Budget", 1) // slug "budget"
	numbered := importedPost(f, "Budget again", "budget", base)
	numbered.NumberSlug = true
	numbered.Link = link(store.LegacyPost, 1)
	refused := importedPost(f, "Budget once more", "budget", base)
	refused.Link = link(store.LegacyPost, 2)
	list := []store.ImportedArticle{numbered, refused}
	must(t, st.ImportArticles(ctx, list))
	if list[0].Err != nil || list[0].Article.Slug != "budget-2" {
		t.Errorf("numbered = %q, %v; want budget-2", list[0].Article.Slug, list[0].Err)
	}
	if !errors.Is(list[1].Err, store.ErrConflict) {
		t.Errorf("a taken slug not to be numbered = %v, want ErrConflict", list[1].Err)
	}
	// An article numbered the first time keeps its number when it is
	// imported again with the slug it had there.
	again := list[0]
	again.Article.Title, again.Article.Slug = "Budget, revised", "budget"
	batch := []store.ImportedArticle{again}
	must(t, st.ImportArticles(ctx, batch))
	if batch[0].Err != nil || batch[0].Article.Slug != "budget-2" {
		t.Errorf("imported again = %q, %v; want its own slug budget-2", batch[0].Article.Slug, batch[0].Err)
	}
}

func testImportArticleUpdate(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	first := []store.ImportedArticle{importedPost(f, "Rice prices", "rice-prices", base)}
	first[0].Link = link(store.LegacyPost, 7)
	must(t, st.ImportArticles(ctx, first))
	id := first[0].Article.ID
	v, err := st.ArticleVersion(ctx, id)
	must(t, err)

	again := importedPost(f, "Rice prices fall", "rice-prices", base)
	again.Article.ID = id
	again.Article.Status = content.StatusTrashed
	again.Article.Tags = nil
	again.Link = link(store.LegacyPost, 7)
	again.Link.Fingerprint = "second"
	list := []store.ImportedArticle{again}
	must(t, st.ImportArticles(ctx, list))
	if list[0].Err != nil || list[0].Article.ID != id {
		t.Fatalf("imported again = %+v", list[0])
	}
	got, err := st.ArticleByID(ctx, id)
	must(t, err)
	if got.Title != "Rice prices fall" || got.Status != content.StatusTrashed || len(got.Tags) != 0 {
		t.Errorf("replaced = %+v", got)
	}
	if nv, _ := st.ArticleVersion(ctx, id); nv <= v {
		t.Errorf("version %d after a new text, was %d: an editor's open form must notice", nv, v)
	}
	if latest, _ := st.PublishedArticles(ctx, store.ArticleQuery{}); len(latest) != 0 {
		t.Errorf("a trashed import is still listed: %v", titles(latest))
	}
	if revs, _ := st.Revisions(ctx, id); len(revs) != 2 {
		t.Errorf("%d revisions, want 2 (one a write)", len(revs))
	}
	if l, _ := st.LegacyByID(ctx, store.LegacyPost, 7); l.Fingerprint != "second" {
		t.Errorf("link = %+v, want the second fingerprint", l)
	}

	gone := importedPost(f, "Gone", "gone", base)
	gone.Article.ID = 9999
	gone.Link = link(store.LegacyPost, 8)
	list = []store.ImportedArticle{gone}
	must(t, st.ImportArticles(ctx, list))
	if !errors.Is(list[0].Err, store.ErrNotFound) {
		t.Errorf("replacing an article that is gone = %v, want ErrNotFound", list[0].Err)
	}
}

func testImportComments(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Election", 1)
	at := time.Date(2013, 1, 2, 3, 4, 5, 0, time.UTC)
	c := func(body string, status content.CommentStatus, parent int, wp int64) store.ImportedComment {
		return store.ImportedComment{Comment: content.Comment{ArticleID: a.ID, AuthorName: "Reader", Body: body,
			Status: status, CreatedAt: at.Add(time.Duration(wp) * time.Minute)}, Parent: parent, Link: link(store.LegacyComment, wp)}
	}
	orphan := c("On nothing", content.CommentApproved, -1, 5)
	orphan.Comment.ArticleID = 9999
	list := []store.ImportedComment{
		c("First", content.CommentApproved, -1, 1),
		c("Reply", content.CommentApproved, 0, 2),
		c("Held", content.CommentPending, 0, 3),
		orphan,
		c("Reply to nothing", content.CommentApproved, 3, 6),
	}
	must(t, st.ImportComments(ctx, list))
	for i := range 3 {
		if list[i].Err != nil || list[i].Comment.ID == 0 {
			t.Fatalf("comment %d = %+v", i, list[i])
		}
	}
	if list[1].Comment.ParentID != list[0].Comment.ID {
		t.Errorf("reply's parent = %d, want %d", list[1].Comment.ParentID, list[0].Comment.ID)
	}
	if !errors.Is(list[3].Err, store.ErrNotFound) || !errors.Is(list[4].Err, store.ErrNotFound) {
		t.Errorf("comment on a missing article = %v, its reply = %v; want ErrNotFound for both", list[3].Err, list[4].Err)
	}
	shown, err := st.ApprovedComments(ctx, a.ID)
	must(t, err)
	if len(shown) != 2 || shown[0].Body != "First" || !shown[0].CreatedAt.Equal(at.Add(time.Minute)) || shown[1].ParentID != shown[0].ID {
		t.Errorf("approved = %+v", shown)
	}
	got, err := st.ArticleByID(ctx, a.ID)
	must(t, err)
	if got.CommentCount != 2 {
		t.Errorf("comment count = %d, want 2 approved", got.CommentCount)
	}
	if l, err := st.LegacyByID(ctx, store.LegacyComment, 2); err != nil || l.ID != list[1].Comment.ID {
		t.Errorf("link of comment 2 = %+v, %v", l, err)
	}

	// Imported again: the held comment approved, the first one spam.
	first, held := list[0], list[2]
	first.Comment.ID, first.Comment.Status, first.Parent = list[0].Comment.ID, content.CommentSpam, -1
	held.Comment.ID, held.Comment.Status, held.Parent = list[2].Comment.ID, content.CommentApproved, -1
	held.Comment.ParentID = list[0].Comment.ID
	again := []store.ImportedComment{first, held}
	must(t, st.ImportComments(ctx, again))
	if again[0].Err != nil || again[1].Err != nil {
		t.Fatalf("imported again: %v, %v", again[0].Err, again[1].Err)
	}
	got, err = st.ArticleByID(ctx, a.ID)
	must(t, err)
	if got.CommentCount != 2 {
		t.Errorf("comment count after a change of status = %d, want 2 (reply and the approved one)", got.CommentCount)
	}
	if c, _ := st.CommentByID(ctx, list[0].Comment.ID); c.Status != content.CommentSpam {
		t.Errorf("first comment = %s, want spam", c.Status)
	}
}

func testImportBatchLimit(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	list := make([]store.ImportedArticle, store.MaxImportBatch+1)
	for i := range list {
		list[i] = importedPost(f, "Story", "", base)
		list[i].Link = link(store.LegacyPost, int64(i+1))
	}
	if err := st.ImportArticles(ctx, list); err == nil {
		t.Fatal("a batch over the limit was written")
	}
	if latest, _ := st.PublishedArticles(ctx, store.ArticleQuery{}); len(latest) != 0 {
		t.Errorf("%d articles written from a batch over the limit", len(latest))
	}
}
