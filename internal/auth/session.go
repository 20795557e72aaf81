package auth

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/proxy"
	"dateline/internal/store"
)

// Store is what auth needs from storage.
type Store interface {
	store.People
	store.Accounts
}

// CookieName is the cookie that carries a newsroom session.
const CookieName = "dateline_session"

// Session lifetimes. A session ends after DefaultIdle without use (a
// forgotten browser in a shared newsroom stops being signed in overnight)
// and DefaultMaxAge after sign-in however busy it is (a stolen cookie does
// not work for ever).
const (
	DefaultIdle   = 12 * time.Hour
	DefaultMaxAge = 14 * 24 * time.Hour
)

// touchEvery is how stale LastSeen may grow before a request writes it: one
// write a minute per busy session instead of one per request. An idle
// session may therefore live up to a minute longer than Idle.
const touchEvery = time.Minute

// maxUserAgent bounds what is kept of the browser's User-Agent.
const maxUserAgent = 256

// ErrNoSession means the request carries no session that is still good: no
// cookie, an unknown token, an expired session or a deleted user. The
// caller sends the browser to the sign-in page.
var ErrNoSession = errors.New("not signed in")

// Sessions signs newsroom members in and out with a cookie. Build it with
// NewSessions and change the fields before the first request.
type Sessions struct {
	Store  Store
	Now    func() time.Time
	Idle   time.Duration
	MaxAge time.Duration
	// Proxies are the reverse proxies whose X-Forwarded-Proto and
	// X-Forwarded-For are believed, for the cookie's Secure flag and the
	// address a session records; nil trusts none.
	Proxies *proxy.Trusted
}

// NewSessions returns Sessions on st with the default lifetimes and the
// real clock.
func NewSessions(st Store) *Sessions {
	return &Sessions{Store: st, Now: time.Now, Idle: DefaultIdle, MaxAge: DefaultMaxAge}
}

func (s *Sessions) now() time.Time {
	if s.Now == nil {
		return time.Now().UTC()
	}
	return s.Now().UTC()
}

// Start signs user in: it stores a new session and sets its cookie. A
// session the browser already had ends, so signing in as someone else
// leaves nothing behind.
func (s *Sessions) Start(ctx context.Context, w http.ResponseWriter, r *http.Request, user content.User) error {
	if old, err := s.fromCookie(ctx, r); err == nil {
		if err := s.Store.DeleteSession(ctx, old.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return fmt.Errorf("end previous session: %w", err)
		}
	}
	token, hash := NewToken()
	now := s.now()
	sess := content.Session{
		UserID:    user.ID,
		TokenHash: hash,
		CreatedAt: now,
		LastSeen:  now,
		ExpiresAt: now.Add(s.maxAge()),
		UserAgent: truncate(r.UserAgent(), maxUserAgent),
		IPHash:    hashAddr(s.Proxies.ClientAddr(r)),
	}
	if err := s.Store.CreateSession(ctx, &sess); err != nil {
		return fmt.Errorf("start session for user %d: %w", user.ID, err)
	}
	http.SetCookie(w, s.cookie(r, token, sess.ExpiresAt))
	return nil
}

// Load returns the signed-in member of the request and their session, or
// ErrNoSession. An expired session is deleted on the way; a live one has
// its LastSeen brought up to date, at most once a minute.
func (s *Sessions) Load(ctx context.Context, r *http.Request) (content.User, content.Session, error) {
	sess, err := s.fromCookie(ctx, r)
	if err != nil {
		return content.User{}, content.Session{}, err
	}
	now := s.now()
	if !now.Before(sess.ExpiresAt) || now.Sub(sess.LastSeen) >= s.idle() {
		// Best effort: if this fails the sweep removes it at ExpiresAt.
		s.Store.DeleteSession(ctx, sess.ID)
		return content.User{}, content.Session{}, ErrNoSession
	}
	user, err := s.Store.UserByID(ctx, sess.UserID)
	if errors.Is(err, store.ErrNotFound) {
		return content.User{}, content.Session{}, ErrNoSession
	}
	if err != nil {
		return content.User{}, content.Session{}, fmt.Errorf("load session user: %w", err)
	}
	if now.Sub(sess.LastSeen) >= touchEvery {
		// A disk that refuses writes must not sign everyone out: the
		// newsroom can still be read, and LastSeen is written later.
		switch err := s.Store.TouchSession(ctx, sess.ID, now); {
		case err == nil:
			sess.LastSeen = now
		case !store.Unwritable(err):
			return content.User{}, content.Session{}, fmt.Errorf("touch session: %w", err)
		}
	}
	return user, sess, nil
}

// End signs the request's browser out: its session is deleted and its
// cookie cleared. A request without a session is already signed out.
func (s *Sessions) End(ctx context.Context, w http.ResponseWriter, r *http.Request) error {
	clear := s.cookie(r, "", time.Unix(0, 0))
	clear.MaxAge = -1
	http.SetCookie(w, clear)
	sess, err := s.fromCookie(ctx, r)
	if errors.Is(err, ErrNoSession) {
		return nil
	}
	if err != nil {
		return err
	}
	if err := s.Store.DeleteSession(ctx, sess.ID); err != nil && !errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("end session: %w", err)
	}
	return nil
}

// EndAll signs the user out on every device ("sign out everywhere", and
// after a password change) and says how many sessions ended.
func (s *Sessions) EndAll(ctx context.Context, userID int64) (int, error) {
	n, err := s.Store.DeleteUserSessions(ctx, userID)
	if err != nil {
		return 0, fmt.Errorf("end sessions of user %d: %w", userID, err)
	}
	return n, nil
}

// Sweep deletes sessions past their absolute expiry; the server runs it
// now and then so abandoned sessions do not pile up.
func (s *Sessions) Sweep(ctx context.Context) (int, error) {
	return s.Store.DeleteExpiredSessions(ctx, s.now())
}

// fromCookie finds the session named by the request's cookie, whatever its
// expiry.
func (s *Sessions) fromCookie(ctx context.Context, r *http.Request) (content.Session, error) {
	c, err := r.Cookie(CookieName)
	if err != nil || !wellFormed(c.Value) {
		return content.Session{}, ErrNoSession
	}
	sess, err := s.Store.SessionByTokenHash(ctx, HashToken(c.Value))
	if errors.Is(err, store.ErrNotFound) {
		return content.Session{}, ErrNoSession
	}
	if err != nil {
		return content.Session{}, fmt.Errorf("find session: %w", err)
	}
	return sess, nil
}

func (s *Sessions) cookie(r *http.Request, value string, expires time.Time) *http.Cookie {
	return &http.Cookie{
		Name:     CookieName,
		Value:    value,
		Path:     "/",
		Expires:  expires,
		HttpOnly: true,
		Secure:   s.Proxies.Secure(r),
		SameSite: http.SameSiteLaxMode,
	}
}

func (s *Sessions) idle() time.Duration {
	if s.Idle <= 0 {
		return DefaultIdle
	}
	return s.Idle
}

func (s *Sessions) maxAge() time.Duration {
	if s.MaxAge <= 0 {
		return DefaultMaxAge
	}
	return s.MaxAge
}

// hashAddr shortens an address to a label that tells networks apart in the
// list of a member's sessions. It hides the address from a casual reader
// of the database, not from someone willing to hash every IPv4 address.
func hashAddr(addr string) string {
	sum := sha256.Sum256([]byte("dateline session address " + addr))
	return hex.EncodeToString(sum[:8])
}

// truncate cuts s to at most n bytes without leaving half a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
