package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/web"
)

// wpNewsroom is the test newsroom after a WordPress import: the legacy
// links the importer leaves, some of whose WordPress ids are also
// dateline ids of other articles.
type wpNewsroom struct {
	*newsroom
	scheduled content.Article
	world     content.Category
	pic       content.Image
	ana, eve  content.User
	kremlin   string // its path
}

// The WordPress ids of the import.
const (
	wpKremlin   = 5001
	wpAbout     = 5002
	wpDraft     = 5003
	wpPicture   = 600
	wpLost      = 601 // an attachment the import did not fetch
	wpOrphan    = 602 // one not fetched and attached to no post
	wpHidden    = 603 // one not fetched, attached to a draft
	wpWorld     = 77
	wpDiplomacy = 88
	wpAna       = 9
	wpComment   = 900
)

func newWPNewsroom(t *testing.T) *wpNewsroom {
	t.Helper()
	ctx := context.Background()
	n := &wpNewsroom{newsroom: newNewsroom(t)}
	st := n.st
	var err error
	n.world, err = st.CategoryBySlug(ctx, "world")
	must(t, err)
	n.ana, err = st.UserBySlug(ctx, "ana-reyes")
	must(t, err)
	n.eve = content.User{Email: "eve@example.com", Name: "Eve Admin", Role: content.RoleAdmin}
	must(t, st.CreateUser(ctx, &n.eve)) // never published a thing
	pics, err := st.Images(ctx, store.ImageQuery{Limit: 10})
	must(t, err)
	n.pic = pics[0]
	diplomacy, err := st.TagBySlug(ctx, "diplomacy")
	must(t, err)
	about, err := st.ArticleBySlug(ctx, "about")
	must(t, err)
	n.scheduled = content.Article{Kind: content.KindPost, Title: "Embargoed until tomorrow", Source: "Not yet.",
		Format: content.FormatMarkdown, Status: content.StatusScheduled, PublishedAt: now.Add(24 * time.Hour),
		Author: n.ana, Category: n.world}
	must(t, render.Prepare(&n.scheduled))
	must(t, st.CreateArticle(ctx, &n.scheduled))
	n.kremlin = "/2025/07/14/kremlin-signals-new-talks/"

	link := func(kind store.LegacyKind, wpID, id int64, path string) store.LegacyLink {
		return store.LegacyLink{Source: "https://old.example", Kind: kind, WPID: wpID, ID: id, Path: path,
			ImportedAt: now.Add(-time.Hour)}
	}
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{
		link(store.LegacyPost, wpKremlin, n.newsroom.kremlin.ID, "/archives/5001"),
		link(store.LegacyPage, wpAbout, about.ID, "/about-us/the-newsroom"),
		link(store.LegacyPost, wpDraft, n.draft.ID, "/2019/03/04/a-draft"),
		// WordPress's post 3 is dateline's hostile story's id; it became
		// the Thai story.
		link(store.LegacyPost, n.hostile.ID, n.thai.ID, "/2019/03/05/floods-in-bangkok"),
		link(store.LegacyAttachment, wpPicture, n.pic.ID, "/wp-content/uploads/2019/03/kremlin.jpg"),
		link(store.LegacyAttachment, wpLost, 0, "/wp-content/uploads/2019/03/lost.jpg"),
		link(store.LegacyAttachment, wpOrphan, 0, "/wp-content/uploads/2019/03/orphan.jpg"),
		link(store.LegacyAttachment, wpHidden, 0, "/wp-content/uploads/2019/03/hidden.jpg"),
		// Their pages: the pictures fetched and not of a post, the one of
		// no post, the one of a draft.
		link(store.LegacyAttachmentPage, wpPicture, n.newsroom.kremlin.ID, "/archives/5001/kremlin-at-dusk"),
		link(store.LegacyAttachmentPage, wpLost, n.newsroom.kremlin.ID, "/archives/5001/lost-picture"),
		link(store.LegacyAttachmentPage, wpOrphan, 0, "/orphan-picture"),
		link(store.LegacyAttachmentPage, wpHidden, n.draft.ID, "/2019/03/04/a-draft/hidden-picture"),
		// WordPress's item of the Thai story's dateline id was not
		// imported (a custom post type).
		link(store.LegacySkipped, n.thai.ID, 0, ""),
		link(store.LegacyCategory, wpWorld, n.world.ID, "/topics/world"),
		link(store.LegacyTag, wpDiplomacy, diplomacy.ID, "/subject/diplomacy"),
		link(store.LegacyAuthor, wpAna, n.ana.ID, "/author/areyes"),
		link(store.LegacyComment, wpComment, n.comments["first"], ""),
		link(store.LegacyPost, 5010, n.newsroom.kremlin.ID, "/2019/03/old-floods.html"),
		link(store.LegacyPost, 5011, n.newsroom.kremlin.ID, "/index.php/2019/03/04/pathinfo-floods"),
	}))
	return n
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

func TestWordPressAddressesLeadToTheirDatelinePages(t *testing.T) {
	n := newWPNewsroom(t)
	k := n.kremlin
	thai := n.thai.Path(time.FixedZone("ICT", 7*3600))
	cases := []struct {
		name     string
		path     string
		status   int
		location string
	}{
		// One item.
		{"?p= of an imported post leads to its article", "/?p=5001", 301, k},
		{"?p= of a dateline article (its feeds' guid) leads to it", "/?p=" + id(n.newsroom.kremlin.ID), 301, k},
		{"?p= that both sites used is the WordPress post's", "/?p=" + id(n.hostile.ID), 301, thai},
		{"?p= of a page leads to the page", "/?p=" + id(n.about().ID), 301, "/about/"},
		{"?p= of an imported draft is not found", "/?p=5003", 404, ""},
		{"?p= of a dateline draft is not found", "/?p=" + id(n.draft.ID), 404, ""},
		{"?p= of a scheduled article is not found", "/?p=" + id(n.scheduled.ID), 404, ""},
		{"?p= of a trashed article is gone", "/?p=" + id(n.trashed.ID), 410, ""},
		{"?p= of a deleted article is not found", "/?p=" + id(n.deleted.ID), 404, ""},
		{"?p= that nobody used is not found", "/?p=987654", 404, ""},
		{"?p= of a WordPress item not imported is not the dateline article of that id", "/?p=" + id(n.thai.ID), 404, ""},
		{"?page_id= of a WordPress item not imported is not found either", "/?page_id=" + id(n.thai.ID), 404, ""},
		{"?p= that is not a number is not found", "/?p=abc", 404, ""},
		{"?p= below one is not found", "/?p=-3", 404, ""},
		{"?p= past 63 bits is not found", "/?p=99999999999999999999999", 404, ""},
		{"?p= of an imported picture leads to it", "/?p=600", 301, "/media/demo/kremlin.jpg"},
		{"?p= with a feed is the post's comment feed", "/?p=5001&feed=rss2", 301, k + "feed/"},
		{"?p= with comments-rss2 is the post's comment feed", "/?p=5001&feed=comments-rss2", 301, k + "feed/"},
		{"?p= with a Reply link's replytocom keeps it", "/?p=5001&replytocom=900", 301, k + "?replytocom=900"},
		{"?p= with a replytocom that is no number drops it", "/?p=5001&replytocom=x", 301, k},
		{"?page_id= of an imported page", "/?page_id=5002", 301, "/about/"},
		{"?page_id= of a dateline page", "/?page_id=" + id(n.about().ID), 301, "/about/"},
		{"?attachment_id= of a picture fetched", "/?attachment_id=600", 301, "/media/demo/kremlin.jpg"},
		{"?attachment_id= of a picture not fetched leads to the post it is in", "/?attachment_id=601", 301, k},
		{"?p= of a picture not fetched leads to the post it is in", "/?p=601", 301, k},
		{"?attachment_id= of a picture not fetched and in no post is the file on the old site", "/?attachment_id=602", 301,
			"https://old.example/wp-content/uploads/2019/03/orphan.jpg"},
		{"?attachment_id= of a picture of a draft is not found", "/?attachment_id=603", 404, ""},
		{"?name= of a post", "/?name=kremlin-signals-new-talks", 301, k},
		{"?name= of a draft", "/?name=a-draft", 404, ""},
		{"?pagename= with its parents", "/?pagename=company/about", 301, "/about/"},
		{"/index.php?p= as well", "/index.php?p=5001", 301, k},

		// Archives and their pages and feeds.
		{"?cat= of an imported section", "/?cat=77", 301, "/category/world/"},
		{"?cat= of a dateline section", "/?cat=" + id(n.world.ID), 301, "/category/world/"},
		{"?cat= unknown", "/?cat=4040", 404, ""},
		{"?cat= with a page", "/?cat=77&paged=2", 301, "/category/world/page/2/"},
		{"?cat= with the Atom feed", "/?cat=77&feed=atom", 301, "/category/world/feed/atom/"},
		{"?category_name= of a child section", "/?category_name=news/world", 301, "/category/world/"},
		{"?tag= is the tag's archive", "/?tag=diplomacy", 301, "/tag/diplomacy/"},
		{"?tag= that is no slug", "/?tag=no+such+tag", 404, ""},
		{"?tag_id= of an imported tag", "/?tag_id=88", 301, "/tag/diplomacy/"},
		{"?author= of an imported author", "/?author=9", 301, "/author/ana-reyes/"},
		{"?author= of a dateline author", "/?author=" + id(n.ana.ID), 301, "/author/ana-reyes/"},
		{"?author= of a member who never published tells nothing", "/?author=" + id(n.eve.ID), 404, ""},
		{"?author= unknown", "/?author=4040", 404, ""},
		{"?author_name=", "/?author_name=ana-reyes", 301, "/author/ana-reyes/"},
		{"?m= of a month", "/?m=202507", 301, "/2025/07/"},
		{"?m= of a day", "/?m=20250714", 301, "/2025/07/14/"},
		{"?m= of a year", "/?m=2025", 301, "/2025/"},
		{"?m= with a time of day", "/?m=20250714093000", 301, "/2025/07/14/"},
		{"?m= with no such month", "/?m=202513", 404, ""},
		{"?m= with no such day", "/?m=20250230", 404, ""},
		{"?m= that is not a date", "/?m=july", 404, ""},
		{"?year=&monthnum=", "/?year=2025&monthnum=7", 301, "/2025/07/"},
		{"?paged= of the front page", "/?paged=2", 301, "/page/2/"},
		{"?paged=1 is the front page", "/?paged=1", 301, "/"},
		{"?paged=0 is not a page", "/?paged=0", 404, ""},
		{"?feed=rss2", "/?feed=rss2", 301, "/feed/"},
		{"?feed=rss", "/?feed=rss", 301, "/feed/"},
		{"?feed=rdf", "/?feed=rdf", 301, "/feed/"},
		{"?feed=atom", "/?feed=atom", 301, "/feed/atom/"},
		{"?feed=comments-rss2", "/?feed=comments-rss2", 301, "/comments/feed/"},
		{"?feed= of no format", "/?feed=gopher", 404, ""},
		{"?s= with a page", "/?s=floods&paged=2", 301, "/search?page=2&q=floods"},
		{"?s= in a section", "/?s=floods&cat=77", 301, "/search?category=world&q=floods"},
		{"?s= sent empty is the search page", "/?s=", 301, "/search"},
		{"a query of no WordPress form is the front page", "/?utm_source=newsletter", 200, ""},
		{"an empty ?p= is the front page, as in WordPress", "/?p=", 200, ""},

		// WordPress's own addresses.
		{"/index.php is the front page", "/index.php", 301, "/"},
		{"/index.php/… is the path after it", "/index.php/2025/07/14/kremlin-signals-new-talks/", 301, k},
		{"/index.php/… of an imported address", "/index.php/2019/03/04/pathinfo-floods/", 301, k},
		{"/wp-login.php is the newsroom's sign-in", "/wp-login.php", 301, "/admin/login"},
		{"/wp-login.php?action=lostpassword is the forgotten password", "/wp-login.php?action=lostpassword", 301, "/admin/forgot"},
		{"/wp-admin/ is the newsroom's sign-in", "/wp-admin/", 301, "/admin/login"},
		{"/wp-admin/post.php as well", "/wp-admin/post.php?post=5001&action=edit", 301, "/admin/login"},
		{"/wp-admin as well", "/wp-admin", 301, "/admin/login"},
		{"an upload the import fetched", "/wp-content/uploads/2019/03/kremlin.jpg", 301, "/media/demo/kremlin.jpg"},
		{"a size WordPress made of it is the nearest dateline made", "/wp-content/uploads/2019/03/kremlin-300x169.jpg", 301, "/media/demo/kremlin-480.jpg"},
		{"an upload the import did not fetch", "/wp-content/uploads/2019/03/lost.jpg", 404, ""},
		{"an upload nobody imported", "/wp-content/uploads/2019/03/other.jpg", 404, ""},
		{"/search/term/", "/search/floods/", 301, "/search?q=floods"},
		{"/search/term/ with words", "/search/rice+prices/", 301, "/search?q=rice+prices"},
		{"/search/term/page/N/", "/search/floods/page/2/", 301, "/search?page=2&q=floods"},
		{"/search/ without a term", "/search/", 301, "/search"},
		{"/search/ with more after it", "/search/a/b/", 404, ""},
		{"/feed/rss/", "/feed/rss/", 301, "/feed/"},
		{"/feed/rdf/", "/feed/rdf/", 301, "/feed/"},
		{"a section's RDF feed", "/category/world/feed/rdf/", 301, "/category/world/feed/"},
		{"the comments' RSS 0.92 feed", "/comments/feed/rss/", 301, "/comments/feed/"},
		{"a page of comments is the article's comments", k + "comment-page-2/", 301, k + "#comments"},
		{"a static page's page of comments", "/about/comment-page-1/", 301, "/about/#comments"},
		{"a page of a post in pages is the post", k + "2/", 301, k},
		{"the AMP copy of a post is the post", k + "amp/", 301, k},
		{"a page of comments of a draft is not found", "/2025/07/14/a-draft/comment-page-1/", 404, ""},
		{"comment-page-0 is not a page", k + "comment-page-0/", 404, ""},

		// The old site's own addresses.
		{"an old permalink", "/archives/5001", 301, k},
		{"an old permalink with a slash", "/archives/5001/", 301, k},
		{"an old permalink's Reply link keeps its replytocom", "/archives/5001/?replytocom=900", 301, k + "?replytocom=900"},
		{"an old permalink with a dot", "/2019/03/old-floods.html", 301, k},
		{"an old dated permalink", "/2019/03/05/floods-in-bangkok/", 301, thai},
		{"an old permalink's comment feed", "/archives/5001/feed/", 301, k + "feed/"},
		{"an old permalink of a draft", "/2019/03/04/a-draft/", 404, ""},
		{"an old page address", "/about-us/the-newsroom/", 301, "/about/"},
		{"an old section address", "/topics/world/", 301, "/category/world/"},
		{"an old section address's second page", "/topics/world/page/2/", 301, "/category/world/page/2/"},
		{"an old tag address's feed", "/subject/diplomacy/feed/", 301, "/tag/diplomacy/feed/"},
		{"an old author address", "/author/areyes/", 301, "/author/ana-reyes/"},
		{"an old attachment page of a picture fetched", "/archives/5001/kremlin-at-dusk/", 301, "/media/demo/kremlin.jpg"},
		{"an old attachment page of a picture not fetched", "/archives/5001/lost-picture/", 301, k},
		{"an old attachment page of a picture in no post", "/orphan-picture/", 301, "https://old.example/wp-content/uploads/2019/03/orphan.jpg"},
		{"an old attachment page of a draft's picture", "/2019/03/04/a-draft/hidden-picture/", 404, ""},
		{"an old author address's feed", "/author/areyes/feed/atom/", 301, "/author/ana-reyes/feed/atom/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := n.get(t, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("GET %s = %d, want %d (Location %q)", tc.path, rec.Code, tc.status, rec.Header().Get("Location"))
			}
			if got := rec.Header().Get("Location"); got != tc.location {
				t.Errorf("GET %s leads to %q, want %q", tc.path, got, tc.location)
			}
		})
	}
}

func (n *wpNewsroom) about() content.Article {
	a, err := n.st.ArticleBySlug(context.Background(), "about")
	if err != nil {
		panic(err)
	}
	return a
}

// TestAnUnpublishedIDTellsNothing: the answer for the id of a draft or a
// scheduled article is the answer for an id nobody used, byte for byte.
func TestAnUnpublishedIDTellsNothing(t *testing.T) {
	n := newWPNewsroom(t)
	missing := n.get(t, "/?p=987654")
	for _, path := range []string{"/?p=" + id(n.draft.ID), "/?p=" + id(n.scheduled.ID), "/?p=5003", "/?page_id=" + id(n.scheduled.ID)} {
		rec := n.get(t, path)
		if rec.Code != missing.Code || rec.Body.String() != missing.Body.String() {
			t.Errorf("GET %s answers %d with %d bytes; an unused id answers %d with %d bytes", path, rec.Code, rec.Body.Len(),
				missing.Code, missing.Body.Len())
		}
		if strings.Contains(rec.Body.String(), "Embargoed") || strings.Contains(rec.Body.String(), "A draft") {
			t.Errorf("GET %s names the unpublished article", path)
		}
	}
}

func TestTheWordPressAPIAnswersAJSONNotFound(t *testing.T) {
	n := newWPNewsroom(t)
	for _, tc := range []struct{ method, path string }{
		{http.MethodGet, "/wp-json/"}, {http.MethodGet, "/wp-json"}, {http.MethodGet, "/wp-json/wp/v2/posts?per_page=100"},
		{http.MethodPost, "/wp-json/wp/v2/posts"}, {http.MethodGet, "/?rest_route=/wp/v2/users"},
	} {
		rec := httptest.NewRecorder()
		n.handler.ServeHTTP(rec, httptest.NewRequest(tc.method, tc.path, nil))
		if rec.Code != http.StatusNotFound {
			t.Errorf("%s %s = %d, want 404", tc.method, tc.path, rec.Code)
			continue
		}
		if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
			t.Errorf("%s %s: Content-Type %q", tc.method, tc.path, ct)
		}
		var body struct {
			Code string `json:"code"`
			Data struct {
				Status int `json:"status"`
			} `json:"data"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Code != "rest_no_route" || body.Data.Status != 404 {
			t.Errorf("%s %s: body %q (%v)", tc.method, tc.path, rec.Body.String(), err)
		}
		if rec.Body.Len() > 200 {
			t.Errorf("%s %s: a body of %d bytes", tc.method, tc.path, rec.Body.Len())
		}
	}
}

// TestWordPressRedirectsDeclareWhatTheyFollow: a redirect worked out from
// an article, a section or a picture declares it, so that its next
// change purges the copy a cache kept; one that follows from the
// address alone declares nothing and may be kept a day.
func TestWordPressRedirectsDeclareWhatTheyFollow(t *testing.T) {
	n := newWPNewsroom(t)
	kremlin := "article:" + id(n.newsroom.kremlin.ID)
	cases := []struct {
		path  string
		tags  []string
		cache string
	}{
		{"/?p=5001", []string{kremlin, "settings"}, "public, max-age=300"},
		{"/?p=" + id(n.newsroom.kremlin.ID), []string{kremlin, "settings"}, "public, max-age=300"},
		{"/archives/5001", []string{kremlin, "settings"}, "public, max-age=300"},
		{n.kremlin + "comment-page-2/", []string{kremlin, "settings"}, "public, max-age=300"},
		{"/?cat=77", []string{"section:world"}, "public, max-age=300"},
		{"/?author=9", []string{"author:ana-reyes"}, "public, max-age=300"},
		{"/wp-content/uploads/2019/03/kremlin.jpg", []string{"media:" + id(n.pic.ID)}, "public, max-age=300"},
		{"/?m=202507", nil, "public, max-age=86400"},
		{"/?feed=rss2", nil, "public, max-age=86400"},
		{"/feed/rdf/", nil, "public, max-age=86400"},
		{"/wp-login.php", nil, "public, max-age=86400"},
		{"/search/floods/", nil, "public, max-age=86400"},
	}
	s := n.srv.Handler()
	for _, tc := range cases {
		rec := httptest.NewRecorder()
		s.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, tc.path, nil))
		if rec.Code != http.StatusMovedPermanently {
			t.Errorf("GET %s = %d", tc.path, rec.Code)
			continue
		}
		if got := web.Tags(rec.Header()); !slices.Equal(got, tagSet(tc.tags)) {
			t.Errorf("GET %s declares %q, want %q", tc.path, got, tc.tags)
		}
		if got := rec.Header().Get("Cache-Control"); got != tc.cache {
			t.Errorf("GET %s: Cache-Control %q, want %q", tc.path, got, tc.cache)
		}
	}
}

// TestEveryFeedGUIDLeadsToItsItem: dateline's feeds name each article
// {base}/?p={id}, as WordPress does, and that address leads to the
// item's link, for feed readers that follow the guid.
func TestEveryFeedGUIDLeadsToItsItem(t *testing.T) {
	n := newNewsroom(t)
	for _, path := range []string{"/feed/", "/feed/atom/", "/feed.json", "/2025/07/feed.json"} {
		f, err := gofeed.NewParser().ParseString(n.get(t, path).Body.String())
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if len(f.Items) == 0 {
			t.Fatalf("%s has no items", path)
		}
		for _, it := range f.Items {
			guid, ok := strings.CutPrefix(it.GUID, "https://news.example")
			if !ok || !strings.HasPrefix(guid, "/?p=") {
				t.Errorf("%s: guid %q is not the site's ?p= address", path, it.GUID)
				continue
			}
			rec := n.get(t, guid)
			if rec.Code != http.StatusMovedPermanently || "https://news.example"+rec.Header().Get("Location") != it.Link {
				t.Errorf("%s: guid %s answers %d to %q, want 301 to %s", path, guid, rec.Code, rec.Header().Get("Location"), it.Link)
			}
		}
	}
}
