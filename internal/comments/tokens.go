package comments

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/netip"
	"strconv"
	"strings"

	"dateline/internal/content"
)

// tokenBytes is how much of an HMAC a token keeps: 128 bits, written as 32
// hex digits.
const tokenBytes = 16

// mac is HMAC-SHA256 under secret of purpose and the parts, each ended by
// a zero byte so that no two lists of parts read the same.
func mac(secret []byte, purpose string, parts ...string) []byte {
	h := hmac.New(sha256.New, secret)
	h.Write([]byte("dateline comments " + purpose + "\x00"))
	for _, p := range parts {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return h.Sum(nil)[:tokenBytes]
}

func verify(want []byte, token string) bool {
	got, err := hex.DecodeString(token)
	return err == nil && hmac.Equal(got, want)
}

func commentParts(c content.Comment) []string {
	return []string{strconv.FormatInt(c.ID, 10), strings.ToLower(strings.TrimSpace(c.AuthorEmail))}
}

// ModerationHash is the token that lets the writer of a held comment see
// it on the article page while it waits: the reader is sent to
// ?unapproved=ID&moderation-hash=HASH, as WordPress does. It is an HMAC
// of the comment's id and email under secret.
func ModerationHash(secret []byte, c content.Comment) string {
	return hex.EncodeToString(mac(secret, "moderation", commentParts(c)...))
}

// VerifyModerationHash reports whether hash is ModerationHash of c.
func VerifyModerationHash(secret []byte, c content.Comment, hash string) bool {
	return verify(mac(secret, "moderation", commentParts(c)...), hash)
}

// UnsubscribeToken is the token of the link that stops mail about
// replies to c: /comments/unsubscribe?c=ID&t=TOKEN.
func UnsubscribeToken(secret []byte, c content.Comment) string {
	return hex.EncodeToString(mac(secret, "unsubscribe", commentParts(c)...))
}

// VerifyUnsubscribe reports whether token is UnsubscribeToken of c.
func VerifyUnsubscribe(secret []byte, c content.Comment, token string) bool {
	return verify(mac(secret, "unsubscribe", commentParts(c)...), token)
}

// hashIP keeps a client address only as a keyed hash: enough to tell that
// two comments came from the same address, useless for finding it without
// the secret (a plain hash of an IPv4 address is undone by trying them all).
// An unknown address hashes to "".
func hashIP(secret []byte, addr string) string {
	if addr == "" {
		return ""
	}
	if a, err := netip.ParseAddr(addr); err == nil {
		addr = a.Unmap().String()
	}
	return hex.EncodeToString(mac(secret, "address", addr))
}
