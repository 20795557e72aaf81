package site_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"dateline/internal/clock"
	"dateline/internal/comments"
	"dateline/internal/site"
)

// withClock gives the site, and the comment service when it comes after
// in the options, a clock the test moves.
func withClock(c *clock.Fake) option {
	return func(cfg *site.Config) { cfg.Now = c.Now }
}

const kremlinPath = "/2025/07/14/kremlin-signals-new-talks/"

// formStamp reads the page stamp off the comment form of a page.
func formStamp(t *testing.T, body string) string {
	t.Helper()
	in := first(parse(t, body), "[name=dl_ts]")
	if in == nil || attr(in, "type") != "hidden" {
		t.Fatal("the comment form has no hidden dl_ts field")
	}
	return attr(in, "value")
}

func TestTheCommentFormCarriesTheSameSignedStampForEveryone(t *testing.T) {
	n := newNewsroom(t, withComments(t))
	one, two := n.get(t, kremlinPath), n.get(t, kremlinPath)
	if one.Body.String() != two.Body.String() {
		t.Error("two visitors got different article pages")
	}
	if cc := one.Header().Get("Cache-Control"); !strings.Contains(cc, "max-age") || strings.Contains(cc, "no-store") {
		t.Errorf("the article page is not cacheable: %q", cc)
	}
	stamp := formStamp(t, one.Body.String())
	if want := n.stamp(t, now); stamp != want {
		t.Errorf("stamp %q, want %q, the time the page was made, signed", stamp, want)
	}
	if !strings.HasPrefix(stamp, fmt.Sprint(now.Unix())+".") {
		t.Errorf("stamp %q does not start with the page's Unix time", stamp)
	}
}

func TestAFormSentTooSoonComesBackAskingToWait(t *testing.T) {
	const wait = "Your comment was sent very quickly after the page opened. Please wait a moment and send it again."
	clock := clock.NewFake(now)
	n := newNewsroom(t, withClock(clock), withComments(t))
	good := func(stamp string) url.Values {
		return url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"Quick <b>thoughts</b>"},
			"author": {"Ann"}, "email": {"ann@example.com"}, "dl_ts": {stamp}}
	}
	fresh := n.stamp(t, now.Add(-time.Second))
	forged := fmt.Sprint(now.Add(-time.Hour).Unix()) + "." + strings.Repeat("0", 32)
	cases := []struct {
		name, path string
		form       url.Values
		keepsStamp bool // the form shown again has the reader's stamp, else a fresh one
	}{
		{"a form sent a second after its page", "/comments/", good(fresh), true},
		{"a form without a stamp", "/comments/", good(""), false},
		{"a form with a forged stamp", "/comments/", good(forged), false},
		{"an old theme's form at the WordPress address, without a stamp", "/wp-comments-post.php",
			// (an empty dl_ts reads as none, and stops n.post adding one)
			url.Values{"comment_post_ID": {fmt.Sprint(n.kremlin.ID)}, "comment": {"From an old page"}, "author": {"Ann"},
				"email": {"ann@example.com"}, "dl_ts": {""}}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			form := tc.form
			rec := n.post(t, tc.path, form, nil)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", rec.Code)
			}
			doc := parse(t, rec.Body.String())
			if got := text(first(doc, ".form-errors")); got != wait {
				t.Errorf("message %q, want %q", got, wait)
			}
			if got := text(first(doc, "#comment")); got != form.Get("comment") {
				t.Errorf("the comment box holds %q, want the reader's text", got)
			}
			if rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("Cache-Control %q", rec.Header().Get("Cache-Control"))
			}
			stamp := formStamp(t, rec.Body.String())
			switch {
			case tc.keepsStamp && stamp != form.Get("dl_ts"):
				t.Errorf("the form came back with stamp %q, want the reader's own", stamp)
			case !tc.keepsStamp && stamp != n.stamp(t, clock.Now()):
				t.Errorf("the form came back with stamp %q, want a fresh one", stamp)
			}
			// Waiting a moment and sending the form as it came back works.
			clock.Advance(3 * time.Second)
			again := url.Values{}
			for _, in := range all(doc, "input") {
				if name := attr(in, "name"); name != "" && attr(in, "type") != "checkbox" {
					again.Set(name, attr(in, "value"))
				}
			}
			again.Set("comment", text(first(doc, "#comment")))
			if rec := n.post(t, "/comments/", again, nil); rec.Code != http.StatusSeeOther {
				t.Errorf("sent again three seconds later: status %d, want 303", rec.Code)
			}
			clock.Advance(24 * time.Hour) // clear of the rate limits and the repeat check
		})
	}
}

func TestFormMistakesAreShownBeforeTheWait(t *testing.T) {
	n := newNewsroom(t, withComments(t))
	rec := n.post(t, "/comments/", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"No name"},
		"email": {"a@example.com"}, "dl_ts": {n.stamp(t, now)}}, nil)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("status %d", rec.Code)
	}
	if got := text(first(parse(t, rec.Body.String()), "#author-error")); got != "Please enter your name here" {
		t.Errorf("author error %q", got)
	}
}

func TestTheWaitCanBeTurnedOffInTheSettings(t *testing.T) {
	n := newNewsroom(t, func(c *site.Config) {
		secret, err := c.Store.Secret(context.Background(), "comments")
		must(t, err)
		policy := comments.DefaultPolicy()
		policy.MinSeconds = 0
		svc, err := comments.New(c.Store, comments.Config{Secret: secret, Now: c.Now,
			Policy: func(context.Context) (comments.Policy, error) { return policy, nil }})
		must(t, err)
		c.Comments = svc
	})
	rec := n.post(t, "/comments/", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"Hello"},
		"author": {"Ann"}, "email": {"ann@example.com"}, "dl_ts": {""}}, nil)
	if rec.Code != http.StatusSeeOther {
		t.Errorf("status %d, want 303", rec.Code)
	}
}
