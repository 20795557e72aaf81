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
		{"an API client with a bearer token and no browser headers passes", "POST", map[string]string{"Authorization": "Bearer dl_x"}, 200},
		{"a post with neither Sec-Fetch-Site nor Origin is refused", "POST", nil, 403},
		{"a put with neither is refused", "PUT", nil, 403},
		{"a patch with neither is refused", "PATCH", nil, 403},
		{"a delete with neither is refused", "DELETE", nil, 403},
		{"another scheme in Authorization does not excuse a post without either", "POST", map[string]string{"Authorization": "Basic YTpi"}, 403},
		{"an empty bearer token does not excuse it", "POST", map[string]string{"Authorization": "Bearer "}, 403},
		{"a GET with neither passes", "GET", nil, 200},
		{"a HEAD with neither passes", "HEAD", nil, 200},
		{"an OPTIONS with neither passes", "OPTIONS", nil, 200},
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
			switch {
			case tc.status == 403 && tc.headers["Sec-Fetch-Site"] == "" && tc.headers["Origin"] == "":
				want = NoOriginRefused + "\n"
			case tc.status == 403:
				want = CrossSiteRefused + "\n"
			}
			if w.Body.String() != want {
				t.Errorf("body = %q, want %q", w.Body.String(), want)
			}
		})
	}
}
