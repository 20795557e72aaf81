package main

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"dateline/internal/store"
	"dateline/internal/store/postgres"
)

// What an operator watches is at /metrics: requests by route and status
// with their times, the page cache, the runtime and the process, the
// database pools, the weather reading's age and the comment form.
func TestMetricsShowWhatTheSiteIsDoing(t *testing.T) {
	e := newEventsApp(t, func(c *Config) { c.CacheMB, c.CacheAge, c.MaxRenders = 32, 60*time.Second, 64 })
	if _, err := e.app.fetcher.CheckNow(context.Background()); err != nil {
		t.Fatal(err)
	}
	path := e.story.Path(e.zone)
	for range 2 {
		rec := httptest.NewRecorder()
		e.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, path, nil))
		if rec.Code != http.StatusOK {
			t.Fatalf("GET %s = %d", path, rec.Code)
		}
	}
	rec := httptest.NewRecorder()
	req := httptest.NewRequest(http.MethodGet, "/metrics", nil)
	req.RemoteAddr = "127.0.0.1:40000"
	e.h.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK || !strings.HasPrefix(rec.Header().Get("Content-Type"), "text/plain; version=0.0.4") {
		t.Fatalf("/metrics = %d %q", rec.Code, rec.Header().Get("Content-Type"))
	}
	body := rec.Body.String()
	for _, want := range append(dbPools(e.st),
		`dateline_http_requests_total{route="article",code="200"} 2`+"\n",
		`dateline_http_request_duration_seconds_count{route="article"} 2`+"\n",
		"dateline_cache_hits_total 1\n",
		"dateline_cache_misses_total 1\n",
		"\ngo_goroutines ",
		"\nprocess_resident_memory_bytes ",
		"\ndateline_weather_reading_age_seconds ",
		`dateline_comments_submitted_total{outcome="refused",reason="too_fast"} 0`+"\n",
		`dateline_background_runs_total{task="mail",result="failed"} 0`+"\n",
		`dateline_background_runs_total{task="scheduler",result="ok"} `,
		`dateline_background_runs_total{task="weather",result="ok"} `,
		`dateline_background_runs_total{task="changes",result="ok"} `,
		`dateline_background_runs_total{task="views",result="failed"} `,
	) {
		if !strings.Contains(body, want) {
			t.Errorf("no %q in /metrics:\n%s", want, body)
		}
	}
	// Every family is announced once, with its type, before its samples.
	seen := map[string]bool{}
	for _, line := range strings.Split(body, "\n") {
		if name, ok := strings.CutPrefix(line, "# TYPE "); ok {
			name, _, _ = strings.Cut(name, " ")
			if seen[name] {
				t.Errorf("the family %s is written twice", name)
			}
			seen[name] = true
		}
	}
}

// dbPools is what /metrics says of the database's pools on the backend
// under test: SQLite's one writer beside its readers, PostgreSQL's pool.
func dbPools(st store.Store) []string {
	if _, ok := st.(*postgres.Store); ok {
		return []string{`dateline_db_connections_open{pool="postgres"} `, `dateline_db_connections_max{pool="postgres"} `}
	}
	return []string{`dateline_db_connections_open{pool="read"} `, `dateline_db_connections_max{pool="write"} 1` + "\n"}
}
