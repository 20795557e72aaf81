package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
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
