package content

import (
	"fmt"
	"strconv"
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
		// A letter with a lower case must be in it; one without (ϒ, the
		// Greek upsilon with hook, is upper case only) is itself.
		if unicode.ToLower(r) != r {
			return false
		}
	}
	return true
}

// reservedSlugs are first path segments the site itself uses; a static page
// may not take them or it would hide a whole section of the site.
var reservedSlugs = map[string]bool{
	"admin": true, "api": true, "author": true, "category": true, "comments": true,
	"corrections": true, "feed": true, "healthz": true, "media": true, "metrics": true, "page": true, "readyz": true, "search": true,
	"static": true, "tag": true, "wp-admin": true, "wp-content": true, "wp-json": true, "wp-login": true,
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

// NumberedSlug is the nth slug of the series made from base: base itself
// for the first, then base-2, base-3 …
func NumberedSlug(base string, n int) string {
	if n == 1 {
		return base
	}
	return base + "-" + strconv.Itoa(n)
}

// maxSlugNumber stops FreeSlug from doubling forever when taken says yes
// to everything; no archive holds a series that long.
const maxSlugNumber = 1 << 40

// FreeSlug returns the slug a new article titled like base gets: base if
// it is free, or else NumberedSlug(base, N) for a free N whose predecessor
// is taken. N is found by doubling (1, 2, 4, 8 …) until a free number,
// then halving the gap between the highest taken and the lowest free one
// known, so taken is asked about 2·log₂(duplicates) times and a store can
// put every question in one query. While the series has no gap, as it has
// none unless one of its articles was deleted or given a slug by hand, N
// is the lowest free number: base, base-2, base-3 … in turn. After a gap
// it may be a higher one. Only the exact slugs of the series are asked
// about, so "rice-prices-2" has no bearing on "rice".
//
// Whether a page may have the slug at all (Reserved) is not decided here:
// the workflow refuses a page at a reserved address instead of numbering it.
func FreeSlug(base string, taken func(slug string) (bool, error)) (string, error) {
	lo, hi := 0, 0 // lo is taken (0: none known), hi is free (0: none known)
	for probe := 1; hi == 0 || hi-lo > 1; {
		if probe > maxSlugNumber {
			return "", fmt.Errorf("find a free slug for %q: every number up to %d is taken", base, maxSlugNumber)
		}
		t, err := taken(NumberedSlug(base, probe))
		if err != nil {
			return "", fmt.Errorf("find a free slug for %q: %w", base, err)
		}
		if t {
			lo = probe
		} else {
			hi = probe
		}
		if hi == 0 {
			probe *= 2
		} else {
			probe = (lo + hi) / 2
		}
	}
	return NumberedSlug(base, hi), nil
}
