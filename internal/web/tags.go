package web

import (
	"net/http"
	"net/url"
	"slices"
	"strings"
)

// TagsHeader carries the dependency tags of an answer (the tags of
// internal/changes: "article:42", "section:world", "home"), set by Depends
// and read by Tags. It is internal: the page cache keeps an answer with
// its tags and purges it when an event names one of them, and the front
// door removes the header before the answer leaves the process. An answer
// without it declares nothing and is never cached.
const TagsHeader = "Dateline-Tags"

// Depends adds tags to the answer w is writing, for the page cache: the
// answer was built from the data they name. Call it before the status is
// written. Tags already declared are not repeated, empty ones are
// dropped, and the header lists them sorted, separated by spaces.
func Depends(w http.ResponseWriter, tags ...string) {
	h := w.Header()
	all := append(Tags(h), tags...)
	all = slices.DeleteFunc(all, func(t string) bool { return t == "" })
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	all = slices.Compact(all)
	var b strings.Builder
	for i, t := range all {
		if i > 0 {
			b.WriteByte(' ')
		}
		writeTag(&b, t)
	}
	h.Set(TagsHeader, b.String())
}

// Tags returns the tags declared on the answer whose headers are h, as
// Depends was given them, or nil when it declares none.
func Tags(h http.Header) []string {
	var tags []string
	for _, v := range h.Values(TagsHeader) {
		for _, f := range strings.Fields(v) {
			t, err := url.PathUnescape(f)
			if err != nil {
				continue // not written by Depends
			}
			tags = append(tags, t)
		}
	}
	return tags
}

// writeTag writes t with its separators escaped: a slug imported from
// elsewhere may hold a space or a control character, and a tag must come
// back from Tags exactly as an event names it. '%' is escaped too, so
// that every '%' in the header starts an escape.
func writeTag(b *strings.Builder, t string) {
	const hex = "0123456789ABCDEF"
	for i := 0; i < len(t); i++ {
		c := t[i]
		if c == '%' || c <= ' ' || c == 0x7f {
			b.WriteByte('%')
			b.WriteByte(hex[c>>4])
			b.WriteByte(hex[c&15])
			continue
		}
		b.WriteByte(c)
	}
}
