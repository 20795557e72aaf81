package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Moderation = (*Store)(nil)

// storedCommentColumns are every column of a comment, in the order
// scanComment reads them.
const storedCommentColumns = `cm.id, cm.article_id, COALESCE(cm.parent_id, 0), cm.author_name, cm.author_email,
	cm.author_url, cm.body, cm.status, cm.created_at, cm.ip_hash, COALESCE(cm.user_id, 0)`

func scanComment(row scanner, extra ...any) (content.Comment, error) {
	var c content.Comment
	var created sql.NullString
	dest := append([]any{&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorEmail,
		&c.AuthorURL, &c.Body, &c.Status, &created, &c.IPHash, &c.UserID}, extra...)
	if err := row.Scan(dest...); err != nil {
		return c, err
	}
	c.CreatedAt = parseTime(created)
	return c, nil
}

// normEmail is how emails are compared: trimmed and lower-cased.
func normEmail(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

func validCommentStatus(s content.CommentStatus) bool {
	switch s {
	case content.CommentPending, content.CommentApproved, content.CommentSpam, content.CommentTrash:
		return true
	}
	return false
}

// CommentByID implements store.Moderation.
func (s *Store) CommentByID(ctx context.Context, id int64) (content.Comment, error) {
	c, err := scanComment(s.queryRow(ctx, `SELECT `+storedCommentColumns+` FROM comments cm WHERE cm.id = ?`, id))
	return c, notFound(err, fmt.Sprintf("comment %d", id))
}

// The moderation queue's four shapes, one query each so that every one
// reads its own index in order (see the migration 0007).
const (
	queueFrom = ` FROM comments cm JOIN articles a ON a.id = cm.article_id`
	queueCols = storedCommentColumns + `, a.id, a.kind, a.title, a.slug, a.status, a.published_at, a.created_at`
	queueTail = ` ORDER BY cm.created_at DESC, cm.id DESC LIMIT ? OFFSET ?`

	queueByStatus        = `SELECT ` + queueCols + queueFrom + ` WHERE cm.status = ?` + queueTail
	queueByArticleStatus = `SELECT ` + queueCols + queueFrom + ` WHERE cm.article_id = ? AND cm.status = ?` + queueTail
	// Without statistics the planner would rather read comments_recent
	// twice and sort; the partial index gives the order with no sort.
	queueListed = `SELECT ` + queueCols + ` FROM comments cm INDEXED BY comments_listed
		JOIN articles a ON a.id = cm.article_id WHERE cm.status IN ('pending', 'approved')` + queueTail
	queueListedByArticle   = `SELECT ` + queueCols + queueFrom + ` WHERE cm.article_id = ? AND cm.status IN ('pending', 'approved')` + queueTail
	countCommentsStatement = `SELECT COUNT(*) FROM comments WHERE status = ?`
)

// ModerationQueue implements store.Moderation.
func (s *Store) ModerationQueue(ctx context.Context, f store.CommentFilter) ([]store.CommentOn, error) {
	f = f.Normalize()
	var (
		rows *sql.Rows
		err  error
	)
	switch {
	case f.Status != "" && f.ArticleID != 0:
		rows, err = s.query(ctx, queueByArticleStatus, f.ArticleID, f.Status, f.Limit, f.Offset)
	case f.Status != "":
		rows, err = s.query(ctx, queueByStatus, f.Status, f.Limit, f.Offset)
	case f.ArticleID != 0:
		rows, err = s.query(ctx, queueListedByArticle, f.ArticleID, f.Limit, f.Offset)
	default:
		rows, err = s.query(ctx, queueListed, f.Limit, f.Offset)
	}
	if err != nil {
		return nil, fmt.Errorf("moderation queue: %w", err)
	}
	defer rows.Close()
	var list []store.CommentOn
	for rows.Next() {
		var a content.Article
		var published, created sql.NullString
		c, err := scanComment(rows, &a.ID, &a.Kind, &a.Title, &a.Slug, &a.Status, &published, &created)
		if err != nil {
			return nil, fmt.Errorf("moderation queue: %w", err)
		}
		a.PublishedAt, a.CreatedAt = parseTime(published), parseTime(created)
		list = append(list, store.CommentOn{Comment: c, Article: a})
	}
	return list, rows.Err()
}

// changeComment runs change on comment id and recounts its article in the
// same transaction, so comment_count never disagrees with the comments.
func (s *Store) changeComment(ctx context.Context, id int64, what string, change func(tx *sql.Tx) error) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var articleID int64
		err := tx.QueryRowContext(ctx, `SELECT article_id FROM comments WHERE id = ?`, id).Scan(&articleID)
		if err != nil {
			return notFound(err, fmt.Sprintf("%s of comment %d", what, id))
		}
		if err := change(tx); err != nil {
			return fmt.Errorf("%s of comment %d: %w", what, id, err)
		}
		return recountComments(ctx, tx, articleID)
	})
}

// SetCommentStatus implements store.Moderation.
func (s *Store) SetCommentStatus(ctx context.Context, id int64, status content.CommentStatus) error {
	if status == "" {
		return fmt.Errorf("status of comment %d: no status", id)
	}
	return s.ChangeComment(ctx, id, nil, status)
}

// UpdateCommentBody implements store.Moderation.
func (s *Store) UpdateCommentBody(ctx context.Context, id int64, body string) error {
	return s.ChangeComment(ctx, id, &body, "")
}

// ChangeComment implements store.Moderation.
func (s *Store) ChangeComment(ctx context.Context, id int64, body *string, status content.CommentStatus) error {
	if status != "" && !validCommentStatus(status) {
		return fmt.Errorf("status of comment %d: unknown status %q", id, status)
	}
	return s.changeComment(ctx, id, "change", func(tx *sql.Tx) error {
		if body != nil {
			if _, err := tx.ExecContext(ctx, `UPDATE comments SET body = ? WHERE id = ?`, *body, id); err != nil {
				return err
			}
		}
		if status != "" {
			if _, err := tx.ExecContext(ctx, `UPDATE comments SET status = ? WHERE id = ?`, status, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// CountComments implements store.Moderation.
func (s *Store) CountComments(ctx context.Context, status content.CommentStatus) (int, error) {
	var n int
	if err := s.queryRow(ctx, countCommentsStatement, status).Scan(&n); err != nil {
		return 0, fmt.Errorf("count %s comments: %w", status, err)
	}
	return n, nil
}

// HasApprovedComment implements store.Moderation.
func (s *Store) HasApprovedComment(ctx context.Context, email string) (bool, error) {
	var found bool
	err := s.queryRow(ctx, `SELECT EXISTS (SELECT 1 FROM comments
		WHERE lower(author_email) = ? AND status = 'approved')`, normEmail(email)).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("approved comments of an address: %w", err)
	}
	return found, nil
}

// RecentCommentByEmail implements store.Moderation.
func (s *Store) RecentCommentByEmail(ctx context.Context, articleID int64, email, body string, since time.Time) (content.Comment, error) {
	c, err := scanComment(s.queryRow(ctx, `SELECT `+storedCommentColumns+` FROM comments cm
		WHERE lower(cm.author_email) = ? AND cm.article_id = ? AND cm.created_at >= ? AND cm.body = ?
		ORDER BY cm.created_at DESC LIMIT 1`,
		normEmail(email), articleID, formatTime(since), body))
	return c, notFound(err, fmt.Sprintf("recent comment on article %d", articleID))
}

// SetReplySubscription implements store.Moderation.
func (s *Store) SetReplySubscription(ctx context.Context, commentID int64, subscribed bool) error {
	n, err := s.exec(ctx, `UPDATE comments SET notify_replies = ? WHERE id = ?`, boolInt(subscribed), commentID)
	return changedOne(n, err, fmt.Sprintf("reply subscription of comment %d", commentID))
}

// ReplySubscription implements store.Moderation.
func (s *Store) ReplySubscription(ctx context.Context, commentID int64) (bool, error) {
	var on bool
	err := s.queryRow(ctx, `SELECT notify_replies FROM comments WHERE id = ?`, commentID).Scan(&on)
	return on, notFound(err, fmt.Sprintf("reply subscription of comment %d", commentID))
}
