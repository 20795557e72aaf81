package admin_test

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/store"
)

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestAddMembers(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleAdmin)
	w := b.post("/admin/users", url.Values{"name": {"Somchai"}, "email": {"ana@example.com"}, "role": {"boss"}, "password": {"short"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc := page(t, w)
	for field, msg := range map[string]string{"email": members.EmailTaken, "role": members.RoleInvalid, "password": auth.PasswordTooShort} {
		if got := fieldError(doc, field); got != msg {
			t.Errorf("%s: %q, want %q", field, got, msg)
		}
	}
	if value(doc, "name") != "Somchai" {
		t.Errorf("name lost: %q", value(doc, "name"))
	}

	wantRedirect(t, b.post("/admin/users", url.Values{"name": {"Somchai Rattanakul"}, "email": {"somchai@example.com"},
		"role": {"editor"}, "password": {"a long first password"}}), "/admin/users?done=user-added")
	wantRedirect(t, n.browser().post("/admin/login", url.Values{"email": {"somchai@example.com"}, "password": {"a long first password"}}), "/admin/")

	// A second member of the same name gets their own archive address.
	wantRedirect(t, b.post("/admin/users", url.Values{"name": {"Somchai Rattanakul"}, "email": {"somchai2@example.com"},
		"role": {"contributor"}, "invite": {"1"}}), "/admin/users?done=user-invited")
	u, err := n.st.UserByEmail(context.Background(), "somchai2@example.com")
	must(t, err)
	if u.Slug != "somchai-rattanakul-2" || u.Role != content.RoleContributor {
		t.Errorf("invited member = %+v", u)
	}
	sent := n.mail.all()
	if len(sent) != 1 || sent[0].To != "somchai2@example.com" || !strings.Contains(sent[0].Text, "https://news.example/admin/reset?token=") {
		t.Fatalf("invitation = %+v", sent)
	}
	doc = page(t, b.get("/admin/users"))
	if got := len(all(doc, "#users tbody tr")); got != 6 {
		t.Errorf("%d members listed, want 6", got)
	}
}

func TestTheLastAdministratorStays(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleAdmin)
	ada := n.members[content.RoleAdmin]
	w := b.post("/admin/users/"+itoa(ada.ID), url.Values{"name": {ada.Name}, "email": {ada.Email}, "role": {"editor"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "role"); got != members.LastAdmin {
		t.Errorf("demoting the last admin: %q", got)
	}

	// With a second administrator, the first may step down...
	wantRedirect(t, b.post("/admin/users/"+itoa(n.members[content.RoleEditor].ID), url.Values{
		"name": {"Eddie Editor"}, "email": {"eddie@example.com"}, "role": {"admin"}}), "/admin/users?done=user-saved")
	wantRedirect(t, b.post("/admin/users/"+itoa(ada.ID), url.Values{"name": {ada.Name}, "email": {ada.Email}, "role": {"editor"}}),
		"/admin/?done=user-saved")
	// ...and has lost the users pages at once.
	wantStatus(t, b.get("/admin/users"), http.StatusForbidden)

	// The one administrator left can be neither deleted nor delete themselves.
	eddie := n.signIn(content.RoleEditor) // an administrator now
	w = eddie.post("/admin/users/"+itoa(n.members[content.RoleEditor].ID)+"/delete", url.Values{"heir": {itoa(ada.ID)}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := text(first(page(t, w), "#problem")); got != members.DeleteYourself {
		t.Errorf("deleting yourself: %q", got)
	}
}

func TestDeleteMember(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	b := n.signIn(content.RoleAdmin)
	chai := n.members[content.RoleContributor]
	w := b.post("/admin/users/"+itoa(chai.ID)+"/delete", url.Values{"heir": {""}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "heir"); got != members.HeirMissing {
		t.Errorf("no heir: %q", got)
	}
	a := content.Article{Kind: content.KindPost, Title: "Chai's draft", Format: content.FormatMarkdown,
		Status: content.StatusDraft, Author: chai}
	must(t, n.st.CreateArticle(ctx, &a))
	ana := n.members[content.RoleAuthor]
	wantRedirect(t, b.post("/admin/users/"+itoa(chai.ID)+"/delete", url.Values{"heir": {itoa(ana.ID)}}), "/admin/users?done=user-deleted")
	if _, err := n.st.UserByID(ctx, chai.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the member is still there: %v", err)
	}
	got, err := n.st.ArticleByID(ctx, a.ID)
	must(t, err)
	if got.Author.ID != ana.ID {
		t.Errorf("the draft's author is %+v, want Ana", got.Author)
	}
}
