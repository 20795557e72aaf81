package auth

import (
	"errors"
	"strings"
	"testing"

	"dateline/internal/content"
)

func TestNewTokenIsRandomAndStoredOnlyAsItsHash(t *testing.T) {
	seen := map[string]bool{}
	for range 1000 {
		token, hash := NewToken()
		if len(token) != 43 || !wellFormed(token) {
			t.Fatalf("token %q is not 43 characters of base64url", token)
		}
		if hash != HashToken(token) || len(hash) != 64 || strings.Trim(hash, "0123456789abcdef") != "" {
			t.Fatalf("hash %q is not the hex SHA-256 of the token", hash)
		}
		if seen[token] {
			t.Fatalf("token %q came twice", token)
		}
		seen[token] = true
	}
}

func TestHashTokenIsSHA256(t *testing.T) {
	if got := HashToken("abc"); got != "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" {
		t.Errorf("HashToken(abc) = %s", got)
	}
}

func TestWellFormed(t *testing.T) {
	good, _ := NewToken()
	for s, want := range map[string]bool{
		good:                           true,
		"":                             false,
		good[:42]:                      false,
		good + "A":                     false,
		good[:42] + "=":                false,
		good[:42] + "/":                false,
		strings.Repeat("é", 21):        false,
		strings.Repeat("-_", 21) + "a": true,
	} {
		if got := wellFormed(s); got != want {
			t.Errorf("wellFormed(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestNewAPIToken(t *testing.T) {
	token, rec, err := NewAPIToken(7, "  Desk app ", start)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(token, "dl_") || len(token) != 46 || !wellFormed(token[3:]) {
		t.Errorf("token = %q, want dl_ and 43 characters of base64url", token)
	}
	want := content.APIToken{UserID: 7, Name: "Desk app", TokenHash: HashToken(token), Prefix: token[:8], CreatedAt: start}
	if rec != want {
		t.Errorf("record = %+v, want %+v", rec, want)
	}
	for _, tc := range []struct{ name, input, msg string }{
		{"a blank name is refused", "   ", TokenNameMissing},
		{"a name of 101 characters is refused", strings.Repeat("ก", 101), TokenNameTooLong},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, _, err := NewAPIToken(7, tc.input, start)
			var fe content.FieldErrors
			if !errors.As(err, &fe) || fe.For("name") != tc.msg {
				t.Errorf("err = %v, want name: %q", err, tc.msg)
			}
		})
	}
}
