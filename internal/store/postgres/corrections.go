package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

// loadCorrections reads the article's corrections, oldest first.
func (s *Store) loadCorrections(ctx context.Context, a *content.Article) error {
	rows, err := s.query(ctx, `SELECT `+correctionColumns+` FROM corrections c
		LEFT JOIN users u ON u.id = c.author_id WHERE c.article_id = $1 ORDER BY c.id`, a.ID)
	list, err := collect(rows, err, func(r pgx.Rows) (content.Correction, error) { return scanCorrection(r) })
	if err != nil {
		return fmt.Errorf("corrections of article %d: %w", a.ID, err)
	}
	a.Corrections = list
	return nil
}

const correctionColumns = `c.id, c.article_id, c.kind, c.text, c.created_at, c.updated_at,
	COALESCE(u.id, 0), COALESCE(u.name, '')`

func scanCorrection(row pgx.Row, more ...any) (content.Correction, error) {
	var c content.Correction
	dest := append([]any{&c.ID, &c.ArticleID, &c.Kind, &c.Text, at(&c.CreatedAt), at(&c.UpdatedAt), &c.By.ID, &c.By.Name}, more...)
	err := row.Scan(dest...)
	return c, err
}

// AddCorrection implements store.Corrections.
func (s *Store) AddCorrection(ctx context.Context, c *content.Correction) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := touchArticle(ctx, tx, c.ArticleID, c.CreatedAt); err != nil {
			return err
		}
		c.UpdatedAt = c.CreatedAt
		err := tx.QueryRow(ctx, `INSERT INTO corrections (article_id, kind, text, created_at, updated_at, author_id)
			VALUES ($1, $2, $3, $4, $4, $5) RETURNING id`, c.ArticleID, c.Kind, c.Text, c.CreatedAt.UTC(), nullID(c.By.ID)).Scan(&c.ID)
		if err != nil {
			return fmt.Errorf("correct article %d: %w", c.ArticleID, err)
		}
		return nil
	})
}

// touchArticle marks the article changed at at: a correction changes
// what readers see of it.
func touchArticle(ctx context.Context, tx pgx.Tx, id int64, at time.Time) error {
	tag, err := tx.Exec(ctx, `UPDATE articles SET updated_at = $1 WHERE id = $2`, at.UTC(), id)
	return changedOne(tag.RowsAffected(), err, fmt.Sprintf("correct article %d", id))
}

// EditCorrection implements store.Corrections. The wording it replaces is
// copied into correction_versions by the same transaction, so no change
// of words is ever without its history.
func (s *Store) EditCorrection(ctx context.Context, c content.Correction) error {
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var articleID int64
		err := tx.QueryRow(ctx, `SELECT article_id FROM corrections WHERE id = $1 FOR UPDATE`, c.ID).Scan(&articleID)
		if err != nil {
			return notFound(err, fmt.Sprintf("correction %d", c.ID))
		}
		when := c.UpdatedAt.UTC()
		if _, err := tx.Exec(ctx, `INSERT INTO correction_versions (correction_id, kind, text, changed_at, changed_by)
			SELECT id, kind, text, $1, $2 FROM corrections WHERE id = $3`, when, nullID(c.By.ID), c.ID); err != nil {
			return fmt.Errorf("keep the wording of correction %d: %w", c.ID, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE corrections SET kind = $1, text = $2, updated_at = $3 WHERE id = $4`,
			c.Kind, c.Text, when, c.ID); err != nil {
			return fmt.Errorf("edit correction %d: %w", c.ID, err)
		}
		return touchArticle(ctx, tx, articleID, when)
	})
}

// CorrectionByID implements store.Corrections.
func (s *Store) CorrectionByID(ctx context.Context, id int64) (content.Correction, error) {
	c, err := scanCorrection(s.queryRow(ctx, `SELECT `+correctionColumns+` FROM corrections c
		LEFT JOIN users u ON u.id = c.author_id WHERE c.id = $1`, id))
	return c, notFound(err, fmt.Sprintf("correction %d", id))
}

// CorrectionHistory implements store.Corrections.
func (s *Store) CorrectionHistory(ctx context.Context, id int64) ([]content.CorrectionVersion, error) {
	rows, err := s.query(ctx, `SELECT v.kind, v.text, v.changed_at, COALESCE(u.id, 0), COALESCE(u.name, '')
		FROM correction_versions v LEFT JOIN users u ON u.id = v.changed_by
		WHERE v.correction_id = $1 ORDER BY v.id`, id)
	list, err := collect(rows, err, func(r pgx.Rows) (content.CorrectionVersion, error) {
		var v content.CorrectionVersion
		err := r.Scan(&v.Kind, &v.Text, at(&v.ChangedAt), &v.ChangedBy.ID, &v.ChangedBy.Name)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("history of correction %d: %w", id, err)
	}
	return list, nil
}

// RecentCorrections implements store.Corrections: newest first from the
// corrections' index, each article looked up by its key.
func (s *Store) RecentCorrections(ctx context.Context, limit, offset int) ([]content.Correction, error) {
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, `SELECT `+correctionColumns+`, a.kind, a.title, a.slug, a.status, a.published_at
		FROM corrections c JOIN articles a ON a.id = c.article_id LEFT JOIN users u ON u.id = c.author_id
		WHERE a.status = 'published'
		ORDER BY c.created_at DESC, c.id DESC LIMIT $1 OFFSET $2`, limit, max(offset, 0))
	list, err := collect(rows, err, func(r pgx.Rows) (content.Correction, error) {
		var a content.Article
		c, err := scanCorrection(r, &a.Kind, &a.Title, &a.Slug, &a.Status, at(&a.PublishedAt))
		a.ID = c.ArticleID
		c.Article = &a
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("recent corrections: %w", err)
	}
	return list, nil
}
