package server_test

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dateline/internal/cache"
	"dateline/internal/proxy"
	"dateline/internal/server"
	"dateline/internal/web"
)

func TestEveryAnswerCarriesTheSecurityHeaders(t *testing.T) {
	h := newServer(t, server.Config{Admin: says("admin")}).Handler()
	for _, path := range []string{"/", "/admin/", "/healthz", "/" + strings.Repeat("a", 5000) + "/"} {
		hd := get(h, "GET", path).Header()
		if !strings.Contains(hd.Get("Content-Security-Policy"), "script-src 'self'") || hd.Get("X-Content-Type-Options") != "nosniff" ||
			hd.Get("Referrer-Policy") != "strict-origin-when-cross-origin" || hd.Get("X-Frame-Options") != "SAMEORIGIN" ||
			!strings.Contains(hd.Get("Permissions-Policy"), "interest-cohort=()") || !strings.Contains(hd.Get("Permissions-Policy"), "camera=()") {
			t.Errorf("GET %.40s: security headers = %v", path, hd)
		}
	}
}

func TestRequestsBeyondTheLimitsAreRefusedBeforeAnyHandler(t *testing.T) {
	reached := false
	h := newServer(t, server.Config{Site: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached = true })}).Handler()
	cases := []struct{ name, target, body string }{
		{"an overlong path", "/" + strings.Repeat("a", 5000) + "/", "Request too long\n"},
		{"an overlong escaped path", "/" + strings.Repeat("%E0%B8%99", 400) + "/", "Request too long\n"},
		{"an overlong query", "/?q=" + strings.Repeat("a", 5000), "Request too long\n"},
		{"a path that is not UTF-8", "/category/%ff%fe/", "Malformed address\n"},
		{"a path with a NUL", "/%00/", "Malformed address\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			reached = false
			rec := get(h, "GET", tc.target)
			if rec.Code != 400 || rec.Body.String() != tc.body || rec.Header().Get("Cache-Control") != "no-store" {
				t.Errorf("= %d %q %q", rec.Code, rec.Body.String(), rec.Header().Get("Cache-Control"))
			}
			if reached {
				t.Error("the handler saw the request")
			}
		})
	}
	if rec := get(h, "GET", "/?q="+strings.Repeat("a", 2000)); rec.Code != 200 || !reached {
		t.Errorf("a long query within the limit = %d", rec.Code)
	}
}

// typed answers with a body of the given Content-Type.
func typed(contentType, body string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		io.WriteString(w, body)
	})
}

func TestTextIsCompressedForClientsThatAcceptIt(t *testing.T) {
	page := strings.Repeat("<p>Kremlin signals new talks</p>", 100)
	cases := []struct {
		name, contentType, acceptEncoding, rangeHeader string
		gzipped                                        bool
	}{
		{"an HTML page for a browser that accepts gzip", "text/html; charset=utf-8", "gzip, deflate, br", "", true},
		{"a feed", "application/rss+xml; charset=utf-8", "gzip", "", true},
		{"JSON", "application/json", "GZIP;q=0.8", "", true},
		{"a client that accepts nothing", "text/html", "", "", false},
		{"a client that refuses gzip", "text/html", "gzip;q=0, deflate", "", false},
		{"a picture", "image/jpeg", "gzip", "", false},
		{"a range of a file", "text/plain", "gzip", "bytes=0-10", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newServer(t, server.Config{Site: typed(tc.contentType, page)}).Handler()
			headers := []string{"Accept-Encoding", tc.acceptEncoding}
			if tc.rangeHeader != "" {
				headers = append(headers, "Range", tc.rangeHeader)
			}
			rec := get(h, "GET", "/", headers...)
			if !strings.Contains(rec.Header().Get("Vary"), "Accept-Encoding") {
				t.Errorf("Vary = %q", rec.Header().Get("Vary"))
			}
			if got := rec.Header().Get("Content-Encoding") == "gzip"; got != tc.gzipped {
				t.Fatalf("gzipped = %v, want %v", got, tc.gzipped)
			}
			body := rec.Body.String()
			if tc.gzipped {
				zr, err := gzip.NewReader(rec.Body)
				if err != nil {
					t.Fatal(err)
				}
				b, err := io.ReadAll(zr)
				if err != nil {
					t.Fatal(err)
				}
				body = string(b)
			}
			if body != page {
				t.Errorf("body changed on the way: %d bytes", len(body))
			}
		})
	}
}

func TestAnswersWithoutABodyAreNotCompressed(t *testing.T) {
	h := newServer(t, server.Config{Site: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.WriteHeader(http.StatusNotModified)
	})}).Handler()
	rec := get(h, "GET", "/", "Accept-Encoding", "gzip")
	if rec.Code != 304 || rec.Header().Get("Content-Encoding") != "" || rec.Body.Len() != 0 {
		t.Errorf("304 = %v %q", rec.Header(), rec.Body.String())
	}
}

func TestEveryRequestIsLoggedOnce(t *testing.T) {
	var logged lockedWriter
	h := newServer(t, server.Config{Logger: slog.New(slog.NewTextHandler(&logged, nil)),
		Site: typed("text/plain", "twelve bytes")}).Handler()
	get(h, "GET", "/tag/floods/")
	line := logged.String()
	for _, want := range []string{"msg=request", "method=GET", "path=/tag/floods/", "status=200", "bytes=12", "took=", "cache=-", "id="} {
		if !strings.Contains(line, want) {
			t.Errorf("log line %q lacks %q", line, want)
		}
	}
	if n := strings.Count(line, "\n"); n != 1 {
		t.Errorf("%d log lines for one request", n)
	}
}

func TestTheLogLineSaysWhatTheCacheDidAndCarriesARequestID(t *testing.T) {
	var logged lockedWriter
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=60")
		web.Depends(w, "home")
		io.WriteString(w, "<p>front page</p>")
	})
	c := cache.New(cache.Config{Tags: func(h http.Header) []string { t := web.Tags(h); h.Del(web.TagsHeader); return t }})
	proxies, err := proxy.Parse("192.0.2.1")
	if err != nil {
		t.Fatal(err)
	}
	h := newServer(t, server.Config{Logger: slog.New(slog.NewTextHandler(&logged, nil)), Site: site, Cache: c, Proxies: proxies}).Handler()
	get(h, "GET", "/")
	get(h, "GET", "/")
	r := httptest.NewRequest("GET", "/", nil)
	r.Header.Set("X-Request-Id", "from-the-proxy")
	h.ServeHTTP(httptest.NewRecorder(), r) // from 192.0.2.1, httptest's peer, trusted
	r = httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "203.0.113.7:4000"
	r.Header.Set("X-Request-Id", "made-up")
	h.ServeHTTP(httptest.NewRecorder(), r)

	lines := strings.Split(strings.TrimSpace(logged.String()), "\n")
	if len(lines) != 4 {
		t.Fatalf("%d lines: %q", len(lines), lines)
	}
	for i, want := range []string{"cache=miss", "cache=hit", "cache=hit", "cache=hit"} {
		if !strings.Contains(lines[i], want) {
			t.Errorf("line %d %q lacks %q", i, lines[i], want)
		}
	}
	id := func(line string) string { _, v, _ := strings.Cut(line, " id="); return v }
	if id(lines[0]) == "" || id(lines[0]) == id(lines[1]) {
		t.Errorf("ids %q and %q: each request has its own", id(lines[0]), id(lines[1]))
	}
	if id(lines[2]) != "from-the-proxy" {
		t.Errorf("id %q: a trusted proxy's X-Request-Id is kept", id(lines[2]))
	}
	if id(lines[3]) == "made-up" {
		t.Error("an untrusted peer chose its own request id")
	}
}

func TestAPanicIsAnswered500AndTheServerKeepsRunning(t *testing.T) {
	var logged lockedWriter
	s := newServer(t, server.Config{
		Logger: slog.New(slog.NewTextHandler(&logged, nil)),
		Site: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/2025/07/14/boom/" {
				panic("boom")
			}
			io.WriteString(w, "fine")
		}),
		Panicked: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(http.StatusInternalServerError)
			io.WriteString(w, "the site's 500 page")
		}),
	})
	srv := httptest.NewServer(s.Handler())
	defer srv.Close()
	res, err := http.Get(srv.URL + "/2025/07/14/boom/")
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != 500 || string(body) != "the site's 500 page" {
		t.Errorf("after a panic: %d %q", res.StatusCode, body)
	}
	log := logged.String()
	if !strings.Contains(log, "panic serving request") || !strings.Contains(log, "/2025/07/14/boom/") || !strings.Contains(log, "stack=") {
		t.Errorf("panic not logged with its request and stack: %s", log)
	}
	// The request log, outside the recovery, records what the reader got.
	if !strings.Contains(log, "msg=request method=GET path=/2025/07/14/boom/ status=500") {
		t.Errorf("the panicked request has no request line with its 500: %s", log)
	}
	res, err = http.Get(srv.URL + "/")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Errorf("after the panic, home = %d", res.StatusCode)
	}
}

func TestAPanicWithoutAnErrorPageGetsPlainText(t *testing.T) {
	h := newServer(t, server.Config{Site: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { panic("boom") })}).Handler()
	rec := get(h, "GET", "/")
	if rec.Code != 500 || rec.Body.String() != "Something went wrong\n" {
		t.Errorf("= %d %q", rec.Code, rec.Body.String())
	}
}

// rawGet sends a request line as typed, so malformed addresses reach the
// real server without a client cleaning them up first.
func rawGet(t *testing.T, addr, target string) int {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n", target)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatal(err)
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	return res.StatusCode
}

func TestMalformedAddressesAreRefusedWith400(t *testing.T) {
	srv := httptest.NewServer(newServer(t, server.Config{}).Handler())
	defer srv.Close()
	addr := strings.TrimPrefix(srv.URL, "http://")
	for _, target := range []string{"/%00/", "/category/%ff%fe/", "/tag/%C0%AF/", "/2025/07/14/%E0%B8/"} {
		if code := rawGet(t, addr, target); code != 400 {
			t.Errorf("GET %s = %d, want 400", target, code)
		}
	}
}
