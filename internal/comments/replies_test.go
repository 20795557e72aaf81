package comments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
)

func TestRepliesNestUpToTheMaximumDepth(t *testing.T) {
	tests := []struct {
		name     string
		maxDepth int
		// the parent of each comment in the chain as posted: index of an
		// earlier comment, or -1 for the article
		replyTo []int
		// the parent each one is stored under
		want []int
	}{
		{"replies nest to depth three", 3, []int{-1, 0, 1}, []int{-1, 0, 1}},
		{"a reply at depth four joins its parent's siblings", 3, []int{-1, 0, 1, 2}, []int{-1, 0, 1, 1}},
		{"a reply to that reply stays at depth three", 3, []int{-1, 0, 1, 2, 3}, []int{-1, 0, 1, 1, 1}},
		{"with depth one every reply is top-level", 1, []int{-1, 0, 1}, []int{-1, -1, -1}},
		{"with depth two replies to replies hang from the top-level comment", 2, []int{-1, 0, 1}, []int{-1, 0, 0}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(p *Policy) { p.Mode, p.MaxDepth = ApproveAll, tc.maxDepth })
			var ids []int64
			for i, p := range tc.replyTo {
				f := e.form(fmt.Sprintf("Comment %d", i), from(fmt.Sprintf("r%d@example.com", i)))
				if p >= 0 {
					f.Parent = fmt.Sprint(ids[p])
				}
				c, _ := e.post(f)
				ids = append(ids, c.ID)
				want := int64(0)
				if tc.want[i] >= 0 {
					want = ids[tc.want[i]]
				}
				if got := e.stored(c.ID).ParentID; got != want {
					t.Errorf("comment %d is under %d, want %d", i, got, want)
				}
			}
		})
	}
}

func TestRepliesToCommentsThatCannotBeRepliedToAreRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	held, _ := e.post(e.form("Waiting", from("held@example.com")))
	other := e.publish("Another story", start.Add(-time.Hour), true)
	elsewhere := content.Comment{ArticleID: other.ID, AuthorName: "X", AuthorEmail: "x@example.com", Body: "Elsewhere",
		Status: content.CommentApproved, CreatedAt: start}
	must(t, e.st.CreateComment(ctx, &elsewhere))
	tests := []struct {
		name   string
		parent int64
	}{
		{"a reply to a held comment", held.ID},
		{"a reply to a comment on another article", elsewhere.ID},
		{"a reply to a comment that does not exist", 424242},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			_, o, err := e.svc.Post(ctx, e.form("A reply", replyTo(tc.parent)), ClientInfo{})
			if o != Refused || !errors.Is(err, ErrBadParent) {
				t.Errorf("outcome %s, err %v; want ErrBadParent", o, err)
			}
		})
	}
}

func TestHeldCommentsAreShownOnlyToWhoeverHoldsTheHash(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	c, o := e.post(e.form("Waiting for approval"))
	loc := e.svc.RedirectURL("/2025/07/14/floods/", c, o)
	hash := ModerationHash(secret, c)
	want := fmt.Sprintf("/2025/07/14/floods/?unapproved=%d&moderation-hash=%s#comment-%d", c.ID, hash, c.ID)
	if loc != want {
		t.Errorf("redirect = %s\nwant       %s", loc, want)
	}
	if got, err := e.svc.Unapproved(ctx, c.ID, hash); err != nil || got.Body != "Waiting for approval" {
		t.Errorf("with the hash: %+v, %v", got, err)
	}
	for name, try := range map[string]func() error{
		"a wrong hash":    func() error { _, err := e.svc.Unapproved(ctx, c.ID, strings.Repeat("0", 32)); return err },
		"another comment": func() error { _, err := e.svc.Unapproved(ctx, c.ID+1, hash); return err },
		"a comment in trash": func() error {
			must(t, e.svc.SetStatus(ctx, e.editor, c.ID, content.CommentTrash))
			_, err := e.svc.Unapproved(ctx, c.ID, hash)
			return err
		},
	} {
		if err := try(); !errors.Is(err, ErrBadLink) {
			t.Errorf("%s: err = %v, want ErrBadLink", name, err)
		}
	}
	approved, _ := e.post(e.form("Known now", from("known@example.com"), func(f *Form) { f.Comment = "x" }))
	must(t, e.svc.SetStatus(ctx, e.editor, approved.ID, content.CommentApproved))
	if loc := e.svc.RedirectURL("/a/", approved, Approved); loc != fmt.Sprintf("/a/#comment-%d", approved.ID) {
		t.Errorf("approved redirect = %s", loc)
	}
}
