package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
)

// The newsroom's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents
// for the comment queue.

// moderationRoutes are the newsroom's comment queue.
func (e *eventsApp) moderationRoutes() []route {
	editor := func(s *scene) *visitor { return s.desks[content.RoleEditor] }
	heldOnStory := func(s *scene) { s.comment = s.newComment(s.story, "Mai Tran", content.CommentPending) }
	return []route{
		{name: "an editor approving a held comment announces it, its article and the comments feed",
			prepare: heldOnStory,
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.comment.ID, "/approve"), nil).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{seenComment("approve", s.comment)} }},
		{name: "an editor marking a held comment as spam announces only the comment, which no reader saw",
			prepare: heldOnStory,
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.comment.ID, "/spam"), nil).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{unseenComment("spam", s.comment.ID)} }},
		{name: "an editor holding an approved comment again announces it, its article and the comments feed",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Anna Berg", content.CommentApproved) },
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.comment.ID, "/unapprove"), nil).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{seenComment("unapprove", s.comment)} }},
		{name: "an author moderating a comment is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleAuthor], urlPath("/admin/comments/", s.held.ID, "/approve"), nil).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a moderation the queue does not know is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.held.ID, "/publish"), nil).Code
			},
			status: http.StatusNotFound, want: none},
		{name: "an editor trashing a held and an approved comment at once announces each, the approved one with its article",
			prepare: func(s *scene) {
				heldOnStory(s)
				s.other = s.newComment(s.story, "Anna Berg", content.CommentApproved)
			},
			do: func(s *scene) int {
				return s.post(editor(s), "/admin/comments/bulk", url.Values{"action": {"trash"},
					"ids": {strconv.FormatInt(s.comment.ID, 10), strconv.FormatInt(s.other.ID, 10)}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{unseenComment("trash", s.comment.ID), seenComment("trash", s.other)}
			}},
		{name: "a bulk action on a malformed comment number is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), "/admin/comments/bulk", url.Values{"action": {"approve"}, "ids": {"1; DROP TABLE comments"}}).Code
			},
			status: http.StatusBadRequest, want: none},
		{name: "an editor correcting an approved comment announces it, its article and the comments feed",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Anna Berg", content.CommentApproved) },
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.comment.ID, "/edit"), url.Values{"comment": {"Corrected words."}}).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{seenComment("update", s.comment)} }},
		{name: "a comment's text emptied is refused and announces nothing",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Anna Berg", content.CommentApproved) },
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.comment.ID, "/edit"), url.Values{"comment": {" "}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor replying to a held comment approves it and announces both, with their article and the comments feed",
			prepare: func(s *scene) {
				s.article = s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, s.world)
				s.comment = s.newComment(s.article, "Somsak Asks", content.CommentPending)
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.comment.ID, "/reply"), url.Values{"comment": {"Thank you, we have corrected it."}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				shown, err := s.st.ApprovedComments(context.Background(), s.article.ID)
				noError(s.t, err)
				if len(shown) != 2 {
					s.t.Fatalf("approved comments %+v, want the comment and the reply", shown)
				}
				return []changes.Event{seenComment("approve", s.comment), seenComment("create", shown[1])}
			}},
		{name: "a reply to a comment in the spam is refused and announces nothing",
			prepare: func(s *scene) { s.comment = s.newComment(s.story, "Cheap Pills", content.CommentSpam) },
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/comments/", s.comment.ID, "/reply"), url.Values{"comment": {"Thanks!"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
	}
}
