package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.AccountAdmin = (*Store)(nil)

// UserSessions implements store.AccountAdmin.
func (s *Store) UserSessions(ctx context.Context, userID int64) ([]content.Session, error) {
	rows, err := s.query(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE user_id = $1
		ORDER BY last_seen DESC, id DESC`, userID)
	list, err := collect(rows, err, func(rows pgx.Rows) (content.Session, error) { return scanSession(rows) })
	if err != nil {
		return nil, fmt.Errorf("sessions of user %d: %w", userID, err)
	}
	return list, nil
}

// DeleteUser implements store.AccountAdmin. The heir's name replaces the
// member's in the search index of the articles that change hands.
func (s *Store) DeleteUser(ctx context.Context, id, heir int64) error {
	what := fmt.Sprintf("delete user %d", id)
	if id == heir {
		return fmt.Errorf("%s: give the articles to the same user: %w", what, store.ErrNotFound)
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		// Both rows are locked, so the heir cannot go meanwhile.
		var n int
		if err := tx.QueryRow(ctx, `SELECT COUNT(*) FROM (SELECT 1 FROM users WHERE id IN ($1, $2) ORDER BY id FOR UPDATE) u`, id, heir).Scan(&n); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n != 2 {
			return fmt.Errorf("%s: user or heir %d: %w", what, heir, store.ErrNotFound)
		}
		ids, err := authoredArticles(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE articles SET author_id = $1 WHERE author_id = $2`, heir, id); err != nil {
			return fmt.Errorf("%s: give articles to user %d: %w", what, heir, err)
		}
		// In a byline that names both, the heir stays once, where they were.
		if _, err := tx.Exec(ctx, `DELETE FROM article_authors WHERE user_id = $1 AND article_id IN
			(SELECT article_id FROM article_authors WHERE user_id = $2)`, id, heir); err != nil {
			return fmt.Errorf("%s: bylines: %w", what, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE article_authors SET user_id = $1 WHERE user_id = $2`, heir, id); err != nil {
			return fmt.Errorf("%s: give bylines to user %d: %w", what, heir, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE live_entries SET author_id = $1 WHERE author_id = $2`, heir, id); err != nil {
			return fmt.Errorf("%s: give live blog entries to user %d: %w", what, heir, err)
		}
		if _, err := tx.Exec(ctx, `UPDATE media SET owner_id = $1 WHERE owner_id = $2`, heir, id); err != nil {
			return fmt.Errorf("%s: give pictures to user %d: %w", what, heir, err)
		}
		if _, err := tx.Exec(ctx, `DELETE FROM users WHERE id = $1`, id); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return reindexArticles(ctx, tx, ids)
	})
}

// authoredArticles lists the ids of the articles a member owns or is in
// the byline of.
func authoredArticles(ctx context.Context, tx querier, userID int64) ([]int64, error) {
	rows, err := tx.Query(ctx, `SELECT id FROM articles WHERE author_id = $1
		UNION SELECT article_id FROM article_authors WHERE user_id = $1`, userID)
	ids, err := collect(rows, err, scanInt64)
	if err != nil {
		return nil, fmt.Errorf("articles by user %d: %w", userID, err)
	}
	return ids, nil
}
