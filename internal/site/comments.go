package site

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"dateline/internal/auth"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/web"
)

// maxCommentBody bounds the size of a posted comment form.
const maxCommentBody = 64 << 10

// CommentNotSaved follows the cause when the disk refused a comment.
const CommentNotSaved = "Your comment was not posted; it is still in the form below. Please send it again in a few minutes."

// commentForm is what the comment form shows: what the reader typed and
// what was wrong with it, after a refused post.
type commentForm struct {
	Values  comments.Form
	Errors  map[string]string
	Message string // a refusal that is not about one field
}

// postComment takes the "Leave a reply" form. A refused comment shows the
// article again with the reader's text and the reason; an accepted one
// sends the reader back to it. Nothing is written unless it is accepted.
func (s *Site) postComment(w http.ResponseWriter, r *http.Request) error {
	if s.comments == nil {
		return &httpError{Status: http.StatusServiceUnavailable, Message: "Comments are not available"}
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxCommentBody)
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			return &httpError{Status: http.StatusRequestEntityTooLarge, Message: "Your comment is too long"}
		}
		return errBadRequest("The comment form could not be read")
	}
	form := comments.FormFromValues(r.PostForm)
	id, err := strconv.ParseInt(form.ArticleID, 10, 64)
	if err != nil || id < 1 {
		return errBadRequest("This comment form is out of date. Please reload the page and try again.")
	}
	posted, err := s.comments.Submit(r.Context(), form, comments.ClientInfo{
		Addr: s.proxies.ClientAddr(r), UserAgent: r.UserAgent(), Referrer: r.Referer(),
	})
	var (
		fields  content.FieldErrors
		refusal *comments.Refusal
	)
	disk, unwritable := web.Unwritable(w, err)
	switch {
	case err == nil:
		return redirectTo(s.comments.RedirectURL(posted.Path, posted.Comment, posted.Outcome), http.StatusSeeOther)
	case errors.Is(err, comments.ErrNoArticle):
		return errNotFound()
	case unwritable:
		// The disk refused it: the reader's text goes back to them.
		refusal = &comments.Refusal{Status: http.StatusServiceUnavailable, Message: disk.Cause + " " + CommentNotSaved}
	case !errors.As(err, &fields) && !errors.As(err, &refusal):
		return err
	}
	// A refused comment is shown again on its article, which the service
	// has not always read yet (form mistakes, the rate limit).
	a := posted.Article
	if a.ID == 0 {
		if a, err = s.store.ArticleByID(r.Context(), id); err != nil || !a.IsPublic() {
			return errNotFound()
		}
	}
	if fields != nil {
		f := &commentForm{Values: form, Errors: map[string]string{}}
		for _, fe := range fields {
			if _, seen := f.Errors[fe.Field]; !seen {
				f.Errors[fe.Field] = fe.Message
			}
		}
		return s.articleWithForm(w, r, a, http.StatusUnprocessableEntity, f)
	}
	if refusal.RetryAfter > 0 {
		w.Header().Set("Retry-After", auth.RetryAfter(refusal.RetryAfter))
	}
	return s.articleWithForm(w, r, a, refusal.Status, &commentForm{Values: form, Message: refusal.Message})
}

// articleWithForm renders the article page for one reader: their refused
// comment, or their comment awaiting moderation. Such a page is never cached.
func (s *Site) articleWithForm(w http.ResponseWriter, r *http.Request, a content.Article, status int, f *commentForm) error {
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	v, err := s.articlePage(r, d, a)
	if err != nil {
		return err
	}
	v.Form = f
	v.maxAge = 0
	v.Robots = "noindex"
	if id, err := strconv.ParseInt(f.Values.Parent, 10, 64); err == nil && id > 0 {
		v.ReplyTo = findComment(v.Comments, id) // a refused reply still says whom it answers
	}
	return s.render(w, status, "article", &v)
}

// replyTo prepares the form of an article page to answer comment raw
// (WordPress's ?replytocom=N, the Reply link for readers without
// JavaScript): N must be an approved comment of the article, by its
// dateline id, or else by the id it had on an imported WordPress site.
// Any other N leaves the form as it is, a new comment. The page is the
// article's, with the article's tags: whatever makes the comment
// answerable or not (approving, removing it) announces its article.
// Such an address is not one for search engines: the Reply links say
// nofollow, and the page noindex.
func (s *Site) replyTo(ctx context.Context, v *articleView, raw string) error {
	v.Robots = "noindex, follow"
	if !v.CommentsOpen {
		return nil
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || id < 1 {
		return nil
	}
	if c := findComment(v.Comments, id); c != nil {
		v.ReplyTo = c
		return nil
	}
	link, err := s.store.LegacyByID(ctx, store.LegacyComment, id)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	v.ReplyTo = findComment(v.Comments, link.ID)
	return nil
}

// formStamp is the hidden stamp of the comment form on a page made now
// (see comments.Service.FormStamp). It is the same for every visitor, so
// the article page stays cacheable. A refused form shown again keeps the
// reader's own stamp, so their wait counts from when they opened the
// article; a missing or forged one is replaced, and the reader who only
// has to wait a moment can send the form again as it is.
func (s *Site) formStamp(f *commentForm) string {
	if s.comments == nil {
		return ""
	}
	if f != nil && f.Values.Stamp != "" {
		if _, ok := s.comments.StampTime(f.Values.Stamp); ok {
			return f.Values.Stamp
		}
	}
	return s.comments.FormStamp(s.now())
}

// pendingComment shows a reader their own comment while it waits for a
// moderator, when they hold its moderation hash (the link they were sent
// back to after posting).
func (s *Site) pendingComment(r *http.Request, v *articleView, zone *time.Location) bool {
	q := r.URL.Query()
	raw, hash := q.Get("unapproved"), q.Get("moderation-hash")
	if s.comments == nil || raw == "" || hash == "" {
		return false
	}
	id, err := strconv.ParseInt(raw, 10, 64)
	if err != nil {
		return false
	}
	// The reader's own write, perhaps a moment ago: from the primary.
	c, err := s.comments.Unapproved(store.Primary(r.Context()), id, hash)
	if err != nil || c.ArticleID != v.Article.ID || c.Status == content.CommentApproved {
		return false
	}
	pending := newCommentView(c, zone, false)
	pending.Pending = true
	if parent := findComment(v.Comments, c.ParentID); parent != nil {
		parent.Replies = append(parent.Replies, pending)
	} else {
		v.Comments = append(v.Comments, pending)
	}
	return true
}

// findComment finds comment id in a thread, at any depth.
func findComment(list []*commentView, id int64) *commentView {
	for _, c := range list {
		if c.ID == id {
			return c
		}
		if found := findComment(c.Replies, id); found != nil {
			return found
		}
	}
	return nil
}

type unsubscribeView struct {
	layout
	Comment string
	Token   string
	Done    bool
	Problem string
}

// unsubscribe asks before it acts: mail scanners open links, and only a
// person (or a one-click List-Unsubscribe-Post from a mail client) posts.
func (s *Site) unsubscribe(w http.ResponseWriter, r *http.Request) error {
	if s.comments == nil {
		return errNotFound()
	}
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	v := unsubscribeView{layout: s.newLayout(d, pageTitle(d, "Stop reply notifications"), "", "/comments/unsubscribe", "")}
	v.Robots, v.maxAge = "noindex", 0
	v.Comment, v.Token = r.FormValue("c"), r.FormValue("t")
	if r.Method == http.MethodPost {
		id, _ := strconv.ParseInt(v.Comment, 10, 64)
		if err := s.comments.Unsubscribe(r.Context(), id, v.Token); err != nil {
			if !errors.Is(err, comments.ErrBadLink) {
				return err
			}
			v.Problem = "This link is not valid any more."
			return s.render(w, http.StatusBadRequest, "unsubscribe", &v)
		}
		v.Done = true
	}
	return s.render(w, http.StatusOK, "unsubscribe", &v)
}
