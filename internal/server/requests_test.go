package server

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestRoutesAreNamedFromThePath(t *testing.T) {
	for path, want := range map[string]string{
		"/": "home", "/page/2/": "home", "/2026/12/02/floods-recede/": "article", "/2026/12/": "archive",
		"/2026/": "archive", "/about/": "page", "/about/team/": "page", "/category/world/": "section",
		"/category/world/page/2/": "section", "/tag/floods/": "tag", "/author/ana/": "author",
		"/search": "search", "/search/suggest": "search", "/feed/": "feed", "/category/world/feed/atom/": "feed",
		"/tag/floods/feed.json": "feed", "/comments/feed/": "feed", "/comments/": "comments",
		"/wp-comments-post.php": "comments", "/sitemap.xml": "sitemap", "/sitemaps/posts-1.xml": "sitemap",
		"/news-sitemap.xml": "sitemap", "/admin": "admin", "/admin/articles/": "admin", "/api/v1/articles": "api",
		"/media/a.jpg": "media", "/static/site.css": "static", "/healthz": "health", "/readyz": "health",
		"/metrics": "metrics", "/a/b/c/": "other", "/wp-login.php": "page",
	} {
		if got := routeOf(path); got != want {
			t.Errorf("routeOf(%q) = %q, want %q", path, got, want)
		}
	}
}

// /metrics counts every answer by route and status and times it; a path
// nobody knows adds no series.
func TestMetricsCountRequestsByRouteAndStatus(t *testing.T) {
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/missing/" {
			http.NotFound(w, r)
			return
		}
		io.WriteString(w, "ok")
	})
	s, err := New(Config{Site: site})
	if err != nil {
		t.Fatal(err)
	}
	h := s.Handler()
	for _, p := range []string{"/2026/12/02/floods/", "/2026/12/02/floods/", "/missing/", "/x/y/z/w/v/"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, p, nil))
	}
	scrape := func() string {
		rec := httptest.NewRecorder()
		req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
		req.RemoteAddr = "127.0.0.1:5000"
		h.ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Fatalf("/metrics = %d", rec.Code)
		}
		return rec.Body.String()
	}
	body := scrape()
	for _, want := range []string{
		`dateline_http_requests_total{route="article",code="200"} 2` + "\n",
		`dateline_http_requests_total{route="page",code="404"} 1` + "\n",
		`dateline_http_requests_total{route="other",code="200"} 1` + "\n",
		`dateline_http_request_duration_seconds_count{route="article"} 2` + "\n",
		"# TYPE dateline_http_request_duration_seconds histogram\n",
	} {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in /metrics", want)
		}
	}
	lines := strings.Count(body, "\n")
	for i := range 50 {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, "/odd-"+strings.Repeat("x", i)+"/a/b/c/", nil))
	}
	if after := strings.Count(scrape(), "\n"); after != lines {
		t.Errorf("50 new paths took /metrics from %d lines to %d", lines, after)
	}
}
