package web

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
)

func TestDependsDeclaresEachTagOnce(t *testing.T) {
	cases := []struct {
		name   string
		calls  [][]string // one Depends call each
		header string     // the header as written, "" for none
		tags   []string   // what Tags reads back
	}{
		{"an answer that declares nothing has no header", nil, "", nil},
		{"declaring only empty tags writes no header", [][]string{{"", ""}}, "", nil},
		{"tags are listed sorted and separated by spaces", [][]string{{"settings", "article:42", "home"}},
			"article:42 home settings", []string{"article:42", "home", "settings"}},
		{"a tag declared twice in one call is listed once", [][]string{{"home", "home", "article:1"}},
			"article:1 home", []string{"article:1", "home"}},
		{"later calls add to the earlier ones without repeats", [][]string{{"home", "article:1"}, {"article:1", "author:ana"}},
			"article:1 author:ana home", []string{"article:1", "author:ana", "home"}},
		{"empty tags are dropped", [][]string{{"", "feeds"}}, "feeds", []string{"feeds"}},
		{"a slug in another script is kept as it is", [][]string{{"tag:ไทย"}}, "tag:ไทย", []string{"tag:ไทย"}},
		{"a space inside a tag is escaped and comes back", [][]string{{"tag:two words", "home"}},
			"home tag:two%20words", []string{"home", "tag:two words"}},
		{"a percent sign is escaped so that it comes back unchanged", [][]string{{"tag:100%25"}},
			"tag:100%2525", []string{"tag:100%25"}},
		{"control characters are escaped", [][]string{{"tag:a\tb\nc"}}, "tag:a%09b%0Ac", []string{"tag:a\tb\nc"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			w := httptest.NewRecorder()
			for _, c := range tc.calls {
				Depends(w, c...)
			}
			if got := w.Header().Get(TagsHeader); got != tc.header {
				t.Errorf("%s = %q, want %q", TagsHeader, got, tc.header)
			}
			if got := Tags(w.Header()); !slices.Equal(got, tc.tags) {
				t.Errorf("Tags = %q, want %q", got, tc.tags)
			}
		})
	}
}

func TestTagsReadsWhatOthersWrote(t *testing.T) {
	cases := []struct {
		name   string
		values []string
		want   []string
	}{
		{"no header is no tags", nil, nil},
		{"extra spaces are no tags", []string{"  home   feeds "}, []string{"home", "feeds"}},
		{"every value of the header counts", []string{"home", "feeds"}, []string{"home", "feeds"}},
		{"a malformed escape is left out", []string{"home tag:50%zz feeds"}, []string{"home", "feeds"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			h := http.Header{}
			for _, v := range tc.values {
				h.Add(TagsHeader, v)
			}
			if got := Tags(h); !slices.Equal(got, tc.want) {
				t.Errorf("Tags = %q, want %q", got, tc.want)
			}
		})
	}
}
