package search

import (
	"strings"
	"time"
	"unicode"

	"dateline/internal/render"
)

// maxTerms bounds the work one query can ask for; words past it are
// ignored.
const maxTerms = 12

// Term is one word of a query, lower-cased. It holds only letters, digits
// and combining marks, so nothing a reader types is any engine's syntax.
type Term struct {
	Text string
	// Prefix makes the term match the words it begins as well: it is the
	// word the reader is still typing.
	Prefix bool
	// Dense is set for a term with letters in a script written without
	// spaces, which is found inside longer runs of text, not as a word.
	Dense bool
}

// Query is what a reader typed, as the terms that every match must hold.
// A query without terms has nothing searchable in it and finds nothing.
type Query struct {
	Terms []Term
}

// Dense reports whether any term is in a script written without spaces,
// so that the query must look inside runs of text.
func (q Query) Dense() bool {
	for _, t := range q.Terms {
		if t.Dense {
			return true
		}
	}
	return false
}

// Parse splits what a reader typed into terms: runs of letters, digits and
// combining marks (Thai vowels and tone marks are marks), lower-cased;
// everything else, quotes and operators included, only separates words.
// English stop words are dropped unless they are all the query has, or
// the last word is a prefix still being typed ("the" may become
// "theatre"). With prefix set, the last term is a prefix.
func Parse(text string, prefix bool) Query {
	words := strings.FieldsFunc(text, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r))
	})
	if len(words) > maxTerms {
		words = words[:maxTerms]
	}
	meaningful := false
	for i, w := range words {
		words[i] = strings.ToLower(w)
		meaningful = meaningful || !stopwords[words[i]]
	}
	var q Query
	for i, w := range words {
		typing := prefix && i == len(words)-1
		if meaningful && stopwords[w] && !typing {
			continue
		}
		q.Terms = append(q.Terms, Term{Text: w, Prefix: typing, Dense: strings.ContainsFunc(w, render.DenseScript)})
	}
	return q
}

// stopwords are English words too common to say anything about relevance.
// Besides being noise, they are costly: ranking weighs each word by the
// articles that hold it, and these are in nearly all of them.
var stopwords = wordSet(`a an and are as at be but by for from has have he her his i if in into is it its
	of on or our she so than that the their them then there these they this to was we were what when which who
	will with would you your`)

func wordSet(words string) map[string]bool {
	set := map[string]bool{}
	for _, w := range strings.Fields(words) {
		set[w] = true
	}
	return set
}

// Pool is how many of the newest matching articles (after filters) a
// search ranks. Ranking every match of a common word in a large archive
// would read the whole index; a news search wants recent stories anyway,
// filters by section, author and date reach further back, and the pool
// keeps a query's cost bounded whatever the size of the archive.
const Pool = 200

// Recency lifts recent matches slightly: a backend multiplies a match's
// relevance (higher is better) by
//
//	1 + RecencyLift / (1 + age / RecencyHalving)
//
// so a story published now gains 30%, one a month old 15%, and old
// stories next to nothing. Between two equally relevant matches the newer
// wins; an old exact match is not buried under recent loose ones.
const (
	RecencyLift    = 0.3
	RecencyHalving = 30 * 24 * time.Hour
)
