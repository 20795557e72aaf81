package feed

import (
	"strings"
)

// Robots writes robots.txt: every crawler is welcome except in the newsroom
// and the API, and the sitemaps are announced. sitemaps are paths
// ("/sitemap.xml") or absolute URLs; base is the site's absolute URL.
//
// The rules end with a slash so that a page whose slug merely starts with
// "admin" or "api" (/administration-reform/) stays crawlable.
func Robots(base string, sitemaps []string) []byte {
	base = strings.TrimRight(oneLine(base), "/")
	var b strings.Builder
	b.WriteString("User-agent: *\n")
	b.WriteString("Disallow: /admin/\n")
	b.WriteString("Disallow: /api/\n")
	if len(sitemaps) > 0 {
		b.WriteString("\n")
	}
	for _, s := range sitemaps {
		s = oneLine(s)
		if strings.HasPrefix(s, "/") {
			s = base + s
		}
		b.WriteString("Sitemap: " + s + "\n")
	}
	return []byte(b.String())
}

// oneLine keeps a configured value from adding lines to robots.txt.
func oneLine(s string) string {
	return strings.TrimSpace(strings.NewReplacer("\r", "", "\n", "").Replace(s))
}
