package cache

import (
	"fmt"
	"net/http"
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
