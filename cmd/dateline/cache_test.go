package main

import (
	"context"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/content"
)

// TestCacheShowsEveryChangeOnTheNextRequest runs the whole program with
// the page cache on, as serve assembles it, and makes every kind of change
// a reader can see the way the newsroom makes it: a publication, an edit,
// an unpublication and a trashing, a comment approved and one removed, a
// section and a tag renamed, a member's new name, the site's new name, a
// new weather reading and local midnight. Before each change every page is
// warmed (its second request must be a hit), so that what follows proves a
// purge and not a cold cache. After it, each page the change touches must
// be rendered again and show the change in its body; every other page must
// still be a hit; and the cache must have rendered exactly the touched
// pages, counted.
//
// Which pages a change touches is the rule of internal/site/depends.go:
// every HTML page shows the settings, the navigation, the weather and the
// date; every card names its article, its byline and its picture (so the
// lists carrying an article follow its comments); an article page names
// its own tags' names but not the articles in the blocks beside it, which
// may be a minute old; a list and a name have tags of their own.
//
// So the stories the rows publish, unpublish and trash are Ana's, in
// World, tagged Floods, like the watched story A and its sibling C: a
// change to one of them must leave the others' pages cached. Eddie's
// story B, in Business, tagged Markets, shares nothing with them.
func TestCacheShowsEveryChangeOnTheNextRequest(t *testing.T) {
	e := newEventsApp(t, func(c *Config) { c.CacheMB, c.CacheAge, c.MaxRenders = 32, 60*time.Second, 64 })
	if e.app.cache == nil {
		t.Fatal("the page cache is off")
	}
	w := newCacheWorld(t, e)
	for _, row := range w.rows() {
		t.Run(row.name, func(t *testing.T) {
			s := &cacheScene{scene: &scene{eventsApp: e, t: t}}
			if row.prepare != nil {
				row.prepare(s)
			}
			pages := w.pages(s)
			warmed := map[string]string{}
			for _, p := range pages {
				warmed[p.name] = s.warm(p)
			}
			for name, check := range row.before {
				check(s, warmed[name])
			}

			if got := row.do(s); got != row.status {
				t.Fatalf("the change answered %d, want %d", got, row.status)
			}

			renders := e.app.cache.Stats().Renders.Load()
			var touched []string
			for _, p := range pages {
				check, ok := row.after[p.name]
				res := s.get(p.path)
				status := res.Header().Get("Cache-Status")
				if !ok {
					if status != "dateline; hit" || document(warmed[p.name]) != res.Body.String() {
						t.Errorf("%s (%s), which the change does not touch: Cache-Status %q (the warmed body: %v), want a hit",
							p.name, p.path, status, document(warmed[p.name]) == res.Body.String())
					}
					continue
				}
				touched = append(touched, p.name)
				if !strings.Contains(status, "fwd=miss") {
					t.Errorf("%s (%s): Cache-Status %q, want it rendered again", p.name, p.path, status)
				}
				check(s, p.name+": "+strconv.Itoa(res.Code)+"\n"+res.Body.String())
			}
			for name := range row.after {
				if !slices.ContainsFunc(pages, func(p cachedPage) bool { return p.name == name }) {
					t.Errorf("the row checks %q, which is not a page", name)
				}
			}
			if got := e.app.cache.Stats().Renders.Load() - renders; got != int64(len(touched)) {
				t.Errorf("%d renders for the %d pages the change touches (%s)", got, len(touched), strings.Join(touched, ", "))
			}
		})
	}
}

// cacheWorld is the site the rows change: the watched story A (Ana's, in
// World, tagged Floods, with a held and an approved comment), its sibling
// C (Ana's too, in World, tagged Floods), the story B (Eddie's, in
// Business, tagged Markets), and Ana's draft D, in World, tagged Floods.
type cacheWorld struct {
	*eventsApp
	a, b, c, d content.Article
	nok        content.Comment // the approved comment on A
}

func newCacheWorld(t *testing.T, e *eventsApp) *cacheWorld {
	t.Helper()
	ctx := context.Background()
	s := &scene{eventsApp: e, t: t}
	w := &cacheWorld{eventsApp: e, a: e.story}
	ana := e.staff[content.RoleAuthor]
	w.b = s.newArticle(e.staff[content.RoleEditor], articles.StepPublish, e.business, "Markets")
	w.c = s.newArticle(ana, articles.StepPublish, e.world, "Floods")
	w.d = s.newArticle(ana, articles.StepSave, e.world, "Floods")
	shown, err := e.st.ApprovedComments(ctx, w.a.ID)
	noError(t, err)
	if len(shown) != 1 || shown[0].AuthorName != "Nok Returning" {
		t.Fatalf("approved comments on the story: %+v, want Nok's alone", shown)
	}
	w.nok = shown[0]
	// A first reading, so that the weather row shows a new one.
	_, err = e.app.fetcher.CheckNow(ctx)
	noError(t, err)
	return w
}

// cachedPage is one public address the rows watch.
type cachedPage struct{ name, path string }

// htmlPages are the watched pages with the site's header.
var htmlPages = []string{"home", "A", "B", "C", "world", "business", "floods", "markets", "ana", "eddie", "search",
	"A's reply", "A's day"}

// pages are the watched addresses, and the row's own article when it has
// one.
func (w *cacheWorld) pages(s *cacheScene) []cachedPage {
	list := []cachedPage{
		{"home", "/"},
		{"A", w.a.Path(w.zone)},
		// A without JavaScript, after Nok's Reply link: A's page with the
		// form answering Nok.
		{"A's reply", w.a.Path(w.zone) + "?replytocom=" + strconv.FormatInt(w.nok.ID, 10)},
		// The date archive of the day A was published, with B and C.
		{"A's day", "/" + w.a.PublishedAt.In(w.zone).Format("2006/01/02") + "/"},
		{"B", w.b.Path(w.zone)},
		{"C", w.c.Path(w.zone)},
		{"world", "/category/world/"}, {"business", "/category/business/"},
		{"floods", "/tag/floods/"}, {"markets", "/tag/markets/"},
		{"ana", "/author/ana-reyes/"}, {"eddie", "/author/eddie-editor/"},
		{"search", "/search?q=river"},
		{"feed", "/feed/"},
		{"comments", "/comments/feed/"},
		{"A's comments", w.a.Path(w.zone) + "feed/"},
		{"news sitemap", "/news-sitemap.xml"},
	}
	if s.path != "" {
		list = append(list, cachedPage{"own", s.path})
	}
	return append(list, s.extra...)
}

// cacheScene is what one row works on.
type cacheScene struct {
	*scene
	// path is the address of the row's own article, watched with the
	// others; id is its number.
	path string
	id   int64
	// extra are pages only the row watches.
	extra []cachedPage
	// photo is a picture the row gives a member.
	photo content.Image
}

// warm asks for p twice: the first answer must be the page, the second the
// same page from the cache. It returns the body, headed like the rows'.
func (s *cacheScene) warm(p cachedPage) string {
	s.t.Helper()
	first := s.get(p.path)
	if first.Code != http.StatusOK {
		s.t.Fatalf("warming %s (%s): %d\n%s", p.name, p.path, first.Code, first.Body)
	}
	second := s.get(p.path)
	if status := second.Header().Get("Cache-Status"); status != "dateline; hit" || second.Body.String() != first.Body.String() {
		s.t.Fatalf("warming %s (%s): the second request got Cache-Status %q (the same body: %v), want a hit",
			p.name, p.path, status, second.Body.String() == first.Body.String())
	}
	return p.name + ": 200\n" + first.Body.String()
}

// publishAsAna files a published story by Ana in World, tagged Floods,
// through the API, and watches its page.
func (s *cacheScene) publishAsAna(title string) {
	s.t.Helper()
	res := s.api("POST", "/api/v1/articles", s.tokens[content.RoleAuthor], map[string]any{"title": title,
		"body": "The river rose overnight in the delta.", "category": "world", "tags": []string{"Floods"}, "status": "published"})
	if res.Code != http.StatusCreated {
		s.t.Fatalf("publishing %q: %d\n%s", title, res.Code, res.Body)
	}
	s.id = s.apiID(res)
	a := s.reread(s.id)
	s.path = a.Path(s.zone)
}

// cacheRow is one change and what it must show on the next request.
type cacheRow struct {
	name string
	// prepare makes what the row alone works on, through the same paths;
	// the pages are warmed after it.
	prepare func(s *cacheScene)
	// before checks the warmed pages, so that a removal removes something.
	before map[string]pageCheck
	do     func(s *cacheScene) int
	status int
	// after names every page the change touches, with what it must show
	// when rendered again; every other page must be a hit.
	after map[string]pageCheck
}

// pageCheck asserts what a page's body shows; body starts with the page's
// name and status, for the messages.
type pageCheck func(s *cacheScene, body string)

func (w *cacheWorld) rows() []cacheRow {
	editor := func(s *cacheScene) *visitor { return s.desks[content.RoleEditor] }
	newTitle := "Floodwater reaches the old town market"
	// listsA checks that a page still links to A under title.
	listsA := func(title string) pageCheck {
		return func(s *cacheScene, body string) { linksTo(s, body, w.a.Path(s.zone), title) }
	}
	return []cacheRow{
		{name: "a draft published in the newsroom shows on the home page, its archives, the feed, the news sitemap and search; the pages of the stories sharing its section, author and tag stay cached",
			do: func(s *cacheScene) int {
				return s.post(editor(s), urlPath("/admin/articles/", w.d.ID), s.formOf(w.d, "publish")).Code
			},
			status: http.StatusSeeOther,
			after: func() map[string]pageCheck {
				// The story's address carries its date of publication.
				path := func(s *cacheScene) string { d := s.reread(w.d.ID); return d.Path(s.zone) }
				lists := func(s *cacheScene, body string) { linksTo(s, body, path(s), w.d.Title) }
				return map[string]pageCheck{
					"home": lists, "world": lists, "floods": lists, "ana": lists, "search": lists,
					"feed":         func(s *cacheScene, body string) { feedLists(s, body, path(s), w.d.Title) },
					"news sitemap": func(s *cacheScene, body string) { newsSitemapLists(s, body, path(s), w.d.Title) },
					// A list of posts like the home page's (the story joins
					// it unless the test runs across midnight).
					"A's day": listsA(w.a.Title),
				}
			}()},

		{name: "a headline edited through the API shows on its page, the home page, its archives, the feeds, the news sitemap and search; the other stories' pages stay cached",
			do: func(s *cacheScene) int {
				return s.api("PATCH", urlPath("/api/v1/articles/", w.a.ID), s.tokens[content.RoleAuthor], map[string]any{"title": newTitle}).Code
			},
			status: http.StatusOK,
			after: func() map[string]pageCheck {
				lists := func(s *cacheScene, body string) { linksTo(s, body, w.a.Path(s.zone), newTitle) }
				return map[string]pageCheck{
					"A":         func(s *cacheScene, body string) { textIs(s, body, "story-title", newTitle) },
					"A's reply": func(s *cacheScene, body string) { textIs(s, body, "story-title", newTitle) },
					"home":      lists, "world": lists, "floods": lists, "ana": lists, "search": lists, "A's day": lists,
					"feed": func(s *cacheScene, body string) { feedLists(s, body, w.a.Path(s.zone), newTitle) },
					"comments": func(s *cacheScene, body string) {
						feedLists(s, body, w.a.Path(s.zone)+commentAnchor(w.nok), "Comment on "+newTitle+" by Nok Returning")
					},
					"A's comments": func(s *cacheScene, body string) { feedTitled(s, body, "Comments on: "+newTitle) },
					"news sitemap": func(s *cacheScene, body string) { newsSitemapLists(s, body, w.a.Path(s.zone), newTitle) },
				}
			}()},

		{name: "a held comment approved in the newsroom shows on its article and in the comment feeds, and the archives print the new count",
			do: func(s *cacheScene) int {
				return s.post(editor(s), urlPath("/admin/comments/", w.held.ID, "/approve"), nil).Code
			},
			status: http.StatusSeeOther,
			after: func() map[string]pageCheck {
				item := func(s *cacheScene, body string) {
					feedLists(s, body, w.a.Path(s.zone)+commentAnchor(w.held), "Comment on "+newTitle+" by Somchai Jaidee")
				}
				counted := func(s *cacheScene, body string) { cardCounts(s, body, w.a.Path(s.zone), "2 comments") }
				return map[string]pageCheck{
					"A": func(s *cacheScene, body string) {
						hasElementID(s, body, "comment-"+strconv.FormatInt(w.held.ID, 10), "Somchai Jaidee")
						idReads(s, body, "comments-heading", "2 comments")
					},
					"A's reply": func(s *cacheScene, body string) {
						hasElementID(s, body, "comment-"+strconv.FormatInt(w.held.ID, 10), "Somchai Jaidee")
						idReads(s, body, "reply-title", "Reply to Nok Returning Cancel reply")
					},
					"comments": item, "A's comments": item,
					"world": counted, "floods": counted, "ana": counted, "A's day": counted,
					// These carry the story's card too, without its count in
					// the default theme (the home page shows it as a
					// headline): the tags follow the card's data, not the
					// theme's markup (depends.go).
					"home":   listsA(newTitle),
					"search": listsA(newTitle),
					"feed":   func(s *cacheScene, body string) { feedLists(s, body, w.a.Path(s.zone), newTitle) },
				}
			}()},

		{name: "an approved comment moved to the trash through the API is gone from its article and the comment feeds",
			before: map[string]pageCheck{
				"A": func(s *cacheScene, body string) {
					hasElementID(s, body, "comment-"+strconv.FormatInt(w.nok.ID, 10), "Nok Returning")
				},
				"comments": func(s *cacheScene, body string) {
					feedLists(s, body, w.a.Path(s.zone)+commentAnchor(w.nok), "Comment on "+newTitle+" by Nok Returning")
				},
			},
			do: func(s *cacheScene) int {
				return s.api("PATCH", urlPath("/api/v1/comments/", w.nok.ID), s.tokens[content.RoleEditor], map[string]any{"status": "trash"}).Code
			},
			status: http.StatusOK,
			after: func() map[string]pageCheck {
				gone := func(s *cacheScene, body string) { feedLacks(s, body, w.a.Path(s.zone)+commentAnchor(w.nok)) }
				counted := func(s *cacheScene, body string) { cardCounts(s, body, w.a.Path(s.zone), "1 comment") }
				return map[string]pageCheck{
					"A": func(s *cacheScene, body string) {
						lacksElementID(s, body, "comment-"+strconv.FormatInt(w.nok.ID, 10))
						idReads(s, body, "comments-heading", "1 comment")
					},
					// Nok's comment is no longer there to answer.
					"A's reply": func(s *cacheScene, body string) {
						lacksElementID(s, body, "comment-"+strconv.FormatInt(w.nok.ID, 10))
						idReads(s, body, "reply-title", "Leave a reply Cancel reply")
					},
					"comments": gone, "A's comments": gone,
					"world": counted, "floods": counted, "ana": counted, "A's day": counted,
					"home":   listsA(newTitle),
					"search": listsA(newTitle),
					"feed":   func(s *cacheScene, body string) { feedLists(s, body, w.a.Path(s.zone), newTitle) },
				}
			}()},

		{name: "a correction posted through the API shows on its article, in the feed and on the corrections page and its feed; the other stories' pages stay cached",
			prepare: func(s *cacheScene) {
				s.extra = []cachedPage{{"corrections", "/corrections/"}, {"corrections feed", "/corrections/feed/"}}
			},
			do: func(s *cacheScene) int {
				res := s.api("POST", urlPath("/api/v1/articles/", w.a.ID, "/corrections"), s.tokens[content.RoleEditor],
					map[string]any{"kind": "correction", "text": "The market is on the east bank, not the west."})
				return res.Code
			},
			status: http.StatusCreated,
			after: func() map[string]pageCheck {
				const said = "The market is on the east bank, not the west."
				shows := func(s *cacheScene, body string) {
					if !strings.Contains(body, said) {
						s.t.Errorf("%s does not show the correction", pageName(body))
					}
				}
				// Every page holding A's card or item is built from A, which
				// changed: its modified time moved (depends.go).
				return map[string]pageCheck{
					"A": shows, "A's reply": shows, "feed": shows, "corrections": shows, "corrections feed": shows,
					"home": listsA(newTitle), "world": listsA(newTitle), "floods": listsA(newTitle), "ana": listsA(newTitle),
					"A's day": listsA(newTitle), "search": listsA(newTitle),
					"comments": func(s *cacheScene, body string) {
						feedLists(s, body, w.a.Path(s.zone)+commentAnchor(w.held), "Comment on "+newTitle+" by Somchai Jaidee")
					},
					"A's comments": func(s *cacheScene, body string) { feedTitled(s, body, "Comments on: "+newTitle) },
					"news sitemap": func(s *cacheScene, body string) { newsSitemapLists(s, body, w.a.Path(s.zone), newTitle) },
				}
			}()},

		{name: "an article unpublished in the newsroom answers 404 and leaves the home page, its archives, the feeds, the news sitemap and search",
			prepare: func(s *cacheScene) { s.publishAsAna("Ferries stop at Ayutthaya") },
			before:  removedStory("Ferries stop at Ayutthaya"),
			do: func(s *cacheScene) int {
				a := s.reread(s.id)
				return s.post(editor(s), urlPath("/admin/articles/", a.ID), s.formOf(a, "unpublish")).Code
			},
			status: http.StatusSeeOther,
			after:  storyGone(http.StatusNotFound)},

		{name: "an article withdrawn in the newsroom answers 410 with the editors' notice and leaves the home page, its archives, the feeds, the news sitemap and search",
			prepare: func(s *cacheScene) { s.publishAsAna("Ferry capsizes near Pak Kret") },
			before:  removedStory("Ferry capsizes near Pak Kret"),
			do: func(s *cacheScene) int {
				return s.post(editor(s), urlPath("/admin/articles/", s.id)+"/withdraw", url.Values{"notice": {"This story named the wrong ferry."}}).Code
			},
			status: http.StatusSeeOther,
			after: func() map[string]pageCheck {
				checks := storyGone(http.StatusGone)
				checks["own"] = both(checks["own"], func(s *cacheScene, body string) {
					if n := firstWithClass(s, body, "withdrawn-notice"); n == nil || textOf(n) != "This story named the wrong ferry." {
						s.t.Errorf("own: the notice is not on the page: %.300s", document(body))
					}
				})
				return checks
			}()},

		{name: "an article moved to the trash through the API answers 410 and leaves every list",
			prepare: func(s *cacheScene) { s.publishAsAna("Rice fields under water near Hue") },
			before:  removedStory("Rice fields under water near Hue"),
			do: func(s *cacheScene) int {
				return s.api("DELETE", urlPath("/api/v1/articles/", s.id), s.tokens[content.RoleAdmin], nil).Code
			},
			status: http.StatusOK,
			after:  storyGone(http.StatusGone)},

		{name: "a section renamed in the newsroom shows in every page's navigation, on its stories and in the feed; the comment feeds and the sitemap, its address unchanged, stay cached",
			do: func(s *cacheScene) int {
				return s.post(editor(s), urlPath("/admin/sections/", w.world.ID), url.Values{"name": {"World News"}, "slug": {"world"}}).Code
			},
			status: http.StatusSeeOther,
			after: func() map[string]pageCheck {
				checks := every(htmlPages, func(s *cacheScene, body string) { navigationShows(s, body, "/category/world/", "World News") })
				checks["A"] = both(checks["A"], func(s *cacheScene, body string) { textIs(s, body, "kicker", "World News") })
				checks["world"] = both(checks["world"], func(s *cacheScene, body string) { textIs(s, body, "archive-title", "World News") })
				checks["feed"] = func(s *cacheScene, body string) { feedCategories(s, body, w.a.Path(s.zone), "World News") }
				return checks
			}()},

		{name: "a tag renamed in the newsroom shows in its stories' tag lists, its archive and the feed; the home page and the section, which print no tags, stay cached",
			do: func(s *cacheScene) int {
				return s.post(editor(s), urlPath("/admin/tags/", w.floods.ID), url.Values{"name": {"Flood Watch"}, "slug": {"floods"}}).Code
			},
			status: http.StatusSeeOther,
			after: map[string]pageCheck{
				"A":         func(s *cacheScene, body string) { textsInclude(s, body, "tags", "Flood Watch") },
				"A's reply": func(s *cacheScene, body string) { textsInclude(s, body, "tags", "Flood Watch") },
				"C":         func(s *cacheScene, body string) { textsInclude(s, body, "tags", "Flood Watch") },
				"floods":    func(s *cacheScene, body string) { textIs(s, body, "archive-title", "Flood Watch") },
				"feed":      func(s *cacheScene, body string) { feedCategories(s, body, w.a.Path(s.zone), "Flood Watch") },
				// Tag names are searched.
				"search": listsA(newTitle),
			}},

		{name: "a member's new name on their profile shows in the bylines of their stories, the home page, their archives, the feed and search",
			do: func(s *cacheScene) int {
				ana := s.staff[content.RoleAuthor]
				return s.post(s.desks[content.RoleAuthor], "/admin/profile", url.Values{"name": {"Ana Reyes Cruz"}, "email": {ana.Email},
					"bio": {"Covers the river."}}).Code
			},
			status: http.StatusSeeOther,
			after: func() map[string]pageCheck {
				byline := func(s *cacheScene, body string) { linksTo(s, body, "/author/ana-reyes/", "Ana Reyes Cruz") }
				return map[string]pageCheck{
					"A":         func(s *cacheScene, body string) { textIs(s, body, "author", "By Ana Reyes Cruz") },
					"A's reply": func(s *cacheScene, body string) { textIs(s, body, "author", "By Ana Reyes Cruz") },
					"C":         func(s *cacheScene, body string) { textIs(s, body, "author", "By Ana Reyes Cruz") },
					"home":      byline, "world": byline, "floods": byline, "search": byline, "A's day": byline,
					"ana":  func(s *cacheScene, body string) { textIs(s, body, "archive-title", "Ana Reyes Cruz") },
					"feed": func(s *cacheScene, body string) { feedAuthor(s, body, w.a.Path(s.zone), "Ana Reyes Cruz") },
				}
			}()},

		{name: "a member's job title, biography, photo and links on their profile show on their author page alone; the bylines, the lists, the feed and search stay cached",
			prepare: func(s *cacheScene) {
				ana := s.staff[content.RoleAuthor]
				s.photo = content.Image{Name: "people/ana", Ext: ".jpg", Width: 800, Height: 800, Alt: "Ana", Variants: []int{240, 480}, OwnerID: ana.ID}
				noError(s.t, s.st.CreateImage(context.Background(), &s.photo))
			},
			do: func(s *cacheScene) int {
				ana, err := s.st.UserByID(context.Background(), s.staff[content.RoleAuthor].ID)
				noError(s.t, err)
				return s.post(s.desks[content.RoleAuthor], "/admin/profile", url.Values{"name": {ana.Name}, "email": {ana.Email},
					"bio": {"Reports on the delta."}, "job_title": {"Delta correspondent"}, "photo": {strconv.FormatInt(s.photo.ID, 10)},
					"link1": {"https://social.example/@ana"}, "link1_label": {"Ana on Social"}}).Code
			},
			status: http.StatusSeeOther,
			after: map[string]pageCheck{
				"ana": func(s *cacheScene, body string) {
					for class, want := range map[string]string{"profile-title": "Delta correspondent", "archive-intro": "Reports on the delta."} {
						if n := firstWithClass(s, body, class); n == nil || textOf(n) != want {
							s.t.Errorf("%s: no .%s reading %q", pageName(body), class, want)
						}
					}
					linksTo(s, body, "https://social.example/@ana", "Ana on Social")
					if img := firstWithClass(s, body, "profile-photo"); img == nil || attrOf(img, "src") != "/media/people/ana-240.jpg" {
						s.t.Errorf("%s: no photo", pageName(body))
					}
				},
			}},

		{name: "the site's new name in the settings shows on every page, in the feeds and in the news sitemap",
			do: func(s *cacheScene) int {
				return s.post(s.desks[content.RoleAdmin], "/admin/settings", siteSettings(map[string]string{"site_name": "The Delta Post"})).Code
			},
			status: http.StatusSeeOther,
			after: func() map[string]pageCheck {
				checks := every(htmlPages, func(s *cacheScene, body string) { textIs(s, body, "logo", "The Delta Post") })
				checks["feed"] = func(s *cacheScene, body string) { feedTitled(s, body, "The Delta Post") }
				checks["comments"] = func(s *cacheScene, body string) { feedTitled(s, body, "Comments on The Delta Post") }
				// Its title is the story's, but it prints the site's
				// address and language, which are settings too.
				checks["A's comments"] = func(s *cacheScene, body string) { feedTitled(s, body, "Comments on: "+newTitle) }
				checks["news sitemap"] = func(s *cacheScene, body string) { newsPublication(s, body, "The Delta Post") }
				return checks
			}()},

		{name: "a new weather reading shows in every page's header; the feeds and the sitemap, which show no weather, stay cached",
			do: func(s *cacheScene) int {
				s.meteoTenths.Store(334)
				if _, err := s.app.fetcher.CheckNow(context.Background()); err != nil {
					s.t.Fatalf("weather check: %v", err)
				}
				return http.StatusOK
			},
			status: http.StatusOK,
			after:  every(htmlPages, func(s *cacheScene, body string) { textIs(s, body, "weather-temp", "33.4 °C") })},

		{name: "local midnight renders every page's header date again; the feeds and the sitemap, which show no date, stay cached",
			do: func(s *cacheScene) int {
				s.midnight()
				return http.StatusOK
			},
			status: http.StatusOK,
			after: every(htmlPages, func(s *cacheScene, body string) {
				// The real date rarely changes during the test: the page
				// being rendered again is what the row proves, and it
				// shows today's date in the site's zone.
				today := time.Now().In(s.zone).Format("2006-01-02")
				if got := attrOf(firstWithClass(s, body, "today"), "datetime"); got != today {
					s.t.Errorf("%s: the header's date is %q, want %q", pageName(body), got, today)
				}
			})},
	}
}

// removedStory checks that the row's story is listed before it is removed.
func removedStory(title string) map[string]pageCheck {
	lists := func(s *cacheScene, body string) { linksTo(s, body, s.path, title) }
	return map[string]pageCheck{
		"own":  func(s *cacheScene, body string) { textIs(s, body, "story-title", title) },
		"home": lists, "world": lists, "floods": lists, "ana": lists, "search": lists, "A's day": lists,
		"feed":         func(s *cacheScene, body string) { feedLists(s, body, s.path, title) },
		"news sitemap": func(s *cacheScene, body string) { newsSitemapLists(s, body, s.path, title) },
	}
}

// storyGone checks that the row's story answers status and is in no list.
func storyGone(status int) map[string]pageCheck {
	unlisted := func(s *cacheScene, body string) { noLinkTo(s, body, s.path) }
	return map[string]pageCheck{
		"own": func(s *cacheScene, body string) {
			if got := statusOf(body); got != status {
				s.t.Errorf("own: %d, want %d", got, status)
			}
		},
		"home": unlisted, "world": unlisted, "floods": unlisted, "ana": unlisted, "search": unlisted, "A's day": unlisted,
		"feed":         func(s *cacheScene, body string) { feedLacks(s, body, s.path) },
		"news sitemap": func(s *cacheScene, body string) { newsSitemapLacks(s, body, s.path) },
	}
}

// midnight runs the program's midnight announcer on a clock at a minute to
// midnight in the site's zone, moves the clock past it and waits for the
// announcement.
func (s *cacheScene) midnight() {
	s.t.Helper()
	start := time.Date(2025, 7, 14, 23, 59, 0, 0, s.zone)
	clk := clock.NewFake(start)
	m := s.app.midnights
	m.Clock = clk
	announced := make(chan struct{}, 1)
	stop := s.app.feed.Subscribe(func(_ context.Context, e changes.Event) {
		if e.Kind == changes.KindDate {
			select {
			case announced <- struct{}{}:
			default:
			}
		}
	})
	defer stop()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { defer close(done); m.Run(ctx) }()
	defer func() { cancel(); <-done }()

	// The announcer sleeps until midnight in the site's zone.
	asleep, stopWaiting := context.WithTimeout(context.Background(), 5*time.Second)
	defer stopWaiting()
	at, err := clk.NextTimer(asleep)
	if err != nil {
		s.t.Fatalf("the announcer never slept: %v", err)
	}
	if d := at.Sub(start); d != time.Minute {
		s.t.Fatalf("the announcer waits %v at 23:59 in %s, want a minute", d, s.zone)
	}
	// Past midnight, which fires its timer; the wait after midnight is
	// left alone.
	clk.Set(start.Add(2 * time.Minute))
	select {
	case <-announced:
	case <-time.After(5 * time.Second):
		s.t.Fatal("midnight was not announced")
	}
}

// every gives each of names the same check.
func every(names []string, check pageCheck) map[string]pageCheck {
	m := make(map[string]pageCheck, len(names))
	for _, n := range names {
		m[n] = check
	}
	return m
}

// both runs two checks.
func both(a, b pageCheck) pageCheck {
	return func(s *cacheScene, body string) { a(s, body); b(s, body) }
}

// commentAnchor is a comment's place on its article's page.
func commentAnchor(c content.Comment) string { return "#comment-" + strconv.FormatInt(c.ID, 10) }

// pageName and statusOf read the heading that warm and the test put before
// a body: "name: status".
func pageName(body string) string {
	name, _, _ := strings.Cut(body, ": ")
	return name
}

func statusOf(body string) int {
	_, rest, _ := strings.Cut(body, ": ")
	code, _, _ := strings.Cut(rest, "\n")
	n, _ := strconv.Atoi(code)
	return n
}

// document is a body without its heading.
func document(body string) string {
	_, doc, ok := strings.Cut(body, "\n")
	if !ok {
		return body
	}
	return doc
}

// The checks on HTML pages, by element and class, as the default theme
// marks them up.

func htmlOf(s *cacheScene, body string) *html.Node {
	s.t.Helper()
	return parseHTML(s.t, document(body))
}

// elementsWhere are the elements under n that match.
func elementsWhere(n *html.Node, match func(*html.Node) bool) []*html.Node {
	var out []*html.Node
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && match(n) {
			out = append(out, n)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return out
}

func hasClass(n *html.Node, class string) bool {
	return slices.Contains(strings.Fields(attrOf(n, "class")), class)
}

// textOf is an element's text with its white space folded.
func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

func withClass(s *cacheScene, body, class string) []*html.Node {
	return elementsWhere(htmlOf(s, body), func(n *html.Node) bool { return hasClass(n, class) })
}

func firstWithClass(s *cacheScene, body, class string) *html.Node {
	s.t.Helper()
	found := withClass(s, body, class)
	if len(found) == 0 {
		s.t.Errorf("%s: no element of class %q", pageName(body), class)
		return nil
	}
	return found[0]
}

// textIs checks the text of the first element of class.
func textIs(s *cacheScene, body, class, want string) {
	s.t.Helper()
	if n := firstWithClass(s, body, class); n != nil && textOf(n) != want {
		s.t.Errorf("%s: .%s reads %q, want %q", pageName(body), class, textOf(n), want)
	}
}

// textsInclude checks that an element of class holds an element whose
// text is want.
func textsInclude(s *cacheScene, body, class, want string) {
	s.t.Helper()
	var seen []string
	for _, outer := range withClass(s, body, class) {
		for _, n := range elementsWhere(outer, func(*html.Node) bool { return true }) {
			if textOf(n) == want {
				return
			}
		}
		seen = append(seen, textOf(outer))
	}
	s.t.Errorf("%s: no %q in .%s %q", pageName(body), want, class, seen)
}

// linksTo checks that the page links to path with the words text.
func linksTo(s *cacheScene, body, path, text string) {
	s.t.Helper()
	var seen []string
	for _, a := range elementsWhere(htmlOf(s, body), func(n *html.Node) bool { return n.Data == "a" && attrOf(n, "href") == path }) {
		if textOf(a) == text {
			return
		}
		seen = append(seen, textOf(a))
	}
	s.t.Errorf("%s: no link to %s reading %q (links to it read %q)", pageName(body), path, text, seen)
}

func noLinkTo(s *cacheScene, body, path string) {
	s.t.Helper()
	if links := elementsWhere(htmlOf(s, body), func(n *html.Node) bool { return n.Data == "a" && attrOf(n, "href") == path }); len(links) > 0 {
		s.t.Errorf("%s: still links to %s (%q)", pageName(body), path, textOf(links[0]))
	}
}

// navigationShows checks the header's section links.
func navigationShows(s *cacheScene, body, path, name string) {
	s.t.Helper()
	for _, nav := range withClass(s, body, "sections") {
		for _, a := range elementsWhere(nav, func(n *html.Node) bool { return n.Data == "a" && attrOf(n, "href") == path }) {
			if textOf(a) == name {
				return
			}
		}
	}
	s.t.Errorf("%s: the navigation has no link to %s reading %q", pageName(body), path, name)
}

// cardCounts checks the comment count on the card linking to path.
func cardCounts(s *cacheScene, body, path, want string) {
	s.t.Helper()
	for _, card := range withClass(s, body, "card") {
		if len(elementsWhere(card, func(n *html.Node) bool { return n.Data == "a" && attrOf(n, "href") == path })) == 0 {
			continue
		}
		for _, meta := range elementsWhere(card, func(n *html.Node) bool { return hasClass(n, "meta") }) {
			if strings.HasSuffix(textOf(meta), "· "+want) {
				return
			}
			s.t.Errorf("%s: the card of %s says %q, want it to end %q", pageName(body), path, textOf(meta), want)
			return
		}
	}
	s.t.Errorf("%s: no card of %s", pageName(body), path)
}

func hasElementID(s *cacheScene, body, id, text string) {
	s.t.Helper()
	found := elementsWhere(htmlOf(s, body), func(n *html.Node) bool { return attrOf(n, "id") == id })
	if len(found) == 0 || !strings.Contains(textOf(found[0]), text) {
		s.t.Errorf("%s: no #%s with %q", pageName(body), id, text)
	}
}

// idReads checks the text of the element with id.
func idReads(s *cacheScene, body, id, want string) {
	s.t.Helper()
	found := elementsWhere(htmlOf(s, body), func(n *html.Node) bool { return attrOf(n, "id") == id })
	if len(found) == 0 || textOf(found[0]) != want {
		s.t.Errorf("%s: #%s reads %q, want %q", pageName(body), id, textsOf(found), want)
	}
}

func textsOf(nodes []*html.Node) []string {
	out := make([]string, len(nodes))
	for i, n := range nodes {
		out[i] = textOf(n)
	}
	return out
}

func lacksElementID(s *cacheScene, body, id string) {
	s.t.Helper()
	if found := elementsWhere(htmlOf(s, body), func(n *html.Node) bool { return attrOf(n, "id") == id }); len(found) > 0 {
		s.t.Errorf("%s: #%s is still shown: %q", pageName(body), id, textOf(found[0]))
	}
}

// The checks on the RSS feeds and the news sitemap.

type rssDoc struct {
	Title string    `xml:"channel>title"`
	Items []rssItem `xml:"channel>item"`
}

type rssItem struct {
	Title      string   `xml:"title"`
	Link       string   `xml:"link"`
	Creator    string   `xml:"creator"`
	Categories []string `xml:"category"`
}

func rssOf(s *cacheScene, body string) rssDoc {
	s.t.Helper()
	var doc rssDoc
	decodeXML(s.t, document(body), &doc)
	return doc
}

// feedItem is the item linking to path, if any.
func feedItem(s *cacheScene, body, path string) (rssItem, bool) {
	s.t.Helper()
	for _, it := range rssOf(s, body).Items {
		if it.Link == "https://news.example"+path {
			return it, true
		}
	}
	return rssItem{}, false
}

func feedLists(s *cacheScene, body, path, title string) {
	s.t.Helper()
	it, ok := feedItem(s, body, path)
	if !ok || it.Title != title {
		s.t.Errorf("%s: the item for %s is %+v (there: %v), want the title %q", pageName(body), path, it, ok, title)
	}
}

func feedLacks(s *cacheScene, body, path string) {
	s.t.Helper()
	if it, ok := feedItem(s, body, path); ok {
		s.t.Errorf("%s: still has %+v", pageName(body), it)
	}
}

func feedTitled(s *cacheScene, body, title string) {
	s.t.Helper()
	if got := rssOf(s, body).Title; got != title {
		s.t.Errorf("%s: the feed is titled %q, want %q", pageName(body), got, title)
	}
}

func feedCategories(s *cacheScene, body, path, category string) {
	s.t.Helper()
	it, _ := feedItem(s, body, path)
	if !slices.Contains(it.Categories, category) {
		s.t.Errorf("%s: the item for %s has the categories %q, want %q among them", pageName(body), path, it.Categories, category)
	}
}

func feedAuthor(s *cacheScene, body, path, author string) {
	s.t.Helper()
	if it, _ := feedItem(s, body, path); it.Creator != author {
		s.t.Errorf("%s: the item for %s is by %q, want %q", pageName(body), path, it.Creator, author)
	}
}

type newsSitemap struct {
	URLs []struct {
		Loc         string `xml:"loc"`
		Title       string `xml:"news>title"`
		Publication string `xml:"news>publication>name"`
	} `xml:"url"`
}

func newsSitemapOf(s *cacheScene, body string) newsSitemap {
	s.t.Helper()
	var doc newsSitemap
	decodeXML(s.t, document(body), &doc)
	return doc
}

func newsSitemapLists(s *cacheScene, body, path, title string) {
	s.t.Helper()
	var seen []string
	for _, u := range newsSitemapOf(s, body).URLs {
		if u.Loc == "https://news.example"+path && u.Title == title {
			return
		}
		seen = append(seen, u.Loc+" "+u.Title)
	}
	sort.Strings(seen)
	s.t.Errorf("%s: no %s titled %q in %q", pageName(body), path, title, seen)
}

func newsSitemapLacks(s *cacheScene, body, path string) {
	s.t.Helper()
	for _, u := range newsSitemapOf(s, body).URLs {
		if u.Loc == "https://news.example"+path {
			s.t.Errorf("%s: still lists %s", pageName(body), path)
		}
	}
}

func newsPublication(s *cacheScene, body, name string) {
	s.t.Helper()
	doc := newsSitemapOf(s, body)
	if len(doc.URLs) == 0 {
		s.t.Errorf("%s: lists nothing", pageName(body))
	}
	for _, u := range doc.URLs {
		if u.Publication != name {
			s.t.Errorf("%s: %s is published by %q, want %q", pageName(body), u.Loc, u.Publication, name)
		}
	}
}
