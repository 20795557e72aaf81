package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"time"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
)

// The newsroom's rows of TestEveryStateChangingRouteAnnouncesExactlyItsEvents
// for articles: the editor and the workflow's steps.

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
		{name: "a correction to a published article announces it (its page and its feed items), the corrections page and the sitemaps",
			prepare: published,
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID, "/corrections"),
					url.Values{"correction": {"The market is in Chiang Mai, not Lamphun."}}).Code
			},
			status: http.StatusSeeOther,
			want: func(s *scene) []changes.Event {
				return []changes.Event{articleEvent("correct", s.article.ID, changes.Article(s.article.ID), changes.Corrections, changes.Sitemaps)}
			}},
		{name: "an editor withdrawing a published article announces it and every list it leaves",
			prepare: published,
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/articles/", s.article.ID, "/withdraw"), url.Values{"notice": {"It named the wrong market."}}).Code
			},
			status: http.StatusSeeOther,
			want:   func(s *scene) []changes.Event { return seenArticle("kill", s.article.ID, listedAna(s)) }},
		{name: "its author withdrawing a published article is refused and announces nothing",
			prepare: published,
			do: func(s *scene) int {
				return s.post(author(s), urlPath("/admin/articles/", s.article.ID, "/withdraw"), url.Values{"notice": {"Mine."}}).Code
			},
			status: http.StatusForbidden, want: none},
		{name: "a withdrawal without a notice is refused and announces nothing",
			prepare: published,
			do: func(s *scene) int {
				return s.post(editor(s), urlPath("/admin/articles/", s.article.ID, "/withdraw"), url.Values{"notice": {" "}}).Code
			},
			status: http.StatusUnprocessableEntity, want: none},
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
