package site_test

import (
	"html"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/mmcdole/gofeed"
)

// The newsroom's posts by day in Bangkok: July 14 holds the Thai story
// (08:00), the hostile one (07:00) and Kremlin (01:30, which is still July
// 13 in UTC); July 13 the five must-reads and the market report; July 12
// the two stories sharing tags.
var (
	july14 = []string{"น้ำท่วมกรุงเทพฯ ฝนตกหนัก", `<script>alert("x")</script> & <b>bold</b>`, "Kremlin signals new talks"}
	july13 = []string{"Must read number 1", "Must read number 2", "Must read number 3", "Must read number 4",
		"Must read number 5", "Unrelated market report"}
)

func cardTitles(t *testing.T, n *newsroom, path string) []string {
	t.Helper()
	return texts(all(n.page(t, path), ".card-list .card-title"))
}

func TestDateArchivesListTheDaysOfTheSiteZone(t *testing.T) {
	n := newNewsroom(t)
	cases := []struct {
		name, path, heading string
		want                []string
		next                string
	}{
		{"a day in the site's zone, newest first", "/2025/07/14/", "July 14, 2025", july14, ""},
		{"a day's first page holds as many as the settings say", "/2025/07/13/", "July 13, 2025", july13[:5], "/2025/07/13/page/2/"},
		{"a day's second page", "/2025/07/13/page/2/", "July 13, 2025", july13[5:], ""},
		{"a month", "/2025/07/", "July 2025", append(slices.Clone(july14), july13[:2]...), "/2025/07/page/2/"},
		{"a year", "/2025/", "2025", append(slices.Clone(july14), july13[:2]...), "/2025/page/2/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := n.page(t, tc.path)
			if got := text(first(doc, "h1")); got != tc.heading {
				t.Errorf("h1 %q, want %q", got, tc.heading)
			}
			if got := text(first(doc, ".archive-header .kicker")); got != "Archive" {
				t.Errorf("kicker %q", got)
			}
			if got := texts(all(doc, ".card-list .card-title")); !slices.Equal(got, tc.want) {
				t.Errorf("cards %q\nwant  %q", got, tc.want)
			}
			next := ""
			if a := first(doc, ".pagination a.older"); a != nil {
				next = attr(a, "href")
			}
			if next != tc.next {
				t.Errorf("older page %q, want %q", next, tc.next)
			}
			var feeds []string
			for _, l := range all(doc, "link[rel=alternate]") {
				feeds = append(feeds, attr(l, "href"))
			}
			base, _, _ := strings.Cut(tc.path, "page/")
			for _, f := range []string{base + "feed/", base + "feed/atom/", base + "feed.json"} {
				if !slices.Contains(feeds, f) {
					t.Errorf("no feed link to %s among %q", f, feeds)
				}
			}
		})
	}
}

func TestDateArchiveAddressesThatAreNotPages(t *testing.T) {
	n := newNewsroom(t)
	cases := []struct {
		name     string
		path     string
		status   int
		location string
	}{
		{"a day with nothing published is not found", "/2025/06/30/", 404, ""},
		{"a month with nothing published is not found", "/2025/06/", 404, ""},
		{"a year with nothing published is not found", "/1999/", 404, ""},
		{"a page past the last is not found", "/2025/07/14/page/2/", 404, ""},
		{"page one is the archive itself", "/2025/07/13/page/1/", 301, "/2025/07/13/"},
		{"page zero is not a page", "/2025/07/page/0/", 404, ""},
		{"a thirteenth month is not a month", "/2025/13/", 404, ""},
		{"a thirtieth of February is not a day", "/2025/02/30/", 404, ""},
		{"a year of zeros is not a year", "/0000/", 404, ""},
		{"a word after a month is not an archive", "/2025/07/floods/", 404, ""},
		{"a day without the final slash", "/2025/07/14", 301, "/2025/07/14/"},
		{"a day's RDF feed is its RSS feed", "/2025/07/14/feed/rdf/", 301, "/2025/07/14/feed/"},
		{"an article's address still wins over its day's", "/2025/07/14/kremlin-signals-new-talks/", 200, ""},
		{"an article under a day that does not exist still finds its day", "/2025/07/32/kremlin-signals-new-talks/", 301, "/2025/07/14/kremlin-signals-new-talks/"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := n.get(t, tc.path)
			if rec.Code != tc.status {
				t.Fatalf("GET %s = %d, want %d", tc.path, rec.Code, tc.status)
			}
			if got := rec.Header().Get("Location"); got != tc.location {
				t.Errorf("GET %s leads to %q, want %q", tc.path, got, tc.location)
			}
		})
	}
}

func TestDateArchivesHaveTheThreeFeeds(t *testing.T) {
	n := newNewsroom(t)
	parser := gofeed.NewParser()
	for _, tc := range []struct {
		path, feedType string
		want           []string
	}{
		{"/2025/07/14/feed/", "rss", july14},
		{"/2025/07/14/feed/atom/", "atom", july14},
		{"/2025/07/14/feed.json", "json", july14},
		{"/2025/07/feed/json/", "json", append(slices.Clone(july14), july13...)},
		{"/2025/feed/rss2/", "rss", append(slices.Clone(july14), july13...)},
	} {
		rec := n.get(t, tc.path)
		if rec.Code != http.StatusOK {
			t.Errorf("GET %s = %d", tc.path, rec.Code)
			continue
		}
		f, err := parser.ParseString(rec.Body.String())
		if err != nil {
			t.Errorf("%s: %v", tc.path, err)
			continue
		}
		if f.FeedType != tc.feedType {
			t.Errorf("%s is %s, want %s", tc.path, f.FeedType, tc.feedType)
		}
		var got []string
		for _, it := range f.Items {
			if f.FeedType == "rss" {
				// RSS carries titles as HTML text (internal/feed).
				it.Title = html.UnescapeString(it.Title)
			}
			got = append(got, it.Title)
		}
		// The feed carries the newest 20, a page of them being enough to
		// show its order.
		if !slices.Equal(got[:min(len(got), len(tc.want))], tc.want) {
			t.Errorf("%s lists %q\nwant %q", tc.path, got, tc.want)
		}
		if !strings.HasPrefix(f.Title, "The Test Dateline » ") {
			t.Errorf("%s is titled %q", tc.path, f.Title)
		}
	}
	for _, path := range []string{"/2025/06/feed/", "/2025/07/14/feed/gopher/", "/2025/07/14/feed/?paged=2"} {
		if code := n.get(t, path).Code; code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, code)
		}
	}
}

func TestEveryArchiveHasAJSONFeed(t *testing.T) {
	n := newNewsroom(t)
	parser := gofeed.NewParser()
	for _, tc := range []struct{ path, title, first string }{
		{"/category/world/feed.json", "The Test Dateline » World", "Kremlin signals new talks"},
		{"/category/world/feed/json/", "The Test Dateline » World", "Kremlin signals new talks"},
		{"/tag/russia/feed.json", "The Test Dateline » Russia", "Kremlin signals new talks"},
		{"/author/ana-reyes/feed.json", "The Test Dateline » Ana Reyes", "น้ำท่วมกรุงเทพฯ ฝนตกหนัก"},
		{"/comments/feed.json", "Comments on The Test Dateline", "Comment on Kremlin signals new talks by Tom"},
	} {
		rec := n.get(t, tc.path)
		if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "application/feed+json") {
			t.Errorf("GET %s = %d %q", tc.path, rec.Code, rec.Header().Get("Content-Type"))
			continue
		}
		f, err := parser.ParseString(rec.Body.String())
		if err != nil || f.FeedType != "json" || f.Title != tc.title || len(f.Items) == 0 || f.Items[0].Title != tc.first {
			t.Errorf("%s: %v %v", tc.path, err, f)
		}
	}
	doc := n.page(t, "/category/world/")
	found := false
	for _, l := range all(doc, "link[rel=alternate]") {
		found = found || attr(l, "href") == "/category/world/feed.json" && attr(l, "type") == "application/feed+json"
	}
	if !found {
		t.Error("a section's page does not point feed readers at its JSON feed")
	}
	if code := n.get(t, "/category/nope/feed.json").Code; code != http.StatusNotFound {
		t.Errorf("an unknown section's JSON feed = %d", code)
	}
}
