package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateComment implements store.Comments.
func (s *Store) CreateComment(ctx context.Context, c *content.Comment) error {
	return s.inTx(ctx, func(tx pgx.Tx) error { return insertComment(ctx, tx, c, false) })
}

// PostComment implements store.Comments, in one transaction. (SQLite
// gathers the posts that arrive while its one writer is busy into one
// commit; PostgreSQL writes them at once and groups their flushes to disk
// itself.)
func (s *Store) PostComment(ctx context.Context, c *content.Comment, subscribe bool, mails func(content.Comment) []*store.Mail, quotas ...store.Quota) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if err := store.CheckQuotas(quotas); err != nil {
		return err
	}
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if err := takeQuotas(ctx, tx, c.CreatedAt, quotas); err != nil {
			return err
		}
		if err := insertComment(ctx, tx, c, subscribe); err != nil {
			return err
		}
		if mails == nil {
			return nil
		}
		for _, m := range mails(*c) {
			if err := enqueueMail(ctx, tx, m); err != nil {
				return fmt.Errorf("notifications of comment %d: %w", c.ID, err)
			}
		}
		return nil
	})
}

func insertComment(ctx context.Context, tx querier, c *content.Comment, subscribe bool) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	err := tx.QueryRow(ctx, `INSERT INTO comments (article_id, parent_id, author_name, author_email,
		author_url, body, status, created_at, ip_hash, user_id, notify_replies)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
		c.CreatedAt.UTC(), c.IPHash, nullID(c.UserID), subscribe).Scan(&c.ID)
	if err != nil {
		if isForeignKeyViolation(err) {
			return fmt.Errorf("comment on article %d: %w", c.ArticleID, store.ErrNotFound)
		}
		return fmt.Errorf("comment on article %d: %w", c.ArticleID, err)
	}
	if c.Status != content.CommentApproved {
		return nil // the count is of approved comments: a held one leaves it as it is
	}
	return recountComments(ctx, tx, c.ArticleID)
}

// recountComments keeps articles.comment_count equal to the number of
// approved comments, so lists show counts without a join. The article's
// row is locked first, in a statement of its own: two comments committed
// at once then count one after the other, the second in a snapshot that
// sees the first, where one statement would count in a snapshot taken
// before the first committed and lose it.
func recountComments(ctx context.Context, tx querier, articleID int64) error {
	if _, err := tx.Exec(ctx, `SELECT 1 FROM articles WHERE id = $1 FOR NO KEY UPDATE`, articleID); err != nil {
		return fmt.Errorf("count comments of article %d: %w", articleID, err)
	}
	_, err := tx.Exec(ctx, `UPDATE articles SET comment_count =
		(SELECT COUNT(*) FROM comments WHERE article_id = $1 AND status = 'approved') WHERE id = $1`, articleID)
	if err != nil {
		return fmt.Errorf("count comments of article %d: %w", articleID, err)
	}
	return nil
}

// ApprovedComments implements store.Comments.
func (s *Store) ApprovedComments(ctx context.Context, articleID int64) ([]content.Comment, error) {
	rows, err := s.query(ctx, `SELECT `+storedCommentColumns+`
		FROM comments cm WHERE cm.article_id = $1 AND cm.status = 'approved' ORDER BY cm.created_at, cm.id`, articleID)
	list, err := collect(rows, err, func(rows pgx.Rows) (content.Comment, error) { return scanComment(rows) })
	if err != nil {
		return nil, fmt.Errorf("comments of article %d: %w", articleID, err)
	}
	return list, nil
}
