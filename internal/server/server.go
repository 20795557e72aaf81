package server

import (
	"context"
	"dateline/internal/metrics"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"

	"dateline/internal/cache"
	"dateline/internal/proxy"
	"dateline/internal/store"
	"dateline/internal/web"
)

// Config is what the front door needs from main. Site is required.
type Config struct {
	// Site answers every address the others do not: the public pages.
	Site http.Handler
	// Admin is the newsroom, mounted at /admin/ when set.
	Admin http.Handler
	// API is the JSON API, mounted at /api/v1/ when set.
	API http.Handler
	// Ready reports whether the store can serve: the database answers and
	// its migrations are applied. /readyz answers 503 while it fails, and
	// 200 like /healthz when it is nil.
	Ready func(ctx context.Context) error
	// Degraded reports what the server cannot do while it goes on serving
	// readers: the disks that refuse writes (full, read-only). /readyz
	// answers 200 all the same, since taking the server out of a load
	// balancer would turn a write outage into a reader outage, and says
	// what is wrong in its body. Nil when nothing is.
	Degraded func() error
	// Views counts the answers marked as readings of an article
	// (readership.MarkView); without it nothing is counted, and the marks
	// are removed all the same.
	Views Views
	// Panicked answers a request whose handler panicked: the site's 500
	// page. A plain-text 500 when nil.
	Panicked http.Handler
	// Logger gets one line per request, panics and shutdown.
	Logger *slog.Logger
	// ShutdownTimeout bounds how long Run waits for the requests in flight
	// once it is told to stop: 15 seconds when zero.
	ShutdownTimeout time.Duration
	// Cache is the page cache public answers pass through; nil serves
	// every request from the handlers.
	Cache *cache.Cache
	// Metrics are the program's other figures, which /metrics writes after
	// the front door's own (requests by route and status, their times,
	// and the page cache's counters).
	Metrics *metrics.Registry
	// MetricsToken, when set, is the bearer token /metrics asks for;
	// without one /metrics answers only requests from this machine.
	MetricsToken string
	// Proxies are the reverse proxies believed when they say a request
	// came over HTTPS (for HSTS); nil trusts none.
	Proxies *proxy.Trusted
}

// Server is the front door: every request passes its middleware and is
// handed to the site, the newsroom, the API or a health check.
type Server struct {
	site, admin, api http.Handler
	ready            func(ctx context.Context) error
	degraded         func() error
	views            Views
	panicked         http.Handler
	log              *slog.Logger
	shutdownTimeout  time.Duration
	cache            *cache.Cache
	metricsToken     string
	proxies          *proxy.Trusted
	ids              *requestIDs
	requests         *requestMetrics
	expensive        inFlight
	registry         *metrics.Registry
	handler          http.Handler
}

// New builds the front door from the handlers of the surfaces.
func New(cfg Config) (*Server, error) {
	if cfg.Site == nil {
		return nil, errors.New("server: no site to serve")
	}
	s := &Server{site: cfg.Site, admin: cfg.Admin, api: cfg.API, ready: cfg.Ready, degraded: cfg.Degraded, views: cfg.Views,
		panicked: cfg.Panicked, log: cfg.Logger, shutdownTimeout: cfg.ShutdownTimeout,
		cache: cfg.Cache, metricsToken: cfg.MetricsToken, proxies: cfg.Proxies, ids: newRequestIDs(),
		requests: newRequestMetrics(), registry: &metrics.Registry{}}
	s.registry.Add(s.requests)
	if s.cache != nil {
		s.registry.Add(metrics.SourceFunc(func(w *metrics.Writer) { s.cache.WriteMetrics(w) }))
	}
	if cfg.Metrics != nil {
		s.registry.Add(cfg.Metrics)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	if s.panicked == nil {
		s.panicked = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			web.PlainError(w, http.StatusInternalServerError, "Something went wrong")
		})
	}
	if s.shutdownTimeout <= 0 {
		s.shutdownTimeout = 15 * time.Second
	}
	s.handler = s.routes()
	return s, nil
}

// Handler is everything the server answers, middleware included: what Run
// serves, and what tests drive through httptest.
func (s *Server) Handler() http.Handler { return s.handler }

// routes mounts the surfaces and wraps them in the middleware, listed in
// the order a request meets them.
func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", healthz)
	mux.HandleFunc("GET /readyz", s.readyz)
	mux.HandleFunc("GET /metrics", s.metrics)
	if s.admin != nil {
		mux.Handle("/admin/", s.admin)
	}
	if s.api != nil {
		mux.Handle("/api/v1/", publicReads(s.api))
	}
	mux.Handle("/", publicReads(s.site))
	return chain(mux,
		s.logRequests,   // outermost, so that even a panic gets its line
		s.recoverPanics, // the 500 page, and the server keeps running
		s.securityHeaders,
		limitRequests, // before anything parses the address
		s.limitExpensive,
		s.countViews, // outside the page cache, so a cached answer counts
		s.pageCache,  // keeps answers with their view marks; hits go no further
		compress,     // inside the cache, for what the cache does not consider
	)
}

// publicReads marks the reads of a reader's public request, a GET or HEAD
// of the site or of the API without credentials, as ones a replica of
// the database may answer (store.Replica; --db-replica). The newsroom,
// the API with a token and every other method read from the primary,
// which has their own writes; a store without a replica ignores the mark.
func publicReads(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if (r.Method == http.MethodGet || r.Method == http.MethodHead) && r.Header.Get("Authorization") == "" {
			r = r.WithContext(store.Replica(r.Context()))
		}
		next.ServeHTTP(w, r)
	})
}

// chain wraps h in middleware, the first in the list outermost.
func chain(h http.Handler, mw ...func(http.Handler) http.Handler) http.Handler {
	for i := len(mw) - 1; i >= 0; i-- {
		h = mw[i](h)
	}
	return h
}

// healthz answers as soon as the server serves: it is alive.
func healthz(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	fmt.Fprintln(w, "ok")
}

// readyTimeout bounds the readiness check, so that a stuck database makes
// the probe fail rather than hang.
const readyTimeout = 3 * time.Second

// readyz answers 200 while the store can serve, so that a load balancer
// sends readers only to servers that can answer them. The reason for a 503
// is logged; the answer says only what is not ready. A server whose disk
// refuses writes still serves readers: it answers 200, and its body
// begins "degraded:" and names each refusal (which the store has logged).
func (s *Server) readyz(w http.ResponseWriter, r *http.Request) {
	if s.ready != nil {
		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := s.ready(ctx); err != nil {
			s.log.Warn("not ready", slog.Any("err", err))
			web.PlainError(w, http.StatusServiceUnavailable, "not ready: the database is unreachable or not up to date")
			return
		}
	}
	if s.degraded != nil {
		if err := s.degraded(); err != nil {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("Cache-Control", "no-store")
			fmt.Fprintf(w, "degraded: readers are served, writes are refused\n%s\n", err)
			return
		}
	}
	healthz(w, r)
}

// Run serves on ln until ctx is done, then stops taking requests, waits
// up to the shutdown timeout for those in flight, and returns nil. It
// returns an error when serving fails or the requests in flight outlast
// the timeout.
func (s *Server) Run(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      60 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(s.log.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	s.log.Info("shutting down")
	stop, cancel := context.WithTimeout(context.Background(), s.shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(stop); err != nil {
		srv.Close() // cut the connections that would not finish
		<-errc
		return fmt.Errorf("shutdown: %w", err)
	}
	<-errc
	return nil
}
