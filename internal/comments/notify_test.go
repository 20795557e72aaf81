package comments

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/content"
	"dateline/internal/mail"
)

func TestANewCommentIsMailedToTheAuthorAndTheModerators(t *testing.T) {
	e := newEnv(t)
	e.post(e.form("Water is up to the knees on Charoen Krung.", func(f *Form) { f.URL = "https://nok.example" }))
	sent := e.mails()
	// The article's author and every editor and admin, once each; not the
	// contributor nor the other author.
	if got := recipients(sent); got != "ana@newsroom.example kit@newsroom.example mai@newsroom.example" {
		t.Fatalf("mail went to %q", got)
	}
	link := "https://news.example" + e.article.Path(content.DefaultSettings().Zone())
	for _, m := range sent {
		moderator := m.To[0] != "ana@newsroom.example"
		if m.Subject != `[The Dateline] Please moderate: "Floods reach the old city"` {
			t.Errorf("subject = %q", m.Subject)
		}
		for _, want := range []string{"Water is up to the knees on Charoen Krung.", "Author: Nok Somchai",
			"Website: https://nok.example", "The article: " + link} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("mail to %s lacks %q:\n%s", m.To[0], want, m.Text)
			}
		}
		queue := "Moderate comments: https://news.example/admin/comments?status=pending"
		if strings.Contains(m.Text, queue) != moderator || strings.Contains(m.Text, "nok@example.com") != moderator {
			t.Errorf("mail to %s: the queue link and the writer's email are for moderators only:\n%s", m.To[0], m.Text)
		}
	}
}

func TestAnApprovedCommentMailLinksToTheComment(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	c, _ := e.post(e.form("Published at once"))
	sent := e.mails()
	if len(sent) == 0 {
		t.Fatal("no mail")
	}
	want := fmt.Sprintf("Read it on the site: https://news.example%s#comment-%d", e.article.Path(content.DefaultSettings().Zone()), c.ID)
	if !strings.Contains(sent[0].Text, want) || sent[0].Subject != `[The Dateline] New comment on "Floods reach the old city"` {
		t.Errorf("mail %q:\n%s", sent[0].Subject, sent[0].Text)
	}
}

func TestAStaffMemberCommentingIsNotMailedAboutTheirOwnComment(t *testing.T) {
	e := newEnv(t)
	e.post(e.form("A note from the desk", from("kit@newsroom.example")))
	if got := recipients(e.mails()); strings.Contains(got, "kit@newsroom.example") {
		t.Errorf("mail went to %q", got)
	}
}

func TestRepliesAreMailedToSubscribersWithAnUnsubscribeLink(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ctx := context.Background()
	parent, _ := e.post(e.form("Is the bridge open?", subscribed))
	e.mails()

	reply, _ := e.post(e.form("Yes, since this morning.", from("lee@example.com"), replyTo(parent.ID),
		func(f *Form) { f.Author = "Lee" }))
	m := replyMails(e.mails())
	if len(m) != 1 || m[0].To[0] != "nok@example.com" {
		t.Fatalf("reply mails = %+v", m)
	}
	if m[0].Subject != `[The Dateline] New reply to your comment on "Floods reach the old city"` {
		t.Errorf("subject = %q", m[0].Subject)
	}
	for _, want := range []string{"Hello Nok Somchai,", "Lee replied to your comment", "Yes, since this morning.",
		fmt.Sprintf("#comment-%d", reply.ID)} {
		if !strings.Contains(m[0].Text, want) {
			t.Errorf("mail lacks %q:\n%s", want, m[0].Text)
		}
	}
	link := strings.Trim(m[0].Headers["List-Unsubscribe"], "<>")
	if m[0].Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.Contains(m[0].Text, link) {
		t.Errorf("headers %v; the text should hold the same link", m[0].Headers)
	}
	u, err := url.Parse(link)
	must(t, err)
	if u.Host != "news.example" || u.Path != "/comments/unsubscribe" || u.Query().Get("c") != fmt.Sprint(parent.ID) {
		t.Fatalf("unsubscribe link = %s", link)
	}

	// A forged token changes nothing; the real one stops the mail.
	if err := e.svc.Unsubscribe(ctx, parent.ID, strings.Repeat("0", 32)); !errors.Is(err, ErrBadLink) {
		t.Errorf("forged token: %v", err)
	}
	if err := e.svc.Unsubscribe(ctx, 424242, u.Query().Get("t")); !errors.Is(err, ErrBadLink) {
		t.Errorf("token for a missing comment: %v", err)
	}
	must(t, e.svc.Unsubscribe(ctx, parent.ID, u.Query().Get("t")))
	must(t, e.svc.Unsubscribe(ctx, parent.ID, u.Query().Get("t"))) // twice is fine
	e.post(e.form("Another reply", from("lee@example.com"), replyTo(parent.ID)))
	if m := replyMails(e.mails()); len(m) != 0 {
		t.Errorf("mail after unsubscribing: %+v", m)
	}
}

func TestReplyMailWaitsForApproval(t *testing.T) {
	e := newEnv(t)
	ctx := context.Background()
	parent := e.approved("nok@example.com", "Is the bridge open?", 0)
	must(t, e.st.SetReplySubscription(ctx, parent.ID, true))

	reply, o := e.post(e.form("Held reply", from("stranger@example.com"), replyTo(parent.ID)))
	if o != Held {
		t.Fatalf("outcome %s", o)
	}
	if m := replyMails(e.mails()); len(m) != 0 {
		t.Fatalf("a held reply was mailed to the subscriber: %+v", m)
	}
	must(t, e.svc.SetStatus(ctx, e.editor, reply.ID, content.CommentApproved))
	if m := replyMails(e.mails()); len(m) != 1 || m[0].To[0] != "nok@example.com" {
		t.Fatalf("after approval: %+v", m)
	}
	// Approving what is already approved sends nothing more.
	must(t, e.svc.SetStatus(ctx, e.editor, reply.ID, content.CommentApproved))
	if m := replyMails(e.mails()); len(m) != 0 {
		t.Errorf("approving an approved reply mailed again: %+v", m)
	}
}

func TestNoReplyMailWithoutASubscriptionOrToOneself(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ctx := context.Background()
	quiet, _ := e.post(e.form("I did not ask for mail", from("quiet@example.com")))
	loud, _ := e.post(e.form("I asked for mail", subscribed))
	e.mails()
	e.post(e.form("Reply to the quiet one", from("lee@example.com"), replyTo(quiet.ID)))
	e.post(e.form("Replying to myself", replyTo(loud.ID)))
	if m := replyMails(e.mails()); len(m) != 0 {
		t.Errorf("reply mails: %+v", m)
	}
	r, err := e.svc.ReplyAsStaff(ctx, e.editor, loud.ID, "The desk answers")
	must(t, err)
	m := replyMails(e.mails())
	if len(m) != 1 || !strings.Contains(m[0].Text, "Kit Chai replied") || !strings.Contains(m[0].Text, fmt.Sprint(r.ID)) {
		t.Errorf("staff reply mails: %+v", m)
	}
}

func TestSpamNeverMailsAnyone(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode, p.Blocklist = ApproveAll, []string{"casino"} })
	parent, _ := e.post(e.form("A real comment", subscribed))
	e.mails()
	for _, f := range []Form{
		e.form("Casino bonus", from("bot@example.com"), replyTo(parent.ID)),
		e.form("Nice", from("bot2@example.com"), replyTo(parent.ID), func(f *Form) { f.Honeypot = "x" }),
	} {
		if _, o, err := e.svc.Post(context.Background(), f, ClientInfo{}); err != nil || o != Spam {
			t.Fatalf("outcome %s, err %v", o, err)
		}
	}
	if sent := e.mails(); len(sent) != 0 {
		t.Errorf("spam mailed %s", recipients(sent))
	}
}

func TestASiteWithoutAMailerPostsQuietly(t *testing.T) {
	e := newEnv(t)
	e.svc.mailer = nil
	if _, o := e.post(e.form("No mail here")); o != Held {
		t.Errorf("outcome %s", o)
	}
}

func TestMailLinksFollowTheOneBaseURLRule(t *testing.T) {
	e := newEnv(t)
	svc, err := New(e.st, Config{Secret: secret, BaseURL: "https://www.dateline.example/", Mailer: e.queue, Now: e.clock.Now})
	must(t, err)
	links := func(want, other string) {
		t.Helper()
		sent := e.mails()
		if len(sent) == 0 {
			t.Fatal("no mail was sent")
		}
		for _, m := range sent {
			if !strings.Contains(m.Text, want+"/20") || strings.Contains(m.Text, other) {
				t.Errorf("links in %q should start %s:\n%s", m.Subject, want, m.Text)
			}
		}
	}
	// The address an administrator set wins over the configured one.
	if _, _, err := svc.Post(context.Background(), e.form("Hello"), client); err != nil {
		t.Fatal(err)
	}
	links("https://news.example", "dateline.example")

	// Without one, the configured address stands in.
	set, err := e.st.Settings(context.Background())
	must(t, err)
	set.BaseURL = ""
	must(t, e.st.SaveSettings(context.Background(), set))
	if _, _, err := svc.Post(context.Background(), e.form("Hello again"), client); err != nil {
		t.Fatal(err)
	}
	links("https://www.dateline.example", "news.example")

	if _, err := New(e.st, Config{Secret: []byte("short")}); err == nil {
		t.Error("a short secret was accepted")
	}
}

func replyMails(list []mail.Message) []mail.Message {
	var out []mail.Message
	for _, m := range list {
		if strings.Contains(m.Subject, "New reply to your comment") {
			out = append(out, m)
		}
	}
	return out
}
