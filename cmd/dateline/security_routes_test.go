package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/auth"
	"dateline/internal/content"
)

// The rows of the security suite (security_test.go) that are made from the
// route tables: a cross-site request to every state-changing route, and
// SQL metacharacters in every path parameter and query parameter.

// routeSources are the folders whose code holds the route tables: the
// newsroom's Handler, the site's, the API's routes() and the front door's.
var routeSources = []string{"../../internal/admin", "../../internal/site", "../../internal/api", "../../internal/server"}

var routePattern = regexp.MustCompile(`^(GET|HEAD|POST|PUT|PATCH|DELETE) (/\S*)$`)

// servedPatterns reads every ServeMux pattern with a method ("POST
// /admin/users/{id}") from the route tables' source, so that a route added
// tomorrow is in the suite without anyone remembering to add it.
func servedPatterns(t *testing.T) []string {
	t.Helper()
	var found []string
	for _, dir := range routeSources {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		noError(t, err)
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") {
				continue
			}
			f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.SkipObjectResolution)
			noError(t, err)
			ast.Inspect(f, func(n ast.Node) bool {
				lit, ok := n.(*ast.BasicLit)
				if !ok || lit.Kind != token.STRING {
					return true
				}
				if s, err := strconv.Unquote(lit.Value); err == nil && routePattern.MatchString(s) {
					found = append(found, s)
				}
				return true
			})
		}
	}
	slices.Sort(found)
	found = slices.Compact(found)
	// A parse that finds nothing must not pass for "no route lacks
	// protection".
	for _, known := range []string{"POST /admin/login", "POST /admin/media/{id}", "PATCH /api/v1/media/{id}", "POST /comments/{$}", "GET /search"} {
		if !slices.Contains(found, known) {
			t.Fatalf("the route tables' source does not show %q: has the route table moved? (found %d patterns)", known, len(found))
		}
	}
	return found
}

func stateChanging(pattern string) bool {
	m := routePattern.FindStringSubmatch(pattern)
	return m != nil && m[1] != "GET" && m[1] != "HEAD"
}

var (
	wildcard      = regexp.MustCompile(`\{([a-z]+)(\.\.\.)?\}|\{\$\}`)
	namedWildcard = regexp.MustCompile(`\{[a-z]+(\.\.\.)?\}`)
)

// concrete turns a pattern's path into one request path, each wildcard
// given by value (a name absent from values becomes "1").
func concrete(pattern string, values map[string]string) (method, path string) {
	m := routePattern.FindStringSubmatch(pattern)
	path = wildcard.ReplaceAllStringFunc(m[2], func(w string) string {
		if w == "{$}" {
			return ""
		}
		name := wildcard.FindStringSubmatch(w)[1]
		if v, ok := values[name]; ok {
			return v
		}
		return "1"
	})
	return m[1], path
}

// crossSiteExempt are the state-changing routes a page on another site may
// send, each with why and what keeps it harmless.
var crossSiteExempt = map[string]string{
	// RFC 8058: mail programs send the one-click unsubscribe from the
	// message, with no page of ours in between; the signed token in the
	// link is the proof, and a forged one changes nothing (row below).
	"POST /comments/unsubscribe": "one-click unsubscribe from a mail program (RFC 8058), proved by the link's signed token",
}

// crossSiteAttacks sends, to every state-changing route, the request a page
// on another site can make a signed-in member's browser send: the form
// with the member's cookies, marked by the browser as cross-site (or, by an
// old browser, with the other site's Origin, or stripped of both by a
// privacy filter). The newsroom and the comment form refuse it with 403
// before any handler runs; the API reads no cookie and answers 401; the
// exempt routes are listed with their reason.
func crossSiteAttacks(t *testing.T) []attack {
	var rows []attack
	for _, pattern := range servedPatterns(t) {
		if !stateChanging(pattern) {
			continue
		}
		method, path := concrete(pattern, map[string]string{"action": "approve", "file": "x"})
		switch {
		case crossSiteExempt[pattern] != "":
			rows = append(rows, attack{quiet: true,
				name:    "cross-site " + pattern + " (exempt: " + crossSiteExempt[pattern] + ")",
				outcome: "a forged link is refused with 400 and changes nothing",
				try: func(s *scene) {
					form := url.Values{"c": {strconv.FormatInt(s.held.ID, 10)}, "t": {"forged"}}
					w := s.postWith(s.desks[content.RoleAdmin], path, form, map[string]string{"Sec-Fetch-Site": "cross-site"})
					if w.Code != http.StatusBadRequest {
						s.t.Errorf("answered %d, want 400", w.Code)
					}
				}})
		case strings.HasPrefix(path, "/api/"):
			rows = append(rows, attack{quiet: true,
				name:    "cross-site " + pattern + " with a signed-in member's cookies",
				outcome: "401: the API reads no cookie, only a bearer token no page can make a browser send",
				try: func(s *scene) {
					for _, header := range []map[string]string{{"Sec-Fetch-Site": "cross-site"}, {"Origin": "https://evil.example"}} {
						r := httptest.NewRequest(method, "https://news.example"+path, strings.NewReader(`{"title":"Forged","status":"published"}`))
						r.Header.Set("Content-Type", "application/json")
						for k, v := range header {
							r.Header.Set(k, v)
						}
						if w := s.send(s.desks[content.RoleAdmin], r); w.Code != http.StatusUnauthorized {
							s.t.Errorf("%v: answered %d, want 401", header, w.Code)
						}
					}
				}})
		default:
			rows = append(rows, attack{quiet: true,
				name:    "cross-site " + pattern + " with a signed-in admin's cookies",
				outcome: "403 with the cross-site refusal, before any handler runs",
				try: func(s *scene) {
					for _, tc := range []struct {
						header map[string]string
						body   string
					}{
						{map[string]string{"Sec-Fetch-Site": "cross-site"}, auth.CrossSiteRefused},
						{map[string]string{"Sec-Fetch-Site": "same-site"}, auth.CrossSiteRefused}, // a sibling subdomain
						{map[string]string{"Origin": "https://evil.example"}, auth.CrossSiteRefused},
						{map[string]string{"Origin": "null"}, auth.CrossSiteRefused}, // a sandboxed frame
						{nil, auth.NoOriginRefused}, // both headers stripped
					} {
						r := httptest.NewRequest(method, "https://news.example"+path, strings.NewReader("title=Forged&name=Forged&step=publish"))
						r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
						for k, v := range tc.header {
							r.Header.Set(k, v)
						}
						w := s.send(s.desks[content.RoleAdmin], r)
						if w.Code != http.StatusForbidden || w.Body.String() != tc.body+"\n" {
							s.t.Errorf("%v: answered %d %.120q, want 403 %q", tc.header, w.Code, w.Body.String(), tc.body)
						}
					}
				}})
		}
	}
	for pattern := range crossSiteExempt {
		if !slices.Contains(servedPatterns(t), pattern) {
			t.Errorf("%s is exempt from the cross-site check but no longer served: remove it from crossSiteExempt", pattern)
		}
	}
	return rows
}

// sqlMetacharacters are what breaks a query built by concatenation, and
// the full-text search's own syntax.
var sqlMetacharacters = []string{
	`'`, `''`, `"`, `\`, `%`, `_`, `;`, `--`, `/*`, `' OR '1'='1`, `1 OR 1=1`, `1; DROP TABLE articles; --`,
	`') UNION SELECT password_hash, email FROM users --`, `%' AND 1=0 UNION SELECT 1 --`,
	`NEAR(a b)`, `title:*`, `"unbalanced`, `a AND OR NOT b`, `^x*`, `-1`, `9223372036854775808`, `0x1f`,
}

// queryParameters are the parameters the pages and the API read from the
// query, on a path that reads each.
var queryParameters = map[string][]string{
	"/":                     {"s", "p", "page_id", "cat", "tag", "tag_id", "m", "year", "monthnum", "day", "author", "author_name", "category_name", "attachment_id", "paged", "rest_route", "unapproved", "moderation-hash"},
	"/search":               {"q", "page"},
	"/search/suggest":       {"q"},
	"/category/world/":      {"page"},
	"/api/v1/articles":      {"status", "category", "tag", "author", "q", "page", "per_page", "mine", "since"},
	"/api/v1/search":        {"q", "page"},
	"/api/v1/comments":      {"status", "article", "page"},
	"/api/v1/tags":          {"q"},
	"/admin/articles":       {"status", "q", "author", "category", "page", "mine", "saved"},
	"/admin/comments/":      {"status", "q", "article", "page", "moderated"},
	"/admin/tags.json":      {"q"},
	"/admin/media/":         {"before", "after", "added", "q"},
	"/admin/media/pick":     {"before", "after", "article", "q"},
	"/api/v1/media":         {"q", "cursor", "limit"},
	"/admin/users":          {"page", "role", "done"},
	"/admin/reset":          {"token"},
	"/comments/unsubscribe": {"c", "t"},
}

// sqlAttacks puts each metacharacter in every path parameter of every GET
// route, and in every query parameter above, as a reader, as the admin in
// the newsroom and with the admin's API token. Placeholders keep them
// data: no answer is a 5xx (a broken query), and none changes anything.
func sqlAttacks(t *testing.T) []attack {
	var rows []attack
	for _, pattern := range servedPatterns(t) {
		if stateChanging(pattern) || !namedWildcard.MatchString(pattern) {
			continue
		}
		rows = append(rows, attack{quiet: true,
			name:    "SQL metacharacters in the path of " + pattern,
			outcome: "every answer below 500 and nothing changed",
			try: func(s *scene) {
				for _, meta := range sqlMetacharacters {
					v := url.PathEscape(meta)
					_, path := concrete(pattern, map[string]string{"id": v, "rev": v, "slug": v, "n": v, "file": v, "action": v})
					s.wantNoBrokenQuery(path)
				}
			}})
	}
	paths := make([]string, 0, len(queryParameters))
	for p := range queryParameters {
		paths = append(paths, p)
	}
	slices.Sort(paths)
	for _, p := range paths {
		rows = append(rows, attack{quiet: true,
			name:    "SQL metacharacters in the query parameters of " + p + " (" + strings.Join(queryParameters[p], ", ") + ")",
			outcome: "every answer below 500 and nothing changed",
			try: func(s *scene) {
				for _, param := range queryParameters[p] {
					for _, meta := range sqlMetacharacters {
						s.wantNoBrokenQuery(p + "?" + url.Values{param: {meta}}.Encode())
					}
				}
			}})
	}
	return rows
}

// wantNoBrokenQuery GETs target as whoever may read it and fails on a 5xx.
func (s *scene) wantNoBrokenQuery(target string) {
	s.t.Helper()
	r := httptest.NewRequest(http.MethodGet, "https://news.example"+target, nil)
	var v *visitor
	switch {
	case strings.HasPrefix(target, "/api/"):
		r.Header.Set("Authorization", "Bearer "+s.tokens[content.RoleAdmin])
	case strings.HasPrefix(target, "/admin/"):
		v = s.desks[content.RoleAdmin]
	}
	if w := s.send(v, r); w.Code >= 500 {
		s.t.Errorf("GET %s answered %d", target, w.Code)
	}
}

// The data folder's file the traversal rows look for.
func writeSecret(t *testing.T, name string) {
	t.Helper()
	noError(t, os.MkdirAll(filepath.Dir(name), 0o755))
	noError(t, os.WriteFile(name, []byte(secretWords), 0o644))
}

const secretWords = "TOP SECRET: what no path may reach"
