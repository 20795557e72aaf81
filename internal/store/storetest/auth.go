package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runAccounts runs the accounts suite; newStore returns a fresh, empty store.
func runAccounts(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"a password hash starts empty and round-trips", testPasswordHash},
		{"unknown users, sessions, tokens and resets are ErrNotFound", testAccountsNotFound},
		{"users are listed by name", testUsersList},
		{"an update saves name, email, role, bio and slug", testUpdateUser},
		{"an update to a taken email or slug is a conflict", testUpdateUserConflict},
		{"a profile's job title, photo and ordered links are saved, read by every read of a member, and cleared", testProfile},
		{"a member is stored with their password in one step, and a taken email or slug stores neither", testCreateUserWithPassword},
		{"a session is found by its token hash and touched", testSessionRoundTrip},
		{"a second session with the same token hash is a conflict", testSessionConflict},
		{"ending a session ends only that one", testDeleteSession},
		{"signing out everywhere leaves other users signed in", testSignOutEverywhere},
		{"expired sessions are swept, live ones kept", testExpiredSessions},
		{"API tokens are listed newest first and touched", testAPITokens},
		{"an API token is revoked only by its owner", testAPITokenOwner},
		{"a password reset works once and spends the user's other resets", testResetSingleUse},
		{"an expired password reset is refused", testResetExpired},
		{"of requests racing with one reset link exactly one wins", testResetRace},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

// member creates a user for the accounts tests.
func member(t *testing.T, st store.Store, name, email string, role content.Role) content.User {
	t.Helper()
	u := content.User{Name: name, Email: email, Role: role}
	must(t, st.CreateUser(context.Background(), &u))
	return u
}

func wantNotFound(t *testing.T, what string, err error) {
	t.Helper()
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("%s: err = %v, want ErrNotFound", what, err)
	}
}

func testPasswordHash(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	hash, err := st.PasswordHash(ctx, u.ID)
	must(t, err)
	if hash != "" {
		t.Errorf("new user's hash = %q, want empty", hash)
	}
	const h = "$argon2id$v=19$m=65536,t=2,p=2$c2FsdA$aGFzaA"
	must(t, st.SetPasswordHash(ctx, u.ID, h))
	if hash, err = st.PasswordHash(ctx, u.ID); err != nil || hash != h {
		t.Errorf("hash = %q, %v; want %q", hash, err, h)
	}
	got, err := st.UserByID(ctx, u.ID)
	must(t, err)
	if got.Email != u.Email || got.Name != u.Name {
		t.Errorf("setting the password changed the user: %+v", got)
	}
}

func testAccountsNotFound(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	_, err := st.PasswordHash(ctx, 999)
	wantNotFound(t, "password of unknown user", err)
	wantNotFound(t, "set password of unknown user", st.SetPasswordHash(ctx, 999, "x"))
	wantNotFound(t, "update unknown user", st.UpdateUser(ctx, &content.User{ID: 999, Name: "N", Email: "n@example.com", Role: content.RoleAuthor}))
	_, err = st.SessionByTokenHash(ctx, "nope")
	wantNotFound(t, "unknown session", err)
	wantNotFound(t, "touch unknown session", st.TouchSession(ctx, 999, base))
	wantNotFound(t, "delete unknown session", st.DeleteSession(ctx, 999))
	wantNotFound(t, "session for unknown user", st.CreateSession(ctx, &content.Session{
		UserID: 999, TokenHash: "s", CreatedAt: base, LastSeen: base, ExpiresAt: base.Add(time.Hour)}))
	_, err = st.APITokenByHash(ctx, "nope")
	wantNotFound(t, "unknown API token", err)
	wantNotFound(t, "touch unknown API token", st.TouchAPIToken(ctx, 999, base))
	wantNotFound(t, "delete unknown API token", st.DeleteAPIToken(ctx, u.ID, 999))
	wantNotFound(t, "API token for unknown user", st.CreateAPIToken(ctx, &content.APIToken{
		UserID: 999, Name: "x", TokenHash: "t", Prefix: "dl_x", CreatedAt: base}))
	_, err = st.UsePasswordReset(ctx, "nope", base)
	wantNotFound(t, "unknown reset", err)
	wantNotFound(t, "reset for unknown user", st.CreatePasswordReset(ctx, &content.PasswordReset{
		UserID: 999, TokenHash: "r", CreatedAt: base, ExpiresAt: base.Add(time.Hour)}))
	n, err := st.DeleteUserSessions(ctx, 999)
	if err != nil || n != 0 {
		t.Errorf("signing out an unknown user = %d, %v; want 0, nil", n, err)
	}
	list, err := st.APITokens(ctx, 999)
	if err != nil || len(list) != 0 {
		t.Errorf("tokens of an unknown user = %v, %v; want none", list, err)
	}
}

func testUsersList(t *testing.T, st store.Store) {
	ctx := context.Background()
	member(t, st, "Somchai Rattanakul", "somchai@example.com", content.RoleEditor)
	member(t, st, "ana Reyes", "ana@example.com", content.RoleAuthor)
	member(t, st, "Kittipong Chai", "kit@example.com", content.RoleContributor)
	list, err := st.Users(ctx)
	must(t, err)
	var names []string
	for _, u := range list {
		names = append(names, u.Name)
		if u.ID == 0 || u.Email == "" || u.Role == "" || u.CreatedAt.IsZero() {
			t.Errorf("listed user is missing fields: %+v", u)
		}
	}
	if !sameStrings(names, []string{"ana Reyes", "Kittipong Chai", "Somchai Rattanakul"}) {
		t.Errorf("users = %v, want by name regardless of case", names)
	}
}

func testUpdateUser(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleContributor)
	u.Name, u.Email, u.Role, u.Bio, u.Slug = "Ana Reyes-Cruz", " Ana.Cruz@Example.COM ", content.RoleAuthor, "Covers the Mekong.", ""
	must(t, st.UpdateUser(ctx, &u))
	if u.Slug != "ana-reyes" {
		t.Errorf("an empty slug must keep the stored one; slug = %q", u.Slug)
	}
	got, err := st.UserByEmail(ctx, "ana.cruz@example.com")
	must(t, err)
	if got.ID != u.ID || got.Name != "Ana Reyes-Cruz" || got.Email != "ana.cruz@example.com" ||
		got.Role != content.RoleAuthor || got.Bio != "Covers the Mekong." || got.Slug != "ana-reyes" {
		t.Errorf("after update = %+v", got)
	}
	u.Slug = "ana-cruz"
	must(t, st.UpdateUser(ctx, &u))
	if got, err := st.UserBySlug(ctx, "ana-cruz"); err != nil || got.ID != u.ID {
		t.Errorf("by new slug = %+v, %v", got, err)
	}
	_, err = st.UserByEmail(ctx, "ana@example.com")
	wantNotFound(t, "old email", err)
}

func testUpdateUserConflict(t *testing.T, st store.Store) {
	ctx := context.Background()
	a := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	member(t, st, "Kittipong Chai", "kit@example.com", content.RoleEditor)
	for _, tc := range []struct {
		name        string
		email, slug string
	}{
		{"taken email in other case", "KIT@example.com", ""},
		{"taken slug", "ana@example.com", "kittipong-chai"},
	} {
		u := a
		u.Email, u.Slug = tc.email, tc.slug
		if err := st.UpdateUser(ctx, &u); !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s: err = %v, want ErrConflict", tc.name, err)
		}
	}
	got, err := st.UserByID(ctx, a.ID)
	must(t, err)
	if got.Email != "ana@example.com" || got.Slug != "ana-reyes" {
		t.Errorf("a refused update changed the user: %+v", got)
	}
}

func newSession(t *testing.T, st store.Store, userID int64, hash string, created time.Time, life time.Duration) content.Session {
	t.Helper()
	s := content.Session{UserID: userID, TokenHash: hash, CreatedAt: created, LastSeen: created,
		ExpiresAt: created.Add(life), UserAgent: "Firefox", IPHash: "ab12"}
	must(t, st.CreateSession(context.Background(), &s))
	if s.ID == 0 {
		t.Fatal("CreateSession did not set the ID")
	}
	return s
}

func testSessionRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	s := newSession(t, st, u.ID, "hash-1", base, 14*24*time.Hour)
	got, err := st.SessionByTokenHash(ctx, "hash-1")
	must(t, err)
	if got.ID != s.ID || got.UserID != u.ID || got.TokenHash != "hash-1" || got.UserAgent != "Firefox" || got.IPHash != "ab12" ||
		!got.CreatedAt.Equal(base) || !got.LastSeen.Equal(base) || !got.ExpiresAt.Equal(s.ExpiresAt) {
		t.Errorf("session = %+v, want %+v", got, s)
	}
	later := base.Add(90 * time.Minute)
	must(t, st.TouchSession(ctx, s.ID, later))
	got, err = st.SessionByTokenHash(ctx, "hash-1")
	must(t, err)
	if !got.LastSeen.Equal(later) || !got.ExpiresAt.Equal(s.ExpiresAt) {
		t.Errorf("after touch: last seen %v, expires %v; want %v, unchanged", got.LastSeen, got.ExpiresAt, later)
	}
}

func testSessionConflict(t *testing.T, st store.Store) {
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	newSession(t, st, u.ID, "same", base, time.Hour)
	s := content.Session{UserID: u.ID, TokenHash: "same", CreatedAt: base, LastSeen: base, ExpiresAt: base.Add(time.Hour)}
	if err := st.CreateSession(context.Background(), &s); !errors.Is(err, store.ErrConflict) {
		t.Errorf("err = %v, want ErrConflict", err)
	}
}

func testDeleteSession(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	phone := newSession(t, st, u.ID, "phone", base, time.Hour)
	newSession(t, st, u.ID, "laptop", base, time.Hour)
	must(t, st.DeleteSession(ctx, phone.ID))
	_, err := st.SessionByTokenHash(ctx, "phone")
	wantNotFound(t, "ended session", err)
	if _, err := st.SessionByTokenHash(ctx, "laptop"); err != nil {
		t.Errorf("the other session ended too: %v", err)
	}
}

func testSignOutEverywhere(t *testing.T, st store.Store) {
	ctx := context.Background()
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	kit := member(t, st, "Kittipong Chai", "kit@example.com", content.RoleEditor)
	newSession(t, st, ana.ID, "ana-phone", base, time.Hour)
	newSession(t, st, ana.ID, "ana-laptop", base, time.Hour)
	newSession(t, st, kit.ID, "kit-laptop", base, time.Hour)
	n, err := st.DeleteUserSessions(ctx, ana.ID)
	must(t, err)
	if n != 2 {
		t.Errorf("ended %d sessions, want 2", n)
	}
	for _, h := range []string{"ana-phone", "ana-laptop"} {
		_, err := st.SessionByTokenHash(ctx, h)
		wantNotFound(t, h, err)
	}
	if _, err := st.SessionByTokenHash(ctx, "kit-laptop"); err != nil {
		t.Errorf("another user's session ended: %v", err)
	}
}

func testExpiredSessions(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	newSession(t, st, u.ID, "old", base, time.Hour)
	newSession(t, st, u.ID, "ends-now", base, 2*time.Hour)
	newSession(t, st, u.ID, "fresh", base, 3*time.Hour)
	n, err := st.DeleteExpiredSessions(ctx, base.Add(2*time.Hour))
	must(t, err)
	if n != 2 {
		t.Errorf("swept %d sessions, want 2", n)
	}
	for _, h := range []string{"old", "ends-now"} {
		_, err := st.SessionByTokenHash(ctx, h)
		wantNotFound(t, h, err)
	}
	if _, err := st.SessionByTokenHash(ctx, "fresh"); err != nil {
		t.Errorf("a live session was swept: %v", err)
	}
}

func newToken(t *testing.T, st store.Store, userID int64, name, hash string, created time.Time) content.APIToken {
	t.Helper()
	tok := content.APIToken{UserID: userID, Name: name, TokenHash: hash, Prefix: "dl_" + hash[:5], CreatedAt: created}
	must(t, st.CreateAPIToken(context.Background(), &tok))
	if tok.ID == 0 {
		t.Fatal("CreateAPIToken did not set the ID")
	}
	return tok
}

func testAPITokens(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	desk := newToken(t, st, u.ID, "Desk app", "aaaaa-hash", base)
	newToken(t, st, u.ID, "Phone", "bbbbb-hash", base.Add(time.Hour))
	got, err := st.APITokenByHash(ctx, "aaaaa-hash")
	must(t, err)
	if got.ID != desk.ID || got.UserID != u.ID || got.Name != "Desk app" || got.Prefix != "dl_aaaaa" ||
		!got.CreatedAt.Equal(base) || !got.LastUsed.IsZero() {
		t.Errorf("token = %+v, want %+v never used", got, desk)
	}
	used := base.Add(3 * time.Hour)
	must(t, st.TouchAPIToken(ctx, desk.ID, used))
	list, err := st.APITokens(ctx, u.ID)
	must(t, err)
	if len(list) != 2 || list[0].Name != "Phone" || list[1].Name != "Desk app" {
		t.Fatalf("tokens = %+v, want Phone then Desk app", list)
	}
	if !list[1].LastUsed.Equal(used) {
		t.Errorf("last used = %v, want %v", list[1].LastUsed, used)
	}
	dup := content.APIToken{UserID: u.ID, Name: "Copy", TokenHash: "aaaaa-hash", Prefix: "dl_aaaaa", CreatedAt: base}
	if err := st.CreateAPIToken(ctx, &dup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("token with a taken hash: err = %v, want ErrConflict", err)
	}
}

func testAPITokenOwner(t *testing.T, st store.Store) {
	ctx := context.Background()
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	kit := member(t, st, "Kittipong Chai", "kit@example.com", content.RoleEditor)
	tok := newToken(t, st, ana.ID, "Desk app", "aaaaa-hash", base)
	wantNotFound(t, "revoking another user's token", st.DeleteAPIToken(ctx, kit.ID, tok.ID))
	if _, err := st.APITokenByHash(ctx, "aaaaa-hash"); err != nil {
		t.Fatalf("another user revoked the token: %v", err)
	}
	must(t, st.DeleteAPIToken(ctx, ana.ID, tok.ID))
	_, err := st.APITokenByHash(ctx, "aaaaa-hash")
	wantNotFound(t, "revoked token", err)
}

func testResetSingleUse(t *testing.T, st store.Store) {
	ctx := context.Background()
	ana := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	kit := member(t, st, "Kittipong Chai", "kit@example.com", content.RoleEditor)
	for _, r := range []content.PasswordReset{
		{UserID: ana.ID, TokenHash: "first", CreatedAt: base, ExpiresAt: base.Add(time.Hour)},
		{UserID: ana.ID, TokenHash: "second", CreatedAt: base, ExpiresAt: base.Add(time.Hour)},
		{UserID: kit.ID, TokenHash: "kits", CreatedAt: base, ExpiresAt: base.Add(time.Hour)},
	} {
		must(t, st.CreatePasswordReset(ctx, &r))
	}
	now := base.Add(10 * time.Minute)
	id, err := st.UsePasswordReset(ctx, "second", now)
	must(t, err)
	if id != ana.ID {
		t.Errorf("reset belongs to user %d, want %d", id, ana.ID)
	}
	_, err = st.UsePasswordReset(ctx, "second", now)
	wantNotFound(t, "a reset used twice", err)
	_, err = st.UsePasswordReset(ctx, "first", now)
	wantNotFound(t, "an older reset of the same user", err)
	if id, err := st.UsePasswordReset(ctx, "kits", now); err != nil || id != kit.ID {
		t.Errorf("another user's reset = %d, %v; want %d", id, err, kit.ID)
	}
}

func testResetExpired(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	r := content.PasswordReset{UserID: u.ID, TokenHash: "late", CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	must(t, st.CreatePasswordReset(ctx, &r))
	_, err := st.UsePasswordReset(ctx, "late", base.Add(time.Hour))
	wantNotFound(t, "a reset at its expiry", err)
	dup := content.PasswordReset{UserID: u.ID, TokenHash: "late", CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	if err := st.CreatePasswordReset(ctx, &dup); !errors.Is(err, store.ErrConflict) {
		t.Errorf("reset with a taken hash: err = %v, want ErrConflict", err)
	}
}

func testResetRace(t *testing.T, st store.Store) {
	ctx := context.Background()
	u := member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor)
	r := content.PasswordReset{UserID: u.ID, TokenHash: "raced", CreatedAt: base, ExpiresAt: base.Add(time.Hour)}
	must(t, st.CreatePasswordReset(ctx, &r))
	var wins, losses atomic.Int32
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			_, err := st.UsePasswordReset(ctx, "raced", base.Add(time.Minute))
			switch {
			case err == nil:
				wins.Add(1)
			case errors.Is(err, store.ErrNotFound):
				losses.Add(1)
			default:
				t.Errorf("racing reset: %v", err)
			}
		})
	}
	wg.Wait()
	if wins.Load() != 1 || losses.Load() != 7 {
		t.Errorf("%d requests won and %d lost, want 1 and 7", wins.Load(), losses.Load())
	}
}

func testCreateUserWithPassword(t *testing.T, st store.Store) {
	ctx := context.Background()
	const h = "$argon2id$v=19$m=65536,t=2,p=2$c2FsdA$aGFzaA"
	ana := content.User{Name: "Ana Reyes", Email: " Ana@Example.com ", Role: content.RoleEditor, Bio: "Covers the Mekong."}
	must(t, st.CreateUserWithPassword(ctx, &ana, h))
	if ana.ID == 0 || ana.Slug != "ana-reyes" || ana.Email != "ana@example.com" || ana.CreatedAt.IsZero() {
		t.Fatalf("created %+v", ana)
	}
	if got, err := st.PasswordHash(ctx, ana.ID); err != nil || got != h {
		t.Errorf("hash = %q, %v; want the one given with the member", got, err)
	}
	got, err := st.UserByEmail(ctx, "ana@example.com")
	must(t, err)
	if got.ID != ana.ID || got.Name != "Ana Reyes" || got.Role != content.RoleEditor || got.Bio != "Covers the Mekong." {
		t.Errorf("stored %+v", got)
	}

	invited := content.User{Name: "Kittipong Chai", Email: "kit@example.com", Role: content.RoleAuthor, Slug: "kit"}
	must(t, st.CreateUserWithPassword(ctx, &invited, ""))
	if got, err := st.PasswordHash(ctx, invited.ID); err != nil || got != "" || invited.Slug != "kit" {
		t.Errorf("a member without a password: hash %q, %v, slug %q", got, err, invited.Slug)
	}

	for _, tc := range []struct {
		name string
		u    content.User
	}{
		{"taken email in other case", content.User{Name: "Ana Again", Email: "ANA@example.com", Role: content.RoleAuthor}},
		{"taken slug", content.User{Name: "Ana Reyes", Email: "ana.reyes@example.com", Role: content.RoleAuthor}},
	} {
		u := tc.u
		if err := st.CreateUserWithPassword(ctx, &u, "other"); !errors.Is(err, store.ErrConflict) {
			t.Errorf("%s: err = %v, want ErrConflict", tc.name, err)
		}
	}
	list, err := st.Users(ctx)
	must(t, err)
	if len(list) != 2 {
		t.Errorf("after the refused creations there are %d members, want 2: %+v", len(list), list)
	}
	if _, err := st.UserByEmail(ctx, "ana.reyes@example.com"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused member was stored: %v", err)
	}
	if got, err := st.PasswordHash(ctx, ana.ID); err != nil || got != h {
		t.Errorf("a refused creation changed the first member's password: %q, %v", got, err)
	}
}

func testProfile(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	im := content.Image{Name: "people/ana", Ext: ".jpg", Width: 800, Height: 800, Alt: "Ana", OwnerID: f.author.ID}
	must(t, st.CreateImage(ctx, &im))
	u := f.author
	u.JobTitle, u.PhotoID = "Mekong correspondent", im.ID
	u.Links = []content.Link{
		{URL: "https://social.example/@ana", Label: "Ana on Social"},
		{URL: "https://ana.example.org/"},
		{URL: "https://a.example/?q=1&x=\"<>", Label: "Quotes \" and ünïcode"},
	}
	must(t, st.UpdateUser(ctx, &u))
	f.post(t, st, "Flood waters rise", 1)
	want := fmt.Sprintf("%q %d %v", u.JobTitle, u.PhotoID, u.Links)
	check := func(how string, got content.User, err error) {
		t.Helper()
		must(t, err)
		if g := fmt.Sprintf("%q %d %v", got.JobTitle, got.PhotoID, got.Links); g != want {
			t.Errorf("%s: profile = %s, want %s", how, g, want)
		}
	}
	got, err := st.UserByID(ctx, u.ID)
	check("by id", got, err)
	got, err = st.UserBySlug(ctx, u.Slug)
	check("by slug", got, err)
	got, err = st.UserByEmail(ctx, u.Email)
	check("by email", got, err)
	got, err = st.AuthorBySlug(ctx, u.Slug)
	check("author by slug", got, err)
	authors, err := st.Authors(ctx)
	must(t, err)
	if len(authors) != 1 {
		t.Fatalf("authors = %+v, want Ana alone", authors)
	}
	check("authors", authors[0], nil)
	all, err := st.Users(ctx)
	must(t, err)
	for _, o := range all {
		if o.ID == u.ID {
			check("users", o, nil)
		} else if o.JobTitle != "" || o.PhotoID != 0 || len(o.Links) != 0 {
			t.Errorf("another member has a profile: %+v", o)
		}
	}

	u.JobTitle, u.PhotoID, u.Links = "", 0, nil
	must(t, st.UpdateUser(ctx, &u))
	got, err = st.UserByID(ctx, u.ID)
	must(t, err)
	if got.JobTitle != "" || got.PhotoID != 0 || len(got.Links) != 0 {
		t.Errorf("a cleared profile reads %q %d %v", got.JobTitle, got.PhotoID, got.Links)
	}

	born := content.User{Name: "Nok Porn", Email: "nok@example.com", Role: content.RoleAuthor,
		JobTitle: "Photographer", PhotoID: im.ID, Links: []content.Link{{URL: "https://nok.example/"}}}
	must(t, st.CreateUserWithPassword(ctx, &born, "hash"))
	got, err = st.UserByID(ctx, born.ID)
	must(t, err)
	if got.JobTitle != "Photographer" || got.PhotoID != im.ID || fmt.Sprint(got.Links) != fmt.Sprint(born.Links) {
		t.Errorf("a member created with a profile reads %q %d %v", got.JobTitle, got.PhotoID, got.Links)
	}
}
