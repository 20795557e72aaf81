package cache

import (
	"bytes"
	"context"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Config is what a [Cache] needs. Tags is required.
type Config struct {
	// MaxBytes bounds the memory the kept answers take, every coding
	// counted: 256 MB when zero.
	MaxBytes int64
	// MaxAge is how long an answer is fresh without an event naming it:
	// the bound on how old a block repeated on many pages may be. 60 s
	// when zero.
	MaxAge time.Duration
	// MaxRenders bounds the renders of missed pages in flight at once.
	// A miss past it gets a kept copy if there is one, or a quick 503
	// with Retry-After: never a queue without end. 64 when zero.
	MaxRenders int
	// Tags reads the dependency tags a handler declared in its answer's
	// header and removes them from it; an answer without tags is not kept.
	Tags func(h http.Header) []string
	// Bypass, when set, names requests that must not be answered from
	// the cache nor kept, whatever they declare (the newsroom, say).
	Bypass func(r *http.Request) bool
	// Mirror, when set, also writes the kept HTML pages as files for a
	// web server in front, and removes them with the purge.
	Mirror *Mirror
	// CDN, when set, names the requests that come from a CDN or a front
	// cache, the only ones told a page's tags (Surrogate-Key, Cache-Tag):
	// a browser has no use for them. Every request is told when nil.
	CDN    func(r *http.Request) bool
	Now    func() time.Time
	Logger *slog.Logger
}

// Stats are the cache's counters, for /metrics.
type Stats struct {
	Hits, Misses, Stale, StaleIfError, Purged, Evictions, Shed, Renders atomic.Int64
	Bytes, Entries                                                      atomic.Int64
}

// AllTags is the tag that purges everything.
const AllTags = "*"

// Cache is the page cache: an http middleware and the purge the change
// feed calls. Safe for concurrent use.
type Cache struct {
	cfg     Config
	store   *store
	stats   Stats
	renders chan struct{}

	mu      sync.Mutex
	flights map[string]*flight
}

// flight is one render of a missed page that other requests for it wait
// for.
type flight struct {
	done   chan struct{}
	result *rendered
}

// New makes a Cache.
func New(cfg Config) *Cache {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = 256 << 20
	}
	if cfg.MaxAge <= 0 {
		cfg.MaxAge = 60 * time.Second
	}
	if cfg.MaxRenders <= 0 {
		cfg.MaxRenders = 64
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	c := &Cache{cfg: cfg, renders: make(chan struct{}, cfg.MaxRenders), flights: map[string]*flight{}}
	c.store = newStore(cfg.MaxBytes, &c.stats)
	return c
}

// Stats are the counters so far.
func (c *Cache) Stats() *Stats { return &c.stats }

// Purge marks every kept answer holding one of tags (every answer for
// AllTags) so that the next request for it renders it again. It is the
// change feed's subscriber.
func (c *Cache) Purge(tags ...string) {
	if len(tags) == 0 {
		return
	}
	marked := c.store.purge(AllTags, tags)
	c.stats.Purged.Add(int64(len(marked)))
	if c.cfg.Mirror != nil {
		for _, e := range marked {
			c.cfg.Mirror.remove(e.mirror)
		}
	}
}

// Handler answers from the cache what it can and keeps what it may.
func (c *Cache) Handler(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !c.considered(r) {
			next.ServeHTTP(&untagging{ResponseWriter: w, tags: c.cfg.Tags}, r)
			return
		}
		var buf [256]byte // a hit makes no key of its own on the heap
		k := appendKey(buf[:0], r)
		e, purged := c.store.get(k)
		now := c.cfg.Now()
		if e != nil && !purged && now.Before(e.fresh) {
			c.stats.Hits.Add(1)
			c.serve(w, r, e, "hit")
			return
		}
		key := string(k)
		if e != nil && !purged {
			// Too old for the blocks it repeats: one request renders it
			// again, this one gets the copy at once.
			c.stats.Stale.Add(1)
			c.refreshInBackground(next, r, key)
			c.serve(w, r, e, "hit; detail=stale-while-revalidate")
			return
		}
		c.stats.Misses.Add(1)
		res, shed := c.render(next, r, key)
		switch {
		case shed && e != nil:
			c.stats.Shed.Add(1)
			c.serve(w, r, e, "hit; detail=overloaded")
		case shed:
			c.stats.Shed.Add(1)
			w.Header().Set("Retry-After", "1")
			http.Error(w, "The site is very busy; please try again in a moment.", http.StatusServiceUnavailable)
		case res.status >= 500 && e != nil:
			// The page could not be made (the database failed): the last
			// copy is better than an error, and says so.
			c.stats.StaleIfError.Add(1)
			c.serve(w, r, e, "hit; detail=stale-if-error")
		case res.entry != nil:
			c.serve(w, r, res.entry, "fwd=miss")
		default:
			res.writeTo(w, r)
		}
	})
}

// considered reports whether r may be answered from the cache at all.
func (c *Cache) considered(r *http.Request) bool {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if r.Header.Get("Authorization") != "" || r.Header.Get("Range") != "" {
		return false
	}
	return c.cfg.Bypass == nil || !c.cfg.Bypass(r)
}

// Key is what a request is kept under: the host, the path and the query
// with its parameters sorted, so that the same question asked in another
// order is the same page.
func Key(r *http.Request) string { return string(appendKey(nil, r)) }

// appendKey appends r's Key to b.
func appendKey(b []byte, r *http.Request) []byte {
	for i := 0; i < len(r.Host); i++ {
		c := r.Host[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b = append(b, c)
	}
	b = append(b, ' ')
	b = append(b, r.URL.EscapedPath()...)
	b = append(b, '?')
	q := r.URL.RawQuery
	if q != "" {
		if vals, err := url.ParseQuery(q); err == nil {
			q = vals.Encode() // sorted by key
		}
	}
	return append(b, q...)
}

// rendered is what a handler answered, captured whole.
type rendered struct {
	status int
	header http.Header
	body   []byte
	entry  *entry // when kept
}

// render makes the page once for every request waiting for it. shed is
// true when the bound on renders in flight refused it.
func (c *Cache) render(next http.Handler, r *http.Request, key string) (res *rendered, shed bool) {
	c.mu.Lock()
	if f, ok := c.flights[key]; ok {
		c.mu.Unlock()
		select {
		case <-f.done:
		case <-r.Context().Done():
			return &rendered{status: http.StatusServiceUnavailable, header: http.Header{}}, false
		}
		if f.result.entry != nil || f.result.shareable() {
			return f.result, false
		}
		// An answer meant for the one who asked (it sets a cookie) is
		// never handed to another: this request renders its own.
		return c.renderUnshared(next, r, key)
	}
	select {
	case c.renders <- struct{}{}:
	default:
		c.mu.Unlock()
		return nil, true
	}
	f := &flight{done: make(chan struct{})}
	c.flights[key] = f
	c.mu.Unlock()

	defer func() {
		<-c.renders
		c.mu.Lock()
		delete(c.flights, key)
		c.mu.Unlock()
		close(f.done)
	}()
	f.result = c.renderOnce(next, r, key)
	return f.result, false
}

// renderUnshared renders for r alone, within the bound on renders.
func (c *Cache) renderUnshared(next http.Handler, r *http.Request, key string) (*rendered, bool) {
	select {
	case c.renders <- struct{}{}:
	default:
		return nil, true
	}
	defer func() { <-c.renders }()
	return c.renderOnce(next, r, key), false
}

// shareable reports whether an answer that was not kept may still go to
// every request that waited for it: anything but one that sets a cookie.
func (res *rendered) shareable() bool { return len(res.header.Values("Set-Cookie")) == 0 }

// renderOnce runs the handler as a GET with no coding asked for (the cache
// makes the codings), and keeps the answer when it may.
func (c *Cache) renderOnce(next http.Handler, r *http.Request, key string) *rendered {
	c.stats.Renders.Add(1)
	since := c.store.began()
	inner := r.Clone(r.Context())
	inner.Method = http.MethodGet
	inner.Header.Del("Accept-Encoding")
	inner.Header.Del("If-None-Match")
	inner.Header.Del("If-Modified-Since")
	rec := &recorder{header: http.Header{}}
	next.ServeHTTP(rec, inner)
	res := &rendered{status: rec.statusOr200(), header: rec.header, body: rec.body.Bytes()}
	tags := c.cfg.Tags(res.header)
	if !keepable(res, tags) {
		return res
	}
	res.header.Del("Vary") // the cache answers by Accept-Encoding, and says so itself
	cdnHeaders(res.header, tags)
	e := &entry{key: key, status: res.status, header: res.header, tags: tags, fresh: c.cfg.Now().Add(c.cfg.MaxAge),
		mirror:       mirrorPath(r.URL.Path, r.URL.RawQuery),
		surrogateKey: slices.Clip(res.header["Surrogate-Key"]), cacheTag: slices.Clip(res.header["Cache-Tag"])}
	delete(res.header, "Surrogate-Key")
	delete(res.header, "Cache-Tag")
	e.bodies = encodeAll(res.body, res.header.Get("Content-Type"))
	e.etag = etagOf(res.body)
	e.reps = representations(e)
	e.size = int64(len(key)) + 512
	for _, b := range e.bodies {
		e.size += int64(cap(b))
	}
	for _, t := range tags {
		e.size += int64(len(t))
	}
	if c.store.put(e, since, AllTags) {
		res.entry = e
		if c.cfg.Mirror != nil && !c.store.isPurged(e) {
			c.cfg.Mirror.put(e)
			// A purge while the files were written may have found none to
			// remove: look again, now that they are there.
			if c.store.isPurged(e) {
				c.cfg.Mirror.remove(e.mirror)
			}
		}
	}
	return res
}

// keepable reports whether an answer may be kept: a 200 or a permanent
// redirect, with tags, public, and without a cookie.
func keepable(res *rendered, tags []string) bool {
	if !keptStatus(res.status) || len(tags) == 0 || len(res.header.Values("Set-Cookie")) > 0 {
		return false
	}
	cc := strings.ToLower(res.header.Get("Cache-Control"))
	return strings.Contains(cc, "public") && !strings.Contains(cc, "no-store") && !strings.Contains(cc, "private")
}

// keptStatus reports whether an answer with status may be kept: a page,
// or a permanent redirect (a temporary one says it may change at any
// time).
func keptStatus(status int) bool {
	return status == http.StatusOK || status == http.StatusMovedPermanently || status == http.StatusPermanentRedirect
}

// refreshInBackground renders the page again for the next requests, once,
// detached from the request that noticed it was old.
func (c *Cache) refreshInBackground(next http.Handler, r *http.Request, key string) {
	c.mu.Lock()
	_, busy := c.flights[key]
	c.mu.Unlock()
	if busy {
		return
	}
	detached := r.Clone(context.WithoutCancel(r.Context()))
	go c.render(next, detached, key)
}

// serve answers from a kept entry: 304 when the client has it, otherwise
// the coding it accepts best, with its length and validator.
func (c *Cache) serve(w http.ResponseWriter, r *http.Request, e *entry, status string) {
	coding := negotiate(r.Header.Get("Accept-Encoding"), e.bodies)
	h := w.Header()
	if coding == "" {
		h["Vary"] = varyAcceptEncoding
		http.Error(w, "None of the content codings this client accepts is available.", http.StatusNotAcceptable)
		return
	}
	rep := e.reps[coding]
	// The headers were made once, when the answer was kept; their slices
	// are clipped, so a later Add copies rather than writes into them.
	for k, v := range rep.header {
		h[k] = v
	}
	h["Cache-Status"] = cacheStatus(status)
	if e.surrogateKey != nil && (c.cfg.CDN == nil || c.cfg.CDN(r)) {
		h["Surrogate-Key"] = e.surrogateKey
		h["Cache-Tag"] = e.cacheTag
	}
	if e.status != http.StatusOK {
		w.WriteHeader(e.status) // a redirect: its Location is among the headers
		if r.Method != http.MethodHead {
			w.Write(rep.body)
		}
		return
	}
	if matches(r.Header.Get("If-None-Match"), rep.etag) {
		delete(h, "Content-Type")
		delete(h, "Content-Length")
		delete(h, "Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(rep.body)
	}
}

var varyAcceptEncoding = []string{"Accept-Encoding"}

// cacheStatuses are the Cache-Status values served most, made once.
var cacheStatuses = func() map[string][]string {
	m := map[string][]string{}
	for _, s := range []string{"hit", "fwd=miss", "hit; detail=stale-while-revalidate", "hit; detail=stale-if-error", "hit; detail=overloaded"} {
		m[s] = []string{"dateline; " + s}
	}
	return m
}()

func cacheStatus(status string) []string {
	if v, ok := cacheStatuses[status]; ok {
		return v
	}
	return []string{"dateline; " + status}
}

// representation is a kept answer in one coding, with every header it is
// sent with.
type representation struct {
	header http.Header
	body   []byte
	etag   string
}

// representations makes the headers of each coding of e once.
func representations(e *entry) map[string]*representation {
	out := make(map[string]*representation, len(e.bodies))
	for coding, body := range e.bodies {
		h := make(http.Header, len(e.header)+5)
		for k, v := range e.header {
			h[k] = slices.Clip(slices.Clone(v))
		}
		etag := etagFor(e.etag, coding)
		h["Vary"] = varyAcceptEncoding
		h["Etag"] = []string{etag}
		h["Content-Length"] = []string{strconv.Itoa(len(body))}
		if coding != identity {
			h["Content-Encoding"] = []string{coding}
		}
		out[coding] = &representation{header: h, body: body, etag: etag}
	}
	return out
}

// writeTo sends an answer that was not kept as the handler made it,
// compressed in the coding the client accepts best.
func (res *rendered) writeTo(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	for k, v := range res.header {
		h[k] = slices.Clone(v)
	}
	h.Set("Cache-Status", "dateline; fwd=miss; stored=false")
	body := res.body
	if h.Get("Content-Encoding") == "" && worthCompressing(body, h.Get("Content-Type")) {
		h.Set("Vary", "Accept-Encoding")
		offered := map[string][]byte{identity: nil, codeGzip: nil, codeBr: nil}
		if coding := negotiate(r.Header.Get("Accept-Encoding"), offered); coding != identity && coding != "" {
			body = encode(body, coding)
			h.Set("Content-Encoding", coding)
		}
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(res.status)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// recorder captures a handler's whole answer in memory.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (rec *recorder) Header() http.Header { return rec.header }

func (rec *recorder) WriteHeader(code int) {
	if rec.status == 0 {
		rec.status = code
	}
}

func (rec *recorder) Write(p []byte) (int, error) {
	if rec.status == 0 {
		rec.status = http.StatusOK
	}
	return rec.body.Write(p)
}

func (rec *recorder) statusOr200() int {
	if rec.status == 0 {
		return http.StatusOK
	}
	return rec.status
}

// untagging passes an answer that the cache does not consider through,
// removing the tags its handler declared before the headers leave.
type untagging struct {
	http.ResponseWriter
	tags    func(http.Header) []string
	written bool
}

func (u *untagging) WriteHeader(code int) {
	if !u.written {
		u.written = true
		u.tags(u.Header())
	}
	u.ResponseWriter.WriteHeader(code)
}

func (u *untagging) Write(p []byte) (int, error) {
	if !u.written {
		u.WriteHeader(http.StatusOK)
	}
	return u.ResponseWriter.Write(p)
}

// Unwrap lets http.ResponseController reach the connection.
func (u *untagging) Unwrap() http.ResponseWriter { return u.ResponseWriter }
