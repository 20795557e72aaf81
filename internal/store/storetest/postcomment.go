package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// postCommentTests specify PostComment: a comment from the public form,
// the writer's wish for replies and the notifications about it are one
// write, all or none.
var postCommentTests = []struct {
	name string
	fn   func(t *testing.T, st store.Store)
}{
	{"a posted comment, its wish for replies and its notifications are stored together", testPostCommentAll},
	{"a held comment posted without notifications is stored alone and not counted", testPostCommentAlone},
	{"a comment posted on a missing article is ErrNotFound and queues no mail", testPostCommentMissingArticle},
	{"a post that fails while its notifications are stored leaves no comment and no mail", testPostCommentRollsBack},
	{"posts made at once are each stored with their own mail, and one that fails takes no other with it", testPostCommentsAtOnce},
}

// allDueMail claims every message in the queue, due now or later.
func allDueMail(t *testing.T, st store.Store) []store.Mail {
	t.Helper()
	list, err := st.ClaimMail(context.Background(), base.AddDate(100, 0, 0), time.Minute, 1000)
	must(t, err)
	return list
}

// notifications builds one message per address about c, with c's ID in
// the link as the comment service writes it.
func notifications(c content.Comment, to ...string) []*store.Mail {
	var list []*store.Mail
	for _, addr := range to {
		list = append(list, &store.Mail{To: []string{addr}, Subject: "New comment",
			Body:      fmt.Sprintf("Read it: https://news.example/flood/#comment-%d", c.ID),
			Headers:   map[string]string{"X-Comment": fmt.Sprint(c.ID)},
			CreatedAt: base, NextAttemptAt: base})
	}
	return list
}

func testPostCommentAll(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	parent := comment(t, st, a, "nok@example.com", content.CommentApproved, 1)
	c := content.Comment{ArticleID: a.ID, ParentID: parent.ID, AuthorName: "Lee", AuthorEmail: "lee@example.com",
		AuthorURL: "https://lee.example", Body: "A reply", Status: content.CommentApproved,
		CreatedAt: base.Add(time.Hour), IPHash: "abc"}
	var calls int
	var seen content.Comment
	var built []*store.Mail
	must(t, st.PostComment(ctx, &c, true, func(c content.Comment) []*store.Mail {
		calls++
		seen = c
		built = notifications(c, "ana@example.com", "kit@example.com")
		return built
	}))
	if calls != 1 {
		t.Fatalf("the notifications were built %d times, want once", calls)
	}
	if c.ID == 0 || seen != c {
		t.Errorf("the notifications were built from %+v, want the stored comment %+v", seen, c)
	}
	got, err := st.CommentByID(ctx, c.ID)
	must(t, err)
	if got != c {
		t.Errorf("comment = %+v, want %+v", got, c)
	}
	if n := commentCount(t, st, a.ID); n != 2 {
		t.Errorf("comment count = %d, want 2", n)
	}
	on, err := st.ReplySubscription(ctx, c.ID)
	must(t, err)
	if !on {
		t.Error("the writer's wish for replies was not stored")
	}
	for i, m := range built {
		if m.ID == 0 {
			t.Fatalf("notification %d has no ID", i)
		}
		stored, err := st.MailByID(ctx, m.ID)
		must(t, err)
		if fmt.Sprint(stored.To) != fmt.Sprint(m.To) || stored.Body != m.Body ||
			stored.Headers["X-Comment"] != fmt.Sprint(c.ID) || !stored.NextAttemptAt.Equal(base) {
			t.Errorf("notification %d = %+v, want %+v", i, stored, *m)
		}
	}
	if due := allDueMail(t, st); len(due) != 2 {
		t.Errorf("%d messages queued, want 2", len(due))
	}
}

func testPostCommentAlone(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	c := content.Comment{ArticleID: a.ID, AuthorName: "Lee", AuthorEmail: "lee@example.com", Body: "Held",
		Status: content.CommentPending, CreatedAt: base.Add(time.Hour), IPHash: "abc"}
	must(t, st.PostComment(ctx, &c, false, nil))
	got, err := st.CommentByID(ctx, c.ID)
	must(t, err)
	if got != c {
		t.Errorf("comment = %+v, want %+v", got, c)
	}
	if n := commentCount(t, st, a.ID); n != 0 {
		t.Errorf("comment count = %d, want 0 for a held comment", n)
	}
	on, err := st.ReplySubscription(ctx, c.ID)
	must(t, err)
	if on {
		t.Error("a comment posted without the wish for replies is subscribed")
	}
	if due := allDueMail(t, st); len(due) != 0 {
		t.Errorf("%d messages queued, want none", len(due))
	}
}

func testPostCommentMissingArticle(t *testing.T, st store.Store) {
	called := false
	c := content.Comment{ArticleID: 424242, AuthorName: "x", AuthorEmail: "x@example.com", Body: "x",
		Status: content.CommentApproved, CreatedAt: base}
	err := st.PostComment(context.Background(), &c, true, func(c content.Comment) []*store.Mail {
		called = true
		return notifications(c, "ana@example.com")
	})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("err = %v, want ErrNotFound", err)
	}
	if called {
		t.Error("notifications were built for a comment that was not stored")
	}
	if due := allDueMail(t, st); len(due) != 0 {
		t.Errorf("%d messages queued, want none", len(due))
	}
}

func testPostCommentRollsBack(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	before := comment(t, st, a, "nok@example.com", content.CommentApproved, 1)
	// The request ends after the comment is written and before its
	// notifications are: the store is left as it was.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var id int64
	c := content.Comment{ArticleID: a.ID, AuthorName: "Lee", AuthorEmail: "lee@example.com", Body: "Lost",
		Status: content.CommentApproved, CreatedAt: base.Add(time.Hour), IPHash: "abc"}
	err := st.PostComment(ctx, &c, true, func(c content.Comment) []*store.Mail {
		id = c.ID
		cancel()
		return notifications(c, "ana@example.com", "kit@example.com")
	})
	if err == nil {
		t.Fatal("the post succeeded although its request ended before the notifications were stored")
	}
	if id == 0 {
		t.Fatal("the notifications were never built")
	}
	bg := context.Background()
	if got, err := st.CommentByID(bg, id); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the comment of the failed post is there: %+v, err %v", got, err)
	}
	if _, err := st.RecentCommentByEmail(bg, a.ID, "lee@example.com", "Lost", base); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the failed post's words are found: err = %v, want ErrNotFound", err)
	}
	if n := commentCount(t, st, a.ID); n != 1 {
		t.Errorf("comment count = %d, want 1 (only %d)", n, before.ID)
	}
	if due := allDueMail(t, st); len(due) != 0 {
		t.Errorf("%d messages queued by the failed post, want none", len(due))
	}
}

func testPostCommentsAtOnce(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	const posts = 24
	missing, ended := 5, 9 // on an article that is not there; its request ends midway
	type outcome struct {
		c     content.Comment
		mails []*store.Mail
		err   error
	}
	results := make([]outcome, posts)
	start := make(chan struct{})
	var wg sync.WaitGroup
	for i := range posts {
		wg.Go(func() {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			c := content.Comment{ArticleID: a.ID, AuthorName: fmt.Sprintf("Reader %d", i),
				AuthorEmail: fmt.Sprintf("reader%d@example.com", i), Body: fmt.Sprintf("Comment %d", i),
				Status: content.CommentApproved, CreatedAt: base.Add(time.Duration(i) * time.Minute)}
			if i == missing {
				c.ArticleID = 424242
			}
			<-start
			var built []*store.Mail
			err := st.PostComment(ctx, &c, i%2 == 0, func(c content.Comment) []*store.Mail {
				if i == ended {
					cancel()
				}
				built = notifications(c, fmt.Sprintf("desk%d@example.com", i), "kit@example.com")
				return built
			})
			results[i] = outcome{c, built, err}
		})
	}
	close(start)
	wg.Wait()

	ctx := context.Background()
	stored := 0
	for i, r := range results {
		switch i {
		case missing:
			if !errors.Is(r.err, store.ErrNotFound) {
				t.Errorf("post %d on a missing article: err = %v, want ErrNotFound", i, r.err)
			}
			continue
		case ended:
			if r.err == nil {
				t.Errorf("post %d, whose request ended, succeeded", i)
			}
			if _, err := st.RecentCommentByEmail(ctx, a.ID, "reader9@example.com", "Comment 9", base); !errors.Is(err, store.ErrNotFound) {
				t.Errorf("post %d, whose request ended, is stored: err = %v", i, err)
			}
			continue
		}
		if r.err != nil {
			t.Errorf("post %d: %v", i, r.err)
			continue
		}
		stored++
		got, err := st.CommentByID(ctx, r.c.ID)
		must(t, err)
		if got != r.c {
			t.Errorf("post %d stored as %+v, want %+v", i, got, r.c)
		}
		on, err := st.ReplySubscription(ctx, r.c.ID)
		must(t, err)
		if on != (i%2 == 0) {
			t.Errorf("post %d: subscribed %v, want %v", i, on, i%2 == 0)
		}
		for _, m := range r.mails {
			stored, err := st.MailByID(ctx, m.ID)
			must(t, err)
			if stored.Headers["X-Comment"] != fmt.Sprint(r.c.ID) || stored.To[0] != m.To[0] {
				t.Errorf("post %d: its mail %d is %+v", i, m.ID, stored)
			}
		}
	}
	if n := commentCount(t, st, a.ID); n != stored {
		t.Errorf("comment count = %d, want the %d stored", n, stored)
	}
	if due := allDueMail(t, st); len(due) != 2*stored {
		t.Errorf("%d messages queued, want 2 for each of the %d posts stored", len(due), stored)
	}
}
