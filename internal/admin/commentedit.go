package admin

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
)

// commentView is the page that edits a comment or replies to it as staff.
// Both show the comment and one text field, named like the public form's.
type commentView struct {
	layout
	Filter queueFilter
	Row    queueRow
	Reply  bool   // replying rather than editing
	Action string // where the form posts
	Text   string // what is in the text field
	Max    int
}

// commentPage loads the comment of the address for the edit or reply
// page; the filter it came from rides along.
func (a *Admin) commentPage(w http.ResponseWriter, r *http.Request, m *member, reply bool) (commentView, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return commentView{}, err
	}
	get := r.URL.Query().Get
	if r.Method == http.MethodPost {
		if err := readForm(w, r, commentFormLimit); err != nil {
			return commentView{}, err
		}
		get = r.PostForm.Get
	}
	f, err := readQueueFilter(get)
	if err != nil {
		return commentView{}, err
	}
	c, err := a.comments.Comment(r.Context(), m.User, id)
	if err != nil {
		return commentView{}, moderationErr(err)
	}
	on := store.CommentOn{Comment: c}
	if finder, ok := a.store.(articleFinder); ok {
		if on.Article, err = finder.ArticleByID(r.Context(), c.ArticleID); err != nil && !errors.Is(err, store.ErrNotFound) {
			return commentView{}, err
		}
	}
	v := commentView{Filter: f, Row: newQueueRow(on, m.Zone), Reply: reply, Max: comments.MaxComment}
	if reply {
		v.layout = a.layout(r, m, "Reply to "+c.AuthorName)
		v.Action = "/admin/comments/" + strconv.FormatInt(id, 10) + "/reply"
	} else {
		v.layout = a.layout(r, m, "Edit the comment by "+c.AuthorName)
		v.Action = "/admin/comments/" + strconv.FormatInt(id, 10) + "/edit"
		v.Text = c.Body
	}
	return v, nil
}

func (a *Admin) editComment(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.commentPage(w, r, m, false)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "comment", v)
}

func (a *Admin) replyForm(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.commentPage(w, r, m, true)
	if err != nil {
		return err
	}
	if !v.Row.CanReply {
		v.Problem = comments.ErrBadParent.Message
	}
	return a.render(w, r, http.StatusOK, "comment", v)
}

// saveComment replaces a comment's text; the text follows the public
// form's rules, and a refused text comes back as typed.
func (a *Admin) saveComment(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.commentPage(w, r, m, false)
	if err != nil {
		return err
	}
	typed := r.PostForm.Get(comments.FieldComment)
	v.Text = shownText(typed)
	err = a.comments.Edit(r.Context(), m.User, v.Row.ID, typed)
	if status, refused := refusedText(&v, err); refused {
		return a.render(w, r, status, "comment", v)
	}
	if err != nil {
		return moderationErr(err)
	}
	a.log.Info("comment edited", slog.Int64("comment", v.Row.ID), slog.Int64("by", m.ID))
	return seeOther(v.Filter.doneURL("edit", 1))
}

// reply posts a staff reply under the comment, approved at once.
func (a *Admin) reply(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.commentPage(w, r, m, true)
	if err != nil {
		return err
	}
	typed := r.PostForm.Get(comments.FieldComment)
	v.Text = shownText(typed)
	c, err := a.comments.ReplyAsStaff(r.Context(), m.User, v.Row.ID, typed)
	if status, refused := refusedText(&v, err); refused {
		return a.render(w, r, status, "comment", v)
	}
	if err != nil {
		return moderationErr(err)
	}
	a.log.Info("staff reply", slog.Int64("comment", c.ID), slog.Int64("parent", v.Row.ID), slog.Int64("by", m.ID))
	return seeOther(v.Filter.doneURL("reply", 1))
}

// shownText is typed text as a page shows it again: bytes that are not
// UTF-8 become U+FFFD, so the page stays valid. The service still gets
// the bytes as sent, and refuses them.
func shownText(typed string) string { return strings.ToValidUTF8(typed, "\uFFFD") }

// refusedText puts the service's refusal on the page, so that it can be
// shown again with the text as typed: a mistake in the text next to the
// field, a step that cannot be taken (replying to spam) above the form. It
// reports the status to answer with, and false for any other error.
func refusedText(v *commentView, err error) (int, bool) {
	var (
		errs content.FieldErrors
		ref  *comments.Refusal
	)
	switch {
	case errors.As(err, &errs):
		v.Errors = errs
		return http.StatusUnprocessableEntity, true
	case errors.As(err, &ref) && ref.Status != http.StatusForbidden:
		v.Problem = ref.Message
		return ref.Status, true
	}
	return 0, false
}
