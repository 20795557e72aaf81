package cache

import (
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"slices"
	"strings"
)

// Limits the CDNs put on purge tags (Fastly's Surrogate-Key, Cloudflare's
// Cache-Tag): tags per answer, the length of one tag, the whole header.
const (
	MaxSurrogateKeys = 50
	maxKeyLen        = 255
	maxKeysHeader    = 16 << 10
)

// SurrogateKey is tag as a CDN purge key: itself when it is short and
// plain, otherwise "h:" and a hash of it. A purger names tags the same way.
func SurrogateKey(tag string) string {
	plain := len(tag) <= maxKeyLen && !strings.ContainsFunc(tag, func(r rune) bool {
		return r <= ' ' || r == ',' || r == '"' || r >= 0x7f
	})
	if plain {
		return tag
	}
	sum := sha256.Sum256([]byte(tag))
	return "h:" + hex.EncodeToString(sum[:12])
}

// generalFirst orders tags for a CDN that keeps only the first 50: the
// lists and the site-wide data first (home, feeds, section:world,
// settings), then the things shown one by one (article:42, media:7).
func generalFirst(tags []string) []string {
	out := slices.Clone(tags)
	specific := func(t string) bool {
		return strings.HasPrefix(t, "article:") || strings.HasPrefix(t, "media:") || strings.HasPrefix(t, "comment:")
	}
	slices.SortStableFunc(out, func(a, b string) int {
		switch sa, sb := specific(a), specific(b); {
		case sa == sb:
			return 0
		case sa:
			return 1
		}
		return -1
	})
	return out
}

// cdnHeaders tells a CDN or a front cache in front of dateline how long it
// may keep an answer and which tags purge it: Surrogate-Key (Fastly,
// Varnish with xkey) and Cache-Tag (Cloudflare), at most
// MaxSurrogateKeys, the lists before the single things; a page with more
// tags than that is kept there no longer than its s-maxage. Cache-Control
// gains stale-while-revalidate and stale-if-error, as this cache itself
// serves.
func cdnHeaders(h http.Header, tags []string) {
	keys := make([]string, 0, min(len(tags), MaxSurrogateKeys))
	size := 0
	for _, t := range generalFirst(tags) {
		k := SurrogateKey(t)
		if len(keys) == MaxSurrogateKeys || size+len(k)+1 > maxKeysHeader {
			break
		}
		keys = append(keys, k)
		size += len(k) + 1
	}
	if len(keys) > 0 {
		h.Set("Surrogate-Key", strings.Join(keys, " "))
		h.Set("Cache-Tag", strings.Join(keys, ","))
	}
	cc := h.Get("Cache-Control")
	if !strings.Contains(cc, "public") || strings.Contains(cc, "s-maxage") {
		return
	}
	age := "60"
	for _, part := range strings.Split(cc, ",") {
		if v, ok := strings.CutPrefix(strings.TrimSpace(part), "max-age="); ok {
			age = v
		}
	}
	h.Set("Cache-Control", cc+", s-maxage="+age+", stale-while-revalidate=60, stale-if-error=86400")
}
