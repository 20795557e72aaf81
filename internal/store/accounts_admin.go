package store

import (
	"context"

	"dateline/internal/content"
)

// AccountAdmin is what the newsroom's profile and user pages need beyond
// Accounts: a member's list of signed-in browsers, and removing a member.
type AccountAdmin interface {
	// UserSessions lists the user's sessions, most recently used first,
	// whatever their expiry.
	UserSessions(ctx context.Context, userID int64) ([]content.Session, error)
	// DeleteUser removes a member after giving their articles and pictures to heir; their
	// sessions, tokens and resets go with them, and their comments stay
	// without the link to the account. An unknown user or heir, or an heir
	// that is the user, is ErrNotFound.
	DeleteUser(ctx context.Context, id, heir int64) error
}
