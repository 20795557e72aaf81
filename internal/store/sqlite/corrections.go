package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"dateline/internal/content"
	"dateline/internal/store"
)

// loadCorrections reads the article's corrections, oldest first.
func (s *Store) loadCorrections(ctx context.Context, a *content.Article) error {
	list, err := s.correctionsOf(ctx, a.ID)
	a.Corrections = list
	return err
}

const correctionColumns = `c.id, c.article_id, c.kind, c.text, c.created_at, c.updated_at,
	COALESCE(u.id, 0), COALESCE(u.name, '')`

func scanCorrection(row scanner) (content.Correction, error) {
	var (
		c             content.Correction
		made, changed sql.NullString
	)
	err := row.Scan(&c.ID, &c.ArticleID, &c.Kind, &c.Text, &made, &changed, &c.By.ID, &c.By.Name)
	c.CreatedAt, c.UpdatedAt = parseTime(made), parseTime(changed)
	return c, err
}

func (s *Store) correctionsOf(ctx context.Context, articleID int64) ([]content.Correction, error) {
	rows, err := s.query(ctx, `SELECT `+correctionColumns+` FROM corrections c
		LEFT JOIN users u ON u.id = c.author_id WHERE c.article_id = ? ORDER BY c.id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("corrections of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var list []content.Correction
	for rows.Next() {
		c, err := scanCorrection(rows)
		if err != nil {
			return nil, fmt.Errorf("corrections of article %d: %w", articleID, err)
		}
		list = append(list, c)
	}
	return list, rows.Err()
}

// AddCorrection implements store.Corrections.
func (s *Store) AddCorrection(ctx context.Context, c *content.Correction) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if err := touchArticle(ctx, tx, c.ArticleID, formatTime(c.CreatedAt)); err != nil {
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO corrections (article_id, kind, text, created_at, updated_at, author_id)
			VALUES (?, ?, ?, ?, ?, ?)`, c.ArticleID, c.Kind, c.Text, formatTime(c.CreatedAt), formatTime(c.CreatedAt), nullID(c.By.ID))
		if err != nil {
			return fmt.Errorf("correct article %d: %w", c.ArticleID, err)
		}
		c.UpdatedAt = c.CreatedAt
		c.ID, err = res.LastInsertId()
		return err
	})
}

// touchArticle marks the article changed at at: a correction changes
// what readers see of it.
func touchArticle(ctx context.Context, tx *sql.Tx, id int64, at string) error {
	res, err := tx.ExecContext(ctx, `UPDATE articles SET updated_at = ? WHERE id = ?`, at, id)
	if err != nil {
		return fmt.Errorf("correct article %d: %w", id, err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return fmt.Errorf("correct article %d: %w", id, store.ErrNotFound)
	}
	return nil
}

// EditCorrection implements store.Corrections. The wording it replaces is
// copied into correction_versions by the same transaction, so no change
// of words is ever without its history.
func (s *Store) EditCorrection(ctx context.Context, c content.Correction) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var articleID int64
		err := tx.QueryRowContext(ctx, `SELECT article_id FROM corrections WHERE id = ?`, c.ID).Scan(&articleID)
		if err != nil {
			return notFound(err, fmt.Sprintf("correction %d", c.ID))
		}
		at := formatTime(c.UpdatedAt)
		if _, err := tx.ExecContext(ctx, `INSERT INTO correction_versions (correction_id, kind, text, changed_at, changed_by)
			SELECT id, kind, text, ?, ? FROM corrections WHERE id = ?`, at, nullID(c.By.ID), c.ID); err != nil {
			return fmt.Errorf("keep the wording of correction %d: %w", c.ID, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE corrections SET kind = ?, text = ?, updated_at = ? WHERE id = ?`,
			c.Kind, c.Text, at, c.ID); err != nil {
			return fmt.Errorf("edit correction %d: %w", c.ID, err)
		}
		return touchArticle(ctx, tx, articleID, at)
	})
}

// CorrectionByID implements store.Corrections.
func (s *Store) CorrectionByID(ctx context.Context, id int64) (content.Correction, error) {
	c, err := scanCorrection(s.queryRow(ctx, `SELECT `+correctionColumns+` FROM corrections c
		LEFT JOIN users u ON u.id = c.author_id WHERE c.id = ?`, id))
	return c, notFound(err, fmt.Sprintf("correction %d", id))
}

// CorrectionHistory implements store.Corrections.
func (s *Store) CorrectionHistory(ctx context.Context, id int64) ([]content.CorrectionVersion, error) {
	rows, err := s.query(ctx, `SELECT v.kind, v.text, v.changed_at, COALESCE(u.id, 0), COALESCE(u.name, '')
		FROM correction_versions v LEFT JOIN users u ON u.id = v.changed_by
		WHERE v.correction_id = ? ORDER BY v.id`, id)
	if err != nil {
		return nil, fmt.Errorf("history of correction %d: %w", id, err)
	}
	defer rows.Close()
	var list []content.CorrectionVersion
	for rows.Next() {
		var (
			v  content.CorrectionVersion
			at sql.NullString
		)
		if err := rows.Scan(&v.Kind, &v.Text, &at, &v.ChangedBy.ID, &v.ChangedBy.Name); err != nil {
			return nil, fmt.Errorf("history of correction %d: %w", id, err)
		}
		v.ChangedAt = parseTime(at)
		list = append(list, v)
	}
	return list, rows.Err()
}

// RecentCorrections implements store.Corrections. It walks the
// corrections newest first by their index and looks each article up by
// its key, so a page costs its own rows whatever the archive's size.
func (s *Store) RecentCorrections(ctx context.Context, limit, offset int) ([]content.Correction, error) {
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	// CROSS JOIN keeps corrections the outer loop, read newest first from
	// corrections_newest until the page is full: joined the other way,
	// the planner read every published article and sorted.
	rows, err := s.query(ctx, `SELECT `+correctionColumns+`, a.kind, a.title, a.slug, a.status, a.published_at
		FROM corrections c CROSS JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.author_id
		WHERE a.status = 'published'
		ORDER BY c.created_at DESC, c.id DESC LIMIT ? OFFSET ?`, limit, max(offset, 0))
	if err != nil {
		return nil, fmt.Errorf("recent corrections: %w", err)
	}
	defer rows.Close()
	var list []content.Correction
	for rows.Next() {
		var (
			c                    content.Correction
			a                    content.Article
			made, changed, since sql.NullString
		)
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.Kind, &c.Text, &made, &changed, &c.By.ID, &c.By.Name,
			&a.Kind, &a.Title, &a.Slug, &a.Status, &since); err != nil {
			return nil, fmt.Errorf("recent corrections: %w", err)
		}
		c.CreatedAt, c.UpdatedAt, a.PublishedAt = parseTime(made), parseTime(changed), parseTime(since)
		a.ID = c.ArticleID
		c.Article = &a
		list = append(list, c)
	}
	return list, rows.Err()
}
