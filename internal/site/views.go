package site

import (
	"fmt"
	"html"
	"html/template"
	"strings"
	"time"
	"unicode"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/render"
)

// layout is what the shared header, footer and <head> need. Every page view
// embeds it.
type layout struct {
	SiteName    string
	Logo        *content.Logo
	Tagline     string
	Lang        string
	Title       string // the full <title>
	Description string
	Canonical   string
	Robots      string
	Today       string // "Monday, July 14, 2025"
	TodayISO    string
	Weather     *Weather
	Nav         []navItem
	About       string
	Copyright   string
	IsHome      bool

	// Metadata for search engines, social previews and feed readers.
	OGType string // "website" or "article"
	// SocialTitle is the title social previews show: without the site's
	// name, which they show apart (og:site_name).
	SocialTitle string
	Locale      string // og:locale: "en_US", "th_TH"
	// ShareImage is the picture of a preview: the story's, or the site's
	// logo on pages without one; ShareCard is the Twitter card it makes.
	ShareImage    *picture
	ShareImageURL string
	ShareCard     string
	ArticleMeta   *articleMeta
	JSONLD        []any
	// SiteFeeds are the site's own feeds, which every page advertises;
	// Feeds those of the page's own list (an archive's, an article's
	// comments).
	SiteFeeds, Feeds []feedLink

	// Alerts are the breaking-news alerts at the top of the header.
	Alerts []alertView

	// SharedHead, Masthead and Footer are what every page has in its
	// <head>, its header and its footer, as HTML made from the fields
	// above by fillChrome just before the page.
	SharedHead, Masthead, Footer template.HTML
	// SocialMeta is the page's own OpenGraph, Twitter and article
	// metadata as HTML, written by socialMeta.
	SocialMeta template.HTML
	// StructuredData is JSONLD in its script elements (structuredData).
	StructuredData template.HTML
	// gen is the memo's generation the site data was read at: a masthead
	// made from it is kept only if no event has come since.
	gen uint64

	// maxAge is how long shared caches may keep the page: a minute, but
	// never past local midnight, so a cached page never shows yesterday's
	// date in its header, nor past the end of an alert it shows.
	maxAge int
	// alertDeps are the tags of the articles its alerts lead to.
	alertDeps []string
}

// pageMaxAge is the usual lifetime of a public page in shared caches.
const pageMaxAge = 60

func (l layout) cacheSeconds() int { return l.maxAge }

// Base is the layout itself, for the shared template ("base" in
// layout.html) to read its fields from. Read through a page view, each of
// them is a field promoted from the embedded layout, which text/template
// looks up anew at every use by a breadth-first search of the view's
// fields: a tenth of an uncached article page's time went there. Pages
// are rendered from a pointer to their view, so that this method is found.
func (l *layout) Base() *layout { return l }

// secondsToMidnight counts the whole seconds from now to the next midnight
// in now's zone (23 or 25 hours away on days when clocks change).
func secondsToMidnight(now time.Time) int {
	y, m, d := now.Date()
	next := time.Date(y, m, d+1, 0, 0, 0, 0, now.Location())
	return int(next.Sub(now) / time.Second)
}

type navItem struct {
	Name, Path string
	Current    bool
}

// card is an article in a list.
type card struct {
	Title, Path, Excerpt string
	Section, SectionPath string
	Byline               []bylineName
	Date, DateISO        string
	Image                *picture
	Comments             int
	MustRead             bool
	// Label names the kind of work when it is not news ("Opinion"), so
	// that a card says what a reader is about to open.
	Label, LabelKind string
	// Live marks a live blog whose coverage goes on (markLive).
	Live bool

	deps cardDeps // what the card's dependency tags are made of
}

// picture is an image's sources, worked out once in Go rather than by
// method calls in the template.
type picture struct {
	Thumb  string // about 240 pixels wide, for the small pictures beside headlines
	Src    string // about 480 pixels wide, for cards
	Large  string // about 960 pixels wide, for lead stories and articles
	SrcSet string
	Width  int
	Height int
	Alt    string
}

func newPicture(im *content.Image) *picture {
	if im == nil {
		return nil
	}
	return &picture{Thumb: im.VariantURL(240), Src: im.VariantURL(480), Large: im.VariantURL(960), SrcSet: im.SrcSet(),
		Width: im.Width, Height: im.Height, Alt: im.Alt}
}

type pagination struct {
	Page       int
	Prev, Next string
}

// Date formats used across the site.
const (
	headerDate  = "Monday, January 2, 2006"
	cardDate    = "January 2, 2006"
	bylineDate  = "January 2, 2006 15:04"
	datelineDay = "January 2"
)

// newLayout fills the shared parts of a page; section is the slug of the
// category to mark in the navigation.
func (s *Site) newLayout(d siteData, title, description, path, section string) layout {
	now := s.now().In(d.Zone)
	l := layout{
		SiteName:    d.Settings.SiteName,
		Logo:        d.Settings.Logo,
		Tagline:     d.Settings.Tagline,
		Lang:        d.Settings.Language,
		Title:       title,
		Description: description,
		Canonical:   s.absolute(d, path),
		Today:       now.Format(headerDate),
		TodayISO:    now.Format("2006-01-02"),
		Weather:     s.weather(),
		About:       d.Settings.About,
		Copyright:   d.Settings.Copyright,
		gen:         d.gen,
	}
	if l.Lang == "" {
		l.Lang = "en"
	}
	l.OGType = "website"
	l.SocialTitle, l.Locale = socialTitle(d, title), ogLocale(l.Lang)
	l.ShareImage = &picture{Width: 512, Height: 512, Alt: d.Settings.SiteName}
	l.ShareImageURL, l.ShareCard = s.absolute(d, logoPath), "summary"
	l.maxAge = min(pageMaxAge, secondsToMidnight(now))
	var ends int
	if l.Alerts, ends, l.alertDeps = alertsAt(d, now); ends >= 0 {
		l.maxAge = min(l.maxAge, ends)
	}
	l.SiteFeeds = siteFeeds(d.Settings.SiteName)
	if l.Copyright == "" {
		l.Copyright = fmt.Sprintf("© %d %s", now.Year(), d.Settings.SiteName)
	}
	for _, c := range d.Categories {
		l.Nav = append(l.Nav, navItem{Name: c.Name, Path: c.Path(), Current: c.Slug == section})
	}
	return l
}

// absolute turns a site path into a full URL under the site's public
// address, by the one base-URL rule (content.Settings.PublicURL).
func (s *Site) absolute(d siteData, path string) string {
	return d.Settings.PublicURL(s.baseURL) + path
}

func pageTitle(d siteData, title string) string {
	if title == "" {
		if d.Settings.Tagline != "" {
			return d.Settings.SiteName + " – " + d.Settings.Tagline
		}
		return d.Settings.SiteName
	}
	return title + " – " + d.Settings.SiteName
}

// socialTitle is a title made by pageTitle without the site's name; the
// home page's is the site's name alone.
func socialTitle(d siteData, title string) string {
	if t, ok := strings.CutSuffix(title, " – "+d.Settings.SiteName); ok {
		return t
	}
	return d.Settings.SiteName
}

// ogLocale writes a language tag ("en", "th", "en-GB") as OpenGraph's
// language_TERRITORY: a language alone takes the territory it is most
// read in, or is left as it is.
func ogLocale(lang string) string {
	lang = strings.ReplaceAll(lang, "-", "_")
	if strings.Contains(lang, "_") {
		return lang
	}
	if territory, ok := map[string]string{"en": "US", "th": "TH", "ms": "MY", "vi": "VN", "ja": "JP", "zh": "CN"}[lang]; ok {
		return lang + "_" + territory
	}
	return lang
}

// bylineName is one name of a byline as a page prints it: the words
// before it (", " or " and "), and the member's archive ("" for a
// credit, printed as plain text).
type bylineName struct {
	Sep, Name, Path string
}

func bylineNames(list []content.Author) []bylineName {
	out := make([]bylineName, len(list))
	for i, au := range list {
		out[i] = bylineName{Sep: content.BylineSeparator(i, len(list)), Name: au.Name, Path: au.Path()}
	}
	return out
}

func toCard(a content.Article, zone *time.Location) card {
	c := card{
		Title:    a.Title,
		Path:     a.Path(zone),
		Excerpt:  a.Excerpt,
		Byline:   bylineNames(a.Byline()),
		Date:     a.PublishedAt.In(zone).Format(cardDate),
		DateISO:  a.PublishedAt.Format(time.RFC3339),
		Image:    newPicture(a.Image),
		Comments: a.CommentCount,
		MustRead: a.MustRead,
		deps:     depsOf(a),
	}
	if a.Category.ID != 0 {
		c.Section, c.SectionPath = a.Category.Name, a.Category.Path()
	}
	if l := a.Label.Or(); l != content.LabelNews {
		c.Label, c.LabelKind = l.Name(), string(l)
	}
	return c
}

func toCards(list []content.Article, zone *time.Location) []card {
	cards := make([]card, len(list))
	for i, a := range list {
		cards[i] = toCard(a, zone)
	}
	return cards
}

// bodyWithDateline opens the article's first paragraph with its dateline,
// "MOSCOW, April 14 — ", the way wire copy reads. The body is the
// sanitiser's stored output; the dateline is escaped here. This is the one
// place stored article HTML becomes template.HTML.
func bodyWithDateline(a content.Article, zone *time.Location) template.HTML {
	body := a.Body
	place := strings.TrimSpace(a.Dateline)
	if place == "" || a.PublishedAt.IsZero() {
		return template.HTML(body)
	}
	mark := `<span class="dateline">` + html.EscapeString(strings.ToUpper(place)) + ", " +
		a.PublishedAt.In(zone).Format(datelineDay) + " — </span>"
	trimmed := strings.TrimLeftFunc(body, unicode.IsSpace)
	if strings.HasPrefix(trimmed, "<p>") {
		return template.HTML("<p>" + mark + trimmed[len("<p>"):])
	}
	return template.HTML("<p>" + mark + "</p>\n" + body)
}

// describe picks the meta description: the SEO override, the standfirst, or
// the start of the body.
func describe(a content.Article) string {
	for _, d := range []string{a.SEODesc, a.Excerpt} {
		if strings.TrimSpace(d) != "" {
			return truncate(d, 200)
		}
	}
	return truncate(render.PlainText(a.Body), 160)
}

// truncate shortens s to at most n runes at a word boundary.
func truncate(s string, n int) string {
	r := []rune(strings.TrimSpace(s))
	if len(r) <= n {
		return string(r)
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:") + "…"
}

// commentView is one comment in the thread with its replies.
type commentView struct {
	ID       int64
	Author   string
	URL      string
	Initials string
	Color    int // one of the avatar palette classes
	Date     string
	DateISO  string
	Body     template.HTML
	Staff    bool
	Replies  []*commentView
	CanReply bool
	Pending  bool // the reader's own comment, awaiting moderation
}

// maxThreadDepth is how deep replies nest before they are shown flat at the
// last level.
const maxThreadDepth = 3

// thread arranges approved comments, oldest first, into reply trees. A
// reply to a comment already at the deepest level joins that comment's
// siblings, so the thread never nests past maxThreadDepth.
func thread(list []content.Comment, zone *time.Location, open bool) []*commentView {
	byID := map[int64]*commentView{}
	parentOf := map[int64]int64{}
	depth := map[int64]int{}
	var roots []*commentView
	for _, c := range list {
		v := newCommentView(c, zone, open)
		byID[c.ID] = v
		pid := c.ParentID
		if _, ok := byID[pid]; ok && depth[pid] >= maxThreadDepth {
			pid = parentOf[pid]
		}
		parent, ok := byID[pid]
		if !ok {
			depth[c.ID] = 1
			roots = append(roots, v)
		} else {
			depth[c.ID] = depth[pid] + 1
			parentOf[c.ID] = pid
			parent.Replies = append(parent.Replies, v)
		}
	}
	return roots
}

func newCommentView(c content.Comment, zone *time.Location, open bool) *commentView {
	initials, color := comments.Avatar(c.AuthorName)
	return &commentView{
		ID:       c.ID,
		Author:   c.AuthorName,
		URL:      safeURL(c.AuthorURL),
		Initials: initials,
		Color:    color,
		Date:     c.CreatedAt.In(zone).Format(bylineDate),
		DateISO:  c.CreatedAt.Format(time.RFC3339),
		Body:     template.HTML(render.CommentHTML(c.Body)),
		Staff:    c.UserID != 0,
		CanReply: open,
	}
}

// safeURL keeps a commenter's website only when it is plain http or https.
func safeURL(u string) string {
	u = strings.TrimSpace(u)
	if strings.HasPrefix(u, "https://") || strings.HasPrefix(u, "http://") {
		return u
	}
	return ""
}

// shareLink is a plain link to share an article; no third-party script runs.
type shareLink struct {
	Name, URL string
}

func shareLinks(url, title string) []shareLink {
	q := func(s string) string { return template.URLQueryEscaper(s) }
	return []shareLink{
		{"Facebook", "https://www.facebook.com/sharer/sharer.php?u=" + q(url)},
		{"X", "https://x.com/intent/post?url=" + q(url) + "&text=" + q(title)},
		{"LINE", "https://social-plugins.line.me/lineit/share?url=" + q(url)},
		{"LinkedIn", "https://www.linkedin.com/sharing/share-offsite/?url=" + q(url)},
		{"Email", "mailto:?subject=" + q(title) + "&body=" + q(url)},
	}
}

// attrEscaper escapes text for a quoted attribute value as html/template
// does, byte for byte.
var attrEscaper = strings.NewReplacer("\x00", "\uFFFD", `"`, "&#34;", "&", "&amp;", "'", "&#39;", "+", "&#43;", "<", "&lt;", ">", "&gt;")

// shareHTML writes the share links as the article page shows them. It is
// written here rather than by the template because each link is a fixed
// address with the page's address and title query-escaped into it (no
// character of theirs is left that HTML gives a meaning to), so escaping
// every part for HTML here, as they do, is all the template's escapers would do — and
// they did it by reflection, five calls a link, a fifth of the template
// work of an article page.
func shareHTML(links []shareLink) template.HTML {
	var b strings.Builder
	for _, l := range links {
		name := attrEscaper.Replace(l.Name)
		b.WriteString(` <a href="`)
		b.WriteString(attrEscaper.Replace(l.URL))
		b.WriteString(`" rel="noopener" class="share-`)
		b.WriteString(name)
		b.WriteString(`">`)
		b.WriteString(name)
		b.WriteString(`</a>`)
	}
	return template.HTML(b.String())
}
