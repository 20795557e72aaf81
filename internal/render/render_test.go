package render

import (
	"strings"
	"testing"
	"unicode"

	"dateline/internal/content"
)

func TestSanitizeRemovesEverythingExecutable(t *testing.T) {
	hostile := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`<a href="javascript:alert(1)">x</a>`,
		`<a href="JaVaScRiPt:alert(1)">x</a>`,
		`<a href="&#106;avascript:alert(1)">x</a>`,
		`<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>`,
		`<iframe src="https://evil.example"></iframe>`,
		`<object data="x.swf"></object><embed src="x.swf">`,
		`<svg onload=alert(1)><circle/></svg>`,
		`<style>body{display:none}</style>`,
		`<p style="background:url(javascript:alert(1))">x</p>`,
		`<form action="https://evil.example"><input name=p></form>`,
		`<meta http-equiv="refresh" content="0;url=https://evil.example">`,
		`<base href="https://evil.example/">`,
		`<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>`,
		`<div onclick="alert(1)">click</div>`,
		`<img src="https://ok.example/a.jpg" srcset="javascript:alert(1) 1x">`,
		`<<script>script>alert(1)<</script>/script>`,
	}
	banned := []string{"<script", "onerror", "onload", "onclick", "javascript:", "<iframe", "<object", "<embed",
		"<svg", "<style", "style=", "<form", "<input", "<meta", "<base", "data:text"}
	for _, in := range hostile {
		out := strings.ToLower(Sanitize(in))
		for _, b := range banned {
			if strings.Contains(out, b) {
				t.Errorf("Sanitize(%q) = %q still contains %q", in, out, b)
			}
		}
	}
}

func TestSanitizeKeepsWhatJournalismNeeds(t *testing.T) {
	keep := []string{
		`<h2 id="background">Background</h2>`,
		`<blockquote><p>We are ready.</p></blockquote>`,
		`<ul><li>one</li></ul>`,
		`<ol start="3"><li>three</li></ol>`,
		`<table><thead><tr><th scope="col">Team</th></tr></thead><tbody><tr><td>Buriram</td></tr></tbody></table>`,
		`<figure><img src="/media/a.jpg" alt="A flood" width="800" height="450"><figcaption>Water.</figcaption></figure>`,
		`<a href="https://example.org/report" title="Report">report</a>`,
		`<p><strong>Bold</strong>, <em>italic</em>, <mark>marked</mark> and <code>code</code>.</p>`,
		`<a href="mailto:desk@example.org">desk</a>`,
		`<a href="/2025/07/14/other/">relative</a>`,
	}
	for _, in := range keep {
		if out := Sanitize(in); out != in {
			t.Errorf("Sanitize(%q) = %q, want it kept as it is", in, out)
		}
	}
}

// Right-to-left text needs its direction and language to read and
// align as written: a paragraph of Arabic or Hebrew inside an English
// page (as WordPress's editor marks it) keeps dir and lang, and so do
// bdi and bdo, and a span that carries them. Nothing else comes with them.
func TestSanitizeKeepsTheDirectionAndLanguageOfText(t *testing.T) {
	keep := []string{
		`<p dir="rtl" lang="ar">افتتاح الجسر الجديد فوق النهر</p>`,
		`<blockquote dir="rtl" lang="he"><p>עברית ועוד</p></blockquote>`,
		`<h2 dir="auto">عنوان</h2>`,
		`<p>The mayor said <span lang="th">น้ำท่วม</span> and <bdi>إيان</bdi> won.</p>`,
		`<p><bdo dir="ltr">123-456</bdo></p>`,
		`<ul dir="rtl"><li lang="fa-IR">یک</li></ul>`,
		`<table><tbody><tr><td dir="rtl">٣٢٠</td></tr></tbody></table>`,
		`<q lang="zh-Hant-TW">水</q>`,
	}
	for _, in := range keep {
		if out := Sanitize(in); out != in {
			t.Errorf("Sanitize(%q) = %q, want it kept as it is", in, out)
		}
	}
	for in, want := range map[string]string{
		`<p dir="sideways">x</p>`:                             `<p>x</p>`,
		`<p lang="en&quot; onclick=&quot;alert(1)">x</p>`:     `<p>x</p>`,
		`<p lang="a-very-long-tag-that-is-no-language">x</p>`: `<p>x</p>`,
		`<span class="x" style="color:red">plain</span>`:      `<span>plain</span>`,
		`<div dir="rtl">x</div>`:                              `x`,
	} {
		if out := Sanitize(in); out != want {
			t.Errorf("Sanitize(%q) = %q, want %q", in, out, want)
		}
	}
}

func TestMarkdownRendersAndSanitises(t *testing.T) {
	out, err := Markdown(t.Context(), "## Results\n\n| Team | Pts |\n|---|---|\n| Buriram | 3 |\n\n> \"Ready,\" he said.\n\n<script>alert(1)</script>\n\n[link](javascript:alert(1))")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"<h2", "<table>", "<td>Buriram</td>", "<blockquote>", "“Ready,” he said"} {
		if !strings.Contains(out, want) {
			t.Errorf("markdown output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "<script") || strings.Contains(out, "javascript:") {
		t.Errorf("markdown let something executable through:\n%s", out)
	}
}

func TestPrepareFillsBodyAndWords(t *testing.T) {
	a := content.Article{Source: "One two three.\n\nFour *five*.", Format: content.FormatMarkdown}
	if err := Prepare(&a); err != nil {
		t.Fatal(err)
	}
	if a.Body != "<p>One two three.</p>\n<p>Four <em>five</em>.</p>\n" || a.Words != 5 {
		t.Errorf("body %q, words %d", a.Body, a.Words)
	}
	a = content.Article{Source: "<p onclick=x>Hi</p>", Format: content.FormatHTML}
	if err := Prepare(&a); err != nil || a.Body != "<p>Hi</p>" {
		t.Errorf("html body %q, err %v", a.Body, err)
	}
	if err := Prepare(&content.Article{Format: "docx"}); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestWordsCountsScriptsWithoutSpaces(t *testing.T) {
	if got := Words("<p>Hello, world &amp; more</p>"); got != 4 {
		t.Errorf("English words = %d", got)
	}
	if got := Words("<p>ฝนตกหนักในกรุงเทพ</p>"); got < 4 || got > 7 {
		t.Errorf("Thai words = %d, want about one per three letters", got)
	}
}

func TestCommentHTMLIsTextWithParagraphsAndLinks(t *testing.T) {
	got := CommentHTML("Hello <b>there</b> & all\nsecond line\n\nSee https://example.org/a?b=1&c=2.\n\njavascript:alert(1)")
	want := "<p>Hello &lt;b&gt;there&lt;/b&gt; &amp; all<br>\nsecond line</p>\n" +
		"<p>See <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc noopener\">https://example.org/a?b=1&amp;c=2</a>.</p>\n" +
		"<p>javascript:alert(1)</p>\n"
	if got != want {
		t.Errorf("CommentHTML =\n%s\nwant\n%s", got, want)
	}
	if got := CommentHTML(`https://x.example/"onmouseover="alert(1)`); strings.Contains(got, `"onmouseover`) {
		t.Errorf("quote broke out of the link: %s", got)
	}
}

func TestPlainText(t *testing.T) {
	for in, want := range map[string]string{
		"<p>A &amp; B</p>\n<p>C</p>":          "A & B C",
		"<p>Rain <b>fell</b>.</p><p>Then</p>": "Rain fell. Then",
		"<li>one</li><li>two<br>three</li>":   "one two three",
		`<p><a href="/x">link</a>, text</p>`:  "link, text",
		"unclosed <b":                         "unclosed",
	} {
		if got := PlainText(in); got != want {
			t.Errorf("PlainText(%q) = %q, want %q", in, got, want)
		}
	}
}

func FuzzCommentHTML(f *testing.F) {
	f.Add("hello https://example.org <b>")
	f.Fuzz(func(t *testing.T, s string) {
		out := CommentHTML(s)
		if strings.Contains(strings.ToLower(out), "<script") {
			t.Fatalf("CommentHTML(%q) produced a script tag", s)
		}
	})
}

func TestDenseScriptSkipsNoLetterOfItsScripts(t *testing.T) {
	// DenseScript answers false below U+0E00 without the tables: no rune
	// there may be in them.
	for r := rune(0); r < 0x0E00; r++ {
		if unicode.In(r, unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar, unicode.Han, unicode.Hiragana, unicode.Katakana) {
			t.Fatalf("%U is in a dense script, below the fast path's bound", r)
		}
	}
	for _, r := range []rune{'ก', 'ກ', 'ក', 'က', '中', 'ひ', 'カ'} {
		if !DenseScript(r) {
			t.Errorf("DenseScript(%q) = false", r)
		}
	}
	for _, r := range []rune{'a', 'é', 'Ж', 'ع', 'अ', '한'} {
		if DenseScript(r) {
			t.Errorf("DenseScript(%q) = true", r)
		}
	}
}
