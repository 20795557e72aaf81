package site_test

import (
	"context"
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/site"
)

// withAkismet gives the newsroom a comment service that asks an Akismet
// server speaking the real format, as serve wires it.
func withAkismet(t *testing.T, answer func(form url.Values) (status int, body string)) option {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.ParseForm()
		status, body := answer(r.PostForm)
		w.WriteHeader(status)
		w.Write([]byte(body))
	}))
	t.Cleanup(srv.Close)
	return func(c *site.Config) {
		secret, err := c.Store.Secret(context.Background(), "comments")
		must(t, err)
		policy := comments.DefaultPolicy()
		policy.Mode, policy.AkismetKey, policy.AkismetURL = comments.ApproveAll, "abc123", srv.URL
		svc, err := comments.New(c.Store, comments.Config{Secret: secret, Now: c.Now,
			Policy:    func(context.Context) (comments.Policy, error) { return policy, nil },
			SpamCheck: comments.AkismetFromPolicy(srv.Client())})
		must(t, err)
		c.Comments = svc
	}
}

func TestSpamLooksToItsSenderLikeAHeldComment(t *testing.T) {
	n := newNewsroom(t, withAkismet(t, func(f url.Values) (int, string) {
		if f.Get("user_ip") != "192.0.2.10" || f.Get("comment_type") != "comment" {
			return http.StatusOK, "invalid"
		}
		if strings.Contains(f.Get("comment_content"), "casino") {
			return http.StatusOK, "true"
		}
		return http.StatusOK, "false"
	}))
	post := func(body, email string) (string, content.Comment) {
		t.Helper()
		rec := n.post(t, "/comments/", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {body},
			"author": {"Reader"}, "email": {email}}, nil)
		if rec.Code != http.StatusSeeOther {
			t.Fatalf("%q: status %d, want 303", body, rec.Code)
		}
		loc := rec.Header().Get("Location")
		m := commentAnchor.FindStringSubmatch(loc)
		if m == nil {
			t.Fatalf("Location %q", loc)
		}
		var id int64
		fmt.Sscan(m[1], &id)
		c, err := n.st.CommentByID(context.Background(), id)
		must(t, err)
		return loc, c
	}
	loc, spam := post("Best casino bonus", "bot@example.com")
	if spam.Status != content.CommentSpam || !strings.Contains(loc, "unapproved=") {
		t.Fatalf("stored as %s, sent to %q; want spam, answered as held", spam.Status, loc)
	}
	if !strings.Contains(text(n.page(t, strings.Split(loc, "#")[0])), "Your comment is awaiting moderation.") {
		t.Error("the sender of spam is not told it awaits moderation like anyone else")
	}
	if _, ham := post("A fair point about the talks", "reader@example.com"); ham.Status != content.CommentApproved {
		t.Errorf("a clean comment stored as %s, want approved", ham.Status)
	}
}

func TestAnAkismetOutageHoldsCommentsInsteadOfLosingThem(t *testing.T) {
	n := newNewsroom(t, withAkismet(t, func(url.Values) (int, string) { return http.StatusServiceUnavailable, "down" }))
	rec := n.post(t, "/comments/", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"Still here"},
		"author": {"Reader"}, "email": {"reader@example.com"}}, nil)
	if rec.Code != http.StatusSeeOther || !strings.Contains(rec.Header().Get("Location"), "unapproved=") {
		t.Fatalf("status %d, Location %q; want 303 to the held comment", rec.Code, rec.Header().Get("Location"))
	}
	held := storedComments(t, n.st, n.kremlin.ID)
	if last := held[len(held)-1]; last.Body != "Still here" || last.Status != content.CommentPending {
		t.Errorf("last comment %q is %s, want the new one held", last.Body, last.Status)
	}
}

func TestCrossOriginPostsAreRefusedByTheBrowsersHeaders(t *testing.T) {
	n := newNewsroom(t, withComments(t))
	form := url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"Hello"}, "author": {"Ann"}, "email": {"ann@example.com"}}
	cases := []struct {
		name   string
		header map[string]string
		status int
	}{
		{"Sec-Fetch-Site cross-site", map[string]string{"Sec-Fetch-Site": "cross-site"}, http.StatusForbidden},
		{"Sec-Fetch-Site same-site (another subdomain)", map[string]string{"Sec-Fetch-Site": "same-site"}, http.StatusForbidden},
		{"an Origin of another site, from an older browser", map[string]string{"Origin": "https://evil.example"}, http.StatusForbidden},
		{"Sec-Fetch-Site same-origin", map[string]string{"Sec-Fetch-Site": "same-origin"}, http.StatusSeeOther},
		{"the site's own Origin", map[string]string{"Origin": "http://example.com"}, http.StatusSeeOther},
		{"no browser headers at all (not a browser's form)", map[string]string{"Sec-Fetch-Site": ""}, http.StatusForbidden},
	}
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			f := maps.Clone(form)
			f.Set("email", fmt.Sprintf("ann%d@example.com", i))
			if rec := n.postFrom(t, fmt.Sprintf("198.51.100.%d", i+1), "/comments/", f, tc.header); rec.Code != tc.status {
				t.Errorf("status %d, want %d", rec.Code, tc.status)
			}
		})
	}
}
