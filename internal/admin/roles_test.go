package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/auth"
	"dateline/internal/content"
)

var roles = []content.Role{content.RoleAdmin, content.RoleEditor, content.RoleAuthor, content.RoleContributor}

// TestRolesAndPages asks every page, as every role, and checks that what
// the role may not use answers 403 and the rest does not. The role rules
// themselves are auth.Can's; this checks that every page asks them.
func TestRolesAndPages(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	tag := content.Tag{Name: "Mekong"}
	must(t, n.st.CreateTag(ctx, &tag))
	admin := n.members[content.RoleAdmin]
	cases := []struct {
		method, path string
		form         url.Values
		act          auth.Action // "" for every member
	}{
		{"GET", "/admin/", nil, auth.ActViewDashboard},
		{"GET", "/admin/articles", nil, auth.ActWriteDraft},
		{"GET", "/admin/articles/new", nil, auth.ActWriteDraft},
		{"POST", "/admin/articles/new", url.Values{"title": {""}, "step": {"save"}}, auth.ActWriteDraft},
		{"GET", "/admin/tags.json?q=me", nil, auth.ActWriteDraft},
		{"POST", "/admin/preview-fragment", url.Values{"body": {"*hi*"}}, auth.ActWriteDraft},
		{"GET", "/admin/comments/", nil, auth.ActModerateComments},
		{"GET", "/admin/media/", nil, auth.ActUploadMedia},
		{"POST", "/admin/media/", url.Values{"alt": {""}}, auth.ActUploadMedia},
		{"GET", "/admin/media/1", nil, auth.ActUploadMedia},
		{"POST", "/admin/media/1", url.Values{"alt": {""}}, auth.ActUploadMedia},
		{"GET", "/admin/comments/settings", nil, auth.ActManageSettings},
		{"POST", "/admin/comments/settings", url.Values{"mode": {""}}, auth.ActManageSettings},
		{"POST", "/admin/comments/bulk", url.Values{"action": {""}}, auth.ActModerateComments},
		{"GET", "/admin/settings/mail", nil, auth.ActManageSettings},
		{"POST", "/admin/settings/mail", url.Values{"port": {"x"}}, auth.ActManageSettings},
		{"POST", "/admin/settings/mail/test", nil, auth.ActManageSettings},
		{"GET", "/admin/sections", nil, auth.ActManageTaxonomy},
		{"POST", "/admin/sections", url.Values{"name": {""}}, auth.ActManageTaxonomy},
		{"GET", fmt.Sprintf("/admin/sections/%d", n.world.ID), nil, auth.ActManageTaxonomy},
		{"POST", fmt.Sprintf("/admin/sections/%d", n.world.ID), url.Values{"name": {""}}, auth.ActManageTaxonomy},
		{"POST", fmt.Sprintf("/admin/sections/%d/move", n.world.ID), url.Values{"direction": {"sideways"}}, auth.ActManageTaxonomy},
		{"POST", fmt.Sprintf("/admin/sections/%d/delete", n.world.ID), url.Values{"move_to": {""}}, auth.ActManageTaxonomy},
		{"GET", "/admin/tags", nil, auth.ActManageTaxonomy},
		{"POST", "/admin/tags", url.Values{"name": {""}}, auth.ActManageTaxonomy},
		{"GET", fmt.Sprintf("/admin/tags/%d", tag.ID), nil, auth.ActManageTaxonomy},
		{"POST", fmt.Sprintf("/admin/tags/%d/merge", tag.ID), url.Values{"into": {""}}, auth.ActManageTaxonomy},
		{"GET", "/admin/users", nil, auth.ActManageUsers},
		{"GET", "/admin/users/new", nil, auth.ActManageUsers},
		{"POST", "/admin/users", url.Values{"name": {""}}, auth.ActManageUsers},
		{"GET", fmt.Sprintf("/admin/users/%d", admin.ID), nil, auth.ActManageUsers},
		{"POST", fmt.Sprintf("/admin/users/%d", admin.ID), url.Values{"name": {""}}, auth.ActManageUsers},
		{"POST", fmt.Sprintf("/admin/users/%d/delete", admin.ID), url.Values{"heir": {""}}, auth.ActManageUsers},
		{"GET", "/admin/settings", nil, auth.ActManageSettings},
		{"POST", "/admin/settings", url.Values{"site_name": {""}}, auth.ActManageSettings},
		{"POST", "/admin/settings/weather", nil, auth.ActManageSettings},
		{"GET", "/admin/profile", nil, ""},
		{"POST", "/admin/profile", url.Values{"name": {""}}, ""},
		{"GET", "/admin/media/pick?for=profile", nil, auth.ActWriteDraft},
		{"GET", fmt.Sprintf("/admin/media/pick?for=member-%d", admin.ID), nil, auth.ActWriteDraft},
		{"POST", "/admin/profile/password", url.Values{"current_password": {""}}, ""},
		{"POST", "/admin/profile/tokens", url.Values{"token_name": {""}}, auth.ActManageOwnTokens},
		{"GET", "/admin/alerts", nil, auth.ActPostAlerts},
		{"POST", "/admin/alerts", url.Values{"text": {""}, "minutes": {"60"}}, auth.ActPostAlerts},
		{"POST", "/admin/alerts/1/delete", nil, auth.ActPostAlerts},
	}
	browsers := map[content.Role]*browser{}
	for _, role := range roles {
		browsers[role] = n.signIn(role)
	}
	for _, tc := range cases {
		for _, role := range roles {
			allowed := tc.act == "" || auth.Can(role, tc.act)
			t.Run(fmt.Sprintf("%s %s as %s", tc.method, tc.path, role), func(t *testing.T) {
				b := browsers[role]
				w := b.get(tc.path)
				if tc.method == "POST" {
					w = b.post(tc.path, tc.form)
				}
				switch {
				case !allowed && w.Code != http.StatusForbidden:
					t.Fatalf("status = %d, want 403", w.Code)
				case allowed && (w.Code == http.StatusForbidden || w.Code >= 500):
					t.Fatalf("status = %d, want the page\n%s", w.Code, w.Body)
				}
				if !strings.HasPrefix(w.Header().Get("Content-Type"), "text/html") {
					return
				}
				doc := page(t, w)
				checkLabels(t, doc)
				if !allowed && text(first(doc, "h1")) != "Not allowed" {
					t.Errorf("403 page heading = %q", text(first(doc, "h1")))
				}
			})
		}
		t.Run(fmt.Sprintf("%s %s signed out", tc.method, tc.path), func(t *testing.T) {
			b := n.browser()
			if tc.method == "GET" {
				w := b.get(tc.path)
				if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/login") {
					t.Fatalf("got %d to %q, want the sign-in page", w.Code, w.Header().Get("Location"))
				}
				return
			}
			wantStatus(t, b.post(tc.path, tc.form), http.StatusUnauthorized)
		})
	}
}

// TestNavigationShowsWhatTheRoleMayUse checks the menu of each role.
func TestNavigationShowsWhatTheRoleMayUse(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	want := map[content.Role]string{
		content.RoleAdmin:       "Dashboard Articles Comments Media Alerts Sections & tags Users Settings Profile",
		content.RoleEditor:      "Dashboard Articles Comments Media Alerts Sections & tags Profile",
		content.RoleAuthor:      "Dashboard Articles Media Profile",
		content.RoleContributor: "Dashboard Articles Profile",
	}
	for _, role := range roles {
		doc := page(t, n.signIn(role).get("/admin/profile"))
		if got := strings.Join(texts(all(doc, "nav.nav a")), " "); got != want[role] {
			t.Errorf("%s sees %q, want %q", role, got, want[role])
		}
		if got := text(first(doc, "nav.nav a[aria-current=page]")); got != "Profile" {
			t.Errorf("%s: current page = %q", role, got)
		}
	}
}
