package main

import (
	"bufio"
	"context"
	"encoding/json"
	"encoding/xml"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/auth"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/mail/mailtest"
	"dateline/internal/render"
	"dateline/internal/store/sqlite"
)

// TestOneBaseURLEverywhere runs the real server on a site whose settings
// name an address that differs from --base-url, and reads one article's
// absolute URL wherever the program prints it: the article page
// (canonical link and og:url), the RSS, Atom and JSON feeds, the sitemap,
// the news sitemap, a comment notification mail and the API. Every one is
// the settings' address; none is the flag's. Then an administrator
// changes the address in the newsroom, and the page, the feed and the API
// follow at once.
func TestOneBaseURLEverywhere(t *testing.T) {
	smtp := mailtest.Start(t)
	dir := t.TempDir()
	site := newBaseURLSite(t, filepath.Join(dir, "dateline.db"), "https://news.example/")
	env := map[string]string{"DATELINE_SMTP_HOST": smtp.Host, "DATELINE_SMTP_PORT": strconv.Itoa(smtp.Port)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	addr, done := startServerWith(t, ctx, func(k string) string { return env[k] },
		"serve", "--addr", "127.0.0.1:0", "--data", dir, "--base-url", "https://flag.example")

	want := "https://news.example" + site.path
	seen := absoluteURLsOf(t, addr, site)
	for where, got := range seen {
		if got != want {
			t.Errorf("%s: %q, want %q", where, got, want)
		}
	}

	// A reader's comment tells the newsroom by mail, with the same link.
	page := fetchBody(t, addr+site.path[1:])
	postForm(t, nil, addr+"comments/", url.Values{"comment": {"Which roads are still closed?"}, "author": {"Nok"},
		"email": {"nok@example.org"}, "article_id": {strconv.FormatInt(site.article.ID, 10)}, "parent": {"0"},
		"dl_ts": {attrOf(findElement(parseHTML(t, page), "input", "name", "dl_ts"), "value")}})
	smtp.WaitArrival("the comment notification")
	_, text := mailtest.ReadMessage(t, smtp.Messages()[0].Data)
	if !strings.Contains(text, want+"\n") && !strings.Contains(text, want+"#comment-") {
		t.Errorf("the comment notification does not link to %s:\n%s", want, text)
	}
	if strings.Contains(text, "flag.example") {
		t.Errorf("the comment notification uses the flag's address:\n%s", text)
	}

	// The newsroom moves the site; everything follows without a restart.
	jar, _ := cookiejar.New(nil)
	browser := &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	postForm(t, browser, addr+"admin/login", url.Values{"email": {site.admin.Email}, "password": {baseURLPassword}})
	form := url.Values{"site_name": {"The River Post"}, "tagline": {""}, "base_url": {"https://www.river.example"},
		"language": {"en"}, "time_zone": {"Asia/Bangkok"}, "weather_label": {""}, "latitude": {"0"}, "longitude": {"0"},
		"units": {"celsius"}, "per_page": {"12"}, "max_upload_mb": {"20"}, "copyright": {""}, "about": {""}, "logo": {""},
		"feed_full_text": {"yes"}}
	if res := postForm(t, browser, addr+"admin/settings", form); res.Header.Get("Location") != "/admin/settings?done=settings-saved" {
		t.Fatalf("saving the settings: %d, Location %q", res.StatusCode, res.Header.Get("Location"))
	}
	want = "https://www.river.example" + site.path
	for where, got := range absoluteURLsOf(t, addr, site) {
		if got != want {
			t.Errorf("after the move, %s: %q, want %q", where, got, want)
		}
	}

	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// baseURLSite is a site with one published article by its administrator.
type baseURLSite struct {
	admin   content.User
	article content.Article
	path    string // the article's path, "/2025/07/14/slug/"
}

const baseURLPassword = "monsoon season 2025"

func newBaseURLSite(t *testing.T, path, address string) baseURLSite {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	set := content.DefaultSettings()
	set.SiteName, set.TimeZone, set.BaseURL = "The River Post", "Asia/Bangkok", address
	noError(t, st.SaveSettings(ctx, set))
	// No wait on the page before a comment, so that the test posts at once.
	policy := comments.DefaultPolicy()
	policy.MinSeconds = 0
	raw, err := json.Marshal(policy)
	noError(t, err)
	noError(t, st.SaveSetting(ctx, "comments", raw))

	s := baseURLSite{admin: content.User{Name: "Ada Admin", Email: "ada@example.com", Role: content.RoleAdmin}}
	noError(t, st.CreateUser(ctx, &s.admin))
	hash, err := auth.Hasher{Params: auth.Params{Memory: 64, Time: 1, Threads: 1}}.Hash(baseURLPassword)
	noError(t, err)
	noError(t, st.SetPasswordHash(ctx, s.admin.ID, hash))
	s.article = content.Article{Kind: content.KindPost, Title: "Floods close the old town", Source: "The river rose overnight.",
		Format: content.FormatMarkdown, Status: content.StatusPublished, Author: s.admin, CommentsOpen: true,
		PublishedAt: time.Now().Add(-time.Hour).Truncate(time.Second)}
	noError(t, render.Prepare(&s.article))
	noError(t, st.CreateArticle(ctx, &s.article))
	s.path = s.article.Path(set.Zone())
	return s
}

// absoluteURLsOf reads the article's absolute URL from everything that
// prints it, by where it was found.
func absoluteURLsOf(t *testing.T, addr string, s baseURLSite) map[string]string {
	t.Helper()
	found := map[string]string{}
	doc := parseHTML(t, fetchBody(t, addr+s.path[1:]))
	found["the page's canonical link"] = attrOf(findElement(doc, "link", "rel", "canonical"), "href")
	found["the page's og:url"] = attrOf(findElement(doc, "meta", "property", "og:url"), "content")

	var rss struct {
		Items []struct {
			Link string `xml:"link"`
		} `xml:"channel>item"`
	}
	decodeXML(t, fetchBody(t, addr+"feed/"), &rss)
	for _, it := range rss.Items {
		found["the RSS item"] = it.Link
	}
	var atom struct {
		Entries []struct {
			Links []struct {
				Rel  string `xml:"rel,attr"`
				Href string `xml:"href,attr"`
			} `xml:"link"`
		} `xml:"entry"`
	}
	decodeXML(t, fetchBody(t, addr+"feed/atom/"), &atom)
	for _, e := range atom.Entries {
		for _, l := range e.Links {
			if l.Rel == "alternate" {
				found["the Atom entry"] = l.Href
			}
		}
	}
	var jsonFeed struct {
		Items []struct{ URL string } `json:"items"`
	}
	decodeJSON(t, fetchBody(t, addr+"feed.json"), &jsonFeed)
	for _, it := range jsonFeed.Items {
		found["the JSON feed item"] = it.URL
	}

	for _, sitemap := range sitemapLocs(t, fetchBody(t, addr+"sitemap.xml")) {
		u, err := url.Parse(sitemap)
		noError(t, err)
		if !strings.HasPrefix(u.Path, "/sitemaps/posts-") {
			continue // the site's sections, tags, authors and pages
		}
		for _, loc := range sitemapLocs(t, fetchBody(t, addr+strings.TrimPrefix(u.Path, "/"))) {
			if strings.HasSuffix(loc, s.path) {
				found["the sitemap"] = loc
			}
		}
	}
	for _, loc := range sitemapLocs(t, fetchBody(t, addr+"news-sitemap.xml")) {
		found["the news sitemap"] = loc
	}

	var answer struct{ URL string }
	decodeJSON(t, fetchBody(t, addr+"api/v1/articles/"+strconv.FormatInt(s.article.ID, 10)), &answer)
	found["the API answer"] = answer.URL
	if len(found) != 8 {
		t.Errorf("the article's URL was found only in %v", found)
	}
	return found
}

// startServerWith runs the program with args and the environment getenv
// until ctx ends, and returns its address and a channel with its exit code.
func startServerWith(t *testing.T, ctx context.Context, getenv func(string) string, args ...string) (string, <-chan int) {
	t.Helper()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, args, getenv, strings.NewReader(""), outW, io.Discard)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("server printed nothing: %v", err)
	}
	go io.Copy(io.Discard, outR)
	return strings.TrimSpace(strings.TrimPrefix(line, "dateline: open ")), done
}

func fetchBody(t *testing.T, u string) string {
	t.Helper()
	res, err := http.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v\n%s", u, res.StatusCode, err, body)
	}
	return string(body)
}

// postForm sends a form with client (http.DefaultClient when nil), as a
// browser would, and returns the answer, which must not be an error.
func postForm(t *testing.T, client *http.Client, u string, form url.Values) *http.Response {
	t.Helper()
	if client == nil {
		client = http.DefaultClient
	}
	req, err := http.NewRequest(http.MethodPost, u, strings.NewReader(form.Encode()))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin") // as a browser says of the site's own form
	res, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode >= 400 {
		t.Fatalf("POST %s: %d\n%s", u, res.StatusCode, body)
	}
	return res
}

func parseHTML(t *testing.T, page string) *html.Node {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// findElement is the first element named tag whose attribute key is val.
func findElement(n *html.Node, tag, key, val string) *html.Node {
	if n.Type == html.ElementNode && n.Data == tag && attrOf(n, key) == val {
		return n
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		if f := findElement(c, tag, key, val); f != nil {
			return f
		}
	}
	return nil
}

func attrOf(n *html.Node, key string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func decodeXML(t *testing.T, body string, v any) {
	t.Helper()
	if err := xml.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
}

func decodeJSON(t *testing.T, body string, v any) {
	t.Helper()
	if err := json.Unmarshal([]byte(body), v); err != nil {
		t.Fatalf("%v\n%s", err, body)
	}
}

// sitemapLocs lists the <loc> of a sitemap or a sitemap index.
func sitemapLocs(t *testing.T, body string) []string {
	t.Helper()
	var doc struct {
		Locs []string `xml:"url>loc"`
		Maps []string `xml:"sitemap>loc"`
	}
	decodeXML(t, body, &doc)
	return append(doc.Locs, doc.Maps...)
}

func noError(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
