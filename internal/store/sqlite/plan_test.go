package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// TestPublicQueriesUseIndexes runs every read a public page makes, records
// the SQL, and checks with EXPLAIN QUERY PLAN that none of it scans the
// articles, tags or comments tables or sorts them outside an index: the
// cost of a page must not grow with the size of the archive.
func TestPublicQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	a := seedForPlans(t, st)

	type recorded struct {
		query string
		args  []any
	}
	var seen []recorded
	st.onQuery = func(q string, args []any) { seen = append(seen, recorded{q, args}) }

	calls := map[string]func() error{
		"latest": func() error { _, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: 13}); return err },
		"older page": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: 13, Offset: 24})
			return err
		},
		"pages": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{Kind: content.KindPage})
			return err
		},
		"category": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{CategoryID: a.Category.ID})
			return err
		},
		"tag": func() error { _, err := st.PublishedArticles(ctx, store.ArticleQuery{TagID: a.Tags[0].ID}); return err },
		"author": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{AuthorID: a.Author.ID})
			return err
		},
		"co-author's archive": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{AuthorID: a.Authors[1].ID})
			return err
		},
		"co-author's archive by cursor": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{AuthorID: a.Authors[1].ID, Limit: 13,
				Before: &store.Cursor{PublishedAt: a.PublishedAt, ID: a.ID}})
			return err
		},
		"co-author's page": func() error { _, err := st.AuthorBySlug(ctx, a.Authors[1].Slug); return err },
		"must read": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{MustRead: true, ExcludeID: a.ID})
			return err
		},
		"latest but":       func() error { _, err := st.PublishedArticles(ctx, store.ArticleQuery{ExcludeID: a.ID}); return err },
		"related":          func() error { _, err := st.RelatedArticles(ctx, a, 6); return err },
		"article":          func() error { _, err := st.ArticleBySlug(ctx, a.Slug); return err },
		"gone article":     func() error { _, err := st.ArticleBySlug(ctx, "no-such-slug"); return ignoreMissing(err) },
		"comments":         func() error { _, err := st.ApprovedComments(ctx, a.ID); return err },
		"category by slug": func() error { _, err := st.CategoryBySlug(ctx, a.Category.Slug); return err },
		"tag by slug":      func() error { _, err := st.TagBySlug(ctx, a.Tags[0].Slug); return err },
		"author by slug":   func() error { _, err := st.UserBySlug(ctx, a.Author.Slug); return err },
		"settings":         func() error { _, err := st.Settings(ctx); return err },
		"page family":      func() error { _, _, err := st.PageFamily(ctx, a.ID); return err },
	}
	for name, call := range calls {
		seen = nil
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(seen) == 0 {
			t.Fatalf("%s ran no recorded query", name)
		}
		for _, q := range seen {
			plan := explain(t, st, q.query, q.args)
			for _, line := range plan {
				if bad := badStep(line); bad {
					t.Errorf("%s: plan step %q\nquery: %s\nplan:\n  %s", name, line, oneLine(q.query), strings.Join(plan, "\n  "))
				}
			}
		}
	}
}

// TestFreeSlugSearchUsesTheSlugIndex checks that every probe of the search
// for a free slug is a lookup in the slug index, so that its cost does not
// grow with the archive or with the number of articles sharing a title.
func TestFreeSlugSearchUsesTheSlugIndex(t *testing.T) {
	st, err := Open(context.Background(), filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	seedForPlans(t, st)
	plan := explain(t, st, freeSlugQuery, []any{sql.Named("base", "story")})
	searched := false
	for _, step := range plan {
		if badStep(step) {
			t.Errorf("plan step %q\nplan:\n  %s", step, strings.Join(plan, "\n  "))
		}
		if strings.HasPrefix(step, "SEARCH a USING COVERING INDEX") && strings.HasSuffix(step, "(slug=?) LEFT-JOIN") {
			searched = true
		}
	}
	if !searched {
		t.Errorf("no lookup in the slug index:\n  %s", strings.Join(plan, "\n  "))
	}
}

// badStep reports a plan step whose cost grows with the archive: a full scan
// of a content table, or a sort that the index should have given.
func badStep(step string) bool {
	if strings.Contains(step, "USE TEMP B-TREE") {
		return true
	}
	if !strings.HasPrefix(step, "SCAN ") {
		return false
	}
	table := strings.Fields(step)[1]
	switch table {
	case "a", "articles", "t", "at", "article_tags", "aa", "article_authors", "comments", "tags", "removed_slugs":
		return true
	}
	return false
}

func explain(t *testing.T, st *Store, query string, args []any) []string {
	t.Helper()
	rows, err := st.read.Query("EXPLAIN QUERY PLAN "+query, args...)
	if err != nil {
		t.Fatalf("explain: %v\n%s", err, query)
	}
	defer rows.Close()
	var steps []string
	for rows.Next() {
		var id, parent, unused int
		var detail string
		if err := rows.Scan(&id, &parent, &unused, &detail); err != nil {
			t.Fatal(err)
		}
		steps = append(steps, detail)
	}
	return steps
}

func ignoreMissing(err error) error {
	if err != nil && strings.Contains(err.Error(), store.ErrNotFound.Error()) {
		return nil
	}
	return err
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }

// seedForPlans writes a few hundred articles so the planner has real
// choices to make, and returns one of them with tags. The database is not
// ANALYZEd, like a production one: the plans must be good on the schema's
// indexes alone.
func seedForPlans(t *testing.T, st *Store) content.Article {
	t.Helper()
	ctx := context.Background()
	u := content.User{Email: "w@example.com", Name: "Writer", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	co := content.User{Email: "co@example.com", Name: "Co-writer", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &co); err != nil {
		t.Fatal(err)
	}
	var cats []content.Category
	for i := range 5 {
		c := content.Category{Name: fmt.Sprintf("Section %d", i)}
		if err := st.CreateCategory(ctx, &c); err != nil {
			t.Fatal(err)
		}
		cats = append(cats, c)
	}
	var last content.Article
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := range 300 {
		a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Story %d", i), Format: content.FormatMarkdown,
			Status: content.StatusPublished, PublishedAt: start.Add(time.Duration(i) * time.Hour), Author: u,
			Category: cats[i%len(cats)], MustRead: i%10 == 0, CommentsOpen: true,
			Tags: []content.Tag{{Name: fmt.Sprintf("Topic %d", i%7)}, {Name: fmt.Sprintf("Place %d", i%11)}}}
		if i%13 == 0 {
			a.Status, a.PublishedAt = content.StatusDraft, time.Time{}
		}
		if i%3 != 0 {
			// Shared bylines; the last story has one (seedForPlans' answer).
			a.Authors = []content.Author{content.AuthorOf(u), content.AuthorOf(co), {Name: "Reuters", Organization: true}}
		}
		if err := st.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		c := content.Comment{ArticleID: a.ID, AuthorName: "R", AuthorEmail: "r@example.com", Body: "Hi", Status: content.CommentApproved}
		if err := st.CreateComment(ctx, &c); err != nil {
			t.Fatal(err)
		}
		if a.Status == content.StatusPublished {
			last = a
		}
	}
	return last
}

// TestMediaLibraryPagesReadIndexes checks that every page of the media
// library, searched or not, is read through an index from its edge: the
// primary key, or the trigram index whose rowid is the picture's number,
// never a scan of the pictures or a sort of them, so that the picture
// picker costs the same with fifty pictures or fifty thousand.
func TestMediaLibraryPagesReadIndexes(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "plan.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if _, err := st.write.Exec(`WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300)
		INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at, bytes, crops)
		SELECT '2026/12/picture-' || i, '.jpg', 640, 480, 'Boats on the river ' || i, 'ตลาดน้ำ', '', '', '2026-12-01T00:00:00Z', 1, '' FROM n`); err != nil {
		t.Fatal(err)
	}
	var seen []string
	var args [][]any
	st.onQuery = func(q string, a []any) { seen, args = append(seen, q), append(args, a) }
	for _, c := range []struct {
		name   string
		q      store.ImageQuery
		search bool
	}{
		{"first page", store.ImageQuery{Limit: 24}, false},
		{"next page", store.ImageQuery{Limit: 24, Before: 200}, false},
		{"page before", store.ImageQuery{Limit: 24, After: 100}, false},
		{"search", store.ImageQuery{Text: "boats river", Limit: 24}, true},
		{"search, next page", store.ImageQuery{Text: "boats", Limit: 24, Before: 200}, true},
		{"search, page before", store.ImageQuery{Text: "boats", Limit: 24, After: 100}, true},
		{"search in Thai", store.ImageQuery{Text: "ตลาด", Limit: 24}, true},
	} {
		seen, args = nil, nil
		if _, err := st.Images(ctx, c.q); err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if len(seen) != 1 {
			t.Fatalf("%s ran %d recorded queries, want 1", c.name, len(seen))
		}
		plan := explain(t, st, seen[0], args[0])
		indexed := false
		for _, step := range plan {
			// The first page walks the table backwards from its newest
			// row and stops at the LIMIT: "SCAN m" without a sort.
			if strings.Contains(step, "USE TEMP B-TREE") || (step == "SCAN m" && c.name != "first page") {
				t.Errorf("%s: plan step %q\nplan:\n  %s", c.name, step, strings.Join(plan, "\n  "))
			}
			indexed = indexed || (c.search && strings.HasPrefix(step, "SCAN media_search VIRTUAL TABLE")) ||
				(!c.search && strings.HasPrefix(step, "SEARCH m USING INTEGER PRIMARY KEY"))
		}
		if !indexed && !(c.name == "first page" && slices.Equal(plan, []string{"SCAN m"})) {
			t.Errorf("%s reads no index:\n  %s", c.name, strings.Join(plan, "\n  "))
		}
	}
}
