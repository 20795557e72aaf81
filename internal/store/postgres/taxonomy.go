package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateCategory implements store.Taxonomy.
func (s *Store) CreateCategory(ctx context.Context, c *content.Category) error {
	if c.Slug == "" {
		c.Slug = content.Slugify(c.Name)
	}
	id, err := s.insertID(ctx, `INSERT INTO categories (name, slug, description, position) VALUES ($1, $2, $3, $4) RETURNING id`,
		c.Name, c.Slug, c.Description, c.Position)
	if isUniqueViolation(err) {
		return fmt.Errorf("category %q: %w", c.Slug, store.ErrConflict)
	}
	if err != nil {
		return fmt.Errorf("create category %q: %w", c.Slug, err)
	}
	c.ID = id
	return nil
}

const categoryColumns = `id, name, slug, description, position`

func scanCategory(row pgx.Row) (content.Category, error) {
	var c content.Category
	err := row.Scan(&c.ID, &c.Name, &c.Slug, &c.Description, &c.Position)
	return c, err
}

func scanCategoryRow(rows pgx.Rows) (content.Category, error) { return scanCategory(rows) }

// Categories implements store.Taxonomy, in navigation order.
func (s *Store) Categories(ctx context.Context) ([]content.Category, error) {
	rows, err := s.query(ctx, `SELECT `+categoryColumns+` FROM categories ORDER BY position, name`)
	list, err := collect(rows, err, scanCategoryRow)
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	return list, nil
}

// CategoryBySlug implements store.Taxonomy.
func (s *Store) CategoryBySlug(ctx context.Context, slug string) (content.Category, error) {
	c, err := scanCategory(s.queryRow(ctx, `SELECT `+categoryColumns+` FROM categories WHERE slug = $1`, slug))
	return c, notFound(err, fmt.Sprintf("category %q", slug))
}

// TagBySlug implements store.Taxonomy.
func (s *Store) TagBySlug(ctx context.Context, slug string) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, name, slug FROM tags WHERE slug = $1`, slug).Scan(&t.ID, &t.Name, &t.Slug)
	return t, notFound(err, fmt.Sprintf("tag %q", slug))
}

// PublishedTagBySlug implements store.Taxonomy.
func (s *Store) PublishedTagBySlug(ctx context.Context, slug string) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, name, slug FROM tags t WHERE slug = $1 AND EXISTS (
		SELECT 1 FROM article_tags WHERE tag_id = t.id AND pub_at IS NOT NULL)`, slug).Scan(&t.ID, &t.Name, &t.Slug)
	return t, notFound(err, fmt.Sprintf("published tag %q", slug))
}

// Tags implements store.Taxonomy.
func (s *Store) Tags(ctx context.Context, after string, limit int) ([]content.Tag, error) {
	return s.tags(ctx, `SELECT id, name, slug FROM tags WHERE name > $1 ORDER BY name LIMIT $2`, after, limit)
}

// PublishedTags implements store.Taxonomy. article_tags.pub_at is set
// while the article is a published post (see the schema).
func (s *Store) PublishedTags(ctx context.Context, after string, limit int) ([]content.Tag, error) {
	return s.tags(ctx, `SELECT id, name, slug FROM tags t WHERE name > $1 AND EXISTS (
		SELECT 1 FROM article_tags WHERE tag_id = t.id AND pub_at IS NOT NULL) ORDER BY name LIMIT $2`, after, limit)
}

func (s *Store) tags(ctx context.Context, query, after string, limit int) ([]content.Tag, error) {
	limit = store.ArticleQuery{Limit: limit}.Normalize().Limit
	if limit == 10 && after == "" {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, query, after, limit)
	list, err := collect(rows, err, scanTag)
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return list, nil
}
