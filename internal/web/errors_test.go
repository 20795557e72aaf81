package web

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dateline/internal/store"
)

func TestErrorsAnswerEachErrorWithItsPage(t *testing.T) {
	canceled, cancel := context.WithCancel(context.Background())
	cancel()
	cases := []struct {
		name     string
		err      error
		gone     string // Errors.Gone
		ctx      context.Context
		status   int
		body     string // what the page shows
		location string
		logged   bool
	}{
		{"a handler that answered is left alone", nil, "", nil, 200, "done", "", false},
		{"a redirect is followed", &Redirect{URL: "/elsewhere/", Status: http.StatusSeeOther}, "", nil, 303, "", "/elsewhere/", false},
		{"an Error shows its own status and message", &Error{Status: http.StatusConflict, Message: "Changed meanwhile"}, "", nil, 409, "page 409: Changed meanwhile", "", false},
		{"a wrapped Error is found too", fmt.Errorf("save: %w", &Error{Status: 422, Message: "Fix the title"}), "", nil, 422, "page 422: Fix the title", "", false},
		{"store.ErrNotFound is the 404 page", fmt.Errorf("article 7: %w", store.ErrNotFound), "", nil, 404, "page 404: Not here", "", false},
		{"store.ErrGone is the 410 page where the surface names it", fmt.Errorf("article x: %w", store.ErrGone), "Removed", nil, 410, "page 410: Removed", "", false},
		{"store.ErrGone is the 404 page elsewhere", store.ErrGone, "", nil, 404, "page 404: Not here", "", false},
		{"a full disk is the 503 page with the cause and the surface's advice", fmt.Errorf("post comments: %w: %w", store.ErrFull, errors.New("database or disk is full (13)")), "", nil, 503,
			"page 503: The server's disk is full, so nothing can be saved until room is made on it. Try later.", "", false},
		{"a read-only disk is the 503 page too", fmt.Errorf("put: %w", store.ErrReadOnly), "", nil, 503,
			"page 503: The server's disk cannot be written to right now, so nothing can be saved. Try later.", "", false},
		{"anything else is logged and the generic 500 page", errors.New("disk on fire at /var/db"), "", nil, 500, "page 500: Something broke", "", true},
		{"a client that went away gets no answer and no log line", fmt.Errorf("query: %w", context.Canceled), "", canceled, 200, "", "", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			var logged strings.Builder
			e := &Errors{
				Page: func(w http.ResponseWriter, r *http.Request, status int, message string) {
					w.WriteHeader(status)
					fmt.Fprintf(w, "page %d: %s", status, message)
				},
				NotFound: "Not here", Gone: tc.gone, Internal: "Something broke", Unwritable: "Try later.",
				Log: slog.New(slog.NewTextHandler(&logged, nil)),
			}
			h := e.Handle(func(w http.ResponseWriter, r *http.Request) error {
				if tc.err == nil {
					w.Write([]byte("done"))
				}
				return tc.err
			})
			req := httptest.NewRequest("GET", "/story/", nil)
			if tc.ctx != nil {
				req = req.WithContext(tc.ctx)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != tc.status {
				t.Errorf("status = %d, want %d", rec.Code, tc.status)
			}
			if tc.body != "" && rec.Body.String() != tc.body {
				t.Errorf("body = %q, want %q", rec.Body.String(), tc.body)
			}
			if retry := rec.Header().Get("Retry-After"); (tc.status == 503) != (retry == UnwritableRetryAfter) {
				t.Errorf("Retry-After = %q", retry)
			}
			if tc.location != "" && rec.Header().Get("Location") != tc.location {
				t.Errorf("Location = %q, want %q", rec.Header().Get("Location"), tc.location)
			}
			if strings.Contains(rec.Body.String(), "disk on fire") {
				t.Error("the raw error reached the page")
			}
			lines := strings.Count(logged.String(), "\n")
			switch {
			case tc.logged && (lines != 1 || !strings.Contains(logged.String(), "disk on fire") || !strings.Contains(logged.String(), "/story/")):
				t.Errorf("want one log line with the error and the path, got %q", logged.String())
			case !tc.logged && lines != 0:
				t.Errorf("logged %q, want nothing", logged.String())
			}
		})
	}
}

func TestPlainErrorIsKeptByNoCache(t *testing.T) {
	rec := httptest.NewRecorder()
	PlainError(rec, http.StatusBadRequest, "Request too long")
	if rec.Code != 400 || rec.Body.String() != "Request too long\n" ||
		rec.Header().Get("Cache-Control") != "no-store" || rec.Header().Get("Content-Type") != "text/plain; charset=utf-8" {
		t.Errorf("got %d %q %v", rec.Code, rec.Body.String(), rec.Header())
	}
}
