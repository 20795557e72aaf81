package site

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/web"
)

// WordPress's addresses, kept so that a site moved from WordPress (and
// the readers, feed readers, search engines and tools that knew it) finds
// its way: the query forms (?p=ID, ?cat=ID, ?feed=rss2 …), the addresses
// WordPress answers itself (/wp-login.php, /wp-json/, /index.php,
// /search/term/ …), and, through the legacy links the importer keeps, the
// old site's own permalinks and uploaded files.
//
// Which id ?p=ID means. WordPress numbered its posts, pages and
// attachments in one sequence; dateline numbers its articles in another,
// and its own feeds name each article {base}/?p={id} (internal/feed), so
// on an imported site a number may be both. The WordPress id wins: links
// to the old site are printed, bookmarked and indexed for years, while a
// feed's guid is marked isPermaLink="false" and readers follow the item's
// link instead. So ?p=ID is first the WordPress post, page or attachment
// of that id (store.Legacy), and only when no imported site had one,
// dateline's article ID. A WordPress id that leads to something no longer
// public answers 404 (or 410 for a removed article); it never falls
// through to a dateline article that happens to share the number. The
// other ids (?page_id, ?cat, ?tag_id, ?author) follow the same rule.
//
// Every answer is a 301 to the dateline address, or 404: a draft's or a
// scheduled article's id answers exactly like an id nobody used. A 301
// worked out from data declares that data's tags (moved), so the page
// cache and a CDN keep it until the article's slug, the section's name or
// the picture changes; one that follows from the address alone declares
// none.

// ruleMaxAge is how long browsers and caches in front may keep a redirect
// that follows from the address alone, which no change can move.
const ruleMaxAge = "86400"

// dataMaxAge is how long a browser may keep a redirect worked out from
// data; the page cache and a CDN keep it until its tags are purged.
const dataMaxAge = "300"

// moved sends the reader to target for good. tags are the data the
// target was worked out from (the article whose address it is); without
// any, the redirect follows from the address alone.
func moved(w http.ResponseWriter, target string, tags ...string) error {
	age := ruleMaxAge
	if len(tags) > 0 {
		web.Depends(w, tags...)
		age = dataMaxAge
	}
	w.Header().Set("Cache-Control", "public, max-age="+age)
	return redirectTo(target, http.StatusMovedPermanently)
}

// wpRoutes registers WordPress's own addresses.
func (s *Site) wpRoutes(mux *http.ServeMux) {
	mux.Handle("GET /index.php", s.handle(s.wpIndex))
	mux.Handle("GET /index.php/{rest...}", s.handle(s.wpPathInfo))
	mux.Handle("GET /wp-login.php", s.handle(s.wpLogin))
	mux.Handle("GET /wp-admin", s.handle(s.wpLogin))
	mux.Handle("GET /wp-admin/{rest...}", s.handle(s.wpLogin))
	mux.Handle("/wp-json", http.HandlerFunc(wpJSONNotFound))
	mux.Handle("/wp-json/", http.HandlerFunc(wpJSONNotFound))
	mux.Handle("GET /wp-content/uploads/{file...}", s.handle(s.wpUpload))
	mux.Handle("GET /search/{rest...}", s.handle(s.wpSearchPath))
}

// wpIndex is /index.php: WordPress's front controller, often in old
// links with a query.
func (s *Site) wpIndex(w http.ResponseWriter, r *http.Request) error {
	if handled, err := s.wpQuery(w, r); handled {
		return err
	}
	return moved(w, "/")
}

// wpPathInfo is /index.php/2019/03/04/slug/, the permalinks of a
// WordPress without URL rewriting: the old address itself if the import
// kept it, else the same path without /index.php.
func (s *Site) wpPathInfo(w http.ResponseWriter, r *http.Request) error {
	if ok, err := s.oldAddress(w, r); ok {
		return err
	}
	rest := strings.TrimPrefix(r.URL.EscapedPath(), "/index.php")
	// "//host" would be another site to a browser.
	if !strings.HasPrefix(rest, "/") || strings.HasPrefix(rest, "//") || strings.Contains(rest, `\`) {
		return errNotFound()
	}
	if r.URL.RawQuery != "" {
		rest += "?" + r.URL.RawQuery
	}
	return moved(w, rest)
}

// wpLogin is /wp-login.php and /wp-admin/…: the newsroom's sign-in (which
// sends a member already signed in on to the newsroom), or its form for a
// forgotten password.
func (s *Site) wpLogin(w http.ResponseWriter, r *http.Request) error {
	switch r.URL.Query().Get("action") {
	case "lostpassword", "retrievepassword", "rp", "resetpass":
		return moved(w, "/admin/forgot")
	}
	return moved(w, "/admin/login")
}

// wpJSONBody is WordPress's own answer for a REST route it does not have,
// so tools that probe /wp-json/ read a clean refusal.
const wpJSONBody = `{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}` + "\n"

// wpJSONNotFound answers anything under /wp-json/: dateline has no
// WordPress REST API (its own is at /api/v1/).
func wpJSONNotFound(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(http.StatusNotFound)
	if r.Method != http.MethodHead {
		w.Write([]byte(wpJSONBody))
	}
}

// wpSize is the "-300x200" WordPress adds to the name of a resized copy
// of an upload.
var wpSize = regexp.MustCompile(`-([0-9]{1,5})x[0-9]{1,5}(\.[A-Za-z0-9]{1,5})$`)

// wpUpload is /wp-content/uploads/…: the picture the import fetched into
// the media library, or one of the sizes WordPress made of it (the
// nearest size dateline made); 404 when the import kept no copy.
func (s *Site) wpUpload(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	p := r.URL.EscapedPath()
	link, err := s.store.LegacyByPath(ctx, p)
	width := 0
	if errors.Is(err, store.ErrNotFound) {
		m := wpSize.FindStringSubmatchIndex(p)
		if m == nil {
			return errNotFound()
		}
		width, _ = strconv.Atoi(p[m[2]:m[3]])
		link, err = s.store.LegacyByPath(ctx, p[:m[0]]+p[m[4]:m[5]])
	}
	if err != nil {
		return err
	}
	if link.Kind != store.LegacyAttachment || link.ID == 0 {
		return errNotFound()
	}
	im, err := s.store.ImageByID(ctx, link.ID)
	if err != nil {
		return err
	}
	target := im.URL()
	if width > 0 {
		target = im.VariantURL(width)
	}
	return moved(w, target, changes.Media(im.ID))
}

// wpSearchPath is /search/term/ (and /search/term/page/N/), WordPress's
// pretty search address, where "+" separates words.
func (s *Site) wpSearchPath(w http.ResponseWriter, r *http.Request) error {
	parts := strings.Split(strings.Trim(r.PathValue("rest"), "/"), "/")
	page := 1
	switch {
	case len(parts) == 3 && parts[1] == "page":
		n, err := pageIn(parts[2])
		if err != nil {
			return err
		}
		page = n
	case len(parts) != 1:
		return errNotFound()
	}
	return moved(w, searchAddress(strings.ReplaceAll(parts[0], "+", " "), "", page))
}

// searchAddress is dateline's search page for what WordPress was asked.
func searchAddress(q, section string, page int) string {
	v := url.Values{}
	if q = strings.TrimSpace(q); q != "" {
		v.Set("q", q)
	}
	if section != "" {
		v.Set("category", section)
	}
	if page > 1 {
		v.Set("page", strconv.Itoa(page))
	}
	if len(v) == 0 {
		return "/search"
	}
	return "/search?" + v.Encode()
}

// numberIn reads a plain decimal number from 1 to max; anything else is
// not a page or an id of this site.
func numberIn(raw string, max int64) (int64, error) {
	if raw == "" || len(raw) > 19 || !digits(raw, len(raw)) {
		return 0, errNotFound()
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 1 || n > max {
		return 0, errNotFound()
	}
	return n, nil
}

// pageIn reads the number of a page, from 1 to maxPage.
func pageIn(raw string) (int, error) {
	n, err := numberIn(raw, maxPage)
	return int(n), err
}

// maxID bounds an id in an address: every id fits in 63 bits.
const maxID = 1<<63 - 1

// wpParams are the query parameters of WordPress's that the site
// answers; a query with none of them is the home page's own.
var wpParams = []string{"p", "page_id", "attachment_id", "name", "pagename", "cat", "category_name", "tag", "tag_id",
	"author", "author_name", "m", "year", "monthnum", "day", "paged", "feed", "s", "rest_route"}

// wpQuery answers WordPress's query forms on / and /index.php. handled
// is false when the query holds none of them (an empty value counts as
// none, as in WordPress, except ?s=, the search form sent empty).
func (s *Site) wpQuery(w http.ResponseWriter, r *http.Request) (handled bool, err error) {
	q := r.URL.Query()
	_, handled = q["s"]
	for _, p := range wpParams {
		if q.Get(p) != "" {
			handled = true
		}
	}
	if !handled {
		return false, nil
	}
	if q.Get("rest_route") != "" {
		wpJSONNotFound(w, r)
		return true, nil
	}
	target, tags, err := s.wpTarget(r.Context(), q)
	if err != nil {
		return true, err
	}
	return true, moved(w, target, tags...)
}

// wpTarget works out where a WordPress query leads, and the tags of what
// the answer was worked out from. The order is WordPress's own: one item
// (?p, ?page_id, ?name …), else a search, else an archive (a section, a
// tag, an author, a date) or the front page; then ?feed names that
// place's feed, or ?paged its page.
func (s *Site) wpTarget(ctx context.Context, q url.Values) (string, []string, error) {
	d, err := s.loadSite(ctx)
	if err != nil {
		return "", nil, err
	}
	item, tags, found, err := s.wpItem(ctx, d, q)
	if err != nil {
		return "", nil, err
	}
	feedName := q.Get("feed")
	if found {
		if feedName == "" {
			return withReply(item, q), tags, nil
		}
		// The feed of one post is its comments'.
		if _, ok := wpFeeds[feedName]; !ok || item.kind != content.KindPost {
			return "", nil, errNotFound()
		}
		return item.path + "feed/", tags, nil
	}
	page := 1
	if raw := q.Get("paged"); raw != "" {
		if page, err = pageIn(raw); err != nil {
			return "", nil, err
		}
	}
	if _, search := q["s"]; search && feedName == "" {
		slug, tags, err := s.wpSection(ctx, q)
		if err != nil {
			return "", nil, err
		}
		return searchAddress(q.Get("s"), slug, page), tags, nil
	}
	base, tags, err := s.wpArchive(ctx, q)
	if err != nil {
		return "", nil, err
	}
	if feedName != "" {
		suffix, ok := wpFeeds[feedName]
		if !ok {
			return "", nil, errNotFound()
		}
		if strings.HasPrefix(feedName, "comments-") {
			return "/comments/" + suffix, nil, nil // the site's: WordPress has no archive's
		}
		return base + suffix, tags, nil
	}
	return pagePath(base, page), tags, nil
}

// withReply is the address of an article for an old link that may be a
// Reply link (?p=ID&replytocom=N, /old-permalink/?replytocom=N): the
// form for that reply still opens there.
func withReply(dst destination, q url.Values) string {
	if n := q.Get("replytocom"); n != "" && dst.kind != "" && len(n) <= 19 && digits(n, len(n)) {
		return dst.path + "?replytocom=" + n
	}
	return dst.path
}

// wpFeeds are the values of ?feed and the address under a place's path of
// the feed dateline has for each: RSS 2.0 for WordPress's RSS 0.92 and
// RDF feeds as well.
var wpFeeds = map[string]string{
	"rss2": "feed/", "rss": "feed/", "rdf": "feed/", "feed": "feed/", "atom": "feed/atom/",
	"comments-rss2": "feed/", "comments-atom": "feed/atom/",
}

// destination is one thing an old address leads to: its address on
// dateline and what that address was worked out from.
type destination struct {
	path string
	kind content.Kind // of an article
}

// wpItem finds the one item a query names, if it names one.
func (s *Site) wpItem(ctx context.Context, d siteData, q url.Values) (destination, []string, bool, error) {
	if raw := q.Get("p"); raw != "" {
		dst, tags, err := s.itemByID(ctx, d, raw, store.LegacyPost, store.LegacyPage, store.LegacyAttachmentPage, store.LegacyAttachment, store.LegacySkipped)
		return dst, tags, true, err
	}
	if raw := q.Get("page_id"); raw != "" {
		dst, tags, err := s.itemByID(ctx, d, raw, store.LegacyPage, store.LegacyPost, store.LegacySkipped)
		return dst, tags, true, err
	}
	if raw := q.Get("attachment_id"); raw != "" {
		id, err := numberIn(raw, maxID)
		if err != nil {
			return destination{}, nil, true, err
		}
		// An import keeps the attachment's page; one made before it
		// kept only its file.
		link, err := s.store.LegacyByID(ctx, store.LegacyAttachmentPage, id)
		if errors.Is(err, store.ErrNotFound) {
			link, err = s.store.LegacyByID(ctx, store.LegacyAttachment, id)
		}
		if err != nil {
			return destination{}, nil, true, err
		}
		dst, tags, err := s.follow(ctx, d, link)
		return dst, tags, true, err
	}
	for _, p := range []string{"name", "pagename"} {
		if slug := q.Get(p); slug != "" {
			// A page's address in WordPress holds its parents' slugs.
			a, err := s.store.ArticleBySlug(ctx, slug[strings.LastIndexByte(slug, '/')+1:])
			if err != nil {
				return destination{}, nil, true, err
			}
			dst, tags, err := articleDestination(a, d)
			return dst, tags, true, err
		}
	}
	return destination{}, nil, false, nil
}

// itemByID finds the item of id raw: first what an imported WordPress
// site numbered so, in the order of kinds, then the dateline article of
// that id (see the top of this file).
func (s *Site) itemByID(ctx context.Context, d siteData, raw string, kinds ...store.LegacyKind) (destination, []string, error) {
	id, err := numberIn(raw, maxID)
	if err != nil {
		return destination{}, nil, err
	}
	for _, k := range kinds {
		link, err := s.store.LegacyByID(ctx, k, id)
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return destination{}, nil, err
		}
		return s.follow(ctx, d, link)
	}
	a, err := s.store.ArticleByID(ctx, id)
	if err != nil {
		return destination{}, nil, err
	}
	return articleDestination(a, d)
}

// articleDestination is an article's address for an old link: its own
// when public, 410 when it was public and has been removed (with the
// editors' notice when they withdrew it), and 404
// otherwise, the same as for an article that never existed.
func articleDestination(a content.Article, d siteData) (destination, []string, error) {
	if err := gone(a); err != nil {
		return destination{}, nil, err
	}
	// The address is dated in the site's zone: settings.
	return destination{path: a.Path(d.Zone), kind: a.Kind}, []string{changes.Article(a.ID), changes.Settings}, nil
}

// follow finds what a legacy link became, and its address.
func (s *Site) follow(ctx context.Context, d siteData, link store.LegacyLink) (destination, []string, error) {
	switch link.Kind {
	case store.LegacyPost, store.LegacyPage:
		a, err := s.store.ArticleByID(ctx, link.ID)
		if err != nil {
			return destination{}, nil, err
		}
		return articleDestination(a, d)
	case store.LegacyAttachment:
		if link.ID == 0 {
			return destination{}, nil, errNotFound() // the import kept no copy
		}
		im, err := s.store.ImageByID(ctx, link.ID)
		if err != nil {
			return destination{}, nil, err
		}
		return destination{path: im.URL()}, []string{changes.Media(im.ID)}, nil
	case store.LegacyAttachmentPage:
		return s.attachmentPage(ctx, d, link)
	case store.LegacySkipped:
		return destination{}, nil, errNotFound() // WordPress's, not imported
	case store.LegacyCategory:
		c, err := s.store.CategoryByID(ctx, link.ID)
		if err != nil {
			return destination{}, nil, err
		}
		return destination{path: c.Path()}, []string{changes.Section(c.Slug)}, nil
	case store.LegacyTag:
		t, err := s.publishedTagByID(ctx, link.ID)
		if err != nil {
			return destination{}, nil, err
		}
		return destination{path: t.Path()}, []string{changes.Tag(t.Slug)}, nil
	case store.LegacyAuthor:
		return s.authorDestination(ctx, link.ID)
	case store.LegacyComment:
		c, err := s.store.CommentByID(ctx, link.ID)
		if err != nil {
			return destination{}, nil, err
		}
		if c.Status != content.CommentApproved {
			return destination{}, nil, errNotFound()
		}
		a, err := s.store.ArticleByID(ctx, c.ArticleID)
		if err != nil {
			return destination{}, nil, err
		}
		dst, tags, err := articleDestination(a, d)
		dst.path += "#comment-" + strconv.FormatInt(c.ID, 10)
		return dst, tags, err
	}
	return destination{}, nil, errNotFound()
}

// attachmentPage is where the page WordPress gave an attachment (the
// picture with its caption, at ?attachment_id=ID or under its post's
// address) leads: to the copy in the media library when the import
// fetched the picture; else to the post it was attached to, which shows
// it; else, for a picture attached to no post, to the file at its
// address on the old site; else nowhere.
func (s *Site) attachmentPage(ctx context.Context, d siteData, link store.LegacyLink) (destination, []string, error) {
	files, err := s.store.LegacyLinks(ctx, link.Source, store.LegacyAttachment, []int64{link.WPID}, nil)
	if err != nil {
		return destination{}, nil, err
	}
	var file store.LegacyLink
	if len(files) > 0 {
		file = files[0]
	}
	if file.ID != 0 {
		return s.follow(ctx, d, file)
	}
	if link.ID != 0 {
		a, err := s.store.ArticleByID(ctx, link.ID)
		if err != nil {
			return destination{}, nil, err
		}
		return articleDestination(a, d)
	}
	if old, ok := oldFileURL(link.Source, file.Path); ok {
		return destination{path: old}, nil, nil
	}
	return destination{}, nil, errNotFound()
}

// oldFileURL is the address an uploaded file had on the imported site
// (source, "https://old.example/news"), from its path there.
func oldFileURL(source, path string) (string, bool) {
	u, err := url.Parse(source)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || !strings.HasPrefix(path, "/") {
		return "", false
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: path}).String(), true
}

// publishedTagByID is the tag with id when a published post has it; a
// tag only on unpublished stories is not found, as its archive is not,
// so that an id does not tell its name.
func (s *Site) publishedTagByID(ctx context.Context, id int64) (content.Tag, error) {
	t, err := s.store.TagByID(ctx, id)
	if err != nil {
		return t, err
	}
	if _, err := s.store.PublishedTagBySlug(ctx, t.Slug); err != nil {
		return content.Tag{}, err
	}
	return t, nil
}

// authorDestination is a member's archive, for an author id; only a
// member with a published post has one to show, so an id does not tell
// who else works in the newsroom.
func (s *Site) authorDestination(ctx context.Context, id int64) (destination, []string, error) {
	u, err := s.store.UserByID(ctx, id)
	if err != nil {
		return destination{}, nil, err
	}
	list, err := s.store.PublishedArticles(ctx, store.ArticleQuery{AuthorID: u.ID, Limit: 1})
	if err != nil {
		return destination{}, nil, err
	}
	if len(list) == 0 {
		return destination{}, nil, errNotFound()
	}
	return destination{path: u.Path()}, []string{changes.Author(u.Slug)}, nil
}

// wpSection reads ?cat or ?category_name: a section's slug, or "".
func (s *Site) wpSection(ctx context.Context, q url.Values) (string, []string, error) {
	if raw := q.Get("cat"); raw != "" {
		id, err := numberIn(raw, maxID)
		if err != nil {
			return "", nil, err
		}
		link, err := s.store.LegacyByID(ctx, store.LegacyCategory, id)
		if errors.Is(err, store.ErrNotFound) {
			link, err = store.LegacyLink{Kind: store.LegacyCategory, ID: id}, nil
		}
		if err != nil {
			return "", nil, err
		}
		c, err := s.store.CategoryByID(ctx, link.ID)
		if err != nil {
			return "", nil, err
		}
		return c.Slug, []string{changes.Section(c.Slug)}, nil
	}
	if slug := q.Get("category_name"); slug != "" {
		// A child's address in WordPress holds its parents' slugs.
		slug = slug[strings.LastIndexByte(slug, '/')+1:]
		if !content.ValidSlug(slug) {
			return "", nil, errNotFound()
		}
		return slug, nil, nil
	}
	return "", nil, nil
}

// wpArchive reads the archive a query names: a section, a tag, an author
// or a date, or the front page.
func (s *Site) wpArchive(ctx context.Context, q url.Values) (string, []string, error) {
	if slug, tags, err := s.wpSection(ctx, q); err != nil || slug != "" {
		return (content.Category{Slug: slug}).Path(), tags, err
	}
	if slug := q.Get("tag"); slug != "" {
		if !content.ValidSlug(slug) {
			return "", nil, errNotFound()
		}
		return (content.Tag{Slug: slug}).Path(), nil, nil
	}
	if raw := q.Get("tag_id"); raw != "" {
		id, err := numberIn(raw, maxID)
		if err != nil {
			return "", nil, err
		}
		link, err := s.store.LegacyByID(ctx, store.LegacyTag, id)
		if errors.Is(err, store.ErrNotFound) {
			link, err = store.LegacyLink{Kind: store.LegacyTag, ID: id}, nil
		}
		if err != nil {
			return "", nil, err
		}
		t, err := s.publishedTagByID(ctx, link.ID)
		if err != nil {
			return "", nil, err
		}
		return t.Path(), []string{changes.Tag(t.Slug)}, nil
	}
	if raw := q.Get("author"); raw != "" {
		id, err := numberIn(raw, maxID)
		if err != nil {
			return "", nil, err
		}
		uid := id
		link, err := s.store.LegacyByID(ctx, store.LegacyAuthor, uid)
		switch {
		case err == nil:
			uid = link.ID
		case !errors.Is(err, store.ErrNotFound):
			return "", nil, err
		}
		dst, tags, err := s.authorDestination(ctx, uid)
		return dst.path, tags, err
	}
	if slug := q.Get("author_name"); slug != "" {
		if !content.ValidSlug(slug) {
			return "", nil, errNotFound()
		}
		return (content.User{Slug: slug}).Path(), nil, nil
	}
	if m := q.Get("m"); m != "" {
		span, ok := spanOfM(m)
		if !ok {
			return "", nil, errNotFound()
		}
		return span.path(), nil, nil
	}
	if y := q.Get("year"); y != "" {
		parts := []string{y}
		if mo := q.Get("monthnum"); mo != "" {
			parts = append(parts, twoDigits(mo))
			if day := q.Get("day"); day != "" {
				parts = append(parts, twoDigits(day))
			}
		}
		span, n := parseSpan(parts)
		if n != len(parts) {
			return "", nil, errNotFound()
		}
		return span.path(), nil, nil
	}
	return "/", nil, nil
}

// twoDigits pads a one-digit month or day ("3" → "03").
func twoDigits(s string) string {
	if len(s) == 1 {
		return "0" + s
	}
	return s
}

// handleOld is handle for the addresses an imported WordPress site may
// have used too: where h finds nothing, the item the old site had there
// (oldAddress) answers.
func (s *Site) handleOld(h handlerFunc) http.Handler {
	return s.handle(func(w http.ResponseWriter, r *http.Request) error {
		err := h(w, r)
		if notFound(err) {
			if ok, oerr := s.oldAddress(w, r); ok {
				return oerr
			}
		}
		return err
	})
}

// oldSuffix is what may follow an old address of an item: a page of an
// archive, a feed, a page of comments, a post's page or its AMP copy.
var oldSuffix = regexp.MustCompile(`/(page/[0-9]{1,5}|feed(/(rss2|rss|rdf|atom|json))?|comment-page-[0-9]{1,5}|[0-9]{1,5}|amp)/?$`)

// oldAddress answers an address the site itself does not have with the
// one an imported WordPress item had there (store.LegacyByPath), or
// under it (its feed, its older pages): the item's dateline address. ok
// is false when no imported item had it.
func (s *Site) oldAddress(w http.ResponseWriter, r *http.Request) (ok bool, err error) {
	ctx := r.Context()
	p := r.URL.EscapedPath()
	link, err := s.store.LegacyByPath(ctx, p)
	suffix := ""
	if errors.Is(err, store.ErrNotFound) {
		m := oldSuffix.FindStringSubmatchIndex(p)
		if m == nil {
			return false, nil
		}
		suffix = p[m[2]:m[3]]
		link, err = s.store.LegacyByPath(ctx, p[:m[0]])
	}
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return true, err
	}
	d, err := s.loadSite(ctx)
	if err != nil {
		return true, err
	}
	dst, tags, err := s.follow(ctx, d, link)
	if err != nil {
		return true, err
	}
	target, ok := underOld(link.Kind, dst, suffix)
	if !ok {
		return true, errNotFound()
	}
	if target == p || target == strings.TrimSuffix(p, "/")+"/" {
		return false, nil // the item is here already: a loop
	}
	if suffix == "" {
		target = withReply(dst, r.URL.Query())
	}
	w.Header().Del(web.TagsHeader) // what the failed lookup declared
	return true, moved(w, target, tags...)
}

// underOld is the dateline address of what followed an old item's
// address (suffix, see oldSuffix; "" for the item itself).
func underOld(kind store.LegacyKind, dst destination, suffix string) (string, bool) {
	if suffix == "" {
		return dst.path, true
	}
	switch kind {
	case store.LegacyCategory, store.LegacyTag, store.LegacyAuthor:
		switch {
		case strings.HasPrefix(suffix, "page/"):
			return dst.path + suffix + "/", true
		case strings.HasPrefix(suffix, "feed/rss") || strings.HasPrefix(suffix, "feed/rdf"):
			return dst.path + "feed/", true
		case strings.HasPrefix(suffix, "feed"):
			return dst.path + suffix + "/", true
		}
	case store.LegacyPost, store.LegacyPage:
		switch {
		case strings.HasPrefix(suffix, "feed"):
			if dst.kind != content.KindPost {
				return "", false
			}
			return dst.path + "feed/", true // the comments', the one feed of a post
		case strings.HasPrefix(suffix, "comment-page-"):
			return dst.path + "#comments", true
		case suffix == "amp" || digits(suffix, len(suffix)):
			return dst.path, true
		}
	}
	return "", false
}

// notFound reports whether err is an answer of 404.
func notFound(err error) bool {
	var he *httpError
	return errors.Is(err, store.ErrNotFound) || errors.As(err, &he) && he.Status == http.StatusNotFound
}
