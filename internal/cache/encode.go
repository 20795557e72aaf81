package cache

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"io"
	"strconv"
	"strings"
	"sync"

	"github.com/klauspost/compress/gzip"

	"github.com/andybalholm/brotli"
)

// The content codings a kept answer may be sent in.
const (
	identity = "identity"
	codeGzip = "gzip"
	codeBr   = "br"
)

// minCompress is the smallest body worth compressing: below it the coding's
// own framing eats the gain.
const minCompress = 512

// encodeAll makes the codings of body ahead of time: brotli and gzip for a
// compressible type, only identity otherwise. Every body kept is a slice of
// its exact length, so that what the cache counts is what it holds: a
// buffer grown by doubling may hold twice its length.
func encodeAll(body []byte, contentType string) map[string][]byte {
	out := map[string][]byte{identity: exact(body)}
	if !worthCompressing(body, contentType) {
		return out
	}
	out[codeGzip] = encode(body, codeGzip)
	out[codeBr] = encode(body, codeBr)
	return out
}

// exact is b itself when it has no spare capacity, else a copy that has
// none.
func exact(b []byte) []byte {
	if cap(b)-len(b) <= len(b)/16 {
		return b[:len(b):len(b)]
	}
	return bytes.Clone(b)
}

func worthCompressing(body []byte, contentType string) bool {
	return len(body) >= minCompress && compressible(contentType)
}

// The compressors are kept for reuse: a new gzip writer allocates about
// 800 KB of state and a brotli one at level 6 more, which on a run of
// misses (a cold cache, a purge of the home) was most of the garbage a
// render made.
var (
	gzipWriters   = sync.Pool{New: func() any { w, _ := gzip.NewWriterLevel(io.Discard, gzip.DefaultCompression); return w }}
	brotliWriters = sync.Pool{New: func() any { return brotli.NewWriterLevel(io.Discard, 6) }}
	encodeBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}
)

// encode is body in one content coding, in a slice of its own exact
// length.
func encode(body []byte, coding string) []byte {
	b := encodeBuffers.Get().(*bytes.Buffer)
	defer encodeBuffers.Put(b)
	b.Reset()
	switch coding {
	case codeGzip:
		zw := gzipWriters.Get().(*gzip.Writer)
		zw.Reset(b)
		zw.Write(body)
		zw.Close()
		gzipWriters.Put(zw)
	case codeBr:
		bw := brotliWriters.Get().(*brotli.Writer)
		bw.Reset(b)
		bw.Write(body)
		bw.Close()
		brotliWriters.Put(bw)
	default:
		return body
	}
	return bytes.Clone(b.Bytes())
}

// compressible reports whether a type is text that compresses well.
func compressible(contentType string) bool {
	ct, _, _ := strings.Cut(contentType, ";")
	switch strings.TrimSpace(strings.ToLower(ct)) {
	case "text/html", "text/css", "text/plain", "text/javascript", "application/javascript",
		"application/json", "application/feed+json", "application/xml", "text/xml",
		"application/rss+xml", "application/atom+xml", "image/svg+xml":
		return true
	}
	return false
}

// etagOf is a strong validator of body: the same bytes, the same tag.
func etagOf(body []byte) string {
	sum := sha256.Sum256(body)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:12]) + `"`
}

// etagFor is the validator of the coding: each representation has its own.
func etagFor(base, coding string) string {
	if coding == identity {
		return base
	}
	return strings.TrimSuffix(base, `"`) + "-" + coding + `"`
}

// maxCodings bounds how much of an Accept-Encoding header is read.
const maxCodings = 16

// negotiate picks the coding to send from those kept, by the request's
// Accept-Encoding: the highest q-value wins, brotli before gzip before
// identity on a tie. An absent header accepts identity only. It returns ""
// when nothing kept is acceptable (identity refused with q=0, and no
// coding offered instead). It reads the header in place, without
// allocating: it runs on every cache hit.
func negotiate(acceptEncoding string, kept map[string][]byte) string {
	if strings.TrimSpace(acceptEncoding) == "" {
		return identity
	}
	// The q-value named for each coding kept, and for *; -1 when unnamed.
	qBr, qGzip, qIdentity, qStar := -1.0, -1.0, -1.0, -1.0
	rest := acceptEncoding
	for i := 0; i < maxCodings && rest != ""; i++ {
		var part string
		part, rest, _ = strings.Cut(rest, ",")
		name, params, _ := strings.Cut(part, ";")
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		v := 1.0
		if k, val, ok := strings.Cut(strings.TrimSpace(params), "="); ok && strings.EqualFold(strings.TrimSpace(k), "q") {
			f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
			if err != nil || f < 0 || f > 1 {
				continue // a q-value we cannot read: ignore the entry
			}
			v = f
		}
		switch {
		case name == "*":
			qStar = v
		case strings.EqualFold(name, codeBr):
			qBr = v
		case strings.EqualFold(name, codeGzip) || strings.EqualFold(name, "x-gzip"):
			qGzip = v
		case strings.EqualFold(name, identity):
			qIdentity = v
		}
	}
	weight := func(named float64, coding string) float64 {
		switch {
		case named >= 0:
			return named
		case qStar >= 0:
			return qStar
		case coding == identity:
			// Acceptable unless refused by name or by *;q=0, but the last
			// choice when the client named codings it prefers.
			return 0.001
		}
		return 0
	}
	best, bestQ := "", 0.0
	for _, c := range [...]struct {
		coding string
		named  float64
	}{{codeBr, qBr}, {codeGzip, qGzip}, {identity, qIdentity}} {
		if _, ok := kept[c.coding]; !ok {
			continue
		}
		if w := weight(c.named, c.coding); w > bestQ {
			best, bestQ = c.coding, w
		}
	}
	return best
}

// matches reports whether an If-None-Match header names etag (weakly, as
// RFC 9110 has it for If-None-Match).
func matches(ifNoneMatch, etag string) bool {
	ifNoneMatch = strings.TrimSpace(ifNoneMatch)
	if ifNoneMatch == "" {
		return false
	}
	if ifNoneMatch == "*" {
		return true
	}
	rest := ifNoneMatch
	for i := 0; i < maxCodings*4 && rest != ""; i++ {
		var candidate string
		candidate, rest, _ = strings.Cut(rest, ",")
		if strings.TrimPrefix(strings.TrimSpace(candidate), "W/") == etag {
			return true
		}
	}
	return false
}
