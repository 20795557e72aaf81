package server

import (
	"bytes"
	"crypto/subtle"
	"net"
	"net/http"
	"strings"
)

// pageCache answers public pages from the cache when there is one. The
// newsroom, the API, uploaded files, assets and the health checks never
// go through it.
func (s *Server) pageCache(next http.Handler) http.Handler {
	if s.cache == nil {
		return next
	}
	return s.cache.Handler(next)
}

// Uncached names the requests the page cache leaves alone: they are
// answered by the handlers every time (files are served from disk with
// their own validators).
func Uncached(r *http.Request) bool {
	p := r.URL.Path
	for _, prefix := range []string{"/admin/", "/api/", "/media/", "/static/"} {
		if strings.HasPrefix(p, prefix) {
			return true
		}
	}
	return p == "/admin" || p == "/healthz" || p == "/readyz" || p == "/metrics"
}

// metrics answers the counters in the Prometheus text format, to the
// holder of the metrics token, or without one only to this machine (and
// not through a proxy on it).
func (s *Server) metrics(w http.ResponseWriter, r *http.Request) {
	if !s.mayReadMetrics(r) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
		http.Error(w, "The metrics need the metrics token.", http.StatusUnauthorized)
		return
	}
	var b bytes.Buffer
	if err := s.registry.Write(&b); err != nil {
		http.Error(w, "metrics unavailable", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Write(b.Bytes())
}

func (s *Server) mayReadMetrics(r *http.Request) bool {
	if s.metricsToken != "" {
		got := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")
		return subtle.ConstantTimeCompare([]byte(got), []byte(s.metricsToken)) == 1
	}
	// A request a proxy on this machine passed on is not this machine's:
	// proxies say whom they forward for.
	if r.Header.Get("X-Forwarded-For") != "" || r.Header.Get("Forwarded") != "" {
		return false
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return false
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
