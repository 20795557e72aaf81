package admin

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
)

// member is the signed-in member of a request, with what most pages need.
type member struct {
	content.User
	Session  content.Session
	Settings content.Settings
	Zone     *time.Location
}

// Can reports whether the member's role allows act.
func (m *member) Can(act auth.Action) bool { return auth.Can(m.Role, act) }

// pageFunc is a handler for signed-in members.
type pageFunc func(w http.ResponseWriter, r *http.Request, m *member) error

// page wraps a handler for signed-in members whose role allows act (""
// for every member). Without a session a GET goes to the sign-in page and
// comes back after; any other method is refused with 401, since what it
// carried cannot be replayed after signing in. A role without the right
// gets the 403 page.
func (a *Admin) page(act auth.Action, h pageFunc) http.Handler {
	return a.handle(func(w http.ResponseWriter, r *http.Request) error {
		user, sess, err := a.sessions.Load(r.Context(), r)
		if errors.Is(err, auth.ErrNoSession) {
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				return &redirect{URL: loginURL(r), Status: http.StatusSeeOther}
			}
			if wantsJSON(r) {
				return writeJSON(w, http.StatusUnauthorized, jsonError{Error: sessionEnded, Code: "signed_out"})
			}
			return &httpError{Status: http.StatusUnauthorized, Message: sessionEnded}
		}
		if err != nil {
			return err
		}
		set, err := a.store.Settings(r.Context())
		if err != nil {
			return err
		}
		m := &member{User: user, Session: sess, Settings: set, Zone: set.Zone()}
		if st, ok := r.Context().Value(requestKey{}).(*requestState); ok {
			st.member = m
		}
		if act != "" && !m.Can(act) {
			if wantsJSON(r) {
				return writeJSON(w, http.StatusForbidden, jsonError{Error: roleRefused, Code: "forbidden"})
			}
			return errForbidden("")
		}
		return h(w, r, m)
	})
}

const sessionEnded = "Your session has ended. Please sign in again; what you typed is still in the page you came from."

// loginURL is the sign-in page, coming back to r's page after.
func loginURL(r *http.Request) string {
	next := r.URL.RequestURI()
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		next = r.Referer()
		if u, err := url.Parse(next); err == nil {
			next = u.RequestURI()
		}
	}
	if safeNext(next) == "/admin/" {
		return "/admin/login"
	}
	return "/admin/login?next=" + url.QueryEscape(next)
}

// safeNext returns next when it is a page of the newsroom on this site,
// and the dashboard otherwise, so that the sign-in form cannot be used to
// send a member to another site after signing in. It refuses anything
// with a scheme or host, protocol-relative and backslash forms that
// browsers read as another host, dot segments, control characters, and
// the sign-in pages themselves.
func safeNext(next string) string {
	const home = "/admin/"
	if next == "" || len(next) > 1024 || strings.ContainsAny(next, "\\\r\n\t\x00") {
		return home
	}
	for _, c := range next {
		if c < 0x20 || c == 0x7f {
			return home
		}
	}
	if !strings.HasPrefix(next, "/admin/") && next != "/admin" && !strings.HasPrefix(next, "/admin?") {
		return home
	}
	u, err := url.Parse(next)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || u.Opaque != "" {
		return home
	}
	for _, seg := range strings.Split(u.Path, "/") {
		if seg == "." || seg == ".." {
			return home
		}
	}
	if strings.Contains(u.Path, "//") {
		return home
	}
	switch u.Path {
	case "/admin/login", "/admin/logout", "/admin/forgot", "/admin/reset":
		return home
	}
	return next
}
