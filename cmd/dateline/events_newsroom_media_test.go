package main

import (
	"net/http"
	"net/url"

	"dateline/internal/changes"
	"dateline/internal/content"
)

// The newsroom's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents
// for the picture library.

// mediaRoutes are the newsroom's picture library.
func (e *eventsApp) mediaRoutes() []route {
	author := func(s *scene) *visitor { return s.desks[content.RoleAuthor] }
	mediaEvent := func(action string, id int64) []changes.Event {
		return []changes.Event{changes.New(changes.KindMedia, action, []int64{id}, changes.Media(id))}
	}
	return []route{
		{name: "an author uploading a picture announces it",
			do: func(s *scene) int {
				w := s.upload(author(s), "/admin/media/", url.Values{"alt": {"Sandbags at the temple gate"}}, "file", "sandbags.png", tinyPNG(s.t))
				s.id = s.idAfter(w, "/admin/media/?added=")
				return w.Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return mediaEvent("create", s.id) }},
		{name: "an upload without alt text is refused and announces nothing",
			do: func(s *scene) int {
				return s.upload(author(s), "/admin/media/", url.Values{"alt": {" "}}, "file", "blank.png", tinyPNG(s.t)).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an author changing a picture's words announces the picture",
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/media/", s.picture.ID), url.Values{"alt": {"Boats at dawn"}, "credit": {"Staff"}}).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return mediaEvent("update", s.picture.ID) }},
		{name: "an author changing the words of another member's picture is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/media/", s.editorsPicture.ID), url.Values{"alt": {"Mine now"}}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a contributor changing a picture's words is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleContributor], urlPath("/admin/media/", s.picture.ID), url.Values{"alt": {"Mine"}}).Code
			},
			status: http.StatusForbidden, want: none},
	}
}
