package main

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
)

// The security suite (issue 14): the attacks a news CMS meets, each made
// over HTTP against the whole program as serve assembles it, on a real
// SQLite file, with the outcome it must meet. This file is its table of
// contents. Where a test elsewhere already makes an attack thoroughly, the
// table names it instead of repeating it; the rows here fill the rest.
//
//	attack                                 where
//	stored XSS, readers' fields            internal/site TestXSSPayloadsInEveryCommentFieldComeOutEscaped (86 payloads × name, email, website, comment; pages and every comment feed)
//	                                       internal/admin TestQueueEscapesHostileComments (the moderation queue, edit and reply pages)
//	stored XSS, staff fields               security_xss_test.go TestStoredXSSThroughStaffFields (article, section, tag, profile, settings, picture; pages, feeds, API, newsroom)
//	cross-site POSTs, every route          crossSiteAttacks (security_routes_test.go): made from the route tables, so a new route without the check fails
//	                                       internal/auth TestCSRF (the check itself, header by header)
//	privilege escalation, newsroom         internal/admin TestRolesAndPages (every page × role); TestEveryStateChangingRouteAnnouncesExactlyItsEvents refusals (events_*_test.go)
//	privilege escalation, API              internal/api TestRoleMatrix (every action × role × token state)
//	privilege escalation, pictures         internal/admin TestAPictureIsChangedByItsUploaderAndTheEditorsOnly, internal/api TestAPicturesWordsAreChangedByItsUploaderAndTheEditorsOnly; privilegeAttacks below
//	session fixation, reuse after sign-out sessionAttacks below; internal/auth TestSigningInAgainEndsTheBrowsersOldSession, TestEndSignsOutThisBrowserOnly
//	open redirects                         redirectAttacks below; internal/admin TestNextOnlyLeadsIntoTheNewsroom (16 hostile next values)
//	user enumeration, message and timing   enumerationAttacks below (argon2id runs counted); internal/admin TestRefusedSignInsReadTheSame
//	path traversal, media and theme        traversalAttacks below; internal/media TestDir (names that climb out of the folder are refused)
//	SQL metacharacters, every parameter    sqlAttacks (security_routes_test.go): every path parameter of every GET route, every query parameter; sqlFormAttacks below
//	pathological Markdown                  markdownAttacks below (through the API and the preview); internal/render TestPathologicalMarkdownIsBoundedAtTheSizeLimit (each shape)
//
// Rows share one program and one store, in order; a row that changes a
// member makes its own.

// attack is one row: an attack, the outcome it must meet, and try, which
// makes the attack and asserts the outcome.
type attack struct {
	name, outcome string
	try           func(s *scene)
	// quiet says the attack must change nothing: it announces no event.
	quiet bool
}

// hashCount counts argon2id derivations and their parameters.
type hashCount struct {
	mu     sync.Mutex
	n      int
	params []auth.Params
}

func (h *hashCount) take() (int, []auth.Params) {
	h.mu.Lock()
	defer h.mu.Unlock()
	n, p := h.n, h.params
	h.n, h.params = 0, nil
	return n, p
}

// securityApp is the program of the other suites' rows with a counted
// hasher, a theme folder, and a secret beside the media and theme folders
// for the traversal rows to look for.
type securityApp struct {
	*eventsApp
	hashes *hashCount
	theme  string
}

func newSecurityApp(t *testing.T) *securityApp {
	hashes := &hashCount{}
	root := t.TempDir()
	theme := filepath.Join(root, "theme")
	noError(t, os.MkdirAll(filepath.Join(theme, "templates"), 0o755))
	noError(t, os.MkdirAll(filepath.Join(theme, "static"), 0o755))
	writeSecret(t, filepath.Join(root, "secret.txt"))
	e := newEventsApp(t, func(c *Config) {
		c.Theme = theme
		c.Hasher = auth.Hasher{Params: cheapHasher.Params, Derived: func(p auth.Params) {
			hashes.mu.Lock()
			defer hashes.mu.Unlock()
			hashes.n++
			hashes.params = append(hashes.params, p)
		}}
	})
	writeSecret(t, filepath.Join(e.data, "secret.txt"))
	writeSecret(t, filepath.Join(e.data, "media", ".secret"))
	e.seen.Take()
	return &securityApp{eventsApp: e, hashes: hashes, theme: theme}
}

func TestSecurity(t *testing.T) {
	a := newSecurityApp(t)
	var rows []attack
	for _, group := range [][]attack{
		crossSiteAttacks(t), sessionAttacks(), redirectAttacks(), enumerationAttacks(a.hashes),
		privilegeAttacks(), traversalAttacks(), sqlAttacks(t), sqlFormAttacks(), markdownAttacks(),
	} {
		rows = append(rows, group...)
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			defer func() {
				if t.Failed() {
					t.Logf("the outcome it must have: %s", r.outcome)
				}
			}()
			a.seen.Take()
			r.try(&scene{eventsApp: a.eventsApp, t: t})
			if got := a.seen.Take(); r.quiet && len(got) > 0 {
				t.Errorf("the attack changed something: it announced %+v", got)
			}
		})
	}
	t.Logf("%d attacks", len(rows))
}

// browser is a new browser with no cookies, at addr.
func browser() *visitor {
	return &visitor{cookies: map[string]*http.Cookie{}, agent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
}

// holding is a browser holding only the session cookie value.
func holding(value string) *visitor {
	v := browser()
	v.cookies[auth.CookieName] = &http.Cookie{Name: auth.CookieName, Value: value}
	return v
}

// signInWith signs u in through the form in v, whatever v holds already.
func (s *scene) signInWith(v *visitor, u content.User, password string) {
	s.t.Helper()
	w := s.post(v, "/admin/login", url.Values{"email": {u.Email}, "password": {password}})
	if w.Code != http.StatusSeeOther || v.cookies[auth.CookieName] == nil {
		s.t.Fatalf("signing in as %s: %d", u.Email, w.Code)
	}
}

// wantSignedOut checks that v's cookies open nothing: a page sends it to
// sign in, a form is refused.
func (s *scene) wantSignedOut(v *visitor, why string) {
	s.t.Helper()
	r := httptest.NewRequest(http.MethodGet, "https://news.example/admin/profile", nil)
	if w := s.send(v, r); w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/login") {
		s.t.Errorf("%s: the profile page answered %d %q, want the way to sign in", why, w.Code, w.Header().Get("Location"))
	}
	if w := s.post(v, "/admin/profile", url.Values{"name": {"Taken Over"}}); w.Code != http.StatusUnauthorized {
		s.t.Errorf("%s: the profile form answered %d, want 401", why, w.Code)
	}
}

// wantSignedInAs checks that v is signed in as u.
func (s *scene) wantSignedInAs(v *visitor, u content.User) {
	s.t.Helper()
	w := s.send(v, httptest.NewRequest(http.MethodGet, "https://news.example/admin/profile", nil))
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), u.Email) {
		s.t.Errorf("the profile page answered %d without %s's address", w.Code, u.Email)
	}
}

func sessionAttacks() []attack {
	return []attack{
		{name: "session fixation: a session cookie planted before sign-in",
			outcome: "signing in sets a new token; the planted value signs nobody in",
			try: func(s *scene) {
				const planted = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
				v := holding(planted)
				u := s.staff[content.RoleEditor]
				s.signInWith(v, u, eventsPassword)
				if v.cookies[auth.CookieName].Value == planted {
					s.t.Error("the planted token became the session")
				}
				s.wantSignedInAs(v, u)
				s.wantSignedOut(holding(planted), "the planted value")
			}},
		{name: "session fixation: the attacker's own live session planted in the victim's browser",
			outcome: "the victim's sign-in ends the planted session and starts another; the attacker's copy opens nothing",
			try: func(s *scene) {
				attacker := s.signIn(s.newMember("Fixing Attacker", content.RoleContributor))
				stolen := attacker.cookies[auth.CookieName].Value
				victim := holding(stolen)
				editor := s.staff[content.RoleEditor]
				s.signInWith(victim, editor, eventsPassword)
				if victim.cookies[auth.CookieName].Value == stolen {
					s.t.Fatal("the victim signed in on the attacker's token")
				}
				s.wantSignedInAs(victim, editor)
				s.wantSignedOut(holding(stolen), "the attacker's copy")
			}},
		{name: "a session cookie replayed after sign-out",
			outcome: "signing out ends the session on the server: the copy opens nothing",
			try: func(s *scene) {
				v := s.signIn(s.staff[content.RoleAuthor])
				copied := v.cookies[auth.CookieName].Value
				if w := s.post(v, "/admin/logout", nil); w.Code != http.StatusSeeOther {
					s.t.Fatalf("sign-out answered %d", w.Code)
				}
				s.wantSignedOut(holding(copied), "the copy after sign-out")
			}},
		{name: "a stolen session cookie after the member signs out everywhere",
			outcome: "every other browser's session ends",
			try: func(s *scene) {
				u := s.newMember("Everywhere Member", content.RoleAuthor)
				stolen, own := s.signIn(u), s.signIn(u)
				if w := s.post(own, "/admin/profile/sessions/end-all", nil); w.Code != http.StatusSeeOther {
					s.t.Fatalf("sign out everywhere answered %d", w.Code)
				}
				s.wantSignedOut(stolen, "the stolen cookie")
			}},
		{name: "a stolen session cookie after the member changes the password",
			outcome: "a new password ends every session, the changing browser gets a new one",
			try: func(s *scene) {
				u := s.newMember("Careful Member", content.RoleAuthor)
				stolen, own := s.signIn(u), s.signIn(u)
				w := s.post(own, "/admin/profile/password", url.Values{"current_password": {eventsPassword},
					"new_password": {"a fresh river password"}, "new_password2": {"a fresh river password"}})
				if w.Code != http.StatusSeeOther {
					s.t.Fatalf("changing the password answered %d", w.Code)
				}
				s.wantSignedOut(stolen, "the stolen cookie")
				s.wantSignedInAs(own, u)
			}},
		{name: "a session cookie made up by the attacker",
			outcome: "unknown, malformed and overlong tokens open nothing and give no 5xx",
			try: func(s *scene) {
				for _, v := range []string{"x", strings.Repeat("a", 64), strings.Repeat("f", 5000), "' OR '1'='1", "%00", "../../etc/passwd"} {
					s.wantSignedOut(holding(v), fmt.Sprintf("cookie %.20q", v))
				}
			}},
	}
}

// wantSameOrigin fails unless loc, a Location, stays on the site.
func wantSameOrigin(t *testing.T, what, loc string) {
	t.Helper()
	if loc == "" {
		return
	}
	base, _ := url.Parse("https://news.example/")
	u, err := url.Parse(loc)
	if err != nil {
		t.Errorf("%s: Location %q does not parse", what, loc)
		return
	}
	to := base.ResolveReference(u)
	// Browsers read a backslash as a slash and drop tabs and newlines, so
	// a Location with them may go elsewhere whatever it parses to here.
	if to.Host != "news.example" || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t\r\n") {
		t.Errorf("%s: sent to %q, off the site", what, loc)
	}
}

func redirectAttacks() []attack {
	return []attack{
		{name: "open redirect through addresses the site corrects",
			outcome: "every redirect stays on the site",
			try: func(s *scene) {
				for _, target := range []string{
					"//evil.example", "//evil.example/", "///evil.example/", "/%2F%2Fevil.example", "/%2Fevil.example",
					"/%5Cevil.example", "/%5C%5Cevil.example", "/\\evil.example", "/%09/evil.example", "/%0D%0A/evil.example",
					"/.%2F%2Fevil.example", "/evil.example%2F..", "/https:%2F%2Fevil.example", "/category/world//evil.example",
					"/admin//evil.example", "/admin/login?next=//evil.example", "/media//evil.example", "/static//evil.example",
					"/?p=1&redirect_to=https://evil.example", "/page/1/?x=//evil.example", "/author/ana-reyes/page/1/",
				} {
					r := httptest.NewRequest(http.MethodGet, "https://news.example/", nil)
					r.URL, _ = url.Parse(target)
					r.RequestURI = target
					w := s.send(nil, r)
					if w.Code >= 500 {
						s.t.Errorf("GET %s answered %d", target, w.Code)
					}
					wantSameOrigin(s.t, "GET "+target, w.Header().Get("Location"))
				}
			}},
		{name: "open redirect through the sign-in form's next",
			outcome: "after sign-in the member lands in the newsroom, whatever next says",
			try: func(s *scene) {
				for _, next := range []string{"https://evil.example/", "//evil.example", "/\\evil.example", "/admin/../../evil", "javascript:alert(1)"} {
					w := s.post(browser(), "/admin/login", url.Values{"email": {s.staff[content.RoleAuthor].Email}, "password": {eventsPassword}, "next": {next}})
					if loc := w.Header().Get("Location"); w.Code != http.StatusSeeOther || loc != "/admin/" {
						s.t.Errorf("next %q: answered %d to %q, want /admin/", next, w.Code, loc)
					}
				}
			}},
		{name: "open redirect through the comment form's redirect_to (WordPress's field)",
			outcome: "the reader goes back to the article, never to redirect_to",
			try: func(s *scene) {
				for i, path := range []string{"/comments/", "/wp-comments-post.php"} {
					w := s.readerPost(path, fmt.Sprintf("198.51.100.%d", 20+i), url.Values{"article_id": {strconv.FormatInt(s.story.ID, 10)},
						"comment_post_ID": {strconv.FormatInt(s.story.ID, 10)}, "comment": {fmt.Sprintf("Redirect me, please (%d).", i)},
						"author": {"Red Irect"}, "email": {"red@example.org"}, "redirect_to": {"https://evil.example/"}}, nil)
					loc := w.Header().Get("Location")
					if w.Code != http.StatusSeeOther || !strings.HasPrefix(loc, s.story.Path(s.zone)) {
						s.t.Errorf("%s: answered %d to %q, want the article", path, w.Code, loc)
					}
					wantSameOrigin(s.t, path, loc)
				}
			}},
	}
}

func enumerationAttacks(hashes *hashCount) []attack {
	// signInFrom tries a sign-in from its own address, so that the rows
	// stay clear of the per-address limit, and returns the answer and the
	// argon2id runs it made.
	addr := 0
	signInFrom := func(s *scene, email, password string) (*httptest.ResponseRecorder, int, []auth.Params) {
		addr++
		hashes.take()
		r := httptest.NewRequest(http.MethodPost, "https://news.example/admin/login",
			strings.NewReader(url.Values{"email": {email}, "password": {password}}.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.RemoteAddr = fmt.Sprintf("192.0.2.%d:4000", addr)
		w := httptest.NewRecorder()
		s.h.ServeHTTP(w, r)
		n, p := hashes.take()
		return w, n, p
	}
	problem := func(s *scene, w *httptest.ResponseRecorder) string {
		_, rest, _ := strings.Cut(w.Body.String(), `id="problem"`)
		rest, _, _ = strings.Cut(rest, "</")
		_, text, _ := strings.Cut(rest, ">")
		return strings.TrimSpace(text)
	}
	return []attack{
		{name: "user enumeration by the sign-in answer",
			outcome: "an unknown address and a wrong password get the same status and words",
			try: func(s *scene) {
				u := s.newMember("Known Address", content.RoleAuthor)
				known, _, _ := signInFrom(s, u.Email, "not the password at all")
				unknown, _, _ := signInFrom(s, "nobody-here@example.com", "not the password at all")
				if known.Code != http.StatusUnprocessableEntity || unknown.Code != known.Code {
					s.t.Errorf("answered %d for a known address, %d for an unknown one; want 422 both", known.Code, unknown.Code)
				}
				if a, b := problem(s, known), problem(s, unknown); a != auth.LoginFailed || b != a {
					s.t.Errorf("said %q to a known address, %q to an unknown one; want %q both", a, b, auth.LoginFailed)
				}
			}},
		{name: "user enumeration by the sign-in's timing",
			outcome: "an unknown address runs argon2id once with the members' parameters, as a wrong password does",
			try: func(s *scene) {
				u := s.newMember("Timed Address", content.RoleAuthor)
				_, known, kp := signInFrom(s, u.Email, "not the password at all")
				_, unknown, up := signInFrom(s, "nobody-timed@example.com", "not the password at all")
				if known != 1 || unknown != 1 || kp[0] != up[0] {
					s.t.Errorf("argon2id ran %d times %v for a wrong password, %d times %v for an unknown address; want once each, alike", known, kp, unknown, up)
				}
				// A password past the limit is refused before any hashing,
				// for everyone alike.
				long := strings.Repeat("p", auth.MaxPassword+1)
				_, knownLong, _ := signInFrom(s, u.Email, long)
				_, unknownLong, _ := signInFrom(s, "nobody-timed@example.com", long)
				if knownLong != unknownLong {
					s.t.Errorf("an overlong password ran argon2id %d times for a known address, %d for an unknown one", knownLong, unknownLong)
				}
			}},
		{name: "user enumeration by the forgotten-password answer's timing",
			outcome: "the answer waits for no work an unknown address would not make: the link is made and mailed after it (admin.SendResets)",
			try: func(s *scene) {
				ctx := context.Background()
				queued := func() int {
					// Everything queued by now, as the mail queue would take it.
					m, err := s.st.ClaimMail(ctx, time.Now().Add(24*time.Hour), time.Hour, 1000)
					noError(s.t, err)
					return len(m)
				}
				queued()
				u := s.newMember("Hurried Member", content.RoleAuthor)
				w := s.postWith(browser(), "/admin/forgot", url.Values{"email": {u.Email}}, map[string]string{"Sec-Fetch-Site": "same-origin"})
				if w.Code != http.StatusOK {
					s.t.Fatalf("answered %d", w.Code)
				}
				// The program's background work is not running here: had the
				// answer made the link and queued its mail (two commits, about
				// a millisecond an unknown address does not cost), it would be
				// in the queue now.
				if n := queued(); n != 0 {
					s.t.Errorf("the answer queued %d mails before it was sent", n)
				}
			}},
		{name: "user enumeration by the forgotten-password answer",
			outcome: "a known and an unknown address get the same status and words",
			try: func(s *scene) {
				u := s.newMember("Forgetful Member", content.RoleAuthor)
				var answers [2]*httptest.ResponseRecorder
				for i, email := range []string{u.Email, "nobody-forgot@example.com"} {
					answers[i] = s.postWith(browser(), "/admin/forgot", url.Values{"email": {email}}, map[string]string{"Sec-Fetch-Site": "same-origin"})
				}
				if answers[0].Code != answers[1].Code || !strings.Contains(answers[0].Body.String(), "If that address has an account") ||
					answers[0].Body.String() != answers[1].Body.String() {
					s.t.Errorf("answered %d and %d, or in other words, to a known and an unknown address", answers[0].Code, answers[1].Code)
				}
			}},
	}
}

func privilegeAttacks() []attack {
	role := func(s *scene, id int64) content.Role {
		u, err := s.st.UserByID(context.Background(), id)
		noError(s.t, err)
		return u.Role
	}
	return []attack{
		{name: "a contributor adds role=admin to the profile form",
			outcome: "the profile saves, the role stays contributor",
			try: func(s *scene) {
				u := s.newMember("Ambitious Contributor", content.RoleContributor)
				v := s.signIn(u)
				s.post(v, "/admin/profile", url.Values{"name": {u.Name}, "email": {u.Email}, "bio": {""}, "role": {"admin"}})
				if got := role(s, u.ID); got != content.RoleContributor {
					s.t.Errorf("the role is %s", got)
				}
			}},
		{name: "an author makes themself admin through the members page",
			outcome: "403, the role unchanged",
			try: func(s *scene) {
				u := s.newMember("Ambitious Author", content.RoleAuthor)
				w := s.post(s.signIn(u), urlPath("/admin/users/", u.ID), url.Values{"name": {u.Name}, "email": {u.Email}, "role": {"admin"}})
				if w.Code != http.StatusForbidden || role(s, u.ID) != content.RoleAuthor {
					s.t.Errorf("answered %d, role now %s", w.Code, role(s, u.ID))
				}
			}},
		{name: "an editor demotes the admin",
			outcome: "403: only an admin manages members",
			try: func(s *scene) {
				admin := s.staff[content.RoleAdmin]
				w := s.post(s.desks[content.RoleEditor], urlPath("/admin/users/", admin.ID), url.Values{"name": {admin.Name}, "email": {admin.Email}, "role": {"contributor"}})
				if w.Code != http.StatusForbidden || role(s, admin.ID) != content.RoleAdmin {
					s.t.Errorf("answered %d, role now %s", w.Code, role(s, admin.ID))
				}
			}},
		{name: "an author ends another member's session by its number",
			outcome: "the other member stays signed in",
			try: func(s *scene) {
				victim := s.signIn(s.staff[content.RoleEditor])
				list, err := s.st.UserSessions(context.Background(), s.staff[content.RoleEditor].ID)
				noError(s.t, err)
				for _, sess := range list {
					s.post(s.desks[content.RoleAuthor], urlPath("/admin/profile/sessions/", sess.ID, "/end"), nil)
				}
				s.wantSignedInAs(victim, s.staff[content.RoleEditor])
			}},
		{name: "an author revokes another member's API token by its number",
			outcome: "the token keeps working",
			try: func(s *scene) {
				list, err := s.st.APITokens(context.Background(), s.staff[content.RoleEditor].ID)
				noError(s.t, err)
				for _, tok := range list {
					s.post(s.desks[content.RoleAuthor], urlPath("/admin/profile/tokens/", tok.ID, "/revoke"), nil)
				}
				if w := s.api(http.MethodGet, "/api/v1/comments", s.tokens[content.RoleEditor], nil); w.Code != http.StatusOK {
					s.t.Errorf("the editor's token answers %d", w.Code)
				}
			}},
		{name: "an author rewrites the words of another member's picture through the API",
			outcome: "403, the words unchanged (as in the newsroom: authors their own, editors all)",
			try: func(s *scene) {
				w := s.api(http.MethodPatch, urlPath("/api/v1/media/", s.editorsPicture.ID), s.tokens[content.RoleAuthor], map[string]any{"alt": "Mine now", "credit": "Me"})
				img, err := s.st.ImageByID(context.Background(), s.editorsPicture.ID)
				noError(s.t, err)
				if w.Code != http.StatusForbidden || img.Alt != s.editorsPicture.Alt {
					s.t.Errorf("answered %d, alt now %q", w.Code, img.Alt)
				}
			}},
		{name: "a demoted editor keeps using an open session and a token",
			outcome: "the new role holds at once, in the newsroom and the API",
			try: func(s *scene) {
				u := s.newMember("Demoted Editor", content.RoleEditor)
				v := s.signIn(u)
				secret, tok, err := auth.NewAPIToken(u.ID, "demotion", time.Now())
				noError(s.t, err)
				noError(s.t, s.st.CreateAPIToken(context.Background(), &tok))
				if w := s.post(s.desks[content.RoleAdmin], urlPath("/admin/users/", u.ID), url.Values{"name": {u.Name}, "email": {u.Email}, "role": {"contributor"}}); w.Code != http.StatusSeeOther {
					s.t.Fatalf("the demotion answered %d", w.Code)
				}
				if w := s.send(v, httptest.NewRequest(http.MethodGet, "https://news.example/admin/comments/", nil)); w.Code != http.StatusForbidden {
					s.t.Errorf("the moderation queue answered %d to the demoted session, want 403", w.Code)
				}
				if w := s.api(http.MethodGet, "/api/v1/comments", secret, nil); w.Code != http.StatusForbidden {
					s.t.Errorf("the comments API answered %d to the demoted token, want 403", w.Code)
				}
			}},
		{name: "a deleted member's session and token",
			outcome: "both open nothing",
			try: func(s *scene) {
				u := s.newMember("Departing Author", content.RoleAuthor)
				v := s.signIn(u)
				secret, tok, err := auth.NewAPIToken(u.ID, "departure", time.Now())
				noError(s.t, err)
				noError(s.t, s.st.CreateAPIToken(context.Background(), &tok))
				w := s.post(s.desks[content.RoleAdmin], urlPath("/admin/users/", u.ID, "/delete"), url.Values{"heir": {strconv.FormatInt(s.staff[content.RoleEditor].ID, 10)}})
				if w.Code != http.StatusSeeOther {
					s.t.Fatalf("deleting answered %d", w.Code)
				}
				s.wantSignedOut(v, "the deleted member's cookie")
				if w := s.api(http.MethodPost, "/api/v1/articles", secret, map[string]any{"title": "Ghost", "body": "Boo."}); w.Code != http.StatusUnauthorized {
					s.t.Errorf("the deleted member's token answered %d, want 401", w.Code)
				}
			}},
	}
}

func traversalAttacks() []attack {
	return []attack{
		{name: "path traversal in media, static and theme paths", quiet: true,
			outcome: "no answer holds a file from outside the media folder or the theme's static files, and none is a 5xx",
			try: func(s *scene) {
				for _, target := range []string{
					"/media/../secret.txt", "/media/..%2fsecret.txt", "/media/%2e%2e/secret.txt", "/media/%2e%2e%2fsecret.txt",
					"/media/2025/..%2f..%2fsecret.txt", "/media/..%5csecret.txt", "/media/....//secret.txt", "/media/..;/secret.txt",
					"/media/%252e%252e%252fsecret.txt", "/media/.secret", "/media/%2esecret", "/media/x/../.secret", "/media/%00",
					"/media/" + url.PathEscape(filepath.Join(s.data, "secret.txt")), "/media//" + filepath.Join(s.data, "secret.txt"),
					"/static/../../secret.txt", "/static/..%2f..%2fsecret.txt", "/static/%2e%2e/%2e%2e/secret.txt",
					"/static/..%2f..%2ftheme%2f..%2fsecret.txt", "/static/templates/../../secret.txt",
					"/admin/static/..%2f..%2fsecret.txt", "/admin/static/%2e%2e/admin.go", "/favicon.ico/../secret.txt",
				} {
					w := s.getRaw(target)
					for hops := 0; hops < 3 && w.Code >= 300 && w.Code < 400; hops++ {
						loc := w.Header().Get("Location")
						wantSameOrigin(s.t, target, loc)
						w = s.getRaw(loc)
					}
					if w.Code >= 500 || strings.Contains(w.Body.String(), secretWords) {
						s.t.Errorf("GET %s answered %d with the secret: %v", target, w.Code, strings.Contains(w.Body.String(), secretWords))
					}
				}
			}},
		{name: "path traversal in an uploaded picture's file name",
			outcome: "the picture is stored under the media folder by a name of ours; nothing is written elsewhere",
			try: func(s *scene) {
				before := filesOutsideMedia(s)
				for _, name := range []string{"../../../evil.png", "..\\..\\evil.png", "/etc/evil.png", "%2e%2e%2fevil.png"} {
					w := s.upload(s.desks[content.RoleEditor], "/admin/media/", url.Values{"alt": {"Traversal " + name}}, "file", name, tinyPNG(s.t))
					if w.Code != http.StatusSeeOther {
						s.t.Errorf("%s: answered %d", name, w.Code)
					}
				}
				if after := filesOutsideMedia(s); after != before {
					s.t.Errorf("files outside the media folder: %s, then %s", before, after)
				}
			}},
	}
}

// getRaw GETs target exactly as written, as a client that does not clean
// paths would send it.
func (s *scene) getRaw(target string) *httptest.ResponseRecorder {
	s.t.Helper()
	r := httptest.NewRequest(http.MethodGet, "https://news.example/", nil)
	u, err := url.Parse(target)
	if err != nil {
		u = &url.URL{Path: target}
	}
	r.URL, r.RequestURI = u, target
	return s.send(nil, r)
}

// filesOutsideMedia lists the data folder's files that are not under
// media/ nor the database's own.
func filesOutsideMedia(s *scene) string {
	var list []string
	filepath.WalkDir(filepath.Dir(s.data), func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() && !strings.HasPrefix(p, filepath.Join(s.data, "media")+string(filepath.Separator)) {
			list = append(list, p)
		}
		return nil
	})
	return strings.Join(list, ", ")
}

// sqlFormAttacks send the metacharacters in the fields of forms and API
// bodies: they are kept as typed.
func sqlFormAttacks() []attack {
	const hostile = `Robert'); DROP TABLE articles; -- "100%" _x_ \ ; /* */`
	return []attack{
		{name: "SQL metacharacters in every field of the comment form",
			outcome: "the comment is stored with each field as typed",
			try: func(s *scene) {
				w := s.readerPost("/comments/", "198.51.100.40", url.Values{"article_id": {strconv.FormatInt(s.story.ID, 10)},
					"comment": {hostile}, "author": {hostile}, "email": {"o'brien+x@example.org"}, "url": {"https://example.org/?q='%22"}}, nil)
				id := s.commentID(w)
				c, err := s.st.CommentByID(context.Background(), id)
				noError(s.t, err)
				if c.Body != hostile || c.AuthorName != hostile || c.AuthorEmail != "o'brien+x@example.org" {
					s.t.Errorf("stored %q by %q <%s>", c.Body, c.AuthorName, c.AuthorEmail)
				}
			}},
		{name: "SQL metacharacters in an article's fields through the API",
			outcome: "the draft is stored with each field as typed, and the tag found by its name",
			try: func(s *scene) {
				w := s.api(http.MethodPost, "/api/v1/articles", s.tokens[content.RoleAuthor], map[string]any{
					"title": hostile, "excerpt": hostile, "body": hostile, "tags": []string{hostile}})
				a, err := s.st.ArticleByID(context.Background(), s.apiID(w))
				noError(s.t, err)
				if a.Title != hostile || a.Excerpt != hostile || len(a.Tags) != 1 || a.Tags[0].Name != hostile {
					s.t.Errorf("stored title %q, excerpt %q, tags %+v", a.Title, a.Excerpt, a.Tags)
				}
			}},
		{name: "SQL metacharacters as the sign-in address",
			outcome: "an ordinary refusal, and no member signed in",
			try: func(s *scene) {
				v := browser()
				w := s.postWith(v, "/admin/login", url.Values{"email": {"' OR '1'='1' --"}, "password": {"' OR '1'='1' --"}}, map[string]string{"Sec-Fetch-Site": "same-origin"})
				if w.Code != http.StatusUnprocessableEntity || v.cookies[auth.CookieName] != nil {
					s.t.Errorf("answered %d", w.Code)
				}
			}},
	}
}

func markdownAttacks() []attack {
	// The shapes of the CommonMark pathological-input family, each as long
	// as the size limit allows.
	fill := func(p string) string { return strings.Repeat(p, content.MaxMarkdown/len(p)) }
	shapes := map[string]string{
		"link openers":  fill("[a]("),
		"nested quotes": fill(">"),
		"brackets":      fill("["),
		"emphasis runs": fill("*a_"),
		"backticks":     fill("`"),
		"nested lists":  fill("- "),
		"entities":      fill("&amp;"),
		"html openers":  fill("<a "),
	}
	return []attack{
		{name: "pathological Markdown at the size limit, through the API and the live preview",
			outcome: "each is answered (saved or refused with a field error), never a 5xx or a hung request",
			try: func(s *scene) {
				for name, body := range shapes {
					w := s.api(http.MethodPost, "/api/v1/articles", s.tokens[content.RoleAuthor], map[string]any{"title": "Shape " + name, "body": body})
					if w.Code != http.StatusCreated && w.Code != http.StatusUnprocessableEntity {
						s.t.Errorf("%s through the API: %d %.200s", name, w.Code, w.Body)
					}
					w = s.post(s.desks[content.RoleAuthor], "/admin/preview-fragment", url.Values{"body": {body}, "format": {"markdown"}})
					if w.Code >= 500 {
						s.t.Errorf("%s in the preview: %d", name, w.Code)
					}
				}
			}},
		{name: "Markdown past the size limit",
			outcome: "refused with 422 and a field error, nothing saved",
			try: func(s *scene) {
				w := s.api(http.MethodPost, "/api/v1/articles", s.tokens[content.RoleAuthor], map[string]any{"title": "Too long", "body": strings.Repeat("a", content.MaxMarkdown+1)})
				if w.Code != http.StatusUnprocessableEntity || !strings.Contains(w.Body.String(), "body") {
					s.t.Errorf("answered %d %.200s", w.Code, w.Body)
				}
			}},
	}
}
