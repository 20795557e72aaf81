package render

import (
	"strings"

	"golang.org/x/net/html"

	"dateline/internal/content"
)

// EntryHTML is the stored HTML of an entry of a live blog labelled label,
// as readers get it: a sponsored live blog's entries are paid content as
// its lead is, so their links are marked rel="sponsored" too. It is done
// as they are shown, so that the label the live blog has now counts,
// whenever an entry was written.
func EntryHTML(body string, label content.Label) string {
	if label == content.LabelSponsored {
		return sponsoredLinks(body)
	}
	return body
}

// sponsoredLinks marks every link of sanitised HTML rel="sponsored", as
// search engines ask of paid content: the links of a sponsored article
// pass no endorsement. The rest of the HTML is copied as it was.
func sponsoredLinks(body string) string {
	if !strings.Contains(body, "<a") {
		return body
	}
	var b strings.Builder
	b.Grow(len(body) + 64)
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return b.String()
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw()) // Token may reuse Raw's bytes
			if tok := z.Token(); tok.Data == "a" {
				tok.Attr = withRel(tok.Attr, "sponsored")
				b.WriteString(tok.String())
			} else {
				b.WriteString(raw)
			}
		default:
			b.Write(z.Raw())
		}
	}
}

// withRel adds word to the rel attribute, once.
func withRel(attrs []html.Attribute, word string) []html.Attribute {
	for i, a := range attrs {
		if a.Key == "rel" {
			for _, w := range strings.Fields(a.Val) {
				if w == word {
					return attrs
				}
			}
			attrs[i].Val = strings.TrimSpace(a.Val + " " + word)
			return attrs
		}
	}
	return append(attrs, html.Attribute{Key: "rel", Val: word})
}
