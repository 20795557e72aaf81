package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/store"
)

// SitemapMonths implements store.Sitemaps.
func (s *Store) SitemapMonths(ctx context.Context) ([]store.SitemapMonth, error) {
	rows, err := s.query(ctx, `SELECT month, posts, last_mod FROM archive_months WHERE posts > 0 ORDER BY month`)
	list, err := collect(rows, err, func(rows pgx.Rows) (store.SitemapMonth, error) {
		var m store.SitemapMonth
		err := rows.Scan(&m.Month, &m.Count, &m.LastMod)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("sitemap months: %w", err)
	}
	return list, nil
}

// SitemapEntries implements store.Sitemaps.
func (s *Store) SitemapEntries(ctx context.Context, month string, offset, limit int) ([]store.SitemapEntry, error) {
	var (
		rows pgx.Rows
		err  error
	)
	if month == "" {
		rows, err = s.query(ctx, `SELECT kind, slug, published_at, updated_at FROM articles
			WHERE status = 'published' AND kind = 'page' ORDER BY published_at, id LIMIT $1 OFFSET $2`, limit, offset)
	} else {
		start, perr := time.Parse("2006-01", month)
		if perr != nil {
			return nil, fmt.Errorf("sitemap month %q: %w", month, store.ErrNotFound)
		}
		rows, err = s.query(ctx, `SELECT kind, slug, published_at, updated_at FROM articles
			WHERE status = 'published' AND kind = 'post' AND published_at >= $1 AND published_at < $2
			ORDER BY published_at, id LIMIT $3 OFFSET $4`,
			start, start.AddDate(0, 1, 0), limit, offset)
	}
	list, err := collect(rows, err, func(rows pgx.Rows) (store.SitemapEntry, error) {
		var e store.SitemapEntry
		err := rows.Scan(&e.Kind, &e.Slug, at(&e.PublishedAt), &e.LastMod)
		if e.LastMod.Before(e.PublishedAt) {
			e.LastMod = e.PublishedAt
		}
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("sitemap %q: %w", month, err)
	}
	return list, nil
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
	type last struct {
		slug string
		at   *time.Time
	}
	rows, err := s.query(ctx, q)
	list, err := collect(rows, err, func(rows pgx.Rows) (last, error) {
		var l last
		err := rows.Scan(&l.slug, &l.at)
		return l, err
	})
	if err != nil {
		return nil, fmt.Errorf("last published per %s: %w", kind, err)
	}
	out := map[string]time.Time{}
	for _, l := range list {
		if l.at != nil {
			out[l.slug] = *l.at
		}
	}
	return out, nil
}

// RecentComments implements store.Comments.
func (s *Store) RecentComments(ctx context.Context, articleID int64, limit int) ([]store.CommentOn, error) {
	limit = store.ArticleQuery{Limit: limit}.Normalize().Limit
	cols := `cm.id, cm.article_id, COALESCE(cm.parent_id, 0), cm.author_name, cm.author_url, cm.body,
		cm.status, cm.created_at, COALESCE(cm.user_id, 0), ` + cardColumns
	from := ` FROM comments cm JOIN articles a ON a.id = cm.article_id` + articleJoins
	var (
		rows pgx.Rows
		err  error
	)
	if articleID == 0 {
		rows, err = s.query(ctx, `SELECT `+cols+from+`
			WHERE cm.status = 'approved' AND a.status = 'published'
			ORDER BY cm.created_at DESC, cm.id DESC LIMIT $1`, limit)
	} else {
		rows, err = s.query(ctx, `SELECT `+cols+from+`
			WHERE cm.article_id = $1 AND cm.status = 'approved' AND a.status = 'published'
			ORDER BY cm.created_at DESC, cm.id DESC LIMIT $2`, articleID, limit)
	}
	list, err := collect(rows, err, func(rows pgx.Rows) (store.CommentOn, error) {
		var c store.CommentOn
		var r articleRow
		dest := append([]any{&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorURL, &c.Body, &c.Status,
			&c.CreatedAt, &c.UserID}, r.dest(false)...)
		if err := rows.Scan(dest...); err != nil {
			return c, err
		}
		c.Article = r.article()
		return c, nil
	})
	if err != nil {
		return nil, fmt.Errorf("recent comments: %w", err)
	}
	return list, nil
}
