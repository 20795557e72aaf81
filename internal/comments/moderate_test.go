package comments

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store"
)

func TestOnlyEditorsAndAdminsModerate(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	n := 0
	held := func() int64 {
		n++
		f := e.form(fmt.Sprintf("Waiting %d", n), from(fmt.Sprintf("r%d@example.com", n)))
		c, _, err := e.svc.Post(ctx, f, ClientInfo{Addr: fmt.Sprintf("198.51.100.%d", n)})
		must(t, err)
		return c.ID
	}
	actions := map[string]func(u content.User, id int64) error{
		"approve": func(u content.User, id int64) error { return e.svc.SetStatus(ctx, u, id, content.CommentApproved) },
		"edit":    func(u content.User, id int64) error { return e.svc.Edit(ctx, u, id, "Edited") },
		"reply": func(u content.User, id int64) error {
			_, err := e.svc.ReplyAsStaff(ctx, u, id, "Thanks")
			return err
		},
		"bulk": func(u content.User, id int64) error {
			_, err := e.svc.Bulk(ctx, u, []int64{id}, content.CommentSpam)
			return err
		},
	}
	refused := []struct {
		name string
		user content.User
	}{
		{"a contributor", e.contrib},
		{"an author, even of the article", e.author},
		{"someone not signed in", content.User{}},
		{"a member with an unknown role", content.User{ID: 99, Role: "owner"}},
	}
	target := held()
	for _, r := range refused {
		for action, do := range actions {
			if err := do(r.user, target); !errors.Is(err, ErrForbidden) {
				t.Errorf("%s may %s: err = %v, want ErrForbidden", r.name, action, err)
			}
		}
	}
	if got := e.stored(target); got.Status != content.CommentPending || got.Body != "Waiting 1" {
		t.Fatalf("a refused moderator changed the comment: %+v", got)
	}
	if list, _ := e.st.ModerationQueue(ctx, store.CommentFilter{}); len(list) != 1 {
		t.Fatalf("a refused moderator replied: %d comments", len(list))
	}
	for _, u := range []content.User{e.editor, e.admin} {
		for action, do := range actions {
			if err := do(u, held()); err != nil {
				t.Errorf("%s may not %s: %v", u.Role, action, err)
			}
		}
	}
}

func TestModerationRecountsTheArticle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	a, _ := e.post(e.form("First", from("a@example.com")))
	b, _ := e.post(e.form("Second", from("b@example.com")))
	steps := []struct {
		name string
		do   func() error
		want int
	}{
		{"approving a held comment counts it", func() error { return e.svc.SetStatus(ctx, e.editor, a.ID, content.CommentApproved) }, 1},
		{"approving it again changes nothing", func() error { return e.svc.SetStatus(ctx, e.editor, a.ID, content.CommentApproved) }, 1},
		{"approving both in bulk counts both", func() error {
			_, err := e.svc.Bulk(ctx, e.editor, []int64{a.ID, b.ID}, content.CommentApproved)
			return err
		}, 2},
		{"marking one as spam uncounts it", func() error { return e.svc.SetStatus(ctx, e.editor, b.ID, content.CommentSpam) }, 1},
		{"trashing the other leaves none", func() error { return e.svc.SetStatus(ctx, e.editor, a.ID, content.CommentTrash) }, 0},
		{"editing does not change the count", func() error { return e.svc.Edit(ctx, e.editor, a.ID, "Edited") }, 0},
	}
	for _, s := range steps {
		must(t, s.do())
		if got := e.count(); got != s.want {
			t.Errorf("%s: count = %d, want %d", s.name, got, s.want)
		}
	}
}

func TestModerationStepsRefuseWhatMakesNoSense(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c, _ := e.post(e.form("Waiting"))
	if err := e.svc.SetStatus(ctx, e.editor, c.ID, "deleted"); !errors.Is(err, ErrBadStatus) {
		t.Errorf("unknown status: %v", err)
	}
	if err := e.svc.SetStatus(ctx, e.editor, 424242, content.CommentApproved); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown comment: %v", err)
	}
	var errs content.FieldErrors
	if err := e.svc.Edit(ctx, e.editor, c.ID, "  "); !errors.As(err, &errs) || errs.For("comment") != "Please enter your comment!" {
		t.Errorf("empty edit: %v", err)
	}
	if _, err := e.svc.ReplyAsStaff(ctx, e.editor, c.ID, ""); !errors.As(err, &errs) {
		t.Errorf("empty reply: %v", err)
	}
	must(t, e.svc.SetStatus(ctx, e.editor, c.ID, content.CommentSpam))
	if _, err := e.svc.ReplyAsStaff(ctx, e.editor, c.ID, "Thanks"); !errors.Is(err, ErrBadParent) {
		t.Errorf("reply to spam: %v", err)
	}
	ids := make([]int64, MaxBulk+1)
	if _, err := e.svc.Bulk(ctx, e.editor, ids, content.CommentTrash); !errors.Is(err, ErrTooMany) {
		t.Errorf("too many at once: %v", err)
	}
}

func TestBulkSkipsCommentsThatAreGone(t *testing.T) {
	e := newEnv(t)
	a, _ := e.post(e.form("One", from("a@example.com")))
	b, _ := e.post(e.form("Two", from("b@example.com")))
	n, err := e.svc.Bulk(context.Background(), e.editor, []int64{a.ID, 424242, b.ID, a.ID}, content.CommentSpam)
	if err != nil || n != 2 {
		t.Fatalf("changed %d, err %v; want 2", n, err)
	}
	for _, id := range []int64{a.ID, b.ID} {
		if got := e.stored(id).Status; got != content.CommentSpam {
			t.Errorf("comment %d is %s", id, got)
		}
	}
}

func TestAStaffReplyIsApprovedAndSigned(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	held, _ := e.post(e.form("Is the bridge open?"))
	r, err := e.svc.ReplyAsStaff(ctx, e.editor, held.ID, "  Yes, since this morning.  ")
	must(t, err)
	got := e.stored(r.ID)
	want := content.Comment{ID: r.ID, ArticleID: e.article.ID, ParentID: held.ID, AuthorName: "Kit Chai",
		AuthorEmail: "kit@newsroom.example", Body: "Yes, since this morning.", Status: content.CommentApproved,
		CreatedAt: start, UserID: e.editor.ID}
	if got != want {
		t.Errorf("reply = %+v\nwant    %+v", got, want)
	}
	if p := e.stored(held.ID); p.Status != content.CommentApproved {
		t.Errorf("replying left the parent %s; it should be approved", p.Status)
	}
	if e.count() != 2 {
		t.Errorf("count = %d, want 2", e.count())
	}
	// Staff may answer where readers no longer can.
	must(t, e.st.UpdateArticle(ctx, func() *content.Article {
		a, _ := e.st.ArticleByID(ctx, e.article.ID)
		a.CommentsOpen = false
		return &a
	}()))
	if _, err := e.svc.ReplyAsStaff(ctx, e.admin, held.ID, "Closed now, but here is an update."); err != nil {
		t.Errorf("reply on a closed article: %v", err)
	}
}

func TestQueueShowsHeldCommentsWithTheirArticle(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c, _ := e.post(e.form("Waiting"))
	list, err := e.st.ModerationQueue(ctx, store.CommentFilter{Status: content.CommentPending})
	must(t, err)
	if len(list) != 1 || list[0].ID != c.ID || list[0].Article.Title != "Floods reach the old city" {
		t.Fatalf("queue = %+v", list)
	}
	if n, _ := e.st.CountComments(ctx, content.CommentPending); n != 1 {
		t.Errorf("pending count = %d", n)
	}
}

// A new text and a new status are one change: a text the form's rules
// refuse stops the status too, and a good one goes with it.
func TestATextAndAStatusAreModeratedTogether(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c, _ := e.post(e.form("Waiting for a look"))
	empty := "   "
	err := e.svc.Moderate(ctx, e.editor, c.ID, Moderation{Body: &empty, Status: content.CommentApproved})
	var fe content.FieldErrors
	if !errors.As(err, &fe) || fe.For(FieldComment) == "" {
		t.Fatalf("an empty text: err = %v, want the form's message", err)
	}
	if got := e.stored(c.ID); got.Status != content.CommentPending || got.Body != "Waiting for a look" || e.count() != 0 {
		t.Errorf("a refused change left %s %q, count %d", got.Status, got.Body, e.count())
	}
	fixed := "Waiting for a careful look"
	must(t, e.svc.Moderate(ctx, e.editor, c.ID, Moderation{Body: &fixed, Status: content.CommentApproved}))
	if got := e.stored(c.ID); got.Status != content.CommentApproved || got.Body != fixed || e.count() != 1 {
		t.Errorf("after the change: %s %q, count %d", got.Status, got.Body, e.count())
	}
}
