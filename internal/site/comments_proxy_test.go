package site_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"

	"dateline/internal/proxy"
	"dateline/internal/site"
)

// withProxies makes the site believe X-Forwarded-For from the listed
// proxies, as --trusted-proxies does.
func withProxies(t *testing.T, list string) option {
	t.Helper()
	p, err := proxy.Parse(list)
	must(t, err)
	return func(c *site.Config) { c.Proxies = p }
}

// The comment rate limit counts the reader's own address: behind a trusted
// proxy, the one the proxy forwards; from anyone else, the connection's,
// whatever the request claims.
func TestTheCommentRateLimitCountsTheReaderBehindAProxy(t *testing.T) {
	const proxyAddr = "10.0.0.1"
	type post struct {
		peer, xff string
		want      int
	}
	// six posts from one reader: five pass and the sixth is throttled.
	sixFrom := func(peer string, xff func(i int) string) []post {
		var out []post
		for i := range 6 {
			want := http.StatusSeeOther
			if i == 5 {
				want = http.StatusTooManyRequests
			}
			out = append(out, post{peer, xff(i), want})
		}
		return out
	}
	cases := []struct {
		name  string
		posts []post
	}{
		{"two readers behind one trusted proxy are counted separately", append(
			sixFrom(proxyAddr, func(int) string { return "198.51.100.7" }),
			post{proxyAddr, "198.51.100.8", http.StatusSeeOther},
			post{proxyAddr, "2001:db8::8", http.StatusSeeOther})},
		{"a reader at an untrusted address cannot escape the limit by sending X-Forwarded-For",
			sixFrom("203.0.113.66", func(i int) string { return fmt.Sprintf("198.51.100.%d", 10+i) })},
		{"a reader behind the trusted proxy cannot escape the limit by writing the left of X-Forwarded-For",
			sixFrom(proxyAddr, func(i int) string { return fmt.Sprintf("198.51.100.%d, 198.51.100.7", 10+i) })},
		{"a reader cannot pass for the trusted proxy to escape the limit",
			sixFrom(proxyAddr, func(i int) string { return fmt.Sprintf("198.51.100.%d, 10.0.0.1, 198.51.100.7", 10+i) })},
		{"readers behind an untrusted proxy share its limit", append(
			sixFrom("203.0.113.5", func(i int) string { return fmt.Sprintf("198.51.100.%d", 10+i) }),
			post{"203.0.113.5", "198.51.100.99", http.StatusTooManyRequests})},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			n := newNewsroom(t, withComments(t), withProxies(t, proxyAddr))
			for i, p := range tc.posts {
				// A new email each time, so only the address limit is tested.
				form := url.Values{"article_id": {fmt.Sprint(n.kremlin.ID)}, "comment": {fmt.Sprintf("Comment number %d", i)},
					"author": {"Reader"}, "email": {fmt.Sprintf("reader%d@example.com", i)}}
				rec := n.postFrom(t, p.peer, "/comments/", form, map[string]string{"X-Forwarded-For": p.xff})
				if rec.Code != p.want {
					t.Errorf("post %d from %s forwarding %q: status %d, want %d", i, p.peer, p.xff, rec.Code, p.want)
				}
			}
		})
	}
}
