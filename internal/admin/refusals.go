package admin

import (
	"errors"

	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/taxonomy"
)

// refused sorts the error of a service called for a form. What is wrong
// with the form goes into errs, to be shown with it again, and refused is
// true; anything else goes through serviceError. The messages are the
// services' own.
func refused(err error, errs *content.FieldErrors) (bool, error) {
	var problems content.FieldErrors
	if errors.As(err, &problems) {
		*errs = append(*errs, problems...)
		return true, nil
	}
	return false, serviceError(err)
}

// serviceError turns a role a service turned away into the 403 page and
// leaves any other error as it is.
func serviceError(err error) error {
	if errors.Is(err, taxonomy.ErrForbidden) || errors.Is(err, members.ErrForbidden) {
		return errForbidden("")
	}
	return err
}
