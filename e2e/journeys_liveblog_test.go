package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestLiveBlogOnAPhone is issue 17's "done when" for live blogs: an
// author starts a live blog (through the API, as a desk tool would) and
// posts an entry from the newsroom's one-field form on a phone; a reader
// with the live blog open on another phone sees the entry arrive without
// reloading the page, within seconds.
func TestLiveBlogOnAPhone(t *testing.T) {
	e := setup(t)
	author := e.addMember(t, "author")
	token := e.token(t, author)
	title := fmt.Sprintf("Flood watch %d: live", time.Now().UnixNano()%1e6)
	body, _ := json.Marshal(map[string]any{"title": title, "body": "The river is rising in the delta.",
		"kind": "liveblog", "status": "published"})
	req, _ := http.NewRequestWithContext(t.Context(), "POST", e.url("/api/v1/articles"), bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	var blog struct {
		ID  int64  `json:"id"`
		URL string `json:"url"`
	}
	err = json.NewDecoder(res.Body).Decode(&blog)
	res.Body.Close()
	if err != nil || res.StatusCode != http.StatusCreated {
		t.Fatalf("starting the live blog: %d %v", res.StatusCode, err)
	}
	// Afterwards the live blog goes to the trash: as the newest story it
	// would lead the demo's front page, which the other tests read.
	editorToken := e.token(t, e.addMember(t, "editor"))
	t.Cleanup(func() {
		req, _ := http.NewRequestWithContext(context.Background(), "DELETE", e.url(fmt.Sprintf("/api/v1/articles/%d", blog.ID)), nil)
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
	u, err := url.Parse(blog.URL)
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

	writer := e.newTab(t)
	writer.viewport(390, 844, true)
	writer.signIn(author)
	writer.open(fmt.Sprintf("/admin/articles/%d/live", blog.ID), 200)
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
