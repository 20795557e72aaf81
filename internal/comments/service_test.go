package comments

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/store"
)

func TestPolicyModesDecideWhatWaits(t *testing.T) {
	tests := []struct {
		name    string
		mode    Mode
		known   bool // the writer has an approved comment already
		email   string
		outcome Outcome
	}{
		{"holding all holds a first comment", HoldAll, false, "nok@example.com", Held},
		{"holding all holds a known writer too", HoldAll, true, "nok@example.com", Held},
		{"approving all publishes a first comment", ApproveAll, false, "nok@example.com", Approved},
		{"holding first-timers holds a first comment", HoldFirstTime, false, "nok@example.com", Held},
		{"holding first-timers publishes a known writer", HoldFirstTime, true, "nok@example.com", Approved},
		{"a known writer is known whatever the case of the address", HoldFirstTime, true, "NOK@Example.com", Approved},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(p *Policy) { p.Mode = tc.mode })
			if tc.known {
				e.approved("nok@example.com", "An earlier comment", 0)
			}
			c, o := e.post(e.form("Stay safe, everyone.", from(tc.email)))
			if o != tc.outcome {
				t.Fatalf("outcome = %s, want %s", o, tc.outcome)
			}
			stored := e.stored(c.ID)
			wantStatus := map[Outcome]content.CommentStatus{Held: content.CommentPending, Approved: content.CommentApproved}[tc.outcome]
			if stored.Status != wantStatus || stored.AuthorEmail != "nok@example.com" || !stored.CreatedAt.Equal(start) {
				t.Errorf("stored %+v", stored)
			}
		})
	}
}

func TestAHeldWritersNextCommentWaitsUntilOneIsApproved(t *testing.T) {
	e := newEnv(t)
	first, o := e.post(e.form("My first comment"))
	if o != Held {
		t.Fatalf("first comment: %s", o)
	}
	if _, o := e.post(e.form("My second comment")); o != Held {
		t.Fatalf("second comment while the first waits: %s, want held", o)
	}
	must(t, e.svc.SetStatus(context.Background(), e.editor, first.ID, content.CommentApproved))
	if _, o := e.post(e.form("My third comment")); o != Approved {
		t.Errorf("after approval: %s, want approved", o)
	}
}

func TestCommentsOnlyGoWhereTheyAreOpen(t *testing.T) {
	tests := []struct {
		name    string
		setup   func(e *env) string // returns the article id to post to
		days    int
		advance time.Duration
		want    error
	}{
		{"an article with comments switched off refuses them",
			func(e *env) string { return fmt.Sprint(e.publish("Closed", start.Add(-time.Hour), false).ID) }, 0, 0, ErrClosed},
		{"an article older than the limit refuses comments",
			func(e *env) string { return fmt.Sprint(e.article.ID) }, 7, 7 * 24 * time.Hour, ErrClosed},
		{"an article younger than the limit takes comments",
			func(e *env) string { return fmt.Sprint(e.article.ID) }, 7, 6 * 24 * time.Hour, nil},
		{"without a limit an old article takes comments",
			func(e *env) string { return fmt.Sprint(e.article.ID) }, 0, 5 * 365 * 24 * time.Hour, nil},
		{"a draft cannot be commented on", func(e *env) string {
			a := content.Article{Kind: content.KindPost, Title: "Draft", Format: content.FormatMarkdown,
				Status: content.StatusDraft, Author: e.author, CommentsOpen: true}
			must(e.t, e.st.CreateArticle(context.Background(), &a))
			return fmt.Sprint(a.ID)
		}, 0, 0, ErrNoArticle},
		{"a missing article cannot be commented on", func(*env) string { return "424242" }, 0, 0, ErrNoArticle},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(p *Policy) { p.CloseAfterDays = tc.days })
			id := tc.setup(e)
			e.clock.Advance(tc.advance)
			_, o, err := e.svc.Post(context.Background(), e.form("Hello", func(f *Form) { f.ArticleID = id }), client)
			if !errors.Is(err, tc.want) || (err == nil) != (o != Refused) {
				t.Fatalf("outcome %s, err %v; want %v", o, err, tc.want)
			}
			var r *Refusal
			if tc.want != nil && (!errors.As(err, &r) || r.Message == "") {
				t.Errorf("the refusal %v has no message for the reader", err)
			}
			if got, _ := e.st.CountComments(context.Background(), content.CommentPending); tc.want != nil && got != 0 {
				t.Errorf("a refused comment was stored")
			}
		})
	}
}

func TestFormMistakesAreReturnedWithoutStoringAnything(t *testing.T) {
	e := newEnv(t)
	f := e.form("", func(f *Form) { f.Author = "" })
	c, o, err := e.svc.Post(context.Background(), f, client)
	var errs content.FieldErrors
	if o != Refused || !errors.As(err, &errs) {
		t.Fatalf("outcome %s, err %v; want refused with field errors", o, err)
	}
	if errs.For("comment") != "Please enter your comment!" || errs.For("author") != "Please enter your name here" {
		t.Errorf("errors = %v", errs)
	}
	if c.ID != 0 || len(e.mails()) != 0 {
		t.Error("a refused comment was stored or mailed")
	}
}

func TestTheSitesLengthLimitHolds(t *testing.T) {
	for _, tc := range []struct {
		name  string
		limit int // 0 keeps the default
		size  int
		want  string
	}{
		{"the default takes 5,000 characters", 0, 5000, ""},
		{"the default refuses 5,001", 0, 5001, "Your comment is too long (at most 5000 characters)."},
		{"a site's own limit", 300, 301, "Your comment is too long (at most 300 characters)."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(p *Policy) {
				if tc.limit != 0 {
					p.MaxLength = tc.limit
				}
			})
			_, o, err := e.svc.Post(context.Background(), e.form(strings.Repeat("ข", tc.size)), client)
			var errs content.FieldErrors
			errors.As(err, &errs)
			if got := errs.For("comment"); got != tc.want {
				t.Errorf("outcome %s, message %q, want %q (err %v)", o, got, tc.want, err)
			}
			if tc.want != "" && e.count() != 0 {
				t.Error("a refused comment was stored")
			}
		})
	}
}

func TestRateLimitRefusesTheSixthCommentInTenMinutes(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ctx := context.Background()
	// Mistakes in the form do not count against the reader.
	if _, _, err := e.svc.Post(ctx, e.form(""), client); err == nil {
		t.Fatal("an empty comment was accepted")
	}
	for i := range 5 {
		e.clock.Advance(time.Minute)
		e.post(e.form(fmt.Sprintf("Comment number %d", i+1)))
	}
	_, o, err := e.svc.Post(ctx, e.form("Comment number 6"), client)
	var r *Refusal
	if o != Refused || !errors.Is(err, ErrTooFast) || !errors.As(err, &r) {
		t.Fatalf("sixth comment: outcome %s, err %v; want ErrTooFast", o, err)
	}
	// The first of the five was posted at minute one, the sixth at five.
	if r.Status != 429 || r.RetryAfter != 6*time.Minute {
		t.Errorf("status %d, retry after %v; want 429 and 6m", r.Status, r.RetryAfter)
	}
	if r.Message != "You are posting comments too quickly. Please wait 6 minutes and try again." {
		t.Errorf("message = %q", r.Message)
	}
	other := ClientInfo{Addr: "198.51.100.20"}
	if _, _, err := e.svc.Post(ctx, e.form("From another address", from("lee@example.com")), other); err != nil {
		t.Errorf("another address: %v", err)
	}
	e.clock.Advance(6 * time.Minute)
	if _, _, err := e.svc.Post(ctx, e.form("Comment number 6"), client); err != nil {
		t.Errorf("after the wait: %v", err)
	}
}

func TestTheSameWordsTwiceAreRefused(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	e.post(e.form("Stay safe, everyone."))
	second := e.publish("Another story", start.Add(-time.Hour), true)
	tests := []struct {
		name    string
		advance time.Duration
		form    Form
		dup     bool
	}{
		{"the same words on the same article are refused", time.Minute, e.form("Stay safe, everyone."), true},
		{"the same words from the address in capitals are refused", time.Minute, e.form("Stay safe, everyone.", from("NOK@example.com")), true},
		{"other words are accepted", time.Minute, e.form("Stay dry, everyone."), false},
		{"the same words on another article are accepted", time.Minute,
			e.form("Stay safe, everyone.", func(f *Form) { f.ArticleID = fmt.Sprint(second.ID) }), false},
		{"the same words from someone else are accepted", time.Minute, e.form("Stay safe, everyone.", from("lee@example.com")), false},
		{"the same words a day later are accepted", 24 * time.Hour, e.form("Stay safe, everyone."), false},
	}
	for _, tc := range tests {
		e.clock.Advance(tc.advance)
		_, _, err := e.svc.Post(ctx, tc.form, ClientInfo{})
		if tc.dup {
			if !errors.Is(err, ErrDuplicate) || err.Error() != "You have already said that." {
				t.Errorf("%s: err = %v", tc.name, err)
			}
		} else if err != nil {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
}

func TestTheHoneypotMarksSpamSilently(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	f := e.form("Great article", func(f *Form) { f.Honeypot = "http://spam.example" }, subscribed)
	c, o, err := e.svc.Post(context.Background(), f, client)
	if err != nil || o != Spam {
		t.Fatalf("outcome %s, err %v; want spam without an error", o, err)
	}
	if got := e.stored(c.ID); got.Status != content.CommentSpam {
		t.Errorf("stored as %s", got.Status)
	}
	if on, _ := e.st.ReplySubscription(context.Background(), c.ID); on {
		t.Error("spam was subscribed to replies")
	}
	if m := e.mails(); len(m) != 0 {
		t.Errorf("spam sent mail to %s", recipients(m))
	}
	// The robot is answered as for a held comment.
	if loc := e.svc.RedirectURL("/2025/07/14/floods/", c, o); !strings.Contains(loc, "?unapproved=") {
		t.Errorf("redirect = %s", loc)
	}
	// Sending it again is not refused as a repeat: a robot learns nothing.
	if _, o, err := e.svc.Post(context.Background(), f, client); err != nil || o != Spam {
		t.Errorf("again: outcome %s, err %v", o, err)
	}
}

func TestLinksAndBlockedWordsDecideSpam(t *testing.T) {
	tests := []struct {
		name    string
		change  func(*Form)
		client  ClientInfo
		outcome Outcome
	}{
		{"two links are allowed", func(f *Form) { f.Comment = "See https://a.example and http://b.example" }, client, Approved},
		{"three links wait for a moderator", func(f *Form) {
			f.Comment = "See https://a.example, http://b.example and www.c.example"
		}, client, Held},
		{"links in HTML count too", func(f *Form) {
			f.Comment = `<a href="https://a.example">a</a> <a href="https://b.example">b</a> <a href="https://c.example">c</a>`
		}, client, Held},
		{"a blocked word in the text is spam", func(f *Form) { f.Comment = "Cheap CASINO chips" }, client, Spam},
		{"a blocked word inside another word is spam", func(f *Form) { f.Comment = "Visit casinoland" }, client, Spam},
		{"a blocked word in the name is spam", func(f *Form) { f.Author = "Casino King" }, client, Spam},
		{"a blocked word in the email is spam", func(f *Form) { f.Email = "win@casino.example" }, client, Spam},
		{"a blocked word in the website is spam", func(f *Form) { f.URL = "https://casino.example" }, client, Spam},
		{"a blocked address is spam", func(*Form) {}, ClientInfo{Addr: "192.0.2.55"}, Spam},
		{"a blocked browser is spam", func(*Form) {}, ClientInfo{Addr: "203.0.113.9", UserAgent: "EvilBot/1.0"}, Spam},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			e := newEnv(t, func(p *Policy) {
				p.Mode, p.Blocklist = ApproveAll, []string{"Casino", "192.0.2.", "evilbot"}
			})
			_, o, err := e.svc.Post(context.Background(), e.form("A fair comment", tc.change), tc.client)
			if err != nil || o != tc.outcome {
				t.Fatalf("outcome %s, err %v; want %s", o, err, tc.outcome)
			}
			if n := len(e.mails()); (o == Spam) != (n == 0) {
				t.Errorf("%d mails for a comment that is %s", n, o)
			}
		})
	}
}

func TestTheClientAddressIsStoredOnlyAsASaltedHash(t *testing.T) {
	e := newEnv(t)
	c, _ := e.post(e.form("Hello from my address"))
	got := e.stored(c.ID)
	if got.IPHash != hashIP(secret, client.Addr) || got.IPHash == "" {
		t.Errorf("ip hash = %q, want %q", got.IPHash, hashIP(secret, client.Addr))
	}
	must(t, e.st.Close()) // checkpoints the WAL into the file
	// The address appears nowhere in the database files.
	files, _ := filepath.Glob(filepath.Join(filepath.Dir(e.path), "*"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		must(t, err)
		if bytes.Contains(data, []byte(client.Addr)) {
			t.Errorf("%s holds the address in clear", filepath.Base(f))
		}
	}
}

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

// TestPostingNeverWaitsForTheMailServer runs the mail worker against an
// SMTP server that accepts connections and never answers: posting goes on
// at full speed, the worker is stuck, and stopping the server ends it.
func TestPostingNeverWaitsForTheMailServer(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	must(t, err)
	accepted := make(chan net.Conn, 10)
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			accepted <- c // held open, never greeted
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		close(accepted)
		for c := range accepted {
			c.Close()
		}
	})
	port := ln.Addr().(*net.TCPAddr).Port
	q := mail.NewQueue(e.st, mail.NewSender(mail.Config{Host: "127.0.0.1", Port: port, From: "news@news.example", Timeout: time.Hour}), nil)
	e.svc.mailer = q
	ctx, cancel := context.WithCancel(context.Background())
	stopped := make(chan error, 1)
	go func() { stopped <- q.Run(ctx) }()

	e.post(e.form("First comment"))
	select {
	case <-accepted: // the worker is now waiting on the silent server
	case <-time.After(10 * time.Second):
		t.Fatal("the worker never connected")
	}
	posted := make(chan error, 1)
	go func() {
		for i := range 3 {
			if _, _, err := e.svc.Post(context.Background(), e.form(fmt.Sprintf("Comment %d", i+2)), ClientInfo{}); err != nil {
				posted <- err
				return
			}
		}
		posted <- nil
	}()
	select {
	case err := <-posted:
		must(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("posting waited for the stalled mail server")
	}
	cancel()
	select {
	case <-stopped:
	case <-time.After(10 * time.Second):
		t.Fatal("the mail worker did not stop")
	}
	if n, _ := e.st.CountComments(context.Background(), content.CommentApproved); n != 4 {
		t.Errorf("%d approved comments, want 4", n)
	}
	if _, err := e.st.MailByID(context.Background(), 1); errors.Is(err, store.ErrNotFound) {
		t.Error("no mail was queued")
	}
}

func TestOneEmailIsLimitedWhateverTheAddress(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ctx := context.Background()
	for i := range 5 {
		e.clock.Advance(time.Minute)
		at := ClientInfo{Addr: fmt.Sprintf("198.51.100.%d", i+1)}
		if _, _, err := e.svc.Post(ctx, e.form(fmt.Sprintf("Comment number %d", i+1)), at); err != nil {
			t.Fatalf("comment %d: %v", i+1, err)
		}
	}
	_, o, err := e.svc.Post(ctx, e.form("Comment number 6", from("NOK@example.com")), ClientInfo{Addr: "198.51.100.99"})
	var r *Refusal
	if o != Refused || !errors.As(err, &r) || !errors.Is(err, ErrTooFast) || r.Status != 429 || r.RetryAfter != 6*time.Minute {
		t.Fatalf("sixth comment from the same email: outcome %s, err %v", o, err)
	}
	if r.Message != "You are posting comments too quickly. Please wait 6 minutes and try again." {
		t.Errorf("message = %q", r.Message)
	}
	// The refusal did not use up the new address's allowance.
	for i := range 5 {
		if _, _, err := e.svc.Post(ctx, e.form(fmt.Sprintf("Hello %d", i), from(fmt.Sprintf("other%d@example.com", i))), ClientInfo{Addr: "198.51.100.99"}); err != nil {
			t.Fatalf("another writer at that address, comment %d: %v", i+1, err)
		}
	}
	if n := e.count(); n != 10 {
		t.Errorf("%d comments stored, want 10", n)
	}
}

func TestEmailRateLimitIsConfigurable(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	svc, err := New(e.st, Config{Secret: secret, Now: e.clock.Now, Policy: func(context.Context) (Policy, error) { return e.policy, nil },
		EmailRateLimit: 2, EmailRateWindow: time.Hour, RateLimit: 100})
	must(t, err)
	e.svc = svc
	ctx := context.Background()
	for i := range 2 {
		if _, _, err := svc.Post(ctx, e.form(fmt.Sprint("Comment ", i)), client); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := svc.Post(ctx, e.form("Comment 3"), client); !errors.Is(err, ErrTooFast) {
		t.Fatalf("third comment in the hour: %v", err)
	}
	e.clock.Advance(time.Hour)
	if _, _, err := svc.Post(ctx, e.form("Comment 4"), client); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
}
