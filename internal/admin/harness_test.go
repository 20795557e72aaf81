package admin_test

import (
	"context"
	"dateline/internal/alerts"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/admin"
	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/server"
	"dateline/internal/settings"
	"dateline/internal/site"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// cheap hashes in about a millisecond; the production parameters would
// make the suite take minutes.
var cheap = auth.Hasher{Params: auth.Params{Memory: 64, Time: 1, Threads: 1}}

// start is Monday, July 14, 2025, 10:00 in Bangkok.
var start = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

// password is every test member's password.
const password = "monsoon season 2025"

// mailer captures the mail the newsroom sends.
type mailer struct {
	mu     sync.Mutex
	sent   []mail
	signal chan struct{} // told of each mail, for waitFor
}

type mail struct{ To, Subject, Text string }

func (m *mailer) Send(ctx context.Context, to, subject, text string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.sent = append(m.sent, mail{to, subject, text})
	if m.signal != nil {
		select {
		case m.signal <- struct{}{}:
		default:
		}
	}
	return nil
}

// waitFor waits until n mails were sent (reset links go out after the
// answer), failing the test if they never come.
func (m *mailer) waitFor(t *testing.T, n int) []mail {
	t.Helper()
	give := time.After(30 * time.Second) // a failsafe, not a measure
	for {
		if sent := m.all(); len(sent) >= n {
			return sent
		}
		select {
		case <-m.signal:
		case <-give:
			t.Fatalf("%d mails sent, want %d", len(m.all()), n)
		}
	}
}

func (m *mailer) all() []mail {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]mail(nil), m.sent...)
}

// room is the real site with the newsroom mounted, on the store under
// test, with one member of each role.
type room struct {
	t        *testing.T
	st       store.Store
	handler  http.Handler
	clock    *clock.Fake
	mail     *mailer
	svc      *articles.Service
	members  map[content.Role]content.User
	world    content.Category
	business content.Category
	// feed is the newsroom's change feed; seen records what it announced.
	feed *changes.Feed
	seen *changes.Recorder
	// applied records the site settings as the settings service hands them
	// to its subscribers after a save.
	applied []content.Settings
	// weather is what CheckWeather answers.
	weather func() (string, error)
}

type option func(*admin.Config)

func newNewsroom(t *testing.T, opts ...option) *room {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t)
	n := &room{t: t, st: st, clock: clock.NewFake(start), mail: &mailer{signal: make(chan struct{}, 1)}, members: map[content.Role]content.User{}}
	n.weather = func() (string, error) { return "29.5 °C, partly cloudy", nil }

	set := content.DefaultSettings()
	set.SiteName, set.TimeZone, set.BaseURL = "The Test Dateline", "Asia/Bangkok", "https://news.example"
	must(t, st.SaveSettings(ctx, set))
	for _, m := range []struct {
		role        content.Role
		name, email string
	}{
		{content.RoleAdmin, "Ada Admin", "ada@example.com"},
		{content.RoleEditor, "Eddie Editor", "eddie@example.com"},
		{content.RoleAuthor, "Ana Reyes", "ana@example.com"},
		{content.RoleContributor, "Chai Contributor", "chai@example.com"},
	} {
		n.members[m.role] = n.addMember(m.name, m.email, m.role)
	}
	n.world = content.Category{Name: "World", Position: 1}
	n.business = content.Category{Name: "Business", Position: 2}
	must(t, st.CreateCategory(ctx, &n.world))
	must(t, st.CreateCategory(ctx, &n.business))
	n.svc = articles.New(articles.Config{Store: st, Now: n.clock.Now})

	sessions := auth.NewSessions(st)
	sessions.Now = n.clock.Now
	throttle := auth.NewThrottle(st)
	throttle.Now, throttle.After = n.clock.Now, n.clock.After
	n.feed, n.seen = &changes.Feed{}, &changes.Recorder{}
	n.feed.Subscribe(n.seen.Record)
	siteSettings := settings.New(settings.Config{Store: st, Changes: n.feed})
	siteSettings.OnSite(func(_ context.Context, s content.Settings) { n.applied = append(n.applied, s) })
	// The site first, so that the newsroom previews through it.
	pub, err := site.New(site.Config{Store: st, Now: n.clock.Now, BaseURL: "https://news.example"})
	if err != nil {
		t.Fatal(err)
	}
	cfg := admin.Config{
		Store: st, Now: n.clock.Now, Sessions: sessions, Throttle: throttle, Hasher: cheap,
		Mailer: n.mail, BaseURL: "https://fallback.example", Articles: n.svc,
		Preview:      pub.Preview,
		Settings:     siteSettings,
		Alerts:       alerts.New(alerts.Config{Store: st, Changes: n.feed, Now: n.clock.Now}),
		CheckWeather: func(ctx context.Context) (string, error) { return n.weather() },
	}
	for _, o := range opts {
		o(&cfg)
	}
	adm, err := admin.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	// The reset links go out after the answer, as the program sends them.
	resets, stop := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() { defer close(done); adm.SendResets(resets) }()
	t.Cleanup(func() { stop(); <-done })
	front, err := server.New(server.Config{Site: pub.Handler(), Admin: adm.Handler(),
		Panicked: http.HandlerFunc(pub.ServeInternalError)})
	if err != nil {
		t.Fatal(err)
	}
	n.handler = front.Handler()
	return n
}

func (n *room) addMember(name, email string, role content.Role) content.User {
	n.t.Helper()
	ctx := context.Background()
	u := content.User{Name: name, Email: email, Role: role}
	must(n.t, n.st.CreateUser(ctx, &u))
	hash, err := cheap.Hash(password)
	must(n.t, err)
	must(n.t, n.st.SetPasswordHash(ctx, u.ID, hash))
	return u
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// browser keeps cookies like a browser and says that its forms come from
// the site itself, as browsers do in Sec-Fetch-Site.
type browser struct {
	t       *testing.T
	n       *room
	cookies map[string]*http.Cookie
	addr    string
	agent   string
}

func (n *room) browser() *browser {
	return &browser{t: n.t, n: n, cookies: map[string]*http.Cookie{}, addr: "203.0.113.7:50000", agent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
}

func (b *browser) do(r *http.Request) *httptest.ResponseRecorder {
	b.t.Helper()
	r.RemoteAddr = b.addr
	r.Header.Set("User-Agent", b.agent)
	for _, c := range b.cookies {
		r.AddCookie(c)
	}
	w := httptest.NewRecorder()
	b.n.handler.ServeHTTP(w, r)
	for _, c := range w.Result().Cookies() {
		if c.MaxAge < 0 || c.Value == "" {
			delete(b.cookies, c.Name)
		} else {
			b.cookies[c.Name] = c
		}
	}
	return w
}

func (b *browser) get(path string) *httptest.ResponseRecorder {
	b.t.Helper()
	return b.do(httptest.NewRequest("GET", "https://news.example"+path, nil))
}

func (b *browser) post(path string, form url.Values) *httptest.ResponseRecorder {
	b.t.Helper()
	r := httptest.NewRequest("POST", "https://news.example"+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(r)
}

// signIn signs a browser in as the member of role.
func (n *room) signIn(role content.Role) *browser {
	n.t.Helper()
	b := n.browser()
	w := b.post("/admin/login", url.Values{"email": {n.members[role].Email}, "password": {password}})
	if w.Code != http.StatusSeeOther {
		n.t.Fatalf("sign in as %s: status %d\n%s", role, w.Code, w.Body)
	}
	return b
}

func page(t *testing.T, w *httptest.ResponseRecorder) *html.Node {
	t.Helper()
	return parse(t, w.Body.String())
}

func wantStatus(t *testing.T, w *httptest.ResponseRecorder, status int) {
	t.Helper()
	if w.Code != status {
		t.Fatalf("status = %d, want %d\n%s", w.Code, status, w.Body)
	}
}

// wantRedirect checks a 303 to exactly where.
func wantRedirect(t *testing.T, w *httptest.ResponseRecorder, where string) {
	t.Helper()
	if w.Code != http.StatusSeeOther || w.Header().Get("Location") != where {
		t.Fatalf("got %d to %q, want 303 to %q\n%s", w.Code, w.Header().Get("Location"), where, w.Body)
	}
}

// fieldError is the message shown next to a field.
func fieldError(doc *html.Node, field string) string {
	return text(first(doc, "#err-"+field))
}

// value is what a form field holds, found by id or else by name: an input's value, a textarea's text,
// a select's selected option.
func value(doc *html.Node, id string) string {
	n := first(doc, "#"+id)
	if n == nil {
		n = first(doc, "[name="+id+"]")
	}
	if n == nil {
		return "<missing>"
	}
	switch n.Data {
	case "textarea":
		if n.FirstChild == nil {
			return ""
		}
		return n.FirstChild.Data
	case "select":
		for _, o := range all(n, "option") {
			if hasAttr(o, "selected") {
				return attr(o, "value")
			}
		}
		return ""
	}
	return attr(n, "value")
}

// checkLabels fails for any form control without a label, so that every
// field can be found by a screen reader.
func checkLabels(t *testing.T, doc *html.Node) {
	t.Helper()
	labelled := map[string]bool{}
	for _, l := range all(doc, "label") {
		labelled[attr(l, "for")] = true
	}
	for _, tag := range []string{"input", "select", "textarea"} {
		for _, n := range all(doc, tag) {
			switch attr(n, "type") {
			case "hidden", "submit", "button":
				continue
			}
			if attr(n, "aria-label") != "" || attr(n, "id") != "" && labelled[attr(n, "id")] {
				continue
			}
			t.Errorf("a %s named %q has no label", tag, attr(n, "name"))
		}
	}
}
