package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"

	"dateline/internal/store"
)

// httpError is an error a member should see: a status and a message
// written for them. Any other error is logged and shown as a generic page.
type httpError struct {
	Status  int
	Message string
}

func (e *httpError) Error() string { return fmt.Sprintf("%d %s", e.Status, e.Message) }

func errNotFound() error { return &httpError{http.StatusNotFound, "There is nothing at this address."} }

func errBadRequest(msg string) error { return &httpError{http.StatusBadRequest, msg} }

const roleRefused = "Your role does not allow you to do this. Ask an editor or an administrator if you need to."

// errForbidden is a member whose role does not allow what they asked.
func errForbidden(msg string) error {
	if msg == "" {
		msg = roleRefused
	}
	return &httpError{http.StatusForbidden, msg}
}

// redirect is returned by a handler to send the browser elsewhere.
type redirect struct {
	URL    string
	Status int
}

func (r *redirect) Error() string { return fmt.Sprintf("redirect %d to %s", r.Status, r.URL) }

// seeOther sends the browser to url after a form was handled, so that
// reloading the next page does not send the form again.
func seeOther(url string) error { return &redirect{URL: url, Status: http.StatusSeeOther} }

// handlerFunc is a page handler that returns its failure instead of
// writing it.
type handlerFunc func(w http.ResponseWriter, r *http.Request) error

// requestKey finds the request's state in its context.
type requestKey struct{}

// requestState is filled in while a request is handled, so that an error
// page knows who is signed in and can show the navigation.
type requestState struct {
	member *member
}

// handle adapts a handlerFunc: it is the one place that turns errors into
// pages. A redirect is followed, an httpError shows its own status and
// message, store.ErrNotFound becomes the 404 page, and anything else a
// logged 500.
func (a *Admin) handle(h handlerFunc) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &requestState{}
		r = r.WithContext(context.WithValue(r.Context(), requestKey{}, st))
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
			a.errorPage(w, r, st.member, he.Status, he.Message)
		case errors.Is(err, store.ErrNotFound):
			a.errorPage(w, r, st.member, http.StatusNotFound, "There is nothing at this address.")
		case errors.Is(err, r.Context().Err()):
			// The member went away; nobody is left to answer.
		default:
			a.log.Error("newsroom page failed", slog.String("method", r.Method), slog.String("path", r.URL.Path), slog.Any("err", err))
			a.errorPage(w, r, st.member, http.StatusInternalServerError,
				"Something went wrong on our side. Nothing you typed was lost: go back, and try again in a moment.")
		}
	})
}

// errorHeadings name the error pages.
var errorHeadings = map[int]string{
	http.StatusBadRequest:          "That did not work",
	http.StatusUnauthorized:        "Please sign in again",
	http.StatusForbidden:           "Not allowed",
	http.StatusNotFound:            "Not found",
	http.StatusConflict:            "Changed meanwhile",
	http.StatusTooManyRequests:     "Too many attempts",
	http.StatusInternalServerError: "Something went wrong",
}

type errorView struct {
	layout
	Status  int
	Heading string
	Message string
	Login   string // sign-in link with next, for 401
}

func (a *Admin) errorPage(w http.ResponseWriter, r *http.Request, m *member, status int, message string) {
	heading := errorHeadings[status]
	if heading == "" {
		heading = http.StatusText(status)
	}
	v := errorView{layout: a.layout(r, m, heading), Status: status, Heading: heading, Message: message}
	if status == http.StatusUnauthorized {
		v.Login = loginURL(r)
	}
	if err := a.render(w, r, status, "error", v); err != nil && !errors.Is(err, r.Context().Err()) {
		a.log.Error("render newsroom error page", "err", err)
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(message + "\n"))
	}
}
