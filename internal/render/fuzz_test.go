package render

import (
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/content"
)

// FuzzRender feeds the renderer Markdown and HTML of any shape: it never
// panics, what it answers holds no script and stays within eight times its
// input, and it refuses only with a message for the writer. The budget is
// left out (markdownHTML is the render without it) so that a slow fuzzing
// machine cannot fail an input; run with -fuzztime to bound the run.
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		"## Results\n\n| Team | Pts |\n|---|---|\n| Buriram | 3 |\n\n> \"Ready,\" he said.",
		"<script>alert(1)</script>",
		"[x](javascript:alert(1)) ![y](javascript:alert(1))",
		"<img src=x onerror=alert(1)>",
		"<a href=\"&#106;avascript:alert(1)\">x</a>",
		"`<script>` and ```\n<script>\n```",
		"<<script>script>alert(1)<</script>/script>",
		"[a]: javascript:alert(1)\n\n[a]",
		"<scr<script>ipt>alert(1)</script>",
		"www.example.org/<script>",
		"*a_*a_*a_", "[a](" + strings.Repeat("[a](", 50), strings.Repeat(">", 100), strings.Repeat("1. ", 50),
		"``_\\``_\\", "'''''''''''''''''''''", "|a|\n|-|\n`\\|`\n",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	for _, tc := range pathological[:8] {
		f.Add(tc.src[:4096], false)
	}
	f.Fuzz(func(t *testing.T, src string, asHTML bool) {
		if len(src) > content.MaxMarkdown {
			return
		}
		var out string
		var err error
		if asHTML {
			out = Sanitize(src)
		} else {
			out, err = markdownHTML(src)
		}
		if err != nil {
			if _, ok := err.(*Error); !ok {
				t.Fatalf("render %q: %v, not a refusal for the writer", src, err)
			}
			return
		}
		if bad := executable(out); bad != "" {
			t.Fatalf("render %q = %q holds %s", src, out, bad)
		}
		// Short rows of a table are padded to its header's width, the
		// one way a few bytes make many; maxTableCells bounds it.
		if limit := 8*len(src) + 32*maxTableCells + 1024; len(out) > limit {
			t.Fatalf("%d bytes made %d bytes of HTML", len(src), len(out))
		}
	})
}

// executable names what in html a browser would run, or is "".
func executable(out string) string {
	if strings.Contains(strings.ToLower(out), "<script") {
		return "<script"
	}
	z := html.NewTokenizer(strings.NewReader(out))
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return ""
		}
		if tt != html.StartTagToken && tt != html.SelfClosingTagToken {
			continue
		}
		name, more := z.TagName()
		switch string(name) {
		case "script", "iframe", "object", "embed", "style", "svg", "math", "form", "base", "meta":
			return "<" + string(name) + ">"
		}
		for more {
			var key, val []byte
			key, val, more = z.TagAttr()
			k, v := string(key), strings.ToLower(strings.Map(dropSpace, string(val)))
			if strings.HasPrefix(k, "on") || k == "style" || k == "srcdoc" {
				return k + "="
			}
			if scheme := urlScheme(v); (k == "href" || k == "src" || k == "cite") && scheme != "" &&
				scheme != "http" && scheme != "https" && scheme != "mailto" && scheme != "tel" {
				return k + "=" + v
			}
		}
	}
}

// dropSpace drops what browsers drop from a URL before reading its scheme.
func dropSpace(r rune) rune {
	if r <= ' ' {
		return -1
	}
	return r
}

// urlScheme is the scheme of a URL, or "" for a relative one.
func urlScheme(v string) string {
	i := strings.IndexByte(v, ':')
	if i < 0 {
		return ""
	}
	if j := strings.IndexAny(v, "/?#"); j >= 0 && j < i {
		return ""
	}
	return v[:i]
}

// The fuzzer's judge must see what it is there to see.
func TestExecutableFindsWhatWouldRun(t *testing.T) {
	for _, in := range []string{`<SCRIPT>x</SCRIPT>`, `<a href="java&#x09;script:alert(1)">x</a>`, `<img src=x onerror=alert(1)>`,
		`<a href="data:text/html,x">x</a>`, `<p style="x">`, `<svg>`} {
		if executable(in) == "" {
			t.Errorf("executable(%q) found nothing", in)
		}
	}
	for _, in := range []string{`<a href="/2025/07/14/a/">x</a>`, `<a href="https://example.org/a:b">x</a>`, `<p>javascript: is text</p>`,
		`<a href="mailto:desk@example.org">desk</a>`, `<a href="a/b:c">x</a>`} {
		if bad := executable(in); bad != "" {
			t.Errorf("executable(%q) = %q, want nothing", in, bad)
		}
	}
}
