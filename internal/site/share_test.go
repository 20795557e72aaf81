package site

import (
	"html/template"
	"strings"
	"testing"
)

// The share links are written by hand (shareHTML): they must be what the
// template's escapers made of the same links, whatever the title holds.
func TestShareLinksAreWhatTheTemplateWouldWrite(t *testing.T) {
	byTemplate := template.Must(template.New("share").Parse(
		`{{range .}} <a href="{{.URL}}" rel="noopener" class="share-{{.Name}}">{{.Name}}</a>{{end}}`))
	titles := []string{
		"Rice exports rise", `"Quoted" & <b>bold</b> 'single'`, "</a><script>alert(1)</script>",
		"ข่าวด่วน: น้ำท่วมกรุงเทพฯ", "a\x00b\u2028c%41+&amp;#", "javascript:alert(1)",
	}
	for _, title := range titles {
		links := shareLinks("https://news.example/2025/07/14/a-story/?x=1&y=<2>", title)
		var want strings.Builder
		if err := byTemplate.Execute(&want, links); err != nil {
			t.Fatal(err)
		}
		if got := string(shareHTML(links)); got != want.String() {
			t.Errorf("title %q:\n got %s\nwant %s", title, got, want.String())
		}
	}
}

// The social metadata is written by hand (socialMeta): it must be what
// the layout's template made of the same fields, whatever they hold.
func TestSocialMetaIsWhatTheTemplateWouldWrite(t *testing.T) {
	byTemplate := template.Must(template.New("meta").Parse(`{{with .}}<meta property="og:type" content="{{.OGType}}">
<meta property="og:title" content="{{.SocialTitle}}">
<meta property="og:locale" content="{{.Locale}}">
{{with .Description}}<meta property="og:description" content="{{.}}">
{{end}}<meta property="og:url" content="{{.Canonical}}">
{{$l := .}}{{with .ShareImage}}<meta property="og:image" content="{{$l.ShareImageURL}}">
<meta property="og:image:width" content="{{.Width}}">
<meta property="og:image:height" content="{{.Height}}">
{{with .Alt}}<meta property="og:image:alt" content="{{.}}">
{{end}}{{end}}<meta name="twitter:card" content="{{.ShareCard}}">
<meta name="twitter:title" content="{{.SocialTitle}}">
{{with .Description}}<meta name="twitter:description" content="{{.}}">
{{end}}{{with .ShareImage}}<meta name="twitter:image" content="{{$l.ShareImageURL}}">
{{with .Alt}}<meta name="twitter:image:alt" content="{{.}}">
{{end}}{{end}}{{with .ArticleMeta}}<meta property="article:published_time" content="{{.Published}}">
<meta property="article:modified_time" content="{{.Modified}}">
{{with .Section}}<meta property="article:section" content="{{.}}">
{{end}}{{range .Tags}}<meta property="article:tag" content="{{.}}">
{{end}}{{range .AuthorURLs}}<meta property="article:author" content="{{.}}">
{{end}}{{end}}{{end}}`))
	hostile := `"Quoted" & <b>bold</b> 'single' +1 a\x00b </script>`
	layouts := []*layout{
		{OGType: "website", SocialTitle: "Dateline", Locale: "en_US", Canonical: "https://news.example/",
			ShareImage: &picture{Width: 512, Height: 512, Alt: "Dateline"}, ShareImageURL: "https://news.example/static/logo.png", ShareCard: "summary"},
		{OGType: "article", SocialTitle: hostile, Locale: "th_TH", Description: hostile, Canonical: "https://news.example/a/?q=<1>&b=2",
			ShareImage: &picture{Width: 1600, Height: 900}, ShareImageURL: "https://news.example/m/a b.jpg", ShareCard: "summary_large_image",
			ArticleMeta: &articleMeta{Published: "2025-07-14T09:00:00+07:00", Modified: "2025-07-14T10:00:00+07:00", Section: hostile,
				Tags: []string{"Rice", hostile, "ข่าว"}, AuthorURLs: []string{"https://news.example/author/ana/", "https://news.example/author/" + hostile + "/"}}},
		{OGType: "article", SocialTitle: "No picture", Locale: "en_US", Canonical: "https://news.example/b/", ShareCard: "summary",
			ArticleMeta: &articleMeta{Published: "p", Modified: "m", AuthorURLs: []string{"u"}}},
	}
	for i, l := range layouts {
		var want strings.Builder
		if err := byTemplate.Execute(&want, l); err != nil {
			t.Fatal(err)
		}
		if got := string(l.socialMeta()); got != want.String() {
			t.Errorf("layout %d:\n got %s\nwant %s", i, got, want.String())
		}
	}
}
