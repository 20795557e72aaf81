package admin_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/admin"
	"dateline/internal/auth"
	"dateline/internal/proxy"
)

// behindProxies makes the newsroom believe X-Forwarded-For and
// X-Forwarded-Proto from the listed proxies, as --trusted-proxies does.
func behindProxies(t *testing.T, list string) option {
	t.Helper()
	p, err := proxy.Parse(list)
	must(t, err)
	return func(c *admin.Config) { c.Sessions.Proxies = p }
}

// forwarded posts a form over plain HTTP from peer, with the forwarding
// headers a proxy would add.
func (b *browser) forwarded(peer, xff, proto, path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	r := httptest.NewRequest("POST", "http://news.example"+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	if xff != "" {
		r.Header.Set("X-Forwarded-For", xff)
	}
	if proto != "" {
		r.Header.Set("X-Forwarded-Proto", proto)
	}
	b.addr = peer
	return b.do(r)
}

func TestTheSignInThrottleCountsTheClientBehindAProxy(t *testing.T) {
	t.Parallel()
	const trusted, stranger = "10.0.0.1:4000", "203.0.113.7:50000"
	cases := []struct {
		name string
		// five failed sign-ins, each for another email, come from peer
		// forwarding failXFF(i); then Ana signs in from nextPeer
		// forwarding nextXFF.
		peer              string
		failXFF           func(i int) string
		nextPeer, nextXFF string
		want              int
	}{
		{"a member behind the same trusted proxy still signs in",
			trusted, func(int) string { return "198.51.100.7" }, trusted, "198.51.100.8", http.StatusSeeOther},
		{"the client who failed is throttled behind the trusted proxy",
			trusted, func(int) string { return "198.51.100.7" }, trusted, "198.51.100.7", http.StatusTooManyRequests},
		{"an untrusted peer is throttled whatever X-Forwarded-For it sends",
			stranger, func(i int) string { return fmt.Sprintf("198.51.100.%d", 10+i) }, stranger, "198.51.100.8", http.StatusTooManyRequests},
		{"a client writing the left of X-Forwarded-For is still throttled",
			trusted, func(i int) string { return fmt.Sprintf("198.51.100.%d, 198.51.100.7", 10+i) }, trusted, "198.51.100.50, 198.51.100.7", http.StatusTooManyRequests},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newNewsroom(t, behindProxies(t, "10.0.0.0/8"))
			b := n.browser()
			for i := range 5 {
				form := url.Values{"email": {fmt.Sprintf("nobody%d@example.com", i)}, "password": {"a wrong guess"}}
				wantStatus(t, b.forwarded(tc.peer, tc.failXFF(i), "", "/admin/login", form), http.StatusUnprocessableEntity)
			}
			form := url.Values{"email": {"ana@example.com"}, "password": {password}}
			if w := b.forwarded(tc.nextPeer, tc.nextXFF, "", "/admin/login", form); w.Code != tc.want {
				t.Errorf("Ana's sign-in: status %d, want %d", w.Code, tc.want)
			}
		})
	}
}

func TestTheSessionCookieIsSecureBehindATrustedTLSProxy(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, peer, proto string
		secure            bool
	}{
		{"a trusted proxy that was reached over HTTPS", "10.0.0.1:4000", "https", true},
		{"a trusted proxy that was reached over plain HTTP", "10.0.0.1:4000", "http", false},
		{"an untrusted peer claiming https", "203.0.113.7:50000", "https", false},
		{"plain HTTP straight to the server", "203.0.113.7:50000", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newNewsroom(t, behindProxies(t, "10.0.0.0/8"))
			b := n.browser()
			w := b.forwarded(tc.peer, "198.51.100.7", tc.proto, "/admin/login", url.Values{"email": {"ana@example.com"}, "password": {password}})
			wantStatus(t, w, http.StatusSeeOther)
			var found bool
			for _, c := range w.Result().Cookies() {
				if c.Name == auth.CookieName {
					found = true
					if c.Secure != tc.secure {
						t.Errorf("session cookie Secure = %v, want %v", c.Secure, tc.secure)
					}
				}
			}
			if !found {
				t.Fatal("no session cookie was set")
			}
		})
	}
}
