package site_test

import (
	"context"
	"dateline/internal/media"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/site"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
	"dateline/internal/web"
)

// depNewsroom is a small newsroom for the dependency tags: few enough
// stories that every tag a page declares can be written out, and shaped
// so that each block of the front page shows a story of its own.
type depNewsroom struct {
	st       store.Store
	site     *site.Site
	handler  http.Handler // the site's own: the front door strips the tags
	feed     *changes.Feed
	recorder *changes.Recorder
	comments *comments.Service
	editor   content.User
	ana, ben content.User
	world    content.Category
	pic      content.Image
	zone     *time.Location
	// kremlin leads the front page (World, Ana, tagged Diplomacy and
	// Russia, with a picture, a must-read); markets is beside it
	// (Business, Ben); older is in the World block and on page 2 (World,
	// Ana, Diplomacy); letters has no section and shows on the front page
	// only under "Most read".
	kremlin, markets, older, letters content.Article
	about, gone                      content.Article
	approved, held                   content.Comment
}

func newDepNewsroom(t *testing.T) *depNewsroom {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t)
	n := &depNewsroom{st: st, feed: &changes.Feed{}, recorder: &changes.Recorder{}}
	n.feed.Subscribe(n.recorder.Record)

	set := content.DefaultSettings()
	set.SiteName, set.Tagline, set.TimeZone, set.PerPage = "The Test Dateline", "News for tests", "Asia/Bangkok", 2
	must(t, st.SaveSettings(ctx, set))
	n.zone = set.Zone()
	n.editor = content.User{Email: "eve@example.com", Name: "Eve Editor", Role: content.RoleAdmin}
	n.ana = content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor, Bio: "Covers diplomacy."}
	n.ben = content.User{Email: "ben@example.com", Name: "Ben Okafor", Role: content.RoleAuthor}
	for _, u := range []*content.User{&n.editor, &n.ana, &n.ben} {
		must(t, st.CreateUser(ctx, u))
	}
	n.world = content.Category{Name: "World", Position: 1, Description: "News from everywhere."}
	business := content.Category{Name: "Business", Position: 2}
	must(t, st.CreateCategory(ctx, &n.world))
	must(t, st.CreateCategory(ctx, &business))
	n.pic = content.Image{Name: "demo/kremlin", Ext: ".jpg", Width: 1600, Height: 900, Alt: "The Kremlin at dusk",
		Caption: "The Kremlin seen from the river.", Credit: "Illustration: Dateline", Variants: []int{480, 960}}
	must(t, st.CreateImage(ctx, &n.pic))

	hours := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	post := func(title string, at time.Time, mod func(*content.Article)) content.Article {
		a := content.Article{Kind: content.KindPost, Title: title, Source: "Story text for " + title + ".",
			Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: at, UpdatedAt: at,
			Author: n.ana, CommentsOpen: true}
		mod(&a)
		must(t, render.Prepare(&a))
		must(t, st.CreateArticle(ctx, &a))
		return a
	}
	n.kremlin = post("Kremlin signals new talks", hours(1), func(a *content.Article) {
		a.Category, a.Image, a.MustRead = n.world, &n.pic, true
		a.Tags = []content.Tag{{Name: "Diplomacy"}, {Name: "Russia"}}
		a.Source = "The Kremlin said on Sunday it was ready for talks."
	})
	n.markets = post("Markets rally on rate hopes", hours(2), func(a *content.Article) { a.Category, a.Author = business, n.ben })
	n.older = post("Envoys meet in Geneva", hours(3), func(a *content.Article) {
		a.Category, a.Tags = n.world, []content.Tag{{Name: "Diplomacy"}}
	})
	n.letters = post("Letters from readers", hours(5), func(a *content.Article) { a.Author = n.ben })
	n.gone = post("Published then trashed", hours(6), func(a *content.Article) { a.Status = content.StatusTrashed })
	n.about = post("About", hours(100), func(a *content.Article) { a.Kind, a.Slug = content.KindPage, "about" })
	must(t, st.AddViews(ctx, map[int64]int{n.letters.ID: 50}, now.In(set.Zone()).Format(store.DayLayout)))

	comment := func(name, body string, status content.CommentStatus) content.Comment {
		c := content.Comment{ArticleID: n.kremlin.ID, AuthorName: name, AuthorEmail: strings.ToLower(name) + "@example.com",
			Body: body, Status: status, CreatedAt: n.kremlin.PublishedAt.Add(10 * time.Minute)}
		must(t, st.CreateComment(ctx, &c))
		return c
	}
	n.approved = comment("Nok", "Good news if true.", content.CommentApproved)
	n.held = comment("Lee", "Waiting for the moderator.", content.CommentPending)

	secret, err := st.Secret(ctx, "comments")
	must(t, err)
	n.comments, err = comments.New(st, comments.Config{Secret: secret, Now: func() time.Time { return now }, Changes: n.feed})
	must(t, err)
	n.site, err = site.New(site.Config{Store: st, Now: func() time.Time { return now }, Comments: n.comments,
		Media: media.Dir(filepath.Join(t.TempDir(), "media")), BaseURL: "https://news.example"})
	must(t, err)
	n.handler = n.site.Handler()
	return n
}

// get asks the site itself for path.
func (n *depNewsroom) get(t *testing.T, path string) *httptest.ResponseRecorder {
	t.Helper()
	rec := httptest.NewRecorder()
	n.handler.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
	return rec
}

// declared is the tags the answer for path declares, sorted.
func (n *depNewsroom) declared(t *testing.T, path string) (int, []string) {
	t.Helper()
	rec := n.get(t, path)
	tags := web.Tags(rec.Header())
	slices.Sort(tags)
	return rec.Code, tags
}

func (n *depNewsroom) path(a content.Article) string { return a.Path(n.zone) }

// heldView is the address the writer of the held comment is sent to.
func (n *depNewsroom) heldView(path string) string {
	u, _, _ := strings.Cut(n.comments.RedirectURL(path, n.held, comments.Held), "#")
	return u
}

// tagSet sorts tags and drops repeats.
func tagSet(groups ...[]string) []string {
	var all []string
	for _, g := range groups {
		all = append(all, g...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// The tags the rule gives, written out for the fixture.
var (
	headerTags = []string{changes.Settings, changes.Sections, changes.Weather, changes.Date, changes.Alerts}
	sitemap    = tagSet([]string{changes.Sitemaps, changes.Settings})
)

// A card names its byline's name and its picture, not its section (the
// navigation's sections covers the section's name) nor the archives it is
// listed in; an article in full adds the names of its tags.
func (n *depNewsroom) kremlinCard() []string {
	return []string{changes.Article(n.kremlin.ID), "byline:ana-reyes", changes.Media(n.pic.ID)}
}
func (n *depNewsroom) kremlinFull() []string {
	return append(n.kremlinCard(), "tagname:diplomacy", "tagname:russia")
}
func (n *depNewsroom) marketsCard() []string {
	return []string{changes.Article(n.markets.ID), "byline:ben-okafor"}
}
func (n *depNewsroom) olderCard() []string {
	return []string{changes.Article(n.older.ID), "byline:ana-reyes"}
}
func (n *depNewsroom) olderFull() []string { return append(n.olderCard(), "tagname:diplomacy") }
func (n *depNewsroom) lettersCard() []string {
	return []string{changes.Article(n.letters.ID), "byline:ben-okafor"}
}

func TestPagesDeclareTheTagsTheyAreBuiltFrom(t *testing.T) {
	n := newDepNewsroom(t)
	kremlin := n.path(n.kremlin)
	feeds := []string{changes.Feeds, changes.Settings, changes.Sections} // items print their section's name
	everyFeedItem := tagSet(feeds, n.kremlinFull(), n.marketsCard(), n.olderFull(), n.lettersCard())
	cases := []struct {
		name   string
		path   string
		status int
		want   []string
	}{
		{"the front page declares its list, the header and every story of every block (lead, beside it, must read, section blocks, most read)",
			"/", 200, tagSet([]string{changes.Home}, headerTags, n.kremlinCard(), n.marketsCard(), n.olderCard(), n.lettersCard())},
		{"an older page of the front page declares its list, the header and its stories",
			"/page/2/", 200, tagSet([]string{changes.Home}, headerTags, n.olderCard(), n.lettersCard())},
		{"an article page declares itself, its byline, picture and tag names, and the header (whose sections name its section), and none of the stories beside it or the archives it is in",
			kremlin, 200, tagSet(headerTags, n.kremlinFull())},
		{"a static page declares itself, the header and the pages' places (its parent and the pages under it)",
			"/about/", 200, tagSet(headerTags, []string{changes.Article(n.about.ID), "byline:ana-reyes", changes.Pages})},
		{"a section archive declares the section, the header and its stories",
			"/category/world/", 200, tagSet([]string{"section:world"}, headerTags, n.kremlinCard(), n.olderCard())},
		{"a tag archive declares the tag, the header and its stories",
			"/tag/russia/", 200, tagSet([]string{"tag:russia"}, headerTags, n.kremlinCard())},
		{"an author archive declares the author, the header and their stories",
			"/author/ben-okafor/", 200, tagSet([]string{"author:ben-okafor"}, headerTags, n.marketsCard(), n.lettersCard())},
		{"search results declare search, the header and each story found",
			"/search?q=talks", 200, tagSet([]string{changes.Search}, headerTags, n.kremlinCard())},
		{"search results in one section declare that section too",
			"/search?q=talks&category=world", 200, tagSet([]string{changes.Search, "section:world"}, headerTags, n.kremlinCard())},
		{"a search that finds nothing declares search and the header",
			"/search?q=volcano", 200, tagSet([]string{changes.Search}, headerTags)},
		{"the search form without a question declares the header only",
			"/search", 200, tagSet(headerTags)},
		{"a refused search declares nothing",
			"/search?q=talks&page=0", 400, nil},
		{"suggestions declare search, the settings and each story suggested",
			"/search/suggest?q=kreml", 200, tagSet([]string{changes.Search, changes.Settings, changes.Article(n.kremlin.ID)})},
		{"suggestions for too short a question declare search",
			"/search/suggest?q=k", 200, []string{changes.Search}},
		{"the RSS feed declares feeds, the sections and each story in full", "/feed/", 200, everyFeedItem},
		{"the Atom feed declares the same", "/feed/atom/", 200, everyFeedItem},
		{"the JSON feed declares the same", "/feed.json", 200, everyFeedItem},
		{"a section's feed declares the section too",
			"/category/world/feed/", 200, tagSet(feeds, []string{"section:world"}, n.kremlinFull(), n.olderFull())},
		{"a tag's feed declares the tag too",
			"/tag/russia/feed/", 200, tagSet(feeds, []string{"tag:russia"}, n.kremlinFull())},
		{"an author's feed declares the author too",
			"/author/ben-okafor/feed/", 200, tagSet(feeds, []string{"author:ben-okafor"}, n.marketsCard(), n.lettersCard())},
		{"the feed of comments declares comments and the articles commented on",
			"/comments/feed/", 200, tagSet([]string{changes.CommentsFeed, changes.Settings, changes.Article(n.kremlin.ID)})},
		{"an article's comment feed declares the article",
			kremlin + "feed/", 200, tagSet([]string{changes.Settings, changes.Article(n.kremlin.ID)})},
		{"the sitemap index declares sitemaps", "/sitemap.xml", 200, sitemap},
		{"a month's sitemap declares sitemaps", "/sitemaps/posts-2025-07.xml", 200, sitemap},
		{"the sitemap of pages declares sitemaps", "/sitemaps/pages.xml", 200, sitemap},
		{"the sitemap of sections declares sitemaps", "/sitemaps/categories.xml", 200, sitemap},
		{"the sitemap of tags declares sitemaps", "/sitemaps/tags.xml", 200, sitemap},
		{"the sitemap of authors declares sitemaps", "/sitemaps/authors.xml", 200, sitemap},
		{"the news sitemap declares sitemaps", "/news-sitemap.xml", 200, sitemap},
		{"robots.txt declares the settings (the site's address)", "/robots.txt", 200, []string{changes.Settings}},
		{"a page that does not exist declares nothing", "/no-such-page/", 404, nil},
		{"a front page past the last declares nothing", "/page/9/", 404, nil},
		{"an archive that does not exist declares nothing", "/category/nowhere/", 404, nil},
		{"a removed article declares nothing", n.path(n.gone), 410, nil},
		{"a redirect that follows from the address alone declares nothing", "/page/1/", 301, nil},
		{"a redirect of an old article address declares the article and the settings (its dated address)",
			"/?p=" + strconv.FormatInt(n.kremlin.ID, 10), 301, []string{changes.Article(n.kremlin.ID), changes.Settings}},
		{"a redirect of a page of comments declares the article too",
			kremlin + "comment-page-2/", 301, []string{changes.Article(n.kremlin.ID), changes.Settings}},
		{"a redirect of a section's old id declares the section", "/?cat=" + strconv.FormatInt(n.world.ID, 10), 301,
			[]string{"section:world"}},
		{"a redirect of WordPress's feed query declares nothing", "/?feed=rss2", 301, nil},
		{"a day's archive declares its list as the front page's, the header and its stories",
			"/2025/07/14/", 200, tagSet([]string{changes.Home}, headerTags, n.kremlinCard(), n.marketsCard())},
		{"a month's archive declares the same", "/2025/07/", 200, tagSet([]string{changes.Home}, headerTags, n.kremlinCard(), n.marketsCard())},
		{"a day's feed declares the front page's list and each story in full", "/2025/07/14/feed/", 200,
			tagSet(feeds, []string{changes.Home}, n.kremlinFull(), n.marketsCard(), n.olderFull(), n.lettersCard())},
		{"a section's JSON feed declares what its RSS feed does",
			"/category/world/feed.json", 200, tagSet(feeds, []string{"section:world"}, n.kremlinFull(), n.olderFull())},
		{"the reply form of a comment declares what its article does",
			kremlin + "?replytocom=" + strconv.FormatInt(n.approved.ID, 10), 200, tagSet(headerTags, n.kremlinFull())},
		{"a day with nothing published declares nothing", "/2025/06/01/", 404, nil},
		{"the view of a reader's own held comment declares nothing", n.heldView(kremlin), 200, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			status, got := n.declared(t, tc.path)
			if status != tc.status {
				t.Fatalf("GET %s = %d, want %d", tc.path, status, tc.status)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("GET %s declares\n  %q\nwant\n  %q", tc.path, got, tc.want)
			}
		})
	}
}

// TestAnArticlePageLeavesOutTheStoriesBesideIt checks the policy from the
// page itself: the blocks beside the article do show other stories, and
// none of them is declared.
func TestAnArticlePageLeavesOutTheStoriesBesideIt(t *testing.T) {
	n := newDepNewsroom(t)
	path := n.path(n.markets)
	rec := n.get(t, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s = %d", path, rec.Code)
	}
	linked := map[string]bool{}
	for _, a := range all(parse(t, rec.Body.String()), "a") {
		linked[attr(a, "href")] = true
	}
	declared := web.Tags(rec.Header())
	for _, a := range []content.Article{n.kremlin, n.older} {
		if !linked[n.path(a)] {
			t.Errorf("the page of %q does not link to %q beside it; the fixture no longer tests the policy", n.markets.Title, a.Title)
		}
		if slices.Contains(declared, changes.Article(a.ID)) {
			t.Errorf("the page of %q declares %q, shown beside it", n.markets.Title, a.Title)
		}
	}
}

// TestAnArticlePageDeclaresNoArchive checks the point of giving names
// tags of their own: an article page prints its section, its author and
// its tags, linked to their archives, yet declares no archive (section:,
// author:, tag:), so a publish in the same section, by the same author or
// with the same tag, which names those archives, leaves it cached.
func TestAnArticlePageDeclaresNoArchive(t *testing.T) {
	n := newDepNewsroom(t)
	cases := []struct {
		name string
		a    content.Article
		// links are the archives the story links to, so that the page
		// is one that prints their names.
		links []string
	}{
		{"an article in World by Ana tagged Diplomacy and Russia declares none of their archives",
			n.kremlin, []string{"/category/world/", "/author/ana-reyes/", "/tag/diplomacy/", "/tag/russia/"}},
		{"an article in Business by Ben declares neither archive", n.markets, []string{"/category/business/", "/author/ben-okafor/"}},
		{"another article in World by Ana declares none of their archives",
			n.older, []string{"/category/world/", "/author/ana-reyes/", "/tag/diplomacy/"}},
		{"an article without a section does not declare its author's archive", n.letters, []string{"/author/ben-okafor/"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			path := n.path(tc.a)
			rec := n.get(t, path)
			if rec.Code != http.StatusOK {
				t.Fatalf("GET %s = %d", path, rec.Code)
			}
			linked := map[string]bool{}
			for _, a := range all(parse(t, rec.Body.String()), "article.story a") {
				linked[attr(a, "href")] = true
			}
			for _, l := range tc.links {
				if !linked[l] {
					t.Errorf("the story at %s does not link to %s; the fixture no longer tests the rule", path, l)
				}
			}
			for _, tag := range web.Tags(rec.Header()) {
				if strings.HasPrefix(tag, "section:") || strings.HasPrefix(tag, "author:") || strings.HasPrefix(tag, "tag:") {
					t.Errorf("GET %s declares the archive %q", path, tag)
				}
			}
		})
	}
}

func TestPreviewsDeclareNothing(t *testing.T) {
	n := newDepNewsroom(t)
	draft := n.kremlin
	draft.ID, draft.Status, draft.PublishedAt = 0, content.StatusDraft, time.Time{}
	rec := httptest.NewRecorder()
	if err := n.site.Preview(rec, httptest.NewRequest(http.MethodGet, "/admin/articles/1/preview", nil), draft); err != nil {
		t.Fatal(err)
	}
	if got := web.Tags(rec.Header()); got != nil {
		t.Errorf("a preview declares %q", got)
	}
}

func TestTheTagsNeverLeaveTheFrontDoor(t *testing.T) {
	n := newDepNewsroom(t)
	h := frontDoor(t, n.site, nil)
	for _, path := range []string{"/", n.path(n.kremlin), "/feed/", "/sitemap.xml", "/robots.txt", "/search/suggest?q=kreml"} {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d", path, rec.Code)
		}
		if v := rec.Result().Header.Values(web.TagsHeader); len(v) > 0 {
			t.Errorf("GET %s: the tags reached the reader: %q", path, v)
		}
	}
}
