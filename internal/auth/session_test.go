package auth

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/proxy"
	"dateline/internal/store"
)

// newsroom is a store with two members and Sessions on a hand-moved clock.
type newsroom struct {
	st       Store
	clock    *clock.Fake
	sessions *Sessions
	ana, kit content.User
}

func newNewsroom(t *testing.T) *newsroom {
	t.Helper()
	st := openStore(t)
	c := newClock()
	s := NewSessions(st)
	s.Now = c.Now
	return &newsroom{
		st: st, clock: c, sessions: s,
		ana: member(t, st, "Ana Reyes", "ana@example.com", content.RoleAuthor, ""),
		kit: member(t, st, "Kittipong Chai", "kit@example.com", content.RoleEditor, ""),
	}
}

// signIn starts a session for u and returns the cookie the browser got.
func (n *newsroom) signIn(t *testing.T, u content.User, r *http.Request) *http.Cookie {
	t.Helper()
	if r == nil {
		r = httptest.NewRequest("POST", "/admin/login", nil)
	}
	w := httptest.NewRecorder()
	if err := n.sessions.Start(context.Background(), w, r, u); err != nil {
		t.Fatal(err)
	}
	cookies := w.Result().Cookies()
	if len(cookies) != 1 || cookies[0].Name != CookieName {
		t.Fatalf("Start set cookies %v, want one %s", cookies, CookieName)
	}
	return cookies[0]
}

// load asks who the browser with cookie c is.
func (n *newsroom) load(c *http.Cookie) (content.User, content.Session, error) {
	r := httptest.NewRequest("GET", "/admin/", nil)
	if c != nil {
		r.AddCookie(c)
	}
	return n.sessions.Load(context.Background(), r)
}

func TestSessionCookie(t *testing.T) {
	n := newNewsroom(t)
	c := n.signIn(t, n.ana, nil)
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/" || c.Secure {
		t.Errorf("cookie over plain HTTP = %+v; want HttpOnly, SameSite=Lax, Path=/, not Secure", c)
	}
	if !wellFormed(c.Value) {
		t.Errorf("cookie value %q is not a token", c.Value)
	}
	if want := start.Add(DefaultMaxAge); !c.Expires.Equal(want) {
		t.Errorf("cookie expires %v, want %v", c.Expires, want)
	}
	if _, err := n.st.SessionByTokenHash(context.Background(), c.Value); !errors.Is(err, store.ErrNotFound) {
		t.Error("the token itself is stored; only its hash may be")
	}
}

func TestSessionCookieIsSecureOverHTTPS(t *testing.T) {
	const proxy, stranger = "10.0.0.2:41000", "203.0.113.9:51000"
	cases := []struct {
		name   string
		remote string
		tls    bool
		proto  string
		secure bool
	}{
		{"a direct HTTPS connection", stranger, true, "", true},
		{"plain HTTP", stranger, false, "", false},
		{"a forwarded HTTPS request behind a trusted proxy", proxy, false, "https", true},
		{"a forwarded HTTPS request in a list behind a trusted proxy", proxy, false, "HTTPS, http", true},
		{"a forwarded HTTP request behind a trusted proxy", proxy, false, "http", false},
		{"a forwarded HTTPS header from an untrusted peer", stranger, false, "https", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newNewsroom(t)
			n.sessions.Proxies = trustedProxies(t, "10.0.0.0/8")
			r := httptest.NewRequest("POST", "/admin/login", nil)
			r.RemoteAddr = tc.remote
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if tc.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			if c := n.signIn(t, n.ana, r); c.Secure != tc.secure {
				t.Errorf("Secure = %v, want %v", c.Secure, tc.secure)
			}
		})
	}
}

func TestSessionCookieIsNotSecureWhenNoProxyIsTrusted(t *testing.T) {
	n := newNewsroom(t)
	r := httptest.NewRequest("POST", "/admin/login", nil)
	r.RemoteAddr = "127.0.0.1:41000"
	r.Header.Set("X-Forwarded-Proto", "https")
	if c := n.signIn(t, n.ana, r); c.Secure {
		t.Error("the cookie is Secure on a plain HTTP request that only claims https")
	}
}

func TestASessionRecordsTheClientAddress(t *testing.T) {
	cases := []struct {
		name   string
		remote string
		xff    string
		want   string
	}{
		{"the peer of a direct connection", "203.0.113.9:51000", "", "203.0.113.9"},
		{"the peer, when an untrusted one sends X-Forwarded-For", "203.0.113.9:51000", "198.51.100.7", "203.0.113.9"},
		{"the forwarded client behind a trusted proxy", "10.0.0.2:41000", "198.51.100.7", "198.51.100.7"},
		{"the right-most untrusted hop behind a trusted proxy", "10.0.0.2:41000", "192.0.2.66, 198.51.100.7", "198.51.100.7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newNewsroom(t)
			n.sessions.Proxies = trustedProxies(t, "10.0.0.0/8")
			r := httptest.NewRequest("POST", "/admin/login", nil)
			r.RemoteAddr = tc.remote
			if tc.xff != "" {
				r.Header.Set("X-Forwarded-For", tc.xff)
			}
			_, s, err := n.load(n.signIn(t, n.ana, r))
			if err != nil {
				t.Fatal(err)
			}
			if s.IPHash != hashAddr(tc.want) {
				t.Errorf("the session records %q, the hash of another address than %s", s.IPHash, tc.want)
			}
		})
	}
}

func trustedProxies(t *testing.T, list string) *proxy.Trusted {
	t.Helper()
	p, err := proxy.Parse(list)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadFindsTheMember(t *testing.T) {
	n := newNewsroom(t)
	r := httptest.NewRequest("POST", "/admin/login", nil)
	r.Header.Set("User-Agent", "Firefox/140 "+strings.Repeat("x", 400))
	r.RemoteAddr = "203.0.113.9:51000"
	c := n.signIn(t, n.ana, r)
	u, s, err := n.load(c)
	if err != nil {
		t.Fatal(err)
	}
	if u.ID != n.ana.ID || u.Email != "ana@example.com" || s.UserID != n.ana.ID {
		t.Errorf("loaded %+v with session %+v, want Ana", u, s)
	}
	if len(s.UserAgent) != maxUserAgent || !strings.HasPrefix(s.UserAgent, "Firefox/140 ") {
		t.Errorf("user agent kept as %d bytes %q", len(s.UserAgent), s.UserAgent[:20])
	}
	if s.IPHash == "" || s.IPHash == hashAddr("203.0.113.10") || s.IPHash != hashAddr("203.0.113.9") {
		t.Errorf("ip hash = %q", s.IPHash)
	}
}

func TestLoadRefusesWhatIsNotASession(t *testing.T) {
	n := newNewsroom(t)
	other, _ := NewToken()
	for _, tc := range []struct {
		name   string
		cookie *http.Cookie
	}{
		{"no cookie", nil},
		{"an empty cookie", &http.Cookie{Name: CookieName, Value: ""}},
		{"garbage", &http.Cookie{Name: CookieName, Value: "'; DROP TABLE sessions; --"}},
		{"a well-formed token nobody was given", &http.Cookie{Name: CookieName, Value: other}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, _, err := n.load(tc.cookie); !errors.Is(err, ErrNoSession) {
				t.Errorf("err = %v, want ErrNoSession", err)
			}
		})
	}
}

func TestLastSeenIsWrittenAtMostOnceAMinute(t *testing.T) {
	n := newNewsroom(t)
	c := n.signIn(t, n.ana, nil)
	n.clock.Advance(59 * time.Second)
	_, s, err := n.load(c)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ := n.st.SessionByTokenHash(context.Background(), HashToken(c.Value))
	if !s.LastSeen.Equal(start) || !stored.LastSeen.Equal(start) {
		t.Errorf("after 59 s last seen = %v (stored %v), want unchanged %v", s.LastSeen, stored.LastSeen, start)
	}
	n.clock.Advance(time.Second)
	_, s, err = n.load(c)
	if err != nil {
		t.Fatal(err)
	}
	stored, _ = n.st.SessionByTokenHash(context.Background(), HashToken(c.Value))
	want := start.Add(time.Minute)
	if !s.LastSeen.Equal(want) || !stored.LastSeen.Equal(want) {
		t.Errorf("after a minute last seen = %v (stored %v), want %v", s.LastSeen, stored.LastSeen, want)
	}
}

func TestIdleSessionsEnd(t *testing.T) {
	n := newNewsroom(t)
	c := n.signIn(t, n.ana, nil)
	n.clock.Advance(DefaultIdle - time.Second)
	if _, _, err := n.load(c); err != nil {
		t.Fatalf("a session used just before the idle limit ended: %v", err)
	}
	n.clock.Advance(DefaultIdle - time.Second)
	if _, _, err := n.load(c); err != nil {
		t.Fatalf("use must restart the idle clock: %v", err)
	}
	n.clock.Advance(DefaultIdle)
	if _, _, err := n.load(c); !errors.Is(err, ErrNoSession) {
		t.Fatalf("after %v idle: err = %v, want ErrNoSession", DefaultIdle, err)
	}
	if _, err := n.st.SessionByTokenHash(context.Background(), HashToken(c.Value)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the idle session is still stored: %v", err)
	}
}

func TestBusySessionsEndAfterFourteenDays(t *testing.T) {
	n := newNewsroom(t)
	c := n.signIn(t, n.ana, nil)
	for elapsed := time.Duration(0); elapsed+11*time.Hour < DefaultMaxAge; elapsed += 11 * time.Hour {
		n.clock.Advance(11 * time.Hour)
		if _, _, err := n.load(c); err != nil {
			t.Fatalf("a busy session ended after %v: %v", elapsed+11*time.Hour, err)
		}
	}
	n.clock.Set(start.Add(DefaultMaxAge))
	if _, _, err := n.load(c); !errors.Is(err, ErrNoSession) {
		t.Errorf("at 14 days: err = %v, want ErrNoSession", err)
	}
}

func TestEndSignsOutThisBrowserOnly(t *testing.T) {
	n := newNewsroom(t)
	phone := n.signIn(t, n.ana, nil)
	laptop := n.signIn(t, n.ana, nil)
	r := httptest.NewRequest("POST", "/admin/logout", nil)
	r.AddCookie(phone)
	w := httptest.NewRecorder()
	if err := n.sessions.End(context.Background(), w, r); err != nil {
		t.Fatal(err)
	}
	cleared := w.Result().Cookies()
	if len(cleared) != 1 || cleared[0].Name != CookieName || cleared[0].Value != "" || cleared[0].MaxAge >= 0 {
		t.Errorf("End set cookies %+v, want %s cleared", cleared, CookieName)
	}
	if _, _, err := n.load(phone); !errors.Is(err, ErrNoSession) {
		t.Errorf("the ended session still loads: %v", err)
	}
	if _, _, err := n.load(laptop); err != nil {
		t.Errorf("the other browser was signed out too: %v", err)
	}
	w = httptest.NewRecorder()
	if err := n.sessions.End(context.Background(), w, httptest.NewRequest("POST", "/admin/logout", nil)); err != nil {
		t.Errorf("ending without a session: %v", err)
	}
}

func TestEndAllSignsOutEverywhereButLeavesOthers(t *testing.T) {
	n := newNewsroom(t)
	phone := n.signIn(t, n.ana, nil)
	laptop := n.signIn(t, n.ana, nil)
	kits := n.signIn(t, n.kit, nil)
	ended, err := n.sessions.EndAll(context.Background(), n.ana.ID)
	if err != nil || ended != 2 {
		t.Fatalf("EndAll = %d, %v; want 2", ended, err)
	}
	for _, c := range []*http.Cookie{phone, laptop} {
		if _, _, err := n.load(c); !errors.Is(err, ErrNoSession) {
			t.Errorf("Ana's session still loads: %v", err)
		}
	}
	if u, _, err := n.load(kits); err != nil || u.ID != n.kit.ID {
		t.Errorf("Kit was signed out: %+v, %v", u, err)
	}
}

func TestSigningInAgainEndsTheBrowsersOldSession(t *testing.T) {
	n := newNewsroom(t)
	old := n.signIn(t, n.ana, nil)
	r := httptest.NewRequest("POST", "/admin/login", nil)
	r.AddCookie(old)
	fresh := n.signIn(t, n.kit, r)
	if fresh.Value == old.Value {
		t.Fatal("signing in reused the old token")
	}
	if _, _, err := n.load(old); !errors.Is(err, ErrNoSession) {
		t.Errorf("the browser's old session still loads: %v", err)
	}
	if u, _, err := n.load(fresh); err != nil || u.ID != n.kit.ID {
		t.Errorf("new session = %+v, %v; want Kit", u, err)
	}
}

func TestSweepRemovesSessionsPastTheirEnd(t *testing.T) {
	n := newNewsroom(t)
	old := n.signIn(t, n.ana, nil)
	n.clock.Advance(DefaultMaxAge - time.Hour)
	fresh := n.signIn(t, n.kit, nil)
	n.clock.Advance(time.Hour)
	swept, err := n.sessions.Sweep(context.Background())
	if err != nil || swept != 1 {
		t.Fatalf("Sweep = %d, %v; want 1", swept, err)
	}
	ctx := context.Background()
	if _, err := n.st.SessionByTokenHash(ctx, HashToken(old.Value)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the expired session is still stored: %v", err)
	}
	if _, err := n.st.SessionByTokenHash(ctx, HashToken(fresh.Value)); err != nil {
		t.Errorf("a live session was swept: %v", err)
	}
}

// refusingTouches is a store whose disk refuses the last-seen writes.
type refusingTouches struct{ Store }

func (refusingTouches) TouchSession(context.Context, int64, time.Time) error {
	return fmt.Errorf("touch: %w", store.ErrFull)
}

// A disk that refuses writes must not sign the newsroom out: the session
// loads, its last-seen time left as stored.
func TestASessionLoadsWhenTheDiskRefusesItsLastSeen(t *testing.T) {
	n := newNewsroom(t)
	c := n.signIn(t, n.ana, nil)
	n.sessions.Store = refusingTouches{n.st}
	n.clock.Advance(2 * time.Minute)
	u, s, err := n.load(c)
	if err != nil || u.ID != n.ana.ID {
		t.Fatalf("load on a full disk: %+v, %v", u, err)
	}
	if !s.LastSeen.Equal(start) {
		t.Errorf("last seen = %v, want the stored %v", s.LastSeen, start)
	}
}
