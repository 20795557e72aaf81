package main

import (
	"encoding/xml"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// The stock export is what WordPress 6.1.9 itself exported
// (internal/wordpress/testdata/stock, made by its generate.sh). What the
// old site showed is read from it here with encoding/xml alone, none of
// the importer's code, and asked of the imported site through the
// program's handler.

type wxrFile struct {
	Items []wxrItem `xml:"channel>item"`
}

type wxrItem struct {
	Title  string `xml:"title"`
	Link   string `xml:"link"`
	GUID   string `xml:"guid"`
	ID     int64  `xml:"http://wordpress.org/export/1.2/ post_id"`
	Type   string `xml:"http://wordpress.org/export/1.2/ post_type"`
	Status string `xml:"http://wordpress.org/export/1.2/ status"`
	Sticky int    `xml:"http://wordpress.org/export/1.2/ is_sticky"`
	Parent int64  `xml:"http://wordpress.org/export/1.2/ post_parent"`
	// AttachmentURL is an attachment's file.
	AttachmentURL string       `xml:"http://wordpress.org/export/1.2/ attachment_url"`
	Comments      []wxrComment `xml:"http://wordpress.org/export/1.2/ comment"`
}

type wxrComment struct {
	ID       int64  `xml:"http://wordpress.org/export/1.2/ comment_id"`
	Content  string `xml:"http://wordpress.org/export/1.2/ comment_content"`
	Approved string `xml:"http://wordpress.org/export/1.2/ comment_approved"`
	Parent   int64  `xml:"http://wordpress.org/export/1.2/ comment_parent"`
}

// item is the export's item of WordPress id id.
func (f wxrFile) item(t *testing.T, id int64) wxrItem {
	t.Helper()
	for _, it := range f.Items {
		if it.ID == id {
			return it
		}
	}
	t.Fatalf("the export has no item %d", id)
	return wxrItem{}
}

func readWXR(t *testing.T, file string) wxrFile {
	t.Helper()
	src, err := os.ReadFile(file)
	noError(t, err)
	var f wxrFile
	noError(t, xml.Unmarshal(src, &f))
	return f
}

// shown is the text a WordPress theme shows of a title or a comment,
// which WordPress keeps as HTML.
func shown(t *testing.T, s string) string { return textOf(parseHTML(t, s)) }

// oldPath is the path and query of a WordPress address, as a browser asks
// for it.
func oldPath(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	noError(t, err)
	return u.RequestURI()
}

// ownComment is the text of a comment's own .comment-text, not its
// replies'.
func ownComment(li *html.Node) string {
	for c := li.FirstChild; c != nil; c = c.NextSibling {
		if c.Type == html.ElementNode && hasClass(c, "comment-body") {
			if txt := elementsWhere(c, func(n *html.Node) bool { return hasClass(n, "comment-text") }); len(txt) > 0 {
				return textOf(txt[0])
			}
		}
	}
	return ""
}

// parentComment is the comment a comment's element is a reply to, nil for
// a top-level one.
func parentComment(li *html.Node) *html.Node {
	for p := li.Parent; p != nil; p = p.Parent {
		if p.Type == html.ElementNode && p.Data == "li" && hasClass(p, "comment") {
			return p
		}
	}
	return nil
}

// linkAddress is what dateline adds to a comment's text after a link's
// words: the address, since its comments are plain text.
var linkAddress = regexp.MustCompile(` \(https?://[^\s)]+\)`)

// TestAStockWordPressExportAnswersAtItsOldAddresses imports the stock
// export with the command and asks for every published post and page at
// its old address: each answers with its title and its approved comments,
// threaded as they were; what was not public does not answer; the
// sections, tags and the sticky post are there; a second import changes
// nothing.
func TestAStockWordPressExportAnswersAtItsOldAddresses(t *testing.T) {
	dir := t.TempDir()
	file, err := filepath.Abs("../../internal/wordpress/testdata/stock/wordpress-6.1-export.xml")
	noError(t, err)
	export := readWXR(t, file)
	out := importSite(t, dir, file, "--zone", "Asia/Bangkok")
	if !strings.Contains(out, "Imported https://stock.example in") || regexp.MustCompile(`(?m)^\s+(sections|tags)\s+\d+\s+\d+\s+[1-9]`).MatchString(out) {
		t.Errorf("the summary of a first import:\n%s", out)
	}
	h := siteOn(t, dir)

	// The addresses that lead on with a 301, and why; every other one
	// answers 200 itself.
	redirects := map[int64]string{
		10: "an emoji in its slug, which dateline's slugs do not take",
		20: "a child page: dateline's pages are flat, /about/team/ is /team/",
	}
	var published, hidden []wxrItem
	for _, it := range export.Items {
		if it.Type != "post" && it.Type != "page" {
			continue
		}
		if it.Status == "publish" {
			published = append(published, it)
		} else {
			hidden = append(hidden, it)
		}
	}
	if len(published) != 10 || len(hidden) != 6 {
		t.Fatalf("the export has %d published posts and pages and %d others; want 10 and 6", len(published), len(hidden))
	}
	pages := map[int64]string{} // WordPress id → the page that answered
	for _, it := range published {
		t.Run(strconv.FormatInt(it.ID, 10), func(t *testing.T) {
			old := oldPath(t, it.Link)
			w := get(h, old)
			at := old
			if why, ok := redirects[it.ID]; ok {
				if w.Code != http.StatusMovedPermanently {
					t.Fatalf("GET %s = %d, want 301 (%s)", old, w.Code, why)
				}
				at = w.Header().Get("Location")
				w = get(h, at)
			}
			if w.Code != http.StatusOK {
				t.Fatalf("GET %s (%s) = %d, want 200", old, at, w.Code)
			}
			pages[it.ID] = w.Body.String()
			doc := parseHTML(t, w.Body.String())
			if got, want := textOf(findElement(doc, "h1", "class", "story-title")), shown(t, it.Title); got != want {
				t.Errorf("GET %s: h1 %q, want %q", old, got, want)
			}
			checkComments(t, doc, it)

			query := "/?p="
			if it.Type == "page" {
				query = "/?page_id="
			}
			q := query + strconv.FormatInt(it.ID, 10)
			if w := get(h, q); w.Code != http.StatusMovedPermanently || !sameURL(t, w.Header().Get("Location"), at) {
				t.Errorf("GET %s = %d to %q, want 301 to %s", q, w.Code, w.Header().Get("Location"), at)
			}
		})
	}

	// The picture, which was not fetched: its page, by its id and at its
	// old address, leads to the post it was uploaded to (WordPress's
	// ?p=5 is the picture's, never dateline's article 5); its file
	// answers 404, as nothing of it is here.
	pictures := 0
	for _, it := range export.Items {
		if it.Type != "attachment" {
			continue
		}
		pictures++
		post := oldPath(t, export.item(t, it.Parent).Link)
		for _, old := range []string{"/?attachment_id=" + strconv.FormatInt(it.ID, 10), "/?p=" + strconv.FormatInt(it.ID, 10), oldPath(t, it.Link)} {
			if w := get(h, old); w.Code != http.StatusMovedPermanently || !sameURL(t, w.Header().Get("Location"), post) {
				t.Errorf("GET %s = %d to %q, want 301 to the post %s", old, w.Code, w.Header().Get("Location"), post)
			}
		}
		if w := get(h, oldPath(t, it.AttachmentURL)); w.Code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404 (not fetched)", it.AttachmentURL, w.Code)
		}
	}
	if pictures == 0 {
		t.Error("the export has no attachment, and this test counts on one")
	}

	// Drafts, a post waiting for review, a private, a scheduled and a
	// trashed post, the draft privacy page: at none of their addresses.
	for _, it := range hidden {
		for _, link := range []string{it.Link, it.GUID} {
			if w := get(h, oldPath(t, link)); w.Code != http.StatusNotFound && w.Code != http.StatusGone {
				t.Errorf("%s %d (%s) at %s = %d, want 404 or 410", it.Type, it.ID, it.Status, link, w.Code)
			}
		}
	}
	if w := get(h, "/2024/05/10/market-closes-for-repairs/"); w.Code != http.StatusGone {
		t.Errorf("the trashed post's address = %d, want 410", w.Code)
	}

	// The sections, under their old nested addresses, and the tags.
	for _, tc := range []struct{ old, heading string }{
		{"/category/news/", "News"},
		{"/category/news/world/", "World"},
		{"/category/news/local/", "Local"},
		{"/category/news/local/%e0%b8%82%e0%b9%88%e0%b8%b2%e0%b8%a7%e0%b8%81%e0%b8%a3%e0%b8%b8%e0%b8%87%e0%b9%80%e0%b8%97%e0%b8%9e/", "ข่าวกรุงเทพ"},
		{"/category/opinion-letters/", "Opinion & Letters"},
		{"/tag/flood/", "flood"},
		{"/tag/%e0%b8%81%e0%b8%a3%e0%b8%b8%e0%b8%87%e0%b9%80%e0%b8%97%e0%b8%9e/", "กรุงเทพ"},
		{"/tag/cafe-culture/", "Café culture"},
	} {
		w := get(h, tc.old)
		if w.Code == http.StatusMovedPermanently {
			w = get(h, w.Header().Get("Location"))
		}
		if w.Code != http.StatusOK {
			t.Errorf("GET %s = %d, want its archive", tc.old, w.Code)
			continue
		}
		if got := textOf(findElement(parseHTML(t, w.Body.String()), "h1", "class", "archive-title")); got != tc.heading {
			t.Errorf("GET %s: %q, want %q", tc.old, got, tc.heading)
		}
	}

	// The sticky post, and only it, is must-read.
	var sticky []string
	for _, n := range elementsWhere(parseHTML(t, pages[4]), func(n *html.Node) bool { return hasClass(n, "must-read-link") }) {
		sticky = append(sticky, textOf(n))
	}
	if want := []string{"Election night: the results as they come"}; !reflect.DeepEqual(sticky, want) {
		t.Errorf("must read %q, want %q", sticky, want)
	}

	// Texts that WordPress split across CDATA sections, and those no
	// single-byte path survives, in the page as they were written.
	for _, want := range []string{"Texts that test an importer 🌊", "افتتاح الجسر الجديد فوق النهر، بطول ٣٢٠ مترًا.",
		"Cafe\u0301", "n\u0303", "Z\u0351\u0300\u0327", "👩🏽\u200d🔬 🇹🇭 1\ufe0f\u20e3", "<code>a[b[0]]&gt;c</code> and ]]&gt; again",
		`C:\path\to\file`, "شكرًا على التقرير ]]&gt; 🌉"} {
		if !strings.Contains(pages[10], want) {
			t.Errorf("the texts story lacks %q", want)
		}
	}

	// The same command again changes nothing.
	before := rowCounts(t, filepath.Join(dir, "dateline.db"))
	again := importSite(t, dir, file, "--zone", "Asia/Bangkok")
	for _, kind := range []string{"authors", "sections", "tags", "posts", "pages", "comments", "pingbacks"} {
		if !regexp.MustCompile(`(?m)^\s+` + kind + `\s+0\s+0\s+[1-9]\d*\s+0$`).MatchString(again) {
			t.Errorf("the second import made or changed %s:\n%s", kind, again)
		}
	}
	if after := rowCounts(t, filepath.Join(dir, "dateline.db")); !reflect.DeepEqual(before, after) {
		t.Errorf("the second import changed the row counts: %v, then %v", before, after)
	}
}

// checkComments checks that the page shows the item's approved comments,
// each under the one it answers, and none of the others.
func checkComments(t *testing.T, doc *html.Node, it wxrItem) {
	t.Helper()
	text := map[int64]string{}
	var want []string
	for _, c := range it.Comments {
		if c.Approved == "1" {
			text[c.ID] = shown(t, c.Content)
			want = append(want, text[c.ID])
		}
	}
	byText := map[string]*html.Node{}
	var got []string
	for _, li := range elementsWhere(doc, func(n *html.Node) bool { return n.Data == "li" && hasClass(n, "comment") }) {
		s := linkAddress.ReplaceAllString(ownComment(li), "")
		byText[s] = li
		got = append(got, s)
	}
	slices.Sort(want)
	slices.Sort(got)
	if !slices.Equal(got, want) {
		t.Errorf("comments shown %q, want the approved %q", got, want)
	}
	for _, c := range it.Comments {
		li := byText[text[c.ID]]
		if c.Approved != "1" || li == nil {
			continue
		}
		parent := ""
		if p := parentComment(li); p != nil {
			parent = linkAddress.ReplaceAllString(ownComment(p), "")
		}
		if parent != text[c.Parent] {
			t.Errorf("comment %d is under %q, want under comment %d %q", c.ID, parent, c.Parent, text[c.Parent])
		}
	}
	page := textOf(doc)
	for _, c := range it.Comments {
		if c.Approved != "1" && strings.Contains(page, shown(t, c.Content)) {
			t.Errorf("comment %d (%s) is shown", c.ID, c.Approved)
		}
	}
	if strings.Contains(page, "cheap pills") {
		t.Error("the spam comment is shown")
	}
}

// sameURL reports whether two addresses name the same path, whatever the
// case of their percent-encoding.
func sameURL(t *testing.T, a, b string) bool {
	t.Helper()
	ua, err := url.Parse(a)
	noError(t, err)
	ub, err := url.Parse(b)
	noError(t, err)
	return ua.Path == ub.Path && ua.RawQuery == ub.RawQuery
}
