package e2e

import (
	"fmt"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// scheduleLead is how far ahead the editor schedules the article: long
// enough for the form to be sent, short enough to wait for. The server's
// scheduler sleeps until the article's time, so the article is live
// within a second of it.
const scheduleLead = 20 * time.Second

// TestScheduledOnAPhone is issue 3's "done when", on a 360-pixel screen: an
// author writes an article with a photo and sends it for review, an editor
// schedules it, and it goes live at its time.
func TestScheduledOnAPhone(t *testing.T) {
	e := setup(t)
	author := e.addMember(t, "author")
	editor := e.addMember(t, "editor")
	word := fmt.Sprintf("wombatferry%d", time.Now().UnixNano()%1e6)
	title := "Ferry pier at Tha Tien reopens after the " + word + " repairs"
	const alt = "Passengers boarding a river ferry at dawn"
	phone := func(t *testing.T) *tab {
		tb := e.newTab(t)
		tb.viewport(360, 740, true)
		return tb
	}
	noSidewaysScroll := func(t *testing.T, tb *tab, what string) {
		t.Helper()
		tb.settle()
		if r := evaluate[overflowReport](tb, overflow); r.ScrollWidth > r.InnerWidth {
			t.Errorf("%s is %d px wide in a %d px window; too wide: %v", what, r.ScrollWidth, r.InnerWidth, r.Culprits)
		}
	}

	writer := phone(t)
	writer.signIn(author)
	writer.open("/admin/articles/new", 200)
	noSidewaysScroll(t, writer, "the editor")
	writer.do(
		chromedp.SendKeys(writer.field(`^Headline`), title),
		chromedp.SendKeys(writer.field(`^Standfirst`), "Commuters return to the Chao Phraya crossing."),
		chromedp.SendKeys(writer.field(`^Dateline`), "BANGKOK"),
		chromedp.SendKeys(writer.field(`^Story`), "The pier reopened on Monday after the "+word+" repairs.\n\nBoats run every ten minutes."),
		chromedp.SetValue(writer.field(`^Section`), evaluate[string](writer, `[...document.querySelectorAll('select#category option')].find(o => o.textContent.trim() === 'Thailand')?.value ?? ''`)),
		chromedp.SetUploadFiles(writer.field(`^Picture file`), []string{writePhoto(t)}),
		chromedp.SendKeys(writer.field(`^Alt text`), alt),
	)
	writer.follow("submit for review", chromedp.Click(chromedp.CSS(`button[name=step][value=submit]`), chromedp.NodeVisible))
	if status := evaluate[string](writer, `document.querySelector('#status')?.textContent.trim() ?? ''`); status != "Waiting for review" {
		problems := evaluate[string](writer, `document.querySelector('.error-summary, .problem')?.innerText ?? ''`)
		t.Fatalf("after submitting, the status is %q (%s), want Waiting for review", status, problems)
	}

	desk := phone(t)
	desk.signIn(editor)
	desk.open("/admin/", 200)
	noSidewaysScroll(t, desk, "the dashboard")
	link := evaluate[string](desk, fmt.Sprintf(`[...document.querySelectorAll('.dash-list a')].find(a => a.textContent.trim() === %q)?.getAttribute('href') ?? ''`, title))
	if link == "" {
		t.Fatalf("the editor's dashboard does not list %q as waiting for review", title)
	}
	desk.open(link, 200)
	noSidewaysScroll(t, desk, "the article under review")
	zone, err := time.LoadLocation("Asia/Bangkok") // the demo's time zone
	if err != nil {
		t.Fatal(err)
	}
	at := time.Now().Add(scheduleLead).Truncate(time.Second)
	desk.do(chromedp.SetValue(desk.field(`^Publish on`), at.In(zone).Format("2006-01-02T15:04:05")))
	desk.follow("schedule", chromedp.Click(chromedp.CSS(`button[name=step][value=schedule]`), chromedp.NodeVisible))
	if status := evaluate[string](desk, `document.querySelector('#status')?.textContent.trim() ?? ''`); status != "Scheduled" {
		problems := evaluate[string](desk, `document.querySelector('.error-summary, .problem')?.innerText ?? ''`)
		t.Fatalf("after scheduling, the status is %q (%s), want Scheduled", status, problems)
	}
	edit, err := url.Parse(desk.location())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { // keep the demo's front page as the other tests expect it
		desk.open(edit.Path, 200)
		evaluate[bool](desk, `(window.confirm = () => true, true)`)
		desk.follow("move the article to the trash", chromedp.Click(chromedp.CSS(`button[name=step][value=trash]`), chromedp.NodeVisible))
	})

	onHome := func() bool {
		home, err := get(t.Context(), e.url("/"))
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(string(home), word)
	}
	if onHome() && time.Now().Before(at) {
		t.Fatal("the article is on the home page before its time")
	}
	deadline := at.Add(time.Second) // scheduling to the second
	for !onHome() {
		if time.Now().After(deadline) {
			t.Fatalf("the article scheduled for %s is not on the home page at %s", at.Format(time.TimeOnly), time.Now().Format(time.StampMilli))
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("scheduled for %s, live by %s", at.Format(time.TimeOnly), time.Now().Format(time.StampMilli))

	reader := phone(t)
	reader.open("/search?q="+url.QueryEscape(word), 200)
	reader.follow("open the result", chromedp.Click(chromedp.CSS(".search-result .card-title a"), chromedp.NodeVisible))
	noSidewaysScroll(t, reader, "the article")
	a := evaluate[articlePage](reader, readArticle)
	if a.H1 != title || !strings.HasPrefix(a.Dateline, "BANGKOK, ") {
		t.Errorf("the live article has h1 %q and dateline %q", a.H1, a.Dateline)
	}
	if got := evaluate[string](reader, `document.querySelector('.story-image img')?.alt ?? ''`); got != alt {
		t.Errorf("the live article's photo alt is %q, want %q", got, alt)
	}
}
