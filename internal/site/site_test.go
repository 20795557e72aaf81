package site_test

import (
	"bufio"
	"context"
	"dateline/internal/media"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/site"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// now is Monday, July 14, 2025, 10:00 in Bangkok.
var now = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

type newsroom struct {
	st       store.Store
	handler  http.Handler
	srv      *site.Site // the site itself, before the front door
	kremlin  content.Article
	thai     content.Article
	hostile  content.Article
	trashed  content.Article
	deleted  content.Article
	draft    content.Article
	comments map[string]int64
}

type option func(*site.Config)

// newNewsroom builds a real site on the store under test with a small
// newsroom whose stories exercise every block of the article page.
func newNewsroom(t *testing.T, opts ...option) *newsroom {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	st := teststore.Open(t)
	n := &newsroom{st: st, comments: map[string]int64{}}

	set := content.DefaultSettings()
	set.SiteName, set.Tagline, set.TimeZone, set.PerPage = "The Test Dateline", "News for tests", "Asia/Bangkok", 5
	must(t, st.SaveSettings(ctx, set))
	ana := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor, Bio: "Covers diplomacy."}
	must(t, st.CreateUser(ctx, &ana))
	world := content.Category{Name: "World", Position: 1, Description: "News from everywhere."}
	business := content.Category{Name: "Business", Position: 2}
	must(t, st.CreateCategory(ctx, &world))
	must(t, st.CreateCategory(ctx, &business))
	img := content.Image{Name: "demo/kremlin", Ext: ".jpg", Width: 1600, Height: 900, Alt: "The Kremlin at dusk",
		Caption: "The Kremlin seen from the river.", Credit: "Illustration: Dateline", Variants: []int{480, 960},
		Bytes: 214_733, Crops: content.CropRatios}
	must(t, st.CreateImage(ctx, &img))

	post := func(title string, at time.Time, mod func(*content.Article)) content.Article {
		a := content.Article{Kind: content.KindPost, Title: title, Source: "Story text for " + title + ".",
			Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: at, UpdatedAt: at,
			Author: ana, Category: business, CommentsOpen: true}
		if mod != nil {
			mod(&a)
		}
		must(t, render.Prepare(&a))
		must(t, st.CreateArticle(ctx, &a))
		return a
	}
	hours := func(h int) time.Time { return now.Add(-time.Duration(h) * time.Hour) }
	tags := func(names ...string) []content.Tag {
		var out []content.Tag
		for _, n := range names {
			out = append(out, content.Tag{Name: n})
		}
		return out
	}

	for i := 1; i <= 5; i++ {
		post(fmt.Sprintf("Must read number %d", i), hours(20+i), func(a *content.Article) { a.MustRead = true })
	}
	post("Unrelated market report", hours(30), nil)
	post("World story sharing a tag", hours(40), func(a *content.Article) { a.Category, a.Tags = world, tags("Diplomacy") })
	post("Business story sharing two tags", hours(50), func(a *content.Article) { a.Tags = tags("Diplomacy", "Russia") })
	// Published at 18:30 UTC on July 13: already July 14 in Bangkok.
	n.kremlin = post("Kremlin signals new talks", time.Date(2025, 7, 13, 18, 30, 0, 0, time.UTC), func(a *content.Article) {
		a.Category, a.Tags, a.Image, a.MustRead = world, tags("Diplomacy", "Russia"), &img, true
		a.Dateline, a.Excerpt = "Moscow", "Officials hinted at a new round of negotiations."
		a.Source = "The Kremlin said on Sunday it was ready for talks.\n\nA second paragraph follows."
		a.UpdatedAt = a.PublishedAt.Add(3 * time.Hour)
	})
	n.thai = post("น้ำท่วมกรุงเทพฯ ฝนตกหนัก", hours(2), nil)
	n.hostile = post(`<script>alert("x")</script> & <b>bold</b>`, hours(3), func(a *content.Article) {
		a.Excerpt = `<img src=x onerror=alert(1)>`
	})
	n.trashed = post("Published then trashed", hours(60), func(a *content.Article) { a.Status = content.StatusTrashed })
	n.deleted = post("Published then deleted", hours(61), nil)
	must(t, st.DeleteArticle(ctx, n.deleted.ID))
	n.draft = post("A draft", time.Time{}, func(a *content.Article) { a.Status = content.StatusDraft })
	about := content.Article{Kind: content.KindPage, Title: "About", Slug: "about", Source: "We are a newsroom.",
		Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: hours(100), Author: ana}
	must(t, render.Prepare(&about))
	must(t, st.CreateArticle(ctx, &about))

	comment := func(key, parent, name, body string, status content.CommentStatus, minutes int) {
		c := content.Comment{ArticleID: n.kremlin.ID, ParentID: n.comments[parent], AuthorName: name,
			AuthorEmail: strings.ToLower(name) + "@example.com", Body: body, Status: status,
			CreatedAt: n.kremlin.PublishedAt.Add(time.Duration(minutes) * time.Minute)}
		if name == "Lee" {
			c.AuthorURL = "https://lee.example"
		}
		must(t, st.CreateComment(ctx, &c))
		n.comments[key] = c.ID
	}
	comment("first", "", "Nok", "Good news if true.\n\nSee https://example.org/talks.", content.CommentApproved, 10)
	comment("reply", "first", "Lee", "<b>Not</b> so sure.", content.CommentApproved, 20)
	comment("held", "", "Spammer", "Buy now", content.CommentPending, 30)
	comment("deep", "reply", "Ploy", "Third level.", content.CommentApproved, 40)
	comment("deeper", "deep", "Tom", "Would be fourth level.", content.CommentApproved, 50)

	cfg := site.Config{Store: st, Now: func() time.Time { return now }, Media: media.Dir(filepath.Join(dir, "media")),
		BaseURL: "https://news.example"}
	for _, o := range opts {
		o(&cfg)
	}
	s, err := site.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	n.srv, n.handler = s, frontDoor(t, s, nil)
	return n
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// get requests path through the whole handler stack.
func (n *newsroom) get(t *testing.T, path string) *httptest.ResponseRecorder {
	t.Helper()
	req := httptest.NewRequest(http.MethodGet, path, nil)
	rec := httptest.NewRecorder()
	n.handler.ServeHTTP(rec, req)
	return rec
}

func (n *newsroom) page(t *testing.T, path string) *html.Node {
	t.Helper()
	rec := n.get(t, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s = %d, want 200", path, rec.Code)
	}
	return parse(t, rec.Body.String())
}

func TestArticlePageShowsEveryBlockInOrder(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, "/2025/07/14/kremlin-signals-new-talks/")

	if got := text(first(doc, "h1")); got != "Kremlin signals new talks" {
		t.Errorf("h1 = %q", got)
	}
	if len(all(doc, "h1")) != 1 {
		t.Errorf("page has %d h1 elements, want 1", len(all(doc, "h1")))
	}
	story := first(doc, "article.story")
	if got := text(first(story, ".kicker")); got != "World" {
		t.Errorf("category label = %q", got)
	}
	if got := text(first(story, ".standfirst")); got != "Officials hinted at a new round of negotiations." {
		t.Errorf("standfirst = %q", got)
	}
	byline := first(story, ".byline")
	if a := first(byline, "a"); attr(a, "href") != "/author/ana-reyes/" || text(a) != "Ana Reyes" {
		t.Errorf("byline link = %q %q", attr(a, "href"), text(a))
	}
	times := all(byline, "time")
	if len(times) != 2 || text(times[0]) != "July 14, 2025 01:30" || attr(times[0], "datetime") != "2025-07-13T18:30:00Z" {
		t.Errorf("publication time = %v", texts(times))
	}
	if !strings.Contains(text(byline), "Updated") || text(times[1]) != "July 14, 2025 04:30" {
		t.Errorf("updated line missing: %q", text(byline))
	}
	if got := text(first(byline, ".reading-time")); got != "1 min read" {
		t.Errorf("reading time = %q", got)
	}

	img := first(first(story, "figure.story-image"), "img")
	for _, a := range []string{"width", "height", "srcset", "alt"} {
		if attr(img, a) == "" {
			t.Errorf("featured image lacks %s", a)
		}
	}
	if attr(img, "width") != "1600" || attr(img, "height") != "900" || !strings.Contains(attr(img, "srcset"), "/media/demo/kremlin-480.jpg 480w") {
		t.Errorf("featured image = %v", img.Attr)
	}
	if got := text(first(story, "figcaption")); got != "The Kremlin seen from the river. Illustration: Dateline" {
		t.Errorf("caption = %q", got)
	}

	must := first(doc, ".must-read")
	if got := text(first(must, "h2")); got != "Must read" {
		t.Errorf("must-read heading = %q", got)
	}
	picks := texts(all(must, ".must-read-link"))
	want := []string{"Must read number 1", "Must read number 2", "Must read number 3", "Must read number 4"}
	if fmt.Sprint(picks) != fmt.Sprint(want) {
		t.Errorf("must read = %v, want %v (newest first, at most 4, never the current one)", picks, want)
	}

	firstPara := first(first(story, ".story-body"), "p")
	if got := text(firstPara); !strings.HasPrefix(got, "MOSCOW, July 14 — The Kremlin said on Sunday") {
		t.Errorf("first paragraph = %q, want it opened by the dateline", got)
	}

	if got := texts(all(first(story, "ul.tags"), "a")); fmt.Sprint(got) != "[Diplomacy Russia]" {
		t.Errorf("tags = %v", got)
	}
	for _, a := range all(first(story, ".share"), "a") {
		if !strings.Contains(attr(a, "href"), "news.example") {
			t.Errorf("share link %q does not carry the article's address", attr(a, "href"))
		}
	}
	for _, s := range all(doc, "script") {
		if src := attr(s, "src"); src != "" && !strings.HasPrefix(src, "/static/") {
			t.Errorf("third-party script %q", src)
		}
	}

	related := first(doc, "section.related")
	if got := text(first(related, "h2")); got != "More articles" {
		t.Errorf("related heading = %q", got)
	}
	rel := texts(all(related, ".card-title"))
	if len(rel) == 0 || len(rel) > 6 || rel[0] != "World story sharing a tag" || rel[1] != "Business story sharing two tags" {
		t.Errorf("related = %v", rel)
	}
	for _, r := range rel {
		if r == "Kremlin signals new talks" {
			t.Error("related lists the article itself")
		}
	}

	comments := first(doc, "section.comments")
	if got := text(first(comments, "h2")); got != "4 comments" {
		t.Errorf("comment count heading = %q", got)
	}
	if first(comments, fmt.Sprintf("#comment-%d", n.comments["held"])) != nil {
		t.Error("pending comment is shown")
	}
	parent := first(comments, fmt.Sprintf("#comment-%d", n.comments["first"]))
	reply := first(comments, fmt.Sprintf("#comment-%d", n.comments["reply"]))
	deep := first(comments, fmt.Sprintf("#comment-%d", n.comments["deep"]))
	deeper := first(comments, fmt.Sprintf("#comment-%d", n.comments["deeper"]))
	if !contains(parent, reply) || !contains(reply, deep) {
		t.Error("replies are not nested under their parents")
	}
	if contains(deep, deeper) || deeper.Parent != deep.Parent {
		t.Error("a reply past depth 3 should sit beside its parent, not under it")
	}
	if got := text(first(reply, ".comment-text")); got != "<b>Not</b> so sure." {
		t.Errorf("comment HTML not shown as text: %q", got)
	}
	if a := first(first(reply, ".comment-author"), "a"); attr(a, "rel") != "nofollow ugc noopener" {
		t.Errorf("commenter link rel = %q", attr(a, "rel"))
	}

	form := first(comments, "form.comment-form")
	if got := text(first(comments, ".respond-title")); !strings.HasPrefix(got, "Leave a reply") {
		t.Errorf("reply heading = %q", got)
	}
	for _, name := range []string{"comment", "author", "email", "url", "article_id", "parent"} {
		if first(form, "[name="+name+"]") == nil {
			t.Errorf("comment form lacks field %q", name)
		}
	}
	if attr(first(form, "[name=article_id]"), "value") != fmt.Sprint(n.kremlin.ID) {
		t.Error("comment form does not carry the article id")
	}
	if got := text(first(form, ".consent")); got != "Save my name, email, and website in this browser for the next time I comment." {
		t.Errorf("consent = %q", got)
	}

	latest := first(doc, "section.latest")
	if got := text(first(latest, "h2")); got != "Latest articles" {
		t.Errorf("latest heading = %q", got)
	}
	if got := texts(all(latest, ".headline-link")); len(got) == 0 || got[0] != "น้ำท่วมกรุงเทพฯ ฝนตกหนัก" {
		t.Errorf("latest = %v", got)
	}

	// "Must read" follows the story (issue 16): beside it on wide screens,
	// after it on phones, and outside the <article> reader modes take.
	order := []*html.Node{first(story, "h1"), first(story, "figure"), first(story, ".story-body"),
		first(story, "ul.tags"), first(story, ".share"), must, related, comments, latest}
	for i := 1; i < len(order); i++ {
		if position(doc, order[i-1]) >= position(doc, order[i]) {
			t.Errorf("block %d comes before block %d", i, i-1)
		}
	}
}

func TestHeaderShowsTodayInTheSiteZone(t *testing.T) {
	cases := []struct {
		name string
		at   time.Time
		want string
	}{
		{"Bangkok morning", time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC), "Monday, July 14, 2025"},
		{"still Sunday in UTC, already Monday in Bangkok", time.Date(2025, 7, 13, 17, 30, 0, 0, time.UTC), "Monday, July 14, 2025"},
		{"one minute before Bangkok midnight", time.Date(2025, 7, 13, 16, 59, 0, 0, time.UTC), "Sunday, July 13, 2025"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newNewsroom(t, func(c *site.Config) { c.Now = func() time.Time { return tc.at } })
			doc := n.page(t, "/")
			today := first(doc, "time.today")
			if text(today) != tc.want {
				t.Errorf("header date = %q, want %q", text(today), tc.want)
			}
		})
	}
}

func TestWeatherWidgetOnlyWithAReading(t *testing.T) {
	n := newNewsroom(t)
	if first(n.page(t, "/"), ".weather") != nil {
		t.Error("weather widget shown without a reading")
	}
	n = newNewsroom(t, func(c *site.Config) {
		c.Weather = func() *site.Weather {
			return &site.Weather{Temperature: "29.5 °C", Label: "Thailand", Condition: "Clear"}
		}
	})
	if got := text(first(n.page(t, "/"), ".weather")); got != "29.5 °C Thailand" {
		t.Errorf("weather = %q", got)
	}
}

func TestStatusOfEveryKindOfAddress(t *testing.T) {
	n := newNewsroom(t)
	cases := []struct {
		name     string
		path     string
		status   int
		location string
	}{
		{"home", "/", 200, ""},
		{"older home page", "/page/2/", 200, ""},
		{"page one redirects to the home page", "/page/1/", 301, "/"},
		{"page zero is not a page", "/page/0/", 404, ""},
		{"page abc is not a page", "/page/abc/", 404, ""},
		{"an enormous page number is not a page", "/page/99999999999999999999/", 404, ""},
		{"a page past the end is not found", "/page/999/", 404, ""},
		{"article", "/2025/07/14/kremlin-signals-new-talks/", 200, ""},
		{"article under the wrong date moves to the right one", "/2025/07/13/kremlin-signals-new-talks/", 301, "/2025/07/14/kremlin-signals-new-talks/"},
		{"article without the final slash", "/2025/07/14/kremlin-signals-new-talks", 301, "/2025/07/14/kremlin-signals-new-talks/"},
		{"a post at /slug/ moves to its dated address", "/kremlin-signals-new-talks/", 301, "/2025/07/14/kremlin-signals-new-talks/"},
		{"unknown slug", "/2025/07/14/no-such-story/", 404, ""},
		{"a draft is not public", "/2025/07/14/a-draft/", 404, ""},
		{"a trashed article is gone", "/2025/07/12/published-then-trashed/", 410, ""},
		{"a deleted article is gone", "/2025/07/11/published-then-deleted/", 410, ""},
		{"static page", "/about/", 200, ""},
		{"static page without the final slash", "/about", 301, "/about/"},
		{"category", "/category/world/", 200, ""},
		{"category page two", "/category/business/page/2/", 200, ""},
		{"category page past the end", "/category/world/page/5/", 404, ""},
		{"unknown category", "/category/nope/", 404, ""},
		{"tag", "/tag/diplomacy/", 200, ""},
		{"unknown tag", "/tag/nope/", 404, ""},
		{"author", "/author/ana-reyes/", 200, ""},
		{"author page two", "/author/ana-reyes/page/2/", 200, ""},
		{"unknown author", "/author/nobody/", 404, ""},
		{"deep unknown path", "/a/b/c/d/e/", 404, ""},
		{"file-like unknown path", "/xmlrpc.php", 404, ""},
		{"overlong path", "/" + strings.Repeat("a", 5000) + "/", 400, ""},
		{"overlong query", "/?q=" + strings.Repeat("a", 5000), 400, ""},
		{"stylesheet", "/static/site.css", 200, ""},
		{"unknown static file", "/static/nope.css", 404, ""},
		{"missing media", "/media/nope.jpg", 404, ""},
		{"media outside the folder is cleaned away", "/media/../site.db", 307, "/site.db"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := n.get(t, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("GET %s = %d, want %d", tc.path, rec.Code, tc.status)
			}
			if tc.location != "" && rec.Header().Get("Location") != tc.location {
				t.Errorf("Location = %q, want %q", rec.Header().Get("Location"), tc.location)
			}
			if tc.status == 404 || tc.status == 410 {
				doc := parse(t, rec.Body.String())
				if first(doc, "nav.sections") == nil || first(doc, "h1") == nil {
					t.Error("error page lacks the site's header or a heading")
				}
			}
		})
	}
}

func TestThaiSlugsWorkPercentEncoded(t *testing.T) {
	n := newNewsroom(t)
	if n.thai.Slug != "น้ำท่วมกรุงเทพฯ-ฝนตกหนัก" {
		t.Fatalf("slug = %q", n.thai.Slug)
	}
	doc := n.page(t, "/")
	var href string
	for _, a := range all(doc, "a") {
		if text(a) == n.thai.Title {
			href = attr(a, "href")
		}
	}
	if !strings.HasPrefix(href, "/2025/07/14/%E0%B8%99") {
		t.Fatalf("link to Thai story = %q, want percent-encoded UTF-8", href)
	}
	if got := text(first(n.page(t, href), "h1")); got != n.thai.Title {
		t.Errorf("h1 = %q", got)
	}
}

func TestHTMLInTitlesShowsAsText(t *testing.T) {
	n := newNewsroom(t)
	rec := n.get(t, n.hostile.Path(time.UTC))
	if rec.Code == http.StatusMovedPermanently {
		rec = n.get(t, rec.Header().Get("Location"))
	}
	body := rec.Body.String()
	if strings.Contains(body, `<script>alert("x")`) || strings.Contains(body, "<img src=x") {
		t.Fatal("title or excerpt HTML reached the page unescaped")
	}
	doc := parse(t, body)
	if got := text(first(doc, "h1")); got != `<script>alert("x")</script> & <b>bold</b>` {
		t.Errorf("h1 text = %q", got)
	}
}

func TestHomePageHasTheFrontPageBlocks(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, "/")
	if got := text(first(doc, ".lead-title")); got != n.thai.Title {
		t.Errorf("lead = %q", got)
	}
	if got := len(all(first(doc, ".must-read"), "li")); got != 4 {
		t.Errorf("must-read strip has %d stories, want 4", got)
	}
	var sections []string
	for _, b := range all(doc, "section.section-block") {
		sections = append(sections, text(first(b, "h2")))
	}
	if fmt.Sprint(sections) != "[World Business]" {
		t.Errorf("section blocks = %v", sections)
	}
	if first(doc, "nav.pagination") == nil || attr(first(doc, "a.older"), "href") != "/page/2/" {
		t.Error("no link to older articles")
	}
	nav := texts(all(first(doc, "nav.sections"), "a"))
	if fmt.Sprint(nav) != "[Home World Business]" {
		t.Errorf("navigation = %v", nav)
	}
	footer := first(doc, "footer.site-footer")
	if first(footer, "[href=/feed/]") == nil || !strings.Contains(text(footer), "©") {
		t.Error("footer lacks the feed link or copyright")
	}
}

func TestArchivesListTheirArticles(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, "/tag/russia/")
	got := texts(all(doc, ".card-title"))
	if fmt.Sprint(got) != "[Kremlin signals new talks Business story sharing two tags]" {
		t.Errorf("tag archive = %v", got)
	}
	doc = n.page(t, "/category/world/")
	if text(first(doc, "h1")) != "World" || text(first(doc, ".archive-intro")) != "News from everywhere." {
		t.Errorf("category heading = %q", text(first(doc, "h1")))
	}
	if attr(first(first(doc, "nav.sections"), "[aria-current=page]"), "href") != "/category/world/" {
		t.Error("navigation does not mark the current section")
	}
	doc = n.page(t, "/author/ana-reyes/page/2/")
	if len(all(doc, ".card")) != 5 || attr(first(doc, "a.newer"), "href") != "/author/ana-reyes/" {
		t.Errorf("author page 2 has %d cards", len(all(doc, ".card")))
	}
}

// panicky is a store that fails in the worst way for one slug.
type panicky struct{ store.Store }

func (p panicky) ArticleBySlug(ctx context.Context, slug string) (content.Article, error) {
	if slug == "boom" {
		panic("boom")
	}
	return p.Store.ArticleBySlug(ctx, slug)
}

func TestPanicIsAnswered500AndTheServerKeepsRunning(t *testing.T) {
	n := newNewsroom(t)
	var logged strings.Builder
	s, err := site.New(site.Config{Store: panicky{n.st}, Now: func() time.Time { return now },
		Logger: newLogger(&logged)})
	must(t, err)
	srv := httptest.NewServer(frontDoor(t, s, newLogger(&logged)))
	defer srv.Close()
	res, err := http.Get(srv.URL + "/2025/07/14/boom/")
	must(t, err)
	body, err := io.ReadAll(res.Body)
	must(t, err)
	res.Body.Close()
	if res.StatusCode != 500 {
		t.Errorf("status = %d, want 500", res.StatusCode)
	}
	if doc := parse(t, string(body)); first(doc, "nav.sections") == nil || text(first(doc, "h1")) != "Something went wrong" {
		t.Error("a panic is not answered with the site's own 500 page")
	}
	if !strings.Contains(logged.String(), "panic") || !strings.Contains(logged.String(), "/2025/07/14/boom/") {
		t.Errorf("panic not logged with its request: %s", logged.String())
	}
	res, err = http.Get(srv.URL + "/")
	must(t, err)
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("after the panic, home = %d", res.StatusCode)
	}
}

// rawGet sends a request line as typed, so malformed addresses reach the
// real server without a client cleaning them up first.
func rawGet(t *testing.T, addr, target string) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	must(t, err)
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", target)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	must(t, err)
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func TestMalformedAddressesNeverGive500(t *testing.T) {
	n := newNewsroom(t)
	srv := httptest.NewServer(n.handler)
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, target := range []string{
		"/%zz/", "/2025/07/14/%E0%B8/", "/%00/", "/category/%ff%fe/", "/tag/%C0%AF/",
		"/?s=%zz", "/page/-1/", "/page/1e9/", "/2025/13/45/x/", "/../../etc/passwd",
		"/static/../../go.mod", "/media/%2e%2e/site.db", "//evil.example", "/\\evil.example",
	} {
		code := rawGet(t, addr, target)
		if code >= 500 {
			t.Errorf("GET %s = %d", target, code)
		}
	}
}

func TestThemeFolderOverridesFiles(t *testing.T) {
	theme := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(theme, "static"), 0o755))
	must(t, os.WriteFile(filepath.Join(theme, "static", "site.css"), []byte("body{color:red}"), 0o644))
	must(t, os.MkdirAll(filepath.Join(theme, "templates"), 0o755))
	must(t, os.WriteFile(filepath.Join(theme, "templates", "page.html"),
		[]byte(`{{define "main"}}<h1 class="themed">{{.Article.Title}}</h1>{{end}}`), 0o644))
	n := newNewsroom(t, func(c *site.Config) { c.ThemeDir = theme })
	if got := n.get(t, "/static/site.css").Body.String(); got != "body{color:red}" {
		t.Errorf("stylesheet = %q", got)
	}
	if got := text(first(n.page(t, "/about/"), "h1.themed")); got != "About" {
		t.Errorf("themed page h1 = %q", got)
	}
	if n.get(t, "/").Code != 200 {
		t.Error("templates the theme does not override stop working")
	}
}

func TestABrokenThemeFailsAtStart(t *testing.T) {
	theme := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(theme, "templates"), 0o755))
	must(t, os.WriteFile(filepath.Join(theme, "templates", "home.html"), []byte(`{{define "main"}}{{.Nope`), 0o644))
	_, err := site.New(site.Config{Store: newNewsroom(t).st, ThemeDir: theme})
	if err == nil || !strings.Contains(err.Error(), "home") {
		t.Fatalf("err = %v, want a template error naming home", err)
	}
}

func TestMediaIsServedFromTheMediaFolder(t *testing.T) {
	dir := t.TempDir()
	must(t, os.MkdirAll(filepath.Join(dir, "demo"), 0o755))
	must(t, os.WriteFile(filepath.Join(dir, "demo", "pic.jpg"), []byte("\xff\xd8\xff fake jpeg"), 0o644))
	n := newNewsroom(t, func(c *site.Config) { c.Media = media.Dir(dir) })
	rec := n.get(t, "/media/demo/pic.jpg")
	if rec.Code != 200 || rec.Header().Get("Content-Type") != "image/jpeg" {
		t.Errorf("media = %d %s", rec.Code, rec.Header().Get("Content-Type"))
	}
	if n.get(t, "/media/demo/").Code != 404 {
		t.Error("media folder lists its files")
	}
}

func TestResponsesAreCompressedAndSafe(t *testing.T) {
	n := newNewsroom(t)
	req := httptest.NewRequest("GET", "/", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate")
	rec := httptest.NewRecorder()
	n.handler.ServeHTTP(rec, req)
	h := rec.Header()
	if h.Get("Content-Encoding") != "gzip" {
		t.Error("home page not gzipped")
	}
	if !strings.Contains(h.Get("Content-Security-Policy"), "script-src 'self'") || h.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("security headers = %v", h)
	}
	if h.Get("Cache-Control") != "public, max-age=60" {
		t.Errorf("Cache-Control = %q", h.Get("Cache-Control"))
	}
}

func mustZone(t *testing.T) *time.Location {
	t.Helper()
	zone, err := time.LoadLocation("Asia/Bangkok")
	if err != nil {
		t.Fatal(err)
	}
	return zone
}

func TestPagesExpireFromCachesAtLocalMidnight(t *testing.T) {
	newYork, err := time.LoadLocation("America/New_York")
	must(t, err)
	cases := []struct {
		name   string
		zone   string
		at     time.Time
		date   string
		maxAge string
	}{
		{"Bangkok, 30 seconds before midnight", "Asia/Bangkok", time.Date(2025, 7, 14, 16, 59, 30, 0, time.UTC), "Monday, July 14, 2025", "public, max-age=30"},
		{"Bangkok, just after midnight", "Asia/Bangkok", time.Date(2025, 7, 14, 17, 0, 1, 0, time.UTC), "Tuesday, July 15, 2025", "public, max-age=60"},
		{"New York, the night clocks go back", "America/New_York", time.Date(2025, 11, 2, 23, 59, 50, 0, newYork), "Sunday, November 2, 2025", "public, max-age=10"},
		{"New York, the night clocks go forward", "America/New_York", time.Date(2025, 3, 9, 0, 0, 30, 0, newYork), "Sunday, March 9, 2025", "public, max-age=60"},
		{"New York, 01:59 EST on the day clocks go forward", "America/New_York", time.Date(2025, 3, 9, 1, 59, 0, 0, newYork), "Sunday, March 9, 2025", "public, max-age=60"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newNewsroom(t, func(c *site.Config) { c.Now = func() time.Time { return tc.at } })
			set, _ := n.st.Settings(context.Background())
			set.TimeZone = tc.zone
			must(t, n.st.SaveSettings(context.Background(), set))
			rec := n.get(t, "/")
			if got := text(first(parse(t, rec.Body.String()), "time.today")); got != tc.date {
				t.Errorf("header date = %q, want %q", got, tc.date)
			}
			if got := rec.Header().Get("Cache-Control"); got != tc.maxAge {
				t.Errorf("Cache-Control = %q, want %q", got, tc.maxAge)
			}
		})
	}
}

func TestRenamedSectionsAndTagsKeepTheirOldAddresses(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	c, err := n.st.CategoryBySlug(ctx, "business")
	must(t, err)
	c.Name, c.Slug = "Economy", "economy"
	must(t, n.st.UpdateCategory(ctx, &c))
	tag, err := n.st.TagBySlug(ctx, "russia")
	must(t, err)
	tag.Name, tag.Slug = "Russian Federation", "russian-federation"
	must(t, n.st.UpdateTag(ctx, &tag))
	cases := map[string]string{
		"/category/business/":        "/category/economy/",
		"/category/business/page/2/": "/category/economy/page/2/",
		"/category/business/feed/":   "/category/economy/feed/",
		"/tag/russia/":               "/tag/russian-federation/",
	}
	for old, want := range cases {
		rec := n.get(t, old)
		if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != want {
			t.Errorf("GET %s = %d %q, want 301 %s", old, rec.Code, rec.Header().Get("Location"), want)
		}
	}
	if code := n.get(t, "/category/never-existed/").Code; code != http.StatusNotFound {
		t.Errorf("unknown section = %d", code)
	}
}
