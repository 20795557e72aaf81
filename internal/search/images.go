package search

import "unicode/utf8"

// A search of the media library (the newsroom's picture picker) looks for
// each word typed anywhere in a picture's alt text, caption and file name,
// whatever the case: "boat" finds "Riverboats". Both stores find them
// through an index of runs of three characters (trigrams), which cannot
// look up fewer, so shorter words are left out of the search.
const (
	// MinImageTerm is the shortest word a picture search looks for.
	MinImageTerm = 3
	// MaxImageQuery bounds, in characters, what a picture search may be
	// given; surfaces refuse more with a message of their own.
	MaxImageQuery = 100
)

// ImageTerms are the words a search of the media library looks for in
// what was typed: Parse's terms (so nothing typed is any engine's syntax)
// of at least MinImageTerm characters, at most maxTerms of them. A text
// without any finds nothing.
func ImageTerms(text string) []string {
	var out []string
	for _, t := range Parse(text, false).Terms {
		if utf8.RuneCountInString(t.Text) >= MinImageTerm {
			out = append(out, t.Text)
		}
	}
	return out
}
