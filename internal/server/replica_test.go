package server_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"dateline/internal/server"
	"dateline/internal/store"
)

// A reader's GET or HEAD of the site, or of the API without credentials,
// may be read from a replica; the newsroom, the API with a token and
// every other method read from the primary.
func TestOnlyReadersPublicReadsAreMarkedForTheReplica(t *testing.T) {
	var marked bool
	record := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { marked = store.OnReplica(r.Context()) })
	srv, err := server.New(server.Config{Site: record, Admin: record, API: record})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		method, path, auth string
		want               bool
	}{
		{"GET", "/", "", true},
		{"HEAD", "/2025/07/14/floods/", "", true},
		{"GET", "/search?q=floods", "", true},
		{"GET", "/sitemap.xml", "", true},
		{"GET", "/api/v1/articles", "", true},
		{"GET", "/api/v1/articles", "Bearer dl_x", false},
		{"POST", "/comments/", "", false},
		{"GET", "/admin/", "", false},
		{"GET", "/admin/articles/7", "", false},
		{"POST", "/admin/articles/7", "", false},
		{"PATCH", "/api/v1/articles/7", "Bearer dl_x", false},
	} {
		marked = !tc.want
		r := httptest.NewRequest(tc.method, "http://news.example"+tc.path, nil)
		if tc.auth != "" {
			r.Header.Set("Authorization", tc.auth)
		}
		srv.Handler().ServeHTTP(httptest.NewRecorder(), r)
		if marked != tc.want {
			t.Errorf("%s %s (Authorization %q): marked for the replica %v, want %v", tc.method, tc.path, tc.auth, marked, tc.want)
		}
	}
}
