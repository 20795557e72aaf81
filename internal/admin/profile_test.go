package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"dateline/internal/admin"
	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/members"
)

func TestAPITokenIsShownOnceAndWorks(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	b := n.signIn(content.RoleAuthor)
	ana := n.members[content.RoleAuthor]

	w := b.post("/admin/profile/tokens", url.Values{"token_name": {" "}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "token_name"); got != auth.TokenNameMissing {
		t.Errorf("blank name: %q", got)
	}

	w = b.post("/admin/profile/tokens", url.Values{"token_name": {"Desk app"}})
	wantStatus(t, w, http.StatusOK)
	doc := page(t, w)
	token := value(doc, "new-token")
	if !strings.HasPrefix(token, auth.APITokenPrefix) || len(token) != 46 {
		t.Fatalf("token shown = %q", token)
	}
	if got := texts(all(doc, "#tokens td")); len(got) < 2 || got[0] != "Desk app" || got[1] != token[:8]+"…" {
		t.Errorf("token row = %q", got)
	}
	u, tok, err := auth.TokenUser(ctx, n.st, token, n.clock.Now().Add(time.Hour))
	if err != nil || u.ID != ana.ID || tok.Name != "Desk app" {
		t.Fatalf("TokenUser = %+v, %+v, %v; want Ana's Desk app", u, tok, err)
	}

	doc = page(t, b.get("/admin/profile"))
	if first(doc, "#new-token") != nil || strings.Contains(b.get("/admin/profile").Body.String(), token) {
		t.Fatal("the token is shown a second time")
	}
	row := texts(all(doc, "#tokens td"))
	if row[3] != "14 Jul 2025, 11:00" {
		t.Errorf("last used = %q, want the time of the API call in Bangkok", row[3])
	}

	revoke := attr(first(doc, "#tokens form"), "action")
	wantRedirect(t, b.post(revoke, nil), "/admin/profile?done=token-revoked")
	if _, _, err := auth.TokenUser(ctx, n.st, token, n.clock.Now()); !errors.Is(err, auth.ErrBadToken) {
		t.Errorf("a revoked token: err = %v", err)
	}
	// Nobody revokes another member's token.
	other := n.signIn(content.RoleEditor)
	_, rec, err := auth.NewAPIToken(ana.ID, "Second", n.clock.Now())
	must(t, err)
	must(t, n.st.CreateAPIToken(ctx, &rec))
	wantStatus(t, other.post("/admin/profile/tokens/"+itoa(rec.ID)+"/revoke", nil), http.StatusNotFound)
}

func TestProfileDetails(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleAuthor)
	w := b.post("/admin/profile", url.Values{"name": {"Ana R."}, "email": {"eddie@example.com"}, "bio": {"Covers floods."}, "confirm_password": {password}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc := page(t, w)
	if got := fieldError(doc, "email"); got != members.EmailTaken {
		t.Errorf("taken email: %q", got)
	}
	if value(doc, "name") != "Ana R." || value(doc, "bio") != "Covers floods." {
		t.Errorf("the form lost what was typed: %q, %q", value(doc, "name"), value(doc, "bio"))
	}
	w = b.post("/admin/profile", url.Values{"name": {""}, "email": {"not an address"}})
	doc = page(t, w)
	if fieldError(doc, "name") != members.NameMissing || fieldError(doc, "email") != members.EmailInvalid {
		t.Errorf("messages = %q, %q", fieldError(doc, "name"), fieldError(doc, "email"))
	}
	// A new email needs the password: reset links go there.
	changed := url.Values{"name": {"Ana Reyes-Cruz"}, "email": {"Ana.Reyes@Example.com"}, "bio": {"Covers floods."}}
	w = b.post("/admin/profile", changed)
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "confirm_password"); got != admin.EmailNeedsPassword {
		t.Errorf("email change without the password: %q", got)
	}
	changed.Set("confirm_password", "not it at all")
	if got := fieldError(page(t, b.post("/admin/profile", changed)), "confirm_password"); got != admin.CurrentPasswordWrong {
		t.Errorf("email change with a wrong password: %q", got)
	}
	changed.Set("confirm_password", password)
	wantRedirect(t, b.post("/admin/profile", changed), "/admin/profile?done=profile-saved")
	// The name alone needs no password.
	wantRedirect(t, b.post("/admin/profile", url.Values{"name": {"Ana Reyes-Cruz"}, "email": {"ana.reyes@example.com"}, "bio": {"Covers floods."}}),
		"/admin/profile?done=profile-saved")
	u, err := n.st.UserByID(context.Background(), n.members[content.RoleAuthor].ID)
	must(t, err)
	if u.Name != "Ana Reyes-Cruz" || u.Email != "ana.reyes@example.com" || u.Bio != "Covers floods." || u.Role != content.RoleAuthor {
		t.Errorf("stored %+v", u)
	}
}

func TestChangePassword(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b, phone := n.signIn(content.RoleAuthor), n.signIn(content.RoleAuthor)
	const fresh = "dry season 2026"
	w := b.post("/admin/profile/password", url.Values{"current_password": {"wrong password"}, "new_password": {fresh}, "new_password2": {fresh}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "current_password"); got != admin.CurrentPasswordWrong {
		t.Errorf("wrong current password: %q", got)
	}
	w = b.post("/admin/profile/password", url.Values{"current_password": {password}, "new_password": {fresh}, "new_password2": {"other"}})
	if got := fieldError(page(t, w), "new_password2"); got != admin.PasswordsDiffer {
		t.Errorf("mismatch: %q", got)
	}
	wantRedirect(t, b.post("/admin/profile/password", url.Values{"current_password": {password}, "new_password": {fresh}, "new_password2": {fresh}}),
		"/admin/profile?done=password-changed")
	wantStatus(t, b.get("/admin/profile"), http.StatusOK)
	wantRedirect(t, phone.get("/admin/profile"), "/admin/login?next=%2Fadmin%2Fprofile")
	wantRedirect(t, n.browser().post("/admin/login", url.Values{"email": {"ana@example.com"}, "password": {fresh}}), "/admin/")
}

func TestSignOutOneDevice(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	laptop, phone := n.signIn(content.RoleEditor), n.signIn(content.RoleEditor)
	phone.agent = "Mozilla/5.0 (iPhone; CPU iPhone OS 18_0 like Mac OS X) Safari/604.1"
	wantStatus(t, phone.get("/admin/"), http.StatusOK)
	doc := page(t, laptop.get("/admin/profile"))
	var phoneForm string
	for _, tr := range all(doc, "#sessions tbody tr") {
		if strings.Contains(text(tr), "Firefox on Linux this device") {
			continue
		}
		phoneForm = attr(first(tr, "form"), "action")
	}
	if phoneForm == "" {
		t.Fatalf("no other device in %q", texts(all(doc, "#sessions tbody tr")))
	}
	wantRedirect(t, laptop.post(phoneForm, nil), "/admin/profile?done=session-ended")
	wantRedirect(t, phone.get("/admin/"), "/admin/login")
	wantStatus(t, laptop.get("/admin/"), http.StatusOK)
}
