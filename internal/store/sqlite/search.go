package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
)

// maxSearchTerms bounds the work one query can ask for.
const maxSearchTerms = 12

// indexForSearch replaces the article's rows in both full-text indexes; only
// published posts are searchable.
func indexForSearch(ctx context.Context, tx *sql.Tx, a *content.Article) error {
	for _, table := range []string{"search_words", "search_trigrams"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid = ?`, a.ID); err != nil {
			return fmt.Errorf("unindex article %d: %w", a.ID, err)
		}
	}
	if a.Status != content.StatusPublished || a.Kind != content.KindPost {
		return nil
	}
	var author string
	if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, a.Author.ID).Scan(&author); err != nil {
		return fmt.Errorf("index article %d: author: %w", a.ID, err)
	}
	tags := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		tags[i] = t.Name
	}
	fields := []string{a.Title, a.Excerpt, render.PlainText(a.Body), strings.Join(tags, " "), author}
	if err := insertSearchRow(ctx, tx, "search_words", a.ID, fields); err != nil {
		return err
	}
	// The trigram index holds only the runs of text in scripts written
	// without spaces: it is there for Thai, Chinese and Japanese, and
	// trigrams of everything else would multiply the index's size.
	dense := make([]string, len(fields))
	any := false
	for i, f := range fields {
		dense[i] = denseRuns(f)
		any = any || dense[i] != ""
	}
	if !any {
		return nil
	}
	return insertSearchRow(ctx, tx, "search_trigrams", a.ID, dense)
}

func insertSearchRow(ctx context.Context, tx *sql.Tx, table string, id int64, f []string) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (rowid, title, excerpt, body, tags, author) VALUES (?, ?, ?, ?, ?, ?)`,
		id, f[0], f[1], f[2], f[3], f[4])
	if err != nil {
		return fmt.Errorf("index article %d: %w", id, err)
	}
	return nil
}

// denseRuns keeps the runs of dense-script letters (and their marks) in s,
// separated by spaces.
func denseRuns(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		if denseScript(r) || (in && unicode.IsMark(r)) {
			if !in && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			in = true
			continue
		}
		in = false
	}
	return b.String()
}

func unindexForSearch(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, table := range []string{"search_words", "search_trigrams"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid = ?`, id); err != nil {
			return fmt.Errorf("unindex article %d: %w", id, err)
		}
	}
	return nil
}

// denseScript reports whether r belongs to a script written without spaces
// between words.
func denseScript(r rune) bool {
	return unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
		unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// searchTerms splits what a reader typed into words, keeping letters, digits
// and combining marks; everything else, including FTS5 syntax, separates
// words. It reports whether any word is in a dense script.
func searchTerms(text string) (terms []string, dense bool) {
	for _, f := range strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
	}) {
		if len(terms) == maxSearchTerms {
			break
		}
		for _, r := range f {
			if denseScript(r) {
				dense = true
				break
			}
		}
		terms = append(terms, strings.ToLower(f))
	}
	return terms, dense
}

// stopwords are English words too common to say anything about relevance;
// a query drops them unless it has nothing else. Besides being noise, they
// are costly: BM25 weighs each word by counting the articles that hold it.
var stopwords = wordSet(`a an and are as at be but by for from has have he her his i if in into is it its
	of on or our she so than that the their them then there these they this to was we were what when which who
	will with would you your`)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// matchExpression builds the FTS5 query: every term quoted (so nothing the
// reader typed is FTS5 syntax) and all required. The trigram index holds
// only dense-script text and cannot look up fewer than three characters,
// so other terms are left out there.
func matchExpression(terms []string, trigram, prefix bool) string {
	var parts []string
	content := 0
	for _, t := range terms {
		if !stopwords[t] {
			content++
		}
	}
	for i, t := range terms {
		if trigram && (utf8.RuneCountInString(t) < 3 || denseRuns(t) == "") {
			continue
		}
		if content > 0 && stopwords[t] && !(prefix && i == len(terms)-1) {
			continue
		}
		p := `"` + strings.ReplaceAll(t, `"`, `""`) + `"`
		if prefix && i == len(terms)-1 && !trigram {
			p += "*"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// searchPool is how many of the newest matching articles (after filters)
// a search ranks. Ranking every match of a common word in a large archive
// would read the whole index; a news search wants recent stories anyway,
// filters by section, author and date reach further back, and the pool
// keeps a query's cost bounded whatever the size of the archive.
const searchPool = 200

// Search implements store.Search. It ranks in two steps: the newest
// matches (by rowid, which FTS5 walks in order) are scored and filtered
// to pick the page, then only the page's articles and snippets are read.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	terms, dense := searchTerms(q.Text)
	table := "search_words"
	if dense {
		table = "search_trigrams"
	}
	match := matchExpression(terms, dense, q.Prefix)
	if match == "" {
		return nil, nil
	}
	ids, err := s.searchPage(ctx, table, match, q)
	if err != nil || len(ids) == 0 {
		return nil, err
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	list, err := s.queryArticles(ctx, `SELECT `+cardColumns+` FROM articles a`+articleJoins+
		` WHERE a.id IN (`+placeholders(len(ids))+`)`, args...)
	if err != nil {
		return nil, err
	}
	snippets, err := s.snippets(ctx, table, match, args)
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

// searchPage picks the ids of one page of results, best first. The inner
// query walks the matches newest first (FTS5 gives rowid order for free),
// keeps those that pass the filters, and stops at the pool's size; only
// those are scored and sorted.
func (s *Store) searchPage(ctx context.Context, table, match string, q store.SearchQuery) ([]int64, error) {
	limit := store.ArticleQuery{Limit: q.Limit}.Normalize().Limit
	now := q.Now
	if now.IsZero() {
		now = time.Now()
	}
	where := []string{table + " MATCH ?", "a.status = 'published'", "a.kind = 'post'"}
	args := []any{match}
	if q.CategoryID != 0 {
		where = append(where, "a.category_id = ?")
		args = append(args, q.CategoryID)
	}
	if q.AuthorID != 0 {
		where = append(where, "a.author_id = ?")
		args = append(args, q.AuthorID)
	}
	if !q.From.IsZero() {
		where = append(where, "a.published_at >= ?")
		args = append(args, formatTime(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, "a.published_at < ?")
		args = append(args, formatTime(q.To))
	}
	// CROSS JOIN keeps the matches as the outer loop: left to itself,
	// SQLite walked every published article and probed the matches.
	// bm25 is negative, more negative is better; the factor (1.0 to 1.3)
	// lifts recent stories a little without burying an old exact match.
	query := `SELECT id FROM (
			SELECT a.id AS id, a.published_at AS published_at,
				bm25(` + table + `, 10.0, 4.0, 1.0, 3.0, 2.0) AS score
			FROM ` + table + ` CROSS JOIN articles a ON a.id = ` + table + `.rowid
			WHERE ` + strings.Join(where, " AND ") + `
			ORDER BY ` + table + `.rowid DESC LIMIT ?)
		ORDER BY score * (1.0 + 0.3 / (1.0 + (julianday(?) - julianday(published_at)) / 30.0)), id DESC
		LIMIT ? OFFSET ?`
	args = append(args, searchPool, now.UTC().Format("2006-01-02 15:04:05"), limit, max(q.Offset, 0))
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q.Text, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// snippets reads the highlighted snippet of each listed article.
func (s *Store) snippets(ctx context.Context, table, match string, ids []any) (map[int64]string, error) {
	rows, err := s.query(ctx, `SELECT rowid, snippet(`+table+`, -1, char(2), char(3), '…', 24) FROM `+table+`
		WHERE `+table+` MATCH ? AND rowid IN (`+placeholders(len(ids))+`)`, append([]any{match}, ids...)...)
	if err != nil {
		return nil, fmt.Errorf("search snippets: %w", err)
	}
	defer rows.Close()
	out := make(map[int64]string, len(ids))
	for rows.Next() {
		var id int64
		var snip sql.NullString
		if err := rows.Scan(&id, &snip); err != nil {
			return nil, err
		}
		out[id] = snip.String
	}
	return out, rows.Err()
}

// fillSearchIndex indexes every published post when the index is empty
// but the archive is not: after the search migration on an existing
// database, or after the index was dropped to be rebuilt. It works in
// batches so the writer is never held for long.
func (s *Store) fillSearchIndex(ctx context.Context) error {
	var indexed, published int
	if err := s.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM search_words)`).Scan(&indexed); err != nil {
		return fmt.Errorf("check search index: %w", err)
	}
	if err := s.write.QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM articles WHERE status = 'published' AND kind = 'post')`).Scan(&published); err != nil {
		return fmt.Errorf("check search index: %w", err)
	}
	if indexed == 1 || published == 0 {
		return nil
	}
	const batch = 500
	for after := int64(0); ; {
		var ids []int64
		rows, err := s.write.QueryContext(ctx, `SELECT id FROM articles WHERE id > ? AND status = 'published' AND kind = 'post'
			ORDER BY id LIMIT ?`, after, batch)
		if err != nil {
			return fmt.Errorf("fill search index: %w", err)
		}
		for rows.Next() {
			var id int64
			if err := rows.Scan(&id); err != nil {
				rows.Close()
				return err
			}
			ids = append(ids, id)
		}
		rows.Close()
		if len(ids) == 0 {
			return nil
		}
		var list []content.Article
		for _, id := range ids {
			a, err := s.ArticleByID(ctx, id)
			if err != nil {
				return fmt.Errorf("fill search index: %w", err)
			}
			list = append(list, a)
		}
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			for i := range list {
				if err := indexForSearch(ctx, tx, &list[i]); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("fill search index: %w", err)
		}
		after = ids[len(ids)-1]
	}
}
