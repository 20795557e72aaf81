package server_test

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/server"
)

// lockedWriter lets a test read what the server logged from other goroutines.
type lockedWriter struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedWriter) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// says is a surface that answers with its name, as HTML.
func says(name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		io.WriteString(w, name+" "+r.URL.Path)
	})
}

func newServer(t *testing.T, cfg server.Config) *server.Server {
	t.Helper()
	if cfg.Site == nil {
		cfg.Site = says("site")
	}
	s, err := server.New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func get(h http.Handler, method, target string, header ...string) *httptest.ResponseRecorder {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

func TestTheFrontDoorMountsEverySurface(t *testing.T) {
	notReady := errors.New("no such table: schema_migrations")
	var readyErr error
	var logged lockedWriter
	h := newServer(t, server.Config{
		Admin: says("admin"), API: says("api"),
		Ready:  func(ctx context.Context) error { return readyErr },
		Logger: slog.New(slog.NewTextHandler(&logged, nil)),
	}).Handler()
	cases := []struct {
		name, path string
		status     int
		body       string
	}{
		{"the home page is the site's", "/", 200, "site /"},
		{"an article is the site's", "/2025/07/14/story/", 200, "site /2025/07/14/story/"},
		{"the newsroom is mounted at /admin/", "/admin/articles", 200, "admin /admin/articles"},
		{"/admin goes to /admin/", "/admin", 307, `<a href="/admin/">Temporary Redirect</a>.` + "\n\n"},
		{"the API is mounted at /api/v1/", "/api/v1/articles", 200, "api /api/v1/articles"},
		{"an address beside the API is the site's", "/api/", 200, "site /api/"},
		{"the health check answers", "/healthz", 200, "ok\n"},
		{"the readiness check answers while the store is ready", "/readyz", 200, "ok\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := get(h, "GET", tc.path)
			if rec.Code != tc.status || (tc.body != "" && rec.Body.String() != tc.body) {
				t.Errorf("GET %s = %d %q, want %d %q", tc.path, rec.Code, rec.Body.String(), tc.status, tc.body)
			}
		})
	}
	for _, path := range []string{"/healthz", "/readyz"} {
		if cc := get(h, "GET", path).Header().Get("Cache-Control"); cc != "no-store" {
			t.Errorf("%s Cache-Control = %q", path, cc)
		}
	}

	readyErr = notReady
	rec := get(h, "GET", "/readyz")
	if rec.Code != http.StatusServiceUnavailable || rec.Body.String() != "not ready: the database is unreachable or not up to date\n" {
		t.Errorf("not ready: %d %q", rec.Code, rec.Body.String())
	}
	if strings.Contains(rec.Body.String(), "schema_migrations") || !strings.Contains(logged.String(), "schema_migrations") {
		t.Errorf("the reason belongs in the log, not the answer: %q / %s", rec.Body.String(), logged.String())
	}
	if rec := get(h, "GET", "/healthz"); rec.Code != 200 {
		t.Errorf("alive while not ready: /healthz = %d", rec.Code)
	}
}

func TestWithoutTheNewsroomItsAddressesAreTheSites(t *testing.T) {
	h := newServer(t, server.Config{}).Handler()
	if rec := get(h, "GET", "/admin/"); rec.Body.String() != "site /admin/" {
		t.Errorf("GET /admin/ = %q", rec.Body.String())
	}
	if rec := get(h, "GET", "/readyz"); rec.Code != 200 {
		t.Errorf("with nothing to wait for, /readyz = %d", rec.Code)
	}
}

func TestNewRefusesAFrontDoorWithNoSite(t *testing.T) {
	if _, err := server.New(server.Config{Admin: says("admin")}); err == nil || !strings.Contains(err.Error(), "no site") {
		t.Errorf("err = %v", err)
	}
}

// TestRunServesAndShutsDownGracefully stops the server while a request is
// in flight: the request is answered, Run returns nil, and the port closes.
func TestRunServesAndShutsDownGracefully(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	s := newServer(t, server.Config{Site: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow/" {
			close(entered)
			<-release
		}
		io.WriteString(w, "answered")
	})})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	url := "http://" + ln.Addr().String()
	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()

	type answer struct {
		body string
		err  error
	}
	slow := make(chan answer, 1)
	go func() {
		res, err := http.Get(url + "/slow/")
		if err != nil {
			slow <- answer{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		slow <- answer{string(b), err}
	}()
	<-entered
	stop()
	// Shutdown closes the listener first; wait for that before releasing.
	deadline := time.Now().Add(5 * time.Second)
	for {
		conn, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		conn.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener stayed open after the stop")
		}
		time.Sleep(10 * time.Millisecond)
	}
	close(release)
	if a := <-slow; a.err != nil || a.body != "answered" {
		t.Errorf("the request in flight got %q, %v", a.body, a.err)
	}
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after the stop")
	}
}

func TestRunGivesUpOnRequestsThatOutlastTheTimeout(t *testing.T) {
	entered, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	s := newServer(t, server.Config{ShutdownTimeout: 50 * time.Millisecond,
		Site: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			close(entered)
			<-release
		})})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- s.Run(ctx, ln) }()
	go func() {
		if res, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
			res.Body.Close()
		}
	}()
	<-entered
	stop()
	select {
	case err := <-done:
		if err == nil || !strings.Contains(err.Error(), "shutdown") {
			t.Errorf("Run = %v, want a shutdown error", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run waited past its timeout")
	}
}

func TestRunReturnsWhenServingFails(t *testing.T) {
	s := newServer(t, server.Config{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ln.Close()
	if err := s.Run(context.Background(), ln); err == nil {
		t.Error("Run on a closed listener returned nil")
	}
}

// A disk that refuses writes leaves the readers served: /readyz stays 200
// (a balancer keeps sending readers) and its body says what is refused.
func TestReadyzStaysReadyButSaysWhichWritesAreRefused(t *testing.T) {
	var refused error
	h := newServer(t, server.Config{
		Ready:    func(context.Context) error { return nil },
		Degraded: func() error { return refused },
	}).Handler()
	if rec := get(h, "GET", "/readyz"); rec.Code != 200 || rec.Body.String() != "ok\n" {
		t.Errorf("with every write going through: %d %q", rec.Code, rec.Body.String())
	}
	refused = errors.New("database: the disk is full (writes refused since 2026-07-14T09:30:00Z)")
	rec := get(h, "GET", "/readyz")
	want := "degraded: readers are served, writes are refused\ndatabase: the disk is full (writes refused since 2026-07-14T09:30:00Z)\n"
	if rec.Code != 200 || rec.Body.String() != want || rec.Header().Get("Cache-Control") != "no-store" {
		t.Errorf("with writes refused: %d %q (Cache-Control %q); want 200 %q", rec.Code, rec.Body.String(), rec.Header().Get("Cache-Control"), want)
	}
}
