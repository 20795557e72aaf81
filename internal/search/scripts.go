package search

import (
	"strings"
	"unicode"

	"dateline/internal/render"
)

// denseRuns keeps the runs of dense-script letters (and the combining
// marks that follow them) in s, separated by single spaces.
func denseRuns(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		if render.DenseScript(r) || (in && unicode.IsMark(r)) {
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
