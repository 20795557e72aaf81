package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// cardColumns are what an article in a list needs: no body, no source, and
// none of the details only the article page shows. Every column read costs
// time on a page with dozens of cards.
const cardColumns = `a.id, a.kind, a.title, a.slug, a.excerpt, a.status,
	a.published_at, a.must_read, a.comment_count, a.label,
	u.id, u.name, u.slug,
	c.id, c.name, c.slug,
	m.id, m.name, m.ext, m.width, m.height, m.alt, m.variants`

// fullColumns add what the article page itself needs.
const fullColumns = cardColumns + `,
	a.dateline, a.updated_at, a.created_at, a.comments_open, a.words,
	m.caption, m.credit, m.bytes, m.crops,
	a.source, a.format, a.body, a.seo_title, a.seo_desc, a.withdrawn_notice`

// detailColumns follow fullColumns where one article is read whole: they
// say which of its other parts there are, so that an article with no
// corrections, no live blog and a byline of its owner alone (most of
// them) costs no statement to learn it (scanned into details).
const detailColumns = `,
	EXISTS (SELECT 1 FROM corrections x WHERE x.article_id = a.id),
	EXISTS (SELECT 1 FROM liveblogs x WHERE x.article_id = a.id),
	EXISTS (SELECT 1 FROM article_authors x WHERE x.article_id = a.id AND (x.position > 0 OR x.user_id IS NOT a.author_id))`

// details says which of an article's other parts loadDetails reads.
type details struct{ corrections, live, byline bool }

// The author is a LEFT JOIN although every article has one: it keeps
// SQLite from making the users table the outer loop of an author archive.
const articleJoins = `
	LEFT JOIN users u ON u.id = a.author_id
	LEFT JOIN categories c ON c.id = a.category_id
	LEFT JOIN media m ON m.id = a.image_id`

type scanner interface{ Scan(...any) error }

// scanArticle reads one row of cardColumns, or of fullColumns when full,
// then more destinations for columns after them.
func scanArticle(row scanner, full bool, more ...any) (content.Article, error) {
	var (
		a                       content.Article
		published, updated      sql.NullString
		made                    sql.NullString
		catID                   sql.NullInt64
		catName, catSlug        sql.NullString
		imgID, imgW, imgH       sql.NullInt64
		imgName, imgExt, imgAlt sql.NullString
		imgVar                  sql.NullString
		imgCap, imgCredit       sql.NullString
		imgBytes                sql.NullInt64
		imgCrops                sql.NullString
	)
	dest := []any{&a.ID, &a.Kind, &a.Title, &a.Slug, &a.Excerpt, &a.Status,
		&published, &a.MustRead, &a.CommentCount, &a.Label,
		&a.Author.ID, &a.Author.Name, &a.Author.Slug,
		&catID, &catName, &catSlug,
		&imgID, &imgName, &imgExt, &imgW, &imgH, &imgAlt, &imgVar}
	if full {
		dest = append(dest, &a.Dateline, &updated, &made, &a.CommentsOpen, &a.Words,
			&imgCap, &imgCredit, &imgBytes, &imgCrops,
			&a.Source, &a.Format, &a.Body, &a.SEOTitle, &a.SEODesc, &a.WithdrawnNotice)
	}
	if err := row.Scan(append(dest, more...)...); err != nil {
		return a, err
	}
	a.PublishedAt, a.UpdatedAt, a.CreatedAt = parseTime(published), parseTime(updated), parseTime(made)
	if catID.Valid {
		a.Category = content.Category{ID: catID.Int64, Name: catName.String, Slug: catSlug.String}
	}
	if imgID.Valid {
		a.Image = &content.Image{ID: imgID.Int64, Name: imgName.String, Ext: imgExt.String,
			Width: int(imgW.Int64), Height: int(imgH.Int64), Alt: imgAlt.String,
			Caption: imgCap.String, Credit: imgCredit.String, Variants: parseWidths(imgVar.String),
			Bytes: imgBytes.Int64, Crops: parseRatios(imgCrops.String)}
	}
	return a, nil
}

func parseWidths(s string) []int {
	var ws []int
	for _, f := range strings.Split(s, ",") {
		if w, err := strconv.Atoi(strings.TrimSpace(f)); err == nil && w > 0 {
			ws = append(ws, w)
		}
	}
	return ws
}

// parseRatios reads the crops column ("16x9,4x3"), leaving out what is
// not a ratio.
func parseRatios(s string) []content.Ratio {
	var rs []content.Ratio
	for _, f := range strings.Split(s, ",") {
		if r, ok := content.ParseRatio(f); ok {
			rs = append(rs, r)
		}
	}
	return rs
}

func formatRatios(rs []content.Ratio) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = r.String()
	}
	return strings.Join(parts, ",")
}

func formatWidths(ws []int) string {
	parts := make([]string, len(ws))
	for i, w := range ws {
		parts[i] = strconv.Itoa(w)
	}
	return strings.Join(parts, ",")
}

// ArticleByID implements store.Articles.
func (s *Store) ArticleByID(ctx context.Context, id int64) (content.Article, error) {
	row := s.queryRow(ctx, `SELECT `+fullColumns+detailColumns+` FROM articles a`+articleJoins+` WHERE a.id = ?`, id)
	var det details
	a, err := scanArticle(row, true, &det.corrections, &det.live, &det.byline)
	if err != nil {
		return a, notFound(err, fmt.Sprintf("article %d", id))
	}
	return a, s.loadDetails(ctx, &a, det)
}

// ArticleBySlug implements store.Articles.
func (s *Store) ArticleBySlug(ctx context.Context, slug string) (content.Article, error) {
	row := s.queryRow(ctx, `SELECT `+fullColumns+detailColumns+` FROM articles a`+articleJoins+` WHERE a.slug = ?`, slug)
	var det details
	a, err := scanArticle(row, true, &det.corrections, &det.live, &det.byline)
	if errors.Is(err, sql.ErrNoRows) {
		var removed int
		if err := s.queryRow(ctx, `SELECT COUNT(*) FROM removed_slugs WHERE slug = ?`, slug).Scan(&removed); err != nil {
			return a, fmt.Errorf("article %q: %w", slug, err)
		}
		if removed > 0 {
			return a, fmt.Errorf("article %q: %w", slug, store.ErrGone)
		}
	}
	if err != nil {
		return a, notFound(err, fmt.Sprintf("article %q", slug))
	}
	return a, s.loadDetails(ctx, &a, det)
}

// loadDetails reads what the article page shows beside the article's
// row: its byline, its tags, its corrections, and its live blog when it
// is one.
func (s *Store) loadDetails(ctx context.Context, a *content.Article, det details) error {
	a.Authors = []content.Author{content.AuthorOf(a.Author)}
	if det.byline {
		one := []content.Article{*a}
		if err := s.withAuthors(ctx, one); err != nil {
			return err
		}
		a.Authors = one[0].Authors
	}
	if err := s.loadTags(ctx, a); err != nil {
		return err
	}
	if det.corrections {
		if err := s.loadCorrections(ctx, a); err != nil {
			return err
		}
	}
	if !det.live {
		return nil
	}
	l, err := s.LiveBlog(ctx, a.ID)
	switch {
	case err == nil:
		a.Live = &l
	case !errors.Is(err, store.ErrNotFound):
		return err
	}
	return nil
}

func (s *Store) loadTags(ctx context.Context, a *content.Article) error {
	rows, err := s.query(ctx, `SELECT t.id, t.name, t.slug FROM article_tags at
		JOIN tags t ON t.id = at.tag_id WHERE at.article_id = ? ORDER BY at.position`, a.ID)
	if err != nil {
		return fmt.Errorf("tags of article %d: %w", a.ID, err)
	}
	defer rows.Close()
	a.Tags = nil
	for rows.Next() {
		var t content.Tag
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug); err != nil {
			return err
		}
		a.Tags = append(a.Tags, t)
	}
	return rows.Err()
}

// TagsOf implements store.Articles. The ids go in as one JSON array, so
// that a page of any size is one statement with one parameter; at most
// store.MaxLimit are read.
func (s *Store) TagsOf(ctx context.Context, ids []int64) (map[int64][]content.Tag, error) {
	out := map[int64][]content.Tag{}
	if len(ids) == 0 {
		return out, nil
	}
	if len(ids) > store.MaxLimit {
		ids = ids[:store.MaxLimit]
	}
	list := make([]string, len(ids))
	for i, id := range ids {
		list[i] = strconv.FormatInt(id, 10)
	}
	rows, err := s.query(ctx, `SELECT at.article_id, t.id, t.name, t.slug FROM article_tags at
		JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id IN (SELECT value FROM json_each(?))
		ORDER BY at.article_id, at.position`, "["+strings.Join(list, ",")+"]")
	if err != nil {
		return nil, fmt.Errorf("tags of %d articles: %w", len(ids), err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t content.Tag
		if err := rows.Scan(&id, &t.ID, &t.Name, &t.Slug); err != nil {
			return nil, fmt.Errorf("tags of %d articles: %w", len(ids), err)
		}
		out[id] = append(out[id], t)
	}
	return out, rows.Err()
}

// PublishedArticles implements store.Articles.
func (s *Store) PublishedArticles(ctx context.Context, q store.ArticleQuery) ([]content.Article, error) {
	q = q.Normalize()
	if q.Full {
		q.Full = false
		list, err := s.PublishedArticles(ctx, q)
		if err != nil {
			return nil, err
		}
		return s.fullArticles(ctx, list)
	}
	var (
		query string
		args  []any
	)
	if list, by := listedBy(q); list != "" {
		// The tag and author archives read their order from article_tags
		// and article_authors (see the schema).
		cursor := ""
		args = []any{by, q.ExcludeID}
		if q.Before != nil {
			cursor = ` AND (t.pub_at < ? OR (t.pub_at = ? AND t.article_id < ?))`
			at := formatTime(q.Before.PublishedAt)
			args = append(args, at, at, q.Before.ID)
		}
		if !q.From.IsZero() {
			cursor += ` AND t.pub_at >= ?`
			args = append(args, formatTime(q.From))
		}
		if !q.To.IsZero() {
			cursor += ` AND t.pub_at < ?`
			args = append(args, formatTime(q.To))
		}
		query = `SELECT ` + cardColumns + ` FROM ` + list + ` t JOIN articles a ON a.id = t.article_id` + articleJoins + `
			WHERE t.` + listKey[list] + ` = ? AND t.pub_at IS NOT NULL AND a.id <> ?` + cursor + `
			ORDER BY t.pub_at DESC, t.article_id DESC LIMIT ? OFFSET ?`
		args = append(args, q.Limit, q.Offset)
		return s.queryArticles(ctx, query, args...)
	}
	where := []string{"a.status = 'published'", "a.kind = ?"}
	args = append(args, q.Kind)
	switch {
	case q.CategoryID != 0:
		where = append(where, "a.category_id = ?")
		args = append(args, q.CategoryID)
	case q.MustRead:
		where = append(where, "a.must_read = 1")
	}
	if q.ExcludeID != 0 {
		where = append(where, "a.id <> ?")
		args = append(args, q.ExcludeID)
	}
	if !q.From.IsZero() {
		where = append(where, "a.published_at >= ?")
		args = append(args, formatTime(q.From))
	}
	if !q.To.IsZero() {
		where = append(where, "a.published_at < ?")
		args = append(args, formatTime(q.To))
	}
	if q.Before != nil {
		where = append(where, "(a.published_at < ? OR (a.published_at = ? AND a.id < ?))")
		at := formatTime(q.Before.PublishedAt)
		args = append(args, at, at, q.Before.ID)
	}
	query = `SELECT ` + cardColumns + ` FROM articles a` + articleJoins +
		` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY a.published_at DESC, a.id DESC LIMIT ? OFFSET ?`
	args = append(args, q.Limit, q.Offset)
	return s.queryArticles(ctx, query, args...)
}

// listedBy names the table whose copy of the publication time orders an
// archive of q, with the id it is keyed by: a tag's article_tags, a
// member's article_authors (whatever their place in the byline); "" for
// the lists read from the articles table itself.
func listedBy(q store.ArticleQuery) (table string, id int64) {
	switch {
	case q.TagID != 0:
		return "article_tags", q.TagID
	case q.AuthorID != 0:
		return "article_authors", q.AuthorID
	}
	return "", 0
}

// listKey is the column each archive table is keyed by.
var listKey = map[string]string{"article_tags": "tag_id", "article_authors": "user_id"}

// fullArticles reads the whole form of listed articles, for feeds: the
// list query finds them in index order, then each is read with its tags.
func (s *Store) fullArticles(ctx context.Context, list []content.Article) ([]content.Article, error) {
	for i, a := range list {
		full, err := s.ArticleByID(ctx, a.ID)
		if err != nil {
			return nil, err
		}
		list[i] = full
	}
	return list, nil
}

func (s *Store) queryArticles(ctx context.Context, query string, args ...any) ([]content.Article, error) {
	rows, err := s.query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var list []content.Article
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			return nil, fmt.Errorf("list articles: %w", err)
		}
		list = append(list, a)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list articles: %w", err)
	}
	return list, s.withAuthors(ctx, list)
}

// relatedPool is how many recent candidates each shared category or tag
// contributes; it bounds the work whatever the size of the archive.
const relatedPool = 15

// candidate is a possible related article: how much it shares with the one
// being read, and when it was published, for ties.
type candidate struct {
	id        int64
	published string
	score     int
}

// RelatedArticles implements store.Articles. Candidates come from covering
// indexes (ids and dates only); only the winners are read in full.
func (s *Store) RelatedArticles(ctx context.Context, a content.Article, limit int) ([]content.Article, error) {
	if limit <= 0 {
		return nil, nil
	}
	// One statement gathers every candidate list: the section's newest
	// posts and each main tag's newest posts, each from its own covering
	// index. A candidate appears once per list it is in, which is its score.
	var (
		parts []string
		args  []any
	)
	if a.Category.ID != 0 {
		parts = append(parts, `SELECT * FROM (SELECT id, published_at FROM articles
			WHERE category_id = ? AND status = 'published' AND kind = 'post' AND id <> ?
			ORDER BY published_at DESC, id DESC LIMIT ?)`)
		args = append(args, a.Category.ID, a.ID, relatedPool)
	}
	for i, t := range a.Tags {
		if i == 5 {
			break // a story's first tags are its main subjects
		}
		parts = append(parts, `SELECT * FROM (SELECT article_id, pub_at FROM article_tags
			WHERE tag_id = ? AND pub_at IS NOT NULL AND article_id <> ?
			ORDER BY pub_at DESC, article_id DESC LIMIT ?)`)
		args = append(args, t.ID, a.ID, relatedPool)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	cands := map[int64]*candidate{}
	rows, err := s.query(ctx, strings.Join(parts, " UNION ALL "), args...)
	if err != nil {
		return nil, fmt.Errorf("related to article %d: %w", a.ID, err)
	}
	for rows.Next() {
		var c candidate
		if err := rows.Scan(&c.id, &c.published); err != nil {
			rows.Close()
			return nil, err
		}
		if cands[c.id] == nil {
			cands[c.id] = &c
		}
		cands[c.id].score++
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	ranked := make([]*candidate, 0, len(cands))
	for _, c := range cands {
		ranked = append(ranked, c)
	}
	sort.Slice(ranked, func(i, j int) bool {
		x, y := ranked[i], ranked[j]
		if x.score != y.score {
			return x.score > y.score
		}
		if x.published != y.published {
			return x.published > y.published
		}
		return x.id > y.id
	})
	if len(ranked) > limit {
		ranked = ranked[:limit]
	}
	if len(ranked) == 0 {
		return nil, nil
	}
	ids := make([]any, len(ranked))
	for i, c := range ranked {
		ids[i] = c.id
	}
	// The status is checked here rather than in SQL: a status condition
	// tempts SQLite into walking the status index instead of looking the
	// few ids up by primary key.
	all, err := s.queryArticles(ctx, `SELECT `+cardColumns+` FROM articles a`+articleJoins+
		` WHERE a.id IN (`+placeholders(len(ids))+`)`, ids...)
	if err != nil {
		return nil, err
	}
	list := all[:0]
	for _, c := range all {
		if c.Status == content.StatusPublished && c.Kind == content.KindPost {
			list = append(list, c)
		}
	}
	order := map[int64]int{}
	for i, c := range ranked {
		order[c.id] = i
	}
	sort.Slice(list, func(i, j int) bool { return order[list[i].ID] < order[list[j].ID] })
	return list, nil
}

// placeholders returns "?, ?, ?" for n values; only counts reach the SQL text.
func placeholders(n int) string {
	return strings.TrimSuffix(strings.Repeat("?, ", n), ", ")
}

// CreateArticle implements store.Articles.
func (s *Store) CreateArticle(ctx context.Context, a *content.Article) error {
	now := time.Now().UTC()
	if a.CreatedAt.IsZero() {
		a.CreatedAt = now
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.CreatedAt
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if a.Slug == "" {
			slug, err := uniqueSlug(ctx, tx, content.Slugify(a.Title))
			if err != nil {
				return err
			}
			a.Slug = slug
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO articles (kind, title, slug, excerpt, source, format, body,
			dateline, status, published_at, updated_at, created_at, author_id, category_id, image_id,
			must_read, comments_open, seo_title, seo_desc, words, label, withdrawn_notice)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body,
			a.Dateline, a.Status, nullTime(a.PublishedAt), formatTime(a.UpdatedAt), formatTime(a.CreatedAt),
			a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			boolInt(a.MustRead), boolInt(a.CommentsOpen), a.SEOTitle, a.SEODesc, a.Words, a.Label.Or(), a.WithdrawnNotice)
		if isUniqueViolation(err) {
			return fmt.Errorf("article slug %q: %w", a.Slug, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("create article: %w", err)
		}
		if a.ID, err = res.LastInsertId(); err != nil {
			return err
		}
		if err := saveTags(ctx, tx, a); err != nil {
			return err
		}
		if err := saveAuthors(txExec(ctx, tx), a); err != nil {
			return err
		}
		return indexForSearch(ctx, tx, a)
	})
}

// UpdateArticle implements store.Articles.
func (s *Store) UpdateArticle(ctx context.Context, a *content.Article) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC()
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE articles SET kind = ?, title = ?, slug = ?, excerpt = ?,
			source = ?, format = ?, body = ?, dateline = ?, status = ?, published_at = ?, updated_at = ?,
			author_id = ?, category_id = ?, image_id = ?, must_read = ?, comments_open = ?,
			seo_title = ?, seo_desc = ?, words = ?, label = ?
			WHERE id = ?`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body, a.Dateline, a.Status,
			nullTime(a.PublishedAt), formatTime(a.UpdatedAt), a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			boolInt(a.MustRead), boolInt(a.CommentsOpen), a.SEOTitle, a.SEODesc, a.Words, a.Label.Or(), a.ID)
		if isUniqueViolation(err) {
			return fmt.Errorf("article slug %q: %w", a.Slug, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("update article %d: %w", a.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("update article %d: %w", a.ID, store.ErrNotFound)
		}
		if err := saveTags(ctx, tx, a); err != nil {
			return err
		}
		if err := saveAuthors(txExec(ctx, tx), a); err != nil {
			return err
		}
		return indexForSearch(ctx, tx, a)
	})
}

// DeleteArticle implements store.Articles.
func (s *Store) DeleteArticle(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var slug string
		var published sql.NullString
		err := tx.QueryRowContext(ctx, `SELECT slug, published_at FROM articles WHERE id = ?`, id).Scan(&slug, &published)
		if err != nil {
			return notFound(err, fmt.Sprintf("delete article %d", id))
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM articles WHERE id = ?`, id); err != nil {
			return fmt.Errorf("delete article %d: %w", id, err)
		}
		if err := unindexForSearch(ctx, tx, id); err != nil {
			return err
		}
		if !published.Valid {
			return nil
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO removed_slugs (slug, removed_at) VALUES (?, ?)
			ON CONFLICT (slug) DO NOTHING`, slug, formatTime(time.Now()))
		return err
	})
}

// uniqueSlug returns the slug content.FreeSlug picks for base among the
// articles' slugs, asking all of FreeSlug's questions in one query:
// about 2·log₂(duplicates) index lookups, so posting the same title again
// and again does not slow the writer down (docs/benchmarks.md). A test
// holds the query to FreeSlug on series with and without gaps.
func uniqueSlug(ctx context.Context, tx *sql.Tx, base string) (string, error) {
	var n int
	if err := tx.QueryRowContext(ctx, freeSlugQuery, sql.Named("base", base)).Scan(&n); err != nil {
		return "", fmt.Errorf("find a free slug for %q: %w", base, err)
	}
	return content.NumberedSlug(base, n), nil
}

// freeSlugQuery is content.FreeSlug as a recursive query. It numbers
// :base 1 and :base-N N (content.NumberedSlug) and searches for a free
// number next to a taken one. Each step looks up the slug of probe,
// knowing lo taken (0 stands for none) and hi free (0 while none is
// known): probes double (1, 2, 4, 8 …) until one is free, then halve the
// gap until hi = lo + 1. Every probe is an equality lookup in the slug
// index, so LIKE wildcards, scripts and other slugs that start with :base
// ("rice-prices-2" beside "rice") do not come into it.
const freeSlugQuery = `WITH RECURSIVE search(lo, hi, probe) AS (
		SELECT 0, 0, 1
		UNION ALL
		SELECT
			iif(a.slug IS NULL, s.lo, s.probe),
			iif(a.slug IS NULL, s.probe, s.hi),
			CASE
			WHEN a.slug IS NULL THEN (s.lo + s.probe) / 2
			WHEN s.hi = 0 THEN 2 * s.probe
			ELSE (s.probe + s.hi) / 2
			END
		FROM search s
		LEFT JOIN articles a ON a.slug = iif(s.probe = 1, :base, :base || '-' || s.probe)
		WHERE s.hi = 0 OR s.hi - s.lo > 1
	)
	SELECT hi FROM search WHERE hi - lo = 1`

// saveTags replaces the article's tags, creating tags that are new.
func saveTags(ctx context.Context, tx *sql.Tx, a *content.Article) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM article_tags WHERE article_id = ?`, a.ID); err != nil {
		return fmt.Errorf("clear tags of article %d: %w", a.ID, err)
	}
	var pubAt any
	if a.Status == content.StatusPublished && a.Kind == content.KindPost {
		pubAt = formatTime(a.PublishedAt)
	}
	seen := map[string]bool{}
	kept := a.Tags[:0]
	for _, t := range a.Tags {
		t.Name = strings.TrimSpace(t.Name)
		if t.Slug == "" {
			t.Slug = content.Slugify(t.Name)
		}
		if t.Name == "" || seen[t.Slug] {
			continue
		}
		seen[t.Slug] = true
		i := len(kept)
		_, err := tx.ExecContext(ctx, `INSERT INTO tags (name, slug) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug)
		if err != nil {
			return fmt.Errorf("create tag %q: %w", t.Name, err)
		}
		if err := tx.QueryRowContext(ctx, `SELECT id, name FROM tags WHERE slug = ?`, t.Slug).Scan(&t.ID, &t.Name); err != nil {
			return fmt.Errorf("find tag %q: %w", t.Slug, err)
		}
		_, err = tx.ExecContext(ctx, `INSERT INTO article_tags (article_id, tag_id, position, pub_at) VALUES (?, ?, ?, ?)`,
			a.ID, t.ID, i, pubAt)
		if err != nil {
			return fmt.Errorf("tag article %d: %w", a.ID, err)
		}
		kept = append(kept, t)
	}
	a.Tags = kept
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func imageID(im *content.Image) any {
	if im == nil {
		return nil
	}
	return nullID(im.ID)
}
