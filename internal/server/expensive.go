package server

import (
	"net/http"
	"strings"
	"sync"

	"dateline/internal/web"
)

// maxExpensivePerClient is how many expensive requests (below) one client
// address may have in flight at once: a reader's browser sends one or two
// (a search and its suggestions), a script hammering search or sign-in
// sends many, and each costs the server far more than a page.
const maxExpensivePerClient = 4

// expensive names the requests that make the server work hard for one
// client: search and its suggestions, comment posts, sign-in and password
// resets, and the newsroom's previews.
func expensive(r *http.Request) bool {
	p := r.URL.Path
	switch r.Method {
	case http.MethodGet, http.MethodHead:
		return p == "/search" || p == "/search/suggest" || strings.HasPrefix(p, "/api/v1/search")
	case http.MethodPost:
		switch p {
		case "/comments/", "/wp-comments-post.php", "/admin/login", "/admin/forgot", "/admin/reset",
			"/admin/preview", "/admin/preview-fragment":
			return true
		}
		return strings.HasPrefix(p, "/api/v1/comments")
	}
	return false
}

// inFlight counts each client's expensive requests being answered. An
// address leaves the map when its last one ends, so the map never holds
// more entries than requests in flight.
type inFlight struct {
	mu sync.Mutex
	n  map[string]int
}

func (f *inFlight) enter(client string) bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n[client] >= maxExpensivePerClient {
		return false
	}
	if f.n == nil {
		f.n = map[string]int{}
	}
	f.n[client]++
	return true
}

func (f *inFlight) leave(client string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.n[client] <= 1 {
		delete(f.n, client)
		return
	}
	f.n[client]--
}

// limitExpensive answers 429 to an expensive request from a client that
// already has maxExpensivePerClient of them in flight, at once and without
// queueing it; the client is who the trusted proxies say it is.
func (s *Server) limitExpensive(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !expensive(r) {
			next.ServeHTTP(w, r)
			return
		}
		client := s.proxies.ClientAddr(r)
		if !s.expensive.enter(client) {
			w.Header().Set("Retry-After", "1")
			web.PlainError(w, http.StatusTooManyRequests, "Too many requests at once from your address; try again in a moment.")
			return
		}
		defer s.expensive.leave(client)
		next.ServeHTTP(w, r)
	})
}
