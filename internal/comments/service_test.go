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
