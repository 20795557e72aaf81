package content

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// maxSlugRunes keeps URLs short enough to share while staying readable.
const maxSlugRunes = 80

// Slugify makes a URL slug from a title in any script: letters, digits and
// combining marks are kept (Thai vowels and tone marks are marks), everything
// else becomes a single hyphen, and Latin letters are lower-cased. A title
// with nothing usable in it gives "story", never an empty slug.
func Slugify(title string) string {
	var b strings.Builder
	pendingHyphen, truncated := false, false
	n := 0
	for _, r := range strings.ToLower(title) {
		switch {
		case r == '\'' || r == '’':
			// "Thailand's" reads better as "thailands" than "thailand-s".
			continue
		case unicode.IsLetter(r) || unicode.IsDigit(r) || (unicode.IsMark(r) && b.Len() > 0):
			if pendingHyphen && b.Len() > 0 {
				if n+2 > maxSlugRunes {
					truncated = true
					break
				}
				b.WriteByte('-')
				n++
			}
			if n+1 > maxSlugRunes {
				truncated = true
				break
			}
			pendingHyphen = false
			b.WriteRune(r)
			n++
		default:
			pendingHyphen = true
		}
		if truncated {
			break
		}
	}
	s := b.String()
	if truncated {
		// Cut at a word boundary rather than in the middle of a word.
		if i := strings.LastIndexByte(s, '-'); i > len(s)/2 {
			s = s[:i]
		}
	}
	s = strings.Trim(s, "-")
	if s == "" {
		return "story"
	}
	return s
}

// ValidSlug reports whether s could have come from Slugify or a careful
// editor: letters, digits, marks and single inner hyphens.
func ValidSlug(s string) bool {
	if s == "" || len(s) > 400 || !utf8.ValidString(s) || strings.HasPrefix(s, "-") || strings.HasSuffix(s, "-") || strings.Contains(s, "--") {
		return false
	}
	for _, r := range s {
		if r != '-' && !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r) {
			return false
		}
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

// reservedSlugs are first path segments the site itself uses; a static page
// may not take them or it would hide a whole section of the site.
var reservedSlugs = map[string]bool{
	"admin": true, "api": true, "author": true, "category": true, "comments": true,
	"feed": true, "healthz": true, "media": true, "page": true, "search": true,
	"static": true, "tag": true, "wp-admin": true, "wp-content": true, "wp-login": true,
}

// Reserved reports whether a page slug would collide with a site path.
func Reserved(slug string) bool {
	if reservedSlugs[slug] {
		return true
	}
	// A four-digit first segment would be read as a year in /YYYY/MM/DD/slug/.
	if len(slug) == 4 && strings.Trim(slug, "0123456789") == "" {
		return true
	}
	return false
}
