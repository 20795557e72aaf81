package site

import (
	"html/template"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
)

// Metadata for search engines, social previews and feed readers, prepared
// in Go and written into <head> by the layout.

// articleMeta is the OpenGraph article block.
type articleMeta struct {
	Published, Modified string
	Section             string
	Tags                []string
	// AuthorURLs are the archives of the byline's members, one
	// article:author each (OpenGraph allows an array).
	AuthorURLs []string
}

// memberURLs are the absolute addresses of the archives of a byline's
// members; credits have none.
func (s *Site) memberURLs(d siteData, list []content.Author) []string {
	var out []string
	for _, au := range list {
		if au.Member() {
			out = append(out, s.absolute(d, au.Path()))
		}
	}
	return out
}

// authorsLD is a byline in schema.org: a Person for each member, with
// their archive as url, and for each credit a Person or, marked so, an
// Organization (an agency, a desk), without url since it has no page.
func (s *Site) authorsLD(d siteData, list []content.Author) []agentLD {
	out := make([]agentLD, len(list))
	for i, au := range list {
		switch {
		case au.Member():
			out[i] = agentLD{Type: "Person", Name: au.Name, URL: s.absolute(d, au.Path())}
		case au.Organization:
			out[i] = agentLD{Type: "Organization", Name: au.Name}
		default:
			out[i] = agentLD{Type: "Person", Name: au.Name}
		}
	}
	return out
}

// feedLink is an autodiscovery <link> for a feed.
type feedLink struct {
	Type, Title, URL string
}

// siteFeeds are the site-wide feeds every page advertises.
func siteFeeds(name string) []feedLink {
	return []feedLink{
		{"application/rss+xml", name, "/feed/"},
		{"application/atom+xml", name + " (Atom)", "/feed/atom/"},
		{"application/feed+json", name + " (JSON Feed)", "/feed.json"},
	}
}

// commentFeed is the feed of one article's comments, which its page
// advertises, named as WordPress names it.
func commentFeed(name, title, path string) feedLink {
	return feedLink{"application/rss+xml", name + " » " + title + " Comments Feed", path + "feed/"}
}

// archiveFeeds are the feeds of one archive (base like /category/x/).
func archiveFeeds(name, title, base string) []feedLink {
	return []feedLink{
		{"application/rss+xml", name + " » " + title, base + "feed/"},
		{"application/atom+xml", name + " » " + title + " (Atom)", base + "feed/atom/"},
		{"application/feed+json", name + " » " + title + " (JSON Feed)", base + "feed.json"},
	}
}

// logoPath is the site's square logo, 512 pixels on a side: the
// publisher's logo for search engines, and the icon feed readers show.
const logoPath = "/static/logo.png"

func (s *Site) publisher(d siteData) organizationLD {
	return organizationLD{Type: "Organization", Name: d.Settings.SiteName, URL: s.absolute(d, "/"),
		Logo: imageLD{Type: "ImageObject", URL: s.absolute(d, logoPath), Width: 512, Height: 512}}
}

// homeLD describes the site: WebSite with its search, and the publisher.
func (s *Site) homeLD(d siteData) []any {
	website := map[string]any{
		"@context": "https://schema.org",
		"@type":    "WebSite",
		"name":     d.Settings.SiteName,
		"url":      s.absolute(d, "/"),
		"potentialAction": map[string]any{
			"@type":       "SearchAction",
			"target":      s.absolute(d, "/search") + "?q={search_term_string}",
			"query-input": "required name=search_term_string",
		},
	}
	org := s.publisher(d)
	org.Context = "https://schema.org"
	return []any{website, org}
}

// articleLD describes an article as a NewsArticle (or the type of its
// label) and its place in the site as a BreadcrumbList.
func (s *Site) articleLD(d siteData, a content.Article, canonical string) []any {
	headline := a.Title
	if r := []rune(headline); len(r) > 110 {
		headline = string(r[:109]) + "…"
	}
	news := &newsArticleLD{
		Context:          "https://schema.org",
		Type:             a.Label.Or().SchemaType(),
		Headline:         headline,
		Description:      describe(a),
		DatePublished:    a.PublishedAt.Format(time.RFC3339),
		DateModified:     modified(a).Format(time.RFC3339),
		MainEntityOfPage: webPageLD{Type: "WebPage", ID: canonical},
		URL:              canonical,
		Author:           s.authorsLD(d, a.Byline()),
		Publisher:        s.publisher(d),
		InLanguage:       d.Settings.Language,
		Free:             true,
		Correction:       correctionsLD(a.Corrections),
		ArticleSection:   a.Category.Name,
	}
	if a.Image != nil {
		news.Image = s.ldImages(d, a.Image)
	}
	if len(a.Tags) > 0 {
		news.Keywords = strings.Join(tagNames(a.Tags), ", ")
	}
	if place := strings.TrimSpace(a.Dateline); place != "" {
		news.LocationCreated = &placeLD{Type: "Place", Name: place}
	}
	trail := breadcrumbsLD{Context: "https://schema.org", Type: "BreadcrumbList",
		Items: []crumbLD{{Type: "ListItem", Position: 1, Name: "Home", Item: s.absolute(d, "/")}}}
	if a.Category.ID != 0 {
		trail.Items = append(trail.Items, crumbLD{Type: "ListItem", Position: 2, Name: a.Category.Name, Item: s.absolute(d, a.Category.Path())})
	}
	trail.Items = append(trail.Items, crumbLD{Type: "ListItem", Position: len(trail.Items) + 1, Name: a.Title, Item: canonical})
	return []any{news, trail}
}

// ldImages are an article's picture as search engines ask for it: in
// 16:9, 4:3 and 1:1, each at least 1,200 pixels wide where the original
// is (the crops the media library stores); the original alone for a
// picture stored before the library made crops.
func (s *Site) ldImages(d siteData, im *content.Image) []imageLD {
	var out []imageLD
	for _, r := range content.CropRatios {
		if c, ok := im.Crop(r); ok {
			out = append(out, imageLD{Type: "ImageObject", URL: s.absolute(d, c.URL), Width: c.Width, Height: c.Height})
		}
	}
	if len(out) == 0 {
		out = append(out, imageLD{Type: "ImageObject", URL: s.absolute(d, im.URL()), Width: im.Width, Height: im.Height})
	}
	return out
}

func tagNames(tags []content.Tag) []string {
	out := make([]string, len(tags))
	for i, t := range tags {
		out[i] = t.Name
	}
	return out
}

// modified is when the article last changed, never before publication.
func modified(a content.Article) time.Time {
	if a.UpdatedAt.After(a.PublishedAt) {
		return a.UpdatedAt
	}
	return a.PublishedAt
}

// socialMeta writes the page's OpenGraph, Twitter card and article
// metadata: a <meta> element a line, each a fixed name and a text value,
// which attrEscaper escapes as html/template escapes a quoted attribute.
// Written here rather than by the template, where each value passed
// through the escapers by reflection: a fifth of the template work of an
// article page (TestSocialMetaIsWhatTheTemplateWouldWrite holds the two
// to the same bytes).
func (l *layout) socialMeta() template.HTML {
	var b strings.Builder
	meta := func(attr, key, value string) {
		b.WriteString(`<meta `)
		b.WriteString(attr)
		b.WriteString(`="`)
		b.WriteString(key)
		b.WriteString(`" content="`)
		b.WriteString(attrEscaper.Replace(value))
		b.WriteString("\">\n")
	}
	meta("property", "og:type", l.OGType)
	meta("property", "og:title", l.SocialTitle)
	meta("property", "og:locale", l.Locale)
	if l.Description != "" {
		meta("property", "og:description", l.Description)
	}
	meta("property", "og:url", l.Canonical)
	if im := l.ShareImage; im != nil {
		meta("property", "og:image", l.ShareImageURL)
		meta("property", "og:image:width", strconv.Itoa(im.Width))
		meta("property", "og:image:height", strconv.Itoa(im.Height))
		if im.Alt != "" {
			meta("property", "og:image:alt", im.Alt)
		}
	}
	meta("name", "twitter:card", l.ShareCard)
	meta("name", "twitter:title", l.SocialTitle)
	if l.Description != "" {
		meta("name", "twitter:description", l.Description)
	}
	if im := l.ShareImage; im != nil {
		meta("name", "twitter:image", l.ShareImageURL)
		if im.Alt != "" {
			meta("name", "twitter:image:alt", im.Alt)
		}
	}
	if am := l.ArticleMeta; am != nil {
		meta("property", "article:published_time", am.Published)
		meta("property", "article:modified_time", am.Modified)
		if am.Section != "" {
			meta("property", "article:section", am.Section)
		}
		for _, t := range am.Tags {
			meta("property", "article:tag", t)
		}
		for _, u := range am.AuthorURLs {
			meta("property", "article:author", u)
		}
	}
	return template.HTML(b.String())
}
