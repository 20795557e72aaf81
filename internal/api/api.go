package api

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"dateline/internal/store"
)

// API serves /api/v1.
type API struct {
	store   store.Store
	log     *slog.Logger
	baseURL string
	now     func() time.Time
}

// Config is what the API needs from main.
type Config struct {
	Store   store.Store
	Logger  *slog.Logger
	BaseURL string // absolute address of the public site, for article URLs
	Now     func() time.Time
}

// New builds the API.
func New(cfg Config) *API {
	a := &API{store: cfg.Store, log: cfg.Logger, baseURL: strings.TrimSuffix(cfg.BaseURL, "/"), now: cfg.Now}
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
	mux.Handle("GET /api/v1/articles", a.handle(a.listArticles))
	mux.Handle("GET /api/v1/articles/{id}", a.handle(a.getArticle))
	mux.Handle("GET /api/v1/categories", a.handle(a.listCategories))
	mux.Handle("GET /api/v1/tags", a.handle(a.listTags))
	mux.Handle("GET /api/v1/authors", a.handle(a.listAuthors))
	mux.Handle("GET /api/v1/search", a.handle(a.search))
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
}

func (e *Error) Error() string { return e.Code + ": " + e.Message }

func badField(field, message string) *Error {
	return &Error{Status: http.StatusBadRequest, Code: "invalid_" + field, Message: message, Field: field}
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle is the one place errors become answers: an *Error as itself,
// store.ErrNotFound as 404, anything else logged and answered 500.
func (a *API) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var e *Error
		switch {
		case errors.As(err, &e):
		case errors.Is(err, store.ErrNotFound):
			e = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "Not found."}
		case errors.Is(err, r.Context().Err()):
			return
		default:
			a.log.Error("api request failed", "method", r.Method, "path", r.URL.Path, "err", err)
			e = &Error{Status: http.StatusInternalServerError, Code: "internal", Message: "Something went wrong on our side."}
		}
		w.Header().Set("Cache-Control", "no-store")
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

// cors lets any origin read the public content API; nothing here depends
// on cookies, so no credentials are allowed.
func cors(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodGet || r.Method == http.MethodHead || r.Method == http.MethodOptions {
			w.Header().Set("Access-Control-Allow-Origin", "*")
		}
		next.ServeHTTP(w, r)
	})
}

func preflight(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Access-Control-Allow-Methods", "GET, HEAD, OPTIONS")
	h.Set("Access-Control-Allow-Headers", "Authorization, Content-Type")
	h.Set("Access-Control-Max-Age", "86400")
	w.WriteHeader(http.StatusNoContent)
}

// zone is the site's time zone, which decides article URLs.
func (a *API) zone(r *http.Request) (*time.Location, error) {
	set, err := a.store.Settings(r.Context())
	if err != nil {
		return nil, err
	}
	return set.Zone(), nil
}

// publicCache lets shared caches keep public answers briefly.
func publicCache(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "public, max-age=60")
}
