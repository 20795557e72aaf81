package postgres_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
)

// The query-plan tests ask PostgreSQL whether an index serves each query
// a public page makes, so that the cost of a page does not grow with the
// size of the archive. A plan on a test database is not production's
// plan: on a few hundred rows a sequential scan and a sort are what the
// planner rightly prefers, whatever the indexes. So the question is put
// so that its answer does not depend on the rows: with enable_seqscan and
// enable_sort off, the planner prices a sequential scan and an explicit
// sort out of reach (it still uses them when nothing else can answer),
// so a plan with either means that no index can serve the query or give
// its order. A plain index scan with nothing to look up (no Index Cond)
// is a whole-table read in disguise, allowed only where a LIMIT stops it
// after a few rows of the index's order (the newest comments site-wide).

// bigTables grow with the archive; a scan of one must be an index lookup.
var bigTables = map[string]bool{
	"articles": true, "article_tags": true, "article_authors": true, "tags": true, "comments": true, "removed_slugs": true,
	"search_docs": true, "views": true,
}

func TestPublicQueriesUseIndexes(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.URL(t))
	a := seedForPlans(t, st)
	// A co-author at the end of every other byline, written straight into
	// the table (seedForPlans keeps one member, see below).
	co := content.User{Email: "co@example.com", Name: "Co-writer", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &co); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Pool().Exec(ctx, `INSERT INTO article_authors (article_id, position, user_id, pub_at)
		SELECT article_id, 5, $1, pub_at FROM article_authors WHERE position = 0 AND article_id % 2 = 0`, co.ID); err != nil {
		t.Fatal(err)
	}

	type recorded struct {
		query string
		args  []any
	}
	var seen []recorded
	st.OnQuery(func(q string, args []any) { seen = append(seen, recorded{q, args}) })
	month := a.PublishedAt.UTC().Format("2006-01")
	calls := map[string]func() error{
		"latest": func() error { _, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: 13}); return err },
		"older page": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: 13, Offset: 24})
			return err
		},
		"next page by cursor": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: 13, Before: &store.Cursor{PublishedAt: a.PublishedAt, ID: a.ID}})
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
		// Every byline is in article_authors, the owner's too: a member's
		// archive, by offset or cursor, reads its index whatever their place.
		// (A second member in seedForPlans would tip the planner's guesses
		// for the live blog's reads in TestLiveBlogAlertAndCorrectionReadsUseIndexes,
		// which has no ANALYZE either: so the co-author is made here.)
		"co-author's archive": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{AuthorID: co.ID})
			return err
		},
		"co-author's archive by cursor": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{AuthorID: co.ID, Limit: 13,
				Before: &store.Cursor{PublishedAt: a.PublishedAt, ID: a.ID}})
			return err
		},
		"co-author's page": func() error { _, err := st.AuthorBySlug(ctx, co.Slug); return err },
		"author's archive by cursor": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{AuthorID: a.Author.ID, Limit: 13,
				Before: &store.Cursor{PublishedAt: a.PublishedAt, ID: a.ID}})
			return err
		},
		"must read": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{MustRead: true, ExcludeID: a.ID})
			return err
		},
		"day archive": func() error {
			_, err := st.PublishedArticles(ctx, store.ArticleQuery{From: a.PublishedAt.Add(-24 * time.Hour), To: a.PublishedAt})
			return err
		},
		"latest but":       func() error { _, err := st.PublishedArticles(ctx, store.ArticleQuery{ExcludeID: a.ID}); return err },
		"related":          func() error { _, err := st.RelatedArticles(ctx, a, 6); return err },
		"article":          func() error { _, err := st.ArticleBySlug(ctx, a.Slug); return err },
		"gone article":     func() error { _, err := st.ArticleBySlug(ctx, "no-such-slug"); return ignoreMissing(err) },
		"comments":         func() error { _, err := st.ApprovedComments(ctx, a.ID); return err },
		"recent comments":  func() error { _, err := st.RecentComments(ctx, 0, 10); return err },
		"article comments": func() error { _, err := st.RecentComments(ctx, a.ID, 10); return err },
		"category by slug": func() error { _, err := st.CategoryBySlug(ctx, a.Category.Slug); return err },
		"tag by slug":      func() error { _, err := st.PublishedTagBySlug(ctx, a.Tags[0].Slug); return err },
		"tags page":        func() error { _, err := st.PublishedTags(ctx, "Place", 50); return err },
		"author by slug":   func() error { _, err := st.AuthorBySlug(ctx, a.Author.Slug); return err },
		"sitemap":          func() error { _, err := st.SitemapEntries(ctx, month, 0, 1000); return err },
		"settings":         func() error { _, err := st.Settings(ctx); return err },
		"page family":      func() error { _, _, err := st.PageFamily(ctx, a.ID); return err },
	}
	conn := planConn(t, st.Pool(), true)
	for name, call := range calls {
		seen = nil
		if err := call(); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if len(seen) == 0 {
			t.Fatalf("%s ran no recorded query", name)
		}
		for _, q := range seen {
			plan := explain(t, conn, q.query, q.args)
			for _, bad := range badSteps(plan) {
				t.Errorf("%s: %s\nquery: %s\nplan:\n%s", name, bad, oneLine(q.query), describe(plan, "  "))
			}
		}
	}
}

// TestSearchReadsItsIndexes checks that search finds its matches in the
// word index (GIN over the tsvector) and, for scripts without spaces, in
// the trigram index, never by reading every document. Here the planner
// is left to choose, on an archive large enough that reading every
// document costs more than the indexes (on a few hundred, it rightly
// reads them all), and only a plain sequential scan is priced out: the
// newest matches are sorted by date, a sort bounded by the matches, and
// the plan that would avoid it (walking every published article, newest
// first, probing each) is the one that grows with the archive.
func TestSearchReadsItsIndexes(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.URL(t))
	a := seedForPlans(t, st)
	// Five thousand more stories without the words searched for, written
	// straight into the tables: through the store they would take a
	// minute.
	_, err := st.Pool().Exec(ctx, `WITH a AS (
			INSERT INTO articles (kind, title, slug, format, status, published_at, updated_at, created_at, author_id)
			SELECT 'post', 'Filler ' || i, 'filler-' || i, 'markdown', 'published', $1::timestamptz - i * interval '1 minute',
				$1, $1, $2 FROM generate_series(1, 5000) i
			RETURNING id, title)
		INSERT INTO search_docs (article_id, title, excerpt, tags, author, body, words)
		SELECT id, title, '', '', 'Writer', 'Lanterns over the river.',
			to_tsvector('dateline_words', title || ' Lanterns over the river') FROM a`, a.PublishedAt, a.Author.ID)
	if err != nil {
		t.Fatal(err)
	}
	var seen []string
	var args [][]any
	st.OnQuery(func(q string, a []any) { seen, args = append(seen, q), append(args, a) })
	conn := planConn(t, st.Pool(), false)
	for _, c := range []struct{ text, index string }{
		{"monsoon", "search_docs_words"},
		{"ข่าวน้ำท่วม", "search_docs_dense"},
	} {
		seen, args = nil, nil
		if _, err := st.Search(ctx, store.SearchQuery{Text: c.text}); err != nil {
			t.Fatal(err)
		}
		if len(seen) == 0 {
			t.Fatalf("search %q ran no recorded query", c.text)
		}
		plan := explain(t, conn, seen[0], args[0])
		if !usesIndex(plan, c.index) {
			t.Errorf("search %q does not read %s:\n%s", c.text, c.index, describe(plan, "  "))
		}
		for _, n := range walk(plan) {
			if n.Type == "Seq Scan" && bigTables[n.Relation] {
				t.Errorf("search %q: Seq Scan on %s\n%s", c.text, n.Relation, describe(plan, "  "))
			}
		}
	}
}

// TestMediaLibraryPagesReadIndexes checks that the pages of the media
// library are read from the primary key's edge under their LIMIT, and that
// a search finds its matches in the trigram index, never by reading every
// picture, so that the picture picker costs the same with fifty pictures
// or fifty thousand. The search is put as TestSearchReadsItsIndexes puts
// it: the planner chooses on a library large enough for the index to be
// the cheaper way, with only a plain sequential scan priced out.
func TestMediaLibraryPagesReadIndexes(t *testing.T) {
	ctx := context.Background()
	st := open(t, pgtest.URL(t))
	_, err := st.Pool().Exec(ctx, `INSERT INTO media (name, ext, width, height, alt, caption, credit, variants, created_at, bytes, crops)
		SELECT '2026/12/filler-' || i, '.jpg', 640, 480, 'Lanterns over the river ' || i, 'A festival night', '', '', now(), 1, ''
		FROM generate_series(1, 5000) i`)
	if err != nil {
		t.Fatal(err)
	}
	for _, alt := range []string{"Monsoon clouds over Bangkok", "ตลาดน้ำในฤดูฝน"} {
		if err := st.CreateImage(ctx, &content.Image{Name: "2026/12/" + alt, Ext: ".jpg", Width: 640, Height: 480, Alt: alt}); err != nil {
			t.Fatal(err)
		}
	}
	// What autovacuum does on a production database: the trigram index's
	// pending list (migration 0010) merged into it.
	if _, err := st.Pool().Exec(ctx, `VACUUM media`); err != nil {
		t.Fatal(err)
	}
	var seen []string
	var args [][]any
	st.OnQuery(func(q string, a []any) { seen, args = append(seen, q), append(args, a) })
	pages := planConn(t, st.Pool(), true)
	for _, c := range []struct {
		name string
		q    store.ImageQuery
	}{
		{"first page", store.ImageQuery{Limit: 24}},
		{"next page", store.ImageQuery{Limit: 24, Before: 2500}},
		{"page before", store.ImageQuery{Limit: 24, After: 2500}},
	} {
		seen, args = nil, nil
		if _, err := st.Images(ctx, c.q); err != nil || len(seen) != 1 {
			t.Fatalf("%s: %v, %d recorded queries", c.name, err, len(seen))
		}
		plan := explain(t, pages, seen[0], args[0])
		for _, bad := range badStepsOn(plan, map[string]bool{"media": true}) {
			t.Errorf("%s: %s\nplan:\n%s", c.name, bad, describe(plan, "  "))
		}
	}
	searches := planConn(t, st.Pool(), false)
	for _, text := range []string{"monsoon bangkok", "ฤดูฝน"} {
		for _, q := range []store.ImageQuery{{Text: text, Limit: 24}, {Text: text, Limit: 24, Before: 6000}} {
			seen, args = nil, nil
			if list, err := st.Images(ctx, q); err != nil || len(list) != 1 || len(seen) != 1 {
				t.Fatalf("search %+v: %d found, %v, %d recorded queries", q, len(list), err, len(seen))
			}
			plan := explain(t, searches, seen[0], args[0])
			if !usesIndex(plan, "media_search") {
				t.Errorf("search %+v does not read media_search:\n%s", q, describe(plan, "  "))
			}
			for _, n := range walk(plan) {
				if n.Type == "Seq Scan" {
					t.Errorf("search %+v: Seq Scan on %s\n%s", q, n.Relation, describe(plan, "  "))
				}
			}
		}
	}
}

// TestFreeSlugSearchUsesTheSlugIndex checks that every probe of the search
// for a free slug is a lookup in the slug index, so that its cost does not
// grow with the archive or with the number of articles sharing a title.
func TestFreeSlugSearchUsesTheSlugIndex(t *testing.T) {
	st := open(t, pgtest.URL(t))
	seedForPlans(t, st)
	plan := explain(t, planConn(t, st.Pool(), true), postgres.FreeSlugQuery, []any{"story"})
	for _, bad := range badSteps(plan) {
		t.Errorf("%s\nplan:\n%s", bad, describe(plan, "  "))
	}
	if !usesIndex(plan, "articles_slug_key") {
		t.Errorf("no lookup in the slug index:\n%s", describe(plan, "  "))
	}
}

// planConn is a connection of the pool on which the planner avoids
// sequential scans (and sorts, when noSort) wherever an index can serve.
func planConn(t *testing.T, pool *pgxpool.Pool, noSort bool) *pgxpool.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Release() })
	// The statistics a production database gathers (autovacuum), so that
	// the planner weighs real row counts.
	settings := []string{`ANALYZE`, `SET enable_seqscan = off`}
	if noSort {
		settings = append(settings, `SET enable_sort = off`)
	}
	for _, q := range settings {
		if _, err := conn.Exec(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	// Settings of a session stay with its connection; it goes back to the
	// pool reset, so later queries of the test plan as usual.
	t.Cleanup(func() { conn.Exec(context.Background(), `RESET ALL`) })
	return conn
}

// node is one step of a plan, as EXPLAIN (FORMAT JSON) writes it.
type node struct {
	Type        string `json:"Node Type"`
	Relation    string `json:"Relation Name"`
	Index       string `json:"Index Name"`
	IndexCond   string `json:"Index Cond"`
	RecheckCond string `json:"Recheck Cond"`
	Parent      string `json:"Parent Relationship"`
	Plans       []node `json:"Plans"`
}

func explain(t *testing.T, conn *pgxpool.Conn, query string, args []any) node {
	t.Helper()
	var raw string
	if err := conn.QueryRow(context.Background(), "EXPLAIN (FORMAT JSON) "+query, args...).Scan(&raw); err != nil {
		t.Fatalf("explain: %v\n%s", err, query)
	}
	var out []struct {
		Plan node `json:"Plan"`
	}
	if err := json.Unmarshal([]byte(raw), &out); err != nil || len(out) != 1 {
		t.Fatalf("explain: %v\n%s", err, raw)
	}
	return out[0].Plan
}

// badSteps lists the steps of plan whose cost grows with a big table: a
// sequential scan, a sort, an index read whole (no Index Cond) other than
// the front of an ordered index under a LIMIT.
func badSteps(plan node) []string { return badStepsOn(plan, bigTables) }

// badStepsOn is badSteps for the big tables named in big.
func badStepsOn(plan node, big map[string]bool) []string {
	var bad []string
	var visit func(n node, limited bool)
	visit = func(n node, limited bool) {
		switch {
		case n.Type == "Sort" || n.Type == "Incremental Sort":
			bad = append(bad, "a sort that no index gives")
		case n.Type == "Seq Scan" && big[n.Relation]:
			bad = append(bad, "Seq Scan on "+n.Relation)
		case (n.Type == "Index Scan" || n.Type == "Index Only Scan") && big[n.Relation] && n.IndexCond == "" && !limited:
			bad = append(bad, fmt.Sprintf("%s of all of %s (%s) without a LIMIT", n.Type, n.Relation, n.Index))
		}
		for _, c := range n.Plans {
			visit(c, streams(n, c, limited))
		}
	}
	visit(plan, false)
	return bad
}

// streams reports whether child c of n is read only as far as a LIMIT
// above asks: under a Limit, through the steps that hand rows on as they
// come (the outer side of a nested loop, an append, a subquery).
func streams(n, c node, limited bool) bool {
	switch n.Type {
	case "Limit":
		return true
	case "Nested Loop":
		return limited && c.Parent == "Outer"
	case "Append", "Merge Append", "Subquery Scan", "Result", "Unique":
		return limited
	}
	return false
}

func usesIndex(plan node, index string) bool {
	for _, n := range walk(plan) {
		if n.Index == index {
			return true
		}
	}
	return false
}

func walk(n node) []node {
	out := []node{n}
	for _, c := range n.Plans {
		out = append(out, walk(c)...)
	}
	return out
}

func describe(n node, indent string) string {
	line := indent + n.Type
	if n.Relation != "" {
		line += " on " + n.Relation
	}
	if n.Index != "" {
		line += " using " + n.Index
	}
	if n.IndexCond != "" {
		line += " (" + n.IndexCond + ")"
	}
	out := line + "\n"
	for _, c := range n.Plans {
		out += describe(c, indent+"  ")
	}
	return out
}

func ignoreMissing(err error) error {
	if err != nil && strings.Contains(err.Error(), store.ErrNotFound.Error()) {
		return nil
	}
	return err
}

func oneLine(q string) string { return strings.Join(strings.Fields(q), " ") }

// seedForPlans writes a few hundred articles, one with Thai text, so the
// planner has real choices to make, and returns one of them with tags.
func seedForPlans(t *testing.T, st *postgres.Store) content.Article {
	t.Helper()
	ctx := context.Background()
	var last content.Article
	err := st.InTransaction(ctx, func(ctx context.Context) error {
		u := content.User{Email: "w@example.com", Name: "Writer", Role: content.RoleAuthor}
		if err := st.CreateUser(ctx, &u); err != nil {
			return err
		}
		var cats []content.Category
		for i := range 5 {
			c := content.Category{Name: fmt.Sprintf("Section %d", i)}
			if err := st.CreateCategory(ctx, &c); err != nil {
				return err
			}
			cats = append(cats, c)
		}
		start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
		for i := range 300 {
			a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Story %d", i), Format: content.FormatMarkdown,
				Body: "<p>Lanterns over the river.</p>", Status: content.StatusPublished,
				PublishedAt: start.Add(time.Duration(i) * time.Hour), Author: u,
				Category: cats[i%len(cats)], MustRead: i%10 == 0, CommentsOpen: true,
				Tags: []content.Tag{{Name: fmt.Sprintf("Topic %d", i%7)}, {Name: fmt.Sprintf("Place %d", i%11)}}}
			if i%13 == 0 {
				a.Status, a.PublishedAt = content.StatusDraft, time.Time{}
			}
			if i%29 == 0 {
				a.Body = "<p>The monsoon came early.</p>"
			}
			if i%31 == 0 {
				a.Title = fmt.Sprintf("ข่าวน้ำท่วม %d", i)
			}
			if i%3 != 0 {
				// Bylines with a credit; the last story has one (seedForPlans' answer).
				a.Authors = []content.Author{content.AuthorOf(u), {Name: "Reuters", Organization: true}}
			}
			if err := st.CreateArticle(ctx, &a); err != nil {
				return err
			}
			c := content.Comment{ArticleID: a.ID, AuthorName: "R", AuthorEmail: "r@example.com", Body: "Hi", Status: content.CommentApproved}
			if err := st.CreateComment(ctx, &c); err != nil {
				return err
			}
			if a.Status == content.StatusPublished {
				last = a
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return last
}
