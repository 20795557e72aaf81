package main

import (
	"context"

	"dateline/internal/changes"
	"dateline/internal/content"
)

// The command line's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents:
// commands run beside the server, heard through the change log.

// commandRoutes are the commands run beside the server on its database:
// what they change reaches the server through the change log. Their
// "status" is the exit code.
func (e *eventsApp) commandRoutes() []route {
	return []route{
		{name: "dateline user add announces the new byline to the server, through the change log",
			do: func(s *scene) int {
				return s.run("correct horse battery\n", "user", "add", "--email", "somchai@example.com", "--name", "Somchai Rattanakul", "--role", "author")
			},
			status: 0, logged: true,
			want: func(s *scene) []changes.Event {
				u, err := s.st.UserByEmail(context.Background(), "somchai@example.com")
				noError(s.t, err)
				return memberEvent("create", []int64{u.ID}, changes.Author("somchai-rattanakul"))
			}},
		{name: "dateline user add with a taken email is refused and records nothing",
			do: func(s *scene) int {
				return s.run("correct horse battery\n", "user", "add", "--email", s.staff[content.RoleAuthor].Email, "--name", "Ana Again", "--role", "author")
			},
			status: 1, logged: true, want: none},
		{name: "dateline token create announces nothing",
			do:     func(s *scene) int { return s.run("", "token", "create", "--user", s.staff[content.RoleAuthor].Email) },
			status: 0, logged: true, want: none},
		{name: "dateline token create for nobody is refused and records nothing",
			do:     func(s *scene) int { return s.run("", "token", "create", "--user", "nobody@example.com") },
			status: 1, logged: true, want: none},
	}
}
