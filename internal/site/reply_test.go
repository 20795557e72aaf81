package site_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/internal/cache"
	"dateline/internal/content"
	"dateline/internal/web"
)

// replyForm is what the comment form of a page says about whom it answers.
type replyForm struct {
	title, parent, cancel string
	cancelShown           bool
}

func replyFormOf(t *testing.T, body string) replyForm {
	t.Helper()
	doc := parse(t, body)
	respond := first(doc, "#respond")
	if respond == nil {
		t.Fatal("the page has no comment form")
	}
	cancel := first(respond, "#cancel-reply")
	title := first(respond, "#reply-title")
	return replyForm{
		title:       strings.TrimSpace(strings.TrimSuffix(text(title), text(cancel))),
		parent:      attr(first(respond, "input[name=parent]"), "value"),
		cancel:      attr(cancel, "href"),
		cancelShown: !hasAttr(cancel, "hidden"),
	}
}

func TestTheReplyLinkWorksWithoutJavaScript(t *testing.T) {
	n := newWPNewsroom(t)
	k := n.kremlin
	other := content.Comment{ArticleID: n.thai.ID, AuthorName: "Elsewhere", AuthorEmail: "else@example.com",
		Body: "On another story.", Status: content.CommentApproved, CreatedAt: now.Add(-time.Hour)}
	must(t, n.st.CreateComment(context.Background(), &other))
	plain := replyForm{title: "Leave a reply", parent: "0", cancel: "#respond"}
	cases := []struct {
		name string
		path string
		want replyForm
	}{
		{"the article alone has the form for a new comment", k, plain},
		{"a reply to an approved comment names its author, answers it and can be cancelled",
			k + "?replytocom=" + id(n.comments["first"]),
			replyForm{title: "Reply to Nok", parent: id(n.comments["first"]), cancel: k + "#respond", cancelShown: true}},
		{"a reply deep in the thread",
			k + "?replytocom=" + id(n.comments["deeper"]),
			replyForm{title: "Reply to Tom", parent: id(n.comments["deeper"]), cancel: k + "#respond", cancelShown: true}},
		{"a reply by the id the comment had on the old WordPress site", k + "?replytocom=900",
			replyForm{title: "Reply to Nok", parent: id(n.comments["first"]), cancel: k + "#respond", cancelShown: true}},
		{"a comment awaiting moderation cannot be answered", k + "?replytocom=" + id(n.comments["held"]), plain},
		{"a comment on another article cannot be answered here", k + "?replytocom=" + id(other.ID), plain},
		{"a comment that does not exist", k + "?replytocom=987654", plain},
		{"a replytocom that is not a number", k + "?replytocom=%3Cscript%3E", plain},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := n.get(t, tc.path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", tc.path, rec.Code)
			}
			if got := replyFormOf(t, rec.Body.String()); got != tc.want {
				t.Errorf("the form %+v\nwant     %+v", got, tc.want)
			}
			if strings.Contains(tc.path, "replytocom") && !strings.Contains(rec.Body.String(), `name="robots" content="noindex, follow"`) {
				t.Error("a reply form's page is offered to search engines")
			}
		})
	}

	doc := n.page(t, k)
	links := all(doc, "a.comment-reply")
	if len(links) != 4 {
		t.Fatalf("%d Reply links, want one per approved comment", len(links))
	}
	for _, a := range links {
		if attr(a, "rel") != "nofollow" || !strings.HasPrefix(attr(a, "href"), "?replytocom=") {
			t.Errorf("Reply link %q rel=%q, want a ?replytocom= link marked nofollow", attr(a, "href"), attr(a, "rel"))
		}
	}
}

func TestNoReplyFormIsShownWhenCommentsAreClosed(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	a, err := n.st.ArticleByID(ctx, n.kremlin.ID)
	must(t, err)
	a.CommentsOpen = false
	must(t, n.st.UpdateArticle(ctx, &a))
	body := n.get(t, n.kremlin.Path(time.FixedZone("ICT", 7*3600))+"?replytocom="+id(n.comments["first"])).Body.String()
	if strings.Contains(body, "Reply to Nok") || !strings.Contains(body, "Comments are closed.") {
		t.Error("a closed article offers a reply form")
	}
}

func TestARefusedReplyStillSaysWhomItAnswers(t *testing.T) {
	n := newNewsroom(t, withComments(t))
	parent := id(n.comments["first"])
	rec := n.post(t, "/comments/", map[string][]string{"article_id": {id(n.kremlin.ID)}, "parent": {parent},
		"comment": {""}, "author": {"Reader"}, "email": {"reader@example.org"}}, nil)
	if rec.Code != http.StatusUnprocessableEntity {
		t.Fatalf("POST = %d", rec.Code)
	}
	if got := replyFormOf(t, rec.Body.String()); got.title != "Reply to Nok" || got.parent != parent {
		t.Errorf("the refused reply's form %+v", got)
	}
}

// TestAReplyFormPageIsCachedApartWithTheArticlesTags: the page cache keeps
// ?replytocom=N under its own address, so the article's plain page keeps
// its form for a new comment, and with the article's tags, so what purges
// one purges the other.
func TestAReplyFormPageIsCachedApartWithTheArticlesTags(t *testing.T) {
	n := newDepNewsroom(t)
	k := n.path(n.kremlin)
	reply := k + "?replytocom=" + id(n.approved.ID)
	_, plainTags := n.declared(t, k)
	status, replyTags := n.declared(t, reply)
	if status != http.StatusOK || !slices.Equal(plainTags, replyTags) || len(replyTags) == 0 {
		t.Fatalf("GET %s = %d declaring %q; the article declares %q", reply, status, replyTags, plainTags)
	}

	c := cache.New(cache.Config{Tags: func(h http.Header) []string { t := web.Tags(h); h.Del(web.TagsHeader); return t }})
	h := c.Handler(n.handler)
	get := func(path string) *httptest.ResponseRecorder {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		return rec
	}
	get(reply)
	if got := get(reply); got.Header().Get("Cache-Status") != "dateline; hit" || replyFormOf(t, got.Body.String()).title != "Reply to Nok" {
		t.Errorf("the reply form's page from the cache: %q", got.Header().Get("Cache-Status"))
	}
	plain := get(k)
	if got := replyFormOf(t, plain.Body.String()); got.title != "Leave a reply" || got.parent != "0" {
		t.Errorf("after the reply form's page was kept, the article's form is %+v", got)
	}
	c.Purge("article:" + id(n.kremlin.ID))
	if got := get(reply); !strings.Contains(got.Header().Get("Cache-Status"), "fwd=miss") {
		t.Errorf("the article's purge left the reply form's page: %q", got.Header().Get("Cache-Status"))
	}
}
