package site_test

import (
	"log/slog"
	"net/http"
	"testing"

	"dateline/internal/proxy"
	"dateline/internal/server"
	"dateline/internal/site"
)

// frontDoor puts the site behind the same front door as `dateline serve`
// (its middleware, and the site's 500 page after a panic), so that tests
// see what readers get.
func frontDoor(t testing.TB, s *site.Site, log *slog.Logger) http.Handler {
	t.Helper()
	return frontDoorBehind(t, s, log, nil)
}

// frontDoorBehind is frontDoor believing the forwarded addresses of the
// trusted proxies, as serve's --trusted-proxies.
func frontDoorBehind(t testing.TB, s *site.Site, log *slog.Logger, proxies *proxy.Trusted) http.Handler {
	t.Helper()
	srv, err := server.New(server.Config{Site: s.Handler(), Panicked: http.HandlerFunc(s.ServeInternalError),
		Logger: log, Proxies: proxies})
	if err != nil {
		t.Fatal(err)
	}
	return srv.Handler()
}
