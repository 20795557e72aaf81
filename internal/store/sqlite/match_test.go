package sqlite

import (
	"testing"

	"dateline/internal/search"
)

func TestMatchExpression(t *testing.T) {
	for _, tc := range []struct {
		name    string
		text    string
		prefix  bool
		trigram bool
		want    string
	}{
		{"every word is quoted and required", "rice north", false, false, `"rice" "north"`},
		{"the word being typed is a prefix", "rice electr", true, false, `"rice" "electr"*`},
		{"FTS5 operators typed by a reader are words", "NEAR election NOT", false, false, `"near" "election" "not"`},
		{"a query with nothing searchable is empty", `"*()`, false, false, ``},
		{"the trigram index is asked only for the dense words", "flood น้ำท่วม", false, true, `"น้ำท่วม"`},
		{"a trigram needs no star to match a prefix", "ราคาข้าว", true, true, `"ราคาข้าว"`},
		{"a dense word shorter than a trigram is left out", "中国 東京都", false, true, `"東京都"`},
		{"a dense query of short words alone is empty", "中国", false, true, ``},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := matchExpression(search.Parse(tc.text, tc.prefix), tc.trigram); got != tc.want {
				t.Errorf("matchExpression(%q) = %s, want %s", tc.text, got, tc.want)
			}
		})
	}
	t.Run("a quote inside a term is doubled", func(t *testing.T) {
		q := search.Query{Terms: []search.Term{{Text: `a"b`}}}
		if got, want := matchExpression(q, false), `"a""b"`; got != want {
			t.Errorf("matchExpression = %s, want %s", got, want)
		}
	})
}
