package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/content"
	"dateline/internal/search"
	"dateline/internal/store"
)

// indexForSearch replaces the article's rows in both full-text indexes;
// only what search.Indexed admits is searchable.
func indexForSearch(ctx context.Context, tx *sql.Tx, a *content.Article) error {
	if err := unindexForSearch(ctx, tx, a.ID); err != nil {
		return err
	}
	if !search.Indexed(a) {
		return nil
	}
	author, err := bylineText(ctx, tx, a.ID)
	if err != nil {
		return fmt.Errorf("index article %d: %w", a.ID, err)
	}
	if author == "" {
		// Written before its byline (no rows yet): its owner's name.
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, a.Author.ID).Scan(&author); err != nil {
			return fmt.Errorf("index article %d: author: %w", a.ID, err)
		}
	}
	doc := search.NewDocument(a, author)
	if err := insertSearchRow(ctx, tx, "search_words", a.ID, doc); err != nil {
		return err
	}
	// The trigram index holds only the runs of text in scripts written
	// without spaces: it is there for Thai, Chinese and Japanese, and
	// trigrams of everything else would multiply the index's size.
	dense := doc.DenseRuns()
	if dense.Empty() {
		return nil
	}
	return insertSearchRow(ctx, tx, "search_trigrams", a.ID, dense)
}

// insertSearchRow writes a document in the column order of both tables
// (title, excerpt, body, tags, author), which bm25's weights follow.
func insertSearchRow(ctx context.Context, tx *sql.Tx, table string, id int64, d search.Document) error {
	_, err := tx.ExecContext(ctx, `INSERT INTO `+table+` (rowid, title, excerpt, body, tags, author) VALUES (?, ?, ?, ?, ?, ?)`,
		id, d.Title, d.Excerpt, d.Body, d.Tags, d.Author)
	if err != nil {
		return fmt.Errorf("index article %d: %w", id, err)
	}
	return nil
}

func unindexForSearch(ctx context.Context, tx *sql.Tx, id int64) error {
	for _, table := range []string{"search_words", "search_trigrams"} {
		if _, err := tx.ExecContext(ctx, `DELETE FROM `+table+` WHERE rowid = ?`, id); err != nil {
			return fmt.Errorf("unindex article %d: %w", id, err)
		}
	}
	return nil
}

// matchExpression writes the query's terms as an FTS5 MATCH expression:
// every term quoted (so nothing is FTS5 syntax) and all required, a
// prefix term starred. The trigram index holds only dense-script text
// and cannot look up fewer than three characters, so other terms are
// left out there; a trigram already matches inside words, so it needs
// no star.
func matchExpression(q search.Query, trigram bool) string {
	var parts []string
	for _, t := range q.Terms {
		if trigram && (!t.Dense || utf8.RuneCountInString(t.Text) < 3) {
			continue
		}
		p := `"` + strings.ReplaceAll(t.Text, `"`, `""`) + `"`
		if t.Prefix && !trigram {
			p += "*"
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, " ")
}

// Search implements store.Search. It ranks in two steps: the newest
// matches (by rowid, which FTS5 walks in order) are scored and filtered
// to pick the page, then only the page's articles and snippets are read.
func (s *Store) Search(ctx context.Context, q store.SearchQuery) ([]store.SearchHit, error) {
	parsed := search.Parse(q.Text, q.Prefix)
	table := "search_words"
	if parsed.Dense() {
		table = "search_trigrams"
	}
	match := matchExpression(parsed, parsed.Dense())
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

// recencyHalvingDays is search.RecencyHalving in the unit of julianday
// differences; a constant, so binding it allocates nothing.
const recencyHalvingDays = float64(search.RecencyHalving) / float64(24*time.Hour)

// searchPage picks the ids of one page of results, best first. The inner
// query walks the matches newest first (FTS5 gives rowid order for free),
// keeps those that pass the filters, and stops at search.Pool; only those
// are scored and sorted.
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
		where = append(where, "EXISTS (SELECT 1 FROM article_authors aa WHERE aa.article_id = a.id AND aa.user_id = ?)")
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
	// The bm25 weights (columns title, excerpt, body, tags, author) fall
	// in the order of search.Document's fields. bm25 is negative, more
	// negative is better, so multiplying by search's recency factor (1.0
	// to 1.3) and sorting ascending lifts recent stories a little.
	query := `SELECT id FROM (
			SELECT a.id AS id, a.published_at AS published_at,
				bm25(` + table + `, 10.0, 4.0, 1.0, 3.0, 2.0) AS score
			FROM ` + table + ` CROSS JOIN articles a ON a.id = ` + table + `.rowid
			WHERE ` + strings.Join(where, " AND ") + `
			ORDER BY ` + table + `.rowid DESC LIMIT ?)
		ORDER BY score * (1.0 + ? / (1.0 + (julianday(?) - julianday(published_at)) / ?)), id DESC
		LIMIT ? OFFSET ?`
	args = append(args, search.Pool, search.RecencyLift, now.UTC().Format("2006-01-02 15:04:05"),
		recencyHalvingDays, limit, max(q.Offset, 0))
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
