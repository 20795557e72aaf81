package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"dateline/internal/admin"
	"dateline/internal/auth"
	"dateline/internal/content"
)

func TestSignInLeadsToTheDashboard(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.browser()
	w := b.get("/admin/login")
	wantStatus(t, w, http.StatusOK)
	doc := page(t, w)
	checkLabels(t, doc)
	if first(doc, "input[name=email]") == nil || attr(first(doc, "#password"), "name") != "password" {
		t.Fatal("the sign-in form has no email and password fields")
	}

	wantRedirect(t, b.post("/admin/login", url.Values{"email": {"  ANA@example.com "}, "password": {password}}), "/admin/")
	c := b.cookies[auth.CookieName]
	if c == nil || !c.HttpOnly || c.SameSite != http.SameSiteLaxMode {
		t.Fatalf("session cookie = %+v", c)
	}
	w = b.get("/admin/")
	wantStatus(t, w, http.StatusOK)
	doc = page(t, w)
	if got := text(first(doc, "h1")); got != "Dashboard" {
		t.Errorf("h1 = %q", got)
	}
	if got := text(first(doc, ".welcome")); got != "Welcome, Ana Reyes." {
		t.Errorf("welcome line = %q", got)
	}
	if got := text(first(doc, ".who")); got != "Signed in as Ana Reyes Author" {
		t.Errorf("top bar = %q", got)
	}
	if got := text(first(doc, ".site-name")); got != "The Test Dateline newsroom" {
		t.Errorf("site name = %q", got)
	}
	if w.Header().Get("Cache-Control") != "no-store" || !strings.Contains(w.Header().Get("X-Robots-Tag"), "noindex") {
		t.Errorf("headers = %v", w.Header())
	}
	// Signed in, the sign-in page sends the member on.
	wantRedirect(t, b.get("/admin/login?next=%2Fadmin%2Fprofile"), "/admin/profile")
}

func TestRefusedSignInsReadTheSame(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	for _, tc := range []struct{ name, email, pw string }{
		{"a wrong password", "ana@example.com", "monsoon season 2024"},
		{"an unknown email", "nobody@example.com", password},
	} {
		t.Run(tc.name, func(t *testing.T) {
			b := n.browser()
			w := b.post("/admin/login", url.Values{"email": {tc.email}, "password": {tc.pw}})
			wantStatus(t, w, http.StatusUnprocessableEntity)
			doc := page(t, w)
			if got := text(first(doc, "#problem")); got != auth.LoginFailed {
				t.Errorf("message = %q, want %q", got, auth.LoginFailed)
			}
			if got := value(doc, "email"); got != tc.email {
				t.Errorf("email field = %q, want what was typed", got)
			}
			if got := value(doc, "password"); got != "" {
				t.Errorf("the password came back in the page: %q", got)
			}
			if b.cookies[auth.CookieName] != nil {
				t.Error("a refused sign-in set a session cookie")
			}
		})
	}
	t.Run("empty fields are named", func(t *testing.T) {
		w := n.browser().post("/admin/login", url.Values{})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		doc := page(t, w)
		if fieldError(doc, "email") != "Please enter your email address." || fieldError(doc, "password") != "Please enter your password." {
			t.Errorf("errors = %q, %q", fieldError(doc, "email"), fieldError(doc, "password"))
		}
		if attr(first(doc, "#email"), "aria-describedby") != "err-email" || attr(first(doc, "#email"), "aria-invalid") != "true" {
			t.Error("the email field is not tied to its message")
		}
	})
}

func TestSignInIsThrottled(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.browser()
	for i := range 5 {
		w := b.post("/admin/login", url.Values{"email": {"ana@example.com"}, "password": {"guess " + string(rune('a'+i)) + "xxxxxxxxx"}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
	}
	// The guesser's address waits now, even with the right password.
	w := b.post("/admin/login", url.Values{"email": {"ana@example.com"}, "password": {password}})
	wantStatus(t, w, http.StatusTooManyRequests)
	if got := w.Header().Get("Retry-After"); got != "60" {
		t.Errorf("Retry-After = %q, want 60", got)
	}
	if got := text(first(page(t, w), "#problem")); got != "Too many failed attempts. Please wait 1 minute and try again." {
		t.Errorf("message = %q", got)
	}
	// Then the address may try again, and the account, at its limit, holds
	// it a second first: it never signed in to Ana's account.
	n.clock.Advance(time.Minute)
	wantRedirect(t, n.postHeld(t, b, url.Values{"email": {"ana@example.com"}, "password": {password}}, time.Second), "/admin/")
}

// guess makes five wrong sign-ins for Ana, each from another address, as a
// guesser spread over many machines would.
func (n *room) guess(t *testing.T, round int) {
	t.Helper()
	g := n.browser()
	for i := range 5 {
		g.addr = fmt.Sprintf("198.51.%d.%d:4000", round, 10+i)
		wantStatus(t, g.post("/admin/login", url.Values{"email": {"ana@example.com"}, "password": {"a wrong guess"}}), http.StatusUnprocessableEntity)
	}
}

// postHeld posts a sign-in that the throttle holds: it waits until the
// hold's timer is set, checks its length, moves the clock past it and
// returns the answer.
func (n *room) postHeld(t *testing.T, b *browser, form url.Values, hold time.Duration) *httptest.ResponseRecorder {
	t.Helper()
	answer := make(chan *httptest.ResponseRecorder, 1)
	go func() { answer <- b.post("/admin/login", form) }()
	// The deadline only keeps a broken throttle from hanging the suite.
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	at, err := n.clock.NextTimer(ctx)
	if err != nil {
		select {
		case w := <-answer:
			t.Fatalf("the sign-in was not held: status %d", w.Code)
		default:
			t.Fatalf("no hold and no answer: %v", err)
		}
	}
	if got := at.Sub(n.clock.Now()); got != hold {
		t.Errorf("held for %v, want %v", got, hold)
	}
	n.clock.Advance(hold)
	return <-answer
}

func TestAGuesserSlowsDownButCannotLockTheOwnerOut(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	right := url.Values{"email": {"ana@example.com"}, "password": {password}}
	// Ana signed in at the office yesterday, on her laptop.
	laptop := n.browser()
	laptop.addr = "203.0.113.50:50000"
	wantRedirect(t, laptop.post("/admin/login", right), "/admin/")
	wantRedirect(t, laptop.post("/admin/logout", nil), "/admin/login?done=signed-out")
	n.clock.Advance(24 * time.Hour)

	t.Run("her browser that signed in before passes at once, from anywhere", func(t *testing.T) {
		n.guess(t, 1)
		laptop.addr = "192.0.2.77:41000" // a café
		wantRedirect(t, laptop.post("/admin/login", right), "/admin/")
		wantRedirect(t, laptop.post("/admin/logout", nil), "/admin/login?done=signed-out")
	})
	t.Run("another browser at the address she signed in from passes at once", func(t *testing.T) {
		n.guess(t, 2)
		desk := n.browser()
		desk.addr = "203.0.113.50:50001"
		wantRedirect(t, desk.post("/admin/login", right), "/admin/")
	})
	t.Run("a new browser at a new address is held, then signed in, not refused", func(t *testing.T) {
		n.guess(t, 3)
		phone := n.browser()
		phone.addr = "192.0.2.200:3000"
		wantRedirect(t, n.postHeld(t, phone, right, time.Second), "/admin/")
	})
	t.Run("each further guess from a stranger waits longer", func(t *testing.T) {
		n.guess(t, 4)
		wrong := url.Values{"email": {"ana@example.com"}, "password": {"another wrong guess"}}
		for i, hold := range []time.Duration{1, 2, 4, 8, 16, 20, 20} {
			g := n.browser()
			g.addr = fmt.Sprintf("198.51.5.%d:4000", i)
			wantStatus(t, n.postHeld(t, g, wrong, hold*time.Second), http.StatusUnprocessableEntity)
		}
		stranger := n.browser()
		stranger.addr = "192.0.2.201:3000"
		wantRedirect(t, n.postHeld(t, stranger, right, 20*time.Second), "/admin/")
	})
}

func TestSessionsEnd(t *testing.T) {
	t.Parallel()
	t.Run("after a day without use", func(t *testing.T) {
		n := newNewsroom(t)
		b := n.signIn(content.RoleEditor)
		wantStatus(t, b.get("/admin/sections"), http.StatusOK)
		n.clock.Advance(auth.DefaultIdle)
		wantRedirect(t, b.get("/admin/sections?x=1"), "/admin/login?next=%2Fadmin%2Fsections%3Fx%3D1")
	})
	t.Run("when signing out", func(t *testing.T) {
		n := newNewsroom(t)
		b := n.signIn(content.RoleEditor)
		wantRedirect(t, b.post("/admin/logout", nil), "/admin/login?done=signed-out")
		if got := text(first(page(t, b.get("/admin/login?done=signed-out")), ".notice")); got != "You are signed out." {
			t.Errorf("notice = %q", got)
		}
		wantRedirect(t, b.get("/admin/"), "/admin/login")
	})
	t.Run("everywhere at once", func(t *testing.T) {
		n := newNewsroom(t)
		phone, laptop := n.signIn(content.RoleAuthor), n.signIn(content.RoleAuthor)
		other := n.signIn(content.RoleEditor)
		doc := page(t, laptop.get("/admin/profile"))
		if rows := all(first(doc, "#sessions"), "tr"); len(rows) != 3 { // header and two devices
			t.Errorf("sessions table has %d rows, want a header and 2 devices", len(rows))
		}
		if got := text(first(doc, "#sessions strong.tag")); got != "this device" {
			t.Errorf("current device marker = %q", got)
		}
		wantRedirect(t, laptop.post("/admin/profile/sessions/end-all", nil), "/admin/login?done=signed-out-all")
		wantRedirect(t, phone.get("/admin/profile"), "/admin/login?next=%2Fadmin%2Fprofile")
		wantRedirect(t, laptop.get("/admin/profile"), "/admin/login?next=%2Fadmin%2Fprofile")
		wantStatus(t, other.get("/admin/profile"), http.StatusOK)
	})
}

func TestPasswordResetByMail(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.browser()
	wantStatus(t, b.get("/admin/forgot"), http.StatusOK)
	// Nobody first: the links go out in order, after the answers, so when
	// Ana's has come, nobody's would have too.
	for _, email := range []string{"nobody@example.com", "ana@example.com"} {
		w := b.post("/admin/forgot", url.Values{"email": {email}})
		wantStatus(t, w, http.StatusOK)
		if got := text(first(page(t, w), "#sent")); got != admin.ForgotSent {
			t.Errorf("answer for %s = %q", email, got)
		}
	}
	sent := n.mail.waitFor(t, 1)
	if len(sent) != 1 || sent[0].To != "ana@example.com" {
		t.Fatalf("mail sent = %+v, want one to Ana", sent)
	}
	i := strings.Index(sent[0].Text, "https://news.example/admin/reset?token=")
	if i < 0 {
		t.Fatalf("no link in the mail:\n%s", sent[0].Text)
	}
	link := strings.Fields(sent[0].Text[i:])[0]
	path := strings.TrimPrefix(link, "https://news.example")
	token := strings.TrimPrefix(path, "/admin/reset?token=")

	w := b.get(path)
	wantStatus(t, w, http.StatusOK)
	if w.Header().Get("Referrer-Policy") != "no-referrer" {
		t.Error("the reset page may leak its token as a referrer")
	}
	doc := page(t, w)
	checkLabels(t, doc)
	if got := value(doc, "password"); got != "" {
		t.Errorf("password field = %q", got)
	}
	const fresh = "dry season 2026"
	w = b.post("/admin/reset", url.Values{"token": {token}, "password": {fresh}, "password2": {"dry season 2027"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "password2"); got != admin.PasswordsDiffer {
		t.Errorf("mismatch message = %q", got)
	}
	w = b.post("/admin/reset", url.Values{"token": {token}, "password": {"short"}, "password2": {"short"}})
	if got := fieldError(page(t, w), "password"); got != auth.PasswordTooShort {
		t.Errorf("short password message = %q", got)
	}
	wantRedirect(t, b.post("/admin/reset", url.Values{"token": {token}, "password": {fresh}, "password2": {fresh}}), "/admin/?done=password-reset")
	wantStatus(t, b.get("/admin/"), http.StatusOK) // signed in

	w = n.browser().post("/admin/login", url.Values{"email": {"ana@example.com"}, "password": {password}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	wantRedirect(t, n.browser().post("/admin/login", url.Values{"email": {"ana@example.com"}, "password": {fresh}}), "/admin/")

	w = n.browser().post("/admin/reset", url.Values{"token": {token}, "password": {"another good one"}, "password2": {"another good one"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := text(first(page(t, w), "#problem")); got != auth.ResetInvalid {
		t.Errorf("a used link says %q", got)
	}
}

func TestFormsFromOtherSitesAreRefused(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleAdmin)
	before, err := n.st.Settings(context.Background())
	must(t, err)
	form := url.Values{"site_name": {"Hacked"}, "language": {"en"}, "time_zone": {"UTC"}, "latitude": {"0"},
		"longitude": {"0"}, "units": {"celsius"}, "per_page": {"10"}, "max_upload_mb": {"20"}}
	for name, headers := range map[string]map[string]string{
		"a cross-site form":                       {"Sec-Fetch-Site": "cross-site"},
		"an old browser's form from another site": {"Origin": "https://evil.example"},
	} {
		t.Run(name, func(t *testing.T) {
			r := httptest.NewRequest("POST", "https://news.example/admin/settings", strings.NewReader(form.Encode()))
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			for k, v := range headers {
				r.Header.Set(k, v)
			}
			w := b.do(r)
			wantStatus(t, w, http.StatusForbidden)
			if !strings.Contains(w.Body.String(), auth.CrossSiteRefused) {
				t.Errorf("body = %q", w.Body)
			}
		})
	}
	after, err := n.st.Settings(context.Background())
	must(t, err)
	if after != before || len(n.applied) != 0 {
		t.Errorf("a refused form changed the settings: %+v", after)
	}
	// The same form from the site itself goes through.
	wantRedirect(t, b.post("/admin/settings", form), "/admin/settings?done=settings-saved")
}

func TestNextOnlyLeadsIntoTheNewsroom(t *testing.T) {
	t.Parallel()
	cases := []struct{ next, want string }{
		{"/admin/users?sort=name", "/admin/users?sort=name"},
		{"/admin/articles/7", "/admin/articles/7"},
		{"", "/admin/"},
		{"https://evil.example/admin/", "/admin/"},
		{"//evil.example/admin/", "/admin/"},
		{"/\\evil.example", "/admin/"},
		{"/admin\\..\\..\\evil", "/admin/"},
		{"/admin/../../evil.example", "/admin/"},
		{"/admin/%2e%2e/%2e%2e/evil", "/admin/"},
		{"/admin//evil.example", "/admin/"},
		{"/admin@evil.example", "/admin/"},
		{"/adminevil", "/admin/"},
		{"javascript:alert(1)", "/admin/"},
		{"/admin/\r\nSet-Cookie: x=y", "/admin/"},
		{"/admin/login", "/admin/"},
		{"http:/admin/x", "/admin/"},
	}
	n := newNewsroom(t)
	for _, tc := range cases {
		t.Run(tc.next, func(t *testing.T) {
			b := n.browser()
			doc := page(t, b.get("/admin/login?next="+url.QueryEscape(tc.next)))
			if got := attr(first(doc, "input[name=next]"), "value"); got != tc.want {
				t.Errorf("next field = %q, want %q", got, tc.want)
			}
			w := b.post("/admin/login", url.Values{"email": {"ana@example.com"}, "password": {password}, "next": {tc.next}})
			if got := w.Header().Get("Location"); got != tc.want {
				t.Errorf("after sign-in to %q, want %q", got, tc.want)
			}
		})
	}
}

func TestUnsignedRequests(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.browser()
	wantRedirect(t, b.get("/admin/settings"), "/admin/login?next=%2Fadmin%2Fsettings")
	w := b.post("/admin/settings", url.Values{"site_name": {"x"}})
	wantStatus(t, w, http.StatusUnauthorized)
	doc := page(t, w)
	if got := attr(first(doc, ".button.primary"), "href"); got != "/admin/login" {
		t.Errorf("sign-in link = %q", got)
	}
	r := httptest.NewRequest("POST", "https://news.example/admin/articles/autosave", strings.NewReader("title=x"))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Accept", "application/json")
	r.Header.Set("Sec-Fetch-Site", "same-origin") // as the editor's script's fetch
	w = b.do(r)
	wantStatus(t, w, http.StatusUnauthorized)
	if !strings.Contains(w.Body.String(), `"code":"signed_out"`) {
		t.Errorf("autosave without a session = %s", w.Body)
	}
	wantStatus(t, b.get("/admin/no-such-page"), http.StatusNotFound)
}

func TestStaticFilesAreFingerprinted(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.browser()
	doc := page(t, b.get("/admin/login"))
	for _, tc := range []struct{ url, kind string }{
		{attr(first(doc, "link[rel=stylesheet]"), "href"), "text/css"},
		{attr(first(doc, "script"), "src"), "text/javascript"},
	} {
		if !strings.HasPrefix(tc.url, "/admin/static/") || !strings.Contains(tc.url, "?v=") {
			t.Fatalf("asset URL %q has no fingerprint", tc.url)
		}
		w := b.get(tc.url)
		wantStatus(t, w, http.StatusOK)
		if !strings.HasPrefix(w.Header().Get("Content-Type"), tc.kind) || w.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" {
			t.Errorf("%s: %v", tc.url, w.Header())
		}
	}
	wantStatus(t, b.get("/admin/static/missing.js"), http.StatusNotFound)
}
