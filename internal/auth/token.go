package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/content"
)

// tokenLen is the length of a token's text: 32 random bytes in unpadded
// base64url.
const tokenLen = 43

// NewToken returns a fresh random token, safe in a URL or cookie, and the
// hash to store in its place.
func NewToken() (token, hash string) {
	b := make([]byte, 32)
	rand.Read(b) // never fails: crypto/rand crashes the program instead
	token = base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token)
}

// HashToken is the hex SHA-256 under which a token is stored. Tokens carry
// 256 random bits, so a fast hash is enough: there is nothing to guess.
func HashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// wellFormed reports whether s could be a token from NewToken, so that
// garbage is refused before it costs a query.
func wellFormed(s string) bool {
	if len(s) != tokenLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// APITokenPrefix starts every API token, so a leaked one is easy to
// recognise (secret scanners, logs) and to tell from a session cookie.
const APITokenPrefix = "dl_"

// prefixLen is how much of an API token the admin shows: "dl_" and five
// random characters.
const prefixLen = 8

// MaxTokenName bounds what an API token may be called.
const MaxTokenName = 100

// Messages shown when an API token's name is refused.
const (
	TokenNameMissing = "Please give the token a name."
	TokenNameTooLong = "The name is too long (at most 100 characters)."
)

// NewAPIToken makes an API token for the user: the secret text to show
// once, and the record to store. It refuses a missing or overlong name in a
// content.FieldErrors for the field "name".
func NewAPIToken(userID int64, name string, now time.Time) (string, content.APIToken, error) {
	name = strings.TrimSpace(name)
	var errs content.FieldErrors
	switch {
	case name == "":
		errs.Add("name", TokenNameMissing)
	case utf8.RuneCountInString(name) > MaxTokenName:
		errs.Add("name", TokenNameTooLong)
	}
	if err := errs.OrNil(); err != nil {
		return "", content.APIToken{}, err
	}
	secret, _ := NewToken()
	token := APITokenPrefix + secret
	return token, content.APIToken{
		UserID:    userID,
		Name:      name,
		TokenHash: HashToken(token),
		Prefix:    token[:prefixLen],
		CreatedAt: now.UTC(),
	}, nil
}

// IssueToken makes an API token for the member and stores it: the one way
// a token comes to be, from the newsroom's profile page or the command
// line. It returns the secret, shown once and never again, and the stored
// record. A name the rules refuse is a content.FieldErrors for "name".
func IssueToken(ctx context.Context, st Store, userID int64, name string, now time.Time) (string, content.APIToken, error) {
	secret, rec, err := NewAPIToken(userID, name, now)
	if err != nil {
		return "", content.APIToken{}, err
	}
	if err := st.CreateAPIToken(ctx, &rec); err != nil {
		return "", content.APIToken{}, fmt.Errorf("store API token of user %d: %w", userID, err)
	}
	return secret, rec, nil
}
