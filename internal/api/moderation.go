package api

import (
	"net/http"
	"strconv"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Comment is a reader's comment as a moderator sees it.
type Comment struct {
	ID          int64          `json:"id"`
	Article     CommentArticle `json:"article"`
	ParentID    int64          `json:"parent_id,omitempty"`
	AuthorName  string         `json:"author_name"`
	AuthorEmail string         `json:"author_email"`
	AuthorURL   string         `json:"author_url,omitempty"`
	Body        string         `json:"body"`
	Status      string         `json:"status"`
	CreatedAt   *string        `json:"created_at"`
}

// CommentArticle is the article a comment is on, enough for a link.
type CommentArticle struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	URL   string `json:"url"`
}

// commentPage is a list of comments; pass next_offset back as offset.
type commentPage struct {
	Items      []Comment `json:"items"`
	NextOffset *int      `json:"next_offset,omitempty"`
}

func (a *API) comment(c content.Comment, on content.Article, at siteURLs) Comment {
	return Comment{ID: c.ID, ParentID: c.ParentID, AuthorName: c.AuthorName, AuthorEmail: c.AuthorEmail,
		AuthorURL: c.AuthorURL, Body: c.Body, Status: string(c.Status), CreatedAt: stamp(c.CreatedAt),
		Article: CommentArticle{ID: on.ID, Title: on.Title, URL: at.abs(on.Path(at.zone))}}
}

func commentStatus(raw string) (content.CommentStatus, error) {
	s := content.CommentStatus(raw)
	switch s {
	case content.CommentPending, content.CommentApproved, content.CommentSpam, content.CommentTrash:
		return s, nil
	}
	return "", badField("status", `status must be one of "pending", "approved", "spam" or "trash".`)
}

// listComments answers GET /api/v1/comments for editors and admins:
// newest first, pending and approved ones unless status asks for another.
func (a *API) listComments(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.comments == nil {
		return unavailable("Comments")
	}
	v := r.URL.Query()
	var f store.CommentFilter
	if raw := v.Get("status"); raw != "" {
		s, err := commentStatus(raw)
		if err != nil {
			return err
		}
		f.Status = s
	}
	if raw := v.Get("article"); raw != "" {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id < 1 {
			return badField("article", "article must be an article's id.")
		}
		f.ArticleID = id
	}
	limit, err := readLimit(v)
	if err != nil {
		return err
	}
	if raw := v.Get("offset"); raw != "" {
		n, err := strconv.Atoi(raw)
		if err != nil || n < 0 || n > 100000 {
			return badField("offset", "offset must be a whole number from 0 to 100000.")
		}
		f.Offset = n
	}
	f.Limit = limit + 1 // one more, to know whether there is a next page
	list, err := a.comments.Queue(r.Context(), who, f)
	if err != nil {
		return err
	}
	zone, err := a.zone(r)
	if err != nil {
		return err
	}
	out := commentPage{Items: []Comment{}}
	if full(len(list), limit) {
		list = list[:limit]
		next := f.Offset + limit
		out.NextOffset = &next
	}
	for _, c := range list {
		out.Items = append(out.Items, a.comment(c.Comment, c.Article, zone))
	}
	return writeJSON(w, http.StatusOK, out)
}

// commentInput is the body of PATCH /api/v1/comments/{id}.
type commentInput struct {
	Status *string `json:"status"`
	Body   *string `json:"body"`
}

// patchComment answers PATCH /api/v1/comments/{id} for editors and admins:
// a new status (approve, hold, spam, trash) and or a corrected text.
func (a *API) patchComment(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.comments == nil {
		return unavailable("Comments")
	}
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return noComment
	}
	// The role and the comment are checked before the body is read.
	if _, err := a.comments.Comment(ctx, who, id); err != nil {
		return notFoundAs(err, noComment)
	}
	var in commentInput
	sent, err := readJSON(w, r, &in)
	if err != nil {
		return err
	}
	if len(sent) == 0 {
		return &Error{Status: http.StatusBadRequest, Code: "nothing_to_change", Message: `Send "status", "body" or both.`}
	}
	var m comments.Moderation
	if sent["status"] {
		if m.Status, err = commentStatus(deref(in.Status)); err != nil {
			return err
		}
	}
	if sent["body"] {
		body := deref(in.Body)
		m.Body = &body
	}
	// The text and the status are one change: both are stored, or neither.
	if err := a.comments.Moderate(ctx, who, id, m); err != nil {
		return err
	}
	c, err := a.comments.Comment(ctx, who, id)
	if err != nil {
		return err
	}
	on, err := a.store.ArticleByID(ctx, c.ArticleID)
	if err != nil {
		return err
	}
	zone, err := a.zone(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.comment(c, on, zone))
}

var noComment = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "There is no comment with that id."}
