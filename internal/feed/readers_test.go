package feed

import (
	"encoding/xml"
	"strings"
	"testing"

	"dateline/internal/content"
)

// What feed readers show of an item beyond its text (issue 16): the lead
// picture in the text itself, the enclosure's real size, the site's logo,
// and the way to the article's comments, as WordPress feeds carry them.

func TestReadersShowTheLeadPictureAndTheSitesLogo(t *testing.T) {
	const lead = `<figure><img src="https://news.example/media/2025/07/flood-1024.jpg" width="1024" height="682" alt="A flooded runway">` +
		`<figcaption>The main runway on Sunday. <small>Photo: Dateline</small></figcaption></figure><p>Runways are under water.</p>`
	for _, f := range formats {
		t.Run(f.name, func(t *testing.T) {
			feed := read(t, f, channel, items(true))
			if feed.Image == nil || feed.Image.URL != base+"/static/logo.png" {
				t.Errorf("the feed's image is %+v, want the site's logo", feed.Image)
			}
			it := feed.Items[0]
			if !strings.HasPrefix(it.Content, lead) {
				t.Errorf("the item's text does not open with the lead picture and its caption:\n%s", it.Content)
			}
			if it.Image == nil && len(it.Enclosures) == 0 {
				t.Error("the item has neither an image nor an enclosure")
			}
			for _, e := range it.Enclosures {
				if e.Length != "183204" {
					t.Errorf("enclosure %s says length %q, want the file's 183204 bytes", e.URL, e.Length)
				}
			}
			if f.name == "JSON Feed" && (it.Image == nil || it.Image.URL != base+"/media/2025/07/flood.jpg") {
				t.Errorf("the JSON Feed item's image is %+v", it.Image)
			}
		})
	}
	// A picture without a caption or a known size still opens the text.
	a := flood()
	a.Image.Caption, a.Image.Credit, a.Image.Bytes, a.Image.Variants = "", "", 0, nil
	it := ArticleItem(a, base, bangkok, true)
	if !strings.HasPrefix(it.ContentHTML, `<figure><img src="https://news.example/media/2025/07/flood.jpg" width="1200" height="800" alt="A flooded runway"></figure>`) {
		t.Errorf("without a caption: %s", it.ContentHTML)
	}
	if it.Image.Length != 0 {
		t.Errorf("an unknown size is length %d, want 0 (RSS's unknown)", it.Image.Length)
	}
}

// rssComments reads an item's comment elements by namespace, as a reader
// that knows the extensions does: an undeclared or misspelt namespace
// leaves them empty.
type rssComments struct {
	Items []struct {
		Elements []struct {
			XMLName xml.Name
			Value   string `xml:",chardata"`
		} `xml:",any"`
	} `xml:"channel>item"`
}

// element is the text of an item's element in namespace space ("" for
// RSS's own).
func (r rssComments) element(item int, space, local string) string {
	for _, e := range r.Items[item].Elements {
		if e.XMLName.Space == space && e.XMLName.Local == local {
			return e.Value
		}
	}
	return ""
}

type atomReplies struct {
	Entries []struct {
		Links []struct {
			Rel   string `xml:"rel,attr"`
			Type  string `xml:"type,attr"`
			Href  string `xml:"href,attr"`
			Count string `xml:"http://purl.org/syndication/thread/1.0 count,attr"`
		} `xml:"link"`
	} `xml:"entry"`
}

func TestItemsLeadToTheArticlesComments(t *testing.T) {
	const article = base + "/2025/07/14/floods-close-airport/"
	body, err := RSS(channel, items(true))
	if err != nil {
		t.Fatal(err)
	}
	var rss rssComments
	if err := xml.Unmarshal(body, &rss); err != nil {
		t.Fatal(err)
	}
	comments, feed := rss.element(0, "", "comments"), rss.element(0, "http://wellformedweb.org/CommentAPI/", "commentRss")
	count := rss.element(0, "http://purl.org/rss/1.0/modules/slash/", "comments")
	if comments != article+"#comments" || feed != article+"feed/" || count != "3" {
		t.Errorf("RSS item: comments %q, wfw:commentRss %q, slash:comments %q; want %s#comments, %sfeed/, 3",
			comments, feed, count, article, article)
	}
	if c := rss.element(1, "http://purl.org/rss/1.0/modules/slash/", "comments"); c != "0" {
		t.Errorf("an article without comments says slash:comments %q, want 0", c)
	}

	body, err = Atom(channel, items(true))
	if err != nil {
		t.Fatal(err)
	}
	var atom atomReplies
	if err := xml.Unmarshal(body, &atom); err != nil {
		t.Fatal(err)
	}
	replies := map[string]string{}
	for _, l := range atom.Entries[0].Links {
		if l.Rel == "replies" {
			replies[l.Type] = l.Href + " " + l.Count
		}
	}
	if replies["text/html"] != article+"#comments 3" || replies["application/rss+xml"] != article+"feed/ 3" {
		t.Errorf("Atom replies links (RFC 4685) = %v", replies)
	}

	// A comment feed's items are comments: they take no comments.
	c := content.Comment{ID: 7, ArticleID: 42, AuthorName: "Ann", Body: "Wet.", Status: content.CommentApproved}
	body, err = RSS(channel, []Item{CommentItem(c, flood(), base, bangkok)})
	if err != nil {
		t.Fatal(err)
	}
	if s := string(body); strings.Contains(s, "<comments>") || strings.Contains(s, "<slash:comments>") {
		t.Errorf("a comment item carries comment elements:\n%s", s)
	}
}
