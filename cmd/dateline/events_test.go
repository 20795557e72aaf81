package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
)

// TestEveryStateChangingRouteAnnouncesExactlyItsEvents runs the whole
// program, as serve assembles it, on the store under test and goes
// through every route that changes something: the newsroom's forms, the
// API's writes, the site's comment forms and the commands run beside the
// server. Each change must announce exactly the events listed, with
// exactly their tags, and each refusal none.
//
// The rule for what a change announces: the thing that changed, and every
// page a reader could see change because of it. So signing in and out,
// sessions, passwords, reset links, API tokens, previews and test mails
// announce nothing: they change nothing a reader sees. A weather check is
// the exception among the settings page's buttons: the reading it keeps is
// the one the header shows, so it is announced like the fetcher's own.
//
// The rows share one program and one store, in order; each prepares what
// it alone works on (through services that announce nothing), so that
// what one row changes does not decide what another announces.
func TestEveryStateChangingRouteAnnouncesExactlyItsEvents(t *testing.T) {
	e := newEventsApp(t)
	var rows []route
	for _, group := range [][]route{
		e.accountRoutes(), e.memberRoutes(), e.settingsRoutes(), e.taxonomyRoutes(), e.articleRoutes(),
		e.moderationRoutes(), e.mediaRoutes(), e.apiRoutes(), e.siteRoutes(), e.commandRoutes(),
	} {
		rows = append(rows, group...)
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			s := &scene{eventsApp: e, t: t}
			if r.prepare != nil {
				r.prepare(s)
			}
			e.seen.Take() // what preparing the row did is not the row's
			if got := r.do(s); got != r.status {
				t.Fatalf("answered %d, want %d", got, r.status)
			}
			got := e.seen.Take()
			if r.logged {
				// Events from another process carry its name.
				for i := range got {
					if got[i].Origin == "" || got[i].Origin == e.app.journal.Origin() {
						t.Errorf("event %+v did not come through the change log", got[i])
					}
					got[i].Origin = ""
				}
			}
			var want []changes.Event
			if r.want != nil {
				want = r.want(s)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("announced %+v\nwant      %+v", got, want)
			}
		})
	}
	t.Logf("%d routes and refusals", len(rows))
}

// route is one state-changing request (or command) and what it must
// announce.
type route struct {
	name string
	// prepare makes what this row alone works on; nothing it announces
	// counts.
	prepare func(s *scene)
	// do sends the request, or runs the command, and returns the answer's
	// HTTP status, or the command's exit code.
	do     func(s *scene) int
	status int
	// want lists the events announced, in order; nil for none.
	want func(s *scene) []changes.Event
	// logged says that the change was made by another process, so that
	// the server learns of it through the change log.
	logged bool
}

// The events the rows expect, built as the rules say.

// listed are the tags of a change to an article that readers can see: the
// article, and every list it is in (the home page, its section, its tags,
// its author's archive, the feeds, the sitemaps and search).
func listed(id int64, section, author string, tags ...string) []string {
	out := []string{changes.Article(id), changes.Section(section), changes.Author(author),
		changes.Home, changes.Feeds, changes.Sitemaps, changes.Search}
	for _, t := range tags {
		out = append(out, changes.Tag(t))
	}
	return out
}

func articleEvent(action string, id int64, tags ...string) changes.Event {
	return changes.New(changes.KindArticle, action, []int64{id}, tags...)
}

// unseenArticle is a change to an article no reader could see before or
// after: it announces only the article itself.
func unseenArticle(action string, id int64) []changes.Event {
	return []changes.Event{articleEvent(action, id, changes.Article(id))}
}

// seenArticle is a change to an article readers could see before or after,
// with the tags of every list it was or is in.
func seenArticle(action string, id int64, tags ...[]string) []changes.Event {
	var all []string
	for _, t := range tags {
		all = append(all, t...)
	}
	return []changes.Event{articleEvent(action, id, all...)}
}

// seenComment is a change to a comment readers see (or saw): the comment,
// its article's page and the feed of comments.
func seenComment(action string, c content.Comment) changes.Event {
	return changes.New(changes.KindComment, action, []int64{c.ID}, changes.Comment(c.ID), changes.Article(c.ArticleID), changes.CommentsFeed)
}

// unseenComment is a change to a comment no reader sees: the moderation
// queue's alone.
func unseenComment(action string, id int64) changes.Event {
	return changes.New(changes.KindComment, action, []int64{id}, changes.Comment(id))
}

func memberEvent(action string, ids []int64, tags ...string) []changes.Event {
	return []changes.Event{changes.New(changes.KindMember, action, ids, tags...)}
}

func none(*scene) []changes.Event { return nil }

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

// siteSettings is the settings form as the seeded site has it.
func siteSettings(change map[string]string) url.Values {
	f := url.Values{"site_name": {"The River Post"}, "tagline": {"News from the river"}, "base_url": {"https://news.example"},
		"language": {"en"}, "time_zone": {"Asia/Bangkok"}, "weather_label": {"Bangkok"}, "latitude": {"13.75"},
		"longitude": {"100.5"}, "units": {"celsius"}, "per_page": {"12"}, "max_upload_mb": {"20"}, "copyright": {""},
		"about": {""}, "logo": {""}, "feed_full_text": {"yes"}}
	for k, v := range change {
		f.Set(k, v)
	}
	return f
}

// commentPolicy is the comment settings form: the defaults, changed.
func commentPolicy(change map[string]string) url.Values {
	f := url.Values{"mode": {"hold_first_time"}, "max_depth": {"3"}, "close_after_days": {"0"}, "max_links": {"2"},
		"min_seconds": {"3"}, "blocklist": {""}, "akismet_key": {""}, "akismet_url": {comments.DefaultAkismetURL}, "max_length": {"5000"}}
	for k, v := range change {
		f.Set(k, v)
	}
	return f
}

// settingsRoutes change the site's settings, or only try them out.
func (e *eventsApp) settingsRoutes() []route {
	admin := func(s *scene) *visitor { return s.desks[content.RoleAdmin] }
	editor := func(s *scene) *visitor { return s.desks[content.RoleEditor] }
	return []route{
		{name: "an administrator saving the site settings announces the settings every page shows",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/settings", siteSettings(map[string]string{"tagline": "All the river's news"})).Code
			},
			status: http.StatusSeeOther,
			want: func(*scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSettings, "site", nil, changes.Settings)}
			}},
		{name: "site settings with an unknown time zone are refused and announce nothing",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/settings", siteSettings(map[string]string{"time_zone": "Mars/Olympus_Mons"})).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor saving the site settings is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/settings", siteSettings(nil)).Code },
			status: http.StatusForbidden, want: none},
		{name: "checking the weather announces the reading it keeps, which the header shows",
			do:     func(s *scene) int { return s.post(admin(s), "/admin/settings/weather", nil).Code },
			status: http.StatusOK,
			want: func(*scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindWeather, "reading", nil, changes.Weather)}
			}},
		{name: "a weather check the provider fails keeps no reading and announces nothing",
			prepare: func(s *scene) { s.meteoDown.Store(true) },
			do: func(s *scene) int {
				defer s.meteoDown.Store(false)
				return s.post(admin(s), "/admin/settings/weather", nil).Code
			},
			status: http.StatusOK, want: none},
		{name: "an editor checking the weather is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/settings/weather", nil).Code },
			status: http.StatusForbidden, want: none},
		// The test message goes before a mail server is saved, so that it
		// is only written to the log: no mail leaves the machine.
		{name: "sending a test message announces nothing",
			do:     func(s *scene) int { return s.post(admin(s), "/admin/settings/mail/test", nil).Code },
			status: http.StatusOK, want: none},
		{name: "an editor sending a test message is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/settings/mail/test", nil).Code },
			status: http.StatusForbidden, want: none},
		{name: "an administrator saving the mail server announces it without tags, since no page shows it",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/settings/mail", url.Values{"host": {"smtp.example.com"}, "port": {"587"},
					"from": {"Newsroom <news@example.com>"}, "username": {""}, "password": {""}}).Code
			},
			status: http.StatusSeeOther,
			want: func(*scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSettings, "mail", nil)}
			}},
		{name: "a mail server on port 0 is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/settings/mail", url.Values{"host": {"smtp.example.com"}, "port": {"0"}, "from": {"news@example.com"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an administrator saving the comment settings announces the settings, for the pages with a comment form",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/comments/settings", commentPolicy(map[string]string{"max_depth": "4"})).Code
			},
			status: http.StatusSeeOther,
			want: func(*scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSettings, "comments", nil, changes.Settings)}
			}},
		{name: "comment settings with an unknown mode are refused and announce nothing",
			do: func(s *scene) int {
				return s.post(admin(s), "/admin/comments/settings", commentPolicy(map[string]string{"mode": "sometimes"})).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor saving the comment settings is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/comments/settings", commentPolicy(nil)).Code },
			status: http.StatusForbidden, want: none},
	}
}

// taxonomyRoutes change sections and tags.
func (e *eventsApp) taxonomyRoutes() []route {
	editor := func(s *scene) *visitor { return s.desks[content.RoleEditor] }
	return []route{
		{name: "an editor adding a section announces it and the navigation",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/sections", url.Values{"name": {"Sport"}}).Code },
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				c, err := s.st.CategoryBySlug(context.Background(), "sport")
				noError(s.t, err)
				return []changes.Event{changes.New(changes.KindSection, "create", []int64{c.ID}, changes.Section("sport"), changes.Sections)}
			}},
		{name: "a section without a name is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/sections", url.Values{"name": {""}}).Code },
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an author adding a section is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleAuthor], "/admin/sections", url.Values{"name": {"Opinion"}}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "an editor renaming a section with published articles announces both addresses, the navigation and the sitemaps",
			prepare: func(s *scene) {
				c := s.newSection("Asia")
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, c)
				s.id = c.ID
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.id), url.Values{"name": {"Asia Pacific"}, "slug": {"asia-pacific"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSection, "update", []int64{s.id},
					changes.Section("asia"), changes.Section("asia-pacific"), changes.Sections, changes.Sitemaps)}
			}},
		{name: "a section renamed to another section's address is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.business.ID), url.Values{"name": {"Business"}, "slug": {"world"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor moving a section down announces the navigation",
			prepare: func(s *scene) {
				list, err := s.st.Categories(context.Background())
				noError(s.t, err)
				for i, c := range list {
					if c.ID == s.world.ID && i+1 < len(list) {
						s.id = list[i+1].ID
					}
				}
				if s.id == 0 {
					s.t.Fatalf("World is not followed by another section: %+v", list)
				}
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.world.ID, "/move"), url.Values{"direction": {"down"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSection, "reorder", []int64{s.world.ID, s.id}, changes.Sections)}
			}},
		{name: "a section moved neither up nor down is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.world.ID, "/move"), url.Values{"direction": {"sideways"}}).Code
			},
			status: http.StatusBadRequest, want: none},
		{name: "an editor deleting a section with published articles, moving them to World, announces both sections, the navigation and every list",
			prepare: func(s *scene) {
				c := s.newSection("Regions")
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, c)
				s.id = c.ID
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.id, "/delete"), url.Values{"move_to": {strconv.FormatInt(s.world.ID, 10)}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindSection, "delete", []int64{s.id, s.world.ID},
					changes.Section("regions"), changes.Section("world"), changes.Sections,
					changes.Home, changes.Feeds, changes.Search, changes.Sitemaps)}
			}},
		{name: "a section deleted without choosing where its articles go is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/sections/", s.business.ID, "/delete"), url.Values{"move_to": {""}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor adding a tag announces it",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/tags", url.Values{"name": {"Rice Harvest"}}).Code },
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "create", []int64{s.tagID("rice-harvest")}, changes.Tag("rice-harvest"))}
			}},
		{name: "a tag without a name is refused and announces nothing",
			do:     func(s *scene) int { return s.post(editor(s), "/admin/tags", url.Values{"name": {" "}}).Code },
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor renaming a tag on a published article announces both addresses, its old name, search and the sitemaps",
			prepare: func(s *scene) {
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, s.world, "Drought")
				s.id = s.tagID("drought")
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.id), url.Values{"name": {"Droughts"}, "slug": {""}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "update", []int64{s.id},
					changes.Tag("drought"), changes.Tag("droughts"), changes.TagName("drought"), changes.Search, changes.Sitemaps)}
			}},
		{name: "a tag renamed to another tag's address is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.tagID("rice-harvest")), url.Values{"name": {"Rice Harvest"}, "slug": {"floods"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor merging a tag on a published article into Floods announces both archives, the merged tag's name, search and the sitemaps",
			prepare: func(s *scene) {
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, s.world, "Flooding")
				s.id = s.tagID("flooding")
			},
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.id, "/merge"), url.Values{"into": {"Floods"}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "merge", []int64{s.id, s.floods.ID},
					changes.Tag("flooding"), changes.Tag("floods"), changes.TagName("flooding"), changes.Search, changes.Sitemaps)}
			}},
		{name: "a tag merged into itself is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/tags/", s.floods.ID, "/merge"), url.Values{"into": {"floods"}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor deleting a tag on a published article announces its archive, its name, search and the sitemaps",
			prepare: func(s *scene) {
				s.newArticle(s.staff[content.RoleAuthor], articles.StepPublish, s.world, "Monsoon")
				s.id = s.tagID("monsoon")
			},
			do:     func(s *scene) int { return s.post(editor(s), urlPath("/admin/tags/", s.id, "/delete"), nil).Code },
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindTag, "delete", []int64{s.id},
					changes.Tag("monsoon"), changes.TagName("monsoon"), changes.Search, changes.Sitemaps)}
			}},
		{name: "an author deleting a tag is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleAuthor], urlPath("/admin/tags/", s.floods.ID, "/delete"), nil).Code
			},
			status: http.StatusForbidden, want: none},
	}
}

// articleRoutes are the newsroom's editor: saving, the workflow's steps,
// autosave, revisions, corrections, deletion and previews.
func (e *eventsApp) articleRoutes() []route {
	author := func(s *scene) *visitor { return s.desks[content.RoleAuthor] }
	editor := func(s *scene) *visitor { return s.desks[content.RoleEditor] }
	contributor := func(s *scene) *visitor { return s.desks[content.RoleContributor] }
	ana := func(s *scene) content.User { return s.staff[content.RoleAuthor] }
	draft := func(s *scene) { s.article = s.newArticle(ana(s), articles.StepSave, s.world, "Floods") }
	published := func(s *scene) { s.article = s.newArticle(ana(s), articles.StepPublish, s.world, "Floods") }
	// listedAna is where a published story by Ana in World, tagged
	// Floods, is listed.
	listedAna := func(s *scene) []string { return listed(s.article.ID, "world", "ana-reyes", "floods") }
	step := func(who func(*scene) *visitor, name string) func(s *scene) int {
		return func(s *scene) int {
			return s.post(who(s), urlPath("/admin/articles/", s.article.ID), s.formOf(s.article, name)).Code
		}
	}
	autosave := func(s *scene, v *visitor, form url.Values) *httptest.ResponseRecorder {
		r := httptest.NewRequest(http.MethodPost, "https://news.example/admin/articles/autosave", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		r.Header.Set("Sec-Fetch-Site", "same-origin")
		r.Header.Set("Accept", "application/json")
		return s.send(v, r)
	}
	return []route{
		{name: "an author saving a new draft announces only the article, which no reader sees",
			do: func(s *scene) int {
				w := s.post(author(s), "/admin/articles/new", storyForm("Water reaches the market", s.world, "Floods", "save"))
				s.id = s.idAfter(w, "/admin/articles/")
				return w.Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return unseenArticle("create", s.id) }},
		{name: "an author publishing a new article at once announces it and every list it joins",
			do: func(s *scene) int {
				w := s.post(author(s), "/admin/articles/new", storyForm("Boats return to the pier", s.world, "Floods", "publish"))
				s.id = s.idAfter(w, "/admin/articles/")
				return w.Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return seenArticle("create", s.id, listed(s.id, "world", "ana-reyes", "floods"))
			}},
		{name: "a new draft sent with a new picture announces the picture, then the article",
			do: func(s *scene) int {
				form := storyForm("Sandbags at the gate", s.world, "Floods", "save")
				form.Set("image_alt", "Sandbags at the temple gate")
				w := s.upload(author(s), "/admin/articles/new", form, "image_file", "gate.png", tinyPNG(s.t))
				s.id = s.idAfter(w, "/admin/articles/")
				return w.Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				a := s.reread(s.id)
				if a.Image == nil {
					s.t.Fatalf("the draft has no picture")
				}
				return append([]changes.Event{changes.New(changes.KindMedia, "create", []int64{a.Image.ID}, changes.Media(a.Image.ID))},
					unseenArticle("create", s.id)...)
			}},
		{name: "a form refused for its headline still keeps, and announces, the picture sent with it",
			prepare: func(s *scene) { s.id = s.lastPicture() },
			do: func(s *scene) int {
				form := storyForm("", s.world, "Floods", "save")
				form.Set("image_alt", "Boats moored at the pier")
				return s.upload(author(s), "/admin/articles/new", form, "image_file", "pier.png", tinyPNG(s.t)).Code
			},
			status: http.StatusUnprocessableEntity,
			want: func(s *scene) []changes.Event {
				id := s.lastPicture()
				if id == s.id {
					s.t.Fatalf("the picture was not kept")
				}
				return []changes.Event{changes.New(changes.KindMedia, "create", []int64{id}, changes.Media(id))}
			}},
		{name: "a new draft with a picture without alt text is refused and announces nothing",
			do: func(s *scene) int {
				form := storyForm("Sandbags again", s.world, "Floods", "save")
				return s.upload(author(s), "/admin/articles/new", form, "image_file", "gate.png", tinyPNG(s.t)).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "a new article without a headline is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), "/admin/articles/new", storyForm("", s.world, "Floods", "save")).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor publishing a draft announces the article, its section, tags, author, home, feeds, sitemaps and search",
			prepare: draft, do: step(editor, "publish"), status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{articleEvent("publish", s.article.ID, changes.Article(s.article.ID),
					changes.Section("world"), changes.Tag("floods"), changes.Author("ana-reyes"),
					changes.Home, changes.Feeds, changes.Sitemaps, changes.Search)}
			}},
		{name: "a contributor publishing their own draft is refused and announces nothing",
			prepare: func(s *scene) { s.article = s.newArticle(s.staff[content.RoleContributor], articles.StepSave, s.world) },
			do:      step(contributor, "publish"), status: http.StatusForbidden, want: none},
		{name: "a save from a stale version is refused and announces nothing",
			prepare: func(s *scene) { draft(s); s.edit(s.article) },
			do: func(s *scene) int {
				form := s.formOf(s.article, "save")
				form.Set("version", "1")
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID), form).Code
			},
			status: http.StatusConflict, want: none},
		{name: "an author moving their published article to Business, with a new tag, announces the lists it leaves and the lists it joins",
			prepare: published,
			do: func(s *scene) int {
				form := s.formOf(s.article, "save")
				form.Set("category", strconv.FormatInt(s.business.ID, 10))
				form.Set("tags", "Floods, Harvest")
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID), form).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return seenArticle("update", s.article.ID, listedAna(s), listed(s.article.ID, "business", "ana-reyes", "floods", "harvest"))
			}},
		{name: "an editor scheduling a draft announces only the article, which readers cannot see yet",
			prepare: draft,
			do: func(s *scene) int {
				form := s.formOf(s.article, "schedule")
				form.Set("publish_at", time.Now().In(s.zone).Add(48*time.Hour).Format("2006-01-02T15:04"))
				return s.post(editor(s), urlPath("/admin/articles/", s.article.ID), form).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return unseenArticle("schedule", s.article.ID) }},
		{name: "a schedule in the past is refused and announces nothing",
			prepare: draft,
			do: func(s *scene) int {
				form := s.formOf(s.article, "schedule")
				form.Set("publish_at", time.Now().In(s.zone).Add(-48*time.Hour).Format("2006-01-02T15:04"))
				return s.post(editor(s), urlPath("/admin/articles/", s.article.ID), form).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "an editor unpublishing an article announces it and every list it leaves",
			prepare: published, do: step(editor, "unpublish"), status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event { return seenArticle("unpublish", s.article.ID, listedAna(s)) }},
		{name: "a contributor unpublishing someone else's article is refused and announces nothing",
			prepare: published, do: step(contributor, "unpublish"), status: http.StatusForbidden, want: none},
		{name: "an author moving their published article to the trash announces it and every list it leaves",
			prepare: published, do: step(author, "trash"), status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event { return seenArticle("trash", s.article.ID, listedAna(s)) }},
		{name: "an author restoring a draft from the trash announces only the article",
			prepare: func(s *scene) { s.article = s.newArticle(ana(s), articles.StepTrash, s.world, "Floods") },
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID), url.Values{"step": {"restore"}}).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return unseenArticle("restore", s.article.ID) }},
		{name: "a contributor sending a draft for review announces only the article",
			prepare: func(s *scene) { s.article = s.newArticle(s.staff[content.RoleContributor], articles.StepSave, s.world) },
			do:      step(contributor, "submit"), status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event { return unseenArticle("submit", s.article.ID) }},
		{name: "a contributor withdrawing an article from review announces only the article",
			prepare: func(s *scene) {
				s.article = s.newArticle(s.staff[content.RoleContributor], articles.StepSubmit, s.world)
			},
			do: step(contributor, "withdraw"), status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event { return unseenArticle("withdraw", s.article.ID) }},
		{name: "an editor deleting a draft in the trash for good announces only the article, which no reader saw",
			prepare: func(s *scene) { s.article = s.newArticle(ana(s), articles.StepTrash, s.world, "Floods") },
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/articles/", s.article.ID, "/delete"), nil).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return unseenArticle("delete", s.article.ID) }},
		{name: "an author deleting an article for good is refused and announces nothing",
			prepare: func(s *scene) { s.article = s.newArticle(ana(s), articles.StepTrash, s.world, "Floods") },
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID, "/delete"), nil).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "an autosave of a draft announces only the article",
			prepare: draft,
			do: func(s *scene) int {
				form := s.formOf(s.article, "")
				form.Set("id", strconv.FormatInt(s.article.ID, 10))
				form.Set("title", "A headline still being typed")
				return autosave(s, author(s), form).Code
			},
			status: http.StatusOK,
			want:   func(s *scene) []changes.Event { return unseenArticle("autosave", s.article.ID) }},
		{name: "the first autosave of a new article creates a draft and announces only it",
			do: func(s *scene) int {
				w := autosave(s, author(s), storyForm("A story begun", s.world, "", ""))
				s.id = s.apiID(w)
				return w.Code
			},
			status: http.StatusOK,
			want:   func(s *scene) []changes.Event { return unseenArticle("create", s.id) }},
		{name: "an autosave of a published article keeps the text beside it and announces nothing",
			prepare: published,
			do: func(s *scene) int {
				form := s.formOf(s.article, "")
				form.Set("id", strconv.FormatInt(s.article.ID, 10))
				form.Set("title", "A correction being typed")
				return autosave(s, author(s), form).Code
			},
			status: http.StatusOK, want: none},
		{name: "an autosave of someone else's draft is refused and announces nothing",
			prepare: draft,
			do: func(s *scene) int {
				form := s.formOf(s.article, "")
				form.Set("id", strconv.FormatInt(s.article.ID, 10))
				return autosave(s, contributor(s), form).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "restoring an earlier revision of a published article announces it and every list it is in",
			prepare: func(s *scene) {
				published(s)
				s.edit(s.article)
				revs, err := s.st.Revisions(context.Background(), s.article.ID)
				noError(s.t, err)
				s.id = revs[len(revs)-1].ID // the first, newest first
			},
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID, "/revisions/", s.id, "/restore"),
					url.Values{"version": {strconv.Itoa(s.version(s.article.ID))}}).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return seenArticle("update", s.article.ID, listedAna(s)) }},
		{name: "a revision restored from a stale version is refused and announces nothing",
			prepare: func(s *scene) {
				published(s)
				s.edit(s.article)
				revs, err := s.st.Revisions(context.Background(), s.article.ID)
				noError(s.t, err)
				s.id = revs[len(revs)-1].ID
			},
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID, "/revisions/", s.id, "/restore"),
					url.Values{"version": {"1"}}).Code
			},
			status: http.StatusConflict, want: none},
		{name: "a correction to a published article announces it and every list it is in",
			prepare: published,
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID, "/corrections"),
					url.Values{"correction": {"The market is in Chiang Mai, not Lamphun."}}).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return seenArticle("correct", s.article.ID, listedAna(s)) }},
		{name: "an empty correction is refused and announces nothing",
			prepare: published,
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID, "/corrections"), url.Values{"correction": {" "}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
		{name: "previewing an unsaved article announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), "/admin/preview", storyForm("Not saved yet", s.world, "Floods", "")).Code
			},
			status: http.StatusOK, want: none},
		{name: "previewing someone else's draft is refused and announces nothing",
			prepare: draft,
			do: func(s *scene) int {
				form := s.formOf(s.article, "")
				form.Set("id", strconv.FormatInt(s.article.ID, 10))
				return s.post(contributor(s), "/admin/preview", form).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "previewing the story's text announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), "/admin/preview-fragment", url.Values{"body": {"The river *rose*."}, "format": {"markdown"}}).Code
			},
			status: http.StatusOK, want: none},
		{name: "a preview of text in an unknown format is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(author(s), "/admin/preview-fragment", url.Values{"body": {"The river rose."}, "format": {"word"}}).Code
			},
			status: http.StatusBadRequest, want: none},
	}
}

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
		{name: "a contributor changing a picture's words is refused and announces nothing",
			do: func(s *scene) int {
				return s.post(s.desks[content.RoleContributor], urlPath("/admin/media/", s.picture.ID), url.Values{"alt": {"Mine"}}).Code
			},
			status: http.StatusForbidden, want: none},
	}
}

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
		{name: "an unsubscribe link that is not valid is refused and announces nothing",
			do: func(s *scene) int {
				return s.readerPost("/comments/unsubscribe", "192.0.2.27", url.Values{"c": {strconv.FormatInt(s.held.ID, 10)}, "t": {"00"}}, nil).Code
			},
			status: http.StatusBadRequest, want: none},
	}
}

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
