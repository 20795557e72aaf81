package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

var _ store.Accounts = (*Store)(nil)

// changedOne turns "no row changed" into ErrNotFound.
func changedOne(n int64, err error, what string) error {
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	if n == 0 {
		return fmt.Errorf("%s: %w", what, store.ErrNotFound)
	}
	return nil
}

// PasswordHash implements store.Accounts.
func (s *Store) PasswordHash(ctx context.Context, userID int64) (string, error) {
	var hash string
	err := s.queryRow(ctx, `SELECT password_hash FROM users WHERE id = ?`, userID).Scan(&hash)
	return hash, notFound(err, fmt.Sprintf("password of user %d", userID))
}

// SetPasswordHash implements store.Accounts.
func (s *Store) SetPasswordHash(ctx context.Context, userID int64, hash string) error {
	n, err := s.exec(ctx, `UPDATE users SET password_hash = ? WHERE id = ?`, hash, userID)
	return changedOne(n, err, fmt.Sprintf("set password of user %d", userID))
}

// Users implements store.Accounts.
func (s *Store) Users(ctx context.Context) ([]content.User, error) {
	rows, err := s.query(ctx, `SELECT `+userColumns+` FROM users ORDER BY name COLLATE NOCASE, id`)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var list []content.User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, fmt.Errorf("list users: %w", err)
		}
		list = append(list, u)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	return list, nil
}

// CreateUserWithPassword implements store.Accounts. The hash goes into the
// same row as the member, so no failure can leave one without the other.
// Emails are lower-cased as in CreateUser.
func (s *Store) CreateUserWithPassword(ctx context.Context, u *content.User, hash string) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	if u.Slug == "" {
		u.Slug = content.Slugify(u.Name)
	}
	if u.CreatedAt.IsZero() {
		u.CreatedAt = time.Now().UTC()
	}
	what := fmt.Sprintf("create user %q", u.Email)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO users (email, name, slug, role, bio, created_at, password_hash,
			job_title, photo_id, links) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, u.Email, u.Name, u.Slug, u.Role, u.Bio,
			formatTime(u.CreatedAt), hash, u.JobTitle, u.PhotoID, store.EncodeLinks(u.Links))
		if isUniqueViolation(err) {
			return fmt.Errorf("%s: email or slug %q: %w", what, u.Slug, store.ErrConflict)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		u.ID, err = res.LastInsertId()
		return err
	})
}

// UpdateUser implements store.Accounts. Emails are lower-cased as in
// CreateUser. The member's name is part of the search index, so their
// articles are indexed again when it changes.
func (s *Store) UpdateUser(ctx context.Context, u *content.User) error {
	u.Email = strings.ToLower(strings.TrimSpace(u.Email))
	what := fmt.Sprintf("update user %d", u.ID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		var oldName string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM users WHERE id = ?`, u.ID).Scan(&oldName); err != nil {
			return notFound(err, what)
		}
		err := tx.QueryRowContext(ctx, `UPDATE users SET name = ?, email = ?, role = ?, bio = ?,
			job_title = ?, photo_id = ?, links = ?, slug = COALESCE(NULLIF(?, ''), slug) WHERE id = ? RETURNING slug`,
			u.Name, u.Email, u.Role, u.Bio, u.JobTitle, u.PhotoID, store.EncodeLinks(u.Links), u.Slug, u.ID).Scan(&u.Slug)
		if isUniqueViolation(err) {
			return fmt.Errorf("%s: email %q or slug %q: %w", what, u.Email, u.Slug, store.ErrConflict)
		}
		if err != nil {
			return notFound(err, what)
		}
		if oldName == u.Name {
			return nil
		}
		ids, err := authoredArticles(ctx, tx, u.ID)
		if err != nil {
			return fmt.Errorf("%s: %w", what, err)
		}
		return reindexArticles(ctx, tx, ids)
	})
}

const sessionColumns = `id, user_id, token_hash, created_at, last_seen, expires_at, user_agent, ip_hash`

// CreateSession implements store.Accounts.
func (s *Store) CreateSession(ctx context.Context, se *content.Session) error {
	what := fmt.Sprintf("create session for user %d", se.UserID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO sessions (user_id, token_hash, created_at, last_seen,
			expires_at, user_agent, ip_hash) VALUES (?, ?, ?, ?, ?, ?, ?)`,
			se.UserID, se.TokenHash, formatTime(se.CreatedAt), formatTime(se.LastSeen),
			formatTime(se.ExpiresAt), se.UserAgent, se.IPHash)
		switch {
		case isForeignKeyViolation(err):
			return fmt.Errorf("%s: %w", what, store.ErrNotFound)
		case isUniqueViolation(err):
			return fmt.Errorf("%s: token: %w", what, store.ErrConflict)
		case err != nil:
			return fmt.Errorf("%s: %w", what, err)
		}
		se.ID, err = res.LastInsertId()
		return err
	})
}

// SessionByTokenHash implements store.Accounts.
func (s *Store) SessionByTokenHash(ctx context.Context, hash string) (content.Session, error) {
	var se content.Session
	var created, seen, expires sql.NullString
	err := s.queryRow(ctx, `SELECT `+sessionColumns+` FROM sessions WHERE token_hash = ?`, hash).
		Scan(&se.ID, &se.UserID, &se.TokenHash, &created, &seen, &expires, &se.UserAgent, &se.IPHash)
	se.CreatedAt, se.LastSeen, se.ExpiresAt = parseTime(created), parseTime(seen), parseTime(expires)
	return se, notFound(err, "session")
}

// TouchSession implements store.Accounts.
func (s *Store) TouchSession(ctx context.Context, id int64, lastSeen time.Time) error {
	n, err := s.exec(ctx, `UPDATE sessions SET last_seen = ? WHERE id = ?`, formatTime(lastSeen), id)
	return changedOne(n, err, fmt.Sprintf("touch session %d", id))
}

// DeleteSession implements store.Accounts.
func (s *Store) DeleteSession(ctx context.Context, id int64) error {
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE id = ?`, id)
	return changedOne(n, err, fmt.Sprintf("delete session %d", id))
}

// DeleteUserSessions implements store.Accounts.
func (s *Store) DeleteUserSessions(ctx context.Context, userID int64) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE user_id = ?`, userID)
	if err != nil {
		return 0, fmt.Errorf("delete sessions of user %d: %w", userID, err)
	}
	return int(n), nil
}

// DeleteExpiredSessions implements store.Accounts.
func (s *Store) DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error) {
	n, err := s.exec(ctx, `DELETE FROM sessions WHERE expires_at <= ?`, formatTime(now))
	if err != nil {
		return 0, fmt.Errorf("delete expired sessions: %w", err)
	}
	return int(n), nil
}

const tokenColumns = `id, user_id, name, token_hash, prefix, created_at, last_used`

func scanAPIToken(row scanner) (content.APIToken, error) {
	var t content.APIToken
	var created, used sql.NullString
	err := row.Scan(&t.ID, &t.UserID, &t.Name, &t.TokenHash, &t.Prefix, &created, &used)
	t.CreatedAt, t.LastUsed = parseTime(created), parseTime(used)
	return t, err
}

// CreateAPIToken implements store.Accounts.
func (s *Store) CreateAPIToken(ctx context.Context, t *content.APIToken) error {
	what := fmt.Sprintf("create API token for user %d", t.UserID)
	return s.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `INSERT INTO api_tokens (user_id, name, token_hash, prefix, created_at, last_used)
			VALUES (?, ?, ?, ?, ?, ?)`,
			t.UserID, t.Name, t.TokenHash, t.Prefix, formatTime(t.CreatedAt), nullTime(t.LastUsed))
		switch {
		case isForeignKeyViolation(err):
			return fmt.Errorf("%s: %w", what, store.ErrNotFound)
		case isUniqueViolation(err):
			return fmt.Errorf("%s: token: %w", what, store.ErrConflict)
		case err != nil:
			return fmt.Errorf("%s: %w", what, err)
		}
		t.ID, err = res.LastInsertId()
		return err
	})
}

// APITokenByHash implements store.Accounts.
func (s *Store) APITokenByHash(ctx context.Context, hash string) (content.APIToken, error) {
	t, err := scanAPIToken(s.queryRow(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE token_hash = ?`, hash))
	return t, notFound(err, "API token")
}

// APITokens implements store.Accounts.
func (s *Store) APITokens(ctx context.Context, userID int64) ([]content.APIToken, error) {
	what := fmt.Sprintf("API tokens of user %d", userID)
	rows, err := s.query(ctx, `SELECT `+tokenColumns+` FROM api_tokens WHERE user_id = ?
		ORDER BY created_at DESC, id DESC`, userID)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	defer rows.Close()
	var list []content.APIToken
	for rows.Next() {
		t, err := scanAPIToken(rows)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", what, err)
		}
		list = append(list, t)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	return list, nil
}

// DeleteAPIToken implements store.Accounts.
func (s *Store) DeleteAPIToken(ctx context.Context, userID, id int64) error {
	n, err := s.exec(ctx, `DELETE FROM api_tokens WHERE id = ? AND user_id = ?`, id, userID)
	return changedOne(n, err, fmt.Sprintf("delete API token %d of user %d", id, userID))
}

// TouchAPIToken implements store.Accounts.
func (s *Store) TouchAPIToken(ctx context.Context, id int64, lastUsed time.Time) error {
	n, err := s.exec(ctx, `UPDATE api_tokens SET last_used = ? WHERE id = ?`, formatTime(lastUsed), id)
	return changedOne(n, err, fmt.Sprintf("touch API token %d", id))
}

// CreatePasswordReset implements store.Accounts.
func (s *Store) CreatePasswordReset(ctx context.Context, r *content.PasswordReset) error {
	what := fmt.Sprintf("create password reset for user %d", r.UserID)
	_, err := s.exec(ctx, `INSERT INTO password_resets (token_hash, user_id, created_at, expires_at, used)
		VALUES (?, ?, ?, ?, ?)`,
		r.TokenHash, r.UserID, formatTime(r.CreatedAt), formatTime(r.ExpiresAt), boolInt(r.Used))
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
// one UPDATE, so two requests racing with the same link cannot both win.
func (s *Store) UsePasswordReset(ctx context.Context, hash string, now time.Time) (int64, error) {
	var userID int64
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `UPDATE password_resets SET used = 1
			WHERE token_hash = ? AND used = 0 AND expires_at > ? RETURNING user_id`,
			hash, formatTime(now)).Scan(&userID)
		if err != nil {
			return err
		}
		_, err = tx.ExecContext(ctx, `UPDATE password_resets SET used = 1 WHERE user_id = ? AND used = 0`, userID)
		return err
	})
	if errors.Is(err, sql.ErrNoRows) {
		return 0, fmt.Errorf("password reset: %w", store.ErrNotFound)
	}
	if err != nil {
		return 0, fmt.Errorf("password reset: %w", err)
	}
	return userID, nil
}
