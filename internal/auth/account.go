package auth

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// ErrLoginFailed is a refused sign-in; its text is LoginFailed, the same
// whether the email has an account or not.
var ErrLoginFailed = errors.New(LoginFailed)

// Authenticate checks an email and password and returns the member. An
// unknown email, a member without a password and a wrong password are all
// ErrLoginFailed, and take about as long, so neither the words nor the
// timing of the answer tell who has an account. A hash made with older
// parameters is replaced by one with h's. Throttling is the caller's: ask
// Throttle.Attempt before, report the outcome after.
func Authenticate(ctx context.Context, st Store, h Hasher, email, password string) (content.User, error) {
	u, err := st.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		h.VerifyNobody(password)
		return content.User{}, ErrLoginFailed
	}
	if err != nil {
		return content.User{}, fmt.Errorf("sign in: %w", err)
	}
	hash, err := st.PasswordHash(ctx, u.ID)
	if err != nil {
		return content.User{}, fmt.Errorf("sign in user %d: %w", u.ID, err)
	}
	if hash == "" {
		h.VerifyNobody(password)
		return content.User{}, ErrLoginFailed
	}
	ok, rehash, err := h.Verify(hash, password)
	if err != nil {
		return content.User{}, fmt.Errorf("sign in user %d: %w", u.ID, err)
	}
	if !ok {
		return content.User{}, ErrLoginFailed
	}
	if rehash {
		// A failed upgrade is not the member's problem; the next sign-in
		// tries again.
		if fresh, err := h.Hash(password); err == nil {
			st.SetPasswordHash(ctx, u.ID, fresh)
		}
	}
	return u, nil
}

// ResetTTL is how long a password reset link works.
const ResetTTL = time.Hour

// ResetInvalid is what a member reads when a reset link no longer works.
const ResetInvalid = "This link has expired or has already been used. Please ask for a new one."

// ErrResetInvalid is an unknown, used or expired reset link; its text is
// ResetInvalid.
var ErrResetInvalid = errors.New(ResetInvalid)

// NewPasswordReset makes a reset for the user: the token for the emailed
// link, and the record to store.
func NewPasswordReset(userID int64, now time.Time) (string, content.PasswordReset) {
	token, hash := NewToken()
	now = now.UTC()
	return token, content.PasswordReset{UserID: userID, TokenHash: hash, CreatedAt: now, ExpiresAt: now.Add(ResetTTL)}
}

// ResetPassword sets a new password with the token of a reset link and
// signs the member out everywhere, since whoever knew the old password may
// be signed in. The password is checked first, so a refused one does not
// spend the link (the error is a content.FieldErrors). A link that does not
// work is ErrResetInvalid. It returns the member, for the caller to sign in.
func ResetPassword(ctx context.Context, st Store, h Hasher, token, password string, now time.Time) (content.User, error) {
	if err := ValidatePassword(password); err != nil {
		return content.User{}, err
	}
	if !wellFormed(token) {
		return content.User{}, ErrResetInvalid
	}
	userID, err := st.UsePasswordReset(ctx, HashToken(token), now)
	if errors.Is(err, store.ErrNotFound) {
		return content.User{}, ErrResetInvalid
	}
	if err != nil {
		return content.User{}, fmt.Errorf("reset password: %w", err)
	}
	if err := SetPassword(ctx, st, h, userID, password); err != nil {
		return content.User{}, err
	}
	return st.UserByID(ctx, userID)
}

// SetPassword gives the member a new password and signs them out
// everywhere, since whoever knew the old one may be signed in: the one way
// a password changes, by a reset link or on the profile page. A password
// the rules refuse is a content.FieldErrors for "password", and changes
// nothing.
func SetPassword(ctx context.Context, st Store, h Hasher, userID int64, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	hash, err := h.Hash(password)
	if err != nil {
		return err
	}
	if err := st.SetPasswordHash(ctx, userID, hash); err != nil {
		return fmt.Errorf("set password of user %d: %w", userID, err)
	}
	if _, err := st.DeleteUserSessions(ctx, userID); err != nil {
		return fmt.Errorf("sign out user %d everywhere: %w", userID, err)
	}
	return nil
}

// ErrBadToken is a missing, malformed, unknown or revoked API token; the API
// answers 401.
var ErrBadToken = errors.New("invalid API token")

// BearerToken is the token in an "Authorization: Bearer" header, or "".
func BearerToken(r *http.Request) string {
	scheme, token, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return ""
	}
	return strings.TrimSpace(token)
}

// TokenUser returns the member an API token acts for, and the token,
// bringing its LastUsed up to date at most once a minute.
func TokenUser(ctx context.Context, st Store, token string, now time.Time) (content.User, content.APIToken, error) {
	secret, ok := strings.CutPrefix(token, APITokenPrefix)
	if !ok || !wellFormed(secret) {
		return content.User{}, content.APIToken{}, ErrBadToken
	}
	t, err := st.APITokenByHash(ctx, HashToken(token))
	if errors.Is(err, store.ErrNotFound) {
		return content.User{}, content.APIToken{}, ErrBadToken
	}
	if err != nil {
		return content.User{}, content.APIToken{}, fmt.Errorf("find API token: %w", err)
	}
	u, err := st.UserByID(ctx, t.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return content.User{}, content.APIToken{}, ErrBadToken
	}
	if err != nil {
		return content.User{}, content.APIToken{}, fmt.Errorf("find API token user: %w", err)
	}
	if now.Sub(t.LastUsed) >= touchEvery {
		// As for sessions: a disk that refuses writes leaves the API
		// readable, and LastUsed is written later.
		switch err := st.TouchAPIToken(ctx, t.ID, now); {
		case err == nil:
			t.LastUsed = now.UTC()
		case !store.Unwritable(err):
			return content.User{}, content.APIToken{}, fmt.Errorf("touch API token: %w", err)
		}
	}
	return u, t, nil
}
