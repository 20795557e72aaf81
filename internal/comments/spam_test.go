package comments

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
)

// verdict is a spam checker that answers what it is told and keeps what
// it was asked.
type verdict struct {
	spam bool
	err  error

	mu    sync.Mutex
	asked []Candidate
}

func (v *verdict) Check(_ context.Context, c Candidate) (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.asked = append(v.asked, c)
	return v.spam, v.err
}

// withSpamCheck rebuilds the env's service with a spam checker and a log
// the test can read.
func (e *env) withSpamCheck(check SpamCheckers) *bytes.Buffer {
	e.t.Helper()
	var log bytes.Buffer
	svc, err := New(e.st, Config{
		Secret:    secret,
		Policy:    func(context.Context) (Policy, error) { return e.policy, nil },
		Mailer:    e.queue,
		Now:       e.clock.Now,
		Logger:    slog.New(slog.NewTextHandler(&log, nil)),
		SpamCheck: check,
	})
	must(e.t, err)
	e.svc = svc
	return &log
}

func always(c SpamChecker) SpamCheckers { return func(Policy) SpamChecker { return c } }

var browser = ClientInfo{Addr: "203.0.113.7", UserAgent: "Mozilla/5.0 (Phone)", Referrer: "https://news.example/2025/07/14/floods/"}

func TestTheSpamCheckerDecidesSpamSilently(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	check := &verdict{spam: true}
	e.withSpamCheck(always(check))
	parent := e.approved("lee@example.com", "Earlier", 0)
	must(t, e.st.SetReplySubscription(context.Background(), parent.ID, true))
	c, o, err := e.svc.Post(context.Background(), e.form("Buy cheap watches", replyTo(parent.ID), subscribed), browser)
	if err != nil || o != Spam {
		t.Fatalf("outcome %s, err %v; want spam", o, err)
	}
	if got := e.stored(c.ID); got.Status != content.CommentSpam {
		t.Errorf("stored as %s, want spam", got.Status)
	}
	if sent := e.mails(); len(sent) != 0 {
		t.Errorf("spam mailed %s", recipients(sent))
	}
	if len(check.asked) != 1 {
		t.Fatalf("the checker was asked %d times", len(check.asked))
	}
	want := Candidate{Blog: "https://news.example/", Addr: browser.Addr, UserAgent: browser.UserAgent, Referrer: browser.Referrer,
		Permalink: "https://news.example" + e.article.Path(time.UTC), Author: "Nok Somchai", Email: "nok@example.com",
		Body: "Buy cheap watches", Lang: "en", PostedAt: start}
	if got := check.asked[0]; got != want {
		t.Errorf("the checker was told\n%+v\nwant\n%+v", got, want)
	}
}

func TestACleanVerdictLeavesTheOtherRulesToDecide(t *testing.T) {
	e := newEnv(t)
	e.withSpamCheck(always(&verdict{spam: false}))
	if _, o := e.post(e.form("A first comment")); o != Held {
		t.Errorf("a first comment: %s, want held as the policy says", o)
	}
}

func TestAFailingSpamCheckerHoldsTheComment(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	log := e.withSpamCheck(always(&verdict{err: errors.New("connection refused")}))
	c, o := e.post(e.form("Worth keeping"))
	if o != Held || e.stored(c.ID).Status != content.CommentPending {
		t.Errorf("outcome %s, stored %s; want held for a moderator", o, e.stored(c.ID).Status)
	}
	if !strings.Contains(log.String(), "spam check failed") || !strings.Contains(log.String(), "connection refused") {
		t.Errorf("the failure was not logged:\n%s", log)
	}
}

func TestTheSiteRulesAreAskedBeforeTheChecker(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Blocklist = []string{"casino"} })
	check := &verdict{}
	e.withSpamCheck(always(check))
	e.svc.Post(context.Background(), e.form("Casino!"), client)
	e.svc.Post(context.Background(), e.form("Hi", from("bot@example.com"), func(f *Form) { f.Honeypot = "x" }), client)
	e.svc.Post(context.Background(), e.form(""), client)
	if len(check.asked) != 0 {
		t.Errorf("the checker was asked %d times about what the site's own rules settle", len(check.asked))
	}
}

func TestTheAddressIsToldToTheCheckerButNotStored(t *testing.T) {
	e := newEnv(t)
	check := &verdict{}
	e.withSpamCheck(always(check))
	c, _ := e.post(e.form("Hello"))
	if check.asked[0].Addr != client.Addr {
		t.Errorf("the checker was told %q", check.asked[0].Addr)
	}
	if got := e.stored(c.ID).IPHash; got == client.Addr || strings.Contains(got, client.Addr) {
		t.Errorf("the address was stored: %q", got)
	}
}

func TestAkismetIsAskedWhenThePolicyHasAKey(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		mu.Lock()
		asked = append(asked, r.PostForm.Get("api_key")+" "+r.PostForm.Get("comment_content"))
		mu.Unlock()
		if strings.Contains(r.PostForm.Get("comment_content"), "viagra") {
			w.Write([]byte("true"))
			return
		}
		w.Write([]byte("false"))
	}))
	defer srv.Close()
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	e.withSpamCheck(AkismetFromPolicy(srv.Client()))
	if _, o := e.post(e.form("Cheap viagra")); o != Approved {
		t.Errorf("without a key: %s, want approved", o)
	}
	e.policy.AkismetKey, e.policy.AkismetURL = "abc123", srv.URL
	if _, o := e.post(e.form("Cheap viagra here", from("bot@example.com"))); o != Spam {
		t.Errorf("with a key: %s, want spam", o)
	}
	if _, o := e.post(e.form("Lovely photos", from("lee@example.com"))); o != Approved {
		t.Errorf("a clean comment with a key: %s, want approved", o)
	}
	if strings.Join(asked, "|") != "abc123 Cheap viagra here|abc123 Lovely photos" {
		t.Errorf("Akismet was asked %q", asked)
	}
}
