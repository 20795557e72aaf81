package server_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"

	"dateline/internal/readership"
	"dateline/internal/server"
)

// viewStore keeps what the view counter writes.
type viewStore struct {
	mu    sync.Mutex
	views map[int64]int
}

func (s *viewStore) AddViews(ctx context.Context, counts map[int64]int, day string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	for id, n := range counts {
		s.views[id] += n
	}
	return nil
}

const browser = "Mozilla/5.0 (X11; Linux x86_64; rv:140.0) Gecko/20100101 Firefox/140.0"

// articles answers like the site: /story/ is article 42 and is marked as a
// reading; /gone/ is an error page, /moved/ a redirect, /same/ a 304 and
// /silent/ marks but writes nothing itself.
func articles() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/story/":
			readership.MarkView(w.Header(), 42)
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<h1>Kremlin signals new talks</h1>")
		case "/gone/":
			readership.MarkView(w.Header(), 43)
			w.WriteHeader(http.StatusGone)
		case "/moved/":
			readership.MarkView(w.Header(), 44)
			http.Redirect(w, r, "/story/", http.StatusMovedPermanently)
		case "/same/":
			readership.MarkView(w.Header(), 45)
			w.WriteHeader(http.StatusNotModified)
		case "/silent/":
			readership.MarkView(w.Header(), 46)
		case "/home/":
			io.WriteString(w, "not an article")
		}
	})
}

// TestViewsAreCountedAtTheFrontDoor serves marked answers through the real
// middleware and a real view counter: only a 200 answer to a browser's GET
// is a reading, and the mark never reaches the reader.
func TestViewsAreCountedAtTheFrontDoor(t *testing.T) {
	cases := []struct {
		name, method, path, agent string
		article                   int64
		views                     int
	}{
		{"an article served twice counts two views", "GET", "/story/", browser, 42, 2},
		{"a robot's visits count none", "GET", "/story/", "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 42, 0},
		{"a request without a user agent counts none", "GET", "/story/", "", 42, 0},
		{"a HEAD is no reading", "HEAD", "/story/", browser, 42, 0},
		{"an error page is no reading", "GET", "/gone/", browser, 43, 0},
		{"a redirect is no reading", "GET", "/moved/", browser, 44, 0},
		{"a 304 is no reading", "GET", "/same/", browser, 45, 0},
		{"an answer written by net/http after the handler counts", "GET", "/silent/", browser, 46, 2},
		{"a page without a mark counts nothing", "GET", "/home/", browser, 0, 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			st := &viewStore{views: map[int64]int{}}
			counter := readership.NewViewCounter(readership.ViewCounterConfig{Store: st})
			h := newServer(t, server.Config{Site: articles(), Views: counter}).Handler()
			for range 2 {
				req := httptest.NewRequest(tc.method, tc.path, nil)
				req.Header.Set("User-Agent", tc.agent)
				req.Header.Set("Accept-Encoding", "gzip")
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if v := rec.Result().Header.Get(readership.ViewHeader); v != "" {
					t.Errorf("the view mark left the process: %q", v)
				}
			}
			if err := counter.Flush(context.Background()); err != nil {
				t.Fatal(err)
			}
			total := 0
			for _, n := range st.views {
				total += n
			}
			if st.views[tc.article] != tc.views || total != tc.views {
				t.Errorf("views = %v, want %d of article %d", st.views, tc.views, tc.article)
			}
		})
	}
}

// TestTheMarkNeverLeavesARealServer checks the headers on the wire, where
// net/http writes them after the handler returns.
func TestTheMarkNeverLeavesARealServer(t *testing.T) {
	srv := httptest.NewServer(newServer(t, server.Config{Site: articles()}).Handler())
	defer srv.Close()
	for _, path := range []string{"/story/", "/gone/", "/silent/"} {
		res, err := http.Get(srv.URL + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if v := res.Header.Get(readership.ViewHeader); v != "" {
			t.Errorf("GET %s: the view mark left the process: %q", path, v)
		}
	}
}
