// Package render turns what a writer typed into the HTML a reader sees:
// Markdown through goldmark, then every piece of HTML through one bluemonday
// allow-list that keeps what journalism needs (headings, lists, quotes,
// tables, figures, images, links) and nothing executable.
package render

import (
	"context"
	"errors"
	"fmt"
	stdhtml "html"
	"regexp"
	"strings"
	"sync"
	"unicode"

	"github.com/microcosm-cc/bluemonday"

	"dateline/internal/content"
)

// Markdown renders Markdown source to sanitised HTML, within the size
// limit, the workers and the budget of every render (limit.go). A refusal
// is an *Error whose message is meant for the writer.
func Markdown(ctx context.Context, src string) (string, error) {
	if len(src) > content.MaxMarkdown {
		return "", ErrTooLong
	}
	return renders.run(ctx, func() (string, error) { return markdownHTML(src) })
}

// markdownHTML is the render itself, unbounded in time.
func markdownHTML(src string) (string, error) {
	html, err := convert([]byte(src))
	if errors.Is(err, errOutputTooLong) {
		return "", ErrOutputLong
	}
	if err != nil {
		return "", fmt.Errorf("render markdown: %w", err)
	}
	return Sanitize(html), nil
}

// policy is built once; bluemonday policies are safe for concurrent use
// once built.
var policy = sync.OnceValue(newPolicy)

func newPolicy() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowStandardURLs()
	p.RequireNoFollowOnLinks(false) // the newsroom vouches for its own links
	p.AllowURLSchemes("http", "https", "mailto", "tel")
	p.RequireParseableURLs(true)
	p.AllowRelativeURLs(true)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	p.RequireNoReferrerOnFullyQualifiedLinks(false)

	// The article's own h1 is the headline; body headings start at h2.
	p.AllowElements("p", "br", "hr", "h2", "h3", "h4", "h5", "h6",
		"ul", "ol", "li", "dl", "dt", "dd",
		"blockquote", "q", "cite", "figure", "figcaption",
		"em", "strong", "b", "i", "u", "s", "del", "ins", "mark", "small", "sub", "sup",
		"abbr", "code", "pre", "kbd", "time",
		"table", "caption", "thead", "tbody", "tfoot", "tr", "th", "td", "colgroup", "col")
	p.AllowAttrs("href", "title").OnElements("a")
	p.AllowAttrs("cite").OnElements("blockquote", "q", "del", "ins")
	p.AllowAttrs("datetime").OnElements("time", "del", "ins")
	p.AllowAttrs("title").OnElements("abbr")
	p.AllowAttrs("start", "reversed").OnElements("ol")
	p.AllowAttrs("colspan", "rowspan", "scope").OnElements("th", "td")
	p.AllowAttrs("align").Matching(bluemonday.CellAlign).OnElements("th", "td")
	p.AllowAttrs("span").OnElements("col", "colgroup")
	p.AllowAttrs("src", "alt", "title").OnElements("img")
	p.AllowAttrs("width", "height").Matching(bluemonday.Integer).OnElements("img")
	p.AllowAttrs("loading").Matching(bluemonday.Paragraph).OnElements("img")
	p.AllowAttrs("id").Matching(bluemonday.SpaceSeparatedTokens).OnElements("h2", "h3", "h4", "h5", "h6")
	p.AllowAttrs("class").Matching(bluemonday.SpaceSeparatedTokens).OnElements("code", "figure")
	p.AllowElements("a", "img")

	// Text in another direction or language (Arabic or Hebrew in an
	// English story, as WordPress's editor marks it) reads and aligns as
	// written only with its dir and lang; bdi and bdo isolate or force a
	// direction, and a span carries them around a few words.
	p.AllowElements("bdi", "bdo", "span")
	p.AllowAttrs("dir").Matching(textDirection).Globally()
	p.AllowAttrs("lang").Matching(languageTag).Globally()
	return p
}

// textDirection is a dir attribute's value; languageTag a BCP 47
// language tag's shape (en, ar, zh-Hant-TW), nothing that could carry
// anything else.
var (
	textDirection = regexp.MustCompile(`^(?i:ltr|rtl|auto)$`)
	languageTag   = regexp.MustCompile(`^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8}){0,5}$`)
)

// Sanitize cleans untrusted HTML with the article allow-list.
func Sanitize(html string) string {
	return policy().Sanitize(html)
}

// Body renders source in its format to sanitised HTML. HTML is only
// sanitised, which takes time in proportion to its length, but it too
// takes a worker, so that the cap holds for every render.
func Body(ctx context.Context, source string, format content.Format) (string, error) {
	switch format {
	case content.FormatMarkdown:
		return Markdown(ctx, source)
	case content.FormatHTML:
		if len(source) > content.MaxSource {
			return "", &Error{content.SourceTooLong}
		}
		return renders.run(ctx, func() (string, error) { return Sanitize(source), nil })
	}
	return "", fmt.Errorf("render: unknown format %q", format)
}

// Prepare fills the article's Body and Words from its Source, ready to be
// stored, as PrepareContext does without a caller to stop waiting.
func Prepare(a *content.Article) error {
	return PrepareContext(context.Background(), a)
}

// PrepareContext fills the article's Body and Words from its Source, ready
// to be stored. It is the only way article HTML is made; a sponsored
// article's links are marked rel="sponsored" here, so that every page and
// feed that shows the body carries the mark.
func PrepareContext(ctx context.Context, a *content.Article) error {
	body, err := Body(ctx, a.Source, a.Format)
	if err != nil {
		return err
	}
	if a.Label == content.LabelSponsored {
		body = sponsoredLinks(body)
	}
	a.Body = body
	a.Words = Words(body)
	return nil
}

// firstDense is the first letter of the scripts DenseScript names (Thai
// begins at U+0E00): any rune before it is none of them, which spares
// most text the tables' look-up.
const firstDense = 0x0E00

// DenseScript reports whether r belongs to a script written without
// spaces between words (Thai, Lao, Khmer, Myanmar, Chinese, Japanese), in
// which words are neither counted by spaces nor found by them.
func DenseScript(r rune) bool {
	return r >= firstDense && unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
		unicode.Han, unicode.Hiragana, unicode.Katakana)
}

// Words counts the words of an HTML text for reading time. Scripts written
// without spaces (Thai, Chinese, Japanese) have no word breaks to count, so
// every three of their letters count as a word, close to their reading pace.
func Words(html string) int {
	words, dense := 0, 0
	inTag, inWord := false, false
	for _, r := range html {
		switch {
		case r == '<':
			inTag, inWord = true, false
		case r == '>':
			inTag = false
		case inTag:
		case DenseScript(r):
			dense++
			inWord = false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if !inWord {
				words++
			}
			inWord = true
		case unicode.IsSpace(r):
			inWord = false
		}
	}
	return words + (dense+2)/3
}

// PlainText strips tags from sanitised HTML and collapses white space, for
// descriptions, snippets and excerpts made from a body. Block elements and
// line breaks separate words; inline elements do not ("<b>fell</b>." stays
// "fell.").
func PlainText(html string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(html, '<')
		if i < 0 {
			b.WriteString(html)
			break
		}
		b.WriteString(html[:i])
		j := strings.IndexByte(html[i:], '>')
		if j < 0 {
			break
		}
		if blockTag(html[i+1 : i+j]) {
			b.WriteByte(' ')
		}
		html = html[i+j+1:]
	}
	return strings.Join(strings.Fields(stdhtml.UnescapeString(b.String())), " ")
}

// blockTag reports whether the tag (the text between < and >) starts or
// ends an element that separates words.
func blockTag(tag string) bool {
	name := strings.TrimPrefix(tag, "/")
	if k := strings.IndexAny(name, " \t\n/"); k >= 0 {
		name = name[:k]
	}
	switch strings.ToLower(name) {
	case "a", "abbr", "b", "cite", "code", "del", "em", "i", "ins", "kbd", "mark", "q", "s", "small",
		"span", "strong", "sub", "sup", "time", "u":
		return false
	}
	return true
}

// CommentHTML formats a reader's plain-text comment for display: the text is
// escaped, blank lines start paragraphs, single line breaks are kept, and
// web addresses become links marked nofollow ugc. Nothing the reader typed is
// ever interpreted as HTML.
func CommentHTML(text string) string {
	text = strings.ReplaceAll(strings.TrimSpace(text), "\r\n", "\n")
	var b strings.Builder
	for _, para := range strings.Split(text, "\n\n") {
		para = strings.TrimSpace(para)
		if para == "" {
			continue
		}
		b.WriteString("<p>")
		for i, line := range strings.Split(para, "\n") {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			linkify(&b, line)
		}
		b.WriteString("</p>\n")
	}
	return b.String()
}

// linkify writes line escaped, with http and https addresses as links.
func linkify(b *strings.Builder, line string) {
	for _, word := range strings.SplitAfter(line, " ") {
		trimmed := strings.TrimRight(word, " ")
		core := strings.TrimRight(trimmed, ".,;:!?)")
		if strings.HasPrefix(core, "http://") || strings.HasPrefix(core, "https://") {
			esc := stdhtml.EscapeString(core)
			b.WriteString(`<a href="` + esc + `" rel="nofollow ugc noopener">` + esc + `</a>`)
			b.WriteString(stdhtml.EscapeString(word[len(core):]))
			continue
		}
		b.WriteString(stdhtml.EscapeString(word))
	}
}
