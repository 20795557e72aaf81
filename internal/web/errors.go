package web

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"dateline/internal/store"
)

// Error is an error the person reading the page should see: a status and a
// message written for them. Any other error is logged and answered with the
// surface's generic 500 page, so raw errors never reach a reader.
type Error struct {
	Status  int
	Message string
}

func (e *Error) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

// Redirect is returned by a handler to send the browser elsewhere.
type Redirect struct {
	URL    string
	Status int
}

func (r *Redirect) Error() string { return fmt.Sprintf("redirect %d to %s", r.Status, r.URL) }

// HandlerFunc is a page handler that returns its failure instead of
// writing it.
type HandlerFunc func(w http.ResponseWriter, r *http.Request) error

// Errors turns what a surface's handlers return into its pages. It is the
// one place that does: a Redirect is followed, an Error shows its own
// status and message, store.ErrNotFound becomes the 404 page and
// store.ErrGone the 410 page, a write the disk refused the 503 page with
// Retry-After, a request whose client went away is left unanswered, and
// anything else is logged once and answered with the 500 page.
type Errors struct {
	// Page writes the surface's error page for status with message. It
	// must work even when the store does not.
	Page func(w http.ResponseWriter, r *http.Request, status int, message string)
	// NotFound is the message of the 404 page for store.ErrNotFound.
	NotFound string
	// Gone is the message of the 410 page for store.ErrGone; without one,
	// a removed article is answered as not found.
	Gone string
	// Unwritable is what the surface adds to the cause on the 503 page of
	// a write the disk refused (see Unwritable): what became of the
	// person's text, what to do.
	Unwritable string
	// Internal is the message of the 500 page for any other error.
	Internal string
	// Log receives the errors nobody else is told of; nothing is logged
	// when nil.
	Log *slog.Logger
}

// Handle adapts h to an http.Handler that answers h's error with a page.
func (e *Errors) Handle(h HandlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil {
			e.Answer(w, r, err)
		}
	})
}

// Answer writes the page for err, as Handle does.
func (e *Errors) Answer(w http.ResponseWriter, r *http.Request, err error) {
	var (
		he  *Error
		red *Redirect
	)
	switch {
	case errors.As(err, &red):
		http.Redirect(w, r, red.URL, red.Status)
	case errors.As(err, &he):
		e.Page(w, r, he.Status, he.Message)
	case errors.Is(err, store.ErrNotFound):
		e.Page(w, r, http.StatusNotFound, e.NotFound)
	case errors.Is(err, store.ErrGone) && e.Gone != "":
		e.Page(w, r, http.StatusGone, e.Gone)
	case errors.Is(err, store.ErrGone):
		e.Page(w, r, http.StatusNotFound, e.NotFound)
	case store.Unwritable(err):
		d, _ := Unwritable(w, err)
		e.Page(w, r, http.StatusServiceUnavailable, strings.TrimSpace(d.Cause+" "+e.Unwritable))
	case r.Context().Err() != nil && errors.Is(err, r.Context().Err()):
		// The client went away; nobody is left to answer.
	default:
		if e.Log != nil {
			e.Log.Error("page failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
		}
		e.Page(w, r, http.StatusInternalServerError, e.Internal)
	}
}

// PlainError writes a short plain-text answer that no cache keeps: for
// refusals before any page can be chosen, and for when an error page
// itself cannot be rendered.
func PlainError(w http.ResponseWriter, status int, message string) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	w.Write([]byte(message + "\n"))
}

// UnwritableRetryAfter is the Retry-After, in seconds, of an answer to a
// write the disk refused: long enough for an operator to have been told,
// short enough that a client trying again soon after space returns is
// not kept waiting long.
const UnwritableRetryAfter = "120"

// DiskRefusal is a write the disk refused, as people are told of it.
type DiskRefusal struct {
	Code  string // "disk_full" or "read_only", for programs (the API, the editor's script)
	Cause string // what happened, in words, for the person who tried
}

// Unwritable answers the question every surface asks of a failed write:
// did the disk refuse it (store.ErrFull, store.ErrReadOnly)? If so it sets
// Retry-After on w and returns the refusal, to whose cause the surface
// adds what became of the person's text. The status is always 503:
// nothing was wrong with the request, and the same request will succeed
// once the disk takes writes.
func Unwritable(w http.ResponseWriter, err error) (DiskRefusal, bool) {
	var d DiskRefusal
	switch {
	case errors.Is(err, store.ErrFull):
		d = DiskRefusal{Code: "disk_full", Cause: "The server's disk is full, so nothing can be saved until room is made on it."}
	case errors.Is(err, store.ErrReadOnly):
		d = DiskRefusal{Code: "read_only", Cause: "The server's disk cannot be written to right now, so nothing can be saved."}
	default:
		return d, false
	}
	w.Header().Set("Retry-After", UnwritableRetryAfter)
	return d, true
}
