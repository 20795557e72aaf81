package site_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/content"
	"dateline/internal/web/webtest"
)

// The payloads, the detector and the feed readers' parsing are shared with
// the newsroom's tests and the security suite (cmd/dateline).
func xssCorpus(t *testing.T) []string { return webtest.XSSCorpus(t, "../comments/testdata/xss.txt") }

var hazards = webtest.Hazards

func fragment(t *testing.T, h string) *html.Node { return webtest.Fragment(t, h) }

// rawText is the text of n as a reader sees it, white space folded.
func rawText(n *html.Node) string {
	var b strings.Builder
	walk(n, func(c *html.Node) bool {
		if c.Type == html.TextNode {
			b.WriteString(c.Data)
		}
		return true
	})
	return folded(b.String())
}

func folded(s string) string { return strings.Join(strings.Fields(s), " ") }

func sameHazards(t *testing.T, where string, got, want map[string]int) {
	t.Helper()
	if !maps.Equal(got, want) {
		t.Errorf("%s: the page has %v, want only its own %v", where, got, want)
	}
}

func TestXSSPayloadsInEveryCommentFieldComeOutEscaped(t *testing.T) {
	n := newNewsroom(t, withComments(t))
	baseline := hazards(n.page(t, kremlinPath))
	corpus := xssCorpus(t)
	addr := 0
	send := func(form map[string]string) (int, string, *html.Node) {
		t.Helper()
		addr++
		v := map[string][]string{"article_id": {fmt.Sprint(n.kremlin.ID)}}
		for k, s := range form {
			v[k] = []string{s}
		}
		rec := n.postFrom(t, fmt.Sprintf("10.9.%d.%d", addr/250, addr%250+1), "/comments/", v, nil)
		var doc *html.Node
		if rec.Code != http.StatusSeeOther {
			doc = parse(t, rec.Body.String())
		}
		return rec.Code, rec.Header().Get("Location"), doc
	}
	type posted struct {
		id              int64
		payload, field  string
		body, name, url string
	}
	var all []posted
	for i, p := range corpus {
		fields := []struct{ field, body, name, email, url string }{
			{"comment and name", p, p, fmt.Sprintf("reader%d@example.com", i), ""},
			{"website", fmt.Sprintf("Website test %d", i), fmt.Sprintf("Site %d", i), fmt.Sprintf("site%d@example.com", i), p},
			{"email", fmt.Sprintf("Email test %d", i), fmt.Sprintf("Mail %d", i), p, ""},
		}
		for _, f := range fields {
			where := fmt.Sprintf("payload %d %q in the %s", i+1, p, f.field)
			code, loc, doc := send(map[string]string{"comment": f.body, "author": f.name, "email": f.email, "url": f.url})
			switch code {
			case http.StatusSeeOther:
				m := commentAnchor.FindStringSubmatch(loc)
				if m == nil {
					t.Fatalf("%s: redirected to %q", where, loc)
				}
				var id int64
				fmt.Sscan(m[1], &id)
				// The writer's own view of the held comment is escaped too.
				if strings.Contains(loc, "unapproved=") {
					sameHazards(t, where+", as its writer sees it held", hazards(n.page(t, strings.Split(loc, "#")[0])), baseline)
				}
				c, err := n.st.CommentByID(t.Context(), id)
				must(t, err)
				if c.Status != content.CommentApproved {
					must(t, n.st.SetCommentStatus(t.Context(), id, content.CommentApproved))
				}
				all = append(all, posted{id: id, payload: p, field: f.field, body: c.Body, name: c.AuthorName, url: c.AuthorURL})
			case http.StatusUnprocessableEntity:
				// Refused: the form comes back with the reader's input, escaped.
				sameHazards(t, where+", shown again after a refusal", hazards(doc), baseline)
				for name, want := range map[string]string{"email": f.email, "url": f.url, "author": f.name} {
					if got := attr(first(doc, "#"+name), "value"); got != want {
						t.Errorf("%s: the %s field came back as %q, want %q", where, name, got, want)
					}
				}
				if got := rawText(first(doc, "#comment")); got != folded(f.body) {
					t.Errorf("%s: the comment box came back as %q", where, got)
				}
			default:
				t.Fatalf("%s: status %d", where, code)
			}
		}
		checkCommentFeeds(t, n, fmt.Sprintf("payload %d %q", i+1, p), p)
	}

	doc := n.page(t, kremlinPath)
	sameHazards(t, "the article page with every payload approved", hazards(doc), baseline)
	inURL := 0
	for _, c := range all {
		li := first(doc, fmt.Sprintf("#comment-%d", c.id))
		if li == nil {
			t.Errorf("comment %d (%s of %q) is not on the page", c.id, c.field, c.payload)
			continue
		}
		if got := rawText(first(li, ".comment-text")); got != folded(c.body) {
			t.Errorf("comment %d shows %q, want the text %q", c.id, got, folded(c.body))
		}
		if got := rawText(first(li, ".comment-author")); got != folded(c.name) {
			t.Errorf("comment %d is signed %q, want %q", c.id, got, folded(c.name))
		}
		if c.url != "" {
			inURL++
			// html/template percent-encodes what may not stand in a URL.
			href := attr(first(first(li, ".comment-author"), "a"), "href")
			if got, err := url.PathUnescape(href); err != nil || got != c.url {
				t.Errorf("comment %d links to %q, want %q", c.id, href, c.url)
			}
		}
	}
	t.Logf("%d payloads: %d comments published (%d with the payload as a website), the rest refused and shown again", len(corpus), len(all), inURL)
}

// checkCommentFeeds reads the newest comments in every comment feed and
// checks that their HTML holds no markup from the payload, only its text.
func checkCommentFeeds(t *testing.T, n *newsroom, where, payload string) {
	t.Helper()
	var htmls []string // HTML bodies of the feed items, unescaped from XML or JSON
	var people []string
	for _, path := range []string{"/comments/feed/", kremlinPath + "feed/"} {
		var rss struct {
			Items []struct {
				Title       string `xml:"title"`
				Description string `xml:"description"`
				Content     string `xml:"http://purl.org/rss/1.0/modules/content/ encoded"`
			} `xml:"channel>item"`
		}
		readXML(t, n, path, &rss)
		for _, it := range rss.Items {
			htmls = append(htmls, it.Description, it.Content)
		}
	}
	var atomFeed struct {
		Entries []struct {
			Content struct {
				Type string `xml:"type,attr"`
				Body string `xml:",chardata"`
			} `xml:"content"`
			URI string `xml:"author>uri"`
		} `xml:"entry"`
	}
	readXML(t, n, "/comments/feed/atom/", &atomFeed)
	for _, e := range atomFeed.Entries {
		if e.Content.Type != "html" {
			t.Errorf("%s: Atom content of type %q", where, e.Content.Type)
		}
		htmls = append(htmls, e.Content.Body)
		people = append(people, e.URI)
	}
	var jf struct {
		Items []struct {
			ContentHTML string `json:"content_html"`
			Authors     []struct {
				URL string `json:"url"`
			} `json:"authors"`
		} `json:"items"`
	}
	rec := n.get(t, "/comments/feed/json/")
	if rec.Code != http.StatusOK {
		t.Fatalf("JSON feed: %d", rec.Code)
	}
	must(t, json.Unmarshal(rec.Body.Bytes(), &jf))
	for _, it := range jf.Items {
		htmls = append(htmls, it.ContentHTML)
		for _, a := range it.Authors {
			people = append(people, a.URL)
		}
	}
	shown := false
	for _, h := range htmls {
		doc := fragment(t, h)
		if found := hazards(doc); len(found) > 0 {
			t.Errorf("%s: a feed item's HTML has %v:\n%s", where, found, h)
		}
		shown = shown || strings.Contains(rawText(doc), folded(payload))
	}
	if !shown {
		t.Errorf("%s: no feed shows the payload as text", where)
	}
	for _, u := range people {
		if u != "" && !strings.HasPrefix(u, "https://") && !strings.HasPrefix(u, "http://") {
			t.Errorf("%s: a feed links to the writer at %q", where, u)
		}
	}
}

func readXML(t *testing.T, n *newsroom, path string, into any) {
	t.Helper()
	rec := n.get(t, path)
	if rec.Code != http.StatusOK {
		t.Fatalf("GET %s: %d", path, rec.Code)
	}
	if err := xml.Unmarshal(rec.Body.Bytes(), into); err != nil {
		t.Fatalf("GET %s: not XML: %v", path, err)
	}
}

// The detector above must see what it looks for, or the test proves nothing.
func TestTheHazardDetectorSeesUnescapedPayloads(t *testing.T) {
	for _, p := range []string{
		`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `<svg onload=alert(1)>`,
		`<a href=" JaVa&#x09;script:alert(1)">x</a>`, `<div style="width:expression(alert(1))">x</div>`,
		`<iframe srcdoc="&lt;script&gt;">`, `<svg><a xlink:href="javascript:alert(1)">x</a></svg>`,
		`<input autofocus onfocus=alert(1)>`, `<x onclick=alert(1)>click`,
	} {
		raw := hazards(fragment(t, "<p>"+p+"</p>"))
		escaped := hazards(fragment(t, "<p>"+html.EscapeString(p)+"</p>"))
		if len(raw) == 0 || len(escaped) != 0 {
			t.Errorf("%q: raw %v, escaped %v", p, raw, escaped)
		}
	}
}
