package feed

import (
	"encoding/xml"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Limits set by the sitemap protocol and by Google News.
const (
	// MaxSitemapURLs is the most URLs one sitemap, or sitemaps one index, may list.
	MaxSitemapURLs = 50000
	// MaxNewsURLs is the most articles a news sitemap may list.
	MaxNewsURLs = 1000
	// NewsWindow is how recent an article must be to belong in the news sitemap.
	NewsWindow = 48 * time.Hour
)

const (
	nsSitemap = "http://www.sitemaps.org/schemas/sitemap/0.9"
	nsNews    = "http://www.google.com/schemas/sitemap-news/0.9"
)

// URL is an entry of a sitemap or of a sitemap index. LastMod is left out
// when zero.
type URL struct {
	Loc     string
	LastMod time.Time
}

// NewsURL is an entry of a news sitemap.
type NewsURL struct {
	Loc       string
	Title     string
	Published time.Time
}

// Range is the half-open slice [Start, End) of a list, the part of it one
// sitemap holds.
type Range struct{ Start, End int }

// Len is the number of entries in the range.
func (r Range) Len() int { return r.End - r.Start }

// Chunks splits n entries into ranges of at most MaxSitemapURLs, one per
// sitemap file, in order: sitemap k (from 1) of the index holds Chunks(n)[k-1].
func Chunks(n int) []Range {
	var out []Range
	for start := 0; start < n; start += MaxSitemapURLs {
		out = append(out, Range{Start: start, End: min(start+MaxSitemapURLs, n)})
	}
	return out
}

type urlEntry struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

type sitemapIndexDoc struct {
	XMLName  xml.Name   `xml:"sitemapindex"`
	NS       string     `xml:"xmlns,attr"`
	Sitemaps []urlEntry `xml:"sitemap"`
}

type urlSetDoc struct {
	XMLName xml.Name   `xml:"urlset"`
	NS      string     `xml:"xmlns,attr"`
	URLs    []urlEntry `xml:"url"`
}

// SitemapIndex writes a sitemap index listing sitemaps, each with its lastmod.
func SitemapIndex(sitemaps []URL) ([]byte, error) {
	if len(sitemaps) > MaxSitemapURLs {
		return nil, fmt.Errorf("sitemap index: %d sitemaps, at most %d fit in one index", len(sitemaps), MaxSitemapURLs)
	}
	return marshalSitemap(sitemapIndexDoc{NS: nsSitemap, Sitemaps: urlEntries(sitemaps)})
}

// URLSet writes one sitemap. The protocol's schema wants at least one URL,
// so an index should not list a sitemap that would be empty.
func URLSet(urls []URL) ([]byte, error) {
	if len(urls) > MaxSitemapURLs {
		return nil, fmt.Errorf("sitemap: %d URLs, at most %d fit in one file; split them with Chunks", len(urls), MaxSitemapURLs)
	}
	return marshalSitemap(urlSetDoc{NS: nsSitemap, URLs: urlEntries(urls)})
}

func urlEntries(urls []URL) []urlEntry {
	out := make([]urlEntry, len(urls))
	for i, u := range urls {
		out[i] = urlEntry{Loc: xmlText(u.Loc), LastMod: rfc3339(u.LastMod)}
	}
	return out
}

type newsURLSetDoc struct {
	XMLName xml.Name    `xml:"urlset"`
	NS      string      `xml:"xmlns,attr"`
	NSNews  string      `xml:"xmlns:news,attr"`
	URLs    []newsEntry `xml:"url"`
}

type newsEntry struct {
	Loc  string   `xml:"loc"`
	News newsNews `xml:"news:news"`
}

type newsNews struct {
	Publication     newsPublication `xml:"news:publication"`
	PublicationDate string          `xml:"news:publication_date"`
	Title           string          `xml:"news:title"`
}

type newsPublication struct {
	Name     string `xml:"news:name"`
	Language string `xml:"news:language"`
}

// NewsSitemap writes a Google News sitemap of exactly the articles given;
// choose them with RecentNews. It may be empty when nothing was published in
// the last two days, which Google accepts. publication is the name Google News knows the
// site by; language is the site's language ("en", "th", "en-US" becomes "en").
func NewsSitemap(publication, language string, urls []NewsURL) ([]byte, error) {
	if len(urls) > MaxNewsURLs {
		return nil, fmt.Errorf("news sitemap: %d articles, at most %d are allowed", len(urls), MaxNewsURLs)
	}
	pub := newsPublication{Name: xmlText(publication), Language: newsLanguage(language)}
	doc := newsURLSetDoc{NS: nsSitemap, NSNews: nsNews, URLs: make([]newsEntry, len(urls))}
	for i, u := range urls {
		doc.URLs[i] = newsEntry{
			Loc: xmlText(u.Loc),
			News: newsNews{
				Publication:     pub,
				PublicationDate: rfc3339Always(u.Published),
				Title:           xmlText(u.Title),
			},
		}
	}
	return marshalSitemap(doc)
}

// quoteRefs are the character references encoding/xml writes for quotes
// in text, which XML text does not need.
var quoteRefs = strings.NewReplacer("&#39;", "'", "&#34;", `"`)

// marshalSitemap is marshalXML with quotes in text written as themselves:
// a sitemap's titles are plain text, escaped for XML only (&, < and >), so
// "Thailand's" reaches a crawler as it was typed and not as "&#39;",
// which some sitemap readers show as it stands. Only the text can hold a
// quote: the sitemaps' one attributes are their fixed namespaces, so no
// attribute value relies on the reference.
func marshalSitemap(doc any) ([]byte, error) {
	body, err := marshalXML(doc)
	if err != nil {
		return nil, err
	}
	return []byte(quoteRefs.Replace(string(body))), nil
}

// newsLanguage gives the ISO 639 code Google News asks for: two or three
// letters, except zh-cn and zh-tw for Chinese.
func newsLanguage(lang string) string {
	lang = strings.ToLower(strings.ReplaceAll(strings.TrimSpace(lang), "_", "-"))
	switch {
	case lang == "zh-cn" || lang == "zh-hans" || strings.HasPrefix(lang, "zh-hans-"):
		return "zh-cn"
	case lang == "zh-tw" || lang == "zh-hant" || strings.HasPrefix(lang, "zh-hant-"):
		return "zh-tw"
	}
	primary, _, _ := strings.Cut(lang, "-")
	return xmlText(primary)
}

// RecentNews picks what belongs in the news sitemap at time now: articles
// published within the last NewsWindow and not in the future, newest first,
// at most MaxNewsURLs of them.
func RecentNews(list []NewsURL, now time.Time) []NewsURL {
	since := now.Add(-NewsWindow)
	var out []NewsURL
	for _, u := range list {
		if !u.Published.Before(since) && !u.Published.After(now) {
			out = append(out, u)
		}
	}
	slices.SortStableFunc(out, func(a, b NewsURL) int { return b.Published.Compare(a.Published) })
	if len(out) > MaxNewsURLs {
		out = out[:MaxNewsURLs]
	}
	return out
}
