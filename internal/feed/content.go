package feed

import (
	"fmt"
	"io"
	"mime"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/net/html"

	"dateline/internal/content"
	"dateline/internal/render"
)

// summaryRunes bounds a summary made from the body when the article has no
// excerpt. It counts characters, not words, because Thai has no spaces
// between words.
const summaryRunes = 300

// ArticleItem turns a published article into a feed item. base is the
// site's absolute URL without a trailing slash; zone dates the article's URL;
// full puts the whole body in the item, otherwise only the summary is sent.
// The GUID is {base}/?p={id}, as WordPress writes it, so that readers who
// subscribed before a migration see no duplicates, and it survives edits of
// the title, slug or body.
func ArticleItem(a content.Article, base string, zone *time.Location, full bool) Item {
	base = strings.TrimRight(base, "/")
	it := Item{
		ID:        guid(base, a.ID),
		Title:     a.Title,
		Link:      base + a.Path(zone),
		Summary:   summary(a),
		Published: a.PublishedAt,
		Updated:   later(a.PublishedAt, a.UpdatedAt),
	}
	for _, au := range a.Byline() {
		p := Person{Name: au.Name}
		if au.Member() && au.Slug != "" {
			p.URL = base + au.Path()
		}
		it.Authors = append(it.Authors, p)
	}
	// The kind of work leads the categories when it is not news, and a
	// sponsored item says so in its title too, which every reader shows.
	if l := a.Label.Or(); l != content.LabelNews {
		it.Categories = append(it.Categories, l.Name())
	}
	if a.Label == content.LabelSponsored {
		it.Title = "Sponsored: " + it.Title
	}
	if a.Category.Name != "" {
		it.Categories = append(it.Categories, a.Category.Name)
	}
	for _, t := range a.Tags {
		it.Categories = append(it.Categories, t.Name)
	}
	if full {
		it.ContentHTML = correctionsHTML(a.Corrections, zone) + leadPicture(a.Image, base) + absoluteURLs(a.Body, base)
	}
	if im := a.Image; im != nil {
		it.Image = &Enclosure{
			URL:    base + im.URL(),
			Type:   imageType(im.Ext),
			Length: im.Bytes,
			Width:  im.Width,
			Height: im.Height,
		}
	}
	if a.Kind == content.KindPost {
		it.Comments = &Discussion{URL: it.Link + "#comments", Feed: it.Link + "feed/", Count: a.CommentCount}
	}
	return it
}

// correctionsHTML is an article's corrections as the opening of its text
// in a feed, as the article page shows them above the story, so that a
// reader who already had the item sees what changed; "" without any.
func correctionsHTML(list []content.Correction, zone *time.Location) string {
	if len(list) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(`<aside class="corrections">`)
	for _, c := range list {
		fmt.Fprintf(&b, "<p><strong>%s, %s:</strong> %s</p>", c.Kind.Name(),
			c.CreatedAt.In(zone).Format("January 2, 2006 15:04"), html.EscapeString(c.Text))
	}
	b.WriteString("</aside>")
	return b.String()
}

// CorrectionItem turns a correction of a published article (with its
// Article, as store.Corrections lists them) into an item of the
// corrections feed, linking to the corrections on the article's page. Its
// GUID is its own, stable whatever the article's address.
func CorrectionItem(c content.Correction, base string, zone *time.Location) Item {
	base = strings.TrimRight(base, "/")
	it := Item{
		ID:        fmt.Sprintf("%s/corrections/#correction-%d", base, c.ID),
		Summary:   c.Text,
		Published: c.CreatedAt,
		Updated:   c.UpdatedAt,
	}
	if a := c.Article; a != nil {
		it.Title = c.Kind.Name() + ": " + a.Title
		it.Link = base + a.Path(zone) + "#corrections"
	}
	it.ContentHTML = "<p>" + html.EscapeString(c.Text) + "</p>"
	return it
}

// leadWidth is the width of the copy of the lead picture put in an item's
// text: wider than any feed reader's column, a fraction of the original.
const leadWidth = 1024

// leadPicture is the article's picture as the opening of its text in a
// feed, with its caption and credit, as the article page shows it above
// the story; "" without one. A reader shows the text, not the enclosure.
func leadPicture(im *content.Image, base string) string {
	if im == nil {
		return ""
	}
	w := im.Width
	for _, v := range im.Variants {
		if v >= leadWidth && v < w {
			w = v
		}
	}
	src := im.URL()
	if w < im.Width {
		src = im.VariantURL(w)
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<figure><img src="%s" width="%d" height="%d" alt="%s">`,
		html.EscapeString(base+src), w, im.HeightFor(w), html.EscapeString(im.Alt))
	var words []string
	if caption := strings.TrimSpace(im.Caption); caption != "" {
		words = append(words, html.EscapeString(caption))
	}
	if credit := strings.TrimSpace(im.Credit); credit != "" {
		words = append(words, "<small>"+html.EscapeString(credit)+"</small>")
	}
	if len(words) > 0 {
		b.WriteString("<figcaption>" + strings.Join(words, " ") + "</figcaption>")
	}
	b.WriteString("</figure>")
	return b.String()
}

// CommentItem turns an approved comment on article a into a feed item. Its
// GUID is the article's followed by #comment-{id}, as WordPress writes it.
func CommentItem(c content.Comment, a content.Article, base string, zone *time.Location) Item {
	base = strings.TrimRight(base, "/")
	anchor := fmt.Sprintf("#comment-%d", c.ID)
	it := Item{
		ID:          guid(base, a.ID) + anchor,
		Title:       fmt.Sprintf("Comment on %s by %s", a.Title, c.AuthorName),
		Link:        base + a.Path(zone) + anchor,
		Summary:     excerpt(strings.Join(strings.Fields(c.Body), " "), summaryRunes),
		ContentHTML: render.CommentHTML(c.Body),
		Published:   c.CreatedAt,
		Updated:     c.CreatedAt,
	}
	who := Person{Name: c.AuthorName}
	// A reader typed this address; only web links reach feed readers.
	if u := c.AuthorURL; strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		who.URL = u
	}
	it.Authors = []Person{who}
	return it
}

// ArticleURL is the sitemap entry of an article.
func ArticleURL(a content.Article, base string, zone *time.Location) URL {
	return URL{
		Loc:     strings.TrimRight(base, "/") + a.Path(zone),
		LastMod: later(a.PublishedAt, a.UpdatedAt),
	}
}

// ArticleNewsURL is the news sitemap entry of an article.
func ArticleNewsURL(a content.Article, base string, zone *time.Location) NewsURL {
	return NewsURL{
		Loc:       strings.TrimRight(base, "/") + a.Path(zone),
		Title:     a.Title,
		Published: a.PublishedAt,
	}
}

func guid(base string, id int64) string {
	return fmt.Sprintf("%s/?p=%d", base, id)
}

// summary is the writer's excerpt, or the start of the body.
func summary(a content.Article) string {
	if s := strings.TrimSpace(a.Excerpt); s != "" {
		return s
	}
	return excerpt(render.PlainText(a.Body), summaryRunes)
}

// excerpt cuts text to at most max characters, at a space when there is one
// in the second half, and marks the cut with an ellipsis.
func excerpt(text string, max int) string {
	if utf8.RuneCountInString(text) <= max {
		return text
	}
	cut, n := 0, 0
	for i := range text {
		if n == max {
			cut = i
			break
		}
		n++
	}
	s := text[:cut]
	if sp := strings.LastIndexByte(s, ' '); sp > len(s)/2 {
		s = s[:sp]
	}
	return strings.TrimRight(s, " ,;:") + "…"
}

// imageTypes covers what the newsroom uploads, without depending on the
// host's MIME tables.
var imageTypes = map[string]string{
	".jpg":  "image/jpeg",
	".jpeg": "image/jpeg",
	".png":  "image/png",
	".gif":  "image/gif",
	".webp": "image/webp",
	".avif": "image/avif",
	".svg":  "image/svg+xml",
}

func imageType(ext string) string {
	ext = strings.ToLower(ext)
	if t, ok := imageTypes[ext]; ok {
		return t
	}
	return mime.TypeByExtension(ext)
}

// absoluteURLs rewrites root-relative links and image sources in sanitised
// HTML to absolute ones: a feed is read away from the site, and RSS has no
// way to say what a relative URL is relative to.
func absoluteURLs(body, base string) string {
	if base == "" || !strings.Contains(body, "/") {
		return body
	}
	z := html.NewTokenizer(strings.NewReader(body))
	var b strings.Builder
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			if z.Err() == io.EOF {
				return b.String()
			}
			return body
		case html.StartTagToken, html.SelfClosingTagToken:
			raw := string(z.Raw()) // Token lower-cases the buffer in place
			tok := z.Token()
			if absolutize(tok.Attr, base) {
				b.WriteString(tok.String())
			} else {
				b.WriteString(raw)
			}
		default:
			b.Write(z.Raw())
		}
	}
}

// absolutize rewrites URL attributes in place and reports whether any
// changed.
func absolutize(attrs []html.Attribute, base string) bool {
	changed := false
	for i, a := range attrs {
		switch a.Key {
		case "href", "src", "poster":
			if v, ok := absolute(a.Val, base); ok {
				attrs[i].Val, changed = v, true
			}
		case "srcset":
			parts := strings.Split(a.Val, ",")
			for j, p := range parts {
				p = strings.TrimSpace(p)
				if v, ok := absolute(p, base); ok {
					parts[j], changed = v, true
				} else {
					parts[j] = p
				}
			}
			attrs[i].Val = strings.Join(parts, ", ")
		}
	}
	return changed
}

// absolute prefixes a root-relative URL ("/media/x.jpg") with base; other
// URLs, including protocol-relative ones ("//cdn..."), are left alone.
func absolute(u, base string) (string, bool) {
	if strings.HasPrefix(u, "/") && !strings.HasPrefix(u, "//") {
		return base + u, true
	}
	return u, false
}
