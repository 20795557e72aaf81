package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/proxy"
	"dateline/internal/store/teststore"
)

func TestTrustedProxiesComeFromTheFlagOrTheEnvironment(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  string
		want string
	}{
		{"nobody is trusted by default", nil, "", "none"},
		{"the environment names them", nil, "127.0.0.1, 10.0.0.0/8", "127.0.0.1, 10.0.0.0/8"},
		{"the flag names them", []string{"--trusted-proxies", "::1 fd00::/8"}, "", "::1, fd00::/8"},
		{"the flag wins over the environment", []string{"--trusted-proxies", "192.168.0.1"}, "10.0.0.0/8", "192.168.0.1"},
		{"an empty flag trusts nobody whatever the environment says", []string{"--trusted-proxies", ""}, "10.0.0.0/8", "none"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			env := func(k string) string {
				if k == "DATELINE_TRUSTED_PROXIES" {
					return tc.env
				}
				return ""
			}
			cfg, err := parseServe(tc.args, env, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if got := cfg.TrustedProxies.String(); got != tc.want {
				t.Errorf("trusted proxies %q, want %q", got, tc.want)
			}
		})
	}
}

func TestAMalformedTrustedProxyListIsRefusedAtStart(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		env     string
		message string
	}{
		{"a range with too many bits in the flag", []string{"--trusted-proxies", "127.0.0.1, 10.0.0.0/33"}, "",
			`dateline: --trusted-proxies: trusted proxy "10.0.0.0/33" is not a CIDR range like 10.0.0.0/8 or fd00::/8`},
		{"a host name in the environment", nil, "proxy.internal",
			`dateline: --trusted-proxies: trusted proxy "proxy.internal" is not an IP address like 127.0.0.1 or ::1, nor a CIDR range like 10.0.0.0/8`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			env := func(k string) string {
				if k == "DATELINE_TRUSTED_PROXIES" {
					return tc.env
				}
				return ""
			}
			var out, errOut strings.Builder
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, tc.args...)
			if code := run(context.Background(), args, env, strings.NewReader(""), &out, &errOut); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if got := strings.TrimSpace(errOut.String()); got != tc.message {
				t.Errorf("stderr %q, want %q", got, tc.message)
			}
			if out.Len() != 0 {
				t.Errorf("the server started: %q", out.String())
			}
			if _, err := os.Stat(filepath.Join(dir, "dateline.db")); !os.IsNotExist(err) {
				t.Errorf("a database was made before the list was refused (%v)", err)
			}
		})
	}
}

// proxiedApp is the whole program behind a proxy at 10.0.0.1, with one
// member who can sign in and one story open for comments.
type proxiedApp struct {
	h       http.Handler
	member  content.User
	article content.Article
	stamps  *comments.Service
}

const proxiedPassword = "correct horse battery staple"

func newProxiedApp(t *testing.T) *proxiedApp { return newProxiedNodes(t, 1)[0] }

// newProxiedNodes is n nodes of the program on one database, each a
// proxiedApp with the same member and story.
func newProxiedNodes(t *testing.T, n int) []*proxiedApp {
	t.Helper()
	ctx := context.Background()
	db := teststore.New(t)
	st := teststore.OpenURL(t, db)
	set := content.DefaultSettings()
	set.SiteName, set.BaseURL = "The River Post", "https://news.example"
	noError(t, st.SaveSettings(ctx, set))
	trusted, err := proxy.Parse("10.0.0.1")
	noError(t, err)
	member, err := members.New(members.Config{Store: st, Hasher: cheapHasher}).Create(ctx, members.Operator,
		members.NewMember{Name: "Ana Reyes", Email: "ana@example.com", Role: content.RoleAuthor, Password: proxiedPassword})
	noError(t, err)
	d := articles.Draft{Title: "Floods on the river", Source: "The river rose overnight.", CommentsOpen: true}
	story, err := articles.New(articles.Config{Store: st}).Apply(ctx, member, 0, articles.Change{Draft: &d, Step: articles.StepPublish})
	noError(t, err)
	secret, err := st.Secret(ctx, "comments")
	noError(t, err)
	stamps, err := comments.New(st, comments.Config{Secret: secret})
	noError(t, err)
	var nodes []*proxiedApp
	for range n {
		// The weather is never fetched: the background work is not started.
		cfg := Config{Data: t.TempDir(), DB: db, BaseURL: "https://news.example", WeatherURL: "http://127.0.0.1:1", TrustedProxies: trusted}
		a, err := assemble(ctx, cfg, teststore.OpenURL(t, db), &changes.Feed{}, noEnv, slog.New(slog.DiscardHandler))
		noError(t, err)
		nodes = append(nodes, &proxiedApp{h: a.front.Handler(), member: member, article: story.Article, stamps: stamps})
	}
	return nodes
}

// send serves a request from peer over plain HTTP, with the headers a
// proxy would add when they are set.
func (p *proxiedApp) send(method, path, peer, xff, proto string, form url.Values) *httptest.ResponseRecorder {
	var body io.Reader
	if form != nil {
		body = strings.NewReader(form.Encode())
	}
	r := httptest.NewRequest(method, "http://news.example"+path, body)
	r.RemoteAddr = peer
	if form != nil {
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	if xff != "" {
		r.Header.Set("X-Forwarded-For", xff)
	}
	if proto != "" {
		r.Header.Set("X-Forwarded-Proto", proto)
	}
	w := httptest.NewRecorder()
	p.h.ServeHTTP(w, r)
	return w
}

// TestTheProgramBelievesOnlyItsTrustedProxies checks that serve's wiring
// hands the list to every part that needs it: the front door's HSTS, the
// newsroom's session cookie, and the site's comment limit.
func TestTheProgramBelievesOnlyItsTrustedProxies(t *testing.T) {
	const proxyPeer, stranger = "10.0.0.1:4000", "203.0.113.7:50000"
	p := newProxiedApp(t)
	cases := []struct {
		name, peer, proto string
		secure            bool
	}{
		{"the trusted proxy reached over HTTPS", proxyPeer, "https", true},
		{"the trusted proxy reached over plain HTTP", proxyPeer, "http", false},
		{"an untrusted peer claiming https", stranger, "https", false},
	}
	for _, tc := range cases {
		t.Run("HSTS and the session cookie behind "+tc.name, func(t *testing.T) {
			for _, path := range []string{"/", "/admin/login"} {
				w := p.send("GET", path, tc.peer, "198.51.100.7", tc.proto, nil)
				if got := w.Header().Get("Strict-Transport-Security") != ""; w.Code != http.StatusOK || got != tc.secure {
					t.Errorf("GET %s: status %d, HSTS sent = %v, want %v", path, w.Code, got, tc.secure)
				}
			}
			w := p.send("POST", "/admin/login", tc.peer, "198.51.100.7", tc.proto,
				url.Values{"email": {p.member.Email}, "password": {proxiedPassword}})
			var cookie *http.Cookie
			for _, c := range w.Result().Cookies() {
				if c.Name == auth.CookieName {
					cookie = c
				}
			}
			if w.Code != http.StatusSeeOther || cookie == nil {
				t.Fatalf("sign-in: status %d, cookies %v", w.Code, w.Result().Cookies())
			}
			if cookie.Secure != tc.secure {
				t.Errorf("session cookie Secure = %v, want %v", cookie.Secure, tc.secure)
			}
		})
	}
	t.Run("two readers behind the trusted proxy have a comment limit each", func(t *testing.T) {
		stamp := p.stamps.FormStamp(time.Now().Add(-time.Minute))
		post := func(i int, reader string) int {
			form := url.Values{"article_id": {fmt.Sprint(p.article.ID)}, "comment": {fmt.Sprintf("Comment number %d", i)},
				"author": {"Reader"}, "email": {fmt.Sprintf("reader%d@example.com", i)}, comments.FieldStamp: {stamp}}
			return p.send("POST", "/comments/", proxyPeer, reader, "https", form).Code
		}
		for i := range 5 {
			if code := post(i, "198.51.100.7"); code != http.StatusSeeOther {
				t.Fatalf("comment %d of the first reader: status %d, want 303", i, code)
			}
		}
		if code := post(5, "198.51.100.7"); code != http.StatusTooManyRequests {
			t.Errorf("the first reader's sixth comment: status %d, want 429", code)
		}
		if code := post(6, "198.51.100.8"); code != http.StatusSeeOther {
			t.Errorf("the second reader's first comment: status %d, want 303", code)
		}
	})
}

// Two nodes on one database behind one trusted proxy: the sign-in
// throttle and the comment limit that a reader reached through node A
// hold on node B, for that reader's forwarded address only.
func TestSignInAndCommentLimitsHoldAcrossNodes(t *testing.T) {
	const proxyPeer = "10.0.0.1:4000"
	nodes := newProxiedNodes(t, 2)
	a, b := nodes[0], nodes[1]
	t.Run("sign-in", func(t *testing.T) {
		signIn := func(n *proxiedApp, reader, email string) int {
			return n.send("POST", "/admin/login", proxyPeer, reader, "https",
				url.Values{"email": {email}, "password": {"not the password"}}).Code
		}
		for i := range 5 {
			if code := signIn(a, "198.51.100.20", fmt.Sprintf("guess%d@example.com", i)); code != http.StatusUnprocessableEntity {
				t.Fatalf("wrong password %d through A: status %d, want 422", i+1, code)
			}
		}
		if code := signIn(b, "198.51.100.20", "another@example.com"); code != http.StatusTooManyRequests {
			t.Errorf("the sixth guess from that reader, through B: status %d, want 429", code)
		}
		if code := signIn(b, "198.51.100.21", "another@example.com"); code != http.StatusUnprocessableEntity {
			t.Errorf("another reader behind the proxy, through B: status %d, want 422", code)
		}
	})
	t.Run("comments", func(t *testing.T) {
		stamp := a.stamps.FormStamp(time.Now().Add(-time.Minute))
		post := func(n *proxiedApp, i int, reader string) int {
			form := url.Values{"article_id": {fmt.Sprint(n.article.ID)}, "comment": {fmt.Sprintf("Comment number %d", i)},
				"author": {"Reader"}, "email": {fmt.Sprintf("reader%d@example.com", i)}, comments.FieldStamp: {stamp}}
			return n.send("POST", "/comments/", proxyPeer, reader, "https", form).Code
		}
		for i := range 5 {
			if code := post(a, i, "198.51.100.7"); code != http.StatusSeeOther {
				t.Fatalf("comment %d through A: status %d, want 303", i+1, code)
			}
		}
		if code := post(b, 5, "198.51.100.7"); code != http.StatusTooManyRequests {
			t.Errorf("the reader's sixth comment, through B: status %d, want 429", code)
		}
		if code := post(b, 6, "198.51.100.8"); code != http.StatusSeeOther {
			t.Errorf("another reader's first comment, through B: status %d, want 303", code)
		}
	})
}
