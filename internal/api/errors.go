package api

import (
	"errors"
	"net/http"

	"dateline/internal/articles"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/web"
)

// answerFor turns what a handler or a domain service returned into the
// error a client reads, or nil for a failure on our side; a write the disk
// refused is 503 with Retry-After set on w. The services' messages are
// written for the people who use them and are shown as they are; their
// field names become the API's.
func answerFor(w http.ResponseWriter, err error) *Error {
	var (
		e       *Error
		ne      *articles.Error
		fe      content.FieldErrors
		refusal *comments.Refusal
		tooBig  *http.MaxBytesError
	)
	switch {
	case errors.As(err, &e):
		return e
	case errors.As(err, &ne):
		return newsroomAnswer(ne)
	case errors.As(err, &fe) && len(fe) > 0:
		return fieldsAnswer(fe)
	case errors.As(err, &refusal):
		return &Error{Status: refusal.Status, Code: refusal.Code, Message: refusal.Message}
	case errors.As(err, &tooBig):
		return tooLarge(tooBig.Limit)
	case store.Unwritable(err):
		d, _ := web.Unwritable(w, err)
		return &Error{Status: http.StatusServiceUnavailable, Code: d.Code, Message: d.Cause + " Nothing was changed; send the request again later."}
	case errors.Is(err, store.ErrNotFound), errors.Is(err, store.ErrGone):
		return &Error{Status: http.StatusNotFound, Code: "not_found", Message: "Not found."}
	}
	return nil
}

func newsroomAnswer(ne *articles.Error) *Error {
	switch {
	case errors.Is(ne, articles.ErrForbidden):
		return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: ne.Message}
	case errors.Is(ne, articles.ErrConflict):
		return &Error{Status: http.StatusConflict, Code: "conflict", Message: ne.Message}
	case errors.Is(ne, articles.ErrStatus):
		return &Error{Status: http.StatusConflict, Code: "wrong_status", Field: "status", Message: ne.Message}
	}
	return &Error{Status: http.StatusBadRequest, Code: "refused", Message: ne.Message}
}

// apiField renames the few fields the services call otherwise.
var apiField = map[string]string{
	"publish_at":          "published_at", // the newsroom form's name for it
	comments.FieldComment: "body",
}

// fieldsAnswer is 422: the request was well formed but what it asked for
// breaks a rule (a headline missing, a picture without alt text).
func fieldsAnswer(fe content.FieldErrors) *Error {
	e := &Error{Status: http.StatusUnprocessableEntity}
	for _, p := range fe {
		field := p.Field
		if f, ok := apiField[field]; ok {
			field = f
		}
		e.Details = append(e.Details, FieldProblem{Field: field, Message: p.Message})
	}
	e.Field, e.Message = e.Details[0].Field, e.Details[0].Message
	e.Code = "invalid_" + e.Field
	if len(e.Details) == 1 {
		e.Details = nil
	}
	return e
}

var (
	needToken = &Error{Status: http.StatusUnauthorized, Code: "unauthorized",
		Message: "This needs an API token: send it as Authorization: Bearer <token>."}
	badToken = &Error{Status: http.StatusUnauthorized, Code: "unauthorized",
		Message: "This API token is not valid; it may have been revoked. Create a new one in the newsroom."}
)

func unavailable(what string) *Error {
	return &Error{Status: http.StatusServiceUnavailable, Code: "unavailable", Message: what + " are not available on this server."}
}

func forbidden(msg string) *Error {
	return &Error{Status: http.StatusForbidden, Code: "forbidden", Message: msg}
}
