package sqlite

import (
	"context"
	"database/sql"
	"fmt"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.AccountAdmin = (*Store)(nil)

// UserSessions implements store.AccountAdmin.
func (s *Store) UserSessions(ctx context.Context, userID int64) ([]content.Session, error) {
	what := fmt.Sprintf("sessions of user %d", userID)
	rows, err := s.query(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE user_id = ?
		ORDER BY last_seen DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var list []content.Session
	for rows.Next() {
		var se content.Session
		var created, seen, expires sql.NullString
		if err := rows.Scan(&se.ID, &se.UserID, &se.TokenHash, &created, &seen, &expires, &se.UserAgent, &se.IPHash); err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		se.CreatedAt, se.LastSeen, se.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
		list = append(list, se)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
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
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM users WHERE id IN (?, ?)`, id, heir).Scan(&n); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if n != 2 {
			return fmt.Errorf("%s: user or heir %d: %w", what, heir, store.ErrNotFound)
		}
		ids, err := authoredArticles(ctx, tx, id)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET author_id = ? WHERE author_id = ?`, heir, id); err != nil {
			return fmt.Errorf("%s: give articles to user %d: %w", what, heir, err)
		}
		// In a byline that names both, the heir stays once, where they were.
		if _, err := tx.ExecContext(ctx, `DELETE FROM article_authors WHERE user_id = ?1 AND article_id IN
			(SELECT article_id FROM article_authors WHERE user_id = ?2)`, id, heir); err != nil {
			return fmt.Errorf("%s: bylines: %w", what, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE article_authors SET user_id = ? WHERE user_id = ?`, heir, id); err != nil {
			return fmt.Errorf("%s: give bylines to user %d: %w", what, heir, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE live_entries SET author_id = ? WHERE author_id = ?`, heir, id); err != nil {
			return fmt.Errorf("%s: give live blog entries to user %d: %w", what, heir, err)
		}
		if _, err := tx.ExecContext(ctx, `UPDATE media SET owner_id = ? WHERE owner_id = ?`, heir, id); err != nil {
			return fmt.Errorf("%s: give pictures to user %d: %w", what, heir, err)
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM users WHERE id = ?`, id); err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return reindexArticles(ctx, tx, ids)
	})
}

// authoredArticles lists the ids of the articles a member owns or is in
// the byline of.
func authoredArticles(ctx context.Context, tx *sql.Tx, userID int64) ([]int64, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM articles WHERE author_id = ?1
		UNION SELECT article_id FROM article_authors WHERE user_id = ?1`, userID)
	if err != nil {
		return nil, fmt.Errorf("articles by user %d: %w", userID, err)
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("articles by user %d: %w", userID, err)
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}
