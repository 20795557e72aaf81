package sqlite

import (
	"context"
	"fmt"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateCategory implements store.Taxonomy.
func (s *Store) CreateCategory(ctx context.Context, c *content.Category) error {
	if c.Slug == "" {
		c.Slug = content.Slugify(c.Name)
	}
	res, err := s.execResult(ctx, `INSERT INTO categories (name, slug, description, position) VALUES (?, ?, ?, ?)`,
		c.Name, c.Slug, c.Description, c.Position)
	if isUniqueViolation(err) {
		return fmt.Errorf("category %q: %w", c.Slug, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create category %q: %w", c.Slug, err)
	}
	c.ID, err = res.LastInsertId()
	return err
}

// Categories implements store.Taxonomy, in navigation order.
func (s *Store) Categories(ctx context.Context) ([]content.Category, error) {
	rows, err := s.query(ctx, `SELECT id, name, slug, description, position FROM categories ORDER BY position, name`)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	defer rows.Close()
	var list []content.Category
	for rows.Next() {
		var c content.Category
		if err := rows.Scan(&c.ID, &c.Name, &c.Slug, &c.Description, &c.Position); err != nil {
			return nil, err
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// CategoryBySlug implements store.Taxonomy.
func (s *Store) CategoryBySlug(ctx context.Context, slug string) (content.Category, error) {
	var c content.Category
	err := s.queryRow(ctx, `SELECT id, name, slug, description, position FROM categories WHERE slug = ?`, slug).
		Scan(&c.ID, &c.Name, &c.Slug, &c.Description, &c.Position)
	return c, notFound(err, fmt.Sprintf("category %q", slug))
}

// TagBySlug implements store.Taxonomy.
func (s *Store) TagBySlug(ctx context.Context, slug string) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, name, slug FROM tags WHERE slug = ?`, slug).Scan(&t.ID, &t.Name, &t.Slug)
	return t, notFound(err, fmt.Sprintf("tag %q", slug))
}

// PublishedTagBySlug implements store.Taxonomy.
func (s *Store) PublishedTagBySlug(ctx context.Context, slug string) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, name, slug FROM tags t WHERE slug = ? AND EXISTS (
		SELECT 1 FROM article_tags WHERE tag_id = t.id AND pub_at IS NOT NULL)`, slug).Scan(&t.ID, &t.Name, &t.Slug)
	return t, notFound(err, fmt.Sprintf("published tag %q", slug))
}

// Tags implements store.Taxonomy.
func (s *Store) Tags(ctx context.Context, after string, limit int) ([]content.Tag, error) {
	return s.tags(ctx, `SELECT id, name, slug FROM tags WHERE name > ? ORDER BY name LIMIT ?`, after, limit)
}

// PublishedTags implements store.Taxonomy. article_tags.pub_at is set
// while the article is a published post (see the schema).
func (s *Store) PublishedTags(ctx context.Context, after string, limit int) ([]content.Tag, error) {
	return s.tags(ctx, `SELECT id, name, slug FROM tags t WHERE name > ? AND EXISTS (
		SELECT 1 FROM article_tags WHERE tag_id = t.id AND pub_at IS NOT NULL) ORDER BY name LIMIT ?`, after, limit)
}

func (s *Store) tags(ctx context.Context, query, after string, limit int) ([]content.Tag, error) {
	limit = store.ArticleQuery{Limit: limit}.Normalize().Limit
	if limit == 10 && after == "" {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, query, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	defer rows.Close()
	var list []content.Tag
	for rows.Next() {
		var t content.Tag
		if err := rows.Scan(&t.ID, &t.Name, &t.Slug); err != nil {
			return nil, err
		}
		list = append(list, t)
	}
	return list, rows.Err()
}
