package wordpress

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/render"
)

func TestConvertBody(t *testing.T) {
	lib := &Library{}
	for _, it := range []*Item{
		{ID: 41, Type: TypeAttachment, Parent: 50, AttachmentURL: "https://h.example/up/ferry.jpg", Excerpt: "The <em>6:10</em> ferry",
			Meta: []Meta{{"_wp_attachment_image_alt", `Ferry "Dawn"`}}},
		{ID: 42, Type: TypeAttachment, Parent: 50, AttachmentURL: "https://h.example/up/market.jpg", Title: "Market"},
		{ID: 43, Type: TypeAttachment, Parent: 51, GUID: "https://h.example/up/song.mp3", Title: "The harbour song"},
	} {
		lib.Add(it)
	}
	cases := []struct {
		name, src, want string
		warn            []string
	}{
		{"a blank line is a paragraph, a single line break a <br>",
			"Hello world.\nSecond line.\n\n\nNew paragraph.",
			"<p>Hello world.<br>\nSecond line.</p>\n<p>New paragraph.</p>\n", nil},
		{"Windows line ends count as line ends",
			"One.\r\n\r\nTwo.\r\nThree.",
			"<p>One.</p>\n<p>Two.<br>\nThree.</p>\n", nil},
		{"no paragraph or break inside pre, and none around lists",
			"Before.\n<pre>a\n\n  b</pre>\n<ul>\n<li>one\ntwo</li>\n<li>three</li>\n</ul>\nAfter.",
			"<p>Before.</p>\n<pre>a\n\n  b</pre>\n<ul>\n<li>one<br>\ntwo</li>\n<li>three</li>\n</ul>\n<p>After.</p>\n", nil},
		{"paragraphs inside a quote, not around it",
			"<blockquote>Quote\nline\n\nSecond</blockquote>\nAfter",
			"<blockquote><p>Quote<br>\nline</p>\n<p>Second</p>\n</blockquote>\n<p>After</p>\n", nil},
		{"a written <br> gets no second one, a stray </p> goes",
			"Line<br>\nnext<br />\nlast</p>",
			"<p>Line<br>\nnext<br />\nlast</p>\n", nil},
		{"inline elements stay in their paragraph",
			"A <strong>bold\nmove</strong> and <a href=\"/x\">a link</a>.\n\n<img src=\"/a.jpg\" alt=\"a\">",
			"<p>A <strong>bold<br>\nmove</strong> and <a href=\"/x\">a link</a>.</p>\n<p><img src=\"/a.jpg\" alt=\"a\"></p>\n", nil},
		{"an address alone on a line becomes a link, one inside a sentence or a link does not",
			"Watch:\nhttps://www.youtube.com/watch?v=abc&amp;t=1\n\nSee https://x.example today.\n\n<a href=\"https://y.example\">\nhttps://y.example\n</a>",
			"<p>Watch:<br>\n<a href=\"https://www.youtube.com/watch?v=abc&amp;amp;t=1\">https://www.youtube.com/watch?v=abc&amp;amp;t=1</a></p>\n" +
				"<p>See https://x.example today.</p>\n<p><a href=\"https://y.example\"><br>\nhttps://y.example<br>\n</a></p>\n", nil},
		{"block-editor bodies lose their comments and keep their lines",
			"<!-- wp:paragraph -->\n<p>One</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:group {\"layout\":{\"type\":\"flex\"}} -->\n<div class=\"wp-block-group\"><!-- wp:paragraph -->\n<p>Two\nlines</p>\n<!-- /wp:paragraph --></div>\n<!-- /wp:group -->",
			"<p>One</p>\n\n<div class=\"wp-block-group\"><p>Two\nlines</p>\n</div>\n", nil},
		{"a block-editor embed is a link",
			"<!-- wp:embed {\"url\":\"https://youtu.be/x\",\"type\":\"video\"} -->\n<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\nhttps://youtu.be/x\n</div></figure>\n<!-- /wp:embed -->",
			"<figure class=\"wp-block-embed\"><div class=\"wp-block-embed__wrapper\">\n<a href=\"https://youtu.be/x\">https://youtu.be/x</a>\n</div></figure>\n", nil},
		{"a dynamic block is dropped with a warning",
			"<!-- wp:paragraph -->\n<p>Read more:</p>\n<!-- /wp:paragraph -->\n<!-- wp:latest-posts {\"postsToShow\":3} /-->\n<!-- wp:block {\"ref\":71} /-->",
			"<p>Read more:</p>\n",
			[]string{"block: the block block was drawn by WordPress when the page was shown and has no content to carry over (once)",
				"block: the block latest-posts was drawn by WordPress when the page was shown and has no content to carry over (once)"}},
		{"a caption becomes a figure with the link around the picture",
			`[caption id="attachment_41" align="alignright" width="300"]<a href="/big.jpg"><img src="/small.jpg" alt="A" width="300" /></a> The river, <em>at dusk</em>[/caption]` + "\n\nAfter.",
			`<figure class="wp-caption alignright"><a href="/big.jpg"><img src="/small.jpg" alt="A" width="300" /></a><figcaption>The river, <em>at dusk</em></figcaption></figure>` + "\n<p>After.</p>\n", nil},
		{"an old caption with its words in an attribute",
			`[caption id="" align="alignnone" width="200" caption="Old style"]<img src="/a.jpg" alt="" />[/caption]`,
			`<figure class="wp-caption alignnone"><img src="/a.jpg" alt="" /><figcaption>Old style</figcaption></figure>`, nil},
		{"a caption's align that is not a class name is left out",
			`[caption align="x&quot; onclick=&quot;y"]<img src="/a.jpg">Words[/caption]`,
			`<figure><img src="/a.jpg"><figcaption>Words</figcaption></figure>`, nil},
		{"a gallery of ids becomes figures, linked to the files when asked",
			`[gallery ids="42,41" link="file"]`,
			`<figure class="gallery"><figure><a href="https://h.example/up/market.jpg"><img src="https://h.example/up/market.jpg" alt=""></a></figure>` +
				`<figure><a href="https://h.example/up/ferry.jpg"><img src="https://h.example/up/ferry.jpg" alt="Ferry &#34;Dawn&#34;"></a><figcaption>The <em>6:10</em> ferry</figcaption></figure></figure>`, nil},
		{"a gallery without ids shows the pictures attached to the post",
			`[gallery columns="2"]`,
			`<figure class="gallery"><figure><img src="https://h.example/up/ferry.jpg" alt="Ferry &#34;Dawn&#34;"><figcaption>The <em>6:10</em> ferry</figcaption></figure>` +
				`<figure><img src="https://h.example/up/market.jpg" alt=""></figure></figure>`, nil},
		{"a gallery of pictures missing from the export says which",
			`[gallery ids="41, 99,100"]`,
			`<figure class="gallery"><figure><img src="https://h.example/up/ferry.jpg" alt="Ferry &#34;Dawn&#34;"><figcaption>The <em>6:10</em> ferry</figcaption></figure></figure>`,
			[]string{"gallery: a gallery shows attachments that are not in the export: 99, 100"}},
		{"embed, audio, video and playlist become links",
			"[embed width=\"500\"]https://vimeo.com/1[/embed]\n\n[audio mp3=\"https://h.example/a.mp3\"][/audio]\n\n[video src=\"https://h.example/v.mp4\"]\n\n[playlist ids=\"43\"]",
			"<p><a href=\"https://vimeo.com/1\">https://vimeo.com/1</a></p>\n<p><a href=\"https://h.example/a.mp3\">https://h.example/a.mp3</a></p>\n" +
				"<p><a href=\"https://h.example/v.mp4\">https://h.example/v.mp4</a></p>\n<ul><li><a href=\"https://h.example/up/song.mp3\">The harbour song</a></li></ul>", nil},
		{"an embed of something that is not a web address stays its text",
			"[embed]javascript:alert(1)[/embed]",
			"<p>javascript:alert(1)</p>\n", nil},
		{"unknown shortcodes stay as text and are counted, brackets that are not shortcodes are not",
			"[contact-form-7 id=\"12\"] and [foo]x[/foo] and [foo/] and [1] and [sic] and […] and [ spaced]",
			"<p>[contact-form-7 id=\"12\"] and [foo]x[/foo] and [foo/] and [1] and [sic] and […] and [ spaced]</p>\n",
			[]string{"shortcode: the shortcode [contact-form-7] is not known here and was left as text (once)",
				"shortcode: the shortcode [foo] is not known here and was left as text (2 times)",
				"shortcode: the shortcode [sic] is not known here and was left as text (once)"}},
		{"a doubled bracket shows a shortcode as text",
			"Type [[gallery ids=\"1\"]] to show pictures.",
			"<p>Type [gallery ids=\"1\"] to show pictures.</p>\n", nil},
		{"nextpage and noteaser go",
			"Page one.<!--nextpage-->Page two.<!--noteaser-->",
			"<p>Page one.Page two.</p>\n", nil},
		{"other HTML comments stay for the sanitiser",
			"<!-- note to the desk -->\nText.",
			"<!-- note to the desk -->\n<p>Text.</p>\n", nil},
		{"every character comes through as it was",
			"Thai: ท่าเรือ, RTL: עברית والعربية, emoji: 👩🏽‍💻, combining: e\u0301, backslash: C:\\x\\ and &amp; &nbsp;",
			"<p>Thai: ท่าเรือ, RTL: עברית والعربية, emoji: 👩🏽‍💻, combining: e\u0301, backslash: C:\\x\\ and &amp; &nbsp;</p>\n", nil},
		{"a lone < is text", "1 < 2\n\n3 <3", "<p>1 < 2</p>\n<p>3 <3</p>\n", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			b := ConvertBody(tc.src, 50, lib)
			if b.HTML != tc.want {
				t.Errorf("got\n%q\nwant\n%q", b.HTML, tc.want)
			}
			var warns []string
			for _, w := range b.Warnings {
				warns = append(warns, string(w.Kind)+": "+w.Message)
			}
			if strings.Join(warns, "\n") != strings.Join(tc.warn, "\n") {
				t.Errorf("warnings\n%s\nwant\n%s", strings.Join(warns, "\n"), strings.Join(tc.warn, "\n"))
			}
			if b.More {
				t.Error("More without a more tag")
			}
		})
	}
}

func TestConvertBodyCutsTheTeaserAtTheMoreTag(t *testing.T) {
	t.Run("classic", func(t *testing.T) {
		b := ConvertBody("The council promised again.\nIt was the fourth time.\n\n<!--more Read on-->\n\nNobody believed it.", 0, nil)
		if !b.More || b.MoreText != "Read on" || b.Teaser != "<p>The council promised again.<br>\nIt was the fourth time.</p>\n" ||
			b.Summary != "The council promised again. It was the fourth time." ||
			b.HTML != b.Teaser+"<p>Nobody believed it.</p>\n" {
			t.Errorf("%+v", b)
		}
	})
	t.Run("block editor", func(t *testing.T) {
		b := ConvertBody("<!-- wp:paragraph -->\n<p>Teaser.</p>\n<!-- /wp:paragraph -->\n\n<!-- wp:more -->\n<!--more-->\n<!-- /wp:more -->\n\n<!-- wp:paragraph -->\n<p>Rest.</p>\n<!-- /wp:paragraph -->", 0, nil)
		if !b.More || b.MoreText != "" || b.Summary != "Teaser." || render.PlainText(render.Sanitize(b.HTML)) != "Teaser. Rest." {
			t.Errorf("%+v", b)
		}
	})
	t.Run("a long teaser is cut at a word for the excerpt", func(t *testing.T) {
		b := ConvertBody(strings.Repeat("ท่าเรือ word ", 200)+"<!--more-->rest", 0, nil)
		if n := len([]rune(b.Summary)); n > 1000 || n < 900 || !strings.HasSuffix(b.Summary, "…") {
			t.Errorf("summary of %d characters: …%q", n, b.Summary[len(b.Summary)-40:])
		}
	})
}

func TestConvertBodyOfTheTestExport(t *testing.T) {
	e := readFile(t, "site-1.2.xml", Options{})
	lib := &Library{}
	for i := range e.items {
		lib.Add(&e.items[i])
	}
	if lib.Len() != 2 {
		t.Fatalf("%d attachments", lib.Len())
	}
	post := e.item(t, 50)
	b := ConvertBody(post.Content, post.ID, lib)
	page := render.Sanitize(b.HTML)
	for _, want := range []string{
		"<p>Two boats, one morning.</p>",
		`<figure class="wp-caption aligncenter"><a href="https://harbour.example/news/wp-content/uploads/2024/02/ferry-dawn.jpg"><img src="https://harbour.example/news/wp-content/uploads/2024/02/ferry-dawn.jpg" alt="A ferry leaving the pier in the first light" width="1600" height="1067"/></a><figcaption>The 6:10 ferry leaves the <em>north</em> pier.</figcaption></figure>`,
		`<figure class="gallery"><figure><a href="https://harbour.example/news/wp-content/uploads/2024/02/ferry-dawn.jpg">`,
		`<p><a href="https://www.youtube.com/watch?v=harbour42">https://www.youtube.com/watch?v=harbour42</a></p>`,
		`<p><a href="https://vimeo.com/123456">https://vimeo.com/123456</a></p>`,
		`<p>[contact-form-7 id=&#34;12&#34; title=&#34;Tips&#34;]</p>`,
	} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %s\n%s", want, page)
		}
	}
	if len(b.Warnings) != 1 || b.Warnings[0].Kind != WarnShortcode {
		t.Errorf("warnings %v", b.Warnings)
	}
}

// TestConvertBodyIsLinear feeds bodies made to defeat naive parsers: each
// would take hours if a search restarted from the start of the body.
func TestConvertBodyIsLinear(t *testing.T) {
	const n = 2 << 20
	for name, unit := range map[string]string{
		"unclosed captions":     "[caption]x",
		"unclosed embeds":       "[embed]https://a.example ",
		"open brackets":         "[[[[a ",
		"unclosed tags":         `<a "x `,
		"tags without end":      "<img src=",
		"unclosed comments":     "<!-- x",
		"unclosed pre":          "<pre>x",
		"nested divs":           "<div>",
		"closing without open":  "</div></p>",
		"more tags":             "<!--more-->",
		"block comments":        "<!-- wp:x -->",
		"gallery of many ids":   `[gallery ids="` + strings.Repeat("1,", 1000) + `"]`,
		"lines of addresses":    "https://a.example\n",
		"blank lines and words": "word\n\n",
	} {
		t.Run(name, func(t *testing.T) {
			src := strings.Repeat(unit, n/len(unit))
			lib := &Library{}
			lib.Add(&Item{ID: 1, Type: TypeAttachment, AttachmentURL: "https://a.example/1.jpg"})
			b := ConvertBody(src, 1, lib)
			if len(b.HTML) > 3*len(src)+maxGallery*200 {
				t.Errorf("%d bytes out of %d", len(b.HTML), len(src))
			}
		})
	}
}

func BenchmarkConvertBody(b *testing.B) {
	para := "The council met on Tuesday and argued about the river, the bridge and the money.\nNobody agreed.\n\n"
	src := strings.Repeat(para+`[caption id="attachment_1" align="alignnone" width="300"]<img src="/a.jpg" alt="a"> A caption[/caption]`+"\n\n", 10<<20/(len(para)+90))
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		ConvertBody(src, 1, nil)
	}
}

func FuzzConvertBody(f *testing.F) {
	e, err := os.ReadFile(filepath.Join("testdata", "site-1.2.xml"))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(string(e))
	for _, s := range []string{
		"Hello\n\nworld\n<pre>x\n\ny</pre>",
		`[caption align="a"]<a href="javascript:alert(1)"><img src=x onerror=alert(1)></a><script>alert(1)</script>[/caption]`,
		`[gallery ids="1,2"][embed]https://x.example/<script>[/embed]`,
		"<scr<!-- wp:x -->ipt>alert(1)</script>",
		"<<script>script>alert(1)<</script>/script>",
		"[caption]<img src=\"x\">[/caption]<!--more-->[[embed]]",
		"<svg><script>alert(1)</script></svg>\nhttps://a.example/\"onmouseover=\"x",
	} {
		f.Add(s)
	}
	lib := &Library{}
	lib.Add(&Item{ID: 1, Type: TypeAttachment, AttachmentURL: `https://a.example/"><script>alert(1)</script>`, Excerpt: "<script>alert(2)</script>"})
	lib.Add(&Item{ID: 2, Type: TypeAttachment, AttachmentURL: "https://a.example/2.jpg", Meta: []Meta{{"_wp_attachment_image_alt", `" onerror="x`}}})
	f.Fuzz(func(t *testing.T, src string) {
		b := ConvertBody(src, 1, lib)
		for _, out := range []string{b.HTML, b.Teaser} {
			if bad := executable(render.Sanitize(out)); bad != "" {
				t.Fatalf("the sanitised body keeps %s:\n%s", bad, render.Sanitize(out))
			}
		}
		if len(b.HTML) > 3*len(src)+maxGallery*400+64 {
			t.Fatalf("%d bytes out of %d", len(b.HTML), len(src))
		}
	})
}

// executable names what in page a browser could run: a script or other
// active element, an event attribute, a javascript: address. It reads
// the page with the HTML tokenizer rather than looking for words, so that
// "onerror" inside an escaped alt text is not mistaken for an attribute
// (and in linear time: html.Parse is not, on badly nested input).
func executable(page string) string {
	if strings.Contains(strings.ToLower(page), "<script") {
		return "<script"
	}
	z := html.NewTokenizer(strings.NewReader(page))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "iframe", "object", "embed", "style", "svg", "math", "form", "base", "meta", "link":
				return "a " + tok.Data + " element"
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" ||
					(a.Key == "href" || a.Key == "src") && !slices.Contains([]string{"", "http", "https", "mailto", "tel"}, scheme(v)) {
					return "the attribute " + a.Key + "=" + a.Val
				}
			}
		}
	}
}

// scheme is the scheme of the address v as a browser reads it: what comes
// before the first colon, when no slash, question mark or number sign
// comes first ("0#a:b" is a relative address with a colon in its
// fragment, not a scheme "0#a").
func scheme(v string) string {
	i := strings.IndexAny(v, ":/?#")
	if i <= 0 || v[i] != ':' {
		return ""
	}
	return v[:i]
}
