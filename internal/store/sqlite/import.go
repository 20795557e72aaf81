package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Import = (*Store)(nil)

// inImport runs each of n items in its own savepoint of one transaction:
// an item whose write fails is undone alone and its error handed to
// refuse; an error of the transaction itself undoes everything.
func (s *Store) inImport(ctx context.Context, n int, write func(tx *sql.Tx, i int) error, refuse func(i int, err error), after func(tx *sql.Tx) error) error {
	if n > store.MaxImportBatch {
		return fmt.Errorf("import: at most %d items at once, not %d", store.MaxImportBatch, n)
	}
	if n == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for i := range n {
			if _, err := tx.ExecContext(ctx, `SAVEPOINT import_item`); err != nil {
				return err
			}
			err := write(tx, i)
			if err != nil {
				if !refusal(err) {
					return err
				}
				refuse(i, err)
				if _, err := tx.ExecContext(ctx, `ROLLBACK TO import_item`); err != nil {
					return err
				}
			}
			if _, err := tx.ExecContext(ctx, `RELEASE import_item`); err != nil {
				return err
			}
		}
		if after != nil {
			return after(tx)
		}
		return nil
	})
}

// refusal reports whether err refuses one item rather than failing the
// transaction.
func refusal(err error) bool {
	return errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrConflict)
}

// ImportTerms implements store.Import.
func (s *Store) ImportTerms(ctx context.Context, terms []store.ImportedTerm) error {
	for i := range terms {
		terms[i].Err = nil
	}
	return s.inImport(ctx, len(terms), func(tx *sql.Tx, i int) error {
		return importTerm(ctx, tx, &terms[i])
	}, func(i int, err error) { terms[i].Err = err }, nil)
}

func importTerm(ctx context.Context, tx *sql.Tx, t *store.ImportedTerm) error {
	table, redirects := "tags", "tag_redirects"
	switch t.Kind {
	case store.LegacyTag:
	case store.LegacyCategory:
		table, redirects = "categories", "category_redirects"
	default:
		return fmt.Errorf("import term %q: unknown kind %q", t.Slug, t.Kind)
	}
	if t.Slug == "" {
		return fmt.Errorf("import %s %q: no slug", t.Kind, t.Name)
	}
	if t.ID != 0 {
		var res sql.Result
		var err error
		if t.Kind == store.LegacyCategory {
			res, err = tx.ExecContext(ctx, `UPDATE categories SET name = ?, description = ? WHERE id = ?`, t.Name, t.Description, t.ID)
		} else {
			res, err = tx.ExecContext(ctx, `UPDATE tags SET name = ? WHERE id = ?`, t.Name, t.ID)
		}
		if err != nil {
			return fmt.Errorf("import %s %d: %w", t.Kind, t.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return fmt.Errorf("import %s %d: %w", t.Kind, t.ID, store.ErrNotFound)
		}
	} else {
		var res sql.Result
		var err error
		if t.Kind == store.LegacyCategory {
			res, err = tx.ExecContext(ctx, `INSERT INTO categories (name, slug, description, position) VALUES (?, ?, ?, ?)
				ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug, t.Description, t.Position)
		} else {
			res, err = tx.ExecContext(ctx, `INSERT INTO tags (name, slug) VALUES (?, ?) ON CONFLICT (slug) DO NOTHING`, t.Name, t.Slug)
		}
		if err != nil {
			return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
		}
		if n, _ := res.RowsAffected(); n > 0 {
			// A live term's slug is never redirected (store.TaxonomyAdmin).
			if _, err := tx.ExecContext(ctx, `DELETE FROM `+redirects+` WHERE old_slug = ?`, t.Slug); err != nil {
				return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
			}
		}
		if err := tx.QueryRowContext(ctx, `SELECT id FROM `+table+` WHERE slug = ?`, t.Slug).Scan(&t.ID); err != nil {
			return fmt.Errorf("import %s %q: %w", t.Kind, t.Slug, err)
		}
	}
	t.Link.Kind, t.Link.ID = t.Kind, t.ID
	return saveLegacyLinks(ctx, tx, []store.LegacyLink{t.Link})
}

// ImportArticles implements store.Import.
func (s *Store) ImportArticles(ctx context.Context, list []store.ImportedArticle) error {
	for i := range list {
		list[i].Err = nil
	}
	saved := make([]content.Article, len(list))
	err := s.inImport(ctx, len(list), func(tx *sql.Tx, i int) error {
		a := list[i].Article // a copy: a refused article is left as it came
		a.Tags = slices.Clone(a.Tags)
		if err := importArticle(ctx, tx, &a, list[i].NumberSlug); err != nil {
			return err
		}
		rev := list[i].Revision
		rev.ID, rev.ArticleID = 0, a.ID
		if err := writeRevision(ctx, tx, &rev); err != nil {
			return err
		}
		link := list[i].Link
		link.ID = a.ID
		if err := saveLegacyLinks(ctx, tx, []store.LegacyLink{link}); err != nil {
			return err
		}
		saved[i] = a
		list[i].Revision, list[i].Link = rev, link
		return nil
	}, func(i int, err error) { list[i].Err = err }, nil)
	if err != nil {
		return err
	}
	for i := range list {
		if list[i].Err == nil {
			list[i].Article = saved[i]
		}
	}
	return nil
}

// importArticle creates or replaces a whole article, then its tags and
// its search rows.
func importArticle(ctx context.Context, tx *sql.Tx, a *content.Article, numberSlug bool) error {
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = time.Now().UTC()
	}
	if a.CreatedAt.IsZero() {
		a.CreatedAt = a.UpdatedAt
	}
	if err := importSlug(ctx, tx, a, numberSlug); err != nil {
		return err
	}
	var err error
	if a.ID == 0 {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `INSERT INTO articles (kind, title, slug, excerpt, source, format, body,
			dateline, status, published_at, updated_at, created_at, author_id, category_id, image_id,
			must_read, comments_open, corrections, seo_title, seo_desc, words)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body,
			a.Dateline, a.Status, nullTime(a.PublishedAt), formatTime(a.UpdatedAt), formatTime(a.CreatedAt),
			a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			boolInt(a.MustRead), boolInt(a.CommentsOpen), a.Corrections, a.SEOTitle, a.SEODesc, a.Words)
		if err == nil {
			a.ID, err = res.LastInsertId()
		}
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE articles SET kind = ?, title = ?, slug = ?, excerpt = ?,
			source = ?, format = ?, body = ?, dateline = ?, status = ?, published_at = ?, updated_at = ?,
			author_id = ?, category_id = ?, image_id = ?, must_read = ?, comments_open = ?,
			seo_title = ?, seo_desc = ?, words = ?
			WHERE id = ?`,
			a.Kind, a.Title, a.Slug, a.Excerpt, a.Source, a.Format, a.Body, a.Dateline, a.Status,
			nullTime(a.PublishedAt), formatTime(a.UpdatedAt), a.Author.ID, nullID(a.Category.ID), imageID(a.Image),
			boolInt(a.MustRead), boolInt(a.CommentsOpen), a.SEOTitle, a.SEODesc, a.Words, a.ID)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("import article %d: %w", a.ID, store.ErrNotFound)
			}
		}
	}
	switch {
	case isUniqueViolation(err):
		return fmt.Errorf("import article: slug %q: %w", a.Slug, store.ErrConflict)
	case isForeignKeyViolation(err):
		return fmt.Errorf("import article %q: its author, section or picture: %w", a.Slug, store.ErrNotFound)
	case err != nil:
		return fmt.Errorf("import article %q: %w", a.Slug, err)
	}
	if err := saveTags(ctx, tx, a); err != nil {
		return err
	}
	return indexForSearch(ctx, tx, a)
}

// importSlug gives a the slug it will be stored with: the next free one of
// its series when numberSlug and the slug belongs to another article (or
// is empty).
func importSlug(ctx context.Context, tx *sql.Tx, a *content.Article, numberSlug bool) error {
	if a.Slug == "" {
		numberSlug = true
		a.Slug = content.Slugify(a.Title)
	}
	if !numberSlug {
		return nil
	}
	var owner int64
	err := tx.QueryRowContext(ctx, `SELECT id FROM articles WHERE slug = ?`, a.Slug).Scan(&owner)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("import article %q: %w", a.Slug, err)
	case owner == a.ID:
		return nil
	}
	slug, err := uniqueSlug(ctx, tx, a.Slug)
	if err != nil {
		return err
	}
	a.Slug = slug
	return nil
}

// ImportComments implements store.Import.
func (s *Store) ImportComments(ctx context.Context, list []store.ImportedComment) error {
	for i := range list {
		list[i].Err = nil
	}
	ids := make([]int64, len(list))
	touched := map[int64]bool{}
	var order []int64
	err := s.inImport(ctx, len(list), func(tx *sql.Tx, i int) error {
		c := list[i].Comment
		if p := list[i].Parent; p >= 0 {
			if p >= i || list[p].Err != nil || ids[p] == 0 {
				return fmt.Errorf("import comment: the comment it answers was not imported: %w", store.ErrNotFound)
			}
			c.ParentID = ids[p]
		}
		if err := importComment(ctx, tx, &c); err != nil {
			return err
		}
		link := list[i].Link
		link.Kind, link.ID = store.LegacyComment, c.ID
		if err := saveLegacyLinks(ctx, tx, []store.LegacyLink{link}); err != nil {
			return err
		}
		ids[i] = c.ID
		if !touched[c.ArticleID] {
			touched[c.ArticleID] = true
			order = append(order, c.ArticleID)
		}
		return nil
	}, func(i int, err error) { list[i].Err = err; ids[i] = 0 }, func(tx *sql.Tx) error {
		for _, id := range order {
			if err := recountComments(ctx, tx, id); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i := range list {
		if list[i].Err == nil {
			list[i].Comment.ID = ids[i]
			if p := list[i].Parent; p >= 0 {
				list[i].Comment.ParentID = ids[p]
			}
		}
	}
	return nil
}

// importComment creates or replaces a comment, leaving the article's count
// to the end of the batch.
func importComment(ctx context.Context, tx *sql.Tx, c *content.Comment) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	var err error
	if c.ID == 0 {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `INSERT INTO comments (article_id, parent_id, author_name, author_email,
			author_url, body, status, created_at, ip_hash, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
			formatTime(c.CreatedAt), c.IPHash, nullID(c.UserID))
		if err == nil {
			c.ID, err = res.LastInsertId()
		}
	} else {
		var res sql.Result
		res, err = tx.ExecContext(ctx, `UPDATE comments SET parent_id = ?, author_name = ?, author_email = ?,
			author_url = ?, body = ?, status = ?, created_at = ?, user_id = ? WHERE id = ? AND article_id = ?`,
			nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
			formatTime(c.CreatedAt), nullID(c.UserID), c.ID, c.ArticleID)
		if err == nil {
			if n, _ := res.RowsAffected(); n == 0 {
				return fmt.Errorf("import comment %d on article %d: %w", c.ID, c.ArticleID, store.ErrNotFound)
			}
		}
	}
	if isForeignKeyViolation(err) {
		return fmt.Errorf("import comment on article %d: its article, parent or member: %w", c.ArticleID, store.ErrNotFound)
	}
	if err != nil {
		return fmt.Errorf("import comment on article %d: %w", c.ArticleID, err)
	}
	return nil
}
