package site

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"dateline/internal/store"
)

// httpError is an error a reader should see: a status and a message written
// for them. Any other error is logged and shown as a generic 500 page.
type httpError struct {
	Status  int
	Message string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

func errNotFound() error { return &httpError{http.StatusNotFound, "Page not found"} }

func errBadRequest(msg string) error { return &httpError{http.StatusBadRequest, msg} }

// redirect is returned by a handler to send the reader elsewhere.
type redirect struct {
	URL    string
	Status int
}

func (r *redirect) Error() string { return fmt.Sprintf("redirect %d to %s", r.Status, r.URL) }

func redirectTo(url string, status int) error { return &redirect{URL: url, Status: status} }

// handlerFunc is a page handler that returns its failure instead of writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// handle adapts a handlerFunc: it is the one place that turns errors into
// pages. store.ErrNotFound becomes the 404 page, store.ErrGone the 410 page,
// an httpError its own status, and anything else a logged 500.
func (s *Site) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		err := h(w, r)
		if err == nil {
			return
		}
		var (
			he  *httpError
			red *redirect
		)
		switch {
		case errors.As(err, &red):
			http.Redirect(w, r, red.URL, red.Status)
		case errors.As(err, &he):
			s.errorPage(w, r, he.Status, he.Message)
		case errors.Is(err, store.ErrNotFound):
			s.errorPage(w, r, http.StatusNotFound, "Page not found")
		case errors.Is(err, store.ErrGone):
			s.errorPage(w, r, http.StatusGone, "This article has been removed")
		case errors.Is(err, r.Context().Err()):
			// The reader went away; nobody is left to answer.
		default:
			s.log.Error("page failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
			s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong")
		}
	})
}
