package cache

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestCDNsAreToldWhichTagsPurgeAnAnswerWithinTheirLimits(t *testing.T) {
	var tags []string
	for i := range 120 {
		tags = append(tags, fmt.Sprintf("article:%d", i))
	}
	tags = append(tags, "home", "settings", strings.Repeat("x", 300), "tag:with space")
	h := http.Header{"Cache-Control": {"public, max-age=42"}}
	cdnHeaders(h, tags)
	keys := strings.Fields(h.Get("Surrogate-Key"))
	if len(keys) != MaxSurrogateKeys {
		t.Fatalf("%d keys, want %d", len(keys), MaxSurrogateKeys)
	}
	for _, want := range []string{"home", "settings", SurrogateKey(strings.Repeat("x", 300)), SurrogateKey("tag:with space")} {
		found := false
		for _, k := range keys {
			found = found || k == want
		}
		if !found {
			t.Errorf("%q missing: the lists come before the single things", want)
		}
	}
	for _, k := range keys {
		if len(k) > maxKeyLen || strings.ContainsAny(k, " ,\"") {
			t.Errorf("key %q breaks the CDNs' rules", k)
		}
	}
	if got := strings.Split(h.Get("Cache-Tag"), ","); len(got) != len(keys) {
		t.Errorf("Cache-Tag lists %d, Surrogate-Key %d", len(got), len(keys))
	}
	if got := h.Get("Cache-Control"); got != "public, max-age=42, s-maxage=42, stale-while-revalidate=60, stale-if-error=86400" {
		t.Errorf("Cache-Control = %q", got)
	}
	if SurrogateKey("article:42") != "article:42" || !strings.HasPrefix(SurrogateKey(strings.Repeat("y", 256)), "h:") {
		t.Error("short plain tags stay as they are, long ones are hashed")
	}
}

func TestOnlyTheCachesInFrontAreToldAPagesTags(t *testing.T) {
	fromCDN := func(r *http.Request) bool { return r.Header.Get("X-Test-From") == "cdn" }
	c := New(Config{CDN: fromCDN, Tags: func(h http.Header) []string {
		return []string{"article:7", "home"}
	}})
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		w.Header().Set("Cache-Control", "public, max-age=60")
		w.Write([]byte("<p>news</p>"))
	}))
	ask := func(from string) http.Header {
		r := httptest.NewRequest(http.MethodGet, "http://news.example/a/", nil)
		r.Header.Set("X-Test-From", from)
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)
		return w.Header()
	}
	for _, from := range []string{"browser", "cdn", "browser"} { // the miss, then hits
		got := ask(from)
		wantKeys := from == "cdn"
		if (got.Get("Surrogate-Key") != "") != wantKeys || (got.Get("Cache-Tag") != "") != wantKeys {
			t.Errorf("asked by a %s: Surrogate-Key %q, Cache-Tag %q", from, got.Get("Surrogate-Key"), got.Get("Cache-Tag"))
		}
		if !strings.Contains(got.Get("Cache-Control"), "s-maxage=60") {
			t.Errorf("asked by a %s: Cache-Control %q lacks the CDN's s-maxage", from, got.Get("Cache-Control"))
		}
	}
	if got := ask("cdn").Get("Surrogate-Key"); got != "home article:7" {
		t.Errorf("Surrogate-Key %q", got)
	}
}
