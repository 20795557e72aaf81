package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/search"
	"dateline/internal/store"
)

// Search on PostgreSQL keeps one row per published post in search_docs
// (migration 0003): the document's fields as text, for snippets; words, a
// tsvector of the fields' words, weighted by field, for matching (GIN) and
// ranking (ts_rank); and dense, the lower-cased runs of text in scripts
// written without spaces, matched as substrings through a pg_trgm index,
// as SQLite's trigram index matches them.
//
// The words are what search.Parse calls words, runs of letters, digits
// and marks, cut out in Go before PostgreSQL's parser sees them, so that
// an address or a file name in a story ("example.com") is its words on
// both backends; the text search configuration dateline_words lower-cases
// them and folds diacritics (unaccent), as SQLite's unicode61 tokenizer
// does, and keeps every word: the query leaves out stop words itself.

// weights are ts_rank's weights of the classes D, C, B and A: body;
// tags and byline; excerpt; headline. They fall in the order of
// search.Document's fields, as SQLite's bm25 weights do; PostgreSQL has
// four classes for the five fields, so tags and byline share one.
const weights = `'{0.1, 0.25, 0.4, 1.0}'`

// denseWeights weigh a substring match in each field of a dense-script
// search, in the order of search.Document: the same weights as SQLite's
// bm25 over its trigram index.
var denseWeights = [...]int{10, 4, 3, 2, 1}

// indexForSearch replaces the article's row in search_docs; only what
// search.Indexed admits is searchable.
func indexForSearch(ctx context.Context, tx querier, a *content.Article) error {
	return indexDoc(ctx, tx, a, nil)
}

// indexDoc is indexForSearch with a cache of authors' names by id (the
// importer's, for a batch), or none.
func indexDoc(ctx context.Context, tx querier, a *content.Article, authors map[int64]string) error {
	if !search.Indexed(a) {
		if _, err := tx.Exec(ctx, `DELETE FROM search_docs WHERE article_id = $1`, a.ID); err != nil {
			return fmt.Errorf("unindex article %d: %w", a.ID, err)
		}
		return nil
	}
	author, ok := authors[a.Author.ID]
	if authors == nil {
		// One article's write: the byline it wrote, every name in it.
		var err error
		if author, err = bylineText(ctx, tx, a.ID); err != nil {
			return fmt.Errorf("index article %d: %w", a.ID, err)
		}
		ok = author != ""
	}
	if !ok {
		if err := tx.QueryRow(ctx, `SELECT name FROM users WHERE id = $1`, a.Author.ID).Scan(&author); err != nil {
			return fmt.Errorf("index article %d: author: %w", a.ID, err)
		}
		if authors != nil {
			authors[a.Author.ID] = author
		}
	}
	if _, err := tx.Exec(ctx, indexDocSQL, docArgs(a, author)...); err != nil {
		return fmt.Errorf("index article %d: %w", a.ID, err)
	}
	return nil
}

// indexDocSQL writes one document; docArgs are its arguments.
const indexDocSQL = `INSERT INTO search_docs (article_id, title, excerpt, tags, author, body, words, dense)
	VALUES ($1, $2, $3, $4, $5, $6,
		setweight(to_tsvector('dateline_words', $7), 'A') || setweight(to_tsvector('dateline_words', $8), 'B') ||
		setweight(to_tsvector('dateline_words', $9), 'C') || setweight(to_tsvector('dateline_words', $10), 'D'),
		$11)
	ON CONFLICT (article_id) DO UPDATE SET title = excluded.title, excerpt = excluded.excerpt, tags = excluded.tags,
		author = excluded.author, body = excluded.body, words = excluded.words, dense = excluded.dense`

func docArgs(a *content.Article, author string) []any {
	d := search.NewDocument(a, author)
	dense := d.DenseRuns()
	return []any{a.ID, d.Title, d.Excerpt, d.Tags, d.Author, d.Body,
		words(d.Title), words(d.Excerpt), words(d.Tags + " " + d.Author), words(d.Body),
		strings.ToLower(strings.Join([]string{dense.Title, dense.Excerpt, dense.Tags, dense.Author, dense.Body}, "\n"))}
}

// indexBatch is how many articles IndexAll reads at a time.
const indexBatch = 500

// IndexAll fills the search index of the schema tx works in from its
// articles, one document for each published post, as every save of one
// writes it, and returns how many it wrote. Moving a site from SQLite
// (package move) copies the articles in bulk and leaves the index, which
// the two engines keep in their own forms, to this, in the same
// transaction.
func IndexAll(ctx context.Context, tx pgx.Tx) (int, error) {
	rows, err := tx.Query(ctx, `SELECT id, name FROM users`)
	authors := map[int64]string{}
	if err == nil {
		var id int64
		var name string
		_, err = pgx.ForEachRow(rows, []any{&id, &name}, func() error { authors[id] = name; return nil })
	}
	if err != nil {
		return 0, fmt.Errorf("index: authors: %w", err)
	}
	n := 0
	for after := int64(0); ; {
		rows, err := tx.Query(ctx, `SELECT id, kind, title, excerpt, body, status, author_id FROM articles
			WHERE status = 'published' AND kind = 'post' AND id > $1 ORDER BY id LIMIT $2`, after, indexBatch)
		batch, err := collect(rows, err, func(rows pgx.Rows) (content.Article, error) {
			var a content.Article
			err := rows.Scan(&a.ID, &a.Kind, &a.Title, &a.Excerpt, &a.Body, &a.Status, &a.Author.ID)
			return a, err
		})
		if err != nil {
			return n, fmt.Errorf("index: articles after %d: %w", after, err)
		}
		if len(batch) == 0 {
			return n, nil
		}
		ids := make([]int64, len(batch))
		for i, a := range batch {
			ids[i] = a.ID
		}
		tags := map[int64][]content.Tag{}
		rows, err = tx.Query(ctx, `SELECT at.article_id, t.id, t.name, t.slug FROM article_tags at
			JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ANY($1) ORDER BY at.article_id, at.position`, ids)
		if err == nil {
			var id int64
			var t content.Tag
			_, err = pgx.ForEachRow(rows, []any{&id, &t.ID, &t.Name, &t.Slug}, func() error { tags[id] = append(tags[id], t); return nil })
		}
		if err != nil {
			return n, fmt.Errorf("index: tags: %w", err)
		}
		bylines := map[int64]string{}
		rows, err = tx.Query(ctx, `SELECT aa.article_id, string_agg(coalesce(u.name, aa.credit), ', ' ORDER BY aa.position)
			FROM article_authors aa LEFT JOIN users u ON u.id = aa.user_id WHERE aa.article_id = ANY($1) GROUP BY aa.article_id`, ids)
		if err == nil {
			var id int64
			var names string
			_, err = pgx.ForEachRow(rows, []any{&id, &names}, func() error { bylines[id] = names; return nil })
		}
		if err != nil {
			return n, fmt.Errorf("index: bylines: %w", err)
		}
		// One round trip for the batch's documents, not one each.
		docs := &pgx.Batch{}
		for i := range batch {
			batch[i].Tags = tags[batch[i].ID]
			author, ok := bylines[batch[i].ID]
			if !ok {
				author = authors[batch[i].Author.ID]
			}
			docs.Queue(indexDocSQL, docArgs(&batch[i], author)...)
		}
		if err := tx.SendBatch(ctx, docs).Close(); err != nil {
			return n, fmt.Errorf("index articles after %d: %w", after, err)
		}
		n += len(batch)
		after = ids[len(ids)-1]
	}
}

// words is text as the word index sees it: its words (search.Parse's
// runs of letters, digits and marks) separated by spaces, without the
// runs in scripts written without spaces, which the dense column holds.
func words(text string) string {
	inDense := false
	return strings.Map(func(r rune) rune {
		switch {
		case render.DenseScript(r), inDense && unicode.IsMark(r):
			inDense = true
			return ' '
		case unicode.IsLetter(r), unicode.IsDigit(r), unicode.IsMark(r):
			inDense = false
			return r
		}
		inDense = false
		return ' '
	}, text)
}

// tsquery writes the query's terms as a to_tsquery expression: every term
// quoted and all required, a prefix term with :*. A term holds only
// letters, digits and marks, so nothing in it is tsquery syntax.
func tsquery(q search.Query) string {
	parts := make([]string, 0, len(q.Terms))
	for _, t := range q.Terms {
		p := "'" + strings.ReplaceAll(t.Text, "'", "''") + "'"
		if t.Prefix {
			p += ":*"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " & ")
}

// denseTerms are the terms a dense-script search matches: those in such a
// script of three or more characters, as SQLite's trigram index needs.
func denseTerms(q search.Query) []string {
	var out []string
	for _, t := range q.Terms {
		if t.Dense && utf8.RuneCountInString(t.Text) >= 3 {
			out = append(out, t.Text)
		}
	}
	return out
}

// likeEscaper makes text match literally in LIKE.
var likeEscaper = strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`)

// Search implements store.Search. It ranks in two steps, as on SQLite:
// the newest matches that pass the filters, at most search.Pool, are
// scored to pick the page; then only the page's articles and snippets are
// read.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	parsed := search.Parse(q.Text, q.Prefix)
	if len(parsed.Terms) == 0 {
		return nil, nil
	}
	var (
		args  params
		match string // the condition on d that a match meets
		score string // its relevance, higher is better
		dense []string
	)
	if parsed.Dense() {
		dense = denseTerms(parsed)
		if len(dense) == 0 {
			return nil, nil
		}
		conds := []string{"d.dense <> ''"}
		var sum []string
		for _, term := range dense {
			conds = append(conds, "d.dense LIKE "+args.add("%"+likeEscaper.Replace(term)+"%"))
			p := args.add(term)
			for i, col := range []string{"d.title", "d.excerpt", "d.tags", "d.author", "d.body"} {
				sum = append(sum, fmt.Sprintf("%d * (strpos(lower(%s), %s) > 0)::int", denseWeights[i], col, p))
			}
		}
		match, score = strings.Join(conds, " AND "), "("+strings.Join(sum, " + ")+")::float8"
	} else {
		p := args.add(tsquery(parsed))
		match = "d.words @@ to_tsquery('dateline_words', " + p + ")"
		score = "ts_rank(" + weights + ", d.words, to_tsquery('dateline_words', " + p + "))"
	}
	ids, err := s.searchPage(ctx, q, args, match, score)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	list, err := s.queryArticles(ctx, `SELECT `+cardColumns+` FROM articles a`+articleJoins+` WHERE a.id = ANY($1)`, ids)
	if err != nil {
		return nil, err
	}
	var snippets map[int64]string
	if dense != nil {
		snippets, err = s.denseSnippets(ctx, ids, dense)
	} else {
		snippets, err = s.wordSnippets(ctx, ids, tsquery(parsed))
	}
	if err != nil {
		return nil, err
	}
	byID := make(map[int64]content.Article, len(list))
	for _, a := range list {
		byID[a.ID] = a
	}
	hits := make([]store.SearchHit, 0, len(ids))
	for _, id := range ids {
		if a, ok := byID[id]; ok {
			hits = append(hits, store.SearchHit{Article: a, Snippet: snippets[id]})
		}
	}
	return hits, nil
}

// recencyHalvingSeconds is search.RecencyHalving in the unit of the age
// the query computes.
const recencyHalvingSeconds = float64(search.RecencyHalving / time.Second)

// searchPage picks the ids of one page of results, best first. The inner
// query keeps the matches that pass the filters, newest first, at most
// search.Pool; only those are scored and sorted. Relevance is multiplied
// by search's recency factor (1.0 to 1.3).
func (s *Store) searchPage(ctx context.Context, q store.SearchQuery, args params, match, score string) ([]int64, error) {
	limit := store.ArticleQuery{Limit: q.Limit}.Normalize().Limit
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	where := []string{match, "a.status = 'published'", "a.kind = 'post'"}
	if q.CategoryID != 0 {
		where = append(where, "a.category_id = "+args.add(q.CategoryID))
	}
	if q.AuthorID != 0 {
		where = append(where, "EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.user_id = "+args.add(q.AuthorID)+")")
	}
	if !q.From.IsZero() {
		where = append(where, "a.published_at >= "+args.add(q.From.UTC()))
	}
	if !q.To.IsZero() {
		where = append(where, "a.published_at < "+args.add(q.To.UTC()))
	}
	query := `SELECT id FROM (
			SELECT a.id, a.published_at, ` + score + ` AS score
			FROM search_docs d JOIN articles a ON a.id = d.article_id
			WHERE ` + strings.Join(where, " AND ") + `
			ORDER BY a.published_at DESC, a.id DESC LIMIT ` + args.add(search.Pool) + `) pool
		ORDER BY score * (1.0 + ` + args.add(search.RecencyLift) + `::float8 /
			(1.0 + extract(epoch FROM (` + args.add(now.UTC()) + `::timestamptz - published_at))::float8 / ` + args.add(recencyHalvingSeconds) + `::float8)) DESC,
			id DESC
		LIMIT ` + args.add(limit) + ` OFFSET ` + args.add(max(q.Offset, 0))
	rows, err := s.query(ctx, query, args...)
	ids, err := collect(rows, err, scanInt64)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	return ids, nil
}

// headlineOptions make ts_headline mark the matched words as
// store.SearchHit wants and keep about as many words as SQLite's snippet.
const headlineOptions = "StartSel=\"" + store.SnippetStart + "\", StopSel=\"" + store.SnippetEnd + "\", MaxWords=24, MinWords=12, ShortWord=0"

// snippetFields are the fields a snippet may come from, in the order they
// are tried: the first with a matched word wins.
var snippetFields = []string{"body", "excerpt", "title", "tags", "author"}

// wordSnippets reads the highlighted snippet of each listed article: the
// headline of the first field (snippetFields) where a word matched.
func (s *Store) wordSnippets(ctx context.Context, ids []int64, query string) (map[int64]string, error) {
	cols := make([]string, len(snippetFields))
	for i, f := range snippetFields {
		cols[i] = "d." + f + ", ts_headline('dateline_words', d." + f + ", q, $3)"
	}
	rows, err := s.query(ctx, `SELECT d.article_id, `+strings.Join(cols, ", ")+`
		FROM search_docs d, to_tsquery('dateline_words', $2) q WHERE d.article_id = ANY($1)`, ids, query, headlineOptions)
	if err != nil {
		return nil, fmt.Errorf("search snippets: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		pairs := make([]string, 2*len(snippetFields))
		dest := []any{&id}
		for i := range pairs {
			dest = append(dest, &pairs[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("search snippets: %w", err)
		}
		for i := 0; i < len(pairs); i += 2 {
			if text, head := pairs[i], pairs[i+1]; strings.Contains(head, store.SnippetStart) {
				out[id] = withEllipses(text, head)
				break
			}
		}
	}
	return out, rows.Err()
}

// withEllipses marks where a headline cut its field, as SQLite's snippets
// do.
func withEllipses(field, head string) string {
	plain := strings.NewReplacer(store.SnippetStart, "", store.SnippetEnd, "").Replace(head)
	plain = strings.TrimSpace(plain)
	trimmed := strings.TrimSpace(field)
	if !strings.HasPrefix(trimmed, plain) {
		head = "…" + head
	}
	if !strings.HasSuffix(trimmed, plain) {
		head += "…"
	}
	return head
}

// denseSnippets makes the snippets of a dense-script search: ts_headline
// knows only words, so they are cut here around the first match.
func (s *Store) denseSnippets(ctx context.Context, ids []int64, terms []string) (map[int64]string, error) {
	rows, err := s.query(ctx, `SELECT article_id, `+strings.Join(snippetFields, ", ")+` FROM search_docs WHERE article_id = ANY($1)`, ids)
	if err != nil {
		return nil, fmt.Errorf("search snippets: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		fields := make([]string, len(snippetFields))
		dest := []any{&id}
		for i := range fields {
			dest = append(dest, &fields[i])
		}
		if err := rows.Scan(dest...); err != nil {
			return nil, fmt.Errorf("search snippets: %w", err)
		}
		for _, f := range fields {
			if snip, ok := denseSnippet(f, terms); ok {
				out[id] = snip
				break
			}
		}
	}
	return out, rows.Err()
}

// Around the first match, a dense snippet keeps this many characters
// before it and this many in all.
const (
	snippetLead  = 12
	snippetRunes = 48
)

// denseSnippet cuts text around the first occurrence of any of terms,
// marking every occurrence inside the cut; false when none occurs.
func denseSnippet(text string, terms []string) (string, bool) {
	runes := []rune(text)
	lower := make([]rune, len(runes)) // rune for rune, so positions agree
	for i, r := range runes {
		lower[i] = unicode.ToLower(r)
	}
	match := func(at int) int { // the length of the longest term at at, or 0
		best := 0
		for _, t := range terms {
			tr := []rune(t)
			if len(tr) > best && at+len(tr) <= len(lower) && string(lower[at:at+len(tr)]) == t {
				best = len(tr)
			}
		}
		return best
	}
	first := -1
	for i := range lower {
		if match(i) > 0 {
			first = i
			break
		}
	}
	if first < 0 {
		return "", false
	}
	start := max(0, first-snippetLead)
	end := min(len(runes), start+snippetRunes)
	var b strings.Builder
	if start > 0 {
		b.WriteString("…")
	}
	for i := start; i < end; {
		if n := match(i); n > 0 {
			stop := min(i+n, len(runes))
			b.WriteString(store.SnippetStart + string(runes[i:stop]) + store.SnippetEnd)
			i = stop
			continue
		}
		b.WriteRune(runes[i])
		i++
	}
	if end < len(runes) {
		b.WriteString("…")
	}
	return b.String(), true
}
