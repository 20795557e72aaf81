package e2e

// The pages of issue 17 beside the demo's own: a live blog, a breaking
// alert, a labelled and corrected story, the corrections page and a
// withdrawn story. Each test that needs them makes them through the API
// and takes them away again afterwards, so the demo is as the other
// tests expect it (no alert in the header, the same lead, no correction).

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// newsroomStories are the stories and the alert made for one test.
type newsroomStories struct {
	live, opinion, withdrawn string // public paths
	opinionTitle, correction string
	alert                    string // the alert's line
	// The numbers of the live blog, its first entry, the opinion piece
	// and the withdrawn story, for the newsroom's pages of them.
	liveID, entryID, opinionID, withdrawnID string
}

// apiCall sends a JSON request with the token and decodes the answer
// into out (when not nil); a status other than want fails the test.
func (e *env) apiCall(t *testing.T, token, method, path string, in any, want int, out any) {
	t.Helper()
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			t.Fatal(err)
		}
		body = bytes.NewReader(b)
	}
	// A cleanup runs after the test's context has ended.
	req, err := http.NewRequestWithContext(context.Background(), method, e.url(path), body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if res.StatusCode != want {
		t.Fatalf("%s %s: %d %s, want %d", method, path, res.StatusCode, abbreviate(string(b), 300), want)
	}
	if out != nil {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("%s %s: %v", method, path, err)
		}
	}
}

// newsroomStories publishes, through the API as an editor: a live blog
// with a pinned entry, an opinion piece with a correction, a story
// withdrawn with a notice, and a breaking alert for an hour. All of it
// goes when the test ends: the stories to the trash (which takes the
// correction off /corrections/), the alert down.
func (e *env) newsroomStories(t *testing.T) newsroomStories {
	t.Helper()
	token := e.token(t, e.addMember(t, "editor"))
	n := time.Now().UnixNano() % 1e6
	var s newsroomStories
	type made struct {
		ID  int64  `json:"id"`
		URL string `json:"url"`
	}
	publish := func(fields map[string]any) (id, path string) {
		t.Helper()
		fields["status"] = "published"
		var a made
		e.apiCall(t, token, "POST", "/api/v1/articles", fields, http.StatusCreated, &a)
		t.Cleanup(func() {
			e.apiCall(t, token, "DELETE", fmt.Sprintf("/api/v1/articles/%d", a.ID), nil, http.StatusOK, nil)
		})
		u, err := url.Parse(a.URL)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprint(a.ID), u.Path
	}

	live, livePath := publish(map[string]any{"title": fmt.Sprintf("Delta floods %d: live", n), "kind": "liveblog",
		"body": "Water is rising across the delta; follow the latest here.", "category": "thailand"})
	s.live, s.liveID = livePath, live
	for _, entry := range []map[string]any{
		{"body": "Boats are taking families from the lowest streets.", "headline": "Evacuations begin"},
		{"body": "Schools in three districts are closed **until Monday**.", "headline": "What we know", "pinned": true},
		{"body": "Sandbags are going up at the pier."},
	} {
		var posted made
		e.apiCall(t, token, "POST", "/api/v1/articles/"+live+"/entries", entry, http.StatusCreated, &posted)
		if s.entryID == "" {
			s.entryID = fmt.Sprint(posted.ID)
		}
	}

	s.opinionTitle = fmt.Sprintf("The delta needs a plan, not sandbags %d", n)
	opinion, opinionPath := publish(map[string]any{"title": s.opinionTitle, "label": "opinion", "category": "thailand",
		"body": "Every year the water comes, and every year the city is surprised. It should not be."})
	s.opinion, s.opinionID = opinionPath, opinion
	s.correction = "An earlier version said the dam opened in 2019; it opened in 2017."
	e.apiCall(t, token, "POST", "/api/v1/articles/"+opinion+"/corrections",
		map[string]any{"kind": "correction", "text": s.correction}, http.StatusCreated, nil)

	gone, gonePath := publish(map[string]any{"title": fmt.Sprintf("Dam report %d", n), "category": "thailand",
		"body": "A report that the newsroom will withdraw."})
	s.withdrawn, s.withdrawnID = gonePath, gone
	e.apiCall(t, token, "POST", "/api/v1/articles/"+gone+"/withdraw",
		map[string]any{"notice": "This story has been withdrawn: its source could not be confirmed."}, http.StatusOK, nil)

	s.alert = fmt.Sprintf("Dam gates open upstream %d", n)
	var alert made
	e.apiCall(t, token, "POST", "/api/v1/alerts", map[string]any{"text": s.alert, "url": s.live,
		"expires_at": time.Now().Add(time.Hour).Format(time.RFC3339)}, http.StatusCreated, &alert)
	t.Cleanup(func() {
		e.apiCall(t, token, "DELETE", fmt.Sprintf("/api/v1/alerts/%d", alert.ID), nil, http.StatusNoContent, nil)
	})
	return s
}

// pages are the pages the audits look at: every one shows the alert.
func (s newsroomStories) pages() []page {
	return []page{
		{"liveblog", s.live, http.StatusOK},
		{"alert", "/", http.StatusOK},
		{"opinion-corrected", s.opinion, http.StatusOK},
		{"corrections", "/corrections/", http.StatusOK},
		{"withdrawn", s.withdrawn, http.StatusGone},
	}
}

// TestReaderSeesLabelsCorrectionsAndAlerts reads issue 17's trust signals
// as a reader on a phone sees them: the breaking alert at the top of the
// header in a labelled region, still for a reader who prefers less motion
// and pulsing otherwise; the opinion label above the headline; the
// correction in a box on the story, before its text; the corrections page
// listing it with a link to the story; a withdrawn story answering 410
// with its notice and without its text.
func TestReaderSeesLabelsCorrectionsAndAlerts(t *testing.T) {
	e := setup(t)
	s := e.newsroomStories(t)
	tb := e.newTab(t)
	tb.viewport(390, 844, true)

	t.Run("the alert is a labelled region at the top of the header, still for readers who prefer less motion", func(t *testing.T) {
		tb := tb.as(t)
		tb.do(motion("no-preference"))
		tb.open("/", http.StatusOK)
		type alertBox struct {
			Tag, Label, Text, Href string
			First                  bool
			Animation              string
		}
		read := `(() => {
			const r = document.querySelector('.alerts');
			if (!r) return null;
			const a = r.querySelector('.alert a');
			return {Tag: r.tagName, Label: r.getAttribute('aria-label') ?? '', Text: r.innerText,
				Href: a ? new URL(a.href).pathname : '', First: r.parentElement.matches('header') && r === r.parentElement.firstElementChild,
				Animation: getComputedStyle(r.querySelector('.alert-label')).animationName};
		})()`
		got := evaluate[*alertBox](tb, read)
		if got == nil {
			t.Fatal("the home page shows no alert")
		}
		if got.Tag != "SECTION" || got.Label == "" || !got.First {
			t.Errorf("the alert is a %s labelled %q, first in the header %v: want a labelled region opening it", got.Tag, got.Label, got.First)
		}
		if !strings.Contains(got.Text, s.alert) || got.Href != s.live {
			t.Errorf("the alert reads %q and leads to %q, want %q to %s", got.Text, got.Href, s.alert, s.live)
		}
		if got.Animation == "none" {
			t.Error("the alert's label does not pulse for a reader who does not mind motion: the check below would prove nothing")
		}
		tb.do(motion("reduce"))
		tb.open(s.opinion, http.StatusOK)
		if got := evaluate[*alertBox](tb, read); got == nil || got.Animation != "none" {
			t.Errorf("for a reader who prefers less motion the alert on an article animates (%v)", got)
		}
		if a := evaluate[string](tb, `getComputedStyle(document.querySelector('.alert-label')).animationName`); a != "none" {
			t.Errorf("alert animation %q with reduced motion", a)
		}
	})

	t.Run("the opinion label stands above the headline and the correction in a box before the story", func(t *testing.T) {
		tb := tb.as(t)
		tb.open(s.opinion, http.StatusOK)
		type story struct {
			Label, Correction       string
			LabelBottom, TitleTop   float64
			BoxBottom, BodyTop      float64
			BoxBorder, PolicyLink   string
			LabelBeforeTitleInOrder bool
		}
		got := evaluate[story](tb, `(() => {
			const label = document.querySelector('.story-header .label');
			const title = document.querySelector('h1');
			const box = document.querySelector('aside.corrections');
			const body = document.querySelector('.story-body');
			return {Label: label.innerText.trim(), Correction: box ? box.innerText : '',
				LabelBottom: label.getBoundingClientRect().bottom, TitleTop: title.getBoundingClientRect().top,
				BoxBottom: box ? box.getBoundingClientRect().bottom : 1e9, BodyTop: body.getBoundingClientRect().top,
				BoxBorder: box ? getComputedStyle(box).borderTopStyle + getComputedStyle(box).borderLeftStyle : '',
				PolicyLink: box?.querySelector('a')?.getAttribute('href') ?? '',
				LabelBeforeTitleInOrder: !!(label.compareDocumentPosition(title) & Node.DOCUMENT_POSITION_FOLLOWING)};
		})()`)
		if !strings.EqualFold(got.Label, "opinion") || got.LabelBottom > got.TitleTop || !got.LabelBeforeTitleInOrder {
			t.Errorf("label %q ends at %.0f px, the headline starts at %.0f px: want Opinion above it", got.Label, got.LabelBottom, got.TitleTop)
		}
		if !strings.Contains(got.Correction, s.correction) || !strings.Contains(got.Correction, "Correction") {
			t.Errorf("the correction box reads %q, want the correction", got.Correction)
		}
		if got.BoxBottom > got.BodyTop {
			t.Errorf("the correction box ends at %.0f px, below the start of the story (%.0f px)", got.BoxBottom, got.BodyTop)
		}
		if got.BoxBorder == "nonenone" || got.PolicyLink != "/corrections/" {
			t.Errorf("the correction box has borders %q and links to %q: want a box linking to /corrections/", got.BoxBorder, got.PolicyLink)
		}
		if r := evaluate[overflowReport](tb, overflow); r.ScrollWidth > r.InnerWidth {
			t.Errorf("the corrected story is %d px wide on a %d px phone: %v", r.ScrollWidth, r.InnerWidth, r.Culprits)
		}
	})

	t.Run("the corrections page lists the correction with a link to its story", func(t *testing.T) {
		tb := tb.as(t)
		tb.open("/corrections/", http.StatusOK)
		text := evaluate[string](tb, `document.querySelector('main').innerText`)
		if !strings.Contains(text, s.correction) || !strings.Contains(text, s.opinionTitle) {
			t.Fatalf("/corrections/ reads %q, want the correction and its story", abbreviate(text, 400))
		}
		tb.follow("open the corrected story", chromedp.Click(chromedp.CSS(fmt.Sprintf(`main a[href^=%q]`, s.opinion)), chromedp.NodeVisible))
		if u, _ := url.Parse(tb.location()); u == nil || u.Path != s.opinion {
			t.Errorf("the link led to %s, want %s", tb.location(), s.opinion)
		}
	})

	t.Run("a withdrawn story answers 410 with its notice and without its text", func(t *testing.T) {
		tb := tb.as(t)
		tb.allowConsole("status of 410")
		tb.open(s.withdrawn, http.StatusGone)
		text := evaluate[string](tb, `document.querySelector('main').innerText`)
		if !strings.Contains(text, "its source could not be confirmed") || strings.Contains(text, "A report that the newsroom will withdraw") {
			t.Errorf("the withdrawn story's page reads %q", abbreviate(text, 400))
		}
	})
}
