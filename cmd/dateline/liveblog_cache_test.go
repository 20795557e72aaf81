package main

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/content"
)

// TestAlertAppearsOnEveryCachedPageAndVanishesAtItsExpiry runs the whole
// program with the page cache on, its clock a controllable one, and the
// alerts' expiry announcer on that clock. An editor's alert, posted
// through the API, must show at once on every cached page with a header
// (each rendered again, the feed left alone); when the clock passes its
// expiry the announcer purges them, and every one of them is rendered
// again without it, with no stale copy served; the static mirror's copy
// of the front page, which a web server in front would send, goes at the
// same moment.
func TestAlertAppearsOnEveryCachedPageAndVanishesAtItsExpiry(t *testing.T) {
	start := time.Now().UTC().Truncate(time.Second)
	clk := clock.NewFake(start)
	mirror := t.TempDir()
	e := newEventsApp(t, func(c *Config) {
		c.CacheMB, c.CacheAge, c.MaxRenders = 32, time.Hour, 64
		c.Now, c.StaticDir = clk.Now, mirror
	})
	mirrored := func() string {
		b, err := os.ReadFile(filepath.Join(mirror, "index.html"))
		if errors.Is(err, fs.ErrNotExist) {
			return ""
		}
		noError(t, err)
		return string(b)
	}
	s := &scene{eventsApp: e, t: t}
	ctx, cancel := context.WithCancel(context.Background())
	x := *e.app.expiry
	x.Clock = clk
	done := make(chan struct{})
	go func() { defer close(done); x.Run(ctx) }()
	t.Cleanup(func() { cancel(); <-done })
	asleep := func() time.Time {
		t.Helper()
		wait, stop := context.WithTimeout(context.Background(), 5*time.Second)
		defer stop()
		at, err := clk.NextTimer(wait)
		if err != nil {
			t.Fatalf("the expiry announcer never slept: %v", err)
		}
		return at
	}
	asleep() // nothing to expire yet: its sweep

	pages := []string{"/", e.story.Path(e.zone), "/category/world/", "/tag/floods/", "/search?q=river"}
	warm := func() {
		t.Helper()
		for _, p := range append(pages, "/feed/") {
			s.get(p)
			if got := s.get(p).Header().Get("Cache-Status"); got != "dateline; hit" {
				t.Fatalf("%s: Cache-Status %q after warming, want a hit", p, got)
			}
		}
	}
	warm()
	ends := start.Add(10 * time.Minute)
	res := s.api("POST", "/api/v1/alerts", e.tokens[content.RoleEditor], map[string]any{
		"text": "Dam gates open at noon", "url": "https://news.example/dam/", "expires_at": ends.Format(time.RFC3339)})
	if res.Code != http.StatusCreated {
		t.Fatalf("posting the alert: %d\n%s", res.Code, res.Body)
	}
	for _, p := range pages {
		got := s.get(p)
		if status := got.Header().Get("Cache-Status"); !strings.Contains(status, "fwd=miss") {
			t.Errorf("%s after the alert: Cache-Status %q, want it rendered again", p, status)
		}
		alerts := withClass(&cacheScene{scene: s}, got.Body.String(), "alert")
		if len(alerts) != 1 || !strings.Contains(textOf(alerts[0]), "Dam gates open at noon") {
			t.Errorf("%s shows alerts %q, want the new one", p, textsOf(alerts))
		}
		if age := maxAge(got.Header().Get("Cache-Control")); age <= 0 || age > 600 {
			t.Errorf("%s: Cache-Control %q, want a lifetime within the alert's ten minutes", p, got.Header().Get("Cache-Control"))
		}
	}
	if got := s.get("/feed/").Header().Get("Cache-Status"); got != "dateline; hit" {
		t.Errorf("the feed, which shows no header, was purged by the alert: Cache-Status %q", got)
	}
	// The announcer woke for the new alert and sleeps until its end (or
	// its sweep, whichever is sooner).
	if at := asleep(); at.After(ends) {
		t.Fatalf("the announcer sleeps until %v, past the alert's end at %v", at, ends)
	}
	warm()

	expired := make(chan struct{}, 1)
	stop := e.app.feed.Subscribe(func(_ context.Context, ev changes.Event) {
		if ev.Kind == changes.KindAlert && ev.Action == "expire" {
			select {
			case expired <- struct{}{}:
			default:
			}
		}
	})
	defer stop()
	clk.Set(ends.Add(time.Second))
	if got := mirrored(); !strings.Contains(got, "Dam gates open at noon") {
		t.Fatalf("the static mirror's front page does not show the alert before its end (%d bytes)", len(got))
	}
	select {
	case <-expired:
	case <-time.After(5 * time.Second):
		t.Fatal("the alert's expiry was not announced")
	}
	if got := mirrored(); strings.Contains(got, "Dam gates open at noon") {
		t.Error("the static mirror still holds the front page with the alert after its end")
	}
	renders := e.app.cache.Stats().Renders.Load()
	for _, p := range pages {
		got := s.get(p)
		if status := got.Header().Get("Cache-Status"); !strings.Contains(status, "fwd=miss") {
			t.Errorf("%s after the expiry: Cache-Status %q, want it rendered again", p, status)
		}
		if alerts := withClass(&cacheScene{scene: s}, got.Body.String(), "alert"); len(alerts) != 0 {
			t.Errorf("%s still shows %q after the alert expired", p, textsOf(alerts))
		}
	}
	if got := e.app.cache.Stats().Renders.Load() - renders; got != int64(len(pages)) {
		t.Errorf("%d renders after the expiry, want one for each of the %d pages", got, len(pages))
	}
	if got := s.get("/feed/").Header().Get("Cache-Status"); got != "dateline; hit" {
		t.Errorf("the feed was purged by the expiry: Cache-Status %q", got)
	}
}

// maxAge reads max-age from a Cache-Control header; -1 without one.
func maxAge(cc string) int {
	for _, part := range strings.Split(cc, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "max-age="); ok {
			n, err := strconv.Atoi(v)
			if err == nil {
				return n
			}
		}
	}
	return -1
}

// TestLiveBlogEntryPurgesExactlyTheLiveBlogsPages starts a live blog
// through the API, warms its page, the fragment readers' pages poll and
// its feed beside the pages around it, and posts an entry: exactly those
// three are rendered again, counted, and show the entry; the front page,
// the section, another story and the site's feed stay cached.
func TestLiveBlogEntryPurgesExactlyTheLiveBlogsPages(t *testing.T) {
	e := newEventsApp(t, func(c *Config) { c.CacheMB, c.CacheAge, c.MaxRenders = 32, time.Hour, 64 })
	s := &scene{eventsApp: e, t: t}
	author := e.tokens[content.RoleAuthor]
	res := s.api("POST", "/api/v1/articles", author, map[string]any{"title": "Floods: live", "body": "The river is rising.",
		"category": "world", "kind": "liveblog", "status": "published"})
	if res.Code != http.StatusCreated {
		t.Fatalf("starting the live blog: %d\n%s", res.Code, res.Body)
	}
	blogID := s.apiID(res)
	blog, err := e.st.ArticleByID(context.Background(), blogID)
	noError(t, err)
	path := blog.Path(e.zone)
	own := []string{path, path + "live/", path + "feed/"}
	others := []string{"/", e.story.Path(e.zone), "/category/world/", "/feed/"}
	for _, p := range append(own, others...) {
		if first := s.get(p); first.Code != http.StatusOK {
			t.Fatalf("%s: %d", p, first.Code)
		}
		if got := s.get(p).Header().Get("Cache-Status"); got != "dateline; hit" {
			t.Fatalf("%s: Cache-Status %q after warming, want a hit", p, got)
		}
	}
	renders := e.app.cache.Stats().Renders.Load()
	res = s.api("POST", "/api/v1/articles/"+strconv.FormatInt(blogID, 10)+"/entries", author,
		map[string]any{"body": "Sandbags at the **pier**.", "headline": "Pier closed"})
	if res.Code != http.StatusCreated {
		t.Fatalf("posting an entry: %d\n%s", res.Code, res.Body)
	}
	entry := s.apiID(res)
	anchor := "entry-" + strconv.FormatInt(entry, 10)
	for _, p := range own {
		got := s.get(p)
		if status := got.Header().Get("Cache-Status"); !strings.Contains(status, "fwd=miss") {
			t.Errorf("%s after the entry: Cache-Status %q, want it rendered again", p, status)
		}
		if !strings.Contains(got.Body.String(), anchor) || !strings.Contains(got.Body.String(), "Pier closed") {
			t.Errorf("%s does not show the new entry %s", p, anchor)
		}
	}
	for _, p := range others {
		if got := s.get(p).Header().Get("Cache-Status"); got != "dateline; hit" {
			t.Errorf("%s, which shows no entry, after the entry: Cache-Status %q, want a hit", p, got)
		}
	}
	if got := e.app.cache.Stats().Renders.Load() - renders; got != int64(len(own)) {
		t.Errorf("%d renders for the entry, want %d: the live blog's page, fragment and feed", got, len(own))
	}
}
