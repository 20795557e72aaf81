package render

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/content"
)

// atLimit repeats pattern to the Markdown size limit.
func atLimit(pattern string) string {
	return strings.Repeat(pattern, content.MaxMarkdown/len(pattern))
}

// halves is first then second, each repeated to half the size limit.
func halves(first, second string) string {
	half := content.MaxMarkdown / 2
	return strings.Repeat(first, half/len(first)) + strings.Repeat(second, half/len(second))
}

// pathological is the CommonMark family of inputs that take naive parsers
// quadratic time or make output far larger than themselves, each at the
// size limit. It is shared by the test, the benchmark and the fuzzer's
// seeds.
var pathological = []struct {
	name string
	src  string
}{
	{"link openers [a]( (16,000 of them make 64 KB)", atLimit("[a](")},
	{"image openers ![a](", atLimit("![a](")},
	{"link destinations opened with < and never closed", atLimit("[a](<")},
	{"link titles never closed", atLimit(`[a](b "`)},
	{"brackets nested on one line", halves("[", "]")},
	{"brackets nested over lines", halves("[\n", "]\n")},
	{"parentheses nested in a destination", "[a](" + halves("(", ")")[4:]},
	{"emphasis and links interleaved", halves("*[", "]*")},
	{"block quotes nested on one line (>×50,000 and more)", atLimit(">")},
	{"block quotes nested line by line", atLimit("> ")},
	{"bullet lists nested on one line", atLimit("* + ")},
	{"thematic breaks", atLimit("* ")},
	{"ordered lists nested on one line", atLimit("1. ")},
	{"lists in quotes nested", atLimit("> 1. ")},
	{"a deep list followed by blank lines", strings.Repeat("+ ", 15) + atLimit("\n")[30:]},
	{"emphasis that cannot match (*a_)", atLimit("*a_")},
	{"emphasis runs", atLimit("**a")},
	{"underscore runs", atLimit("_a ")},
	{"strikethrough runs", atLimit("~a")},
	{"a tilde run after text", halves("&]-->`", "~")},
	{"backtick runs of one length", atLimit("`a")},
	{"backticks escaped and unmatched", atLimit("``_\\")},
	{"backtick runs of growing length", growingTicks()},
	{"entity runs", atLimit("&amp;")},
	{"numeric entities never closed", atLimit("&#x")},
	{"< runs", atLimit("<")},
	{"raw HTML attributes never closed", atLimit("<a b='")},
	{"autolinks never closed", atLimit("<http://")},
	{"bare host names after underscores", atLimit("_www.0")},
	{"quote mark runs", atLimit("'")},
	{"double quote runs", atLimit(`"`)},
	{"many link reference definitions", referenceDefinitions()},
	{"reference definitions with titles spanning lines", atLimit("[a]: /u+\n\"")},
	{"a wide table with one-letter rows", wideTable()},
	{"escaped pipes in a table", "|a|\n|-|\n" + atLimit("`\\|`\n")[10:]},
	{"setext headings", atLimit("a\n=\n")},
	{"HTML blocks", atLimit("<div>\n")},
	{"fences", atLimit("```\n")},
}

func growingTicks() string {
	var b strings.Builder
	for i := 1; b.Len() < content.MaxMarkdown-i-1; i++ {
		b.WriteString(strings.Repeat("`", i) + "a")
	}
	return b.String()
}

func referenceDefinitions() string {
	var b strings.Builder
	for i := 0; b.Len() < content.MaxMarkdown/2; i++ {
		fmt.Fprintf(&b, "[r%d]: /u%d\n", i, i)
	}
	for b.Len() < content.MaxMarkdown-5 {
		b.WriteString("[r1] ")
	}
	return b.String()
}

func wideTable() string {
	header := "|" + strings.Repeat("a|", 2000) + "\n|" + strings.Repeat("-|", 2000) + "\n"
	return header + strings.Repeat("a\n", (content.MaxMarkdown-len(header))/2)
}

// shape measures rendered HTML: its most deeply nested block quotes and
// lists, and how many elements it has of each name.
type shape struct {
	depth    int
	elements map[string]int
}

func measure(t *testing.T, out string) shape {
	t.Helper()
	s := shape{elements: map[string]int{}}
	depth := 0
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return s
		case html.StartTagToken:
			name, _ := z.TagName()
			s.elements[string(name)]++
			switch string(name) {
			case "blockquote", "ul", "ol":
				depth++
				s.depth = max(s.depth, depth)
			}
		case html.EndTagToken:
			switch name, _ := z.TagName(); string(name) {
			case "blockquote", "ul", "ol":
				depth--
			}
		}
	}
}

// The corpus renders without a time limit here, so that a slow machine
// cannot fail it: what it holds to is the shape of the answer, the bounds
// that keep the work linear (BenchmarkPathological measures the time).
func TestPathologicalMarkdownIsBoundedAtTheSizeLimit(t *testing.T) {
	for _, tc := range pathological {
		t.Run(tc.name, func(t *testing.T) {
			if len(tc.src) > content.MaxMarkdown {
				t.Fatalf("the input is %d bytes, over the limit", len(tc.src))
			}
			out, err := markdownHTML(tc.src)
			if err != nil {
				t.Fatalf("render: %v", err)
			}
			if limit := 8*len(tc.src) + 1024; len(out) > limit {
				t.Errorf("%d bytes of Markdown made %d bytes of HTML, over %d", len(tc.src), len(out), limit)
			}
			s := measure(t, out)
			if s.depth > maxDepth {
				t.Errorf("quotes and lists nest %d deep, over %d", s.depth, maxDepth)
			}
			if s.elements["td"] > maxTableCells {
				t.Errorf("%d table cells, over %d", s.elements["td"], maxTableCells)
			}
			if strings.Contains(strings.ToLower(out), "<script") {
				t.Errorf("the output holds a script")
			}
		})
	}
}

func TestQuotesAndListsNestAtMostMaxDepth(t *testing.T) {
	for _, src := range []string{strings.Repeat(">", 50000), strings.Repeat("> ", 100), strings.Repeat("1. ", 1000),
		strings.Repeat("* + ", 500), strings.Repeat("> - ", 200)} {
		out, err := markdownHTML(src)
		if err != nil {
			t.Fatal(err)
		}
		if s := measure(t, out); s.depth != maxDepth {
			t.Errorf("%.12q…: nested %d deep, want the bound, %d", src, s.depth, maxDepth)
		}
	}
	out, err := markdownHTML("> > quoted twice\n\n- a\n  - b\n    - c\n")
	if err != nil {
		t.Fatal(err)
	}
	if s := measure(t, out); s.elements["blockquote"] != 2 || s.elements["ul"] != 3 {
		t.Errorf("shallow nesting changed: %s", out)
	}
}

func TestABlockTakesAtMostMaxLinkOpeners(t *testing.T) {
	out, err := markdownHTML(strings.Repeat("[a](/b) ", 3*maxLinkOpeners))
	if err != nil {
		t.Fatal(err)
	}
	if n := measure(t, out).elements["a"]; n != maxLinkOpeners {
		t.Errorf("one paragraph of %d links made %d, want the bound, %d", 3*maxLinkOpeners, n, maxLinkOpeners)
	}
	if !strings.Contains(out, "[a](/b)") {
		t.Errorf("the links past the bound are not left as typed")
	}
	// The bound is a block's: a list of many links keeps them all.
	out, err = markdownHTML(strings.Repeat("- [a](/b)\n", 3*maxLinkOpeners))
	if err != nil {
		t.Fatal(err)
	}
	if n := measure(t, out).elements["a"]; n != 3*maxLinkOpeners {
		t.Errorf("a list of %d links made %d", 3*maxLinkOpeners, n)
	}
}

func TestABlockTakesAtMostMaxDelimiters(t *testing.T) {
	out, err := markdownHTML(strings.Repeat("*a* ", maxDelimiters))
	if err != nil {
		t.Fatal(err)
	}
	if n := measure(t, out).elements["em"]; n != maxDelimiters/2 {
		t.Errorf("%d emphasised words made %d <em>, want %d", maxDelimiters, n, maxDelimiters/2)
	}
}

func TestQuoteMarkRunsAreLeftMostlyAsTyped(t *testing.T) {
	out, err := markdownHTML(strings.Repeat("'", 1000))
	if err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out, "’") + strings.Count(out, "‘"); n > maxQuoteRun {
		t.Errorf("%d of 1000 quote marks were made typographic, over %d", n, maxQuoteRun)
	}
	out, err = markdownHTML(`"Ready," he said, 'and waiting.'`)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "“Ready,”") || !strings.Contains(out, "‘and waiting.’") {
		t.Errorf("ordinary quotes lost their typography: %s", out)
	}
}

func TestTablesAreBounded(t *testing.T) {
	out, err := markdownHTML(wideTable())
	if err != nil {
		t.Fatal(err)
	}
	if n := measure(t, out).elements["td"]; n != 0 {
		t.Errorf("a table of 2,000 columns was made, with %d cells", n)
	}
	wide := "|" + strings.Repeat("a|", maxTableColumns+1) + "\n|" + strings.Repeat("-|", maxTableColumns+1) + "\n|x|\n"
	if out, _ := markdownHTML(wide); strings.Contains(out, "<table") {
		t.Errorf("a table of %d columns was made", maxTableColumns+1)
	}
	results := "| Team | Pts |\n|---|---:|\n" + strings.Repeat("| Buriram | 3 |\n", 500)
	out, err = markdownHTML(results)
	if err != nil {
		t.Fatal(err)
	}
	if n := measure(t, out).elements["td"]; n != 1000 {
		t.Errorf("a table of 500 rows made %d cells, want 1000", n)
	}
}

func TestAReferenceWrittenOutTooOftenIsRefused(t *testing.T) {
	src := "[a]: /" + strings.Repeat("x", 100000) + "\n\n"
	src += strings.Repeat("[a]", (content.MaxMarkdown-len(src))/3)
	_, err := Markdown(t.Context(), src)
	if !errors.Is(err, ErrOutputLong) {
		t.Fatalf("err = %v, want ErrOutputLong", err)
	}
	out, err := Markdown(t.Context(), "[a]: /report\n\nSee [a] and [a] again.")
	if err != nil || strings.Count(out, `href="/report"`) != 2 {
		t.Errorf("a reference used twice: %q, %v", out, err)
	}
}

func TestMarkdownOverTheSizeLimitIsRefused(t *testing.T) {
	_, err := Markdown(t.Context(), strings.Repeat("a", content.MaxMarkdown+1))
	var refused *Error
	if !errors.As(err, &refused) || refused.Message != content.MarkdownTooLong {
		t.Fatalf("err = %v, want the refusal %q", err, content.MarkdownTooLong)
	}
	if _, err := Markdown(t.Context(), strings.Repeat("a", content.MaxMarkdown)); err != nil {
		t.Errorf("Markdown at the limit: %v", err)
	}
	a := content.Article{Title: "T", Kind: content.KindPost, Status: content.StatusDraft, Format: content.FormatMarkdown,
		Source: strings.Repeat("a", content.MaxMarkdown+1)}
	var fe content.FieldErrors
	if err := a.Validate(); !errors.As(err, &fe) || fe[0].Field != "body" || fe[0].Message != content.MarkdownTooLong {
		t.Errorf("Validate = %v, want a body error %q", err, content.MarkdownTooLong)
	}
	a.Format = content.FormatHTML
	if err := a.Validate(); err != nil {
		t.Errorf("HTML of the same length: %v, want it accepted up to %d bytes", err, content.MaxSource)
	}
}

func TestFewerBlankLines(t *testing.T) {
	for in, want := range map[string]string{
		"a\n\nb":              "a\n\nb",
		"a\n\n\nb":            "a\n\n\nb",
		"a\n\n\n\n\n\nb":      "a\n\n\nb",
		"a\n \n\t\n  \n\nb\n": "a\n \n\t\nb\n",
		"\n\n\n\n":            "\n\n",
		"":                    "",
	} {
		if got := string(fewerBlankLines([]byte(in))); got != want {
			t.Errorf("fewerBlankLines(%q) = %q, want %q", in, got, want)
		}
	}
}

func BenchmarkPathological(b *testing.B) {
	for _, tc := range pathological {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(tc.src)))
			for b.Loop() {
				if _, err := markdownHTML(tc.src); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
