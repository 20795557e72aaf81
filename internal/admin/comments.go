package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Moderator is the comment moderation the newsroom's queue works with;
// *comments.Service is one. Every method checks the member's role itself,
// so the queue's own role check is a second line, not the only one.
type Moderator interface {
	Queue(ctx context.Context, user content.User, f store.CommentFilter) ([]store.CommentOn, error)
	Comment(ctx context.Context, user content.User, id int64) (content.Comment, error)
	SetStatus(ctx context.Context, user content.User, id int64, status content.CommentStatus) error
	Edit(ctx context.Context, user content.User, id int64, body string) error
	ReplyAsStaff(ctx context.Context, user content.User, parentID int64, body string) (content.Comment, error)
	Bulk(ctx context.Context, user content.User, ids []int64, status content.CommentStatus) (int, error)
}

// commentCounts is the store method the queue's tabs count with, when
// the store has it (store.Moderation).
type commentCounts interface {
	CountComments(ctx context.Context, status content.CommentStatus) (int, error)
}

// articleFinder is the store method the queue uses, when the store has it
// (store.Articles), to name the article a filter or a comment belongs to.
type articleFinder interface {
	ArticleByID(ctx context.Context, id int64) (content.Article, error)
}

// commentsPerPage is the length of the queue's pages.
const commentsPerPage = 20

// Messages of the moderation queue.
const (
	CommentStatusUnknown = "That is not a comment status. Choose All, Pending, Approved, Spam or Trash."
	ArticleNumberInvalid = "That is not an article number."
	CommentNumberInvalid = "That is not a comment number. Please reload the page and try again."
	NoCommentsChosen     = "Choose at least one comment first."
	NoBulkAction         = "Choose what to do with the chosen comments."
)

// moderation is one thing a moderator can do to a comment's status, by
// the name its button and the bulk menu send.
type moderation struct {
	Name   string
	Label  string // on the row's button
	Menu   string // in the bulk menu
	Status content.CommentStatus
	done   string // after the count: "3 comments approved."
}

var moderations = []moderation{
	{"approve", "Approve", "Approve", content.CommentApproved, "approved"},
	{"unapprove", "Unapprove", "Unapprove (back to Pending)", content.CommentPending, "sent back to Pending"},
	{"spam", "Spam", "Mark as spam", content.CommentSpam, "marked as spam"},
	{"trash", "Trash", "Move to the trash", content.CommentTrash, "moved to the trash"},
	{"restore", "Restore", "Restore to Pending", content.CommentPending, "restored to Pending"},
}

func moderationNamed(name string) (moderation, bool) {
	for _, mod := range moderations {
		if mod.Name == name {
			return mod, true
		}
	}
	return moderation{}, false
}

// rowActions are the buttons each status offers. Restoring puts a comment
// back in Pending rather than where it was, since nobody recorded that; one
// more click approves it.
var rowActions = map[content.CommentStatus][]string{
	content.CommentPending:  {"approve", "spam", "trash"},
	content.CommentApproved: {"unapprove", "spam", "trash"},
	content.CommentSpam:     {"restore", "trash"},
	content.CommentTrash:    {"restore", "spam"},
}

var commentStatusNames = map[content.CommentStatus]string{
	content.CommentPending:  "Pending",
	content.CommentApproved: "Approved",
	content.CommentSpam:     "Spam",
	content.CommentTrash:    "Trash",
}

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

type queueTab struct {
	Name    string
	URL     string
	Count   int
	Counted bool
	Current bool
}

type queueRow struct {
	ID                  int64
	Initials            string
	Color               int
	Author, Email, Site string
	Linked              bool // Site is an http(s) address, shown as a link
	Body                string
	Status              string
	Staff               bool
	Created             time.Time
	ArticleTitle        string
	ArticleFilter       string // this article's comments in the queue
	ArticlePublic       string // the public page, when published
	Actions             []moderation
	CanReply            bool
}

type queueView struct {
	layout
	Filter       queueFilter
	Tabs         []queueTab
	ArticleTitle string // the article the queue is filtered by
	AllArticles  string // the same view without the article filter
	Rows         []queueRow
	Bulk         []moderation
	BulkAction   string
	Prev, Next   string
	CanSettings  bool
}

// withModerator shows the "not connected" page when the newsroom runs
// without a comment service.
func (a *Admin) withModerator(h pageFunc) pageFunc {
	return func(w http.ResponseWriter, r *http.Request, m *member) error {
		if a.comments == nil {
			return a.render(w, r, http.StatusOK, "notyet", notYetView{layout: a.layout(r, m, "Comments"), Name: "Comments"})
		}
		return h(w, r, m)
	}
}

// moderationErr turns the comment service's refusals into pages with
// their own status and words.
func moderationErr(err error) error {
	var ref *comments.Refusal
	if errors.As(err, &ref) {
		return &httpError{Status: ref.Status, Message: ref.Message}
	}
	return err
}

func (a *Admin) commentQueue(w http.ResponseWriter, r *http.Request, m *member) error {
	f, err := readQueueFilter(r.URL.Query().Get)
	if err != nil {
		return err
	}
	v, err := a.queueView(r, m, f)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "comments", v)
}

func (a *Admin) queueView(r *http.Request, m *member, f queueFilter) (queueView, error) {
	ctx := r.Context()
	v := queueView{layout: a.layout(r, m, "Comments"), Filter: f, Bulk: moderations, CanSettings: m.Can(auth.ActManageSettings)}
	v.Notice = moderatedNotice(r.URL.Query())
	if f.Article != 0 {
		title, err := a.articleTitle(ctx, f.Article)
		if err != nil {
			return v, err
		}
		v.ArticleTitle = title
		v.Title = "Comments on " + title
		v.AllArticles = queueFilter{Status: f.Status}.URL(nil)
	}
	tabs, err := a.queueTabs(ctx, f)
	if err != nil {
		return v, err
	}
	v.Tabs = tabs
	list, err := a.comments.Queue(ctx, m.User, store.CommentFilter{
		Status: f.Status, ArticleID: f.Article, Limit: commentsPerPage + 1, Offset: (f.Page - 1) * commentsPerPage,
	})
	if err != nil {
		return v, moderationErr(err)
	}
	if f.Page > 1 {
		prev := f
		prev.Page--
		v.Prev = prev.URL(nil)
	}
	if len(list) > commentsPerPage {
		next := f
		next.Page++
		list, v.Next = list[:commentsPerPage], next.URL(nil)
	}
	for _, c := range list {
		v.Rows = append(v.Rows, newQueueRow(c, m.Zone))
	}
	return v, nil
}

// articleTitle names the article a filter asks for; an article that does
// not exist is the 404 page.
func (a *Admin) articleTitle(ctx context.Context, id int64) (string, error) {
	finder, ok := a.store.(articleFinder)
	if !ok {
		return fmt.Sprintf("article %d", id), nil
	}
	art, err := finder.ArticleByID(ctx, id)
	if err != nil {
		return "", err
	}
	return art.Title, nil
}

// queueTabs are the status filters. The counts are the site's; they are
// left out on an article's queue, where they would not add up.
func (a *Admin) queueTabs(ctx context.Context, f queueFilter) ([]queueTab, error) {
	counts := map[content.CommentStatus]int{}
	counter, counted := a.store.(commentCounts)
	counted = counted && f.Article == 0
	if counted {
		for s := range commentStatusNames {
			n, err := counter.CountComments(ctx, s)
			if err != nil {
				return nil, err
			}
			counts[s] = n
		}
	}
	tabs := []queueTab{{Name: "All", URL: queueFilter{Article: f.Article}.URL(nil), Counted: counted,
		Count: counts[content.CommentPending] + counts[content.CommentApproved], Current: f.Status == ""}}
	for _, s := range []content.CommentStatus{content.CommentPending, content.CommentApproved, content.CommentSpam, content.CommentTrash} {
		tabs = append(tabs, queueTab{Name: commentStatusNames[s], URL: queueFilter{Status: s, Article: f.Article}.URL(nil),
			Count: counts[s], Counted: counted, Current: f.Status == s})
	}
	return tabs, nil
}

func newQueueRow(c store.CommentOn, zone *time.Location) queueRow {
	row := queueRow{
		ID:     c.ID,
		Author: shownText(c.AuthorName), Email: shownText(c.AuthorEmail), Site: shownText(c.AuthorURL), Body: shownText(c.Body),
		Status: commentStatusNames[c.Status], Staff: c.UserID != 0, Created: c.CreatedAt,
		ArticleTitle:  c.Article.Title,
		ArticleFilter: queueFilter{Article: c.ArticleID}.URL(nil),
		CanReply:      c.Status == content.CommentPending || c.Status == content.CommentApproved,
	}
	row.Initials, row.Color = comments.Avatar(c.AuthorName)
	lower := strings.ToLower(c.AuthorURL)
	row.Linked = strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "http://")
	if c.Article.IsPublic() {
		row.ArticlePublic = c.Article.Path(zone) + "#comment-" + strconv.FormatInt(c.ID, 10)
	}
	for _, name := range rowActions[c.Status] {
		mod, _ := moderationNamed(name)
		if name == "restore" && c.Status == content.CommentSpam {
			mod.Label = "Not spam"
		}
		row.Actions = append(row.Actions, mod)
	}
	return row
}

// pendingComments counts the comments waiting for a moderator, for the
// newsroom's menu: one count on an index. A failure only hides the number.
func (a *Admin) pendingComments(r *http.Request) int {
	counter, ok := a.store.(commentCounts)
	if !ok || a.comments == nil {
		return 0
	}
	n, err := counter.CountComments(r.Context(), content.CommentPending)
	if err != nil {
		a.log.Warn("count pending comments", slog.Any("err", err))
		return 0
	}
	return n
}

// Bounds on the bodies of the moderation forms: a page of ticked boxes,
// and a comment's text (8000 characters of up to four bytes, escaped).
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
		return &httpError{http.StatusRequestEntityTooLarge, FormTooLarge}
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
