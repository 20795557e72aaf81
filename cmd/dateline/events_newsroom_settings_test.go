package main

import (
	"net/http"
	"net/url"

	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
)

// The newsroom's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents
// for the settings pages, with the forms they post.

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
