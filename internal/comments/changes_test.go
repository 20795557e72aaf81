package comments

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// event is the announcement of a change to comment id. A change readers
// can see (visible) also names the article's page and the feed of
// comments.
func (e *env) event(action string, id int64, visible bool) changes.Event {
	tags := []string{changes.Comment(id)}
	if visible {
		// Sorted, as every event's tags are.
		tags = []string{changes.Article(e.article.ID), changes.Comment(id), changes.CommentsFeed}
	}
	return changes.Event{Kind: changes.KindComment, Action: action, IDs: []int64{id}, Tags: tags}
}

// storedComment is a comment as the store has it, with its writer's wish
// for mail about replies.
type storedComment struct {
	content.Comment
	Subscribed bool
}

// snapshot is every comment of the site in every status, and the
// article's count of approved ones: what a refused write must leave as
// it was.
type snapshot struct {
	Comments []storedComment
	Count    int
}

func (e *env) snapshot() snapshot {
	e.t.Helper()
	ctx := context.Background()
	var s snapshot
	for _, status := range []content.CommentStatus{content.CommentPending, content.CommentApproved, content.CommentSpam, content.CommentTrash} {
		list, err := e.st.ModerationQueue(ctx, store.CommentFilter{Status: status, Limit: store.MaxLimit})
		must(e.t, err)
		for _, on := range list {
			sub, err := e.st.ReplySubscription(ctx, on.Comment.ID)
			must(e.t, err)
			s.Comments = append(s.Comments, storedComment{on.Comment, sub})
		}
	}
	slices.SortFunc(s.Comments, func(a, b storedComment) int { return int(a.ID - b.ID) })
	s.Count = e.count()
	return s
}

// newest is the id of the comment stored last.
func (e *env) newest() int64 {
	e.t.Helper()
	s := e.snapshot()
	if len(s.Comments) == 0 {
		e.t.Fatal("no comment was stored")
	}
	return s.Comments[len(s.Comments)-1].ID
}

// held posts a reader's comment that waits for a moderator.
func (e *env) held(body string) int64 {
	e.t.Helper()
	c, o := e.post(e.form(body, from(fmt.Sprintf("held%d@example.com", len(e.snapshot().Comments)))))
	if o != Held {
		e.t.Fatalf("%q was %s, not held", body, o)
	}
	return c.ID
}

// moved is a comment that a moderator moved from held to status.
func (e *env) moved(body string, status content.CommentStatus) int64 {
	e.t.Helper()
	id := e.held(body)
	must(e.t, e.svc.SetStatus(context.Background(), e.editor, id, status))
	return id
}

func TestEveryCommentWriteAnnouncesItselfAndNoRefusalDoes(t *testing.T) {
	ctx := context.Background()
	approveAll := func(p *Policy) { p.Mode = ApproveAll }
	post := func(e *env, f Form) error {
		_, _, err := e.svc.Post(ctx, f, client)
		return err
	}
	setStatus := func(status content.CommentStatus) func(e *env, id int64) error {
		return func(e *env, id int64) error { return e.svc.SetStatus(ctx, e.editor, id, status) }
	}
	reply := func(body string) func(e *env, id int64) error {
		return func(e *env, id int64) error {
			_, err := e.svc.ReplyAsStaff(ctx, e.editor, id, body)
			return err
		}
	}
	one := func(action string, visible bool) func(e *env, id int64) []changes.Event {
		return func(e *env, id int64) []changes.Event { return []changes.Event{e.event(action, id, visible)} }
	}
	newComment := func(visible bool) func(e *env, id int64) []changes.Event {
		return func(e *env, _ int64) []changes.Event { return []changes.Event{e.event("create", e.newest(), visible)} }
	}
	none := func(*env, int64) []changes.Event { return nil }
	heldOne := func(e *env) int64 { return e.held("Is the bridge open?") }
	approvedOne := func(e *env) int64 { return e.approved("old@example.com", "The bridge is open.", 0).ID }

	cases := []struct {
		name   string
		policy func(*Policy)
		// setup makes what the write is about, and returns its id.
		setup func(e *env) int64
		write func(e *env, id int64) error
		// A refused write answers err (errors.Is) or a form mistake in
		// field, and must change nothing and announce nothing.
		err   error
		field string
		want  func(e *env, id int64) []changes.Event
	}{
		// A reader's comment.
		{name: "a held comment is announced with its own tag alone",
			write: func(e *env, _ int64) error { return post(e, e.form("First time here")) },
			want:  newComment(false)},
		{name: "a comment approved at once is announced with its article and the comments feed", policy: approveAll,
			write: func(e *env, _ int64) error { return post(e, e.form("Thank you for this")) },
			want:  newComment(true)},
		{name: "a known writer's comment, approved at once, is announced with its article",
			setup: func(e *env) int64 { return e.approved("nok@example.com", "Earlier words", 0).ID },
			write: func(e *env, _ int64) error { return post(e, e.form("More words")) },
			want:  newComment(true)},
		{name: "a comment with the wish for mail about replies is still one event", policy: approveAll,
			write: func(e *env, _ int64) error { return post(e, e.form("Tell me more", subscribed)) },
			want:  newComment(true)},
		{name: "spam stored silently is announced with its own tag alone", policy: approveAll,
			write: func(e *env, _ int64) error {
				return post(e, e.form("Cheap watches", func(f *Form) { f.Honeypot = "https://spam.example" }))
			},
			want: newComment(false)},
		{name: "a comment without a name is refused and announces nothing", policy: approveAll,
			write: func(e *env, _ int64) error { return post(e, e.form("Anonymous", func(f *Form) { f.Author = " " })) },
			field: FieldAuthor},
		{name: "a comment on an article closed to comments is refused and announces nothing",
			setup: func(e *env) int64 { return e.publish("Closed story", start.Add(-time.Hour), false).ID },
			write: func(e *env, id int64) error {
				return post(e, e.form("Hello", func(f *Form) { f.ArticleID = fmt.Sprint(id) }))
			},
			err: ErrClosed},
		{name: "the same words twice are refused the second time and announce nothing",
			setup: func(e *env) int64 { return e.held("Same words") },
			write: func(e *env, _ int64) error { return post(e, e.form("Same words", from("held0@example.com"))) },
			err:   ErrDuplicate},
		{name: "a sixth comment in ten minutes is refused and announces nothing",
			setup: func(e *env) int64 {
				for i := range 5 {
					e.held(fmt.Sprintf("Comment %d", i))
				}
				return 0
			},
			write: func(e *env, _ int64) error { return post(e, e.form("One too many", from("sixth@example.com"))) },
			err:   ErrTooFast},

		// A moderator's status change.
		{name: "approving a held comment is announced with its article", setup: heldOne,
			write: setStatus(content.CommentApproved), want: one("approve", true)},
		{name: "unapproving an approved comment is announced with its article", setup: approvedOne,
			write: setStatus(content.CommentPending), want: one("unapprove", true)},
		{name: "marking a held comment as spam is announced with its own tag alone", setup: heldOne,
			write: setStatus(content.CommentSpam), want: one("spam", false)},
		{name: "trashing an approved comment is announced with its article", setup: approvedOne,
			write: setStatus(content.CommentTrash), want: one("trash", true)},
		{name: "restoring spam to pending is announced with its own tag alone",
			setup: func(e *env) int64 { return e.moved("Cheap watches", content.CommentSpam) },
			write: setStatus(content.CommentPending), want: one("restore", false)},
		{name: "approving a comment from the trash is announced with its article",
			setup: func(e *env) int64 { return e.moved("Second thoughts", content.CommentTrash) },
			write: setStatus(content.CommentApproved), want: one("approve", true)},
		{name: "setting the status a comment already has announces nothing", setup: approvedOne,
			write: setStatus(content.CommentApproved), want: none},
		{name: "a contributor's status change is refused and announces nothing", setup: heldOne,
			write: func(e *env, id int64) error { return e.svc.SetStatus(ctx, e.contrib, id, content.CommentApproved) },
			err:   ErrForbidden},
		{name: "a status that does not exist is refused and announces nothing", setup: heldOne,
			write: setStatus("published"), err: ErrBadStatus},
		{name: "moderating a comment that does not exist announces nothing", setup: heldOne,
			write: func(e *env, id int64) error { return e.svc.SetStatus(ctx, e.editor, id+100, content.CommentApproved) },
			err:   store.ErrNotFound},

		// A moderator's edit.
		{name: "editing an approved comment is announced with its article", setup: approvedOne,
			write: func(e *env, id int64) error { return e.svc.Edit(ctx, e.editor, id, "The bridge is open again.") },
			want:  one("update", true)},
		{name: "editing a held comment is announced with its own tag alone", setup: heldOne,
			write: func(e *env, id int64) error { return e.svc.Edit(ctx, e.editor, id, "Is the bridge open today?") },
			want:  one("update", false)},
		{name: "an edit to empty text is refused and announces nothing", setup: approvedOne,
			write: func(e *env, id int64) error { return e.svc.Edit(ctx, e.editor, id, "  ") },
			field: FieldComment},
		{name: "an author's edit is refused and announces nothing", setup: approvedOne,
			write: func(e *env, id int64) error { return e.svc.Edit(ctx, e.author, id, "Mine now") },
			err:   ErrForbidden},
		{name: "editing a comment that does not exist announces nothing", setup: approvedOne,
			write: func(e *env, id int64) error { return e.svc.Edit(ctx, e.editor, id+100, "Words") },
			err:   store.ErrNotFound},

		// A staff reply.
		{name: "a staff reply is announced as an approved comment", setup: approvedOne,
			write: reply("Thank you, we have corrected it."), want: newComment(true)},
		{name: "a staff reply to a held comment announces the approval, then the reply", setup: heldOne,
			write: reply("Yes, since this morning."),
			want: func(e *env, id int64) []changes.Event {
				return []changes.Event{e.event("approve", id, true), e.event("create", e.newest(), true)}
			}},
		{name: "a staff reply to spam is refused and announces nothing",
			setup: func(e *env) int64 { return e.moved("Cheap watches", content.CommentSpam) },
			write: reply("No"), err: ErrBadParent},
		{name: "an empty staff reply is refused and announces nothing", setup: heldOne,
			write: reply(" "), field: FieldComment},

		// Bulk moderation: one event per comment that moved.
		{name: "a bulk approval announces each comment that moved, in the order given",
			// Two held comments and an approved one, stored one after the other.
			setup: func(e *env) int64 {
				first := e.held("First")
				if e.held("Second") != first+1 || e.approved("old@example.com", "Approved before", 0).ID != first+2 {
					e.t.Fatal("the comments were not numbered one after the other")
				}
				return first
			},
			write: func(e *env, first int64) error {
				second, already := first+1, first+2
				n, err := e.svc.Bulk(ctx, e.editor, []int64{second, already, 424242, first, second}, content.CommentApproved)
				if err == nil && n != 2 {
					return fmt.Errorf("bulk changed %d comments, want 2", n)
				}
				return err
			},
			want: func(e *env, first int64) []changes.Event {
				return []changes.Event{e.event("approve", first+1, true), e.event("approve", first, true)}
			}},
		{name: "a bulk action on too many comments is refused and announces nothing", setup: heldOne,
			write: func(e *env, id int64) error {
				ids := make([]int64, MaxBulk+1)
				for i := range ids {
					ids[i] = id
				}
				_, err := e.svc.Bulk(ctx, e.editor, ids, content.CommentSpam)
				return err
			},
			err: ErrTooMany},
		{name: "a contributor's bulk action is refused and announces nothing", setup: heldOne,
			write: func(e *env, id int64) error {
				_, err := e.svc.Bulk(ctx, e.contrib, []int64{id}, content.CommentTrash)
				return err
			},
			err: ErrForbidden},

		// The link in reply mail.
		{name: "unsubscribing from replies is announced with the comment's tag alone", policy: approveAll,
			setup: func(e *env) int64 { c, _ := e.post(e.form("Tell me more", subscribed)); return c.ID },
			write: func(e *env, id int64) error {
				return e.svc.Unsubscribe(ctx, id, UnsubscribeToken(secret, e.stored(id)))
			},
			want: one("unsubscribe", false)},
		{name: "unsubscribing a second time announces nothing", policy: approveAll,
			setup: func(e *env) int64 {
				c, _ := e.post(e.form("Tell me more", subscribed))
				must(e.t, e.svc.Unsubscribe(ctx, c.ID, UnsubscribeToken(secret, c)))
				return c.ID
			},
			write: func(e *env, id int64) error {
				return e.svc.Unsubscribe(ctx, id, UnsubscribeToken(secret, e.stored(id)))
			},
			want: none},
		{name: "a forged unsubscribe link is refused and announces nothing", policy: approveAll,
			setup: func(e *env) int64 { c, _ := e.post(e.form("Tell me more", subscribed)); return c.ID },
			write: func(e *env, id int64) error { return e.svc.Unsubscribe(ctx, id, "00000000000000000000000000000000") },
			err:   ErrBadLink},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var change []func(*Policy)
			if tc.policy != nil {
				change = append(change, tc.policy)
			}
			e := newEnv(t, change...)
			var id int64
			if tc.setup != nil {
				id = tc.setup(e)
			}
			e.events.Take()
			before := e.snapshot()

			err := tc.write(e, id)
			got := e.events.Take()

			if tc.err != nil || tc.field != "" {
				var fe content.FieldErrors
				switch {
				case tc.err != nil && !errors.Is(err, tc.err):
					t.Fatalf("err = %v, want %v", err, tc.err)
				case tc.field != "" && (!errors.As(err, &fe) || fe.For(tc.field) == ""):
					t.Fatalf("err = %v, want a mistake in %q", err, tc.field)
				}
				if len(got) != 0 {
					t.Errorf("a refused write announced %+v", got)
				}
				if after := e.snapshot(); !reflect.DeepEqual(after, before) {
					t.Errorf("a refused write changed the comments:\nbefore %+v\n after %+v", before, after)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			want := tc.want(e, id)
			if len(got) != len(want) || (len(want) > 0 && !reflect.DeepEqual(got, want)) {
				t.Errorf("events:\n got %+v\nwant %+v", got, want)
			}
		})
	}
}

func TestStatusActionsAreNamedLikeTheQueuesButtons(t *testing.T) {
	cases := []struct {
		from, to content.CommentStatus
		want     string
	}{
		{content.CommentPending, content.CommentApproved, "approve"},
		{content.CommentSpam, content.CommentApproved, "approve"},
		{content.CommentApproved, content.CommentPending, "unapprove"},
		{content.CommentSpam, content.CommentPending, "restore"},
		{content.CommentTrash, content.CommentPending, "restore"},
		{content.CommentApproved, content.CommentSpam, "spam"},
		{content.CommentPending, content.CommentTrash, "trash"},
	}
	for _, tc := range cases {
		if got := StatusAction(tc.from, tc.to); got != tc.want {
			t.Errorf("StatusAction(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
