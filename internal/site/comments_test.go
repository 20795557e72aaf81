package site_test

import (
	"context"
	"fmt"
	"maps"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"dateline/internal/comments"
	"dateline/internal/site"
)

// withComments gives the newsroom a real comment service on its store.
func withComments(t *testing.T) option {
	t.Helper()
	return func(c *site.Config) {
		secret, err := c.Store.Secret(context.Background(), "comments")
		must(t, err)
		svc, err := comments.New(c.Store, comments.Config{Secret: secret, Now: c.Now})
		must(t, err)
		c.Comments = svc
	}
}

// stamp is the comment form's page stamp for a page served at.
func (n *newsroom) stamp(t *testing.T, at time.Time) string {
	t.Helper()
	secret, err := n.st.Secret(context.Background(), "comments")
	must(t, err)
	svc, err := comments.New(n.st, comments.Config{Secret: secret})
	must(t, err)
	return svc.FormStamp(at)
}

// post sends a form as a browser would from a page served a minute ago,
// unless the form has a page stamp of its own (even an empty one).
func (n *newsroom) post(t *testing.T, path string, form url.Values, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	return n.postFrom(t, "192.0.2.10", path, form, header)
}

// postFrom is post from the client address addr.
func (n *newsroom) postFrom(t *testing.T, addr, path string, form url.Values, header map[string]string) *httptest.ResponseRecorder {
	t.Helper()
	if _, ok := form[comments.FieldStamp]; !ok {
		form = maps.Clone(form)
		form.Set(comments.FieldStamp, n.stamp(t, now.Add(-time.Minute)))
	}
	req := httptest.NewRequest(http.MethodPost, path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.RemoteAddr = net.JoinHostPort(addr, "5000")
	// A browser says where its form comes from; an older one only in
	// Origin. A header given as "" is left out.
	if _, ok := header["Origin"]; !ok {
		req.Header.Set("Sec-Fetch-Site", "same-origin")
	}
	for k, v := range header {
		if v == "" {
			req.Header.Del(k)
		} else {
			req.Header.Set(k, v)
		}
	}
	rec := httptest.NewRecorder()
	n.handler.ServeHTTP(rec, req)
	return rec
}

func TestCommentFormSaysWhatIsMissing(t *testing.T) {
	opt := withComments(t)
	n := newNewsroom(t, opt)
	id := fmt.Sprint(n.kremlin.ID)
	cases := []struct {
		name         string
		form         url.Values
		field, error string
	}{
		{"an empty form asks for the comment", url.Values{"article_id": {id}}, "comment", "Please enter your comment!"},
		{"a comment without a name asks for the name", url.Values{"article_id": {id}, "comment": {"Well said."}, "email": {"a@example.com"}},
			"author", "Please enter your name here"},
		{"a bad email address is refused", url.Values{"article_id": {id}, "comment": {"Well said."}, "author": {"Ann"}, "email": {"nope"}},
			"email", "You have entered an incorrect email address!"},
		{"a website must be http or https", url.Values{"article_id": {id}, "comment": {"Hi"}, "author": {"Ann"}, "email": {"a@example.com"}, "url": {"javascript:alert(1)"}},
			"url", "Please enter a website address starting with http:// or https://"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := n.post(t, "/comments/", tc.form, nil)
			if rec.Code != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", rec.Code)
			}
			doc := parse(t, rec.Body.String())
			if got := text(first(doc, "#"+tc.field+"-error")); got != tc.error {
				t.Errorf("message next to %s = %q, want %q", tc.field, got, tc.error)
			}
			if got := text(first(doc, "h1")); got != "Kremlin signals new talks" {
				t.Errorf("the article is not shown again: h1 %q", got)
			}
			if c := tc.form.Get("comment"); c != "" && text(first(doc, "#comment")) != c {
				t.Errorf("the reader's comment was not kept")
			}
			if rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("a refused form must not be cached: %q", rec.Header().Get("Cache-Control"))
			}
		})
	}
}

func TestAHeldCommentIsShownOnlyToItsWriter(t *testing.T) {
	opt := withComments(t)
	n := newNewsroom(t, opt)
	rec := n.post(t, "/comments/", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"First time here <script>x</script>"},
		"author": {"New Reader"}, "email": {"new@example.com"}}, nil)
	if rec.Code != http.StatusSeeOther {
		t.Fatalf("status %d, want 303", rec.Code)
	}
	loc := rec.Header().Get("Location")
	if !strings.HasPrefix(loc, "/2025/07/14/kremlin-signals-new-talks/?unapproved=") || !strings.Contains(loc, "#comment-") {
		t.Fatalf("Location = %q", loc)
	}
	mine := n.get(t, strings.Split(loc, "#")[0])
	if !strings.Contains(text(parse(t, mine.Body.String())), "Your comment is awaiting moderation.") {
		t.Error("the writer does not see their held comment")
	}
	if strings.Contains(mine.Body.String(), "<script>x</script>") {
		t.Error("comment HTML reached the page")
	}
	if mine.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("the writer's page is cacheable: %q", mine.Header().Get("Cache-Control"))
	}
	reply := n.post(t, "/comments/", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"A held reply"},
		"author": {"Another New"}, "email": {"another@example.com"}, "parent": {fmt.Sprint(n.comments["first"])}}, nil)
	replyDoc := parse(t, n.get(t, strings.Split(reply.Header().Get("Location"), "#")[0]).Body.String())
	held := first(replyDoc, ".comment-pending")
	if held == nil || !contains(first(replyDoc, fmt.Sprintf("#comment-%d", n.comments["first"])), held) {
		t.Error("a held reply is not shown under the comment it answers")
	}
	everyone := n.get(t, "/2025/07/14/kremlin-signals-new-talks/")
	if strings.Contains(everyone.Body.String(), "First time here") {
		t.Error("a held comment is public")
	}
	forged := n.get(t, strings.Split(strings.Split(loc, "#")[0], "&moderation-hash=")[0]+"&moderation-hash=00")
	if strings.Contains(forged.Body.String(), "First time here") {
		t.Error("a wrong hash shows the held comment")
	}
}

func TestAKnownCommenterIsPublishedAtOnce(t *testing.T) {
	opt := withComments(t)
	n := newNewsroom(t, opt)
	rec := n.post(t, "/comments/", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"Back again."},
		"author": {"Nok"}, "email": {"nok@example.com"}, "parent": {fmt.Sprint(n.comments["first"])}}, nil)
	loc := rec.Header().Get("Location")
	if rec.Code != http.StatusSeeOther || strings.Contains(loc, "unapproved") {
		t.Fatalf("%d %q, want a redirect to the published comment", rec.Code, loc)
	}
	doc := n.page(t, "/2025/07/14/kremlin-signals-new-talks/")
	id := strings.TrimPrefix(loc[strings.Index(loc, "#"):], "#")
	c := first(doc, "#"+id)
	if c == nil || !strings.Contains(text(c), "Back again.") {
		t.Fatal("the approved comment is not on the page")
	}
	if !contains(first(doc, fmt.Sprintf("#comment-%d", n.comments["first"])), c) {
		t.Error("the reply is not under its parent")
	}
}

func TestCommentPostsThatMustBeRefused(t *testing.T) {
	opt := withComments(t)
	n := newNewsroom(t, opt)
	good := url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"Hello"}, "author": {"Ann"}, "email": {"ann@example.com"}}
	cases := []struct {
		name   string
		form   url.Values
		header map[string]string
		status int
	}{
		{"a post from another site", good, map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}, http.StatusForbidden},
		{"an article id that is not a number", url.Values{"article_id": {"x"}, "comment": {"Hi"}}, nil, http.StatusBadRequest},
		{"an article that does not exist", url.Values{"article_id": {"99999"}, "comment": {"Hi"}}, nil, http.StatusNotFound},
		{"a draft", url.Values{"article_id": {fmt.Sprint(n.draft.ID)}, "comment": {"Hi"}}, nil, http.StatusNotFound},
		{"a huge body", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {strings.Repeat("x", 100<<10)}}, nil, http.StatusRequestEntityTooLarge},
		{"a comment full of NUL bytes", url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {"\x00\x00"}, "author": {"A"}, "email": {"a@example.com"}}, nil, http.StatusUnprocessableEntity},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if rec := n.post(t, "/comments/", tc.form, tc.header); rec.Code != tc.status {
				t.Errorf("status %d, want %d", rec.Code, tc.status)
			}
		})
	}
}
