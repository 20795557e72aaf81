package site

import (
	"net/http"

	"dateline/internal/web"
)

// httpError is an error a reader should see: a status and a message written
// for them (web.Errors answers it). Any other error is logged and shown as
// the generic 500 page.
type httpError = web.Error

func errNotFound() error { return &httpError{Status: http.StatusNotFound, Message: "Page not found"} }

func errBadRequest(msg string) error { return &httpError{Status: http.StatusBadRequest, Message: msg} }

// redirectTo is returned by a handler to send the reader elsewhere.
func redirectTo(url string, status int) error { return &web.Redirect{URL: url, Status: status} }

// handlerFunc is a page handler that returns its failure instead of writing it.
type handlerFunc = web.HandlerFunc

// handle adapts a handlerFunc: its error becomes one of the site's pages
// (s.errors says which; a withdrawn article's, its notice page).
func (s *Site) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if err := h(w, r); err != nil && !s.answerWithdrawn(w, r, err) {
			s.errors.Answer(w, r, err)
		}
	})
}

// errorPages is the site's part of web.Errors: its pages and messages.
func (s *Site) errorPages() *web.Errors {
	return &web.Errors{
		Page:       s.errorPage,
		NotFound:   "Page not found",
		Gone:       "This article has been removed",
		Unwritable: "Please try again in a few minutes.",
		Internal:   "Something went wrong",
		Log:        s.log,
	}
}

// ServeInternalError answers with the site's 500 page, for a request
// whose handler failed before it could answer (the front door calls it
// after a panic).
func (s *Site) ServeInternalError(w http.ResponseWriter, r *http.Request) {
	s.errorPage(w, r, http.StatusInternalServerError, "Something went wrong")
}
