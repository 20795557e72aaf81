package articles

import (
	"errors"
	"fmt"

	"dateline/internal/content"
)

// The kinds of [Error], for errors.Is; an HTTP layer answers them with 403,
// 409 and 409.
var (
	// ErrForbidden means the member's role does not allow the operation.
	ErrForbidden = errors.New("not allowed")
	// ErrConflict means someone changed the article since the member
	// loaded it; nothing was written.
	ErrConflict = errors.New("changed by someone else")
	// ErrStatus means the operation does not apply to the article in its
	// present status (publishing an article in the trash).
	ErrStatus = errors.New("not possible in this status")
)

// Error is a refusal with a message written for the member who asked, safe
// to show as it is.
type Error struct {
	Kind    error // ErrForbidden, ErrConflict or ErrStatus
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is(err, ErrForbidden) and the like work.
func (e *Error) Unwrap() error { return e.Kind }

func forbidden(msg string) error { return &Error{Kind: ErrForbidden, Message: msg} }

func wrongStatus(format string, args ...any) error {
	return &Error{Kind: ErrStatus, Message: fmt.Sprintf(format, args...)}
}

// changedMeanwhile is the refusal of a status change that lost a race.
var changedMeanwhile = &Error{Kind: ErrConflict,
	Message: "Someone changed this article while you were looking at it. Reload it and try again."}

// fieldError is a one-field form error.
func fieldError(field, msg string) error {
	return content.FieldErrors{{Field: field, Message: msg}}
}

// statusWords says where an article stands, to finish "This article is ...".
func statusWords(s content.Status) string {
	switch s {
	case content.StatusDraft:
		return "a draft"
	case content.StatusPending:
		return "waiting for review"
	case content.StatusScheduled:
		return "scheduled"
	case content.StatusPublished:
		return "published"
	case content.StatusTrashed:
		return "in the trash"
	case content.StatusWithdrawn:
		return "withdrawn"
	}
	return string(s)
}
