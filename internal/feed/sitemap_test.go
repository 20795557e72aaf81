package feed

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"os/exec"
	"path/filepath"
	"slices"
	"testing"
	"time"
)

// xmllint validates doc against a schema under testdata. Sitemaps are only
// worth having if search engines accept them, so a missing validator fails
// the test instead of skipping it.
func xmllint(t *testing.T, schema string, doc []byte) error {
	t.Helper()
	path, err := exec.LookPath("xmllint")
	if err != nil {
		t.Fatal("xmllint is needed to validate sitemaps against their XSD schemas and was not found; " +
			"install it (Debian/Ubuntu: apt-get install -y libxml2-utils)")
	}
	cmd := exec.Command(path, "--noout", "--nonet", "--schema", filepath.Join("testdata", schema), "-")
	cmd.Stdin = bytes.NewReader(doc)
	if out, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("%w: %s", err, out)
	}
	return nil
}

var lastmod = time.Date(2025, 7, 14, 1, 30, 0, 0, time.UTC)

func TestSitemapsValidateAgainstThePublishedSchemas(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		write  func() ([]byte, error)
	}{
		{"an index of article, category, tag and author sitemaps", "siteindex.xsd", func() ([]byte, error) {
			return SitemapIndex([]URL{
				{Loc: base + "/sitemap-articles-1.xml", LastMod: lastmod},
				{Loc: base + "/sitemap-articles-2.xml", LastMod: lastmod},
				{Loc: base + "/sitemap-categories.xml", LastMod: lastmod},
				{Loc: base + "/sitemap-tags.xml", LastMod: lastmod},
				{Loc: base + "/sitemap-authors.xml"},
			})
		}},
		{"a sitemap of articles with lastmod", "sitemap.xsd", func() ([]byte, error) {
			var urls []URL
			for _, a := range articles() {
				urls = append(urls, ArticleURL(a, base, bangkok))
			}
			return URLSet(urls)
		}},
		{"a sitemap with a query string and a Thai slug", "sitemap.xsd", func() ([]byte, error) {
			a := flood()
			a.Slug = "น้ำท่วม"
			return URLSet([]URL{{Loc: base + "/search?q=flood&page=2"}, ArticleURL(a, base, bangkok)})
		}},
		{"a news sitemap with Thai, hostile and control characters", "news-sitemap-wrapper.xsd", func() ([]byte, error) {
			var urls []NewsURL
			for _, a := range articles() {
				urls = append(urls, ArticleNewsURL(a, base, bangkok))
			}
			return NewsSitemap("Dateline", "en-US", urls)
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			doc, err := tc.write()
			if err != nil {
				t.Fatal(err)
			}
			if err := xmllint(t, tc.schema, doc); err != nil {
				t.Errorf("%s rejects the document: %v\n%s", tc.schema, err, doc)
			}
		})
	}
}

// The validator must be able to say no, or the test above proves nothing.
func TestSchemaValidationRejectsBrokenSitemaps(t *testing.T) {
	tests := []struct {
		name   string
		schema string
		doc    string
	}{
		{"a url without loc", "sitemap.xsd",
			`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><lastmod>2025-07-14</lastmod></url></urlset>`},
		{"a lastmod that is not a date", "siteindex.xsd",
			`<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap><loc>https://news.example/a.xml</loc><lastmod>yesterday</lastmod></sitemap></sitemapindex>`},
		{"a news entry without a title", "news-sitemap-wrapper.xsd",
			`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example/a/</loc><news:news><news:publication><news:name>D</news:name><news:language>en</news:language></news:publication><news:publication_date>2025-07-14</news:publication_date></news:news></url></urlset>`},
		{"a news language that is a region tag", "news-sitemap-wrapper.xsd",
			`<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"><url><loc>https://news.example/a/</loc><news:news><news:publication><news:name>D</news:name><news:language>en-US</news:language></news:publication><news:publication_date>2025-07-14</news:publication_date><news:title>T</news:title></news:news></url></urlset>`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if err := xmllint(t, tc.schema, []byte(tc.doc)); err == nil {
				t.Errorf("%s accepted %s", tc.schema, tc.doc)
			}
		})
	}
}

func TestChunksSplitArticlesIntoSitemapsOf50000(t *testing.T) {
	tests := []struct {
		name string
		n    int
		want []Range
	}{
		{"no articles need no sitemap", 0, nil},
		{"one article needs one sitemap", 1, []Range{{0, 1}}},
		{"50,000 articles fill exactly one sitemap", 50000, []Range{{0, 50000}}},
		{"50,001 articles spill into a second sitemap", 50001, []Range{{0, 50000}, {50000, 50001}}},
		{"120,001 articles need three sitemaps", 120001, []Range{{0, 50000}, {50000, 100000}, {100000, 120001}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := Chunks(tc.n)
			if !slices.Equal(got, tc.want) {
				t.Errorf("Chunks(%d) = %v, want %v", tc.n, got, tc.want)
			}
			total := 0
			for _, r := range got {
				total += r.Len()
			}
			if total != tc.n {
				t.Errorf("ranges cover %d articles, want %d", total, tc.n)
			}
		})
	}
	t.Run("the index of 120,001 articles lists three article sitemaps", func(t *testing.T) {
		var sitemaps []URL
		for i := range Chunks(120001) {
			sitemaps = append(sitemaps, URL{Loc: fmt.Sprintf("%s/sitemap-articles-%d.xml", base, i+1), LastMod: lastmod})
		}
		doc, err := SitemapIndex(sitemaps)
		if err != nil {
			t.Fatal(err)
		}
		if n := bytes.Count(doc, []byte("<sitemap>")); n != 3 {
			t.Errorf("%d sitemaps in the index, want 3", n)
		}
	})
}

func TestOneSitemapRefusesMoreThan50000URLs(t *testing.T) {
	urls := make([]URL, MaxSitemapURLs+1)
	if _, err := URLSet(urls); err == nil {
		t.Error("URLSet wrote 50,001 URLs")
	}
	if _, err := SitemapIndex(urls); err == nil {
		t.Error("SitemapIndex wrote 50,001 sitemaps")
	}
	if _, err := NewsSitemap("D", "en", make([]NewsURL, MaxNewsURLs+1)); err == nil {
		t.Error("NewsSitemap wrote 1,001 articles")
	}
}

type newsDoc struct {
	URLs []struct {
		Loc  string `xml:"loc"`
		News struct {
			Name     string `xml:"publication>name"`
			Language string `xml:"publication>language"`
			Date     string `xml:"publication_date"`
			Title    string `xml:"title"`
		} `xml:"http://www.google.com/schemas/sitemap-news/0.9 news"`
	} `xml:"url"`
}

func TestNewsSitemapListsExactlyWhatItIsGiven(t *testing.T) {
	a := flood()
	doc, err := NewsSitemap("Dateline", "th_TH", []NewsURL{ArticleNewsURL(a, base, bangkok)})
	if err != nil {
		t.Fatal(err)
	}
	var got newsDoc
	if err := xml.Unmarshal(doc, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.URLs) != 1 {
		t.Fatalf("%d URLs, want 1", len(got.URLs))
	}
	u := got.URLs[0]
	tests := []struct{ name, got, want string }{
		{"loc is the article address", u.Loc, base + "/2025/07/14/floods-close-airport/"},
		{"the publication is named", u.News.Name, "Dateline"},
		{"the language is the ISO 639 code", u.News.Language, "th"},
		{"the publication date is the first publication", u.News.Date, "2025-07-13T23:30:00Z"},
		{"the title is the headline", u.News.Title, a.Title},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got != tc.want {
				t.Errorf("got %q, want %q", tc.got, tc.want)
			}
		})
	}
}

func TestNewsLanguage(t *testing.T) {
	tests := []struct{ in, want string }{
		{"en", "en"}, {"en-US", "en"}, {"th_TH", "th"}, {"fil", "fil"},
		{"zh-CN", "zh-cn"}, {"zh-TW", "zh-tw"}, {"zh-Hans", "zh-cn"}, {"zh-Hant-HK", "zh-tw"},
	}
	for _, tc := range tests {
		t.Run(tc.in+" is written "+tc.want, func(t *testing.T) {
			if got := newsLanguage(tc.in); got != tc.want {
				t.Errorf("got %q", got)
			}
		})
	}
}

func TestRecentNewsKeepsTheLast48HoursNewestFirst(t *testing.T) {
	now := time.Date(2025, 7, 14, 12, 0, 0, 0, time.UTC) // the test's clock
	at := func(ago time.Duration) NewsURL {
		return NewsURL{Loc: base + "/" + ago.String() + "/", Title: ago.String(), Published: now.Add(-ago)}
	}
	list := []NewsURL{
		at(48*time.Hour + time.Second), // just too old
		at(47 * time.Hour),
		at(-time.Minute),   // scheduled, not yet out
		at(48 * time.Hour), // exactly two days: still in
		at(time.Hour),
		at(0),
	}
	var got []string
	for _, u := range RecentNews(list, now) {
		got = append(got, u.Title)
	}
	want := []string{"0s", "1h0m0s", "47h0m0s", "48h0m0s"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}

	t.Run("at most 1,000 articles, the newest", func(t *testing.T) {
		var many []NewsURL
		for i := range 1500 {
			many = append(many, at(time.Duration(i)*time.Minute))
		}
		got := RecentNews(many, now)
		if len(got) != MaxNewsURLs {
			t.Fatalf("%d articles, want %d", len(got), MaxNewsURLs)
		}
		if !got[0].Published.Equal(now) || !got[999].Published.Equal(now.Add(-999*time.Minute)) {
			t.Errorf("kept %v … %v", got[0].Published, got[999].Published)
		}
	})
}

func TestRobotsTxt(t *testing.T) {
	tests := []struct {
		name     string
		base     string
		sitemaps []string
		want     string
	}{
		{"points at the sitemaps and keeps the newsroom and API out", "https://news.example/", []string{"/sitemap.xml", "/news-sitemap.xml"}, "" +
			"User-agent: *\n" +
			"Disallow: /admin/\n" +
			"Disallow: /api/\n" +
			"\n" +
			"Sitemap: https://news.example/sitemap.xml\n" +
			"Sitemap: https://news.example/news-sitemap.xml\n"},
		{"keeps an absolute sitemap address as it is", "https://news.example", []string{"https://cdn.example/sitemap.xml"}, "" +
			"User-agent: *\n" +
			"Disallow: /admin/\n" +
			"Disallow: /api/\n" +
			"\n" +
			"Sitemap: https://cdn.example/sitemap.xml\n"},
		{"a base address cannot add lines", "https://news.example\nDisallow: /", []string{"/sitemap.xml"}, "" +
			"User-agent: *\n" +
			"Disallow: /admin/\n" +
			"Disallow: /api/\n" +
			"\n" +
			"Sitemap: https://news.exampleDisallow: /sitemap.xml\n"},
		{"without sitemaps only the rules remain", "https://news.example", nil, "" +
			"User-agent: *\n" +
			"Disallow: /admin/\n" +
			"Disallow: /api/\n"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := string(Robots(tc.base, tc.sitemaps)); got != tc.want {
				t.Errorf("got\n%s\nwant\n%s", got, tc.want)
			}
		})
	}
}

// A title is plain text escaped for XML alone (issue 16): quotes reach the
// crawler as typed, never as the character references some sitemap
// readers show as they stand, and the document still validates.
func TestSitemapTitlesAreEscapedForXMLOnly(t *testing.T) {
	const title = `Thailand's women's team: "we're ready" <b>& more</b>`
	doc, err := NewsSitemap(`Siam's "Dateline"`, "en", []NewsURL{{Loc: base + "/2025/07/14/volleyball/", Title: title, Published: lastmod}})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<news:title>Thailand's women's team: "we're ready" &lt;b&gt;&amp; more&lt;/b&gt;</news:title>`,
		`<news:name>Siam's "Dateline"</news:name>`,
	} {
		if !bytes.Contains(doc, []byte(want)) {
			t.Errorf("the news sitemap lacks %s:\n%s", want, doc)
		}
	}
	if bytes.Contains(doc, []byte("&#")) {
		t.Errorf("the news sitemap holds character references:\n%s", doc)
	}
	if err := xmllint(t, "news-sitemap-wrapper.xsd", doc); err != nil {
		t.Error(err)
	}
	var back struct {
		Titles []string `xml:"url>news>title"`
	}
	if err := xml.Unmarshal(doc, &back); err != nil || len(back.Titles) != 1 || back.Titles[0] != title {
		t.Errorf("an XML reader gets %q (%v), want %q", back.Titles, err, title)
	}
}
