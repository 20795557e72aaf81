package main

import (
	"context"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/web/webtest"
)

// TestStoredXSSThroughStaffFields is the security suite's stored-XSS row
// for what the staff type (the readers' fields have theirs in
// internal/site and internal/admin, see security_test.go): each payload of
// the shared corpus goes, through the newsroom's forms and the API, into an
// article's title, excerpt, dateline, body and tags, a section's name and
// description, a tag's name, a member's name and biography, the site's
// name, tagline, weather label, copyright and about text, a picture's
// alt text, caption and credit, a live blog entry's headline and body,
// and a breaking-news alert's line. Then every page, feed, API answer and
// newsroom page that shows them must hold no more of what runs script than
// it does with harmless words; a feed's text, which readers may show as
// HTML, none at all; the API answers JSON that no browser sniffs as a page.
func TestStoredXSSThroughStaffFields(t *testing.T) {
	e := newEventsApp(t)
	s := &scene{eventsApp: e, t: t}
	author := e.staff[content.RoleAuthor]
	corpus := webtest.XSSCorpus(t, "../../internal/comments/testdata/xss.txt")

	// The story is a live blog too, so that its entries' headlines and
	// bodies reach its page, fragment, feed and desk.
	if _, err := e.seedArticles.StartLiveBlog(context.Background(), author, e.story.ID, true); err != nil {
		t.Fatal(err)
	}
	stored := map[string]int{}
	// formPage is the page whose form each write is, which a refusal shows
	// again with what was typed.
	formPage := map[string]string{"section": "the section's page", "tag": "the tag's page", "profile": "the profile",
		"settings": "the settings", "picture": "the picture's page"}
	var baseline map[string]map[string]int
	fill := func(p string) {
		t.Helper()
		clearLive(t, e)
		answers := map[string]*httptest.ResponseRecorder{
			"article (API)": s.api(http.MethodPatch, urlPath("/api/v1/articles/", e.story.ID), e.tokens[content.RoleAuthor],
				map[string]any{"title": p, "excerpt": p, "dateline": p, "body": p, "tags": []string{"Floods", p}}),
			"section": s.post(e.desks[content.RoleEditor], urlPath("/admin/sections/", e.world.ID),
				url.Values{"name": {p}, "slug": {"world"}, "description": {p}}),
			"tag": s.post(e.desks[content.RoleEditor], urlPath("/admin/tags/", e.floods.ID), url.Values{"name": {p}, "slug": {"floods"}}),
			"profile": s.post(e.desks[content.RoleAuthor], "/admin/profile",
				url.Values{"name": {p}, "email": {author.Email}, "bio": {p}}),
			"settings": s.post(e.desks[content.RoleAdmin], "/admin/settings", siteSettings(map[string]string{
				"site_name": p, "tagline": p, "weather_label": p, "copyright": p, "about": p})),
			"picture": s.post(e.desks[content.RoleAuthor], urlPath("/admin/media/", e.picture.ID),
				url.Values{"alt": {p}, "caption": {p}, "credit": {p}}),
			"entry (API)": s.api(http.MethodPost, urlPath("/api/v1/articles/", e.story.ID)+"/entries", e.tokens[content.RoleAuthor],
				map[string]any{"headline": p, "body": p}),
			"alert (API)": s.api(http.MethodPost, "/api/v1/alerts", e.tokens[content.RoleEditor],
				map[string]any{"text": p, "url": "/" + strconv.Itoa(len(stored)) + "/", "expires_at": time.Now().Add(time.Hour).Format(time.RFC3339)}),
		}
		for what, w := range answers {
			switch {
			case w.Code == http.StatusOK || w.Code == http.StatusSeeOther:
				stored[what]++
			case w.Code == http.StatusUnprocessableEntity && baseline != nil && formPage[what] != "":
				// Refused: the form comes back with what was typed, and
				// must hold no more than the form itself.
				if got := live(webtest.Hazards(webtest.Parse(t, w.Body.String()))); !maps.Equal(got, baseline[formPage[what]]) {
					t.Errorf("%s refused %q with a page holding %v, the form itself %v", what, p, got, baseline[formPage[what]])
				}
			case w.Code == http.StatusOK && what != "article (API)" && strings.HasSuffix(what, "(API)"):
				t.Fatalf("%s answered 200 to a POST", what)
			case w.Code == http.StatusCreated:
				stored[what]++
			case w.Code == http.StatusUnprocessableEntity && strings.HasSuffix(what, "(API)"):
			default:
				t.Fatalf("%s with %q: answered %d %.300s", what, p, w.Code, w.Body)
			}
		}
	}

	fill("Harmless words")
	pages := s.staffPages()
	baseline = map[string]map[string]int{}
	for name, read := range pages {
		baseline[name] = read()
	}
	step := max(1, len(corpus)/16)
	tried := 0
	for i := 0; i < len(corpus); i += step {
		p := corpus[i]
		tried++
		fill(p)
		for name, read := range pages {
			if got := read(); !maps.Equal(got, baseline[name]) {
				t.Errorf("payload %d %q: %s has %v, with harmless words %v", i+1, p, name, got, baseline[name])
			}
		}
	}
	t.Logf("%d payloads; stored by field group: %v (the rest refused and shown again)", tried, stored)
}

// clearLive removes the story's entries and the alerts, so that each
// payload is the one entry and the one alert the pages show, and a page
// keeps the buttons of one.
func clearLive(t *testing.T, e *eventsApp) {
	t.Helper()
	ctx := context.Background()
	entries, err := e.st.Entries(ctx, store.EntryQuery{ArticleID: e.story.ID, Limit: store.MaxLimit})
	noError(t, err)
	for _, x := range entries {
		noError(t, e.st.DeleteEntry(ctx, e.story.ID, x.ID))
	}
	up, err := e.st.ActiveAlerts(ctx, time.Now(), 0)
	noError(t, err)
	for _, l := range up {
		noError(t, e.st.DeleteAlert(ctx, l.ID))
	}
}

// live is what of Hazards runs script or takes over the page, leaving out
// the elements the article sanitiser keeps on purpose (pictures, tables,
// media), which are harmless without a hazardous attribute, counted apart.
func live(found map[string]int) map[string]int {
	out := map[string]int{}
	for k, n := range found {
		switch k {
		case "<img>", "<table>", "<details>", "<video>", "<audio>", "<source>":
			continue
		}
		out[k] = n
	}
	return out
}

// staffPages are the readings of every page that shows a staff field, each
// returning what it holds that could run script.
func (s *scene) staffPages() map[string]func() map[string]int {
	e := s.eventsApp
	page := func(v *visitor, path string) func() map[string]int {
		return func() map[string]int {
			w := s.send(v, httptest.NewRequest(http.MethodGet, "https://news.example"+path, nil))
			if w.Code != http.StatusOK {
				s.t.Fatalf("GET %s: %d", path, w.Code)
			}
			return live(webtest.Hazards(webtest.Parse(s.t, w.Body.String())))
		}
	}
	feed := func(path string) func() map[string]int {
		return func() map[string]int {
			w := s.send(nil, httptest.NewRequest(http.MethodGet, "https://news.example"+path, nil))
			if w.Code != http.StatusOK {
				s.t.Fatalf("GET %s: %d", path, w.Code)
			}
			return s.feedHazards(path, w.Body.String())
		}
	}
	api := func(path string) func() map[string]int {
		return func() map[string]int {
			w := s.api(http.MethodGet, path, e.tokens[content.RoleAdmin], nil)
			if w.Code != http.StatusOK || !strings.HasPrefix(w.Header().Get("Content-Type"), "application/json") ||
				w.Header().Get("X-Content-Type-Options") != "nosniff" || !json.Valid(w.Body.Bytes()) {
				s.t.Fatalf("GET %s: %d %v", path, w.Code, w.Header())
			}
			return nil
		}
	}
	admin, authorDesk := e.desks[content.RoleAdmin], e.desks[content.RoleAuthor]
	authorSlug := e.staff[content.RoleAuthor].Slug
	return map[string]func() map[string]int{
		"the article":              page(nil, e.story.Path(e.zone)),
		"the front page":           page(nil, "/"),
		"the section":              page(nil, "/category/world/"),
		"the tag":                  page(nil, "/tag/floods/"),
		"the author's archive":     page(nil, "/author/"+authorSlug+"/"),
		"the search":               page(nil, "/search?q=river"),
		"the RSS feed":             feed("/feed/"),
		"the Atom feed":            feed("/feed/atom/"),
		"the JSON feed":            feed("/feed.json"),
		"the section's feed":       feed("/category/world/feed/"),
		"the API's article":        api(urlPath("/api/v1/articles/", e.story.ID)),
		"the API's lists":          api("/api/v1/articles"),
		"the API's tags":           api("/api/v1/tags"),
		"the API's sections":       api("/api/v1/categories"),
		"the API's authors":        api("/api/v1/authors"),
		"the dashboard":            page(admin, "/admin/"),
		"the article list":         page(admin, "/admin/articles"),
		"the editor":               page(authorDesk, urlPath("/admin/articles/", e.story.ID)),
		"the library":              page(admin, "/admin/media/"),
		"the picture's page":       page(authorDesk, urlPath("/admin/media/", e.picture.ID)),
		"the sections page":        page(admin, "/admin/sections"),
		"the section's page":       page(admin, urlPath("/admin/sections/", e.world.ID)),
		"the tags page":            page(admin, "/admin/tags"),
		"the tag's page":           page(admin, urlPath("/admin/tags/", e.floods.ID)),
		"the members page":         page(admin, "/admin/users"),
		"the member's page":        page(admin, urlPath("/admin/users/", e.staff[content.RoleAuthor].ID)),
		"the profile":              page(authorDesk, "/admin/profile"),
		"the settings":             page(admin, "/admin/settings"),
		"the moderation queue":     page(admin, "/admin/comments/"),
		"the API's list by author": api("/api/v1/articles?author=" + authorSlug),
		"the live blog's fragment": page(nil, e.story.Path(e.zone)+"live/"),
		"the live blog's feed":     feed(e.story.Path(e.zone) + "feed/"),
		"the API's entries":        api(urlPath("/api/v1/articles/", e.story.ID) + "/entries"),
		"the API's alerts":         api("/api/v1/alerts"),
		"the live blog desk":       page(authorDesk, urlPath("/admin/articles/", e.story.ID)+"/live"),
		"the alerts desk":          page(admin, "/admin/alerts"),
	}
}

// feedHazards reads what a feed declares HTML as HTML, as a feed reader
// shows it, and adds up what could run script: in RSS every text (whose
// titles and descriptions readers show as HTML), in Atom what is of type
// html, in a JSON Feed the _html fields. Atom's text and the JSON Feed's
// other fields are plain text by their specifications.
func (s *scene) feedHazards(path, body string) map[string]int {
	total := map[string]int{}
	add := func(text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		for k, n := range live(webtest.Hazards(webtest.Fragment(s.t, text))) {
			total[k] += n
		}
	}
	if strings.HasSuffix(path, ".json") {
		var walk func(key string, v any)
		walk = func(key string, v any) {
			switch x := v.(type) {
			case string:
				if strings.HasSuffix(key, "_html") {
					add(x)
				}
			case []any:
				for _, y := range x {
					walk(key, y)
				}
			case map[string]any:
				for k, y := range x {
					walk(k, y)
				}
			}
		}
		var v any
		noError(s.t, json.Unmarshal([]byte(body), &v))
		walk("", v)
		return total
	}
	dec := xml.NewDecoder(strings.NewReader(body))
	atom := false
	var html []bool // for each open element, whether its text is HTML
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			s.t.Fatalf("%s is not XML: %v", path, err)
		}
		switch x := tok.(type) {
		case xml.StartElement:
			if x.Name.Local == "feed" && len(html) == 0 {
				atom = true
			}
			isHTML := !atom
			for _, a := range x.Attr {
				if atom && a.Name.Local == "type" {
					isHTML = a.Value == "html" || a.Value == "xhtml"
				}
			}
			html = append(html, isHTML)
		case xml.EndElement:
			html = html[:len(html)-1]
		case xml.CharData:
			if len(html) > 0 && html[len(html)-1] {
				add(string(x))
			}
		}
	}
	return total
}
