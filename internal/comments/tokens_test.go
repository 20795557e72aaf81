package comments

import (
	"encoding/hex"
	"strings"
	"testing"

	"dateline/internal/content"
)

func TestModerationHash(t *testing.T) {
	c := content.Comment{ID: 42, AuthorEmail: "nok@example.com"}
	h := ModerationHash(secret, c)
	if raw, err := hex.DecodeString(h); err != nil || len(raw) < 16 {
		t.Fatalf("hash %q is not hex of at least 16 bytes", h)
	}
	other := func(change func(*content.Comment)) content.Comment { d := c; change(&d); return d }
	tests := []struct {
		name   string
		secret []byte
		c      content.Comment
		hash   string
		want   bool
	}{
		{"the hash opens its own comment", secret, c, h, true},
		{"the email is compared in any case", secret, other(func(d *content.Comment) { d.AuthorEmail = "NOK@example.com" }), h, true},
		{"the hash in capitals is the same hash", secret, c, strings.ToUpper(h), true},
		{"another comment's id does not match", secret, other(func(d *content.Comment) { d.ID = 43 }), h, false},
		{"another email does not match", secret, other(func(d *content.Comment) { d.AuthorEmail = "lee@example.com" }), h, false},
		{"another secret does not match", []byte("another secret, another site!!!!"), c, h, false},
		{"a shortened hash does not match", secret, c, h[:30], false},
		{"text that is not hex does not match", secret, c, "not hex", false},
		{"an empty hash does not match", secret, c, "", false},
		{"an unsubscribe token is not a moderation hash", secret, c, UnsubscribeToken(secret, c), false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := VerifyModerationHash(tc.secret, tc.c, tc.hash); got != tc.want {
				t.Errorf("VerifyModerationHash = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestUnsubscribeToken(t *testing.T) {
	c := content.Comment{ID: 7, AuthorEmail: "nok@example.com"}
	tok := UnsubscribeToken(secret, c)
	if !VerifyUnsubscribe(secret, c, tok) {
		t.Fatal("a token does not open its own comment")
	}
	if VerifyUnsubscribe(secret, content.Comment{ID: 8, AuthorEmail: "nok@example.com"}, tok) {
		t.Error("a token opens another comment")
	}
	if VerifyUnsubscribe(secret, c, ModerationHash(secret, c)) {
		t.Error("a moderation hash works as an unsubscribe token")
	}
}

func TestAddressesAreKeptOnlyAsKeyedHashes(t *testing.T) {
	h := hashIP(secret, "203.0.113.7")
	tests := []struct {
		name string
		got  string
		same bool
	}{
		{"the same address hashes the same", hashIP(secret, "203.0.113.7"), true},
		{"an IPv4-mapped IPv6 address is the IPv4 address", hashIP(secret, "::ffff:203.0.113.7"), true},
		{"another address hashes differently", hashIP(secret, "203.0.113.8"), false},
		{"another secret hashes differently", hashIP([]byte("another secret, another site!!!!"), "203.0.113.7"), false},
	}
	for _, tc := range tests {
		if (tc.got == h) != tc.same {
			t.Errorf("%s: %q vs %q", tc.name, tc.got, h)
		}
	}
	if strings.Contains(h, "203") || len(h) != 32 {
		t.Errorf("hash %q", h)
	}
	if hashIP(secret, "") != "" {
		t.Error("an unknown address should hash to nothing")
	}
}
