package server

import (
	"strconv"
	"strings"
	"time"

	"dateline/internal/metrics"
)

// routes are what /metrics counts requests by: the kind of page or
// surface, from the path alone, so that a cached page counts under its
// kind as a rendered one does, and no request can add a series.
var routeNames = []string{"home", "article", "page", "section", "tag", "author", "archive", "search",
	"feed", "sitemap", "comments", "admin", "api", "media", "static", "health", "metrics", "other"}

// statusNames are the statuses counted by their own number; any other is
// "other".
var statusNames = func() []string {
	var out []string
	for _, c := range []int{200, 201, 204, 301, 302, 303, 304, 400, 401, 403, 404, 405, 406, 409, 410, 413, 415, 422, 429, 500, 502, 503, 504} {
		out = append(out, strconv.Itoa(c))
	}
	return append(out, "other")
}()

var statusLabel = func() map[int]string {
	m := map[int]string{}
	for _, s := range statusNames[:len(statusNames)-1] {
		c, _ := strconv.Atoi(s)
		m[c] = s
	}
	return m
}()

// requestMetrics count every answer by route and status, and time it.
type requestMetrics struct {
	count *metrics.CounterVec
	took  *metrics.HistogramVec
}

func newRequestMetrics() *requestMetrics {
	return &requestMetrics{
		count: metrics.NewCounterVec("dateline_http_requests_total", "Requests answered, by route and status.",
			[]string{"route", "code"}, [][]string{routeNames, statusNames}),
		took: metrics.NewHistogramVec("dateline_http_request_duration_seconds", "Time to answer a request, by route.",
			"route", routeNames, metrics.LatencyBuckets),
	}
}

func (m *requestMetrics) observe(path string, status int, took time.Duration) {
	route := routeOf(path)
	code, ok := statusLabel[status]
	if !ok {
		code = "other"
	}
	m.count.Inc(route, code)
	m.took.ObserveNs(route, int64(took))
}

func (m *requestMetrics) Collect(w *metrics.Writer) {
	m.count.Collect(w)
	m.took.Collect(w)
}

// routeOf names the kind of page a path asks for, by the site's address
// rules (docs/architecture.md).
func routeOf(p string) string {
	switch {
	case p == "/" || strings.HasPrefix(p, "/page/"):
		return "home"
	case p == "/admin" || strings.HasPrefix(p, "/admin/"):
		return "admin"
	case strings.HasPrefix(p, "/api/"):
		return "api"
	case strings.HasPrefix(p, "/media/"):
		return "media"
	case strings.HasPrefix(p, "/static/"):
		return "static"
	case p == "/healthz" || p == "/readyz":
		return "health"
	case p == "/metrics":
		return "metrics"
	case p == "/search" || strings.HasPrefix(p, "/search/"):
		return "search"
	case strings.HasPrefix(p, "/sitemap") || p == "/news-sitemap.xml":
		return "sitemap"
	case isFeed(p):
		return "feed"
	case strings.HasPrefix(p, "/comments/") || p == "/wp-comments-post.php":
		return "comments"
	case strings.HasPrefix(p, "/category/"):
		return "section"
	case strings.HasPrefix(p, "/tag/"):
		return "tag"
	case strings.HasPrefix(p, "/author/"):
		return "author"
	}
	// Counted, not split: this runs on every request.
	rest := strings.Trim(p, "/")
	segs := strings.Count(rest, "/") + 1
	first, _, _ := strings.Cut(rest, "/")
	if segs <= 4 && isYear(first) {
		if segs == 4 {
			return "article"
		}
		return "archive"
	}
	if segs == 1 || segs == 2 {
		return "page" // a page, or a page under its parent
	}
	return "other"
}

func isFeed(p string) bool {
	return strings.Contains(p, "/feed/") || strings.HasSuffix(p, "/feed") || strings.HasSuffix(p, "/feed.json")
}

func isYear(s string) bool {
	if len(s) != 4 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}
