package search

import (
	"slices"
	"strings"
	"testing"
)

func TestParse(t *testing.T) {
	word := func(s string) Term { return Term{Text: s} }
	typing := func(s string) Term { return Term{Text: s, Prefix: true} }
	dense := func(s string) Term { return Term{Text: s, Dense: true} }
	for _, tc := range []struct {
		name   string
		text   string
		prefix bool
		want   []Term
	}{
		{"words are lower-cased terms", "MONSOON Floods", false, []Term{word("monsoon"), word("floods")}},
		{"quotes, operators and column names only separate words", `title:election AND "vote"* -(poll)`, false,
			[]Term{word("title"), word("election"), word("vote"), word("poll")}},
		{"a query of punctuation has no terms", `"*() -- ^ ''; `, false, nil},
		{"an empty query has no terms", "", false, nil},
		{"a control character is not a word", "\x00", false, nil},
		{"stop words beside other words are dropped", "the rice of the north", false, []Term{word("rice"), word("north")}},
		{"a query of stop words alone keeps them all", "of and to", false, []Term{word("of"), word("and"), word("to")}},
		{"with prefix the last word is a prefix", "rice electr", true, []Term{word("rice"), typing("electr")}},
		{"a stop word still being typed is kept, it may become another word", "rice the", true, []Term{word("rice"), typing("the")}},
		{"a stop word typed earlier is dropped even while typing", "the rice", true, []Term{typing("rice")}},
		{"a Thai word keeps its vowels and tone marks", "น้ำท่วม", false, []Term{dense("น้ำท่วม")}},
		{"in a mixed query only the Thai word is dense", "flood น้ำท่วม", false, []Term{word("flood"), dense("น้ำท่วม")}},
		{"Chinese and Japanese words are dense", "東京 カタカナ", false, []Term{dense("東京"), dense("カタカナ")}},
		{"digits are words", "story 4242", false, []Term{word("story"), word("4242")}},
		{"only the first twelve words count", strings.Repeat("rice ", 20) + "north", false, slices.Repeat([]Term{word("rice")}, 12)},
		{"twelve words are counted before stop words are dropped", strings.Repeat("the ", 12) + "rice", false,
			slices.Repeat([]Term{word("the")}, 12)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Parse(tc.text, tc.prefix).Terms; !slices.Equal(got, tc.want) {
				t.Errorf("Parse(%q, %v) = %+v, want %+v", tc.text, tc.prefix, got, tc.want)
			}
		})
	}
}

func TestQueryDense(t *testing.T) {
	for _, tc := range []struct {
		name string
		text string
		want bool
	}{
		{"an English query looks up words", "rice prices", false},
		{"a Thai query looks inside runs", "ราคาข้าว", true},
		{"one Thai word among English makes the query look inside runs", "rice ราคาข้าว prices", true},
		{"a Latin word with a combining accent is not dense", "cafe\u0301", false},
		{"a query with nothing searchable is not dense", "?!", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Parse(tc.text, false).Dense(); got != tc.want {
				t.Errorf("Parse(%q).Dense() = %v, want %v", tc.text, got, tc.want)
			}
		})
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"rice", "the", `"`, "น้ำท่วม", "東京", "cafe\u0301", "\xff\xfe", strings.Repeat("a ", 40)} {
		f.Add(s, false)
		f.Add(s, true)
	}
	f.Fuzz(func(t *testing.T, text string, prefix bool) {
		q := Parse(text, prefix)
		if len(q.Terms) > maxTerms {
			t.Fatalf("%d terms, at most %d", len(q.Terms), maxTerms)
		}
		for i, term := range q.Terms {
			if term.Text == "" || strings.ContainsFunc(term.Text, func(r rune) bool { return strings.ContainsRune(`"*:^()- `, r) }) {
				t.Fatalf("term %q carries syntax", term.Text)
			}
			if term.Prefix != (prefix && i == len(q.Terms)-1) {
				t.Fatalf("term %d of %d: prefix = %v", i, len(q.Terms), term.Prefix)
			}
		}
	})
}
