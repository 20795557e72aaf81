package admin

import (
	"context"
	"errors"
	"net/http"

	"dateline/internal/web"
)

// httpError is an error a member should see: a status and a message
// written for them (web.Errors answers it). Any other error is logged and
// shown as a generic page.
type httpError = web.Error

func errNotFound() error {
	return &httpError{Status: http.StatusNotFound, Message: "There is nothing at this address."}
}

func errBadRequest(msg string) error { return &httpError{Status: http.StatusBadRequest, Message: msg} }

const roleRefused = "Your role does not allow you to do this. Ask an editor or an administrator if you need to."

// errForbidden is a member whose role does not allow what they asked.
func errForbidden(msg string) error {
	if msg == "" {
		msg = roleRefused
	}
	return &httpError{Status: http.StatusForbidden, Message: msg}
}

// redirect is returned by a handler to send the browser elsewhere.
type redirect = web.Redirect

// seeOther sends the browser to url after a form was handled, so that
// reloading the next page does not send the form again.
func seeOther(url string) error { return &redirect{URL: url, Status: http.StatusSeeOther} }

// handlerFunc is a page handler that returns its failure instead of
// writing it.
type handlerFunc = web.HandlerFunc

// requestKey finds the request's state in its context.
type requestKey struct{}

// requestState is filled in while a request is handled, so that an error
// page knows who is signed in and can show the navigation.
type requestState struct {
	member *member
}

// handle adapts a handlerFunc: its error becomes one of the newsroom's
// pages (a.errors says which), shown with the navigation of the member
// the handler found signed in.
func (a *Admin) handle(h handlerFunc) http.Handler {
	inner := a.errors.Handle(h)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &requestState{}
		inner.ServeHTTP(w, r.WithContext(context.WithValue(r.Context(), requestKey{}, st)))
	})
}

// errorPages is the newsroom's part of web.Errors: its pages and messages.
func (a *Admin) errorPages() *web.Errors {
	return &web.Errors{
		Page: func(w http.ResponseWriter, r *http.Request, status int, message string) {
			var m *member
			if st, ok := r.Context().Value(requestKey{}).(*requestState); ok {
				m = st.member
			}
			a.errorPage(w, r, m, status, message)
		},
		NotFound:   "There is nothing at this address.",
		Unwritable: "Nothing was changed. Go back, and try again in a few minutes.",
		Internal:   "Something went wrong on our side. Nothing you typed was lost: go back, and try again in a moment.",
		Log:        a.log,
	}
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
	http.StatusServiceUnavailable:  "Cannot save right now",
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
		web.PlainError(w, status, message)
	}
}
