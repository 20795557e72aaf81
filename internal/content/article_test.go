package content

import (
	"strings"
	"testing"
	"time"
)

func TestArticlePathUsesFirstPublicationInTheSiteZone(t *testing.T) {
	bangkok, _ := time.LoadLocation("Asia/Bangkok")
	a := Article{Kind: KindPost, Slug: "kremlin", PublishedAt: time.Date(2025, 7, 13, 18, 30, 0, 0, time.UTC)}
	if got := a.Path(bangkok); got != "/2025/07/14/kremlin/" {
		t.Errorf("Bangkok path = %q", got)
	}
	if got := a.Path(time.UTC); got != "/2025/07/13/kremlin/" {
		t.Errorf("UTC path = %q", got)
	}
	if !a.PublishedOn("2025", "07", "14", bangkok) || a.PublishedOn("2025", "07", "13", bangkok) {
		t.Error("PublishedOn disagrees with Path")
	}
	page := Article{Kind: KindPage, Slug: "about"}
	if got := page.Path(bangkok); got != "/about/" {
		t.Errorf("page path = %q", got)
	}
	thai := Article{Kind: KindPage, Slug: "เกี่ยวกับ"}
	if got := thai.Path(bangkok); got != "/%E0%B9%80%E0%B8%81%E0%B8%B5%E0%B9%88%E0%B8%A2%E0%B8%A7%E0%B8%81%E0%B8%B1%E0%B8%9A/" {
		t.Errorf("Thai path = %q", got)
	}
}

func TestValidateSaysWhatIsWrong(t *testing.T) {
	ok := Article{Kind: KindPost, Title: "A headline", Format: FormatMarkdown, Status: StatusDraft}
	if err := ok.Validate(); err != nil {
		t.Fatalf("valid article refused: %v", err)
	}
	cases := []struct {
		name  string
		edit  func(*Article)
		field string
		msg   string
	}{
		{"a blank headline", func(a *Article) { a.Title = "   " }, "title", "Please enter a headline."},
		{"a headline that is too long", func(a *Article) { a.Title = strings.Repeat("x", MaxTitle+1) }, "title", "The headline is too long (at most 300 characters)."},
		{"an unknown status", func(a *Article) { a.Status = "live" }, "status", "Unknown status."},
		{"an unknown format", func(a *Article) { a.Format = "docx" }, "format", "Unknown format; use markdown or html."},
		{"published without a time", func(a *Article) { a.Status = StatusPublished }, "published_at", "A published or scheduled article needs a publication time."},
		{"a slug with a slash", func(a *Article) { a.Slug = "a/b" }, "slug", "The slug may hold only letters, digits and hyphens."},
		{"too many tags", func(a *Article) { a.Tags = make([]Tag, MaxTags+1) }, "tags", "Use at most 20 tags."},
		// PostgreSQL's text holds neither, so no backend is asked to.
		{"a NUL in the headline", func(a *Article) { a.Title = "A\x00headline" }, "title", Unstorable},
		{"a NUL in the body", func(a *Article) { a.Source = "Text\x00" }, "body", Unstorable},
		{"bytes that are not UTF-8", func(a *Article) { a.Excerpt = "caf\xe9" }, "excerpt", Unstorable},
		{"a NUL in a tag", func(a *Article) { a.Tags = []Tag{{Name: "x\x00", Slug: "x"}} }, "tags", Unstorable},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := ok
			tc.edit(&a)
			err := a.Validate()
			fe, isFE := err.(FieldErrors)
			if !isFE || fe.For(tc.field) != tc.msg {
				t.Errorf("Validate() = %v, want %s: %q", err, tc.field, tc.msg)
			}
		})
	}
}

func TestImageSources(t *testing.T) {
	im := &Image{Name: "demo/a", Ext: ".jpg", Width: 1600, Height: 900, Variants: []int{480, 960}}
	if got := im.SrcSet(); got != "/media/demo/a-480.jpg 480w, /media/demo/a-960.jpg 960w, /media/demo/a.jpg 1600w" {
		t.Errorf("srcset = %q", got)
	}
	if got := im.VariantURL(600); got != "/media/demo/a-960.jpg" {
		t.Errorf("600px source = %q", got)
	}
	if got := im.VariantURL(1200); got != "/media/demo/a.jpg" {
		t.Errorf("1200px source = %q", got)
	}
	bare := &Image{Name: "up/b", Ext: ".png", Width: 2000, Height: 1000}
	if bare.SrcSet() != "" || bare.VariantURL(480) != "/media/up/b.png" {
		t.Error("an image without variants must not point at copies that do not exist")
	}
}

func TestReadingTime(t *testing.T) {
	for words, want := range map[int]int{0: 1, 100: 1, 230: 1, 231: 2, 1000: 5} {
		a := Article{Words: words}
		if got := a.ReadingMinutes(); got != want {
			t.Errorf("%d words: %d min, want %d", words, got, want)
		}
	}
}

func TestCleanTextMakesAnyTextStorable(t *testing.T) {
	for in, want := range map[string]string{
		"  Floods  ": "Floods", "a\x00b": "a\uFFFDb", "caf\xe9": "caf\uFFFD", "Thai ภาษาไทย": "Thai ภาษาไทย", "\x00": "\uFFFD",
	} {
		got := CleanText(in)
		if got != want || !Storable(got) {
			t.Errorf("CleanText(%q) = %q (storable %v), want %q", in, got, Storable(got), want)
		}
	}
	for _, s := range []string{"a\x00", "\xff", "ok\xc3"} {
		if Storable(s) {
			t.Errorf("Storable(%q) = true", s)
		}
	}
}
