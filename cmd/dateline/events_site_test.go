package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"

	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
)

// The public site's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents:
// readers' comments and unsubscribe links, and the pages and redirects
// that keep a WordPress site's links and habits working, which change
// nothing and so announce nothing.

// siteRoutes are the public site's forms.
func (e *eventsApp) siteRoutes() []route {
	story := func(s *scene) string { return strconv.FormatInt(s.story.ID, 10) }
	return []route{
		{name: "a first-time reader's comment is held and announces only itself",
			do: func(s *scene) int {
				w := s.readerPost("/comments/", "192.0.2.21", url.Values{"article_id": {story(s)}, "comment": {"Which roads are closed?"},
					"author": {"New Reader"}, "email": {"new.reader@example.org"}}, nil)
				s.id = s.commentID(w)
				return w.Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{unseenComment("create", s.id)} }},
		{name: "a returning reader's comment is published at once and announces it, its article and the comments feed",
			do: func(s *scene) int {
				w := s.readerPost("/comments/", "192.0.2.22", url.Values{"article_id": {story(s)}, "comment": {"The bridge is open again."},
					"author": {"Nok Returning"}, "email": {"nok@example.org"}}, nil)
				s.id = s.commentID(w)
				return w.Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{seenComment("create", content.Comment{ID: s.id, ArticleID: s.story.ID})}
			}},
		{name: "a comment without words is refused and announces nothing",
			do: func(s *scene) int {
				return s.readerPost("/comments/", "192.0.2.23", url.Values{"article_id": {story(s)}, "comment": {""},
					"author": {"Quiet Reader"}, "email": {"quiet@example.org"}}, nil).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "a comment through WordPress's address is held and announces only itself",
			do: func(s *scene) int {
				w := s.readerPost("/wp-comments-post.php", "192.0.2.24", url.Values{"comment_post_ID": {story(s)},
					"comment": {"Posted from an old bookmark."}, "author": {"Old Bookmark"}, "email": {"bookmark@example.org"}}, nil)
				s.id = s.commentID(w)
				return w.Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{unseenComment("create", s.id)} }},
		{name: "a comment posted from another site is refused and announces nothing",
			do: func(s *scene) int {
				return s.readerPost("/wp-comments-post.php", "192.0.2.25", url.Values{"comment_post_ID": {story(s)},
					"comment": {"Hello from elsewhere."}, "author": {"Elsewhere"}, "email": {"elsewhere@example.org"}},
					map[string]string{"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a reader stopping reply mail announces only their comment, since no page shows who wants mail",
			prepare: func(s *scene) {
				s.comment = s.newComment(s.story, "Mail Reader", content.CommentApproved)
				noError(s.t, s.st.SetReplySubscription(context.Background(), s.comment.ID, true))
			},
			do: func(s *scene) int {
				return s.readerPost("/comments/unsubscribe", "192.0.2.26", url.Values{"c": {strconv.FormatInt(s.comment.ID, 10)},
					"t": {comments.UnsubscribeToken(s.secret, s.comment)}}, nil).Code
			},
			status: http.StatusOK,
			want:   func(s *scene) []changes.Event { return []changes.Event{unseenComment("unsubscribe", s.comment.ID)} }},
		{name: "a reply posted from the reply form drawn without JavaScript is held and announces only itself",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Replied To", content.CommentApproved) },
			do: func(s *scene) int {
				w := s.readerPost("/comments/", "192.0.2.28", url.Values{"article_id": {story(s)}, "comment": {"Which bridge?"},
					"parent": {strconv.FormatInt(s.comment.ID, 10)}, "author": {"Reply Reader"}, "email": {"reply.reader@example.org"}}, nil)
				s.id = s.commentID(w)
				return w.Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{unseenComment("create", s.id)} }},
		{name: "the reply form of a comment (?replytocom=) announces nothing",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Answered", content.CommentApproved) },
			do: func(s *scene) int {
				return s.get(s.story.Path(s.zone) + "?replytocom=" + strconv.FormatInt(s.comment.ID, 10)).Code
			},
			status: http.StatusOK, want: none},
		{name: "an old WordPress link (?p=) announces nothing",
			do:     func(s *scene) int { return s.get("/?p=" + story(s)).Code },
			status: http.StatusMovedPermanently, want: none},
		{name: "a date archive announces nothing",
			do:     func(s *scene) int { return s.get("/" + s.story.PublishedAt.In(s.zone).Format("2006/01/02") + "/").Code },
			status: http.StatusOK, want: none},
		{name: "WordPress's sign-in address announces nothing",
			do:     func(s *scene) int { return s.get("/wp-login.php").Code },
			status: http.StatusMovedPermanently, want: none},
		{name: "an unsubscribe link that is not valid is refused and announces nothing",
			do: func(s *scene) int {
				return s.readerPost("/comments/unsubscribe", "192.0.2.27", url.Values{"c": {strconv.FormatInt(s.held.ID, 10)}, "t": {"00"}}, nil).Code
			},
			status: http.StatusBadRequest, want: none},
	}
}

// get asks for path as a reader would, through the front door.
func (s *scene) get(path string) *httptest.ResponseRecorder {
	s.t.Helper()
	return s.send(nil, httptest.NewRequest(http.MethodGet, "https://news.example"+path, nil))
}
