package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.TaxonomyAdmin = (*Store)(nil)

const categoryCountQuery = `SELECT c.id, c.name, c.slug, c.description, c.position,
	(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id AND a.status = 'published' AND a.kind = 'post'),
	(SELECT COUNT(*) FROM articles a WHERE a.category_id = c.id)
	FROM categories c ORDER BY c.position, c.name`

// CategoriesWithCounts implements store.TaxonomyAdmin.
func (s *Store) CategoriesWithCounts(ctx context.Context) ([]store.CategoryCount, error) {
	rows, err := s.query(ctx, categoryCountQuery)
	list, err := collect(rows, err, func(rows pgx.Rows) (store.CategoryCount, error) {
		var c store.CategoryCount
		err := rows.Scan(&c.ID, &c.Name, &c.Slug, &c.Description, &c.Position, &c.Published, &c.Articles)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("list categories with counts: %w", err)
	}
	return list, nil
}

// CategoryByID implements store.TaxonomyAdmin.
func (s *Store) CategoryByID(ctx context.Context, id int64) (content.Category, error) {
	c, err := scanCategory(s.queryRow(ctx, `SELECT `+categoryColumns+` FROM categories WHERE id = $1`, id))
	return c, notFound(err, fmt.Sprintf("category %d", id))
}

// UpdateCategory implements store.TaxonomyAdmin.
func (s *Store) UpdateCategory(ctx context.Context, c *content.Category) error {
	if c.Slug == "" {
		c.Slug = content.Slugify(c.Name)
	}
	what := fmt.Sprintf("update category %d", c.ID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var old string
		if err := tx.QueryRow(ctx, `SELECT slug FROM categories WHERE id = $1 FOR UPDATE`, c.ID).Scan(&old); err != nil {
			return notFound(err, what)
		}
		_, err := tx.Exec(ctx, `UPDATE categories SET name = $1, slug = $2, description = $3, position = $4 WHERE id = $5`,
			c.Name, c.Slug, c.Description, c.Position, c.ID)
		if isUniqueViolation(err) {
			return fmt.Errorf("%s: slug %q: %w", what, c.Slug, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if old == c.Slug {
			return nil
		}
		return moveSlug(ctx, tx, "category_redirects", "category_id", old, c.Slug, c.ID)
	})
}

// moveSlug records that oldSlug now means the row id of a category or tag
// whose live slug is newSlug. The new slug stops redirecting anywhere: a
// live slug always wins. table and column are constants of this file.
func moveSlug(ctx context.Context, tx querier, table, column, oldSlug, newSlug string, id int64) error {
	if _, err := tx.Exec(ctx, `DELETE FROM `+table+` WHERE old_slug = $1`, newSlug); err != nil {
		return fmt.Errorf("drop redirect of %q: %w", newSlug, err)
	}
	_, err := tx.Exec(ctx, `INSERT INTO `+table+` (old_slug, `+column+`, created_at) VALUES ($1, $2, now())
		ON CONFLICT (old_slug) DO UPDATE SET `+column+` = excluded.`+column+`, created_at = excluded.created_at`,
		oldSlug, id)
	if err != nil {
		return fmt.Errorf("redirect %q: %w", oldSlug, err)
	}
	return nil
}

// SetCategoryOrder implements store.TaxonomyAdmin. The categories are
// locked first, so that two orderings at once end as one of them.
func (s *Store) SetCategoryOrder(ctx context.Context, ids []int64) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id FROM categories ORDER BY position, name FOR UPDATE`)
		current, err := collect(rows, err, scanInt64)
		if err != nil {
			return fmt.Errorf("order categories: %w", err)
		}
		known := make(map[int64]bool, len(current))
		for _, id := range current {
			known[id] = true
		}
		placed := map[int64]bool{}
		var order []int64
		for _, id := range ids {
			if !known[id] {
				return fmt.Errorf("order categories: category %d: %w", id, store.ErrNotFound)
			}
			if !placed[id] {
				placed[id] = true
				order = append(order, id)
			}
		}
		for _, id := range current {
			if !placed[id] {
				order = append(order, id)
			}
		}
		_, err = tx.Exec(ctx, `UPDATE categories c SET position = o.n
			FROM unnest($1::bigint[]) WITH ORDINALITY AS o(id, n) WHERE c.id = o.id`, order)
		if err != nil {
			return fmt.Errorf("order categories: %w", err)
		}
		return nil
	})
}

// DeleteCategory implements store.TaxonomyAdmin.
func (s *Store) DeleteCategory(ctx context.Context, id, moveTo int64) error {
	what := fmt.Sprintf("delete category %d", id)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var slug string
		if err := tx.QueryRow(ctx, `SELECT slug FROM categories WHERE id = $1 FOR UPDATE`, id).Scan(&slug); err != nil {
			return notFound(err, what)
		}
		if moveTo == id {
			return fmt.Errorf("%s: move its articles to itself: %w", what, store.ErrNotFound)
		}
		var target string
		if moveTo != 0 {
			err := tx.QueryRow(ctx, `SELECT slug FROM categories WHERE id = $1 FOR SHARE`, moveTo).Scan(&target)
			if errors.Is(err, pgx.ErrNoRows) {
				return fmt.Errorf("%s: move to category %d: %w", what, moveTo, store.ErrNotFound)
			}
			if err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET category_id = $1 WHERE category_id = $2`, nullID(moveTo), id); err != nil {
			return fmt.Errorf("%s: move articles: %w", what, err)
		}
		if moveTo != 0 {
			if _, err := tx.Exec(ctx, `UPDATE category_redirects SET category_id = $1 WHERE category_id = $2`, moveTo, id); err != nil {
				return fmt.Errorf("%s: move redirects: %w", what, err)
			}
		}
		if _, err := tx.Exec(ctx, `DELETE FROM categories WHERE id = $1`, id); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if moveTo == 0 {
			return nil
		}
		return moveSlug(ctx, tx, "category_redirects", "category_id", slug, target, moveTo)
	})
}

// CategoryRedirect implements store.TaxonomyAdmin.
func (s *Store) CategoryRedirect(ctx context.Context, oldSlug string) (string, error) {
	var slug string
	err := s.queryRow(ctx, `SELECT c.slug FROM category_redirects r JOIN categories c ON c.id = r.category_id
		WHERE r.old_slug = $1 AND NOT EXISTS (SELECT 1 FROM categories l WHERE l.slug = r.old_slug)`, oldSlug).Scan(&slug)
	return slug, notFound(err, fmt.Sprintf("category redirect %q", oldSlug))
}

// TagsWithCounts implements store.TaxonomyAdmin. The filter reads every
// tag; the list is for the newsroom, and tags number in the thousands at
// most.
func (s *Store) TagsWithCounts(ctx context.Context, q store.TagQuery) ([]store.TagCount, int, error) {
	q = q.Normalize()
	text := strings.ToLower(strings.TrimSpace(q.Text))
	const filter = `($1 = '' OR strpos(lower(t.name), $1) > 0 OR strpos(t.slug, $1) > 0)`
	var total int
	if err := s.queryRow(ctx, `SELECT COUNT(*) FROM tags t WHERE `+filter, text).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count tags: %w", err)
	}
	rows, err := s.query(ctx, `SELECT t.id, t.name, t.slug,
		(SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = t.id AND at.pub_at IS NOT NULL),
		(SELECT COUNT(*) FROM article_tags at WHERE at.tag_id = t.id)
		FROM tags t WHERE `+filter+` ORDER BY t.name, t.id LIMIT $2 OFFSET $3`, text, q.Limit, q.Offset)
	list, err := collect(rows, err, func(rows pgx.Rows) (store.TagCount, error) {
		var t store.TagCount
		err := rows.Scan(&t.ID, &t.Name, &t.Slug, &t.Published, &t.Articles)
		return t, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list tags with counts: %w", err)
	}
	return list, total, nil
}

// TagByID implements store.TaxonomyAdmin.
func (s *Store) TagByID(ctx context.Context, id int64) (content.Tag, error) {
	var t content.Tag
	err := s.queryRow(ctx, `SELECT id, name, slug FROM tags WHERE id = $1`, id).Scan(&t.ID, &t.Name, &t.Slug)
	return t, notFound(err, fmt.Sprintf("tag %d", id))
}

// CreateTag implements store.TaxonomyAdmin.
func (s *Store) CreateTag(ctx context.Context, t *content.Tag) error {
	if t.Slug == "" {
		t.Slug = content.Slugify(t.Name)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO tags (name, slug) VALUES ($1, $2) RETURNING id`, t.Name, t.Slug).Scan(&t.ID)
		if isUniqueViolation(err) {
			return fmt.Errorf("tag %q: %w", t.Slug, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("create tag %q: %w", t.Slug, err)
		}
		_, err = tx.Exec(ctx, `DELETE FROM tag_redirects WHERE old_slug = $1`, t.Slug)
		return err
	})
}

// UpdateTag implements store.TaxonomyAdmin. Tag names are part of the
// search index, so the articles that carry the tag are indexed again.
func (s *Store) UpdateTag(ctx context.Context, t *content.Tag) error {
	if t.Slug == "" {
		t.Slug = content.Slugify(t.Name)
	}
	what := fmt.Sprintf("update tag %d", t.ID)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var oldName, oldSlug string
		if err := tx.QueryRow(ctx, `SELECT name, slug FROM tags WHERE id = $1 FOR UPDATE`, t.ID).Scan(&oldName, &oldSlug); err != nil {
			return notFound(err, what)
		}
		_, err := tx.Exec(ctx, `UPDATE tags SET name = $1, slug = $2 WHERE id = $3`, t.Name, t.Slug, t.ID)
		if isUniqueViolation(err) {
			return fmt.Errorf("%s: slug %q: %w", what, t.Slug, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if oldName != t.Name {
			ids, err := taggedArticles(ctx, tx, t.ID)
			if err != nil {
				return err
			}
			if err := reindexArticles(ctx, tx, ids); err != nil {
				return err
			}
		}
		if oldSlug == t.Slug {
			return nil
		}
		return moveSlug(ctx, tx, "tag_redirects", "tag_id", oldSlug, t.Slug, t.ID)
	})
}

// MergeTags implements store.TaxonomyAdmin. An article that carries both
// tags keeps into where it was; one that carried only from gets into in
// from's place.
func (s *Store) MergeTags(ctx context.Context, from, into int64) error {
	what := fmt.Sprintf("merge tag %d into %d", from, into)
	if from == into {
		return fmt.Errorf("%s: a tag cannot be merged into itself: %w", what, store.ErrConflict)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var fromSlug, intoSlug string
		if err := tx.QueryRow(ctx, `SELECT slug FROM tags WHERE id = $1 FOR UPDATE`, from).Scan(&fromSlug); err != nil {
			return notFound(err, what)
		}
		if err := tx.QueryRow(ctx, `SELECT slug FROM tags WHERE id = $1 FOR SHARE`, into).Scan(&intoSlug); err != nil {
			return notFound(err, what)
		}
		ids, err := taggedArticles(ctx, tx, from)
		if err != nil {
			return err
		}
		for _, st := range []struct {
			query string
			args  []any
		}{
			{`INSERT INTO article_tags (article_id, tag_id, position, pub_at)
				SELECT article_id, $2, position, pub_at FROM article_tags WHERE tag_id = $1
				ON CONFLICT (article_id, tag_id) DO NOTHING`, []any{from, into}},
			{`UPDATE tag_redirects SET tag_id = $2 WHERE tag_id = $1`, []any{from, into}},
			{`DELETE FROM tags WHERE id = $1`, []any{from}},
		} {
			if _, err := tx.Exec(ctx, st.query, st.args...); err != nil {
				return fmt.Errorf("%s: %w", what, err)
			}
		}
		if err := moveSlug(ctx, tx, "tag_redirects", "tag_id", fromSlug, intoSlug, into); err != nil {
			return err
		}
		return reindexArticles(ctx, tx, ids)
	})
}

// DeleteTag implements store.TaxonomyAdmin.
func (s *Store) DeleteTag(ctx context.Context, id int64) error {
	what := fmt.Sprintf("delete tag %d", id)
	return s.inTx(ctx, func(tx pgx.Tx) error {
		ids, err := taggedArticles(ctx, tx, id)
		if err != nil {
			return err
		}
		tag, err := tx.Exec(ctx, `DELETE FROM tags WHERE id = $1`, id)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if tag.RowsAffected() == 0 {
			return fmt.Errorf("%s: %w", what, store.ErrNotFound)
		}
		return reindexArticles(ctx, tx, ids)
	})
}

// TagRedirect implements store.TaxonomyAdmin.
func (s *Store) TagRedirect(ctx context.Context, oldSlug string) (string, error) {
	var slug string
	err := s.queryRow(ctx, `SELECT t.slug FROM tag_redirects r JOIN tags t ON t.id = r.tag_id
		WHERE r.old_slug = $1 AND NOT EXISTS (SELECT 1 FROM tags l WHERE l.slug = r.old_slug)`, oldSlug).Scan(&slug)
	return slug, notFound(err, fmt.Sprintf("tag redirect %q", oldSlug))
}

// MatchTags implements store.TaxonomyAdmin. Both sides are lower-cased,
// as SQLite's LIKE ignores case, and a pattern with a fixed start reads
// the indexes on the name's lower case and on the slug.
func (s *Store) MatchTags(ctx context.Context, prefix string, limit int) ([]content.Tag, error) {
	limit = store.TagQuery{Limit: limit}.Normalize().Limit
	pattern := likeEscaper.Replace(strings.ToLower(strings.TrimSpace(prefix))) + "%"
	rows, err := s.query(ctx, `SELECT id, name, slug FROM tags
		WHERE lower(name) LIKE $1 OR lower(slug) LIKE $1 ORDER BY name, id LIMIT $2`, pattern, limit)
	list, err := collect(rows, err, scanTag)
	if err != nil {
		return nil, fmt.Errorf("match tags %q: %w", prefix, err)
	}
	return list, nil
}

// taggedArticles lists the ids of the articles that carry a tag.
func taggedArticles(ctx context.Context, tx querier, tagID int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT article_id FROM article_tags WHERE tag_id = $1`, tagID)
	ids, err := collect(rows, err, scanInt64)
	if err != nil {
		return nil, fmt.Errorf("articles tagged %d: %w", tagID, err)
	}
	return ids, nil
}

// reindexArticles brings the search index of the given articles up to date
// after their tags or author changed under them. Only published posts are
// in the index, so the others are skipped.
func reindexArticles(ctx context.Context, tx querier, ids []int64) error {
	for _, id := range ids {
		a := content.Article{ID: id}
		err := tx.QueryRow(ctx, `SELECT kind, title, excerpt, body, status, author_id FROM articles
			WHERE id = $1 AND status = 'published' AND kind = 'post'`, id).
			Scan(&a.Kind, &a.Title, &a.Excerpt, &a.Body, &a.Status, &a.Author.ID)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return fmt.Errorf("reindex article %d: %w", id, err)
		}
		rows, err := tx.Query(ctx, `SELECT t.id, t.name, t.slug FROM article_tags at
			JOIN tags t ON t.id = at.tag_id WHERE at.article_id = $1 ORDER BY at.position`, id)
		if a.Tags, err = collect(rows, err, scanTag); err != nil {
			return fmt.Errorf("reindex article %d: %w", id, err)
		}
		if err := indexForSearch(ctx, tx, &a); err != nil {
			return err
		}
	}
	return nil
}
