package auth

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCSRF(t *testing.T) {
	ok := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("done")) })
	h := CSRF(ok)
	cases := []struct {
		name, method string
		headers      map[string]string
		status       int
	}{
		{"a same-origin form post passes", "POST", map[string]string{"Sec-Fetch-Site": "same-origin"}, 200},
		{"a post from a bookmark or typed address passes", "POST", map[string]string{"Sec-Fetch-Site": "none"}, 200},
		{"a cross-site form post is refused", "POST", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"a post from a sibling subdomain is refused", "POST", map[string]string{"Sec-Fetch-Site": "same-site"}, 403},
		{"a delete from another site is refused", "DELETE", map[string]string{"Sec-Fetch-Site": "cross-site"}, 403},
		{"an old browser's post with a foreign Origin is refused", "POST", map[string]string{"Origin": "https://evil.example"}, 403},
		{"an old browser's post with our own Origin passes", "POST", map[string]string{"Origin": "https://news.example"}, 200},
		{"a cross-site link (GET) passes", "GET", map[string]string{"Sec-Fetch-Site": "cross-site"}, 200},
		{"an API client without browser headers passes", "POST", map[string]string{"Authorization": "Bearer dl_x"}, 200},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest(tc.method, "https://news.example/admin/articles", strings.NewReader("title=x"))
			for k, v := range tc.headers {
				r.Header.Set(k, v)
			}
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code != tc.status {
				t.Fatalf("status = %d, want %d", w.Code, tc.status)
			}
			want := "done"
			if tc.status == 403 {
				want = CrossSiteRefused + "\n"
			}
			if w.Body.String() != want {
				t.Errorf("body = %q, want %q", w.Body.String(), want)
			}
		})
	}
}
