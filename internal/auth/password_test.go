package auth

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"

	"dateline/internal/content"
)

func TestValidatePassword(t *testing.T) {
	cases := []struct {
		name, pw, want string
	}{
		{"nine characters are refused as too short", "123456789", PasswordTooShort},
		{"an empty password is refused as too short", "", PasswordTooShort},
		{"ten characters are enough", "1234567890", ""},
		{"ten Thai characters are enough though they take thirty bytes", "รหัสผ่านดีม", ""},
		{"1024 bytes are accepted", strings.Repeat("a", MaxPassword), ""},
		{"1025 bytes are refused as too long", strings.Repeat("a", MaxPassword+1), PasswordTooLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			err := ValidatePassword(tc.pw)
			var fe content.FieldErrors
			switch {
			case tc.want == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.want != "" && (!errors.As(err, &fe) || fe.For("password") != tc.want):
				t.Errorf("err = %v, want password: %q", err, tc.want)
			}
		})
	}
}

func TestHashRefusesWhatValidateRefuses(t *testing.T) {
	for _, pw := range []string{"short", strings.Repeat("x", MaxPassword+1)} {
		if h, err := cheap.Hash(pw); err == nil || h != "" {
			t.Errorf("Hash(%d bytes) = %q, %v; want refusal", len(pw), h, err)
		}
	}
}

func TestVerify(t *testing.T) {
	const pw = "correct horse battery staple"
	hash, err := cheap.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	other := Hasher{Params: Params{Memory: 128, Time: 1, Threads: 1}}
	cases := []struct {
		name       string
		h          Hasher
		hash, pw   string
		ok, rehash bool
	}{
		{"the right password matches", cheap, hash, pw, true, false},
		{"a wrong password does not match", cheap, hash, "correct horse battery stapler", false, false},
		{"the password in other case does not match", cheap, hash, strings.ToUpper(pw), false, false},
		{"an empty hash matches nothing, not even an empty password", cheap, "", "", false, false},
		{"a password over the limit is refused without hashing", cheap, hash, strings.Repeat("a", MaxPassword+1), false, false},
		{"a hash made with other parameters matches and asks to be redone", other, hash, pw, true, true},
		{"a wrong password never asks for a rehash", other, hash, "nope nope nope", false, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok, rehash, err := tc.h.Verify(tc.hash, tc.pw)
			if err != nil || ok != tc.ok || rehash != tc.rehash {
				t.Errorf("Verify = %v, %v, %v; want %v, %v, nil", ok, rehash, err, tc.ok, tc.rehash)
			}
		})
	}
}

func TestHashesAreSaltedAndCarryTheirParameters(t *testing.T) {
	const pw = "correct horse battery staple"
	a, err := cheap.Hash(pw)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := cheap.Hash(pw)
	if a == b {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	if !strings.HasPrefix(a, "$argon2id$v=19$m=64,t=1,p=1$") {
		t.Errorf("hash %q does not record its parameters", a)
	}
	parts := strings.Split(a, "$")
	salt, err1 := base64.RawStdEncoding.DecodeString(parts[4])
	key, err2 := base64.RawStdEncoding.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) != 16 || len(key) != 32 {
		t.Errorf("salt %d bytes (%v), key %d bytes (%v); want 16 and 32", len(salt), err1, len(key), err2)
	}
}

// One real hash, to prove production uses the strong parameters; every other
// test uses the cheap ones.
func TestProductionHashesUse64MiBTwoPassesTwoLanes(t *testing.T) {
	t.Parallel()
	const pw = "correct horse battery staple"
	hash, err := HashPassword(pw)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=2,p=2$") {
		t.Errorf("production hash = %q", hash)
	}
	if ok, rehash, err := VerifyPassword(hash, pw); !ok || rehash || err != nil {
		t.Errorf("VerifyPassword = %v, %v, %v; want true, false, nil", ok, rehash, err)
	}
	cheapHash, _ := cheap.Hash(pw)
	if ok, rehash, err := VerifyPassword(cheapHash, pw); !ok || !rehash || err != nil {
		t.Errorf("VerifyPassword(cheap hash) = %v, %v, %v; want true, true, nil", ok, rehash, err)
	}
}

func TestMalformedHashesAreErrors(t *testing.T) {
	salt := base64.RawStdEncoding.EncodeToString(make([]byte, 16))
	key := base64.RawStdEncoding.EncodeToString(make([]byte, 32))
	cases := []struct{ name, hash string }{
		{"a bcrypt hash from WordPress", "$2y$10$abcdefghijklmnopqrstuuC2Lw5ZSZgrLxQ3GUp8X5mYzB0l0j0Z."},
		{"argon2i instead of argon2id", "$argon2i$v=19$m=64,t=1,p=1$" + salt + "$" + key},
		{"another version", "$argon2id$v=16$m=64,t=1,p=1$" + salt + "$" + key},
		{"memory above one GiB", "$argon2id$v=19$m=2097152,t=1,p=1$" + salt + "$" + key},
		{"zero passes", "$argon2id$v=19$m=64,t=0,p=1$" + salt + "$" + key},
		{"too many passes", "$argon2id$v=19$m=64,t=65,p=1$" + salt + "$" + key},
		{"less memory than lanes need", "$argon2id$v=19$m=8,t=1,p=4$" + salt + "$" + key},
		{"parameters out of order", "$argon2id$v=19$t=1,m=64,p=1$" + salt + "$" + key},
		{"a missing parameter", "$argon2id$v=19$m=64,t=1$" + salt + "$" + key},
		{"a salt that is not base64", "$argon2id$v=19$m=64,t=1,p=1$!!!$" + key},
		{"a short salt", "$argon2id$v=19$m=64,t=1,p=1$AAAA$" + key},
		{"a short key", "$argon2id$v=19$m=64,t=1,p=1$" + salt + "$AAAA"},
		{"a missing key", "$argon2id$v=19$m=64,t=1,p=1$" + salt},
		{"plain text", "hunter2"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ok, rehash, err := cheap.Verify(tc.hash, "correct horse battery staple")
			if ok || rehash || err == nil {
				t.Errorf("Verify = %v, %v, %v; want false, false, an error", ok, rehash, err)
			}
		})
	}
}

// FuzzDecodeHash reads hashes, not passwords: verifying would allocate up to
// the gigabyte a hash may ask for on every run.
func FuzzDecodeHash(f *testing.F) {
	h, _ := cheap.Hash("correct horse battery staple")
	for _, s := range []string{h, "", "$argon2id$v=19$m=64,t=1,p=1$$", "$$$$$", "$argon2id$v=19$m=-1,t=+1,p=0x1$AAAA$AAAA"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, hash string) {
		p, salt, key, err := decodeHash(hash)
		if err != nil {
			return
		}
		if p.Memory > 1<<20 || p.Time < 1 || p.Time > 64 || p.Threads < 1 || p.Memory < 8*uint32(p.Threads) || len(salt) < 8 || len(key) < 16 {
			t.Fatalf("decodeHash(%q) accepted %+v, salt %d, key %d", hash, p, len(salt), len(key))
		}
	})
}
