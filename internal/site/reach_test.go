package site_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"
)

func TestSearchFindsRanksAndHighlights(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, "/search?q=kremlin")
	results := all(doc, "li.search-result")
	if len(results) != 1 || text(first(results[0], "h2")) != "Kremlin signals new talks" {
		t.Fatalf("results = %v", texts(results))
	}
	if got := text(first(results[0], "mark")); !strings.EqualFold(got, "kremlin") {
		t.Errorf("highlighted = %q", got)
	}
	if got := attr(first(doc, "#search-q"), "value"); got != "kremlin" {
		t.Errorf("search box keeps %q", got)
	}
	doc = n.page(t, "/search?q=story&category=world")
	for _, r := range all(doc, "li.search-result") {
		if text(first(r, ".kicker")) != "World" {
			t.Errorf("section filter let through %q", text(r))
		}
	}
	doc = n.page(t, "/search?q=zeppelin")
	if !strings.Contains(text(first(doc, ".empty")), "Nothing matched") {
		t.Error("no-result message missing")
	}
	doc = n.page(t, "/search?q=%E0%B8%81%E0%B8%A3%E0%B8%B8%E0%B8%87%E0%B9%80%E0%B8%97%E0%B8%9E") // กรุงเทพ
	if got := texts(all(doc, "li.search-result")); len(got) != 1 || !strings.Contains(got[0], "น้ำท่วมกรุงเทพฯ ฝนตกหนัก") {
		t.Errorf("Thai search = %v", got)
	}
}

func TestSearchRefusesBadInputClearly(t *testing.T) {
	n := newNewsroom(t)
	cases := []struct {
		name, path, message string
	}{
		{"a start date that is not a date", "/search?q=x&from=yesterday", "Please give the start date as YYYY-MM-DD."},
		{"an end date that is not a date", "/search?q=x&to=2025-13-45", "Please give the end date as YYYY-MM-DD."},
		{"an unknown section", "/search?q=x&category=nope", "There is no such section."},
		{"a page that does not exist", "/search?q=x&page=0", "That page of results does not exist."},
		{"an overlong query", "/search?q=" + strings.Repeat("ab", 150), "Please search for at most 200 characters."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := n.get(t, tc.path)
			if rec.Code != http.StatusBadRequest {
				t.Fatalf("status %d, want 400", rec.Code)
			}
			if got := text(first(parse(t, rec.Body.String()), ".form-errors")); got != tc.message {
				t.Errorf("message %q, want %q", got, tc.message)
			}
		})
	}
	for _, q := range []string{`"`, `AND(`, `*`, `NEAR(`, "\x00", `'; DROP TABLE articles; --`} {
		if rec := n.get(t, "/search?q="+url.QueryEscape(q)); rec.Code != http.StatusOK {
			t.Errorf("search %q = %d", q, rec.Code)
		}
	}
}

func TestWordPressSearchAddressRedirects(t *testing.T) {
	n := newNewsroom(t)
	rec := n.get(t, "/?s=rice+prices")
	if rec.Code != http.StatusMovedPermanently || rec.Header().Get("Location") != "/search?q=rice+prices" {
		t.Errorf("GET /?s= = %d %s", rec.Code, rec.Header().Get("Location"))
	}
}

func TestSuggestionsAnswerAsYouType(t *testing.T) {
	n := newNewsroom(t)
	rec := n.get(t, "/search/suggest?q=krem")
	var got []struct{ Title, URL string }
	if err := json.Unmarshal(rec.Body.Bytes(), &got); err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || got[0].Title != "Kremlin signals new talks" || got[0].URL != "/2025/07/14/kremlin-signals-new-talks/" {
		t.Errorf("suggestions = %+v", got)
	}
	rec = n.get(t, "/search/suggest?q=k")
	if strings.TrimSpace(rec.Body.String()) != "[]" {
		t.Errorf("one letter should suggest nothing: %s", rec.Body.String())
	}
}

// jsonLD returns the page's JSON-LD blocks by @type.
func jsonLD(t *testing.T, doc *html.Node) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for _, s := range all(doc, "script") {
		if attr(s, "type") != "application/ld+json" {
			continue
		}
		var v map[string]any
		if err := json.Unmarshal([]byte(s.FirstChild.Data), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v\n%s", err, s.FirstChild.Data)
		}
		out[v["@type"].(string)] = v
	}
	return out
}

func meta(doc *html.Node, property string) []string {
	var out []string
	for _, m := range all(doc, "meta") {
		if attr(m, "property") == property || attr(m, "name") == property {
			out = append(out, attr(m, "content"))
		}
	}
	return out
}

func TestArticleMetadataForSearchAndSocial(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, "/2025/07/14/kremlin-signals-new-talks/")
	canonical := "https://news.example/2025/07/14/kremlin-signals-new-talks/"
	if attr(first(doc, "[rel=canonical]"), "href") != canonical {
		t.Errorf("canonical = %q", attr(first(doc, "[rel=canonical]"), "href"))
	}
	wantMeta := map[string]string{
		"description":            "Officials hinted at a new round of negotiations.",
		"robots":                 "max-image-preview:large",
		"og:type":                "article",
		"og:url":                 canonical,
		"og:image":               "https://news.example/media/demo/kremlin.jpg",
		"og:image:width":         "1600",
		"og:image:height":        "900",
		"twitter:card":           "summary_large_image",
		"article:published_time": "2025-07-13T18:30:00Z",
		"article:modified_time":  "2025-07-13T21:30:00Z",
		"article:section":        "World",
	}
	for prop, want := range wantMeta {
		if got := meta(doc, prop); len(got) != 1 || got[0] != want {
			t.Errorf("%s = %v, want %q", prop, got, want)
		}
	}
	if got := meta(doc, "article:tag"); strings.Join(got, ",") != "Diplomacy,Russia" {
		t.Errorf("article:tag = %v", got)
	}
	ld := jsonLD(t, doc)
	news := ld["NewsArticle"]
	if news == nil {
		t.Fatal("no NewsArticle")
	}
	checks := map[string]any{
		"headline":       "Kremlin signals new talks",
		"datePublished":  "2025-07-13T18:30:00Z",
		"dateModified":   "2025-07-13T21:30:00Z",
		"articleSection": "World",
		"keywords":       "Diplomacy, Russia",
	}
	for k, want := range checks {
		if news[k] != want {
			t.Errorf("NewsArticle.%s = %v, want %v", k, news[k], want)
		}
	}
	author := news["author"].([]any)[0].(map[string]any)
	if author["name"] != "Ana Reyes" || author["url"] != "https://news.example/author/ana-reyes/" {
		t.Errorf("author = %v", author)
	}
	publisher := news["publisher"].(map[string]any)
	if publisher["name"] != "The Test Dateline" || publisher["logo"].(map[string]any)["url"] != "https://news.example/static/logo.png" {
		t.Errorf("publisher = %v", publisher)
	}
	if news["mainEntityOfPage"].(map[string]any)["@id"] != canonical {
		t.Errorf("mainEntityOfPage = %v", news["mainEntityOfPage"])
	}
	if news["locationCreated"].(map[string]any)["name"] != "Moscow" {
		t.Errorf("locationCreated = %v", news["locationCreated"])
	}
	if img := news["image"].([]any)[0].(map[string]any); img["url"] != "https://news.example/media/demo/kremlin-16x9.jpg" || img["width"] != 1200.0 {
		t.Errorf("image = %v", img)
	}
	crumbs := ld["BreadcrumbList"]["itemListElement"].([]any)
	if len(crumbs) != 3 || crumbs[1].(map[string]any)["name"] != "World" {
		t.Errorf("breadcrumbs = %v", crumbs)
	}
	feeds := all(doc, "[rel=alternate]")
	if len(feeds) < 3 || attr(feeds[0], "href") != "/feed/" {
		t.Errorf("feed autodiscovery links = %d", len(feeds))
	}
}

func TestHomeDescribesTheSiteAndItsSearch(t *testing.T) {
	n := newNewsroom(t)
	ld := jsonLD(t, n.page(t, "/"))
	site := ld["WebSite"]
	action := site["potentialAction"].(map[string]any)
	if action["@type"] != "SearchAction" || action["target"] != "https://news.example/search?q={search_term_string}" {
		t.Errorf("SearchAction = %v", action)
	}
	if ld["Organization"]["name"] != "The Test Dateline" {
		t.Errorf("Organization = %v", ld["Organization"])
	}
}

func TestHostileTextStaysInertInJSONLD(t *testing.T) {
	n := newNewsroom(t)
	rec := n.get(t, n.hostile.Path(mustZone(t)))
	body := rec.Body.String()
	if strings.Contains(body, `</script><script>`) || strings.Contains(body, `"headline":"<script>`) {
		t.Error("a headline broke out of the JSON-LD block")
	}
	ld := jsonLD(t, parse(t, body))
	if ld["NewsArticle"]["headline"] != n.hostile.Title {
		t.Errorf("headline = %v", ld["NewsArticle"]["headline"])
	}
}
