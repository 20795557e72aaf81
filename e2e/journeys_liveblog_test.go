package e2e

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLiveBlogOnAPhone is issue 17's "done when" for live blogs: an
// author on a phone starts a live blog from the newsroom's new-article
// form (kind "Live blog", published at once) and posts an entry from the
// desk's one field; a reader with the live blog open on another phone
// sees the entry arrive without reloading the page, within seconds.
func TestLiveBlogOnAPhone(t *testing.T) {
	e := setup(t)
	author := e.addMember(t, "author")
	title := fmt.Sprintf("Flood watch %d: live", time.Now().UnixNano()%1e6)

	writer := e.newTab(t)
	writer.viewport(390, 844, true)
	writer.signIn(author)
	writer.open("/admin/articles/new", 200)
	writer.do(
		chromedp.SendKeys(writer.field(`^Headline`), title),
		chromedp.SendKeys(writer.field(`^Story`), "The river is rising in the delta."),
		chromedp.SetValue(writer.field(`^Kind`), "liveblog"),
	)
	evaluate[bool](writer, `(window.confirm = () => true, true)`) // "Publish this article now?" — yes
	writer.follow("publish the live blog", chromedp.Click(chromedp.CSS(`button[name=step][value=publish]`), chromedp.NodeVisible))
	desk, err := url.Parse(writer.location())
	if err != nil {
		t.Fatal(err)
	}
	var id int64
	if _, err := fmt.Sscanf(desk.Path, "/admin/articles/%d/live", &id); err != nil {
		t.Fatalf("publishing a live blog landed on %s, want its desk", desk)
	}
	// Afterwards the live blog goes to the trash: as the newest story it
	// would lead the demo's front page, which the other tests read.
	editorToken := e.token(t, e.addMember(t, "editor"))
	t.Cleanup(func() {
		req, _ := http.NewRequestWithContext(context.Background(), "DELETE", e.url(fmt.Sprintf("/api/v1/articles/%d", id)), nil)
		req.Header.Set("Authorization", "Bearer "+editorToken)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Errorf("moving the live blog to the trash: %v", err)
			return
		}
		res.Body.Close()
		if res.StatusCode >= 300 {
			t.Errorf("moving the live blog to the trash: %s", res.Status)
		}
	})
	public := evaluate[string](writer, `[...document.querySelectorAll('main a')].find(a => a.textContent.trim() === 'View on the site')?.getAttribute('href') ?? ''`)
	if public == "" {
		t.Fatal("the desk of the published live blog does not link to it on the site")
	}
	u, err := url.Parse(public)
	if err != nil {
		t.Fatal(err)
	}

	reader := e.newTab(t)
	reader.viewport(390, 844, true)
	reader.open(u.Path, 200)
	if badge := evaluate[string](reader, `document.querySelector('.live-badge')?.textContent.trim() ?? ''`); badge != "Live" {
		t.Fatalf("the live blog shows badge %q, want Live", badge)
	}
	// A mark that a reload would lose.
	evaluate[bool](reader, `(window.__stillHere = true)`)

	const text = "Sandbags are going up at the pier."
	writer.do(chromedp.SendKeys(writer.field(`^New entry`), text))
	writer.follow("post the entry", chromedp.Click(chromedp.CSS(`#post-entry button[type=submit]`), chromedp.NodeVisible))
	if notice := evaluate[string](writer, `document.body.innerText`); !bytes.Contains([]byte(notice), []byte("The entry is posted")) {
		t.Fatalf("after posting, the desk says: %s", abbreviate(notice, 300))
	}

	reader.waitFor("the new entry on the reader's page", fmt.Sprintf(
		`[...document.querySelectorAll('.live-entries .live-entry')].some(e => e.innerText.includes(%q))`, text), 30*time.Second)
	if !evaluate[bool](reader, `window.__stillHere === true`) {
		t.Error("the reader's page was reloaded to show the entry")
	}
	if got := evaluate[string](reader, `document.querySelector('.live-news')?.textContent ?? ''`); got != "1 new update" {
		t.Errorf("the page announces %q, want 1 new update", got)
	}
	if r := evaluate[overflowReport](reader, overflow); r.ScrollWidth > r.InnerWidth {
		t.Errorf("the live blog is %d px wide on a %d px phone: %v", r.ScrollWidth, r.InnerWidth, r.Culprits)
	}
}
