package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"dateline/internal/alerts"
	"dateline/internal/articles"
	"dateline/internal/comments"
	"dateline/internal/media"
	"dateline/internal/store"
)

// API serves /api/v1.
type API struct {
	store    store.Store
	log      *slog.Logger
	baseURL  string
	now      func() time.Time
	newsroom *articles.Service
	mediaLib *media.Service
	comments *comments.Service
	alerts   *alerts.Service
}

// Config is what the API needs from main. The services carry out what
// token holders ask for, with their role checks; a route whose service is
// missing answers 503.
type Config struct {
	Store  store.Store
	Logger *slog.Logger
	// BaseURL is the public site's absolute address when the settings
	// name none (content.Settings.PublicURL): the --base-url flag.
	BaseURL  string
	Now      func() time.Time
	Newsroom *articles.Service
	Media    *media.Service
	Comments *comments.Service
	Alerts   *alerts.Service
}

// New builds the API.
func New(cfg Config) *API {
	a := &API{store: cfg.Store, log: cfg.Logger, baseURL: strings.TrimSuffix(cfg.BaseURL, "/"), now: cfg.Now,
		newsroom: cfg.Newsroom, mediaLib: cfg.Media, comments: cfg.Comments, alerts: cfg.Alerts}
	if a.log == nil {
		a.log = slog.New(slog.DiscardHandler)
	}
	if a.now == nil {
		a.now = time.Now
	}
	return a
}

// Handler returns the API's routes; they live under /api/v1/.
func (a *API) Handler() http.Handler {
	mux := http.NewServeMux()
	for _, rt := range a.routes() {
		mux.Handle(rt.pattern, a.handle(rt.serve))
	}
	mux.Handle("OPTIONS /api/v1/", http.HandlerFunc(preflight))
	mux.Handle("/api/v1/", a.handle(func(w http.ResponseWriter, r *http.Request) error {
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: "There is no such API endpoint."}
	}))
	return cors(mux)
}

// Error is an error the client should read.
type Error struct {
	Status  int    `json:"-"`
	Code    string `json:"code"`
	Message string `json:"message"`
	Field   string `json:"field,omitempty"`
	// Details lists every problem when a form had several, so a client
	// can show them all at once; Field and Message are the first.
	Details []FieldProblem `json:"details,omitempty"`
}

// FieldProblem is one thing wrong with one field of a request.
type FieldProblem struct {
	Field   string `json:"field"`
	Message string `json:"message"`
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func badField(field, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid_" + field, Message: message, Field: field}
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle is the one place errors become answers: an *Error as itself,
// refusals of the domain services as what they mean (see answerFor),
// anything else logged and answered 500.
func (a *API) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		if errors.Is(err, r.Context().Err()) {
			return
		}
		e := answerFor(w, err)
		if e == nil {
			a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			e = &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "Something went wrong on our side."}
		}
		w.Header().Set("Cache-Control", "no-store")
		w.Header().Del("ETag")
		w.Header().Del("Location")
		if e.Status == http.StatusUnauthorized {
			w.Header().Set("WWW-Authenticate", `Bearer realm="dateline"`)
		}
		writeJSON(w, e.Status, map[string]*Error{"error": e})
	})
}

func writeJSON(w http.ResponseWriter, status int, v any) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(true)
	return enc.Encode(v)
}

// cors lets scripts on any origin use the API. That is safe because
// nothing here depends on cookies: the newsroom's API acts only for a
// request that carries a bearer token in its Authorization header, which a
// browser never adds by itself, so a forged cross-site request has no
// authority and no CSRF token is needed. Credentials are never allowed.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Access-Control-Allow-Origin", "*")
		w.Header().Set("Access-Control-Expose-Headers", "ETag, Location, Retry-After, WWW-Authenticate")
		next.ServeHTTP(w, r)
	})
}

func preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, POST, PATCH, DELETE, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type, If-Match")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// siteURLs is what the absolute URLs of an answer are made of: the site's
// time zone, which dates article paths, and its public address by the one
// base-URL rule, the same as the pages', feeds' and mail's.
type siteURLs struct {
	zone *time.Location
	base string // without a trailing slash
}

// abs is path on the public site.
func (u siteURLs) abs(path string) string { return u.base + path }

// zone reads what the URLs of an answer depend on from the settings, once
// per request, so that a change of address or zone shows in the next
// answer. (It is named for the zone, which was all it read at first.)
func (a *API) zone(r *http.Request) (siteURLs, error) {
	set, err := a.store.Settings(r.Context())
	if err != nil {
		return siteURLs{}, err
	}
	return siteURLs{zone: set.Zone(), base: set.PublicURL(a.baseURL)}, nil
}

// absolute is path on the public site, for a header set before the
// answer's body is built. Should the settings fail to be read it falls
// back to the configured address; the body's own read then fails the same
// way, and the error answer drops the header.
func (a *API) absolute(r *http.Request, path string) string {
	at, err := a.zone(r)
	if err != nil {
		return a.baseURL + path
	}
	return at.abs(path)
}

// publicCache lets shared caches keep public answers briefly.
// The answer does not depend on the token, but Vary keeps a cache from
// answering a token holder's request for the same address (which may see
// more) with it.
func publicCache(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "public, max-age=60")
	w.Header().Set("Vary", "Authorization")
}
