package render

import (
	"testing"

	"dateline/internal/content"
)

func TestSponsoredArticlesLinksAreMarkedSponsored(t *testing.T) {
	a := content.Article{Source: `See [the shop](https://shop.example/?a=1&b=2 "Shop") and <b>more</b>.`,
		Format: content.FormatMarkdown, Label: content.LabelSponsored}
	if err := Prepare(&a); err != nil {
		t.Fatal(err)
	}
	want := `<p>See <a href="https://shop.example/?a=1&amp;b=2" title="Shop" rel="sponsored">the shop</a> and <b>more</b>.</p>` + "\n"
	if a.Body != want {
		t.Errorf("body\n%s\nwant\n%s", a.Body, want)
	}
	a.Label = content.LabelOpinion
	if err := Prepare(&a); err != nil {
		t.Fatal(err)
	}
	if want := `<p>See <a href="https://shop.example/?a=1&amp;b=2" title="Shop">the shop</a> and <b>more</b>.</p>` + "\n"; a.Body != want {
		t.Errorf("an opinion piece's links: %s", a.Body)
	}
	if got := withRel(withRel(nil, "sponsored"), "sponsored"); len(got) != 1 || got[0].Val != "sponsored" {
		t.Errorf("rel = %+v", got)
	}
}
