package auth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/crypto/argon2"

	"dateline/internal/content"
)

// Limits on passwords. The upper bound is in bytes because it protects the
// server from hashing huge inputs; the lower one is in characters because
// that is what a person counts.
const (
	MinPassword = 10
	MaxPassword = 1024
)

// Messages shown when a new password is refused.
const (
	PasswordTooShort = "Please choose a password of at least 10 characters."
	PasswordTooLong  = "That password is too long (at most 1024 bytes)."
)

// ValidatePassword checks a new password and says what is wrong with it in
// a content.FieldErrors for the field "password".
func ValidatePassword(pw string) error {
	var errs content.FieldErrors
	switch {
	case len(pw) > MaxPassword:
		errs.Add("password", PasswordTooLong)
	case utf8.RuneCountInString(pw) < MinPassword:
		errs.Add("password", PasswordTooShort)
	}
	return errs.OrNil()
}

// Params are the costs of argon2id. Every hash records the ones it was made
// with, so they can be raised without locking anyone out.
type Params struct {
	Memory  uint32 // KiB
	Time    uint32 // passes over the memory
	Threads uint8
}

// DefaultParams are the production costs: 64 MiB, two passes, two lanes,
// around a tenth of a second per sign-in on a small server.
func DefaultParams() Params { return Params{Memory: 64 * 1024, Time: 2, Threads: 2} }

// Salt and key lengths of new hashes.
const (
	saltLen = 16
	keyLen  = 32
)

// Hasher hashes and verifies passwords with its Params; the zero Hasher uses
// DefaultParams. Tests use a cheap Hasher to stay fast.
type Hasher struct {
	Params Params
	// Derived, when set, is called after every argon2id key derivation
	// (in Hash, Verify and VerifyNobody) with its parameters, so that a
	// test can count the work a sign-in does without a clock: one for an
	// unknown address as for a wrong password.
	Derived func(Params)
}

// derive is argon2id, reported to Derived.
func (h Hasher) derive(pw, salt []byte, p Params, keyLen uint32) []byte {
	key := argon2.IDKey(pw, salt, p.Time, p.Memory, p.Threads, keyLen)
	if h.Derived != nil {
		h.Derived(p)
	}
	return key
}

func (h Hasher) params() Params {
	if h.Params == (Params{}) {
		return DefaultParams()
	}
	return h.Params
}

// HashPassword hashes pw with the production parameters.
func HashPassword(pw string) (string, error) { return Hasher{}.Hash(pw) }

// VerifyPassword checks pw against an encoded hash; needsRehash says the hash
// was made with other parameters than the production ones.
func VerifyPassword(hash, pw string) (ok, needsRehash bool, err error) {
	return Hasher{}.Verify(hash, pw)
}

// Hash refuses a password ValidatePassword refuses and otherwise returns it
// hashed with a fresh random salt, encoded in the PHC string format:
// $argon2id$v=19$m=65536,t=2,p=2$salt$hash.
func (h Hasher) Hash(pw string) (string, error) {
	if err := ValidatePassword(pw); err != nil {
		return "", err
	}
	p := h.params()
	salt := make([]byte, saltLen)
	rand.Read(salt) // never fails: crypto/rand crashes the program instead
	key := h.derive([]byte(pw), salt, p, keyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key)), nil
}

// Verify checks pw against an encoded hash in constant time. An empty hash
// (a member without a password) and a password longer than MaxPassword never
// match. needsRehash is true when the hash was made with other parameters or
// lengths than h's, so the caller can store a fresh hash after a successful
// sign-in. err is only for a hash that cannot be read.
func (h Hasher) Verify(encoded, pw string) (ok, needsRehash bool, err error) {
	if encoded == "" || len(pw) > MaxPassword {
		return false, false, nil
	}
	p, salt, want, err := decodeHash(encoded)
	if err != nil {
		return false, false, err
	}
	got := h.derive([]byte(pw), salt, p, uint32(len(want)))
	if subtle.ConstantTimeCompare(got, want) != 1 {
		return false, false, nil
	}
	return true, p != h.params() || len(salt) != saltLen || len(want) != keyLen, nil
}

// VerifyNobody spends the time Verify would, for a sign-in with an email
// that has no account or no password: the answer then takes as long as a
// wrong password, and its timing does not tell which emails exist.
func (h Hasher) VerifyNobody(pw string) {
	if len(pw) > MaxPassword {
		return
	}
	p := h.params()
	h.derive([]byte(pw), make([]byte, saltLen), p, keyLen)
}

var errBadHash = errors.New("auth: malformed password hash")

// decodeHash reads a PHC argon2id string. The bounds keep a damaged or
// hostile row from making the server allocate gigabytes.
func decodeHash(s string) (p Params, salt, key []byte, err error) {
	parts := strings.Split(s, "$")
	if len(parts) != 6 || parts[0] != "" || parts[1] != "argon2id" || parts[2] != "v="+strconv.Itoa(argon2.Version) {
		return p, nil, nil, errBadHash
	}
	var m, t, threads uint64
	fields := strings.Split(parts[3], ",")
	if len(fields) != 3 {
		return p, nil, nil, errBadHash
	}
	for i, f := range []struct {
		name string
		dst  *uint64
		max  uint64
	}{{"m", &m, 1 << 20}, {"t", &t, 64}, {"p", &threads, 255}} {
		v, ok := strings.CutPrefix(fields[i], f.name+"=")
		if !ok {
			return p, nil, nil, errBadHash
		}
		n, err := strconv.ParseUint(v, 10, 32)
		if err != nil || n < 1 || n > f.max {
			return p, nil, nil, errBadHash
		}
		*f.dst = n
	}
	if m < 8*threads {
		return p, nil, nil, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err1 := b64.DecodeString(parts[4])
	key, err2 := b64.DecodeString(parts[5])
	if err1 != nil || err2 != nil || len(salt) < 8 || len(salt) > 64 || len(key) < 16 || len(key) > 64 {
		return p, nil, nil, errBadHash
	}
	return Params{Memory: uint32(m), Time: uint32(t), Threads: uint8(threads)}, salt, key, nil
}
