package server_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"dateline/internal/server"
	"dateline/internal/web"
)

// TestDependencyTagsNeverLeaveTheProcess serves answers that declare
// their tags (web.Depends) in every way a handler may answer, through the
// real middleware and a real listener: the tags are for the page cache
// inside the front door, never for the reader.
func TestDependencyTagsNeverLeaveTheProcess(t *testing.T) {
	site := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		web.Depends(w, "home", "article:42", "settings")
		switch r.URL.Path {
		case "/page/":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			io.WriteString(w, "<h1>Front page</h1>")
		case "/status/":
			w.WriteHeader(http.StatusNotFound)
		case "/moved/":
			http.Redirect(w, r, "/page/", http.StatusMovedPermanently)
		case "/same/":
			w.WriteHeader(http.StatusNotModified)
		case "/silent/":
			// Nothing written: net/http sends the headers afterwards.
		}
	})
	cases := []struct {
		name, method, path string
		status             int
	}{
		{"a page written by the handler", "GET", "/page/", http.StatusOK},
		{"a HEAD of the page", "HEAD", "/page/", http.StatusOK},
		{"a status written without a body", "GET", "/status/", http.StatusNotFound},
		{"a redirect", "GET", "/moved/", http.StatusMovedPermanently},
		{"a 304", "GET", "/same/", http.StatusNotModified},
		{"an answer net/http writes after the handler returned", "GET", "/silent/", http.StatusOK},
	}
	srv := httptest.NewServer(newServer(t, server.Config{Site: site}).Handler())
	defer srv.Close()
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, encoding := range []string{"", "gzip"} {
				req, err := http.NewRequest(tc.method, srv.URL+tc.path, nil)
				if err != nil {
					t.Fatal(err)
				}
				if encoding != "" {
					req.Header.Set("Accept-Encoding", encoding)
				}
				res, err := client.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != tc.status {
					t.Errorf("%s %s (Accept-Encoding %q) = %d, want %d", tc.method, tc.path, encoding, res.StatusCode, tc.status)
				}
				if v := res.Header.Values(web.TagsHeader); len(v) > 0 {
					t.Errorf("%s %s (Accept-Encoding %q): the tags left the process: %q", tc.method, tc.path, encoding, v)
				}
			}
		})
	}
}
