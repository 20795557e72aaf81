package feed

import (
	"encoding/json"
	"encoding/xml"
	"slices"
	"testing"

	"dateline/internal/content"
)

// A story by three reporters and an agency names all four, in order, in
// every format: RSS by one dc:creator each, Atom by one <author> each
// (members with their archive as uri), JSON Feed in its authors array.
func TestEveryAuthorOfAStoryIsInEveryFormat(t *testing.T) {
	a := flood()
	a.Authors = []content.Author{{ID: 3, Name: "Somchai Jaidee", Slug: "somchai"}, {ID: 4, Name: "Malee Sukjai", Slug: "malee"},
		{ID: 5, Name: "Ploy Chan", Slug: "ploy"}, {Name: "Reuters", Organization: true}}
	it := ArticleItem(a, base, bangkok, false)
	want := []string{"Somchai Jaidee", "Malee Sukjai", "Ploy Chan", "Reuters"}

	rss, err := RSS(channel, []Item{it})
	if err != nil {
		t.Fatal(err)
	}
	var r struct {
		Items []struct {
			Creators []string `xml:"http://purl.org/dc/elements/1.1/ creator"`
		} `xml:"channel>item"`
	}
	if err := xml.Unmarshal(rss, &r); err != nil {
		t.Fatal(err)
	}
	if len(r.Items) != 1 || !slices.Equal(r.Items[0].Creators, want) {
		t.Errorf("RSS dc:creator = %+v, want %v", r.Items, want)
	}

	atom, err := Atom(channel, []Item{it})
	if err != nil {
		t.Fatal(err)
	}
	var f struct {
		Entries []struct {
			Authors []struct {
				Name string `xml:"name"`
				URI  string `xml:"uri"`
			} `xml:"author"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal(atom, &f); err != nil {
		t.Fatal(err)
	}
	if len(f.Entries) != 1 || len(f.Entries[0].Authors) != 4 {
		t.Fatalf("Atom authors = %+v", f.Entries)
	}
	for i, au := range f.Entries[0].Authors {
		if au.Name != want[i] {
			t.Errorf("Atom author %d = %q, want %q", i, au.Name, want[i])
		}
	}
	if got := f.Entries[0].Authors[1].URI; got != base+"/author/malee/" {
		t.Errorf("a member's uri = %q", got)
	}
	if got := f.Entries[0].Authors[3].URI; got != "" {
		t.Errorf("the agency, which has no page, has the uri %q", got)
	}

	js, err := JSON(channel, []Item{it})
	if err != nil {
		t.Fatal(err)
	}
	var j struct {
		Items []struct {
			Authors []struct{ Name, URL string } `json:"authors"`
		} `json:"items"`
	}
	if err := json.Unmarshal(js, &j); err != nil {
		t.Fatal(err)
	}
	if len(j.Items) != 1 || len(j.Items[0].Authors) != 4 || j.Items[0].Authors[3].Name != "Reuters" || j.Items[0].Authors[0].URL != base+"/author/somchai/" {
		t.Errorf("JSON Feed authors = %+v", j.Items)
	}
}
