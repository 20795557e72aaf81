package admin

import (
	"net/url"
	"strconv"

	"dateline/internal/content"
)

// queueFilter is the view of the queue a moderator is looking at. Every
// action carries it, so that the moderator comes back to the same view.
type queueFilter struct {
	Status  content.CommentStatus // "" lists pending and approved
	Article int64
	Page    int
}

// readQueueFilter reads the filter from the address or a form; a status
// or article that is not one is refused, a page that is not one is the
// first.
func readQueueFilter(get func(string) string) (queueFilter, error) {
	f := queueFilter{Page: 1}
	switch s := content.CommentStatus(get("status")); s {
	case "", "all":
	case content.CommentPending, content.CommentApproved, content.CommentSpam, content.CommentTrash:
		f.Status = s
	default:
		return f, errBadRequest(CommentStatusUnknown)
	}
	if s := get("article"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return f, errBadRequest(ArticleNumberInvalid)
		}
		f.Article = id
	}
	if p, err := strconv.Atoi(get("page")); err == nil && p > 1 {
		f.Page = min(p, 100000)
	}
	return f, nil
}

func (f queueFilter) values() url.Values {
	v := url.Values{}
	if f.Status != "" {
		v.Set("status", string(f.Status))
	}
	if f.Article != 0 {
		v.Set("article", strconv.FormatInt(f.Article, 10))
	}
	if f.Page > 1 {
		v.Set("page", strconv.Itoa(f.Page))
	}
	return v
}

// URL is the queue's address for the filter, with extra parameters.
func (f queueFilter) URL(extra url.Values) string {
	v := f.values()
	for k, vals := range extra {
		v[k] = vals
	}
	if len(v) == 0 {
		return "/admin/comments/"
	}
	return "/admin/comments/?" + v.Encode()
}

// Back is the queue's address for the filter.
func (f queueFilter) Back() string { return f.URL(nil) }

// Query is the filter as a query string, for links to the edit and reply
// pages.
func (f queueFilter) Query() string {
	if v := f.values(); len(v) > 0 {
		return "?" + v.Encode()
	}
	return ""
}

// StatusValue, ArticleValue and PageValue are the filter as hidden form
// fields.
func (f queueFilter) StatusValue() string { return string(f.Status) }

func (f queueFilter) ArticleValue() string {
	if f.Article == 0 {
		return ""
	}
	return strconv.FormatInt(f.Article, 10)
}

func (f queueFilter) PageValue() string {
	if f.Page <= 1 {
		return ""
	}
	return strconv.Itoa(f.Page)
}

// doneURL is where an action sends the moderator: back to their view,
// with what was done for the confirmation.
func (f queueFilter) doneURL(what string, n int) string {
	return f.URL(url.Values{"moderated": {what}, "n": {strconv.Itoa(n)}})
}

// moderatedNotice confirms what the last action did. It is built from
// fixed words and a number only, never from text in the address.
func moderatedNotice(q url.Values) string {
	what := q.Get("moderated")
	switch what {
	case "":
		return ""
	case "edit":
		return "The comment is saved."
	case "reply":
		return "Your reply is published under the comment, marked as from the staff."
	}
	mod, ok := moderationNamed(what)
	if !ok {
		return ""
	}
	n, err := strconv.Atoi(q.Get("n"))
	switch {
	case err != nil || n < 0:
		return ""
	case n == 0:
		return "No comments changed: they were " + mod.done + " already."
	case n == 1:
		return "1 comment " + mod.done + "."
	}
	return strconv.Itoa(n) + " comments " + mod.done + "."
}
