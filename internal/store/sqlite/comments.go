package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// CreateComment implements store.Comments.
func (s *Store) CreateComment(ctx context.Context, c *content.Comment) error {
	return s.inTx(ctx, func(tx *sql.Tx) error { return insertComment(ctx, tx, c, false) })
}

// PostComment implements store.Comments: one flush to disk for the
// comment, the wish for replies and the notifications, where three
// transactions would wait for three.
func (s *Store) PostComment(ctx context.Context, c *content.Comment, subscribe bool, mails func(content.Comment) []*store.Mail) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
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

func insertComment(ctx context.Context, tx *sql.Tx, c *content.Comment, subscribe bool) error {
	if c.CreatedAt.IsZero() {
		c.CreatedAt = time.Now().UTC()
	}
	res, err := tx.ExecContext(ctx, `INSERT INTO comments (article_id, parent_id, author_name, author_email,
		author_url, body, status, created_at, ip_hash, user_id, notify_replies) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
		c.ArticleID, nullID(c.ParentID), c.AuthorName, c.AuthorEmail, c.AuthorURL, c.Body, c.Status,
		formatTime(c.CreatedAt), c.IPHash, nullID(c.UserID), boolInt(subscribe))
	if err != nil {
		if isForeignKeyViolation(err) {
			return fmt.Errorf("comment on article %d: %w", c.ArticleID, store.ErrNotFound)
		}
		return fmt.Errorf("comment on article %d: %w", c.ArticleID, err)
	}
	if c.ID, err = res.LastInsertId(); err != nil {
		return err
	}
	if c.Status != content.CommentApproved {
		return nil // the count is of approved comments: a held one leaves it as it is
	}
	return recountComments(ctx, tx, c.ArticleID)
}

// recountComments keeps articles.comment_count equal to the number of
// approved comments, so lists show counts without a join.
func recountComments(ctx context.Context, tx *sql.Tx, articleID int64) error {
	_, err := tx.ExecContext(ctx, `UPDATE articles SET comment_count =
		(SELECT COUNT(*) FROM comments WHERE article_id = ? AND status = 'approved') WHERE id = ?`, articleID, articleID)
	if err != nil {
		return fmt.Errorf("count comments of article %d: %w", articleID, err)
	}
	return nil
}

// ApprovedComments implements store.Comments.
func (s *Store) ApprovedComments(ctx context.Context, articleID int64) ([]content.Comment, error) {
	rows, err := s.query(ctx, `SELECT id, article_id, COALESCE(parent_id, 0), author_name, author_email,
		author_url, body, status, created_at, ip_hash, COALESCE(user_id, 0)
		FROM comments WHERE article_id = ? AND status = 'approved' ORDER BY created_at, id`, articleID)
	if err != nil {
		return nil, fmt.Errorf("comments of article %d: %w", articleID, err)
	}
	defer rows.Close()
	var list []content.Comment
	for rows.Next() {
		var c content.Comment
		var created sql.NullString
		if err := rows.Scan(&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorEmail,
			&c.AuthorURL, &c.Body, &c.Status, &created, &c.IPHash, &c.UserID); err != nil {
			return nil, err
		}
		c.CreatedAt = parseTime(created)
		list = append(list, c)
	}
	return list, rows.Err()
}
