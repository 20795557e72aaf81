package store

import (
	"context"
	"time"

	"dateline/internal/content"
)

// Accounts is what signing in needs from the store: password hashes, the
// list of newsroom members, sessions, API tokens and password resets.
// Tokens are looked up by their SHA-256 only; the store never sees a token.
// Unknown ids and hashes are ErrNotFound; a taken email or slug is
// ErrConflict.
type Accounts interface {
	// PasswordHash returns the user's encoded password hash, "" when the
	// user has no password yet (imported, or invited and not signed in).
	PasswordHash(ctx context.Context, userID int64) (string, error)
	SetPasswordHash(ctx context.Context, userID int64, hash string) error
	// Users lists every member of the newsroom by name.
	Users(ctx context.Context) ([]content.User, error)
	// CreateUserWithPassword stores a new member together with their
	// encoded password hash ("" for a member who has none yet) in one
	// transaction, and sets u.ID: a member is never stored without the
	// password they were given. Emails are kept lower-case; an empty slug
	// is made from the name, an empty CreatedAt is now. A taken email or
	// slug is ErrConflict and stores nothing.
	CreateUserWithPassword(ctx context.Context, u *content.User, hash string) error
	// UpdateUser saves u's name, email, role, bio, job title, photo,
	// links and slug; an empty slug
	// keeps the stored one, and u.Slug is set to what was stored. A new
	// name reaches the search index of the member's articles at once.
	UpdateUser(ctx context.Context, u *content.User) error

	// CreateSession stores a new session and sets its ID; a session for a
	// user who does not exist is ErrNotFound.
	CreateSession(ctx context.Context, s *content.Session) error
	// SessionByTokenHash returns the session whatever its expiry; deciding
	// whether it is still good is the caller's job.
	SessionByTokenHash(ctx context.Context, hash string) (content.Session, error)
	TouchSession(ctx context.Context, id int64, lastSeen time.Time) error
	DeleteSession(ctx context.Context, id int64) error
	// DeleteUserSessions signs the user out everywhere and says how many
	// sessions ended.
	DeleteUserSessions(ctx context.Context, userID int64) (int, error)
	// DeleteExpiredSessions removes sessions whose ExpiresAt is not after
	// now and says how many went.
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int, error)

	// CreateAPIToken stores a token and sets its ID; for a user who does not
	// exist it is ErrNotFound.
	CreateAPIToken(ctx context.Context, t *content.APIToken) error
	APITokenByHash(ctx context.Context, hash string) (content.APIToken, error)
	// APITokens lists the user's tokens, newest first.
	APITokens(ctx context.Context, userID int64) ([]content.APIToken, error)
	// DeleteAPIToken revokes one of the user's tokens; another user's token
	// is ErrNotFound.
	DeleteAPIToken(ctx context.Context, userID, id int64) error
	TouchAPIToken(ctx context.Context, id int64, lastUsed time.Time) error

	// CreatePasswordReset stores a reset; for a user who does not exist it
	// is ErrNotFound.
	CreatePasswordReset(ctx context.Context, r *content.PasswordReset) error
	// UsePasswordReset spends the reset with that hash and returns its user.
	// It succeeds once: an unknown, used or expired reset is ErrNotFound.
	// Spending one also spends the user's other open resets.
	UsePasswordReset(ctx context.Context, hash string, now time.Time) (userID int64, err error)
}
