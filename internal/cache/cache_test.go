package cache_test

import (
	"bytes"
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"dateline/internal/cache"
	"dateline/internal/clock"
)

// tagsHeader is where the test pages declare their tags.
const tagsHeader = "Test-Tags"

func readTags(h http.Header) []string {
	tags := strings.Fields(h.Get(tagsHeader))
	h.Del(tagsHeader)
	return tags
}

// site is a handler whose pages count their renders: /a/ and /b/ are
// public pages with tags, the rest behave as their path says.
type site struct {
	renders  atomic.Int64
	fail     atomic.Bool
	release  chan struct{} // when set, renders wait for it
	body     string
	bodyLock sync.Mutex
}

func (s *site) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	s.renders.Add(1)
	if s.release != nil {
		<-s.release
	}
	if s.fail.Load() {
		http.Error(w, "database is down", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "public, max-age=60")
	if strings.HasPrefix(r.URL.Path, "/page/") {
		h.Set(tagsHeader, "page:"+r.URL.Path)
	}
	switch r.URL.Path {
	case "/a/":
		h.Set(tagsHeader, "article:1 home")
	case "/b/":
		h.Set(tagsHeader, "article:2 section:world")
	case "/cookie/":
		h.Set(tagsHeader, "home")
		h.Set("Set-Cookie", "seen=1")
	case "/private/":
		h.Set(tagsHeader, "home")
		h.Set("Cache-Control", "private, max-age=60")
	case "/untagged/":
	case "/missing/":
		h.Set(tagsHeader, "home")
		w.WriteHeader(http.StatusNotFound)
	case "/moved/", "/found/":
		// An old address of article 1: where it leads follows its slug.
		h.Set(tagsHeader, "article:1")
		status := http.StatusMovedPermanently
		if r.URL.Path == "/found/" {
			status = http.StatusFound
		}
		http.Redirect(w, r, "/a/?"+s.body, status)
		return
	}
	s.bodyLock.Lock()
	body := s.body
	s.bodyLock.Unlock()
	io.WriteString(w, "<p>"+r.URL.Path+" "+body+strings.Repeat(" news", 400)+"</p>")
}

func (s *site) setBody(b string) {
	s.bodyLock.Lock()
	defer s.bodyLock.Unlock()
	s.body = b
}

func newCache(t *testing.T, cfg cache.Config) (*cache.Cache, http.Handler, *site, *clock.Fake) {
	t.Helper()
	s := &site{}
	clk := clock.NewFake(time.Date(2025, 7, 14, 7, 0, 0, 0, time.UTC))
	cfg.Tags, cfg.Now = readTags, clk.Now
	c := cache.New(cfg)
	return c, c.Handler(s), s, clk
}

func get(h http.Handler, path string, headers ...string) *httptest.ResponseRecorder {
	return do(h, http.MethodGet, path, headers...)
}

func do(h http.Handler, method, path string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(method, "http://news.example"+path, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Set(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

func TestAPageIsRenderedOnceAndThenAnsweredFromTheCache(t *testing.T) {
	c, h, s, _ := newCache(t, cache.Config{})
	first := get(h, "/a/")
	second := get(h, "/a/")
	if s.renders.Load() != 1 {
		t.Fatalf("rendered %d times, want once", s.renders.Load())
	}
	if first.Body.String() != second.Body.String() || second.Code != http.StatusOK {
		t.Errorf("the cached answer differs: %d %q", second.Code, second.Body.String()[:20])
	}
	if got := second.Header().Get("Cache-Status"); got != "dateline; hit" {
		t.Errorf("Cache-Status = %q", got)
	}
	if second.Header().Get(tagsHeader) != "" || first.Header().Get(tagsHeader) != "" {
		t.Error("the declared tags left the process")
	}
	if second.Header().Get("Content-Length") != first.Header().Get("Content-Length") || second.Header().Get("ETag") == "" {
		t.Errorf("headers: %v", second.Header())
	}
	if n := c.Stats().Hits.Load(); n != 1 {
		t.Errorf("hits = %d", n)
	}
}

func TestAnEventPurgesExactlyThePagesHoldingItsTags(t *testing.T) {
	c, h, s, _ := newCache(t, cache.Config{})
	get(h, "/a/")
	get(h, "/b/")
	for _, tc := range []struct {
		name       string
		tags       []string
		wantRender map[string]bool
	}{
		{"a tag no page holds purges nothing", []string{"tag:floods"}, map[string]bool{"/a/": false, "/b/": false}},
		{"the home page's tag purges only the home page", []string{"home"}, map[string]bool{"/a/": true, "/b/": false}},
		{"a section's tag purges only its pages", []string{"section:world"}, map[string]bool{"/a/": false, "/b/": true}},
		{"two tags purge both", []string{"article:1", "article:2"}, map[string]bool{"/a/": true, "/b/": true}},
		{"everything purges everything", []string{cache.AllTags}, map[string]bool{"/a/": true, "/b/": true}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c.Purge(tc.tags...)
			for path, want := range tc.wantRender {
				before := s.renders.Load()
				get(h, path)
				if rendered := s.renders.Load() > before; rendered != want {
					t.Errorf("%s rendered again: %v, want %v", path, rendered, want)
				}
			}
		})
	}
}

func decode(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	var r io.Reader = w.Body
	switch w.Header().Get("Content-Encoding") {
	case "gzip":
		zr, err := gzip.NewReader(w.Body)
		if err != nil {
			t.Fatal(err)
		}
		r = zr
	case "br":
		r = brotli.NewReader(w.Body)
	}
	b, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestTheCodingFollowsAcceptEncoding(t *testing.T) {
	_, h, _, _ := newCache(t, cache.Config{})
	plain := get(h, "/a/").Body.String()
	for _, tc := range []struct {
		accept, want string
		status       int
	}{
		{"", "", http.StatusOK},
		{"gzip", "gzip", http.StatusOK},
		{"gzip, deflate, br", "br", http.StatusOK},
		{"br;q=0.5, gzip;q=0.8", "gzip", http.StatusOK},
		{"br;q=0, gzip;q=0", "", http.StatusOK},
		{"identity", "", http.StatusOK},
		{"*", "br", http.StatusOK},
		{"x-gzip", "gzip", http.StatusOK},
		{"gzip;q=nonsense", "", http.StatusOK},
		{"identity;q=0", "", http.StatusNotAcceptable},
		{"*;q=0", "", http.StatusNotAcceptable},
		{"identity;q=0, gzip", "gzip", http.StatusOK},
	} {
		w := get(h, "/a/", "Accept-Encoding", tc.accept)
		if w.Code != tc.status || w.Header().Get("Content-Encoding") != tc.want {
			t.Errorf("Accept-Encoding %q: %d %q, want %d %q", tc.accept, w.Code, w.Header().Get("Content-Encoding"), tc.status, tc.want)
			continue
		}
		if w.Code != http.StatusOK {
			continue
		}
		if got := decode(t, w); got != plain {
			t.Errorf("Accept-Encoding %q: the body differs once decoded", tc.accept)
		}
		if w.Header().Get("Vary") != "Accept-Encoding" || w.Header().Get("Content-Length") == "" {
			t.Errorf("Accept-Encoding %q: headers %v", tc.accept, w.Header())
		}
	}
}

func TestAClientThatHasThePageGets304(t *testing.T) {
	_, h, s, _ := newCache(t, cache.Config{})
	for _, coding := range []string{"", "gzip", "br"} {
		first := get(h, "/a/", "Accept-Encoding", coding)
		etag := first.Header().Get("ETag")
		again := get(h, "/a/", "Accept-Encoding", coding, "If-None-Match", `"other", W/`+etag)
		if again.Code != http.StatusNotModified || again.Body.Len() != 0 || again.Header().Get("ETag") != etag {
			t.Errorf("coding %q: %d with %d bytes, ETag %q", coding, again.Code, again.Body.Len(), again.Header().Get("ETag"))
		}
		if other := get(h, "/a/", "Accept-Encoding", coding, "If-None-Match", `"not-it"`); other.Code != http.StatusOK {
			t.Errorf("coding %q with another validator: %d", coding, other.Code)
		}
	}
	if a, b := get(h, "/a/").Header().Get("ETag"), get(h, "/a/", "Accept-Encoding", "gzip").Header().Get("ETag"); a == b {
		t.Errorf("identity and gzip share the validator %s", a)
	}
	if s.renders.Load() != 1 {
		t.Errorf("rendered %d times", s.renders.Load())
	}
}

func TestHEADIsAnsweredWithTheHeadersAlone(t *testing.T) {
	_, h, s, _ := newCache(t, cache.Config{})
	head := do(h, http.MethodHead, "/a/")
	if head.Code != http.StatusOK || head.Body.Len() != 0 || head.Header().Get("Content-Length") == "0" {
		t.Errorf("HEAD on a miss: %d, %d bytes, length %q", head.Code, head.Body.Len(), head.Header().Get("Content-Length"))
	}
	again := do(h, http.MethodHead, "/a/")
	full := get(h, "/a/")
	if again.Body.Len() != 0 || again.Header().Get("Content-Length") != full.Header().Get("Content-Length") || s.renders.Load() != 1 {
		t.Errorf("HEAD on a hit: %d bytes, length %q (GET %q), %d renders",
			again.Body.Len(), again.Header().Get("Content-Length"), full.Header().Get("Content-Length"), s.renders.Load())
	}
}

func TestManyMissesForOnePageRenderItOnce(t *testing.T) {
	c, h, s, _ := newCache(t, cache.Config{MaxRenders: 4})
	s.release = make(chan struct{})
	var wg sync.WaitGroup
	codes := make([]int, 1000)
	for i := range codes {
		wg.Go(func() { codes[i] = get(h, "/a/", "Accept-Encoding", "gzip").Code })
	}
	// Let the one render finish once every request has asked.
	for c.Stats().Misses.Load() < int64(len(codes)) {
		time.Sleep(time.Millisecond)
	}
	close(s.release)
	wg.Wait()
	if n := s.renders.Load(); n != 1 {
		t.Errorf("1,000 concurrent misses rendered %d times, want once", n)
	}
	for i, code := range codes {
		if code != http.StatusOK {
			t.Fatalf("request %d: %d", i, code)
		}
	}
}

func TestAPageThatCannotBeRenderedIsServedFromItsLastCopy(t *testing.T) {
	c, h, s, _ := newCache(t, cache.Config{})
	good := get(h, "/a/").Body.String()
	c.Purge("home")
	s.fail.Store(true)
	w := get(h, "/a/")
	if w.Code != http.StatusOK || w.Body.String() != good || !strings.Contains(w.Header().Get("Cache-Status"), "stale-if-error") {
		t.Errorf("with the store failing: %d %q", w.Code, w.Header().Get("Cache-Status"))
	}
	if n := c.Stats().StaleIfError.Load(); n != 1 {
		t.Errorf("stale-if-error served %d, want counted once", n)
	}
	if w := get(h, "/b/"); w.Code != http.StatusInternalServerError {
		t.Errorf("a page never kept, with the store failing: %d", w.Code)
	}
	s.fail.Store(false)
	if w := get(h, "/a/"); w.Header().Get("Cache-Status") != "dateline; fwd=miss" {
		t.Errorf("once the store is back: %q", w.Header().Get("Cache-Status"))
	}
}

func TestAnOldPageIsServedWhileOneRequestRendersItAgain(t *testing.T) {
	c, h, s, clk := newCache(t, cache.Config{MaxAge: time.Minute})
	get(h, "/a/")
	clk.Advance(59 * time.Second)
	if w := get(h, "/a/"); w.Header().Get("Cache-Status") != "dateline; hit" {
		t.Errorf("at 59 s: %q", w.Header().Get("Cache-Status"))
	}
	clk.Advance(2 * time.Second)
	s.setBody("updated sidebar")
	w := get(h, "/a/")
	if !strings.Contains(w.Header().Get("Cache-Status"), "stale-while-revalidate") || strings.Contains(w.Body.String(), "updated") {
		t.Errorf("at 61 s: %q", w.Header().Get("Cache-Status"))
	}
	deadline := time.Now().Add(5 * time.Second)
	for s.renders.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(time.Millisecond)
	}
	for c.Stats().Entries.Load() == 0 || !strings.Contains(get(h, "/a/").Body.String(), "updated") {
		if time.Now().After(deadline) {
			t.Fatal("the page was not rendered again in the background")
		}
		time.Sleep(time.Millisecond)
	}
}

func TestAnswersThatMustNotBeKept(t *testing.T) {
	for _, tc := range []struct {
		name, method, path string
		headers            []string
	}{
		{"a page that sets a cookie", http.MethodGet, "/cookie/", nil},
		{"a private page", http.MethodGet, "/private/", nil},
		{"a page that declares no tags", http.MethodGet, "/untagged/", nil},
		{"a 404", http.MethodGet, "/missing/", nil},
		{"a POST", http.MethodPost, "/a/", nil},
		{"a request with credentials", http.MethodGet, "/a/", []string{"Authorization", "Bearer x"}},
		{"a range request", http.MethodGet, "/a/", []string{"Range", "bytes=0-10"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, h, s, _ := newCache(t, cache.Config{})
			first := do(h, tc.method, tc.path, tc.headers...)
			do(h, tc.method, tc.path, tc.headers...)
			if s.renders.Load() != 2 {
				t.Errorf("rendered %d times, want every time", s.renders.Load())
			}
			if first.Header().Get(tagsHeader) != "" {
				t.Error("the declared tags left the process")
			}
		})
	}
	_, h, _, _ := newCache(t, cache.Config{Bypass: func(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/a/") }})
	if w := get(h, "/a/"); w.Header().Get("Cache-Status") != "" {
		t.Errorf("a bypassed request went through the cache: %q", w.Header().Get("Cache-Status"))
	}
}

func TestAPermanentRedirectWithTagsIsKeptAndPurgedByThem(t *testing.T) {
	c, h, s, _ := newCache(t, cache.Config{})
	s.setBody("first")
	first := get(h, "/moved/")
	second := do(h, http.MethodHead, "/moved/")
	if s.renders.Load() != 1 {
		t.Fatalf("rendered %d times, want once", s.renders.Load())
	}
	for _, w := range []*httptest.ResponseRecorder{first, second} {
		if w.Code != http.StatusMovedPermanently || w.Header().Get("Location") != "/a/?first" {
			t.Errorf("answered %d to %q, want 301 to /a/?first", w.Code, w.Header().Get("Location"))
		}
		if w.Header().Get("Surrogate-Key") != "article:1" {
			t.Errorf("Surrogate-Key %q, want article:1: a CDN could not purge it", w.Header().Get("Surrogate-Key"))
		}
	}
	if got := second.Header().Get("Cache-Status"); got != "dateline; hit" {
		t.Errorf("Cache-Status %q", got)
	}
	if second.Body.Len() != 0 {
		t.Errorf("HEAD answered a body of %d bytes", second.Body.Len())
	}
	if w := get(h, "/moved/", "If-None-Match", first.Header().Get("ETag")); w.Code != http.StatusMovedPermanently {
		t.Errorf("a client holding the redirect's validator got %d, want the redirect again", w.Code)
	}

	s.setBody("renamed")
	c.Purge("section:world")
	if w := get(h, "/moved/"); w.Header().Get("Location") != "/a/?first" || s.renders.Load() != 1 {
		t.Errorf("a purge of another tag re-rendered the redirect: %q, %d renders", w.Header().Get("Location"), s.renders.Load())
	}
	c.Purge("article:1")
	if w := get(h, "/moved/"); w.Header().Get("Location") != "/a/?renamed" || s.renders.Load() != 2 {
		t.Errorf("after the article's purge the redirect leads to %q (%d renders), want /a/?renamed", w.Header().Get("Location"), s.renders.Load())
	}
}

func TestATemporaryRedirectIsNotKept(t *testing.T) {
	_, h, s, _ := newCache(t, cache.Config{})
	get(h, "/found/")
	if w := get(h, "/found/"); w.Code != http.StatusFound || s.renders.Load() != 2 {
		t.Errorf("answered %d after %d renders, want 302 rendered every time", w.Code, s.renders.Load())
	}
}

func TestAnAnswerNotKeptIsStillCompressed(t *testing.T) {
	_, h, _, _ := newCache(t, cache.Config{})
	w := get(h, "/untagged/", "Accept-Encoding", "gzip")
	if w.Header().Get("Content-Encoding") != "gzip" || !strings.Contains(decode(t, w), "/untagged/") {
		t.Errorf("Content-Encoding %q", w.Header().Get("Content-Encoding"))
	}
}

func TestTheCacheStaysWithinItsBoundDroppingTheLeastRecentlyUsed(t *testing.T) {
	// Each page takes about 3 KB with its codings; 64 KB holds a dozen or so.
	c, h, s, _ := newCache(t, cache.Config{MaxBytes: 64 << 10})
	get(h, "/page/first/")
	for i := range 100 {
		get(h, "/page/"+strings.Repeat("x", i)+"/")
		get(h, "/page/recent/") // used all along: never the one dropped
	}
	if b := c.Stats().Bytes.Load(); b > 64<<10 || b < 32<<10 {
		t.Errorf("bytes = %d, want near but within 64 KB", b)
	}
	if c.Stats().Evictions.Load() == 0 {
		t.Error("nothing was evicted")
	}
	before := s.renders.Load()
	get(h, "/page/recent/")
	if s.renders.Load() != before {
		t.Error("the page used all along was evicted")
	}
	get(h, "/page/first/")
	if s.renders.Load() != before+1 {
		t.Error("the least recently used page was kept")
	}
}

func TestARenderOvertakenByAPurgeIsNotKeptAsFresh(t *testing.T) {
	c, h, s, _ := newCache(t, cache.Config{})
	s.release = make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		get(h, "/a/")
	}()
	for s.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	c.Purge("article:1") // the page being rendered may show what this replaced
	close(s.release)
	<-done
	s.release = nil
	get(h, "/a/")
	if n := s.renders.Load(); n != 2 {
		t.Errorf("rendered %d times, want the overtaken render not to be served again", n)
	}
}

func TestTooManyRendersAtOnceAreRefusedQuickly(t *testing.T) {
	c, h, s, _ := newCache(t, cache.Config{MaxRenders: 1})
	s.release = make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		get(h, "/a/")
	}()
	for s.renders.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	w := get(h, "/b/")
	if w.Code != http.StatusServiceUnavailable || w.Header().Get("Retry-After") == "" {
		t.Errorf("a miss past the bound: %d, Retry-After %q", w.Code, w.Header().Get("Retry-After"))
	}
	close(s.release)
	<-done
	if n := c.Stats().Shed.Load(); n != 1 {
		t.Errorf("shed = %d", n)
	}
}

func TestTheQueryIsPartOfTheKeyInAnyOrder(t *testing.T) {
	_, h, s, _ := newCache(t, cache.Config{})
	get(h, "/a/?q=rice&page=2")
	get(h, "/a/?page=2&q=rice")
	get(h, "/a/?q=fish")
	if n := s.renders.Load(); n != 2 {
		t.Errorf("rendered %d times, want 2", n)
	}
}

func TestMetricsAreInThePrometheusTextFormat(t *testing.T) {
	c, h, _, _ := newCache(t, cache.Config{})
	get(h, "/a/")
	get(h, "/a/")
	var b bytes.Buffer
	if err := c.WriteMetrics(&b); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"# TYPE dateline_cache_hits_total counter\ndateline_cache_hits_total 1\n",
		"dateline_cache_misses_total 1\n", "# TYPE dateline_cache_bytes gauge\n", "dateline_cache_entries 1\n"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("metrics lack %q:\n%s", want, b.String())
		}
	}
}

// What the cache counts against its bound is what it holds: a page written
// in many small pieces grows a buffer by doubling, and a count of lengths
// alone once let the heap hold twice the bound.
func TestTheCacheCountsTheMemoryItHolds(t *testing.T) {
	const pages, size = 100, 70_000 // 70 KB grows a buffer to 128 KB
	c := cache.New(cache.Config{MaxBytes: 1 << 30, Now: time.Now, Tags: readTags})
	h := c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain")
		w.Header().Set("Cache-Control", "public, max-age=60")
		w.Header().Set(tagsHeader, "page:"+r.URL.Path)
		// Text that does not compress, so that each coding is as big as
		// the page and spare room in any of them would show.
		var b [8]byte
		for i := 0; i < size; i += len(b) {
			seed := uint64(i+1) * 0x9E3779B97F4A7C15 * uint64(len(r.URL.Path))
			for j := range b {
				b[j] = 'a' + byte(seed>>(8*j))%26
			}
			w.Write(b[:])
		}
	}))
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range pages {
		get(h, "/page/"+strings.Repeat("x", i+1)+"/")
	}
	// Twice: the compressors kept for reuse go at the second collection.
	runtime.GC()
	runtime.GC()
	runtime.ReadMemStats(&after)
	held := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	counted := c.Stats().Bytes.Load()
	if counted < pages*size {
		t.Fatalf("the cache counts %d bytes for %d pages of %d", counted, pages, size)
	}
	if held > counted*5/4 {
		t.Errorf("the heap grew by %d bytes for the %d the cache counts", held, counted)
	}
	runtime.KeepAlive(c)
}
