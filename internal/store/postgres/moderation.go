package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Moderation = (*Store)(nil)

// storedCommentColumns are every column of a comment, in the order
// scanComment reads them.
const storedCommentColumns = `cm.id, cm.article_id, COALESCE(cm.parent_id, 0), cm.author_name, cm.author_email,
	cm.author_url, cm.body, cm.status, cm.created_at, cm.ip_hash, COALESCE(cm.user_id, 0)`

func scanComment(row pgx.Row, extra ...any) (content.Comment, error) {
	var c content.Comment
	dest := append([]any{&c.ID, &c.ArticleID, &c.ParentID, &c.AuthorName, &c.AuthorEmail,
		&c.AuthorURL, &c.Body, &c.Status, &c.CreatedAt, &c.IPHash, &c.UserID}, extra...)
	err := row.Scan(dest...)
	return c, err
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
	c, err := scanComment(s.queryRow(ctx, `SELECT `+storedCommentColumns+` FROM comments cm WHERE cm.id = $1`, id))
	return c, notFound(err, fmt.Sprintf("comment %d", id))
}

// The moderation queue's four shapes, one query each so that every one
// reads its own index in order (see the schema).
const (
	queueFrom = ` FROM comments cm JOIN articles a ON a.id = cm.article_id`
	queueCols = storedCommentColumns + `, a.id, a.kind, a.title, a.slug, a.status, a.published_at, a.created_at`

	queueByStatus          = `SELECT ` + queueCols + queueFrom + ` WHERE cm.status = $1 ORDER BY cm.created_at DESC, cm.id DESC LIMIT $2 OFFSET $3`
	queueByArticleStatus   = `SELECT ` + queueCols + queueFrom + ` WHERE cm.article_id = $1 AND cm.status = $2 ORDER BY cm.created_at DESC, cm.id DESC LIMIT $3 OFFSET $4`
	queueListed            = `SELECT ` + queueCols + queueFrom + ` WHERE cm.status IN ('pending', 'approved') ORDER BY cm.created_at DESC, cm.id DESC LIMIT $1 OFFSET $2`
	queueListedByArticle   = `SELECT ` + queueCols + queueFrom + ` WHERE cm.article_id = $1 AND cm.status IN ('pending', 'approved') ORDER BY cm.created_at DESC, cm.id DESC LIMIT $2 OFFSET $3`
	countCommentsStatement = `SELECT COUNT(*) FROM comments WHERE status = $1`
)

// ModerationQueue implements store.Moderation.
func (s *Store) ModerationQueue(ctx context.Context, f store.CommentFilter) ([]store.CommentOn, error) {
	f = f.Normalize()
	var (
		rows pgx.Rows
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
	list, err := collect(rows, err, func(rows pgx.Rows) (store.CommentOn, error) {
		var a content.Article
		c, err := scanComment(rows, &a.ID, &a.Kind, &a.Title, &a.Slug, &a.Status, at(&a.PublishedAt), &a.CreatedAt)
		return store.CommentOn{Comment: c, Article: a}, err
	})
	if err != nil {
		return nil, fmt.Errorf("moderation queue: %w", err)
	}
	return list, nil
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

// ChangeComment implements store.Moderation, recounting the article in the
// same transaction so comment_count never disagrees with the comments.
func (s *Store) ChangeComment(ctx context.Context, id int64, body *string, status content.CommentStatus) error {
	if status != "" && !validCommentStatus(status) {
		return fmt.Errorf("status of comment %d: unknown status %q", id, status)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		var articleID int64
		err := tx.QueryRow(ctx, `UPDATE comments SET body = COALESCE($2, body), status = COALESCE(NULLIF($3, ''), status)
			WHERE id = $1 RETURNING article_id`, id, body, string(status)).Scan(&articleID)
		if err != nil {
			return notFound(err, fmt.Sprintf("change of comment %d", id))
		}
		return recountComments(ctx, tx, articleID)
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
		WHERE lower(author_email) = $1 AND status = 'approved')`, normEmail(email)).Scan(&found)
	if err != nil {
		return false, fmt.Errorf("approved comments of an address: %w", err)
	}
	return found, nil
}

// RecentCommentByEmail implements store.Moderation.
func (s *Store) RecentCommentByEmail(ctx context.Context, articleID int64, email, body string, since time.Time) (content.Comment, error) {
	c, err := scanComment(s.queryRow(ctx, `SELECT `+storedCommentColumns+` FROM comments cm
		WHERE lower(cm.author_email) = $1 AND cm.article_id = $2 AND cm.created_at >= $3 AND cm.body = $4
		ORDER BY cm.created_at DESC LIMIT 1`,
		normEmail(email), articleID, since.UTC(), body))
	return c, notFound(err, fmt.Sprintf("recent comment on article %d", articleID))
}

// SetReplySubscription implements store.Moderation.
func (s *Store) SetReplySubscription(ctx context.Context, commentID int64, subscribed bool) error {
	n, err := s.exec(ctx, `UPDATE comments SET notify_replies = $1 WHERE id = $2`, subscribed, commentID)
	return changedOne(n, err, fmt.Sprintf("reply subscription of comment %d", commentID))
}

// ReplySubscription implements store.Moderation.
func (s *Store) ReplySubscription(ctx context.Context, commentID int64) (bool, error) {
	var on bool
	err := s.queryRow(ctx, `SELECT notify_replies FROM comments WHERE id = $1`, commentID).Scan(&on)
	return on, notFound(err, fmt.Sprintf("reply subscription of comment %d", commentID))
}
