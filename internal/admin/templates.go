package admin

import (
	"embed"
	"encoding/json"
	"html/template"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
)

// embedded holds the newsroom's templates and static files.
//
//go:embed templates static
var embedded embed.FS

// pageNames are the page templates; each is parsed with the layout and the
// partials and executed as "base".
var pageNames = []string{
	"login", "forgot", "reset", "error", "notyet",
	"dashboard", "profile", "users", "user", "settings",
	"sections", "section", "tags", "tag",
	"articles", "editor", "revisions", "diff",
	"media", "image", "picker", "mailsettings",
	"comments", "comment", "commentsettings",
	"liveblog", "liveentry", "alerts",
}

// render writes a page whole (web.Pages.Render); no newsroom page may be
// kept by a cache. r is the request answered; net/http drops the body of
// an answer to HEAD.
func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	return a.pages.Render(w, status, name, data, "no-store")
}

// wantsJSON reports whether the request came from the newsroom's script
// and expects a JSON answer.
func wantsJSON(r *http.Request) bool {
	return strings.Contains(r.Header.Get("Accept"), "application/json")
}

type jsonError struct {
	Error string `json:"error"`
	Code  string `json:"code"`
	Field string `json:"field,omitempty"`
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// funcs are the few helpers templates may call; they hold no rules.
func (a *Admin) funcs() template.FuncMap {
	return template.FuncMap{
		"fieldErr":  fieldErr,
		"invalid":   invalid,
		"localTime": localTime,
		"isoTime":   isoTime,
		"plural":    plural,
		"roleName":  roleName,
		"thousands": thousands,
	}
}

// fieldError is what the "err" partial shows under one field.
type fieldError struct {
	Field   string
	Message string
}

func fieldErr(errs content.FieldErrors, field string) fieldError {
	return fieldError{Field: field, Message: errs.For(field)}
}

// invalid describes a field for screen readers: by its hints, and when it
// has an error by its message too, marked invalid. field and hints are
// always constants of a template.
func invalid(errs content.FieldErrors, field string, hints ...string) template.HTMLAttr {
	ids := hints
	if errs.For(field) != "" {
		ids = append(ids[:len(ids):len(ids)], "err-"+field)
	}
	if len(ids) == 0 {
		return ""
	}
	attr := `aria-describedby="` + template.HTMLEscapeString(strings.Join(ids, " ")) + `"`
	if errs.For(field) != "" {
		attr = `aria-invalid="true" ` + attr
	}
	return template.HTMLAttr(attr)
}

// localTime writes t in the site's zone, the way the newsroom reads it:
// "14 Jul 2025, 10:00". The zero time is "never".
func localTime(t time.Time, zone *time.Location) string {
	if t.IsZero() {
		return "never"
	}
	if zone == nil {
		zone = time.UTC
	}
	return t.In(zone).Format("2 Jan 2006, 15:04")
}

func isoTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// plural writes a count with the right noun: "1 article", "3 articles".
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return thousands(n) + " " + many
}

// thousands writes n with a comma between thousands: 104,245.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := n < 0
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		s = "-" + s
	}
	return s
}

// roleNames are the roles as the newsroom names them.
var roleNames = map[content.Role]string{
	content.RoleAdmin:       "Administrator",
	content.RoleEditor:      "Editor",
	content.RoleAuthor:      "Author",
	content.RoleContributor: "Contributor",
}

func roleName(r content.Role) string {
	if n, ok := roleNames[r]; ok {
		return n
	}
	return string(r)
}
