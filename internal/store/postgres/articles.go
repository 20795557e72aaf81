package postgres

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

// cardColumns are what an article in a list needs: no body, no source, and
// none of the details only the article page shows.
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
	EXISTS (SELECT 1 FROM article_authors x WHERE x.article_id = a.id AND (x.position > 0 OR x.user_id IS DISTINCT FROM a.author_id))`

// details says which of an article's other parts loadDetails reads.
type details struct{ corrections, live, byline bool }

const articleJoins = `
	JOIN users u ON u.id = a.author_id
	LEFT JOIN categories c ON c.id = a.category_id
	LEFT JOIN media m ON m.id = a.image_id`

// articleRow is where one row of cardColumns (or fullColumns) is scanned.
type articleRow struct {
	a                       content.Article
	catID                   *int64
	catName, catSlug        *string
	imgID                   *int64
	imgW, imgH              *int
	imgName, imgExt, imgAlt *string
	imgVar                  *string
	imgCap, imgCredit       *string
	imgBytes                *int64
	imgCrops                *string
}

// dest lists the scan destinations of cardColumns, or of fullColumns.
func (r *articleRow) dest(full bool) []any {
	a := &r.a
	d := []any{&a.ID, &a.Kind, &a.Title, &a.Slug, &a.Excerpt, &a.Status,
		at(&a.PublishedAt), &a.MustRead, &a.CommentCount, &a.Label,
		&a.Author.ID, &a.Author.Name, &a.Author.Slug,
		&r.catID, &r.catName, &r.catSlug,
		&r.imgID, &r.imgName, &r.imgExt, &r.imgW, &r.imgH, &r.imgAlt, &r.imgVar}
	if full {
		d = append(d, &a.Dateline, &a.UpdatedAt, &a.CreatedAt, &a.CommentsOpen, &a.Words,
			&r.imgCap, &r.imgCredit, &r.imgBytes, &r.imgCrops,
			&a.Source, &a.Format, &a.Body, &a.SEOTitle, &a.SEODesc, &a.WithdrawnNotice)
	}
	return d
}

// article is the scanned article with its section and picture.
func (r *articleRow) article() content.Article {
	a := r.a
	if r.catID != nil {
		a.Category = content.Category{ID: *r.catID, Name: str(r.catName), Slug: str(r.catSlug)}
	}
	if r.imgID != nil {
		a.Image = &content.Image{ID: *r.imgID, Name: str(r.imgName), Ext: str(r.imgExt),
			Width: num(r.imgW), Height: num(r.imgH), Alt: str(r.imgAlt),
			Caption: str(r.imgCap), Credit: str(r.imgCredit), Variants: parseWidths(str(r.imgVar)),
			Crops: parseRatios(str(r.imgCrops))}
		if r.imgBytes != nil {
			a.Image.Bytes = *r.imgBytes
		}
	}
	return a
}

func str(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func num(n *int) int {
	if n == nil {
		return 0
	}
	return *n
}

// scanArticle reads one row of cardColumns, or of fullColumns when full,
// then more destinations for columns after them.
func scanArticle(row pgx.Row, full bool, more ...any) (content.Article, error) {
	var r articleRow
	if err := row.Scan(append(r.dest(full), more...)...); err != nil {
		return content.Article{}, err
	}
	return r.article(), nil
}

func scanCard(rows pgx.Rows) (content.Article, error) { return scanArticle(rows, false) }

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
	var det details
	a, err := scanArticle(s.queryRow(ctx, `SELECT `+fullColumns+detailColumns+` FROM articles a`+articleJoins+` WHERE a.id = $1`, id), true, &det.corrections, &det.live, &det.byline)
	if err != nil {
		return a, notFound(err, fmt.Sprintf("article %d", id))
	}
	return a, s.loadDetails(ctx, &a, det)
}

// ArticleBySlug implements store.Articles.
func (s *Store) ArticleBySlug(ctx context.Context, slug string) (content.Article, error) {
	var det details
	a, err := scanArticle(s.queryRow(ctx, `SELECT `+fullColumns+detailColumns+` FROM articles a`+articleJoins+` WHERE a.slug = $1`, slug), true, &det.corrections, &det.live, &det.byline)
	if errors.Is(err, pgx.ErrNoRows) {
		var removed bool
		if err := s.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM removed_slugs WHERE slug = $1)`, slug).Scan(&removed); err != nil {
			return a, fmt.Errorf("article %q: %w", slug, err)
		}
		if removed {
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
		JOIN tags t ON t.id = at.tag_id WHERE at.article_id = $1 ORDER BY at.position`, a.ID)
	tags, err := collect(rows, err, scanTag)
	if err != nil {
		return fmt.Errorf("tags of article %d: %w", a.ID, err)
	}
	a.Tags = tags
	return nil
}

// TagsOf implements store.Articles: the ids go in as one array, so that a
// page of any size is one statement; at most store.MaxLimit are read.
func (s *Store) TagsOf(ctx context.Context, ids []int64) (map[int64][]content.Tag, error) {
	out := map[int64][]content.Tag{}
	if len(ids) == 0 {
		return out, nil
	}
	if len(ids) > store.MaxLimit {
		ids = ids[:store.MaxLimit]
	}
	type tagOf struct {
		id  int64
		tag content.Tag
	}
	rows, err := s.query(ctx, `SELECT at.article_id, t.id, t.name, t.slug FROM article_tags at
		JOIN tags t ON t.id = at.tag_id
		WHERE at.article_id = ANY($1)
		ORDER BY at.article_id, at.position`, ids)
	list, err := collect(rows, err, func(rows pgx.Rows) (tagOf, error) {
		var r tagOf
		err := rows.Scan(&r.id, &r.tag.ID, &r.tag.Name, &r.tag.Slug)
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("tags of %d articles: %w", len(ids), err)
	}
	for _, r := range list {
		out[r.id] = append(out[r.id], r.tag)
	}
	return out, nil
}

func scanTag(rows pgx.Rows) (content.Tag, error) {
	var t content.Tag
	err := rows.Scan(&t.ID, &t.Name, &t.Slug)
	return t, err
}

// params numbers the arguments of a statement built piece by piece.
type params []any

// add appends v and returns its placeholder, "$3".
func (p *params) add(v any) string {
	*p = append(*p, v)
	return "$" + strconv.Itoa(len(*p))
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
	var args params
	if list, by := listedBy(q); list != "" {
		// The tag and author archives read their order from article_tags
		// and article_authors (see the schema).
		where := []string{"t." + listKey[list] + " = " + args.add(by), "t.pub_at IS NOT NULL"}
		if q.ExcludeID != 0 {
			where = append(where, "t.article_id <> "+args.add(q.ExcludeID))
		}
		if q.Before != nil {
			at, id := args.add(q.Before.PublishedAt.UTC()), args.add(q.Before.ID)
			where = append(where, "(t.pub_at, t.article_id) < ("+at+", "+id+")")
		}
		if !q.From.IsZero() {
			where = append(where, "t.pub_at >= "+args.add(q.From.UTC()))
		}
		if !q.To.IsZero() {
			where = append(where, "t.pub_at < "+args.add(q.To.UTC()))
		}
		query := `SELECT ` + cardColumns + ` FROM ` + list + ` t JOIN articles a ON a.id = t.article_id` + articleJoins + `
			WHERE ` + strings.Join(where, " AND ") + `
			ORDER BY t.pub_at DESC, t.article_id DESC LIMIT ` + args.add(q.Limit) + ` OFFSET ` + args.add(q.Offset)
		return s.queryArticles(ctx, query, args...)
	}
	where := []string{"a.status = 'published'", "a.kind = " + args.add(q.Kind)}
	switch {
	case q.CategoryID != 0:
		where = append(where, "a.category_id = "+args.add(q.CategoryID))
	case q.MustRead:
		where = append(where, "a.must_read")
	}
	if q.ExcludeID != 0 {
		where = append(where, "a.id <> "+args.add(q.ExcludeID))
	}
	if !q.From.IsZero() {
		where = append(where, "a.published_at >= "+args.add(q.From.UTC()))
	}
	if !q.To.IsZero() {
		where = append(where, "a.published_at < "+args.add(q.To.UTC()))
	}
	if q.Before != nil {
		at, id := args.add(q.Before.PublishedAt.UTC()), args.add(q.Before.ID)
		where = append(where, "(a.published_at, a.id) < ("+at+", "+id+")")
	}
	query := `SELECT ` + cardColumns + ` FROM articles a` + articleJoins +
		` WHERE ` + strings.Join(where, " AND ") +
		` ORDER BY a.published_at DESC, a.id DESC LIMIT ` + args.add(q.Limit) + ` OFFSET ` + args.add(q.Offset)
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
	list, err := collect(rows, err, scanCard)
	if err != nil {
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
	published time.Time
	score     int
}

// RelatedArticles implements store.Articles. Candidates come from the
// list indexes (ids and dates only); only the winners are read in full.
func (s *Store) RelatedArticles(ctx context.Context, a content.Article, limit int) ([]content.Article, error) {
	if limit <= 0 {
		return nil, nil
	}
	// One statement gathers every candidate list: the section's newest
	// posts and each main tag's newest posts, each from its own index. A
	// candidate appears once per list it is in, which is its score.
	var (
		parts []string
		args  params
	)
	if a.Category.ID != 0 {
		parts = append(parts, `(SELECT id, published_at FROM articles
			WHERE category_id = `+args.add(a.Category.ID)+` AND status = 'published' AND kind = 'post' AND id <> `+args.add(a.ID)+`
			ORDER BY published_at DESC, id DESC LIMIT `+args.add(relatedPool)+`)`)
	}
	for i, t := range a.Tags {
		if i == 5 {
			break // a story's first tags are its main subjects
		}
		parts = append(parts, `(SELECT article_id, pub_at FROM article_tags
			WHERE tag_id = `+args.add(t.ID)+` AND pub_at IS NOT NULL AND article_id <> `+args.add(a.ID)+`
			ORDER BY pub_at DESC, article_id DESC LIMIT `+args.add(relatedPool)+`)`)
	}
	if len(parts) == 0 {
		return nil, nil
	}
	rows, err := s.query(ctx, strings.Join(parts, " UNION ALL "), args...)
	found, err := collect(rows, err, func(rows pgx.Rows) (candidate, error) {
		var c candidate
		err := rows.Scan(&c.id, &c.published)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("related to article %d: %w", a.ID, err)
	}
	cands := map[int64]*candidate{}
	for _, c := range found {
		if cands[c.id] == nil {
			cands[c.id] = &c
		}
		cands[c.id].score++
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
		if !x.published.Equal(y.published) {
			return x.published.After(y.published)
		}
		return x.id > y.id
	})
	if len(ranked) > limit {
		ranked = ranked[:limit]
	}
	if len(ranked) == 0 {
		return nil, nil
	}
	ids := make([]int64, len(ranked))
	for i, c := range ranked {
		ids[i] = c.id
	}
	list, err := s.queryArticles(ctx, `SELECT `+cardColumns+` FROM articles a`+articleJoins+`
		WHERE a.id = ANY($1) AND a.status = 'published' AND a.kind = 'post'`, ids)
	if err != nil {
		return nil, err
	}
	order := map[int64]int{}
	for i, c := range ranked {
		order[c.id] = i
	}
	sort.Slice(list, func(i, j int) bool { return order[list[i].ID] < order[list[j].ID] })
	return list, nil
}

// insertArticle is the INSERT of a new article, whole; it sets a.ID.
func insertArticle(ctx context.Context, tx querier, a *content.Article) error {
	return tx.QueryRow(ctx, `INSERT INTO articles (kind, title, slug, excerpt, source, format, body,
		dateline, status, published_at, updated_at, created_at, author_id, category_id, image_id,
		must_read, comments_open, seo_title, seo_desc, words, label, withdrawn_notice)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22)
		RETURNING id`,
		a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body,
		a.Dateline, a.Status, nullTime(a.PublishedAt), a.UpdatedAt.UTC(), a.CreatedAt.UTC(),
		a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
		a.MustRead, a.CommentsOpen, a.SEOTitle, a.SEODesc, a.Words, a.Label.Or(), a.WithdrawnNotice).Scan(&a.ID)
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
	chosen := a.Slug != "" // a retried transaction looks for a free slug again
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if !chosen {
			slug, err := uniqueSlug(ctx, tx, content.Slugify(a.Title))
			if err != nil {
				return err
			}
			a.Slug = slug
		}
		err := insertArticle(ctx, tx, a)
		if isUniqueViolation(err) {
			return fmt.Errorf("article slug %q: %w", a.Slug, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("create article: %w", err)
		}
		if err := saveTags(ctx, tx, a); err != nil {
			return err
		}
		if err := saveAuthors(ctx, tx, a); err != nil {
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
	return s.inTx(ctx, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE articles SET kind = $1, title = $2, slug = $3, excerpt = $4,
			source = $5, format = $6, body = $7, dateline = $8, status = $9, published_at = $10, updated_at = $11,
			author_id = $12, category_id = $13, image_id = $14, must_read = $15, comments_open = $16,
			seo_title = $17, seo_desc = $18, words = $19, label = $21
			WHERE id = $20`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body, a.Dateline, a.Status,
			nullTime(a.PublishedAt), a.UpdatedAt.UTC(), a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			a.MustRead, a.CommentsOpen, a.SEOTitle, a.SEODesc, a.Words, a.ID, a.Label.Or())
		if isUniqueViolation(err) {
			return fmt.Errorf("article slug %q: %w", a.Slug, store.ErrConflict)
		}
		if isForeignKeyViolation(err) {
			return fmt.Errorf("update article %d: its author, section or picture: %w", a.ID, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("update article %d: %w", a.ID, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("update article %d: %w", a.ID, store.ErrNotFound)
		}
		if err := saveTags(ctx, tx, a); err != nil {
			return err
		}
		if err := saveAuthors(ctx, tx, a); err != nil {
			return err
		}
		return indexForSearch(ctx, tx, a)
	})
}

// DeleteArticle implements store.Articles.
func (s *Store) DeleteArticle(ctx context.Context, id int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var slug string
		var published *time.Time
		err := tx.QueryRow(ctx, `DELETE FROM articles WHERE id = $1 RETURNING slug, published_at`, id).Scan(&slug, &published)
		if err != nil {
			return notFound(err, fmt.Sprintf("delete article %d", id))
		}
		// Its search row goes with it (ON DELETE CASCADE).
		if published == nil {
			return nil
		}
		_, err = tx.Exec(ctx, `INSERT INTO removed_slugs (slug, removed_at) VALUES ($1, now())
			ON CONFLICT (slug) DO NOTHING`, slug)
		return err
	})
}

// uniqueSlug returns the slug content.FreeSlug picks for base among the
// articles' slugs, asking all of FreeSlug's questions in one query (see
// freeSlugQuery). Writers run at once on PostgreSQL, so two titles with
// one slug could be given the same free number: a transaction-long
// advisory lock on the base makes the second wait until the first has
// committed (or given up) the slug it found.
func uniqueSlug(ctx context.Context, tx querier, base string) (string, error) {
	if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext($2))`, lockSlug, base); err != nil {
		return "", fmt.Errorf("find a free slug for %q: %w", base, err)
	}
	var n int
	if err := tx.QueryRow(ctx, freeSlugQuery, base).Scan(&n); err != nil {
		return "", fmt.Errorf("find a free slug for %q: %w", base, err)
	}
	return content.NumberedSlug(base, n), nil
}

// freeSlugQuery is content.FreeSlug as a recursive query. It numbers
// $1 1 and $1-N N (content.NumberedSlug) and searches for a free
// number next to a taken one. Each step looks up the slug of probe,
// knowing lo taken (0 stands for none) and hi free (0 while none is
// known): probes double (1, 2, 4, 8 …) until one is free, then halve the
// gap until hi = lo + 1. Every probe is an equality lookup in the slug
// index, so LIKE wildcards, scripts and other slugs that start with $1
// ("rice-prices-2" beside "rice") do not come into it.
const freeSlugQuery = `WITH RECURSIVE search(lo, hi, probe) AS (
		SELECT 0, 0, 1
		UNION ALL
		SELECT
			CASE WHEN a.slug IS NULL THEN s.lo ELSE s.probe END,
			CASE WHEN a.slug IS NULL THEN s.probe ELSE s.hi END,
			CASE
			WHEN a.slug IS NULL THEN (s.lo + s.probe) / 2
			WHEN s.hi = 0 THEN 2 * s.probe
			ELSE (s.probe + s.hi) / 2
			END
		FROM search s
		LEFT JOIN articles a ON a.slug = CASE WHEN s.probe = 1 THEN $1::text ELSE $1::text || '-' || s.probe END
		WHERE s.hi = 0 OR s.hi - s.lo > 1
	)
	SELECT hi FROM search WHERE hi - lo = 1`

// saveTags replaces the article's tags, creating tags that are new.
func saveTags(ctx context.Context, tx querier, a *content.Article) error {
	return writeTags(ctx, tx, a, nil)
}

// writeTags is saveTags with a cache of the tags found or made so far
// (the importer's, for a batch), or none.
func writeTags(ctx context.Context, tx querier, a *content.Article, known map[string]content.Tag) error {
	if _, err := tx.Exec(ctx, `DELETE FROM article_tags WHERE article_id = $1`, a.ID); err != nil {
		return fmt.Errorf("clear tags of article %d: %w", a.ID, err)
	}
	var pubAt any
	if a.Status == content.StatusPublished && a.Kind == content.KindPost {
		pubAt = a.PublishedAt.UTC()
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
		if k, ok := known[t.Slug]; ok {
			t = k
		} else {
			var err error
			if t, err = findOrMakeTag(ctx, tx, t); err != nil {
				return err
			}
			if known != nil {
				known[t.Slug] = t
			}
		}
		_, err := tx.Exec(ctx, `INSERT INTO article_tags (article_id, tag_id, position, pub_at) VALUES ($1, $2, $3, $4)`,
			a.ID, t.ID, len(kept), pubAt)
		if err != nil {
			return fmt.Errorf("tag article %d: %w", a.ID, err)
		}
		kept = append(kept, t)
	}
	a.Tags = kept
	return nil
}

// findOrMakeTag returns the tag with t's slug, making it with t's name
// when there is none. Two statements, so that the second sees a tag that
// a writer making it at once committed while the first waited for it on
// the slug's unique index.
func findOrMakeTag(ctx context.Context, tx querier, t content.Tag) (content.Tag, error) {
	if _, err := tx.Exec(ctx, `INSERT INTO tags (name, slug) VALUES ($1, $2) ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug); err != nil {
		return t, fmt.Errorf("create tag %q: %w", t.Name, err)
	}
	if err := tx.QueryRow(ctx, `SELECT id, name FROM tags WHERE slug = $1`, t.Slug).Scan(&t.ID, &t.Name); err != nil {
		return t, fmt.Errorf("find tag %q: %w", t.Slug, err)
	}
	return t, nil
}

func imageID(im *content.Image) any {
	if im == nil {
		return nil
	}
	return nullID(im.ID)
}
