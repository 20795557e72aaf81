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
