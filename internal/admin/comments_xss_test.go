package admin_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/content"
	"dateline/internal/web/webtest"
)

// TestQueueEscapesHostileComments stores a comment carrying each payload
// of the comments' XSS corpus in every field, then reads the queue and the
// edit and reply pages: no payload may add an element or an attribute the
// page does not have with harmless words, run script, or leave a
// javascript: address behind.
func TestQueueEscapesHostileComments(t *testing.T) {
	t.Parallel()
	payloads := webtest.XSSCorpus(t, "../comments/testdata/xss.txt")
	d := newDiscussion(t)
	b := d.signIn(content.RoleEditor)
	ctx := context.Background()

	// What the pages hold with harmless words is all they may hold.
	clean := d.comment(d.article, "Anna Berg", content.CommentPending, time.Hour)
	allowed := vocabulary(page(t, b.get("/admin/comments/")))
	for k := range vocabulary(page(t, b.get("/admin/comments/"+itoa(clean.ID)+"/edit"))) {
		allowed[k] = true
	}
	for k := range vocabulary(page(t, b.get("/admin/comments/"+itoa(clean.ID)+"/reply"))) {
		allowed[k] = true
	}
	must(t, d.st.SetCommentStatus(ctx, clean.ID, content.CommentTrash))

	byID := map[string]string{}
	for i, p := range payloads {
		c := content.Comment{ArticleID: d.article.ID, AuthorName: p, AuthorEmail: p, AuthorURL: p, Body: p,
			Status: content.CommentPending, CreatedAt: start.Add(-time.Duration(i) * time.Second)}
		must(t, d.st.CreateComment(ctx, &c))
		byID[itoa(c.ID)] = p
	}

	seen := 0
	for next := "/admin/comments/?status=pending"; next != ""; {
		w := b.get(next)
		wantStatus(t, w, http.StatusOK)
		doc := page(t, w)
		checkInert(t, next, doc, allowed)
		for _, tr := range all(doc, "#comments tbody tr") {
			id := strings.TrimPrefix(attr(tr, "id"), "c")
			want := strings.Join(strings.Fields(byID[id]), " ")
			if got := text(first(tr, ".comment-text")); got != want {
				t.Errorf("comment %s reads %q, want %q", id, got, want)
			}
			if got := text(first(tr, ".author-name")); got != want {
				t.Errorf("comment %s is by %q, want %q", id, got, want)
			}
			seen++
		}
		next = attr(first(doc, ".pager a[rel=next]"), "href")
	}
	if seen != len(payloads) {
		t.Errorf("the queue listed %d hostile comments, want %d", seen, len(payloads))
	}
	for id := range byID {
		for _, path := range []string{"/admin/comments/" + id + "/edit", "/admin/comments/" + id + "/reply"} {
			w := b.get(path)
			wantStatus(t, w, http.StatusOK)
			checkInert(t, path, page(t, w), allowed)
		}
	}
}

// vocabulary is every element name and every element-attribute pair of a
// page.
func vocabulary(doc *html.Node) map[string]bool {
	v := map[string]bool{}
	walk(doc, func(n *html.Node) bool {
		if n.Type == html.ElementNode {
			v[n.Data] = true
			for _, a := range n.Attr {
				v[n.Data+"@"+a.Key] = true
			}
		}
		return true
	})
	return v
}

// checkInert fails for elements and attributes outside allowed, any
// script but the newsroom's own, event handler attributes and javascript:
// addresses.
func checkInert(t *testing.T, where string, doc *html.Node, allowed map[string]bool) {
	t.Helper()
	walk(doc, func(n *html.Node) bool {
		if n.Type != html.ElementNode {
			return true
		}
		if !allowed[n.Data] {
			t.Errorf("%s: a payload made a <%s> element", where, n.Data)
		}
		if n.Data == "script" && !strings.HasPrefix(attr(n, "src"), "/admin/static/") {
			t.Errorf("%s: a script that is not the newsroom's: %q", where, attr(n, "src"))
		}
		for _, a := range n.Attr {
			key := strings.ToLower(a.Key)
			if !allowed[n.Data+"@"+a.Key] || strings.HasPrefix(key, "on") {
				t.Errorf("%s: a payload made the attribute %s=%q on <%s>", where, a.Key, a.Val, n.Data)
			}
			val := strings.ToLower(strings.Map(func(r rune) rune {
				if r <= ' ' {
					return -1
				}
				return r
			}, a.Val))
			for _, scheme := range []string{"javascript:", "vbscript:", "data:"} {
				if strings.HasPrefix(val, scheme) {
					t.Errorf("%s: <%s %s=%q> leads to a %s address", where, n.Data, a.Key, a.Val, scheme)
				}
			}
		}
		return true
	})
}
