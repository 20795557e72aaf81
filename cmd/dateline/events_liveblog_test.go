package main

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"dateline/internal/alerts"
	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// The rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents for
// live blogs and breaking-news alerts, through the API and the newsroom:
// an entry names only its live blog's own tag (live:ID), opening and
// closing it that and the article's (its cards' "Live" badge); an alert names alerts, which every page declares.

func entryEvent(action string, entry, blog int64) changes.Event {
	return changes.New(changes.KindEntry, action, []int64{entry}, changes.LiveBlog(blog))
}

func alertEvent(action string, id int64) changes.Event {
	return changes.New(changes.KindAlert, action, []int64{id}, changes.Alerts)
}

// liveRoutes are the writes of live blogs and alerts.
func (e *eventsApp) liveRoutes() []route {
	ana := func(s *scene) content.User { return s.staff[content.RoleAuthor] }
	// liveBlog is a published live blog of Ana's in World, tagged Floods,
	// with one entry (s.id), made without announcing.
	liveBlog := func(s *scene) {
		s.article = s.newArticle(ana(s), articles.StepPublish, s.world, "Floods")
		ctx := context.Background()
		if _, err := s.seedArticles.StartLiveBlog(ctx, ana(s), s.article.ID, true); err != nil {
			s.t.Fatal(err)
		}
		body := "Water at the pier."
		entry, err := s.seedArticles.AddEntry(ctx, ana(s), s.article.ID, articles.EntryDraft{Body: &body})
		if err != nil {
			s.t.Fatal(err)
		}
		s.id = entry.ID
	}
	entries := func(s *scene) string { return urlPath("/api/v1/articles/", s.article.ID) + "/entries" }
	entry := func(s *scene) string { return entries(s) + "/" + strconv.FormatInt(s.id, 10) }
	desk := func(s *scene) string { return urlPath("/admin/articles/", s.article.ID) + "/live" }
	alert := func(s *scene) {
		seed := alerts.New(alerts.Config{Store: s.st}) // announces nothing
		l, err := seed.Post(context.Background(), s.staff[content.RoleEditor],
			alerts.Input{Text: "Dam gates open", ExpiresAt: time.Now().Add(time.Hour)})
		if err != nil {
			s.t.Fatal(err)
		}
		s.id = l.ID
	}
	soon := func() string { return time.Now().Add(time.Hour).Format(time.RFC3339) }
	return []route{
		{name: "a token starting a published live blog announces the article with every list it joins, and its opening",
			do: func(s *scene) int {
				w := s.api("POST", "/api/v1/articles", s.tokens[content.RoleAuthor], map[string]any{"title": "Floods: live",
					"body": "The lead.", "category": "world", "tags": []string{"Floods"}, "status": "published", "kind": "liveblog"})
				s.id = s.apiID(w)
				return w.Code
			},
			status: http.StatusCreated,
			want: func(s *scene) []changes.Event {
				return append(seenArticle("create", s.id, listed(s.id, "world", "ana-reyes", "floods")),
					changes.New(changes.KindArticle, "open", []int64{s.id}, changes.LiveBlog(s.id), changes.Article(s.id)))
			}},
		{name: "the newsroom's new-article form publishing a live blog announces the article with every list it joins, and its opening",
			do: func(s *scene) int {
				form := storyForm("Floods: live", s.world, "Floods", "publish")
				form.Set("kind", "liveblog")
				w := s.post(s.desks[content.RoleAuthor], "/admin/articles/new", form)
				s.id = s.idAfter(w, "/admin/articles/")
				return w.Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return append(seenArticle("create", s.id, listed(s.id, "world", "ana-reyes", "floods")),
					changes.New(changes.KindArticle, "open", []int64{s.id}, changes.LiveBlog(s.id), changes.Article(s.id)))
			}},
		{name: "a token posting an entry announces only the live blog's own tag",
			prepare: liveBlog,
			do: func(s *scene) int {
				w := s.api("POST", entries(s), s.tokens[content.RoleAuthor], map[string]any{"body": "Sandbags up."})
				s.id = s.apiID(w)
				return w.Code
			},
			status: http.StatusCreated,
			want:   func(s *scene) []changes.Event { return []changes.Event{entryEvent("create", s.id, s.article.ID)} }},
		{name: "a token editing an entry announces its live blog",
			prepare: liveBlog,
			do: func(s *scene) int {
				return s.api("PATCH", entry(s), s.tokens[content.RoleEditor], map[string]any{"headline": "Pier"}).Code
			},
			status: http.StatusOK,
			want:   func(s *scene) []changes.Event { return []changes.Event{entryEvent("update", s.id, s.article.ID)} }},
		{name: "a token deleting an entry announces its live blog",
			prepare: liveBlog,
			do:      func(s *scene) int { return s.api("DELETE", entry(s), s.tokens[content.RoleAuthor], nil).Code },
			status:  http.StatusNoContent,
			want:    func(s *scene) []changes.Event { return []changes.Event{entryEvent("delete", s.id, s.article.ID)} }},
		{name: "a contributor's token posting to another's live blog is refused and announces nothing",
			prepare: liveBlog,
			do: func(s *scene) int {
				return s.api("POST", entries(s), s.tokens[content.RoleContributor], map[string]any{"body": "Mine."}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a token closing a live blog announces its own tag and the article's, for the badge on its cards",
			prepare: liveBlog,
			do: func(s *scene) int {
				return s.api("PATCH", urlPath("/api/v1/articles/", s.article.ID), s.tokens[content.RoleAuthor], map[string]any{"live": false}).Code
			},
			status: http.StatusOK,
			want: func(s *scene) []changes.Event {
				return []changes.Event{changes.New(changes.KindArticle, "close", []int64{s.article.ID}, changes.LiveBlog(s.article.ID), changes.Article(s.article.ID))}
			}},
		{name: "the newsroom's one-field form posting an entry announces the live blog's own tag",
			prepare: liveBlog,
			do: func(s *scene) int {
				w := s.post(s.desks[content.RoleAuthor], desk(s), url.Values{"body": {"From a phone."}})
				list, err := s.st.Entries(context.Background(), store.EntryQuery{ArticleID: s.article.ID})
				if err != nil || len(list) == 0 {
					s.t.Fatal(err)
				}
				s.id = list[0].ID
				return w.Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{entryEvent("create", s.id, s.article.ID)} }},
		{name: "making an article of an entry announces the new draft (which no reader sees) and the entry",
			prepare: liveBlog,
			do: func(s *scene) int {
				w := s.post(s.desks[content.RoleAuthor], desk(s)+"/"+strconv.FormatInt(s.id, 10)+"/story", nil)
				return w.Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				e, err := s.st.Entry(context.Background(), s.article.ID, s.id)
				if err != nil {
					s.t.Fatal(err)
				}
				return append(unseenArticle("create", e.StoryID), entryEvent("update", s.id, s.article.ID))
			}},
		{name: "a token putting up an alert announces alerts, which every page shows",
			do: func(s *scene) int {
				w := s.api("POST", "/api/v1/alerts", s.tokens[content.RoleEditor], map[string]any{"text": "Dam gates open", "expires_at": soon()})
				s.id = s.apiID(w)
				return w.Code
			},
			status: http.StatusCreated,
			want:   func(s *scene) []changes.Event { return []changes.Event{alertEvent("create", s.id)} }},
		{name: "an author's token putting up an alert is refused and announces nothing",
			do: func(s *scene) int {
				return s.api("POST", "/api/v1/alerts", s.tokens[content.RoleAuthor], map[string]any{"text": "Mine", "expires_at": soon()}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a token taking an alert down announces alerts",
			prepare: alert,
			do: func(s *scene) int {
				return s.api("DELETE", urlPath("/api/v1/alerts/", s.id), s.tokens[content.RoleEditor], nil).Code
			},
			status: http.StatusNoContent,
			want:   func(s *scene) []changes.Event { return []changes.Event{alertEvent("delete", s.id)} }},
		{name: "the newsroom marking an article as breaking announces alerts",
			prepare: func(s *scene) { s.article = s.newArticle(ana(s), articles.StepPublish, s.world, "Floods") },
			do: func(s *scene) int {
				w := s.post(s.desks[content.RoleEditor], "/admin/alerts", url.Values{"article": {strconv.FormatInt(s.article.ID, 10)}, "minutes": {"60"}})
				up, err := s.st.ActiveAlerts(context.Background(), time.Now(), 1)
				if err != nil || len(up) == 0 {
					s.t.Fatal(err)
				}
				s.id = up[0].ID
				return w.Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return []changes.Event{alertEvent("create", s.id)} }},
	}
}
