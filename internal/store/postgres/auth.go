package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Accounts = (*Store)(nil)

// PasswordHash implements store.Accounts.
func (s *Store) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := s.queryRow(ctx, `SELECT password_hash FROM users WHERE id = $1`, userID).Scan(&hash)
	return hash, notFound(err, fmt.Sprintf("password of user %d", userID))
}

// SetPasswordHash implements store.Accounts.
func (s *Store) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	n, err := s.exec(ctx, `UPDATE users SET password_hash = $1 WHERE id = $2`, hash, userID)
	return changedOne(n, err, fmt.Sprintf("set password of user %d", userID))
}

const sessionColumns = `id, user_id, token_hash, created_at, last_seen, expires_at, user_agent, ip_hash`

func scanSession(row pgx.Row) (content.Session, error) {
	var se content.Session
	err := row.Scan(&se.ID, &se.UserID, &se.TokenHash, &se.CreatedAt, &se.LastSeen, &se.ExpiresAt, &se.UserAgent, &se.IPHash)
	return se, err
}

// CreateSession implements store.Accounts.
func (s *Store) CreateSession(ctx context.Context, se *content.Session) error {
	what := fmt.Sprintf("create session for user %d", se.UserID)
	id, err := s.insertID(ctx, `INSERT INTO sessions (user_id, token_hash, created_at, last_seen,
		expires_at, user_agent, ip_hash) VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
		se.UserID, se.TokenHash, se.CreatedAt.UTC(), se.LastSeen.UTC(), se.ExpiresAt.UTC(), se.UserAgent, se.IPHash)
	switch {
	case isForeignKeyViolation(err):
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	case isUniqueViolation(err):
		return fmt.Errorf("%s: token: %w", what, store.ErrConflict)
	case err != nil:
		return fmt.Errorf("%s: %w", what, err)
	}
	se.ID = id
	return nil
}

// SessionByTokenHash implements store.Accounts.
func (s *Store) SessionByTokenHash(ctx context.Context, hash string) (content.Session, error) {
	se, err := scanSession(s.queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = $1`, hash))
	return se, notFound(err, "session")
}

// TouchSession implements store.Accounts.
func (s *Store) TouchSession(ctx context.Context, id int64, lastSeen time.Time) error {
	n, err := s.exec(ctx, `UPDATE sessions SET last_seen = $1 WHERE id = $2`, lastSeen.UTC(), id)
	return changedOne(n, err, fmt.Sprintf("touch session %d", id))
}

// DeleteSession implements store.Accounts.
func (s *Store) DeleteSession(ctx context.Context, id int64) error {
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE id = $1`, id)
	return changedOne(n, err, fmt.Sprintf("delete session %d", id))
}

// DeleteUserSessions implements store.Accounts.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return int(n), nil
}

// DeleteExpiredSessions implements store.Accounts.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at <= $1`, now.UTC())
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return int(n), nil
}

const tokenColumns = `id, user_id, name, token_hash, prefix, created_at, last_used`

func scanAPIToken(row pgx.Row) (content.APIToken, error) {
	var t content.APIToken
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.TokenHash, &t.Prefix, &t.CreatedAt, at(&t.LastUsed))
	return t, err
}

// CreateAPIToken implements store.Accounts.
func (s *Store) CreateAPIToken(ctx context.Context, t *content.APIToken) error {
	what := fmt.Sprintf("create API token for user %d", t.UserID)
	id, err := s.insertID(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, last_used)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
		t.UserID, t.Name, t.TokenHash, t.Prefix, t.CreatedAt.UTC(), nullTime(t.LastUsed))
	switch {
	case isForeignKeyViolation(err):
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	case isUniqueViolation(err):
		return fmt.Errorf("%s: token: %w", what, store.ErrConflict)
	case err != nil:
		return fmt.Errorf("%s: %w", what, err)
	}
	t.ID = id
	return nil
}

// APITokenByHash implements store.Accounts.
func (s *Store) APITokenByHash(ctx context.Context, hash string) (content.APIToken, error) {
	t, err := scanAPIToken(s.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = $1`, hash))
	return t, notFound(err, "API token")
}

// APITokens implements store.Accounts.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]content.APIToken, error) {
	rows, err := s.query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = $1
		ORDER BY created_at DESC, id DESC`, userID)
	list, err := collect(rows, err, func(rows pgx.Rows) (content.APIToken, error) { return scanAPIToken(rows) })
	if err != nil {
		return nil, fmt.Errorf("API tokens of user %d: %w", userID, err)
	}
	return list, nil
}

// DeleteAPIToken implements store.Accounts.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	n, err := s.exec(ctx, `DELETE FROM api_tokens WHERE id = $1 AND user_id = $2`, id, userID)
	return changedOne(n, err, fmt.Sprintf("delete API token %d of user %d", id, userID))
}

// TouchAPIToken implements store.Accounts.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, lastUsed time.Time) error {
	n, err := s.exec(ctx, `UPDATE api_tokens SET last_used = $1 WHERE id = $2`, lastUsed.UTC(), id)
	return changedOne(n, err, fmt.Sprintf("touch API token %d", id))
}

// CreatePasswordReset implements store.Accounts.
func (s *Store) CreatePasswordReset(ctx context.Context, r *content.PasswordReset) error {
	what := fmt.Sprintf("create password reset for user %d", r.UserID)
	_, err := s.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used)
		VALUES ($1, $2, $3, $4, $5)`,
		r.TokenHash, r.UserID, r.CreatedAt.UTC(), r.ExpiresAt.UTC(), r.Used)
	switch {
	case isForeignKeyViolation(err):
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	case isUniqueViolation(err):
		return fmt.Errorf("%s: token: %w", what, store.ErrConflict)
	case err != nil:
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// UsePasswordReset implements store.Accounts. The check and the marking are
// one UPDATE, so two requests racing with the same link cannot both win:
// the second waits for the first's row lock and then finds it used.
func (s *Store) UsePasswordReset(ctx context.Context, hash string, now time.Time) (int64, error) {
	var userID int64
	err := s.inTx(ctx, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE password_resets SET used = true
			WHERE token_hash = $1 AND NOT used AND expires_at > $2 RETURNING user_id`,
			hash, now.UTC()).Scan(&userID)
		if err != nil {
			return err
		}
		_, err = tx.Exec(ctx, `UPDATE password_resets SET used = true WHERE user_id = $1 AND NOT used`, userID)
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("password reset: %w", store.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("password reset: %w", err)
	}
	return userID, nil
}
