package site

import (
	"bytes"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/feed"
	"dateline/internal/store"
	"dateline/internal/web"
)

// Feeds, sitemaps and robots.txt: how readers' feed readers and search
// engines find the news.

// feedItems is how many entries a feed carries.
const feedItems = 20

// feedFormat is one of the three feed syntaxes.
type feedFormat struct {
	contentType string
	write       func(feed.Channel, []feed.Item) ([]byte, error)
}

var (
	rssFormat  = feedFormat{feed.ContentTypeRSS, feed.RSS}
	atomFormat = feedFormat{feed.ContentTypeAtom, feed.Atom}
	jsonFormat = feedFormat{feed.ContentTypeJSON, feed.JSON}
)

// feedRoutes registers every feed address, WordPress's shapes included.
func (s *Site) feedRoutes(mux *http.ServeMux) {
	for _, f := range []struct {
		suffix string
		format feedFormat
	}{{"feed/{$}", rssFormat}, {"feed/rss2/{$}", rssFormat}, {"feed/atom/{$}", atomFormat}, {"feed/json/{$}", jsonFormat}} {
		mux.Handle("GET /"+f.suffix, s.handle(s.siteFeed(f.format)))
		mux.Handle("GET /category/{slug}/"+f.suffix, s.handleOld(s.archiveFeed("category", f.format)))
		mux.Handle("GET /tag/{slug}/"+f.suffix, s.handleOld(s.archiveFeed("tag", f.format)))
		mux.Handle("GET /author/{slug}/"+f.suffix, s.handleOld(s.archiveFeed("author", f.format)))
		mux.Handle("GET /comments/"+f.suffix, s.handle(s.commentsFeed(f.format)))
		mux.Handle("GET /corrections/"+f.suffix, s.handle(s.correctionsFeed(f.format)))
	}
	// WordPress's RSS 0.92 and RDF feeds: the RSS feed, under its own
	// address so feed readers move their subscription.
	for _, alias := range []string{"feed/rss/{$}", "feed/rdf/{$}"} {
		for _, prefix := range []string{"/", "/category/{slug}/", "/tag/{slug}/", "/author/{slug}/", "/comments/"} {
			mux.Handle("GET "+prefix+alias, s.handle(feedAlias))
		}
	}
	mux.Handle("GET /feed.json", s.handle(s.siteFeed(jsonFormat)))
	mux.Handle("GET /category/{slug}/feed.json", s.handle(s.archiveFeed("category", jsonFormat)))
	mux.Handle("GET /tag/{slug}/feed.json", s.handle(s.archiveFeed("tag", jsonFormat)))
	mux.Handle("GET /author/{slug}/feed.json", s.handle(s.archiveFeed("author", jsonFormat)))
	mux.Handle("GET /comments/feed.json", s.handle(s.commentsFeed(jsonFormat)))
	mux.Handle("GET /sitemap.xml", s.handle(s.sitemapIndex))
	mux.Handle("GET /sitemaps/{name}", s.handle(s.sitemap))
	mux.Handle("GET /news-sitemap.xml", s.handle(s.newsSitemap))
	mux.Handle("GET /robots.txt", s.handle(s.robots))
}

// feedAlias sends /…/feed/rss/ and /…/feed/rdf/ to /…/feed/.
func feedAlias(w http.ResponseWriter, r *http.Request) error {
	p := strings.TrimSuffix(r.URL.EscapedPath(), "/")
	return moved(w, p[:strings.LastIndexByte(p, '/')+1])
}

// feedPage reads WordPress's ?paged=N; a bad number is not a page.
func feedPage(r *http.Request) (int, error) {
	raw := r.URL.Query().Get("paged")
	if raw == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > 500 {
		return 0, errNotFound()
	}
	return n, nil
}

func (s *Site) siteFeed(format feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.loadSite(r.Context())
		if err != nil {
			return err
		}
		ch := feed.Channel{Title: d.Settings.SiteName, Description: d.Settings.Tagline, Link: s.absolute(d, "/")}
		return s.articleFeed(w, r, d, ch, store.ArticleQuery{}, "", format)
	}
}

func (s *Site) archiveFeed(kind string, format feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		ctx, slug := r.Context(), r.PathValue("slug")
		d, err := s.loadSite(ctx)
		if err != nil {
			return err
		}
		var (
			q           store.ArticleQuery
			name, path  string
			description string
			list        string // the archive's dependency tag
		)
		switch kind {
		case "category":
			c, err := s.store.CategoryBySlug(ctx, slug)
			if errors.Is(err, store.ErrNotFound) {
				return s.renamed(r, "/category/", s.store.CategoryRedirect)
			}
			if err != nil {
				return err
			}
			q.CategoryID, name, path, description, list = c.ID, c.Name, c.Path(), c.Description, changes.Section(c.Slug)
		case "tag":
			t, err := s.publishedTag(ctx, slug)
			if errors.Is(err, store.ErrNotFound) {
				return s.renamed(r, "/tag/", s.store.TagRedirect)
			}
			if err != nil {
				return err
			}
			q.TagID, name, path, list = t.ID, t.Name, t.Path(), changes.Tag(t.Slug)
		case "author":
			u, err := s.store.AuthorBySlug(ctx, slug)
			if err != nil {
				return err
			}
			q.AuthorID, name, path, description, list = u.ID, u.Name, u.Path(), u.Bio, changes.Author(u.Slug)
		}
		ch := feed.Channel{Title: d.Settings.SiteName + " » " + name, Description: description, Link: s.absolute(d, path)}
		return s.articleFeed(w, r, d, ch, q, list, format)
	}
}

// articleFeed writes a feed of the articles q finds; list is the
// dependency tag of the archive it follows, "" for the site's feed.
func (s *Site) articleFeed(w http.ResponseWriter, r *http.Request, d siteData, ch feed.Channel, q store.ArticleQuery, list string, format feedFormat) error {
	n, err := feedPage(r)
	if err != nil {
		return err
	}
	q.Limit, q.Offset, q.Full = feedItems, (n-1)*feedItems, true
	articles, err := s.store.PublishedArticles(r.Context(), q)
	if err != nil {
		return err
	}
	// A date's feed with nothing in it is not found, like its archive:
	// any number names a date.
	if (n > 1 || !q.From.IsZero()) && len(articles) == 0 {
		return errNotFound()
	}
	base := s.absolute(d, "")
	items := make([]feed.Item, len(articles))
	tags := []string{changes.Feeds, changes.Settings, changes.Sections, list} // items name their section
	for i, a := range articles {
		items[i] = feed.ArticleItem(a, base, d.Zone, d.Settings.FeedFullText)
		tags = append(tags, fullTags(a)...) // tag names are the item's categories
	}
	s.describeFeed(&ch, d, r)
	body, err := format.write(ch, items)
	if err != nil {
		return err
	}
	web.Depends(w, tags...)
	return serveDocument(w, r, format.contentType, body, feed.Newest(items))
}

// commentsFeed is /comments/feed/: the newest approved comments site-wide.
// An article's own comment feed lives at its address plus feed/.
func (s *Site) commentsFeed(format feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.loadSite(r.Context())
		if err != nil {
			return err
		}
		ch := feed.Channel{Title: "Comments on " + d.Settings.SiteName, Link: s.absolute(d, "/")}
		return s.writeCommentsFeed(w, r, d, ch, 0, format)
	}
}

func (s *Site) articleCommentsFeed(w http.ResponseWriter, r *http.Request, a content.Article) error {
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	if a.Live != nil {
		return s.liveFeed(w, r, d, a)
	}
	ch := feed.Channel{Title: "Comments on: " + a.Title, Link: s.absolute(d, a.Path(d.Zone))}
	return s.writeCommentsFeed(w, r, d, ch, a.ID, rssFormat)
}

func (s *Site) writeCommentsFeed(w http.ResponseWriter, r *http.Request, d siteData, ch feed.Channel, articleID int64, format feedFormat) error {
	if _, err := feedPage(r); err != nil {
		return err
	}
	list, err := s.store.RecentComments(r.Context(), articleID, feedItems)
	if err != nil {
		return err
	}
	base := s.absolute(d, "")
	items := make([]feed.Item, len(list))
	// One article's feed follows its comments through article:ID, which
	// every event of a visible comment carries; the site's feed has a
	// tag of its own. Each item names its article.
	tags := []string{changes.Settings, changes.CommentsFeed}
	if articleID != 0 {
		tags = []string{changes.Settings, changes.Article(articleID)}
	}
	for i, c := range list {
		items[i] = feed.CommentItem(c.Comment, c.Article, base, d.Zone)
		tags = append(tags, changes.Article(c.Article.ID))
	}
	s.describeFeed(&ch, d, r)
	body, err := format.write(ch, items)
	if err != nil {
		return err
	}
	web.Depends(w, tags...)
	return serveDocument(w, r, format.contentType, body, feed.Newest(items))
}

// describeFeed fills in what every feed says of itself: its language, its
// own address, its generator and the site's logo, which readers show.
func (s *Site) describeFeed(ch *feed.Channel, d siteData, r *http.Request) {
	ch.Language, ch.FeedURL, ch.Generator = d.Settings.Language, s.absolute(d, r.URL.RequestURI()), "dateline"
	ch.Icon = s.absolute(d, logoPath)
}

// serveDocument sends a generated document with an ETag and Last-Modified,
// answering 304 when the client already has it.
func serveDocument(w http.ResponseWriter, r *http.Request, contentType string, body []byte, modified time.Time) error {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "public, max-age=300")
	h.Set("ETag", feed.ETag(body))
	http.ServeContent(w, r, "", modified, bytes.NewReader(body))
	return nil
}

// Sitemaps: the index lists one sitemap per month of posts (split past
// 50,000 URLs), plus pages, sections, tags and authors. Month files keep
// each sitemap stable: old months change only when an old story is edited.

func (s *Site) sitemapIndex(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	d, err := s.loadSite(ctx)
	if err != nil {
		return err
	}
	months, err := s.store.SitemapMonths(ctx)
	if err != nil {
		return err
	}
	var list []feed.URL
	var newest time.Time
	for _, m := range months {
		for k := range feed.Chunks(m.Count) {
			name := "posts-" + m.Month
			if k > 0 {
				name += "-" + strconv.Itoa(k+1)
			}
			list = append(list, feed.URL{Loc: s.absolute(d, "/sitemaps/"+name+".xml"), LastMod: m.LastMod})
		}
		if m.LastMod.After(newest) {
			newest = m.LastMod
		}
	}
	for _, name := range []string{"pages", "categories", "tags", "authors"} {
		list = append(list, feed.URL{Loc: s.absolute(d, "/sitemaps/"+name+".xml"), LastMod: newest})
	}
	body, err := feed.SitemapIndex(list)
	if err != nil {
		return err
	}
	web.Depends(w, sitemapTags()...)
	return serveDocument(w, r, feed.ContentTypeXML, body, newest)
}

func (s *Site) sitemap(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	name, ok := strings.CutSuffix(r.PathValue("name"), ".xml")
	if !ok {
		return errNotFound()
	}
	d, err := s.loadSite(ctx)
	if err != nil {
		return err
	}
	var urls []feed.URL
	switch name {
	case "pages":
		urls, err = s.entryURLs(r, d, "", 0)
	case "categories", "tags", "authors":
		urls, err = s.archiveURLs(r, d, archiveKinds[name])
	default:
		month, part, perr := parseSitemapName(name)
		if perr != nil {
			return perr
		}
		urls, err = s.entryURLs(r, d, month, part)
	}
	if err != nil {
		return err
	}
	if len(urls) == 0 && name != "pages" && name != "tags" {
		return errNotFound()
	}
	body, err := feed.URLSet(urls)
	if err != nil {
		return err
	}
	var newest time.Time
	for _, u := range urls {
		if u.LastMod.After(newest) {
			newest = u.LastMod
		}
	}
	web.Depends(w, sitemapTags()...)
	return serveDocument(w, r, feed.ContentTypeXML, body, newest)
}

// sitemapTags are the dependency tags of every sitemap: the addresses
// under the site's. The sitemaps list too many articles to name each;
// every change that adds, moves or removes a public address announces
// sitemaps.
func sitemapTags() []string { return []string{changes.Sitemaps, changes.Settings} }

// archiveKinds maps archive sitemap names to the archive they list.
var archiveKinds = map[string]string{"categories": "category", "tags": "tag", "authors": "author"}

// parseSitemapName reads "posts-2025-07" or "posts-2025-07-2".
func parseSitemapName(name string) (month string, part int, err error) {
	rest, ok := strings.CutPrefix(name, "posts-")
	if !ok || len(rest) < 7 {
		return "", 0, errNotFound()
	}
	month, part = rest[:7], 1
	if _, err := time.Parse("2006-01", month); err != nil {
		return "", 0, errNotFound()
	}
	if tail := rest[7:]; tail != "" {
		n, err := strconv.Atoi(strings.TrimPrefix(tail, "-"))
		if !strings.HasPrefix(tail, "-") || err != nil || n < 2 || n > 1000 {
			return "", 0, errNotFound()
		}
		part = n
	}
	return month, part, nil
}

func (s *Site) entryURLs(r *http.Request, d siteData, month string, part int) ([]feed.URL, error) {
	offset := 0
	if part > 1 {
		offset = (part - 1) * feed.MaxSitemapURLs
	}
	entries, err := s.store.SitemapEntries(r.Context(), month, offset, feed.MaxSitemapURLs)
	if err != nil {
		return nil, err
	}
	urls := make([]feed.URL, len(entries))
	for i, e := range entries {
		a := content.Article{Kind: e.Kind, Slug: e.Slug, PublishedAt: e.PublishedAt}
		urls[i] = feed.URL{Loc: s.absolute(d, a.Path(d.Zone)), LastMod: e.LastMod}
	}
	return urls, nil
}

func (s *Site) archiveURLs(r *http.Request, d siteData, kind string) ([]feed.URL, error) {
	last, err := s.store.LastPublished(r.Context(), kind)
	if err != nil {
		return nil, err
	}
	prefix := "/" + kind + "/"
	urls := make([]feed.URL, 0, len(last))
	for slug, at := range last {
		urls = append(urls, feed.URL{Loc: s.absolute(d, prefix+url.PathEscape(slug)+"/"), LastMod: at})
	}
	slices.SortFunc(urls, func(a, b feed.URL) int { return strings.Compare(a.Loc, b.Loc) })
	return urls, nil
}

// newsSitemap lists what was published in the last 48 hours for Google News.
func (s *Site) newsSitemap(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	// Page back through the newest stories until the 48-hour window or the
	// news sitemap's limit is reached.
	var news []feed.NewsURL
	since := s.now().Add(-feed.NewsWindow)
	for offset := 0; offset < feed.MaxNewsURLs; offset += store.MaxLimit {
		list, err := s.store.PublishedArticles(r.Context(), store.ArticleQuery{Limit: store.MaxLimit, Offset: offset})
		if err != nil {
			return err
		}
		for _, a := range list {
			news = append(news, feed.ArticleNewsURL(a, s.absolute(d, ""), d.Zone))
		}
		if len(list) < store.MaxLimit || list[len(list)-1].PublishedAt.Before(since) {
			break
		}
	}
	news = feed.RecentNews(news, s.now())
	body, err := feed.NewsSitemap(d.Settings.SiteName, d.Settings.Language, news)
	if err != nil {
		return err
	}
	var newest time.Time
	if len(news) > 0 {
		newest = news[0].Published
	}
	web.Depends(w, sitemapTags()...)
	return serveDocument(w, r, feed.ContentTypeXML, body, newest)
}

func (s *Site) robots(w http.ResponseWriter, r *http.Request) error {
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	body := feed.Robots(s.absolute(d, ""), []string{"/sitemap.xml", "/news-sitemap.xml"})
	web.Depends(w, changes.Settings) // the site's address
	w.Header().Set("Content-Type", feed.ContentTypeText)
	w.Header().Set("Cache-Control", "public, max-age=3600")
	_, err = w.Write(body)
	return err
}
