package search

import (
	"strings"
	"unicode"
)

// denseScript reports whether r belongs to a script written without
// spaces between words, in which a word is found only by looking inside
// longer runs of text.
func denseScript(r rune) bool {
	return unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
		unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// denseRuns keeps the runs of dense-script letters (and the combining
// marks that follow them) in s, separated by single spaces.
func denseRuns(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		if denseScript(r) || (in && unicode.IsMark(r)) {
			if !in && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteRune(r)
			in = true
			continue
		}
		in = false
	}
	return b.String()
}
