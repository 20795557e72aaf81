package main

import (
	"net/http"
	"net/http/httptest"
	"net/url"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
)

// The JSON API's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents.

// apiRoutes are every write of the JSON API.
func (e *eventsApp) apiRoutes() []route {
	token := func(role content.Role) func(s *scene) string { return func(s *scene) string { return s.tokens[role] } }
	author, editor, contributor := token(content.RoleAuthor), token(content.RoleEditor), token(content.RoleContributor)
	ana := func(s *scene) content.User { return s.staff[content.RoleAuthor] }
	draft := func(s *scene) { s.article = s.newArticle(ana(s), articles.StepSave, s.world, "Floods") }
	published := func(s *scene) { s.article = s.newArticle(ana(s), articles.StepPublish, s.world, "Floods") }
	listedAna := func(s *scene) []string { return listed(s.article.ID, "world", "ana-reyes", "floods") }
	article := func(s *scene) string { return urlPath("/api/v1/articles/", s.article.ID) }
	return []route{
		{name: "a token creating a draft announces only the article",
			do: func(s *scene) int {
				w := s.api("POST", "/api/v1/articles", author(s), map[string]any{"title": "Filed from the desk app", "body": "Words."})
				s.id = s.apiID(w)
				return w.Code
			},
			status: http.StatusCreated,
			want:   func(s *scene) []changes.Event { return unseenArticle("create", s.id) }},
		{name: "a token creating a published article announces it and every list it joins",
			do: func(s *scene) int {
				w := s.api("POST", "/api/v1/articles", author(s), map[string]any{"title": "Published from the desk app",
					"body": "Words.", "category": "world", "tags": []string{"Floods"}, "status": "published"})
				s.id = s.apiID(w)
				return w.Code
			},
			status: http.StatusCreated,
			want: func(s *scene) []changes.Event {
				return seenArticle("create", s.id, listed(s.id, "world", "ana-reyes", "floods"))
			}},
		{name: "a contributor's token asking to publish is refused and announces nothing",
			do: func(s *scene) int {
				return s.api("POST", "/api/v1/articles", contributor(s), map[string]any{"title": "My first story", "status": "published"}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a PATCH that edits and publishes a draft announces one publication with every list it joins",
			prepare: draft,
			do: func(s *scene) int {
				return s.api("PATCH", article(s), editor(s), map[string]any{"title": "A sharper headline",
					"status": "published", "version": s.version(s.article.ID)}).Code
			},
			status: http.StatusOK,
			want:   func(s *scene) []changes.Event { return seenArticle("publish", s.article.ID, listedAna(s)) }},
		{name: "a PATCH retagging a published article announces the lists it leaves and the lists it joins",
			prepare: published,
			do: func(s *scene) int {
				return s.api("PATCH", article(s), author(s), map[string]any{"tags": []string{"Drainage"}}).Code
			},
			status: http.StatusOK,
			want: func(s *scene) []changes.Event {
				return seenArticle("update", s.article.ID, listedAna(s), listed(s.article.ID, "world", "ana-reyes", "drainage"))
			}},
		{name: "a PATCH of a published article's byline announces the archive of every member it adds and drops",
			prepare: published,
			do: func(s *scene) int {
				return s.api("PATCH", article(s), editor(s), map[string]any{"authors": []any{s.staff[content.RoleEditor].ID,
					map[string]any{"name": "Reuters", "organization": true}}}).Code
			},
			status: http.StatusOK,
			want: func(s *scene) []changes.Event {
				return seenArticle("update", s.article.ID, listedAna(s), listed(s.article.ID, "world", s.staff[content.RoleEditor].Slug, "floods"))
			}},
		{name: "a PATCH naming an unknown member in the byline is refused and announces nothing",
			prepare: published,
			do: func(s *scene) int {
				return s.api("PATCH", article(s), editor(s), map[string]any{"authors": []any{ana(s).ID, 99999}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "a PATCH from a stale version is refused and announces nothing",
			prepare: func(s *scene) { draft(s); s.edit(s.article) },
			do: func(s *scene) int {
				return s.api("PATCH", article(s), author(s), map[string]any{"title": "An older headline", "version": 1}).Code
			},
			status: http.StatusConflict, want: none},
		{name: "a DELETE moving a published article to the trash announces it and every list it leaves",
			prepare: published,
			do:      func(s *scene) int { return s.api("DELETE", article(s), author(s), nil).Code },
			status:  http.StatusOK,
			want:    func(s *scene) []changes.Event { return seenArticle("trash", s.article.ID, listedAna(s)) }},
		{name: "an editor's permanent DELETE of a published article announces it and every list it leaves",
			prepare: published,
			do:      func(s *scene) int { return s.api("DELETE", article(s)+"?permanent=true", editor(s), nil).Code },
			status:  http.StatusNoContent,
			want:    func(s *scene) []changes.Event { return seenArticle("delete", s.article.ID, listedAna(s)) }},
		{name: "an author's permanent DELETE is refused and announces nothing",
			prepare: published,
			do:      func(s *scene) int { return s.api("DELETE", article(s)+"?permanent=true", author(s), nil).Code },
			status:  http.StatusForbidden, want: none},
		{name: "a token uploading a picture announces it",
			do: func(s *scene) int {
				body, ctype := multipartBody(s.t, url.Values{"alt": {"Water in the street"}}, "file", "street.png", tinyPNG(s.t))
				r := httptest.NewRequest(http.MethodPost, "https://news.example/api/v1/media", body)
				r.Header.Set("Content-Type", ctype)
				r.Header.Set("Authorization", "Bearer "+author(s))
				w := s.send(nil, r)
				s.id = s.apiID(w)
				return w.Code
			},
			status: http.StatusCreated,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindMedia, "create", []int64{s.id}, changes.Media(s.id))}
			}},
		{name: "a picture sent to the API without alt text is refused and announces nothing",
			do: func(s *scene) int {
				body, ctype := multipartBody(s.t, nil, "file", "street.png", tinyPNG(s.t))
				r := httptest.NewRequest(http.MethodPost, "https://news.example/api/v1/media", body)
				r.Header.Set("Content-Type", ctype)
				r.Header.Set("Authorization", "Bearer "+author(s))
				return s.send(nil, r).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "a token changing the words of its member's picture announces the picture",
			do: func(s *scene) int {
				return s.api("PATCH", urlPath("/api/v1/media/", s.picture.ID), author(s), map[string]any{"caption": "At dawn"}).Code
			},
			status: http.StatusOK,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindMedia, "update", []int64{s.picture.ID}, changes.Media(s.picture.ID))}
			}},
		{name: "an author's token changing another member's picture is refused and announces nothing",
			do: func(s *scene) int {
				return s.api("PATCH", urlPath("/api/v1/media/", s.editorsPicture.ID), author(s), map[string]any{"alt": "Mine now"}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a moderator's token approving a held comment announces it, its article and the comments feed",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Lamai Reader", content.CommentPending) },
			do: func(s *scene) int {
				return s.api("PATCH", urlPath("/api/v1/comments/", s.comment.ID), editor(s), map[string]any{"status": "approved"}).Code
			},
			status: http.StatusOK,
			want:   func(s *scene) []changes.Event { return []changes.Event{seenComment("approve", s.comment)} }},
		{name: "a PATCH correcting and approving a held comment is one change, announced once as the approval",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Prasert Reader", content.CommentPending) },
			do: func(s *scene) int {
				return s.api("PATCH", urlPath("/api/v1/comments/", s.comment.ID), editor(s),
					map[string]any{"status": "approved", "body": "Thank you for this careful report."}).Code
			},
			status: http.StatusOK,
			want: func(s *scene) []changes.Event {
				return []changes.Event{seenComment("approve", s.comment)}
			}},
		{name: "an author's token moderating a comment is refused and announces nothing",
			do: func(s *scene) int {
				return s.api("PATCH", urlPath("/api/v1/comments/", s.held.ID), author(s), map[string]any{"status": "approved"}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a comment given a status the API does not know is refused and announces nothing",
			do: func(s *scene) int {
				return s.api("PATCH", urlPath("/api/v1/comments/", s.held.ID), editor(s), map[string]any{"status": "deleted"}).Code
			},
			status: http.StatusBadRequest, want: none},
	}
}
