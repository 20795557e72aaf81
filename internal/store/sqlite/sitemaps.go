package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"dateline/internal/store"
)

// SitemapMonths implements store.Sitemaps.
func (s *Store) SitemapMonths(ctx context.Context) ([]store.SitemapMonth, error) {
	rows, err := s.query(ctx, `SELECT month, posts, last_mod FROM archive_months WHERE posts > 0 ORDER BY month`)
	if err != nil {
		return nil, fmt.Errorf("sitemap months: %w", err)
	}
	defer rows.Close()
	var list []store.SitemapMonth
	for rows.Next() {
		var m store.SitemapMonth
		var last sql.NullString
		if err := rows.Scan(&m.Month, &m.Count, &last); err != nil {
			return nil, err
		}
		m.LastMod = parseTime(last)
		list = append(list, m)
	}
	return list, rows.Err()
}

// SitemapEntries implements store.Sitemaps.
func (s *Store) SitemapEntries(ctx context.Context, month string, offset, limit int) ([]store.SitemapEntry, error) {
	var (
		rows *sql.Rows
		err  error
	)
	if month == "" {
		rows, err = s.query(ctx, `SELECT kind, slug, published_at, updated_at FROM articles
			WHERE status = 'published' AND kind = 'page' ORDER BY published_at, id LIMIT ? OFFSET ?`, limit, offset)
	} else {
		start, perr := time.Parse("2006-01", month)
		if perr != nil {
			return nil, fmt.Errorf("sitemap month %q: %w", month, store.ErrNotFound)
		}
		rows, err = s.query(ctx, `SELECT kind, slug, published_at, updated_at FROM articles
			WHERE status = 'published' AND kind = 'post' AND published_at >= ? AND published_at < ?
			ORDER BY published_at, id LIMIT ? OFFSET ?`,
			formatTime(start), formatTime(start.AddDate(0, 1, 0)), limit, offset)
	}
	if err != nil {
		return nil, fmt.Errorf("sitemap %q: %w", month, err)
	}
	defer rows.Close()
	var list []store.SitemapEntry
	for rows.Next() {
		var e store.SitemapEntry
		var pub, upd sql.NullString
		if err := rows.Scan(&e.Kind, &e.Slug, &pub, &upd); err != nil {
			return nil, err
		}
		e.PublishedAt, e.LastMod = parseTime(pub), parseTime(upd)
		if e.LastMod.Before(e.PublishedAt) {
			e.LastMod = e.PublishedAt
		}
		list = append(list, e)
	}
	return list, rows.Err()
}

// lastPublishedQueries find, per archive, its newest published post; each
// correlated lookup reads one entry at the end of an index range.
var lastPublishedQueries = map[string]string{
	"category": `SELECT slug, (SELECT MAX(published_at) FROM articles
		WHERE category_id = c.id AND status = 'published' AND kind = 'post') FROM categories c`,
	"author": `SELECT slug, (SELECT MAX(published_at) FROM articles
		WHERE author_id = u.id AND status = 'published' AND kind = 'post') FROM users u`,
	"tag": `SELECT slug, (SELECT MAX(pub_at) FROM article_tags WHERE tag_id = t.id AND pub_at IS NOT NULL) FROM tags t`,
}

// LastPublished implements store.Sitemaps.
func (s *Store) LastPublished(ctx context.Context, kind string) (map[string]time.Time, error) {
	q, ok := lastPublishedQueries[kind]
	if !ok {
		return nil, fmt.Errorf("last published: unknown archive kind %q", kind)
	}
	rows, err := s.query(ctx, q)
	if err != nil {
		return nil, fmt.Errorf("last published per %s: %w", kind, err)
	}
	defer rows.Close()
	out := map[string]time.Time{}
	for rows.Next() {
		var slug string
		var last sql.NullString
		if err := rows.Scan(&slug, &last); err != nil {
			return nil, err
		}
		if last.Valid {
			out[slug] = parseTime(last)
		}
	}
	return out, rows.Err()
}

// RecentComments implements store.Comments.
func (s *Store) RecentComments(ctx context.Context, articleID int64, limit int) ([]store.CommentOn, error) {
	limit = store.ArticleQuery{Limit: limit}.Normalize().Limit
	cols := `cm.id, cm.article_id, COALESCE(cm.parent_id, 0), cm.author_name, cm.author_url, cm.body,
		cm.status, cm.created_at, COALESCE(cm.user_id, 0), ` + cardColumns
	from := ` FROM comments cm JOIN articles a ON a.id = cm.article_id` + articleJoins
	var (
		rows *sql.Rows
		err  error
	)
	if articleID == 0 {
		rows, err = s.query(ctx, `SELECT `+cols+from+`
			WHERE cm.status = 'approved' AND a.status = 'published'
			ORDER BY cm.created_at DESC, cm.id DESC LIMIT ?`, limit)
	} else {
		rows, err = s.query(ctx, `SELECT `+cols+from+`
			WHERE cm.article_id = ? AND cm.status = 'approved' AND a.status = 'published'
			ORDER BY cm.created_at DESC, cm.id DESC LIMIT ?`, articleID, limit)
	}
	if err != nil {
		return nil, fmt.Errorf("recent comments: %w", err)
	}
	defer rows.Close()
	var list []store.CommentOn
	for rows.Next() {
		var c store.CommentOn
		var created sql.NullString
		head := []any{&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorURL, &c.Body, &c.Status, &created, &c.UserID}
		a, err := scanArticle(prefixScanner{rows, head}, false)
		if err != nil {
			return nil, fmt.Errorf("recent comments: %w", err)
		}
		c.CreatedAt, c.Article = parseTime(created), a
		list = append(list, c)
	}
	return list, rows.Err()
}

// prefixScanner reads some leading columns into head, then hands the rest
// to the caller's destinations.
type prefixScanner struct {
	rows *sql.Rows
	head []any
}

func (p prefixScanner) Scan(dest ...any) error {
	return p.rows.Scan(append(append([]any{}, p.head...), dest...)...)
}
