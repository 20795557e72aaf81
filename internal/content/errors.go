package content

import "strings"

// FieldError is a problem with one field, worded for the person who filled it.
type FieldError struct {
	Field   string
	Message string
}

// FieldErrors collects every problem with a form so all of them can be shown at
// once.
type FieldErrors []FieldError

// Add records a problem with field.
func (e *FieldErrors) Add(field, message string) {
	*e = append(*e, FieldError{Field: field, Message: message})
}

// OrNil returns nil when there is nothing wrong, so callers can return it as
// an error directly.
func (e FieldErrors) OrNil() error {
	if len(e) == 0 {
		return nil
	}
	return e
}

func (e FieldErrors) Error() string {
	msgs := make([]string, len(e))
	for i, fe := range e {
		msgs[i] = fe.Field + ": " + fe.Message
	}
	return strings.Join(msgs, "; ")
}

// For returns the message for field, or "".
func (e FieldErrors) For(field string) string {
	for _, fe := range e {
		if fe.Field == field {
			return fe.Message
		}
	}
	return ""
}
