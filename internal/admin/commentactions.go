package admin

import (
	"errors"
	"net/http"
	"strconv"
)

// Bounds on the bodies of the moderation forms: a page of ticked boxes,
// and a comment's text (comments.MaxComment, 20,000 characters of up to
// four bytes each, percent-encoded: 240 KB).
const (
	queueFormLimit   = 64 << 10
	commentFormLimit = 256 << 10
)

// Messages for form bodies that cannot be read.
const (
	FormTooLarge   = "This form is larger than the newsroom accepts. Please shorten what you typed and send it again."
	FormUnreadable = "This form could not be read. Please reload the page and try again."
)

// readForm reads a posted form of at most limit bytes. A body that is too
// large or malformed is refused as a whole, so that it is never mistaken
// for empty fields.
func readForm(w http.ResponseWriter, r *http.Request, limit int64) error {
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	err := r.ParseForm()
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		return &httpError{Status: http.StatusRequestEntityTooLarge, Message: FormTooLarge}
	case err != nil:
		return errBadRequest(FormUnreadable)
	}
	return nil
}

// moderate changes one comment's status from its row's button.
func (a *Admin) moderate(w http.ResponseWriter, r *http.Request, m *member) error {
	mod, ok := moderationNamed(r.PathValue("action"))
	if !ok {
		return errNotFound()
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := readForm(w, r, queueFormLimit); err != nil {
		return err
	}
	f, err := readQueueFilter(r.PostForm.Get)
	if err != nil {
		return err
	}
	if err := a.comments.SetStatus(r.Context(), m.User, id, mod.Status); err != nil {
		return moderationErr(err)
	}
	return seeOther(f.doneURL(mod.Name, 1))
}

// bulkModerate applies one action to the comments whose boxes were ticked.
func (a *Admin) bulkModerate(w http.ResponseWriter, r *http.Request, m *member) error {
	if err := readForm(w, r, queueFormLimit); err != nil {
		return err
	}
	f, err := readQueueFilter(r.PostForm.Get)
	if err != nil {
		return err
	}
	ids := make([]int64, 0, len(r.PostForm["ids"]))
	for _, s := range r.PostForm["ids"] {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return errBadRequest(CommentNumberInvalid)
		}
		ids = append(ids, id)
	}
	action := r.PostFormValue("action")
	mod, known := moderationNamed(action)
	problem := ""
	switch {
	case len(ids) == 0:
		problem = NoCommentsChosen
	case !known:
		problem = NoBulkAction
	}
	if problem != "" {
		v, err := a.queueView(r, m, f)
		if err != nil {
			return err
		}
		v.Problem, v.BulkAction = problem, action
		return a.render(w, r, http.StatusUnprocessableEntity, "comments", v)
	}
	n, err := a.comments.Bulk(r.Context(), m.User, ids, mod.Status)
	if err != nil {
		return moderationErr(err)
	}
	return seeOther(f.doneURL(mod.Name, n))
}
