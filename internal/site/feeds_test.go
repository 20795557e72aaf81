package site_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

func TestFeedsParseInAFeedReader(t *testing.T) {
	n := newNewsroom(t)
	parser := gofeed.NewParser()
	for _, path := range []string{"/feed/", "/feed/atom/", "/feed.json", "/feed/json/", "/feed/rss2/"} {
		t.Run(path, func(t *testing.T) {
			rec := n.get(t, path)
			if rec.Code != http.StatusOK {
				t.Fatalf("status %d", rec.Code)
			}
			f, err := parser.ParseString(rec.Body.String())
			if err != nil {
				t.Fatalf("parse: %v", err)
			}
			if f.Title != "The Test Dateline" || len(f.Items) == 0 {
				t.Fatalf("feed %q with %d items", f.Title, len(f.Items))
			}
			first := f.Items[0]
			if first.Title != "น้ำท่วมกรุงเทพฯ ฝนตกหนัก" || !strings.HasPrefix(first.Link, "https://news.example/2025/07/14/") {
				t.Errorf("first item = %q %q", first.Title, first.Link)
			}
			for _, it := range f.Items {
				if it.Title == "A draft" || it.Title == "About" {
					t.Errorf("feed lists %q", it.Title)
				}
				if it.Title == "Kremlin signals new talks" {
					if it.GUID != "https://news.example/?p="+itoa(n.kremlin.ID) && path != "/feed.json" && path != "/feed/json/" {
						t.Errorf("GUID = %q", it.GUID)
					}
					if it.PublishedParsed == nil || it.PublishedParsed.UTC().Format("2006-01-02T15:04") != "2025-07-13T18:30" {
						t.Errorf("published = %v", it.PublishedParsed)
					}
					if it.Image == nil && len(it.Enclosures) == 0 {
						t.Error("featured image missing")
					}
				}
			}
		})
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestArchiveAndCommentFeeds(t *testing.T) {
	n := newNewsroom(t)
	parser := gofeed.NewParser()
	cases := []struct {
		path  string
		title string
		want  string
	}{
		{"/category/world/feed/", "The Test Dateline » World", "Kremlin signals new talks"},
		{"/tag/russia/feed/atom/", "The Test Dateline » Russia", "Kremlin signals new talks"},
		{"/author/ana-reyes/feed/", "The Test Dateline » Ana Reyes", "น้ำท่วมกรุงเทพฯ ฝนตกหนัก"},
		{"/comments/feed/", "Comments on The Test Dateline", "Comment on Kremlin signals new talks by Tom"},
		{"/2025/07/14/kremlin-signals-new-talks/feed/", "Comments on: Kremlin signals new talks", "Comment on Kremlin signals new talks by Tom"},
	}
	for _, c := range cases {
		rec := n.get(t, c.path)
		f, err := parser.ParseString(rec.Body.String())
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		if f.Title != c.title || len(f.Items) == 0 || f.Items[0].Title != c.want {
			t.Errorf("%s: %q first %v", c.path, f.Title, f.Items)
		}
		for _, it := range f.Items {
			if strings.Contains(it.Title, "Spammer") {
				t.Errorf("%s lists a held comment", c.path)
			}
		}
	}
	for _, path := range []string{"/category/nope/feed/", "/feed/?paged=0", "/feed/?paged=abc", "/feed/?paged=99"} {
		if code := n.get(t, path).Code; code != http.StatusNotFound {
			t.Errorf("%s = %d, want 404", path, code)
		}
	}
}

func TestFeedsAnswerNotModified(t *testing.T) {
	n := newNewsroom(t)
	first := n.get(t, "/feed/")
	etag := first.Header().Get("ETag")
	if etag == "" || first.Header().Get("Last-Modified") == "" {
		t.Fatalf("headers = %v", first.Header())
	}
	req := httptest.NewRequest("GET", "/feed/", nil)
	req.Header.Set("If-None-Match", etag)
	rec := httptest.NewRecorder()
	n.handler.ServeHTTP(rec, req)
	if rec.Code != http.StatusNotModified {
		t.Errorf("conditional GET = %d, want 304", rec.Code)
	}
}

// xmllint validates a document against a schema shipped with the feed
// package's tests.
func xmllint(t *testing.T, schema string, doc []byte) {
	t.Helper()
	if _, err := exec.LookPath("xmllint"); err != nil {
		t.Fatal("xmllint is needed to validate sitemaps: apt-get install libxml2-utils")
	}
	cmd := exec.Command("xmllint", "--noout", "--nonet", "--schema", filepath.Join("..", "feed", "testdata", schema), "-")
	cmd.Stdin = bytes.NewReader(doc)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("%s: %v\n%s\n%s", schema, err, out, doc)
	}
}

func TestSitemapsAreValid(t *testing.T) {
	n := newNewsroom(t)
	index := n.get(t, "/sitemap.xml").Body.Bytes()
	xmllint(t, "siteindex.xsd", index)
	locs := regexpLocs(string(index))
	if len(locs) < 5 {
		t.Fatalf("index lists %v", locs)
	}
	sawArticle := false
	for _, loc := range locs {
		path := strings.TrimPrefix(loc, "https://news.example")
		rec := n.get(t, path)
		if rec.Code != http.StatusOK {
			t.Errorf("%s = %d", path, rec.Code)
			continue
		}
		xmllint(t, "sitemap.xsd", rec.Body.Bytes())
		if strings.Contains(rec.Body.String(), "/2025/07/14/kremlin-signals-new-talks/") {
			sawArticle = true
		}
		if strings.Contains(rec.Body.String(), "a-draft") {
			t.Errorf("%s lists a draft", path)
		}
	}
	if !sawArticle {
		t.Error("no sitemap lists the article")
	}
	news := n.get(t, "/news-sitemap.xml")
	xmllint(t, "news-sitemap-wrapper.xsd", news.Body.Bytes())
	if !strings.Contains(news.Body.String(), "<news:title>Kremlin signals new talks</news:title>") ||
		strings.Contains(news.Body.String(), "Published then trashed") {
		t.Errorf("news sitemap:\n%s", news.Body.String())
	}
	for _, path := range []string{"/sitemaps/posts-2025-13.xml", "/sitemaps/posts-2025-07-0.xml", "/sitemaps/posts-2025-07-2.xml",
		"/sitemaps/posts-1999-01.xml", "/sitemaps/nope.xml", "/sitemaps/posts-2025-07"} {
		if code := n.get(t, path).Code; code != http.StatusNotFound {
			t.Errorf("%s = %d, want 404", path, code)
		}
	}
}

func regexpLocs(doc string) []string {
	var out []string
	for _, part := range strings.Split(doc, "<loc>")[1:] {
		out = append(out, part[:strings.Index(part, "</loc>")])
	}
	return out
}

func TestRobotsPointsAtSitemapsAndKeepsTheNewsroomOut(t *testing.T) {
	n := newNewsroom(t)
	body := n.get(t, "/robots.txt").Body.String()
	for _, want := range []string{"Disallow: /admin/", "Disallow: /api/", "Sitemap: https://news.example/sitemap.xml", "Sitemap: https://news.example/news-sitemap.xml"} {
		if !strings.Contains(body, want) {
			t.Errorf("robots.txt lacks %q:\n%s", want, body)
		}
	}
}

// An article page advertises its own comment feed, as WordPress pages do,
// and the site's feeds lead every story to its comments, carry its
// picture's real size and show the site's logo.
func TestFeedReadersFindAnArticlesCommentsAndPicture(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, kremlinPath)
	var commentFeed string
	for _, l := range all(doc, "link[rel=alternate]") {
		if attr(l, "title") == "The Test Dateline » Kremlin signals new talks Comments Feed" && attr(l, "type") == "application/rss+xml" {
			commentFeed = attr(l, "href")
		}
	}
	if commentFeed != kremlinPath+"feed/" {
		t.Fatalf("the article page advertises comment feed %q, want %sfeed/", commentFeed, kremlinPath)
	}
	f, err := gofeed.NewParser().ParseString(n.get(t, commentFeed).Body.String())
	if err != nil || len(f.Items) != 4 {
		t.Fatalf("the advertised comment feed: %v, %v", f, err)
	}

	rec := n.get(t, "/feed/")
	f, err = gofeed.NewParser().ParseString(rec.Body.String())
	if err != nil {
		t.Fatal(err)
	}
	if f.Image == nil || f.Image.URL != "https://news.example/static/logo.png" {
		t.Errorf("the feed's image = %+v, want the site's logo", f.Image)
	}
	for _, it := range f.Items {
		if it.Title != "Kremlin signals new talks" {
			continue
		}
		if len(it.Enclosures) != 1 || it.Enclosures[0].Length != "214733" {
			t.Errorf("enclosures %+v, want one of 214733 bytes", it.Enclosures)
		}
		if !strings.HasPrefix(it.Content, `<figure><img src="https://news.example/media/demo/kremlin.jpg"`) {
			t.Errorf("the text does not open with the picture: %.200s", it.Content)
		}
		if got := it.Extensions["slash"]["comments"]; len(got) != 1 || got[0].Value != "4" {
			t.Errorf("slash:comments = %+v, want 4", got)
		}
		if got := it.Extensions["wfw"]["commentRss"]; len(got) != 1 || got[0].Value != "https://news.example"+kremlinPath+"feed/" {
			t.Errorf("wfw:commentRss = %+v", got)
		}
		return
	}
	t.Error("the feed has no item for the Kremlin story")
}
