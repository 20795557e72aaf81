package content

import "time"

// Session is one signed-in browser of a newsroom member. The browser holds a
// random token in a cookie; only its SHA-256 is stored, so a copy of the
// database cannot be used to sign in.
type Session struct {
	ID        int64
	UserID    int64
	TokenHash string // hex SHA-256 of the cookie's token
	CreatedAt time.Time
	// LastSeen is when the session was last used, kept to the minute; a
	// session unused for too long has ended.
	LastSeen time.Time
	// ExpiresAt is the absolute end of the session, however busy it is.
	ExpiresAt time.Time
	UserAgent string
	// IPHash tells sessions from different networks apart without keeping
	// the address itself.
	IPHash string
}

// APIToken lets a program act for a newsroom member through the JSON API.
// Only its SHA-256 is stored; Prefix, the token's first characters, lets
// its owner recognise it in the admin.
type APIToken struct {
	ID        int64
	UserID    int64
	Name      string // what the owner called it ("Desk app")
	TokenHash string
	Prefix    string
	CreatedAt time.Time
	LastUsed  time.Time // zero until first use
}

// PasswordReset is a single-use link sent to a member who forgot a password.
type PasswordReset struct {
	UserID    int64
	TokenHash string
	CreatedAt time.Time
	ExpiresAt time.Time
	Used      bool
}
