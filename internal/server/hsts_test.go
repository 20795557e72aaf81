package server_test

import (
	"crypto/tls"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"dateline/internal/cache"
	"dateline/internal/proxy"
	"dateline/internal/server"
	"dateline/internal/web"
)

func trusted(t *testing.T, list string) *proxy.Trusted {
	t.Helper()
	p, err := proxy.Parse(list)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// request is a GET of path from peer, over TLS when tls is set, with the
// X-Forwarded-Proto a proxy would add when proto is set.
func request(path, peer string, overTLS bool, proto string) *http.Request {
	r := httptest.NewRequest("GET", "http://news.example"+path, nil)
	r.RemoteAddr = peer
	if overTLS {
		r.TLS = &tls.ConnectionState{}
	}
	if proto != "" {
		r.Header.Set("X-Forwarded-Proto", proto)
	}
	return r
}

func TestHSTSIsSentOnlyOverHTTPS(t *testing.T) {
	const proxyPeer, stranger = "10.0.0.1:4000", "203.0.113.7:50000"
	cases := []struct {
		name    string
		trusted string
		peer    string
		tls     bool
		proto   string
		want    bool
	}{
		{"a direct TLS connection", "", stranger, true, "", true},
		{"plain HTTP", "", stranger, false, "", false},
		{"a trusted proxy saying https", "10.0.0.0/8", proxyPeer, false, "https", true},
		{"a trusted proxy saying http", "10.0.0.0/8", proxyPeer, false, "http", false},
		{"a trusted proxy saying nothing", "10.0.0.0/8", proxyPeer, false, "", false},
		{"an untrusted peer claiming https", "10.0.0.0/8", stranger, false, "https", false},
		{"a proxy claiming https when no proxy is trusted", "", proxyPeer, false, "https", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := newServer(t, server.Config{Admin: says("admin"), Proxies: trusted(t, tc.trusted)}).Handler()
			for _, path := range []string{"/", "/2025/01/02/story/", "/admin/", "/healthz"} {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, request(path, tc.peer, tc.tls, tc.proto))
				got := rec.Header().Values("Strict-Transport-Security")
				switch {
				case tc.want && (len(got) != 1 || got[0] != "max-age=31536000"):
					t.Errorf("GET %s: Strict-Transport-Security = %q, want max-age=31536000 once", path, got)
				case !tc.want && len(got) != 0:
					t.Errorf("GET %s: Strict-Transport-Security = %q over plain HTTP", path, got)
				}
			}
		})
	}
}

// A page kept by the cache is answered to every reader, but HSTS follows
// each request's own scheme: the cache never keeps it.
func TestACachedPageCarriesHSTSOnlyToAReaderOverHTTPS(t *testing.T) {
	renders := 0
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		renders++
		web.Depends(w, "home")
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=60")
		io.WriteString(w, "<h1>Front page</h1>")
	})
	c := cache.New(cache.Config{Tags: func(h http.Header) []string {
		tags := web.Tags(h)
		h.Del(web.TagsHeader)
		return tags
	}})
	h := newServer(t, server.Config{Site: site, Cache: c, Proxies: trusted(t, "10.0.0.1")}).Handler()
	steps := []struct {
		name  string
		req   *http.Request
		hsts  bool
		cache string
	}{
		{"the first reader, over HTTPS through the proxy, renders the page", request("/", "10.0.0.1:4000", false, "https"), true, "miss"},
		{"a reader over plain HTTP gets the kept page without HSTS", request("/", "203.0.113.7:50000", false, ""), false, "hit"},
		{"a reader over HTTPS gets the kept page with HSTS", request("/", "203.0.113.8:50000", true, ""), true, "hit"},
	}
	for _, step := range steps {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, step.req)
		if rec.Code != http.StatusOK || rec.Body.String() != "<h1>Front page</h1>" {
			t.Fatalf("%s: got %d %q", step.name, rec.Code, rec.Body)
		}
		if got := rec.Header().Get("Cache-Status"); !strings.Contains(got, step.cache) {
			t.Errorf("%s: Cache-Status %q, want a %s", step.name, got, step.cache)
		}
		if got := rec.Header().Get("Strict-Transport-Security") != ""; got != step.hsts {
			t.Errorf("%s: HSTS sent = %v, want %v", step.name, got, step.hsts)
		}
	}
	if renders != 1 {
		t.Errorf("the page was rendered %d times, want once (the later readers were answered from the cache)", renders)
	}
}
