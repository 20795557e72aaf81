package site_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/mmcdole/gofeed"

	"dateline/internal/content"
)

func TestCorrectionsShowOnTheArticleInItsDataAndOnTheCorrectionsPage(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	add := func(a content.Article, kind content.CorrectionKind, text string, at time.Time) {
		t.Helper()
		must(t, n.st.AddCorrection(ctx, &content.Correction{ArticleID: a.ID, Kind: kind, Text: text, CreatedAt: at}))
	}
	earlier, later := now.Add(-2*time.Hour), now.Add(-time.Hour)
	add(n.kremlin, content.KindCorrection, "The talks are in Geneva, not Vienna.", earlier)
	add(n.kremlin, content.KindUpdate, "The Kremlin confirmed the date.", later)
	add(n.draft, content.KindCorrection, "A draft's note readers must not see.", later)
	zone := mustZone(t)

	doc := n.page(t, n.kremlin.Path(zone))
	aside := first(doc, "#corrections")
	if aside == nil {
		t.Fatal("the article shows no corrections")
	}
	if position(doc, aside) > position(doc, first(doc, ".story-body")) {
		t.Error("the corrections come after the story; they belong above it")
	}
	items := texts(all(aside, "li"))
	if len(items) != 2 || !strings.HasPrefix(items[0], "Correction") || !strings.HasSuffix(items[0], "The talks are in Geneva, not Vienna.") ||
		!strings.HasPrefix(items[1], "Update") {
		t.Errorf("the corrections read %q", items)
	}
	news := jsonLD(t, doc)["NewsArticle"]
	list, _ := news["correction"].([]any)
	if len(list) != 2 {
		t.Fatalf("NewsArticle.correction = %v, want two", news["correction"])
	}
	c := list[0].(map[string]any)
	if c["@type"] != "CorrectionComment" || c["text"] != "Correction: The talks are in Geneva, not Vienna." ||
		c["datePublished"] != earlier.Format(time.RFC3339) {
		t.Errorf("the first correction in JSON-LD = %v", c)
	}
	if news["dateModified"] != later.Format(time.RFC3339) {
		t.Errorf("dateModified = %v, want the last correction's time %s", news["dateModified"], later.Format(time.RFC3339))
	}

	doc = n.page(t, "/corrections/")
	listed := all(doc, ".correction-list li")
	if len(listed) != 2 || !strings.Contains(text(listed[0]), "The Kremlin confirmed the date.") ||
		attr(first(listed[0], ".correction-article a"), "href") != n.kremlin.Path(zone)+"#corrections" {
		t.Errorf("/corrections/ lists %q", texts(listed))
	}
	if strings.Contains(text(doc), "readers must not see") {
		t.Error("/corrections/ shows a draft's correction")
	}
	if rec := n.get(t, "/corrections/page/2/"); rec.Code != http.StatusNotFound {
		t.Errorf("an empty second page = %d, want 404", rec.Code)
	}

	f, err := gofeed.NewParser().ParseString(n.get(t, "/corrections/feed/").Body.String())
	must(t, err)
	if len(f.Items) != 2 || f.Items[0].Title != "Update: Kremlin signals new talks" ||
		f.Items[0].Link != "https://news.example"+n.kremlin.Path(zone)+"#corrections" {
		t.Errorf("the corrections feed has %d items, the first %+v", len(f.Items), f.Items)
	}
	site, err := gofeed.NewParser().ParseString(n.get(t, "/feed/").Body.String())
	must(t, err)
	for _, it := range site.Items {
		if it.Title == "Kremlin signals new talks" && !strings.Contains(it.Content+it.Description, "The talks are in Geneva, not Vienna.") {
			t.Errorf("the article's feed item does not carry its correction: %q", it.Content)
		}
	}
}
