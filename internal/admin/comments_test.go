package admin_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"dateline/internal/admin"
	"dateline/internal/auth"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
)

// The comment service is what serve hands the newsroom.
var _ admin.Moderator = (*comments.Service)(nil)

// bangkok is the test site's zone.
var bangkok, _ = time.LoadLocation("Asia/Bangkok")

// discussion is a newsroom with the comment service wired in as serve
// wires it: the policy read from the "comments" setting on every post.
type discussion struct {
	*room
	svc     *comments.Service
	article content.Article
	other   content.Article
}

func newDiscussion(t *testing.T) *discussion {
	t.Helper()
	d := &discussion{}
	d.room = newNewsroom(t, func(cfg *admin.Config) {
		st := cfg.Store.(store.Store) // the whole store under test, for the comment service
		policy := func(ctx context.Context) (comments.Policy, error) {
			raw, err := st.Setting(ctx, "comments")
			if errors.Is(err, store.ErrNotFound) {
				return comments.DefaultPolicy(), nil
			}
			if err != nil {
				return comments.Policy{}, err
			}
			return comments.ParsePolicy(raw)
		}
		svc, err := comments.New(st, comments.Config{Secret: []byte("a test secret of thirty-two byte"),
			Policy: policy, Now: cfg.Now, RateLimit: 1000})
		must(t, err)
		d.svc, cfg.Comments = svc, svc
	})
	d.article = d.openArticle("Talks in Geneva")
	d.other = d.openArticle("Rice prices climb")
	return d
}

// openArticle publishes an article that takes comments.
func (d *discussion) openArticle(title string) content.Article {
	d.t.Helper()
	a := content.Article{Kind: content.KindPost, Title: title, Source: "Text of " + title + ".", Format: content.FormatMarkdown,
		Status: content.StatusPublished, PublishedAt: start.Add(-time.Hour), Author: d.members[content.RoleAuthor],
		Category: d.world, CommentsOpen: true}
	must(d.t, render.Prepare(&a))
	must(d.t, d.st.CreateArticle(context.Background(), &a))
	return a
}

// comment stores a reader's comment, written ago before the start.
func (d *discussion) comment(a content.Article, name string, status content.CommentStatus, ago time.Duration) content.Comment {
	d.t.Helper()
	first := strings.ToLower(strings.Fields(name)[0])
	c := content.Comment{ArticleID: a.ID, AuthorName: name, AuthorEmail: first + "@example.net",
		AuthorURL: "https://" + first + ".example.net/", Body: "Words from " + name + ".", Status: status,
		CreatedAt: start.Add(-ago), IPHash: "addresshash0123456789"}
	must(d.t, d.st.CreateComment(context.Background(), &c))
	return c
}

func (d *discussion) status(id int64) content.CommentStatus {
	d.t.Helper()
	c, err := d.st.CommentByID(context.Background(), id)
	must(d.t, err)
	return c.Status
}

func (d *discussion) count(a content.Article) int {
	d.t.Helper()
	got, err := d.st.ArticleByID(context.Background(), a.ID)
	must(d.t, err)
	return got.CommentCount
}

// rowIDs are the comments listed in the queue, top to bottom.
func rowIDs(w *httptest.ResponseRecorder, t *testing.T) []string {
	t.Helper()
	var ids []string
	for _, tr := range all(page(t, w), "#comments tbody tr") {
		ids = append(ids, strings.TrimPrefix(attr(tr, "id"), "c"))
	}
	return ids
}

func ids(list ...content.Comment) []string {
	out := []string{}
	for _, c := range list {
		out = append(out, itoa(c.ID))
	}
	return out
}

func TestCommentQueueListsAndFilters(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	held := d.comment(d.article, "Somchai Jaidee", content.CommentPending, time.Minute)
	shown := d.comment(d.article, "Anna Berg", content.CommentApproved, 2*time.Minute)
	spam := d.comment(d.article, "Cheap Pills", content.CommentSpam, 3*time.Minute)
	binned := d.comment(d.other, "Old Troll", content.CommentTrash, 4*time.Minute)
	elsewhere := d.comment(d.other, "Mai Tran", content.CommentApproved, 5*time.Minute)
	b := d.signIn(content.RoleEditor)

	cases := []struct {
		name, query string
		want        []string
		current     string
	}{
		{"All lists pending and approved comments, newest first", "", ids(held, shown, elsewhere), "All (3)"},
		{"Pending lists only held comments", "?status=pending", ids(held), "Pending (1)"},
		{"Approved lists only approved comments", "?status=approved", ids(shown, elsewhere), "Approved (2)"},
		{"Spam lists only spam", "?status=spam", ids(spam), "Spam (1)"},
		{"Trash lists only the trash", "?status=trash", ids(binned), "Trash (1)"},
		{"an article's comments", "?article=" + itoa(d.other.ID), ids(elsewhere), "All"},
		{"an article's trash", "?status=trash&article=" + itoa(d.other.ID), ids(binned), "Trash"},
		{"an article's spam when it has none", "?status=spam&article=" + itoa(d.other.ID), []string{}, "Spam"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := b.get("/admin/comments/" + tc.query)
			wantStatus(t, w, http.StatusOK)
			if got := rowIDs(w, t); !equal(got, tc.want...) {
				t.Errorf("rows = %q, want %q", got, tc.want)
			}
			doc := page(t, w)
			if got := text(first(doc, ".status-tabs a[aria-current=page]")); got != tc.current {
				t.Errorf("current tab = %q, want %q", got, tc.current)
			}
			checkLabels(t, doc)
			if len(tc.want) == 0 && first(doc, "#no-comments") == nil {
				t.Errorf("an empty queue does not say so")
			}
		})
	}

	doc := page(t, b.get("/admin/comments/?article="+itoa(d.other.ID)))
	if got := text(first(doc, "h1")); got != "Comments on “Rice prices climb”" {
		t.Errorf("filtered heading = %q", got)
	}
	row := first(page(t, b.get("/admin/comments/")), "#c"+itoa(held.ID))
	for sel, want := range map[string]string{
		".avatar":         "SJ",
		".author-name":    "Somchai Jaidee",
		".author-email":   "somchai@example.net",
		".author-site a":  "https://somchai.example.net/",
		".comment-text":   "Words from Somchai Jaidee.",
		".comment-status": "Pending",
		"td.article a":    "Talks in Geneva",
		"time":            "14 Jul 2025, 09:59", // 02:59 UTC in Bangkok
	} {
		if got := text(first(row, sel)); got != want {
			t.Errorf("%s = %q, want %q", sel, got, want)
		}
	}
	if rel := attr(first(row, ".author-site a"), "rel"); !strings.Contains(rel, "nofollow") {
		t.Errorf("the commenter's website is followed: rel=%q", rel)
	}
	if got := attr(first(row, "td.article a"), "href"); got != "/admin/comments/?article="+itoa(d.article.ID) {
		t.Errorf("article filter link = %q", got)
	}
	if got := texts(all(row, ".row-actions button")); !equal(got, "Approve the comment by Somchai Jaidee",
		"Spam the comment by Somchai Jaidee", "Trash the comment by Somchai Jaidee") {
		t.Errorf("actions of a held comment = %q", got)
	}
	if body := b.get("/admin/comments/").Body.String(); strings.Contains(body, "addresshash0123456789") {
		t.Errorf("the queue shows the address hash")
	}
}

func TestCommentQueueIsPaginated(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	var made []content.Comment
	for i := range 23 {
		made = append(made, d.comment(d.article, fmt.Sprintf("Reader %d", i), content.CommentPending, time.Duration(i)*time.Minute))
	}
	b := d.signIn(content.RoleEditor)
	w := b.get("/admin/comments/?status=pending")
	if got := rowIDs(w, t); !equal(got, ids(made[:20]...)...) {
		t.Errorf("first page = %q", got)
	}
	next := attr(first(page(t, w), ".pager a[rel=next]"), "href")
	if next != "/admin/comments/?page=2&status=pending" {
		t.Fatalf("next page link = %q", next)
	}
	w = b.get(next)
	if got := rowIDs(w, t); !equal(got, ids(made[20:]...)...) {
		t.Errorf("second page = %q", got)
	}
	doc := page(t, w)
	if first(doc, ".pager a[rel=next]") != nil || attr(first(doc, ".pager a[rel=prev]"), "href") != "/admin/comments/?status=pending" {
		t.Errorf("second page links: %q", texts(all(doc, ".pager a")))
	}
	if got := value(doc, "page"); got != "2" {
		t.Errorf("the bulk form forgets the page: %q", got)
	}
}

func TestCommentQueueRefusesBadFilters(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	b := d.signIn(content.RoleEditor)
	for _, tc := range []struct {
		query   string
		status  int
		message string
	}{
		{"?status=deleted", http.StatusBadRequest, admin.CommentStatusUnknown},
		{"?article=Geneva", http.StatusBadRequest, admin.ArticleNumberInvalid},
		{"?article=-3", http.StatusBadRequest, admin.ArticleNumberInvalid},
		{"?article=99999", http.StatusNotFound, "There is nothing at this address."},
	} {
		w := b.get("/admin/comments/" + tc.query)
		wantStatus(t, w, tc.status)
		if got := text(first(page(t, w), "main p")); got != tc.message {
			t.Errorf("%s: message = %q", tc.query, got)
		}
	}
	wantStatus(t, b.get("/admin/comments/?page=banana"), http.StatusOK)
}

func TestEachModerationActionMovesTheCommentAndTheCount(t *testing.T) {
	t.Parallel()
	cases := []struct {
		action     string
		from, to   content.CommentStatus
		countAfter int // approved comments on the article after the action
		notice     string
	}{
		{"approve", content.CommentPending, content.CommentApproved, 1, "1 comment approved."},
		{"unapprove", content.CommentApproved, content.CommentPending, 0, "1 comment sent back to Pending."},
		{"spam", content.CommentApproved, content.CommentSpam, 0, "1 comment marked as spam."},
		{"trash", content.CommentApproved, content.CommentTrash, 0, "1 comment moved to the trash."},
		{"restore", content.CommentTrash, content.CommentPending, 0, "1 comment restored to Pending."},
		{"restore", content.CommentSpam, content.CommentPending, 0, "1 comment restored to Pending."},
		{"approve", content.CommentSpam, content.CommentApproved, 1, "1 comment approved."},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%s a comment in %s", tc.action, tc.from), func(t *testing.T) {
			t.Parallel()
			d := newDiscussion(t)
			c := d.comment(d.article, "Anna Berg", tc.from, time.Minute)
			b := d.signIn(content.RoleEditor)
			filter := url.Values{"status": {string(tc.from)}, "article": {itoa(d.article.ID)}}
			w := b.post(fmt.Sprintf("/admin/comments/%d/%s", c.ID, tc.action), filter)
			back := "/admin/comments/?article=" + itoa(d.article.ID) + "&moderated=" + tc.action + "&n=1&status=" + string(tc.from)
			wantRedirect(t, w, back)
			if got := d.status(c.ID); got != tc.to {
				t.Errorf("status = %s, want %s", got, tc.to)
			}
			if got := d.count(d.article); got != tc.countAfter {
				t.Errorf("comment count = %d, want %d", got, tc.countAfter)
			}
			if got := text(first(page(t, b.get(back)), ".notice")); got != tc.notice {
				t.Errorf("notice = %q, want %q", got, tc.notice)
			}
		})
	}
}

func TestModerationActionsRefuseNonsense(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	c := d.comment(d.article, "Anna Berg", content.CommentPending, time.Minute)
	b := d.signIn(content.RoleEditor)
	for _, tc := range []struct {
		path   string
		form   url.Values
		status int
	}{
		{"/admin/comments/" + itoa(c.ID) + "/delete", nil, http.StatusNotFound},
		{"/admin/comments/99999/approve", nil, http.StatusNotFound},
		{"/admin/comments/abc/approve", nil, http.StatusNotFound},
		{"/admin/comments/" + itoa(c.ID) + "/approve", url.Values{"status": {"gone"}}, http.StatusBadRequest},
		{"/admin/comments/bulk", url.Values{"action": {"approve"}, "ids": {"1; DROP TABLE comments"}}, http.StatusBadRequest},
	} {
		wantStatus(t, b.post(tc.path, tc.form), tc.status)
	}
	huge := url.Values{"comment": {strings.Repeat("ü", 200<<10)}}.Encode()
	for _, tc := range []struct {
		path, body string
		status     int
		message    string
	}{
		{"/admin/comments/" + itoa(c.ID) + "/edit", huge, http.StatusRequestEntityTooLarge, admin.FormTooLarge},
		{"/admin/comments/" + itoa(c.ID) + "/reply", huge, http.StatusRequestEntityTooLarge, admin.FormTooLarge},
		{"/admin/comments/bulk", "action=approve&ids=" + strings.Repeat(itoa(c.ID)+"&ids=", 20000), http.StatusRequestEntityTooLarge, admin.FormTooLarge},
		{"/admin/comments/" + itoa(c.ID) + "/edit", "comment=%zz", http.StatusBadRequest, admin.FormUnreadable},
		{"/admin/comments/" + itoa(c.ID) + "/approve", "status=%zz", http.StatusBadRequest, admin.FormUnreadable},
	} {
		r := httptest.NewRequest("POST", "https://news.example"+tc.path, strings.NewReader(tc.body))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		w := b.do(r)
		wantStatus(t, w, tc.status)
		if got := text(first(page(t, w), "main p")); got != tc.message {
			t.Errorf("%s: message = %q", tc.path, got)
		}
	}
	stored, err := d.st.CommentByID(context.Background(), c.ID)
	must(t, err)
	if stored.Status != content.CommentPending || stored.Body != c.Body {
		t.Errorf("a refused action changed the comment: %+v", stored)
	}
	if list, _ := d.st.ApprovedComments(context.Background(), d.article.ID); len(list) != 0 {
		t.Errorf("a refused reply was stored: %+v", list)
	}
}

func TestBulkModeration(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	var held []content.Comment
	for i := range 3 {
		held = append(held, d.comment(d.article, fmt.Sprintf("Reader %d", i), content.CommentPending, time.Duration(i+1)*time.Minute))
	}
	untouched := d.comment(d.article, "Somchai Jaidee", content.CommentPending, 10*time.Minute)
	b := d.signIn(content.RoleEditor)
	chosen := ids(held...)

	w := b.post("/admin/comments/bulk", url.Values{"action": {""}, "ids": chosen, "status": {"pending"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := text(first(page(t, w), "#problem")); got != admin.NoBulkAction {
		t.Errorf("no action: %q", got)
	}
	w = b.post("/admin/comments/bulk", url.Values{"action": {"approve"}, "status": {"pending"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc := page(t, w)
	if got := text(first(doc, "#problem")); got != admin.NoCommentsChosen {
		t.Errorf("nothing chosen: %q", got)
	}
	if got := value(doc, "bulk-action"); got != "approve" {
		t.Errorf("the refused form forgot the action: %q", got)
	}
	if d.count(d.article) != 0 {
		t.Fatalf("a refused bulk action approved comments")
	}

	w = b.post("/admin/comments/bulk", url.Values{"action": {"approve"}, "ids": chosen, "status": {"pending"}})
	wantRedirect(t, w, "/admin/comments/?moderated=approve&n=3&status=pending")
	if got := text(first(page(t, b.get(w.Header().Get("Location"))), ".notice")); got != "3 comments approved." {
		t.Errorf("notice = %q", got)
	}
	for _, c := range held {
		if got := d.status(c.ID); got != content.CommentApproved {
			t.Errorf("comment %d is %s", c.ID, got)
		}
	}
	if d.status(untouched.ID) != content.CommentPending || d.count(d.article) != 3 {
		t.Errorf("bulk approve reached past the chosen: count %d", d.count(d.article))
	}

	// Approving again changes nothing, and says so.
	w = b.post("/admin/comments/bulk", url.Values{"action": {"approve"}, "ids": chosen[:1]})
	if got := text(first(page(t, b.get(w.Header().Get("Location"))), ".notice")); got != "No comments changed: they were approved already." {
		t.Errorf("notice = %q", got)
	}
	w = b.post("/admin/comments/bulk", url.Values{"action": {"trash"}, "ids": append(chosen, itoa(untouched.ID))})
	wantRedirect(t, w, "/admin/comments/?moderated=trash&n=4")
	if d.count(d.article) != 0 {
		t.Errorf("trashed comments still count: %d", d.count(d.article))
	}
}

func TestEditingACommentKeepsTheTextOnMistakes(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	c := d.comment(d.article, "Anna Berg", content.CommentApproved, time.Minute)
	b := d.signIn(content.RoleEditor)
	path := "/admin/comments/" + itoa(c.ID) + "/edit"
	doc := page(t, b.get(path+"?status=approved"))
	checkLabels(t, doc)
	if got := value(doc, "comment"); got != c.Body {
		t.Errorf("edit form holds %q", got)
	}
	if got := value(doc, "status"); got != "approved" {
		t.Errorf("the edit form forgets the queue's filter: %q", got)
	}

	tooLong := strings.Repeat("word ", comments.MaxComment/5) + "more"
	for _, tc := range []struct {
		name, typed, message string
	}{
		{"an empty text", "   ", "Please enter your comment!"},
		{"a text over the limit", tooLong, fmt.Sprintf("Your comment is too long (at most %d characters).", comments.MaxComment)},
		{"a text with unreadable bytes", "caf\xe9", "Your comment contains characters that cannot be read. Please type it again."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := b.post(path, url.Values{"comment": {tc.typed}, "status": {"approved"}})
			wantStatus(t, w, http.StatusUnprocessableEntity)
			doc := page(t, w)
			if got := fieldError(doc, "comment"); got != tc.message {
				t.Errorf("message = %q, want %q", got, tc.message)
			}
			if got := value(doc, "comment"); strings.TrimSpace(got) != strings.TrimSpace(strings.ToValidUTF8(tc.typed, "\uFFFD")) {
				t.Errorf("the form lost the text: %.40q", got)
			}
			if attr(first(doc, "#comment"), "aria-invalid") != "true" {
				t.Errorf("the field is not marked invalid")
			}
		})
	}
	stored, err := d.st.CommentByID(context.Background(), c.ID)
	must(t, err)
	if stored.Body != c.Body {
		t.Fatalf("a refused edit changed the text to %q", stored.Body)
	}

	wantRedirect(t, b.post(path, url.Values{"comment": {"  Corrected words.\r\nSecond line.  "}, "status": {"approved"}}),
		"/admin/comments/?moderated=edit&n=1&status=approved")
	stored, err = d.st.CommentByID(context.Background(), c.ID)
	must(t, err)
	if stored.Body != "Corrected words.\nSecond line." || stored.Status != content.CommentApproved {
		t.Errorf("stored %q (%s)", stored.Body, stored.Status)
	}
	wantStatus(t, b.get("/admin/comments/99999/edit"), http.StatusNotFound)
}

func TestStaffReplyAppearsAtOnceMarkedAsStaff(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	parent := d.comment(d.article, "Anna Berg", content.CommentPending, time.Minute)
	spam := d.comment(d.article, "Cheap Pills", content.CommentSpam, time.Minute)
	b := d.signIn(content.RoleEditor)
	path := "/admin/comments/" + itoa(parent.ID) + "/reply"
	doc := page(t, b.get(path))
	checkLabels(t, doc)
	if got := text(first(doc, "#replying-to")); got != parent.Body {
		t.Errorf("the reply page shows %q", got)
	}

	w := b.post(path, url.Values{"comment": {""}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "comment"); got != "Please enter your comment!" {
		t.Errorf("empty reply: %q", got)
	}
	w = b.post("/admin/comments/"+itoa(spam.ID)+"/reply", url.Values{"comment": {"Thanks!"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc = page(t, w)
	if got := text(first(doc, "#problem")); got != comments.ErrBadParent.Message || value(doc, "comment") != "Thanks!" {
		t.Errorf("reply to spam: %q, text %q", got, value(doc, "comment"))
	}

	before := page(t, b.get(d.article.Path(bangkok)))
	if len(all(before, "li.comment")) != 0 {
		t.Fatalf("the article shows comments before any was approved")
	}
	wantRedirect(t, b.post(path, url.Values{"comment": {"Thank you, we have corrected the figure."}, "status": {"pending"}}),
		"/admin/comments/?moderated=reply&n=1&status=pending")
	list, err := d.st.ApprovedComments(context.Background(), d.article.ID)
	must(t, err)
	if len(list) != 2 {
		t.Fatalf("approved comments = %+v", list)
	}
	reply := list[1]
	if reply.ParentID != parent.ID || reply.UserID != d.members[content.RoleEditor].ID || reply.AuthorName != "Eddie Editor" {
		t.Errorf("stored reply %+v", reply)
	}
	if d.count(d.article) != 2 {
		t.Errorf("comment count = %d: replying approves the held parent", d.count(d.article))
	}
	public := page(t, b.get(d.article.Path(bangkok)))
	li := first(public, "#comment-"+itoa(reply.ID))
	if li == nil || text(first(li, ".staff")) != "Staff" {
		t.Errorf("the reply is not on the article page marked as staff")
	}
}

// TestModerationRoutesAskForTheRole checks every moderation route as each
// role that may not use it, and signed out.
func TestModerationRoutesAskForTheRole(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	c := d.comment(d.article, "Anna Berg", content.CommentPending, time.Minute)
	id := itoa(c.ID)
	routes := []struct {
		method, path string
		form         url.Values
		act          auth.Action
	}{
		{"GET", "/admin/comments/", nil, auth.ActModerateComments},
		{"GET", "/admin/comments/?status=spam", nil, auth.ActModerateComments},
		{"POST", "/admin/comments/bulk", url.Values{"action": {"trash"}, "ids": {id}}, auth.ActModerateComments},
		{"GET", "/admin/comments/" + id + "/edit", nil, auth.ActModerateComments},
		{"POST", "/admin/comments/" + id + "/edit", url.Values{"comment": {"Rewritten."}}, auth.ActModerateComments},
		{"GET", "/admin/comments/" + id + "/reply", nil, auth.ActModerateComments},
		{"POST", "/admin/comments/" + id + "/reply", url.Values{"comment": {"Reply."}}, auth.ActModerateComments},
		{"GET", "/admin/comments/settings", nil, auth.ActManageSettings},
		{"POST", "/admin/comments/settings", url.Values{"mode": {"approve_all"}, "max_depth": {"3"}}, auth.ActManageSettings},
	}
	for _, action := range []string{"approve", "unapprove", "spam", "trash", "restore"} {
		routes = append(routes, struct {
			method, path string
			form         url.Values
			act          auth.Action
		}{"POST", "/admin/comments/" + id + "/" + action, nil, auth.ActModerateComments})
	}
	browsers := map[content.Role]*browser{}
	for _, role := range roles {
		browsers[role] = d.signIn(role)
	}
	for _, tc := range routes {
		for _, role := range roles {
			if auth.Can(role, tc.act) {
				continue
			}
			t.Run(fmt.Sprintf("%s %s as %s", tc.method, tc.path, role), func(t *testing.T) {
				w := browsers[role].get(tc.path)
				if tc.method == "POST" {
					w = browsers[role].post(tc.path, tc.form)
				}
				wantStatus(t, w, http.StatusForbidden)
				if got := text(first(page(t, w), "h1")); got != "Not allowed" {
					t.Errorf("heading = %q", got)
				}
			})
		}
		t.Run(fmt.Sprintf("%s %s signed out", tc.method, tc.path), func(t *testing.T) {
			b := d.browser()
			if tc.method == "GET" {
				w := b.get(tc.path)
				if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/login?next=") {
					t.Fatalf("got %d to %q, want the sign-in page", w.Code, w.Header().Get("Location"))
				}
				return
			}
			wantStatus(t, b.post(tc.path, tc.form), http.StatusUnauthorized)
		})
	}
	stored, err := d.st.CommentByID(context.Background(), c.ID)
	must(t, err)
	if stored.Status != content.CommentPending || stored.Body != c.Body {
		t.Errorf("a refused member changed the comment: %+v", stored)
	}
	if list, _ := d.st.ApprovedComments(context.Background(), d.article.ID); len(list) != 0 {
		t.Errorf("a refused member replied: %+v", list)
	}
	if _, err := d.st.Setting(context.Background(), "comments"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused member saved the settings: %v", err)
	}

	// Editors and admins may moderate; the settings are the admin's.
	for _, role := range []content.Role{content.RoleEditor, content.RoleAdmin} {
		wantStatus(t, browsers[role].get("/admin/comments/"), http.StatusOK)
	}
	wantStatus(t, browsers[content.RoleEditor].get("/admin/comments/settings"), http.StatusForbidden)
	wantStatus(t, browsers[content.RoleAdmin].get("/admin/comments/settings"), http.StatusOK)
}

func TestCrossSiteModerationIsRefused(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	c := d.comment(d.article, "Anna Berg", content.CommentPending, time.Minute)
	b := d.signIn(content.RoleEditor)
	for _, path := range []string{"/admin/comments/" + itoa(c.ID) + "/approve", "/admin/comments/bulk"} {
		form := url.Values{"action": {"approve"}, "ids": {itoa(c.ID)}}
		r := httptest.NewRequest("POST", "https://news.example"+path, strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "cross-site")
		w := b.do(r)
		wantStatus(t, w, http.StatusForbidden)
		if !strings.Contains(w.Body.String(), auth.CrossSiteRefused) {
			t.Errorf("%s: body = %q", path, w.Body)
		}
	}
	if got := d.status(c.ID); got != content.CommentPending {
		t.Errorf("a cross-site form moderated the comment: %s", got)
	}
}

func TestMenuShowsCommentsWaiting(t *testing.T) {
	t.Parallel()
	d := newDiscussion(t)
	for i := range 2 {
		d.comment(d.article, fmt.Sprintf("Reader %d", i), content.CommentPending, time.Minute)
	}
	d.comment(d.article, "Anna Berg", content.CommentApproved, time.Minute)
	doc := page(t, d.signIn(content.RoleEditor).get("/admin/profile"))
	if got := text(first(doc, "nav.nav a[href=/admin/comments/]")); got != "Comments 2 waiting" {
		t.Errorf("menu entry = %q", got)
	}
}
