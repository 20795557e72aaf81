package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
)

// The newsroom's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents
// for accounts: signing in and out, passwords, reset links and API tokens,
// then the members themselves.

// accountRoutes are the account's security: none of them changes anything
// a reader sees, so none announces anything, done or refused.
func (e *eventsApp) accountRoutes() []route {
	author := func(s *scene) *visitor { return s.desks[content.RoleAuthor] }
	return []route{
		{name: "a member signing in announces nothing",
			do: func(s *scene) int {
				v := &visitor{cookies: map[string]*http.Cookie{}}
				return s.post(v, "/admin/login", url.Values{"email": {s.staff[content.RoleEditor].Email}, "password": {eventsPassword}}).Code
			},
			status: http.StatusSeeOther, want: none},
		{name: "a sign-in with a wrong password is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(nil, "/admin/login", url.Values{"email": {s.staff[content.RoleEditor].Email}, "password": {"not the password"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "a member signing out announces nothing",
			prepare: func(s *scene) { s.visitor = s.signIn(s.staff[content.RoleEditor]) },
			do:      func(s *scene) int { return s.post(s.visitor, "/admin/logout", nil).Code },
			status:  http.StatusSeeOther, want: none},
		{name: "a sign-out posted from another site is refused and announces nothing",
			prepare: func(s *scene) { s.visitor = s.signIn(s.staff[content.RoleEditor]) },
			do: func(s *scene) int {
				return s.postWith(s.visitor, "/admin/logout", nil, map[string]string{"Sec-Fetch-Site": "cross-site"}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "asking for a password reset link announces nothing",
			do: func(s *scene) int {
				return s.post(nil, "/admin/forgot", url.Values{"email": {s.staff[content.RoleAuthor].Email}}).Code
			},
			status: http.StatusOK, want: none},
		{name: "a reset request without an address is refused and announces nothing",
			do:     func(s *scene) int { return s.post(nil, "/admin/forgot", url.Values{"email": {""}}).Code },
			status: http.StatusUnprocessableEntity, want: none},
		{name: "choosing a new password through a reset link announces nothing",
			prepare: func(s *scene) {
				s.member = s.newMember("Reset Reyes", content.RoleAuthor)
				token, reset := auth.NewPasswordReset(s.member.ID, time.Now())
				noError(s.t, s.st.CreatePasswordReset(context.Background(), &reset))
				s.token = token
			},
			do: func(s *scene) int {
				return s.post(&visitor{cookies: map[string]*http.Cookie{}}, "/admin/reset",
					url.Values{"token": {s.token}, "password": {"dry season 2026"}, "password2": {"dry season 2026"}}).Code
			},
			status: http.StatusSeeOther, want: none},
		{name: "a reset link that is not valid is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(nil, "/admin/reset", url.Values{"token": {"not-a-token"}, "password": {"dry season 2026"}, "password2": {"dry season 2026"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "changing one's password announces nothing",
			prepare: func(s *scene) {
				s.member = s.newMember("Pass Worthy", content.RoleAuthor)
				s.visitor = s.signIn(s.member)
			},
			do: func(s *scene) int {
				return s.post(s.visitor, "/admin/profile/password", url.Values{"current_password": {eventsPassword},
					"new_password": {"dry season 2026"}, "new_password2": {"dry season 2026"}}).Code
			},
			status: http.StatusSeeOther, want: none},
		{name: "a password change with the wrong current password is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), "/admin/profile/password", url.Values{"current_password": {"not the password"},
					"new_password": {"dry season 2026"}, "new_password2": {"dry season 2026"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "ending one's session on another device announces nothing",
			prepare: func(s *scene) {
				s.member = s.newMember("Two Devices", content.RoleAuthor)
				s.visitor = s.signIn(s.member)
				s.signIn(s.member) // the phone
				sessions, err := s.st.UserSessions(context.Background(), s.member.ID)
				noError(s.t, err)
				for _, se := range sessions {
					s.id = max(s.id, se.ID) // the phone signed in last
				}
			},
			do: func(s *scene) int {
				return s.post(s.visitor, urlPath("/admin/profile/sessions/", s.id, "/end"), nil).Code
			},
			status: http.StatusSeeOther, want: none},
		{name: "ending another member's session is refused and announces nothing",
			prepare: func(s *scene) {
				sessions, err := s.st.UserSessions(context.Background(), s.staff[content.RoleEditor].ID)
				noError(s.t, err)
				s.id = sessions[0].ID
			},
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/profile/sessions/", s.id, "/end"), nil).Code
			},
			status: http.StatusNotFound, want: none},
		{name: "signing out everywhere announces nothing",
			prepare: func(s *scene) {
				s.member = s.newMember("Every Where", content.RoleAuthor)
				s.visitor = s.signIn(s.member)
			},
			do:     func(s *scene) int { return s.post(s.visitor, "/admin/profile/sessions/end-all", nil).Code },
			status: http.StatusSeeOther, want: none},
		{name: "signing out everywhere without being signed in is refused and announces nothing",
			do:     func(s *scene) int { return s.post(nil, "/admin/profile/sessions/end-all", nil).Code },
			status: http.StatusUnauthorized, want: none},
		{name: "making an API token announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), "/admin/profile/tokens", url.Values{"token_name": {"Desk app"}}).Code
			},
			status: http.StatusOK, want: none},
		{name: "an API token without a name is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), "/admin/profile/tokens", url.Values{"token_name": {" "}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "revoking one's API token announces nothing",
			prepare: func(s *scene) {
				_, tok, err := auth.NewAPIToken(s.staff[content.RoleAuthor].ID, "Old laptop", time.Now())
				noError(s.t, err)
				noError(s.t, s.st.CreateAPIToken(context.Background(), &tok))
				s.id = tok.ID
			},
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/profile/tokens/", s.id, "/revoke"), nil).Code
			},
			status: http.StatusSeeOther, want: none},
		{name: "revoking another member's API token is refused and announces nothing",
			prepare: func(s *scene) {
				_, tok, err := auth.NewAPIToken(s.staff[content.RoleEditor].ID, "Editor's laptop", time.Now())
				noError(s.t, err)
				noError(s.t, s.st.CreateAPIToken(context.Background(), &tok))
				s.id = tok.ID
			},
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/profile/tokens/", s.id, "/revoke"), nil).Code
			},
			status: http.StatusNotFound, want: none},
	}
}

// memberRoutes change who is in the newsroom and how bylines read.
func (e *eventsApp) memberRoutes() []route {
	admin := func(s *scene) *visitor { return s.desks[content.RoleAdmin] }
	return []route{
		{name: "an author with published work renaming themselves announces their archive, their byline and search",
			prepare: func(s *scene) {
				s.member = s.newMember("Kit Chai", content.RoleAuthor)
				s.newArticle(s.member, articles.StepPublish, s.world)
				s.visitor = s.signIn(s.member)
			},
			do: func(s *scene) int {
				return s.post(s.visitor, "/admin/profile", url.Values{"name": {"Kit Chaiyaporn"}, "email": {s.member.Email},
					"bio": {"Covers the river."}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return memberEvent("update", []int64{s.member.ID}, changes.Author("kit-chai"), changes.Byline("kit-chai"), changes.Search)
			}},
		{name: "a profile given another member's email is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleAuthor], "/admin/profile", url.Values{"name": {"Ana Reyes"},
					"email": {s.staff[content.RoleEditor].Email}, "confirm_password": {eventsPassword}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an administrator adding a member announces their archive",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/users", url.Values{"name": {"Mali Suk"}, "email": {"mali@example.com"},
					"role": {"author"}, "password": {"a long first password"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				u, err := s.st.UserByEmail(context.Background(), "mali@example.com")
				noError(s.t, err)
				return memberEvent("create", []int64{u.ID}, changes.Author("mali-suk"))
			}},
		{name: "an administrator inviting a member by mail announces their archive",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/users", url.Values{"name": {"Invited Ice"}, "email": {"ice@example.com"},
					"role": {"contributor"}, "invite": {"1"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				u, err := s.st.UserByEmail(context.Background(), "ice@example.com")
				noError(s.t, err)
				return memberEvent("create", []int64{u.ID}, changes.Author("invited-ice"))
			}},
		{name: "an editor adding a member is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleEditor], "/admin/users", url.Values{"name": {"Not Allowed"},
					"email": {"not.allowed@example.com"}, "role": {"author"}, "password": {"a long first password"}}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a member added with a taken email is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/users", url.Values{"name": {"Ana Again"}, "email": {s.staff[content.RoleAuthor].Email},
					"role": {"author"}, "password": {"a long first password"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an administrator making an author an editor announces their archive, not their byline",
			prepare: func(s *scene) { s.member = s.newMember("Promoted Pim", content.RoleAuthor) },
			do: func(s *scene) int {
				return s.post(admin(s), urlPath("/admin/users/", s.member.ID), url.Values{"name": {s.member.Name},
					"email": {s.member.Email}, "role": {"editor"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return memberEvent("update", []int64{s.member.ID}, changes.Author("promoted-pim"))
			}},
		{name: "the last administrator stepping down is refused and announces nothing",
			do: func(s *scene) int {
				ada := s.staff[content.RoleAdmin]
				return s.post(admin(s), urlPath("/admin/users/", ada.ID), url.Values{"name": {ada.Name}, "email": {ada.Email}, "role": {"editor"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an administrator deleting a member with published work announces both archives, the deleted member's byline and the lists the work is in",
			prepare: func(s *scene) {
				s.member = s.newMember("Leaving Lek", content.RoleAuthor)
				s.newArticle(s.member, articles.StepPublish, s.world)
			},
			do: func(s *scene) int {
				return s.post(admin(s), urlPath("/admin/users/", s.member.ID, "/delete"),
					url.Values{"heir": {strconv.FormatInt(s.staff[content.RoleAuthor].ID, 10)}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return memberEvent("delete", []int64{s.member.ID, s.staff[content.RoleAuthor].ID},
					changes.Author("leaving-lek"), changes.Author("ana-reyes"), changes.Byline("leaving-lek"),
					changes.Home, changes.Feeds, changes.Search, changes.Sitemaps)
			}},
		{name: "an administrator deleting themselves is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(admin(s), urlPath("/admin/users/", s.staff[content.RoleAdmin].ID, "/delete"),
					url.Values{"heir": {strconv.FormatInt(s.staff[content.RoleEditor].ID, 10)}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
	}
}
