package auth

import (
	"context"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
)

func TestAuthenticate(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	const pw = "monsoon season 2025"
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor, pw)
	member(t, st, "Kittipong Chai", "kit@example.com", content.RoleEditor, "") // invited, no password yet
	cases := []struct {
		name, email, pw string
		ok              bool
	}{
		{"the right email and password sign in", "ana@example.com", pw, true},
		{"the email in any case signs in", " ANA@Example.com", pw, true},
		{"a wrong password is refused", "ana@example.com", "monsoon season 2024", false},
		{"an unknown email is refused the same way", "nobody@example.com", pw, false},
		{"a member without a password is refused the same way", "kit@example.com", "", false},
		{"an overlong password is refused the same way", "ana@example.com", strings.Repeat("a", 5000), false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			u, err := Authenticate(ctx, st, cheap, tc.email, tc.pw)
			switch {
			case tc.ok && (err != nil || u.ID != ana.ID):
				t.Errorf("Authenticate = %+v, %v; want Ana", u, err)
			case !tc.ok && (!errors.Is(err, ErrLoginFailed) || err.Error() != "Wrong email or password." || u.ID != 0):
				t.Errorf("Authenticate = %+v, %v; want ErrLoginFailed", u, err)
			}
		})
	}
}

func TestAuthenticateUpgradesOldHashes(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	const pw = "monsoon season 2025"
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor, pw)
	stronger := Hasher{Params: Params{Memory: 128, Time: 2, Threads: 1}}
	if _, err := Authenticate(ctx, st, stronger, "ana@example.com", pw); err != nil {
		t.Fatal(err)
	}
	hash, _ := st.PasswordHash(ctx, ana.ID)
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=128,t=2,p=1$") {
		t.Errorf("after sign-in the hash is %q, want the stronger parameters", hash)
	}
	if _, err := Authenticate(ctx, st, stronger, "ana@example.com", pw); err != nil {
		t.Errorf("the upgraded hash does not sign in: %v", err)
	}
}

func TestPasswordReset(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	const old, fresh = "monsoon season 2025", "dry season 2026"
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor, old)
	sessions := NewSessions(st)
	sessions.Now = func() time.Time { return start }
	w := httptest.NewRecorder()
	if err := sessions.Start(ctx, w, httptest.NewRequest("POST", "/admin/login", nil), ana); err != nil {
		t.Fatal(err)
	}
	token, reset := NewPasswordReset(ana.ID, start)
	if reset.UserID != ana.ID || reset.TokenHash != HashToken(token) || !reset.ExpiresAt.Equal(start.Add(ResetTTL)) {
		t.Fatalf("reset = %+v", reset)
	}
	if err := st.CreatePasswordReset(ctx, &reset); err != nil {
		t.Fatal(err)
	}
	now := start.Add(10 * time.Minute)

	_, err := ResetPassword(ctx, st, cheap, token, "short", now)
	var fe content.FieldErrors
	if !errors.As(err, &fe) || fe.For("password") != PasswordTooShort {
		t.Fatalf("a short new password: err = %v, want %q", err, PasswordTooShort)
	}
	u, err := ResetPassword(ctx, st, cheap, token, fresh, now)
	if err != nil || u.ID != ana.ID {
		t.Fatalf("a refused password spent the link, or the reset failed: %+v, %v", u, err)
	}
	if _, err := Authenticate(ctx, st, cheap, "ana@example.com", fresh); err != nil {
		t.Errorf("the new password does not sign in: %v", err)
	}
	if _, err := Authenticate(ctx, st, cheap, "ana@example.com", old); !errors.Is(err, ErrLoginFailed) {
		t.Errorf("the old password still signs in: %v", err)
	}
	r := httptest.NewRequest("GET", "/admin/", nil)
	for _, c := range w.Result().Cookies() {
		r.AddCookie(c)
	}
	if _, _, err := sessions.Load(ctx, r); !errors.Is(err, ErrNoSession) {
		t.Errorf("the session from before the reset still loads: %v", err)
	}
	if _, err := ResetPassword(ctx, st, cheap, token, "another good one", now); !errors.Is(err, ErrResetInvalid) {
		t.Errorf("a link used twice: err = %v, want ErrResetInvalid", err)
	}
}

func TestPasswordResetLinksThatDoNotWork(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor, "monsoon season 2025")
	token, reset := NewPasswordReset(ana.ID, start)
	if err := st.CreatePasswordReset(ctx, &reset); err != nil {
		t.Fatal(err)
	}
	unknown, _ := NewToken()
	for _, tc := range []struct {
		name, token string
		now         time.Time
	}{
		{"an expired link", token, start.Add(ResetTTL)},
		{"a link nobody was sent", unknown, start},
		{"a mangled link", token[:20], start},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ResetPassword(ctx, st, cheap, tc.token, "dry season 2026", tc.now)
			if !errors.Is(err, ErrResetInvalid) || err.Error() != ResetInvalid {
				t.Errorf("err = %v, want ErrResetInvalid", err)
			}
		})
	}
}

func TestTokenUser(t *testing.T) {
	st := openStore(t)
	ctx := context.Background()
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor, "")
	token, rec, err := NewAPIToken(ana.ID, "Desk app", start)
	if err != nil {
		t.Fatal(err)
	}
	if err := st.CreateAPIToken(ctx, &rec); err != nil {
		t.Fatal(err)
	}
	u, tok, err := TokenUser(ctx, st, token, start.Add(time.Hour))
	if err != nil || u.ID != ana.ID || tok.ID != rec.ID || !tok.LastUsed.Equal(start.Add(time.Hour)) {
		t.Fatalf("TokenUser = %+v, %+v, %v; want Ana, last used now", u, tok, err)
	}
	if _, tok, _ = TokenUser(ctx, st, token, start.Add(time.Hour+30*time.Second)); !tok.LastUsed.Equal(start.Add(time.Hour)) {
		t.Errorf("last used moved within a minute: %v", tok.LastUsed)
	}
	session, _ := NewToken()
	for _, tc := range []struct{ name, token string }{
		{"an empty token", ""},
		{"a session token without the prefix", session},
		{"a token with a wrong character", token[:10] + "!" + token[11:]},
		{"a token cut short", token[:30]},
		{"a token nobody was given", APITokenPrefix + session},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := TokenUser(ctx, st, tc.token, start); !errors.Is(err, ErrBadToken) {
				t.Errorf("err = %v, want ErrBadToken", err)
			}
		})
	}
	if err := st.DeleteAPIToken(ctx, ana.ID, rec.ID); err != nil {
		t.Fatal(err)
	}
	if _, _, err := TokenUser(ctx, st, token, start); !errors.Is(err, ErrBadToken) {
		t.Errorf("a revoked token: err = %v, want ErrBadToken", err)
	}
}

func TestBearerToken(t *testing.T) {
	for header, want := range map[string]string{
		"Bearer dl_abc":    "dl_abc",
		"bearer dl_abc ":   "dl_abc",
		"Basic YWxhZGRpbg": "",
		"dl_abc":           "",
		"":                 "",
	} {
		r := httptest.NewRequest("GET", "/api/v1/articles", nil)
		if header != "" {
			r.Header.Set("Authorization", header)
		}
		if got := BearerToken(r); got != want {
			t.Errorf("BearerToken(%q) = %q, want %q", header, got, want)
		}
	}
}
