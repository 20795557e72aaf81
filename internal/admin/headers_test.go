package admin_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/auth"
	"dateline/internal/content"
)

// TestAFormThatDoesNotSayWhereItComesFromIsRefused: browsers say where a
// form comes from (Sec-Fetch-Site, or Origin); a state change that says
// neither is refused, before any handler, sign-in included.
func TestAFormThatDoesNotSayWhereItComesFromIsRefused(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	signedIn := n.signIn(content.RoleEditor)
	cases := []struct {
		name    string
		b       *browser
		path    string
		form    url.Values
		headers map[string]string
		status  int
	}{
		{"a sign-in with neither header", n.browser(), "/admin/login",
			url.Values{"email": {"ana@example.com"}, "password": {password}}, nil, http.StatusForbidden},
		{"a signed-in member's form with neither header", signedIn, "/admin/sections",
			url.Values{"name": {"Sneaky"}}, nil, http.StatusForbidden},
		{"a sign-in from an old browser that sends only Origin", n.browser(), "/admin/login",
			url.Values{"email": {"ana@example.com"}, "password": {password}}, map[string]string{"Origin": "https://news.example"}, http.StatusSeeOther},
		{"a sign-in whose Origin is another site", n.browser(), "/admin/login",
			url.Values{"email": {"ana@example.com"}, "password": {password}}, map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "https://news.example"+tc.path, strings.NewReader(tc.form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			w := tc.b.do(r)
			wantStatus(t, w, tc.status)
			if tc.status == http.StatusForbidden && tc.path == "/admin/login" && tc.b.cookies[auth.CookieName] != nil {
				t.Error("a refused sign-in set a session cookie")
			}
		})
	}
	if got, err := n.st.CategoryBySlug(t.Context(), "sneaky"); err == nil {
		t.Errorf("a refused form created the section %+v", got)
	}
}

func TestTheNewsroomDeniesPowerfulBrowserFeatures(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	for _, path := range []string{"/admin/login", "/admin/"} {
		got := n.signIn(content.RoleAuthor).get(path).Header().Get("Permissions-Policy")
		for _, feature := range []string{"camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "interest-cohort=()"} {
			if !strings.Contains(got, feature) {
				t.Errorf("GET %s: Permissions-Policy %q lacks %s", path, got, feature)
			}
		}
	}
}
