package server

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/gzip"

	"dateline/internal/logs"
	"dateline/internal/web"
)

// statusWriter remembers the status and size of a response for the log.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(p []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(p)
	w.bytes += n
	return n, err
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// statusOr200 is the status sent: a handler that wrote nothing sent 200.
func (w *statusWriter) statusOr200() int {
	if w.status == 0 {
		return http.StatusOK
	}
	return w.status
}

// logRequests writes one line per request: what was asked, the answer's
// status and size, how long it took, what the page cache did and an id
// that ties the line to the proxy's (X-Request-Id from a trusted proxy)
// or, made here, to the error a reader reports.
func (s *Server) logRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		next.ServeHTTP(sw, r)
		took := time.Since(start)
		s.requests.observe(r.URL.Path, sw.statusOr200(), took)
		h := s.log.Handler()
		if !h.Enabled(r.Context(), slog.LevelInfo) {
			return
		}
		logs.LogRequest(r.Context(), h, logs.Request{Method: r.Method, Path: r.URL.Path,
			Status: sw.status, Bytes: sw.bytes, Took: took,
			Cache: cacheResult(sw.Header()), ID: s.requestID(r)})
	})
}

// cacheResult is the page cache's word on an answer, for the log: hit,
// miss, stale and the like, or "-" when the cache did not consider it.
func cacheResult(h http.Header) string {
	v := h["Cache-Status"]
	if len(v) == 0 {
		return "-"
	}
	return cacheWord(v[0])
}

// requestID is the proxy's id for r when a trusted proxy gave one, or the
// next of this process's ids.
func (s *Server) requestID(r *http.Request) string {
	if id := r.Header.Get("X-Request-Id"); id != "" && len(id) <= 64 && s.proxies.FromProxy(r) {
		return id
	}
	return s.ids.next()
}

// recoverPanics keeps the server running when a handler panics: the panic is
// logged with the request and the reader gets the 500 page.
func (s *Server) recoverPanics(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the server's own signal to drop the connection
			}
			s.log.Error("panic serving request",
				slog.String("method", r.Method),
				slog.String("path", r.URL.Path),
				slog.Any("panic", v),
				slog.String("stack", string(debug.Stack())))
			s.panicked.ServeHTTP(w, r)
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows only the site's own scripts, styles and
// images: no third-party code can run on a dateline page.
const contentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; " +
	"object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'self'"

// strictTransportSecurity tells browsers to come back only over HTTPS for
// a year. Without includeSubDomains, which would bind every other host
// under the domain, and without preload, which puts the domain into the
// browsers' own lists and is not for one program to decide.
const strictTransportSecurity = "max-age=31536000"

var hstsValue = []string{strictTransportSecurity}[:1:1]

// everyAnswer are the security headers on every answer, with canonical
// names, their slices clipped so that an Add copies instead of writing
// into them.
var everyAnswer = []struct {
	name  string
	value []string
}{
	{"Content-Security-Policy", []string{contentSecurityPolicy}[:1:1]},
	{"X-Content-Type-Options", []string{"nosniff"}[:1:1]},
	{"Referrer-Policy", []string{"strict-origin-when-cross-origin"}[:1:1]},
	{"X-Frame-Options", []string{"SAMEORIGIN"}[:1:1]},
	{"Permissions-Policy", []string{permissionsPolicy}[:1:1]},
}

// permissionsPolicy turns off the browser features neither the site nor
// the newsroom uses, for their pages and anything a story could embed, so
// that a script slipped into either could not ask for the camera, the
// microphone, the reader's location, payments or devices; and it keeps
// readers out of interest cohorts and topics. The newsroom's "copy"
// buttons use the clipboard, which stays allowed.
const permissionsPolicy = "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), " +
	"magnetometer=(), microphone=(), midi=(), payment=(), serial=(), usb=(), " +
	"interest-cohort=(), browsing-topics=()"

// securityHeaders sets the headers that every answer carries, and HSTS on
// those to a request that came over HTTPS, directly or through a trusted
// proxy. Over plain HTTP it is never sent: browsers ignore it there, and a
// server reached without TLS, such as a test instance, must not tell a
// browser to insist on HTTPS for its host.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		if s.proxies.Secure(r) {
			h["Strict-Transport-Security"] = hstsValue
		}
		// The values are shared, made once: every answer carries them, and
		// a header set here costs no allocation. Nothing appends to them
		// (a handler that wants another value sets its own slice).
		for _, kv := range everyAnswer {
			h[kv.name] = kv.value
		}
		next.ServeHTTP(w, r)
	})
}

// Limits on what a request may make the server look at.
const (
	maxPathBytes  = 1024
	maxQueryBytes = 2048
)

// limitRequests refuses overlong paths and query strings and anything that
// is not UTF-8 once decoded, before any handler parses them.
func limitRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if len(r.URL.RawPath) > maxPathBytes || len(r.URL.Path) > maxPathBytes || len(r.URL.RawQuery) > maxQueryBytes {
			web.PlainError(w, http.StatusBadRequest, "Request too long")
			return
		}
		if strings.ContainsRune(r.URL.Path, 0) || !utf8.ValidString(r.URL.Path) {
			web.PlainError(w, http.StatusBadRequest, "Malformed address")
			return
		}
		next.ServeHTTP(w, r)
	})
}

// gzipPool's writers compress at gzip's fastest level: an answer compressed
// here is made for one request (the page cache keeps its own, compressed
// harder once), and at the default level deflate took as long as making
// the page, for a body about a tenth larger (docs/benchmarks.md).
var gzipPool = sync.Pool{New: func() any {
	zw, _ := gzip.NewWriterLevel(nil, gzip.BestSpeed)
	return zw
}}

// compress gzips text responses for clients that accept it.
func compress(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Add("Vary", "Accept-Encoding")
		if !acceptsGzip(r) || r.Header.Get("Range") != "" {
			next.ServeHTTP(w, r)
			return
		}
		gw := &gzipWriter{ResponseWriter: w}
		defer gw.Close()
		next.ServeHTTP(gw, r)
	})
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.EqualFold(strings.TrimSpace(enc), "gzip") && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}

// gzipWriter decides at the first header whether the body is worth
// compressing; images and empty answers pass through untouched.
type gzipWriter struct {
	http.ResponseWriter
	zw      *gzip.Writer
	decided bool
}

func (g *gzipWriter) WriteHeader(code int) {
	if !g.decided {
		g.decide(code)
	}
	g.ResponseWriter.WriteHeader(code)
}

func (g *gzipWriter) Write(p []byte) (int, error) {
	if !g.decided {
		g.WriteHeader(http.StatusOK)
	}
	if g.zw != nil {
		return g.zw.Write(p)
	}
	return g.ResponseWriter.Write(p)
}

func (g *gzipWriter) decide(code int) {
	g.decided = true
	h := g.ResponseWriter.Header()
	if code < 200 || code == http.StatusNoContent || code == http.StatusNotModified || h.Get("Content-Encoding") != "" {
		return
	}
	if !compressible(h.Get("Content-Type")) {
		return
	}
	h.Del("Content-Length")
	h.Set("Content-Encoding", "gzip")
	zw := gzipPool.Get().(*gzip.Writer)
	zw.Reset(g.ResponseWriter)
	g.zw = zw
}

func (g *gzipWriter) Close() {
	if g.zw != nil {
		g.zw.Close()
		gzipPool.Put(g.zw)
		g.zw = nil
	}
}

func (g *gzipWriter) Unwrap() http.ResponseWriter { return g.ResponseWriter }

func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	switch strings.TrimSpace(ct) {
	case "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
		"application/json", "application/feed+json", "application/xml", "text/xml",
		"application/rss+xml", "application/atom+xml", "image/svg+xml":
		return true
	}
	return false
}
