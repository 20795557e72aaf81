package site

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/readership"
	"dateline/internal/store"
	"dateline/internal/web"
)

// Sizes of the blocks around an article.
const (
	mustReadCount = 4
	relatedCount  = 6
	latestCount   = 5
	homeTopCount  = 5 // stories beside the lead on the home page
	sectionCount  = 4 // stories per section on the home page
	maxPage       = 10000
)

type homeView struct {
	layout
	Lead       *card
	Top        []card
	MustRead   []card
	MostRead   []card
	Sections   []sectionBlock
	Latest     []card
	Pagination pagination
}

// sectionBlock is a section on the front page: its newest story as a card,
// the next ones as headlines.
type sectionBlock struct {
	Name, Slug, Path string
	Lead             *card
	More             []card
}

func (s *Site) home(w http.ResponseWriter, r *http.Request) error {
	if r.PathValue("n") == "" {
		// WordPress's query forms (?p=ID, ?s=, ?feed=rss2 …), kept for old
		// links and habits.
		if handled, err := s.wpQuery(w, r); handled {
			return err
		}
	}
	n, err := pageNumber(r)
	if err != nil {
		return err
	}
	if n == 1 && r.PathValue("n") != "" {
		return redirectTo("/", http.StatusMovedPermanently)
	}
	ctx := r.Context()
	d, err := s.loadSite(ctx)
	if err != nil {
		return err
	}
	per := perPage(d.Settings)
	list, err := s.store.PublishedArticles(ctx, store.ArticleQuery{Limit: per + 1, Offset: (n - 1) * per})
	if err != nil {
		return err
	}
	if n > 1 && len(list) == 0 {
		return errNotFound()
	}
	v := homeView{
		layout:     s.newLayout(d, pageTitle(d, ""), d.Settings.Tagline, pagePath("/", n), ""),
		Pagination: paginate("/", n, len(list) > per),
	}
	v.IsHome = n == 1
	if v.IsHome {
		v.JSONLD = s.homeLD(d)
	}
	if len(list) > per {
		list = list[:per]
	}
	cards := toCards(list, d.Zone)
	if n > 1 {
		if err := s.markLive(ctx, cards); err != nil {
			return err
		}
		v.Title = pageTitle(d, "Latest news, page "+strconv.Itoa(n))
		v.Latest = cards
		web.Depends(w, shownTags([][]card{v.Latest}, append(headerTags(), changes.Home)...)...)
		return s.render(w, http.StatusOK, "home", &v)
	}
	lists := [][]card{cards} // where live blogs are marked, at the end
	if len(cards) > 0 {
		v.Lead = &cards[0]
		cards = cards[1:]
	}
	k := min(homeTopCount, len(cards))
	v.Top, v.Latest = cards[:k], cards[k:]
	must, err := s.mustRead(ctx, 0)
	if err != nil {
		return err
	}
	v.MustRead = toCards(must, d.Zone)
	v.MostRead = s.mostRead(ctx, d)
	// Section blocks leave out the stories already shown above them (the
	// lead, the top stories, the latest news), asking each section for
	// just enough extra to make up for them.
	shown := map[int64]bool{}
	shownIn := map[int64]int{}
	for _, a := range list {
		shown[a.ID] = true
		shownIn[a.Category.ID]++
	}
	for _, c := range d.Categories {
		all, err := s.store.PublishedArticles(ctx, store.ArticleQuery{CategoryID: c.ID, Limit: sectionCount + shownIn[c.ID]})
		if err != nil {
			return err
		}
		list := make([]content.Article, 0, sectionCount)
		for _, a := range all {
			if !shown[a.ID] && len(list) < sectionCount {
				list = append(list, a)
			}
		}
		if len(list) > 0 {
			cards := toCards(list, d.Zone)
			lists = append(lists, cards)
			v.Sections = append(v.Sections, sectionBlock{Name: c.Name, Slug: c.Slug, Path: c.Path(), Lead: &cards[0], More: cards[1:]})
		}
	}
	if err := s.markLive(ctx, append(lists, v.MustRead, v.MostRead)...); err != nil {
		return err
	}
	web.Depends(w, homeTags(v)...)
	return s.render(w, http.StatusOK, "home", &v)
}

// homeTags are the front page's tags: its lists, the header, and every
// article it shows, in every block.
func homeTags(v homeView) []string {
	lists := [][]card{v.Top, v.MustRead, v.MostRead, v.Latest}
	if v.Lead != nil {
		lists = append(lists, []card{*v.Lead})
	}
	for _, b := range v.Sections {
		lists = append(lists, []card{*b.Lead}, b.More)
	}
	return shownTags(lists, append(headerTags(), changes.Home)...)
}

type articleView struct {
	layout
	Article        content.Article
	Path           string
	Section        *navItem
	Published      string
	PublishedISO   string
	Updated        string
	UpdatedISO     string
	ReadingMinutes int
	// Label is the kind of work, and LabelName its name, above the headline.
	Label     content.Label
	LabelName string
	Picture   *picture
	// Byline is the article's authors, "By A, B and C".
	Byline []bylineName
	// Corrections are the article's, shown above the story, oldest first.
	Corrections []correctionItem
	Body        any // template.HTML from bodyWithDateline
	// The blocks beside the story, made once for many pages (blocks.go).
	MustRead template.HTML
	Related  template.HTML
	Latest   template.HTML
	// MostRead is the rail's "Most read", shared by every page until the
	// list is worked out again (mostread.go).
	MostRead []card
	// Fields are the comment form's fields as a reader first sees them,
	// the same on every page; a refused form (Form) is drawn again.
	Fields       template.HTML
	Comments     []*commentView
	CommentCount int
	CommentsOpen bool
	Form         *commentForm
	// ReplyTo is the comment the form answers, for a reader without
	// JavaScript who followed its Reply link (?replytocom=N).
	ReplyTo *commentView
	Share   template.HTML
	// Live is the live blog's entries, for a live blog; FromLive the entry
	// of a live blog the story was made from, linked back to.
	Live     *liveView
	FromLive *pageLink

	liveTags []string // what Live and FromLive were built from
}

// permalink resolves the paths whose first segment is free-form: articles at
// /YYYY/MM/DD/slug/, static pages at /slug/, and the date archives
// /YYYY/, /YYYY/MM/ and /YYYY/MM/DD/. Paths without the final slash are
// redirected to it, as WordPress does.
func (s *Site) permalink(w http.ResponseWriter, r *http.Request) error {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		return &httpError{Status: http.StatusMethodNotAllowed, Message: "Method not allowed"}
	}
	return s.resolvePath(w, r)
}

func (s *Site) resolvePath(w http.ResponseWriter, r *http.Request) error {
	p := r.URL.Path
	parts := strings.Split(strings.Trim(p, "/"), "/")
	if !strings.HasSuffix(p, "/") {
		if span, n := parseSpan(parts); n > 0 && len(parts) == n+1 && parts[n] == "feed.json" {
			return s.dateArchive(w, r, span, parts[n:])
		}
		if strings.HasPrefix(p, "/") && !strings.HasPrefix(p, "//") && !strings.Contains(p, "\\") && !strings.Contains(lastSegment(p), ".") {
			// An old WordPress address goes to its item in one step.
			if ok, err := s.oldAddress(w, r); ok {
				return err
			}
			target := r.URL.EscapedPath() + "/"
			if r.URL.RawQuery != "" {
				target += "?" + r.URL.RawQuery
			}
			return redirectTo(target, http.StatusMovedPermanently)
		}
		return errNotFound()
	}
	if len(parts) >= 4 && digits(parts[0], 4) && digits(parts[1], 2) && digits(parts[2], 2) &&
		(!archiveWord(parts[3]) || len(parts) == 4 && parts[3] != "feed.json") {
		// /YYYY/MM/DD/slug/…, also for a post slugged "page" or "feed",
		// whose address wins over the day's feed.
		err := s.dated(w, r, parts[0], parts[1], parts[2], parts[3:])
		if !(notFound(err) && len(parts) == 4 && parts[3] == "feed") {
			return err
		}
	}
	if span, n := parseSpan(parts); n > 0 {
		return s.dateArchive(w, r, span, parts[n:])
	}
	switch {
	case len(parts) == 1 && parts[0] != "":
		return s.staticPage(w, r, parts[0])
	case len(parts) == 2 && parts[0] != "" && articleSubpage(parts[1]):
		a, err := s.findPublic(r, parts[0])
		if err != nil {
			return err
		}
		return s.toArticle(w, r, a, parts[1])
	}
	return errNotFound()
}

// archiveWord reports whether seg, after a date, belongs to the date's
// archive (its pages and feeds) rather than being an article's slug.
func archiveWord(seg string) bool { return seg == "page" || seg == "feed" || seg == "feed.json" }

// dated answers /YYYY/MM/DD/slug/ and the addresses under it: the
// article, its comment feed, and WordPress's comment-page-N/, N/ (a post
// in pages) and amp/, which show the article itself.
func (s *Site) dated(w http.ResponseWriter, r *http.Request, year, month, day string, rest []string) error {
	switch {
	case len(rest) == 1:
		return s.article(w, r, year, month, day, rest[0])
	case len(rest) == 2 && rest[1] == "feed":
		a, err := s.findPublic(r, rest[0])
		if err != nil {
			return err
		}
		return s.articleCommentsFeed(w, r, a)
	case len(rest) == 2 && rest[1] == "live":
		a, err := s.findPublic(r, rest[0])
		if err != nil {
			return err
		}
		return s.liveFragment(w, r, a)
	case len(rest) == 2 && articleSubpage(rest[1]):
		a, err := s.findPublic(r, rest[0])
		if err != nil {
			return err
		}
		return s.toArticle(w, r, a, rest[1])
	}
	return errNotFound()
}

// articleSubpage reports whether seg, after an article's address, is one
// of WordPress's pages of it: comment-page-N, N or amp.
func articleSubpage(seg string) bool {
	if n, ok := strings.CutPrefix(seg, "comment-page-"); ok {
		seg = n
	} else if seg == "amp" {
		return true
	}
	_, err := numberIn(seg, maxPage)
	return err == nil
}

// toArticle sends a WordPress page of article a (sub, see articleSubpage)
// to the article: its comments for a page of comments, which dateline
// shows all on one page.
func (s *Site) toArticle(w http.ResponseWriter, r *http.Request, a content.Article, sub string) error {
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	dst, tags, err := articleDestination(a, d)
	if err != nil {
		return err
	}
	if strings.HasPrefix(sub, "comment-page-") {
		dst.path += "#comments"
	}
	return moved(w, dst.path, tags...)
}

func lastSegment(p string) string { return p[strings.LastIndexByte(p, '/')+1:] }

func digits(s string, n int) bool {
	if len(s) != n {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// findPublic looks an article up by slug and decides what its old or
// current URL should answer: the article, 410 when it was published and then
// removed (with the editors' notice when they withdrew it), 404 when it
// never was public.
func (s *Site) findPublic(r *http.Request, slug string) (content.Article, error) {
	a, err := s.store.ArticleBySlug(r.Context(), slug)
	if err != nil {
		return a, err
	}
	return a, gone(a)
}

func (s *Site) article(w http.ResponseWriter, r *http.Request, year, month, day, slug string) error {
	ctx := r.Context()
	a, err := s.findPublic(r, slug)
	if err != nil {
		return err
	}
	d, err := s.loadSite(ctx)
	if err != nil {
		return err
	}
	if a.Kind != content.KindPost || !a.PublishedOn(year, month, day, d.Zone) {
		// An imported post whose slug another article had taken kept its
		// old address here: that address is its, not the slug's owner's.
		if ok, err := s.oldAddress(w, r); ok {
			return err
		}
		return redirectTo(a.Path(d.Zone), http.StatusMovedPermanently)
	}
	v, err := s.articlePage(r, d, a)
	if err != nil {
		return err
	}
	if raw, ok := r.URL.Query()["replytocom"]; ok {
		if err := s.replyTo(r.Context(), &v, raw[0]); err != nil {
			return err
		}
	}
	if s.pendingComment(r, &v, d.Zone) {
		v.maxAge = 0 // this page shows one reader's own comment: no tags
	} else {
		// Not the articles of the blocks beside it: see the policy in
		// depends.go.
		web.Depends(w, append(append(headerTags(), fullTags(a)...), v.liveTags...)...)
	}
	// The front door counts the view from this mark, so that an answer
	// kept by a cache still counts when it is served again.
	readership.MarkView(w.Header(), a.ID)
	return s.render(w, http.StatusOK, "article", &v)
}

// articlePage gathers everything around the article.
func (s *Site) articlePage(r *http.Request, d siteData, a content.Article) (articleView, error) {
	ctx := r.Context()
	path := a.Path(d.Zone)
	title := a.SEOTitle
	if title == "" {
		title = a.Title
	}
	v := articleView{
		layout:         s.newLayout(d, pageTitle(d, title), describe(a), path, a.Category.Slug),
		Article:        a,
		Path:           path,
		Published:      a.PublishedAt.In(d.Zone).Format(bylineDate),
		PublishedISO:   a.PublishedAt.Format(timeISO),
		ReadingMinutes: a.ReadingMinutes(),
		Label:          a.Label.Or(),
		LabelName:      a.Label.Or().Name(),
		Picture:        newPicture(a.Image),
		Byline:         bylineNames(a.Byline()),
		Body:           bodyWithDateline(a, d.Zone),
		Corrections:    correctionItems(a.Corrections, d.Zone),
		CommentCount:   a.CommentCount,
	}
	v.Share = shareHTML(shareLinks(v.Canonical, a.Title))
	v.Feeds = append(v.Feeds, commentFeed(d.Settings.SiteName, a.Title, path))
	v.OGType = "article"
	v.ArticleMeta = &articleMeta{
		Published:  a.PublishedAt.Format(timeISO),
		Modified:   modified(a).Format(timeISO),
		Section:    a.Category.Name,
		Tags:       tagNames(a.Tags),
		AuthorURLs: s.memberURLs(d, a.Byline()),
	}
	if a.Image != nil {
		v.ShareImage, v.ShareCard = v.Picture, "summary_large_image"
		v.ShareImageURL = s.absolute(d, a.Image.URL())
	}
	v.JSONLD = s.articleLD(d, a, v.Canonical)
	if err := s.livePart(r, d, &v); err != nil {
		return v, err
	}
	if a.Category.ID != 0 {
		v.Section = &navItem{Name: a.Category.Name, Path: a.Category.Path()}
	}
	if a.Edited() {
		v.Updated = a.UpdatedAt.In(d.Zone).Format(bylineDate)
		v.UpdatedISO = a.UpdatedAt.Format(timeISO)
	}
	var err error
	if v.MustRead, err = s.mustReadBlock(ctx, d, a.ID); err != nil {
		return v, err
	}
	if v.Related, err = s.relatedBlock(ctx, d, a); err != nil {
		return v, err
	}
	if v.Latest, err = s.latestBlock(ctx, d, a.ID); err != nil {
		return v, err
	}
	v.MostRead = s.mostRead(ctx, d)
	if v.Fields, err = s.commentFields(); err != nil {
		return v, err
	}
	comments, err := s.store.ApprovedComments(ctx, a.ID)
	if err != nil {
		return v, err
	}
	v.CommentsOpen = a.CommentsOpen
	if a.CommentsOpen && s.comments != nil {
		if v.CommentsOpen, err = s.comments.Open(ctx, a); err != nil {
			return v, err
		}
	}
	v.Comments = thread(comments, d.Zone, v.CommentsOpen)
	v.CommentCount = len(comments)
	return v, nil
}

const timeISO = "2006-01-02T15:04:05Z07:00"

type staticView struct {
	layout
	Article content.Article
	Body    any
	// Parent is the page it stands under, Pages the pages under it in
	// their order: the site's page hierarchy (WordPress's page parents and
	// menu order), published pages only.
	Parent *pageLink
	Pages  []pageLink
}

// pageLink is a page as a link to it shows it.
type pageLink struct{ Title, Path string }

func (s *Site) staticPage(w http.ResponseWriter, r *http.Request, slug string) error {
	a, err := s.findPublic(r, slug)
	if err != nil {
		return err
	}
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	if a.Kind != content.KindPage {
		// /slug/ of a post: the WordPress "postname" link, kept working.
		return redirectTo(a.Path(d.Zone), http.StatusMovedPermanently)
	}
	parent, children, err := s.store.PageFamily(r.Context(), a.ID)
	if err != nil {
		return err
	}
	v := staticView{
		layout:  s.newLayout(d, pageTitle(d, a.Title), describe(a), a.Path(d.Zone), ""),
		Article: a,
		Body:    bodyWithDateline(a, d.Zone),
	}
	if parent != nil {
		v.Parent = &pageLink{Title: parent.Title, Path: parent.Path(d.Zone)}
	}
	for _, c := range children {
		v.Pages = append(v.Pages, pageLink{Title: c.Title, Path: c.Path(d.Zone)})
	}
	// Any page's change of title, status or place may change its family's
	// links: every static page hangs on the pages' places.
	web.Depends(w, append(append(headerTags(), fullTags(a)...), changes.Pages)...)
	return s.render(w, http.StatusOK, "page", &v)
}

type archiveView struct {
	layout
	Kind       string // "Section", "Topic", "Author"
	Heading    string
	Intro      string
	Cards      []card
	Pagination pagination
	Profile    *authorProfile // an author page's
}

func (s *Site) category(w http.ResponseWriter, r *http.Request) error {
	c, err := s.store.CategoryBySlug(r.Context(), r.PathValue("slug"))
	if errors.Is(err, store.ErrNotFound) {
		return s.renamed(r, "/category/", s.store.CategoryRedirect)
	}
	if err != nil {
		return err
	}
	return s.archive(w, r, archiveSpec{
		kind: "Section", heading: c.Name, intro: c.Description, base: c.Path(), section: c.Slug,
		list: changes.Section(c.Slug), query: store.ArticleQuery{CategoryID: c.ID},
	})
}

func (s *Site) tag(w http.ResponseWriter, r *http.Request) error {
	t, err := s.publishedTag(r.Context(), r.PathValue("slug"))
	if errors.Is(err, store.ErrNotFound) {
		return s.renamed(r, "/tag/", s.store.TagRedirect)
	}
	if err != nil {
		return err
	}
	return s.archive(w, r, archiveSpec{
		kind: "Topic", heading: t.Name, base: t.Path(),
		list: changes.Tag(t.Slug), query: store.ArticleQuery{TagID: t.ID},
	})
}

// publishedTag is the tag of slug when a published post has it. A tag
// only on drafts and scheduled stories answers as one nobody uses, since
// its name may tell what is coming; if it was renamed, the old name's
// redirect is found instead, which leads to a published tag only.
func (s *Site) publishedTag(ctx context.Context, slug string) (content.Tag, error) {
	t, err := s.store.PublishedTagBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		if _, err := s.store.TagBySlug(ctx, slug); err == nil {
			return content.Tag{}, errNotFound()
		}
	}
	return t, err
}

type archiveSpec struct {
	kind, heading, intro, base, section string
	list                                string // the archive's dependency tag
	query                               store.ArticleQuery
	// window, when set, keeps the list to a date in the site's zone.
	window *dateSpan
	// emptyIsMissing answers 404 for an archive with nothing in it: a
	// date's, which any number could name.
	emptyIsMissing bool
	// profile is an author page's member, shown above their articles.
	profile *authorProfile
}

func (s *Site) archive(w http.ResponseWriter, r *http.Request, spec archiveSpec) error {
	n, err := pageNumber(r)
	if err != nil {
		return err
	}
	if n == 1 && r.PathValue("n") != "" {
		return redirectTo(spec.base, http.StatusMovedPermanently)
	}
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	per := perPage(d.Settings)
	q := spec.query
	q.Limit, q.Offset = per+1, (n-1)*per
	if spec.window != nil {
		q.From, q.To = spec.window.window(d.Zone)
	}
	list, err := s.store.PublishedArticles(r.Context(), q)
	if err != nil {
		return err
	}
	if (n > 1 || spec.emptyIsMissing) && len(list) == 0 {
		return errNotFound()
	}
	title := spec.heading
	if n > 1 {
		title += ", page " + strconv.Itoa(n)
	}
	v := archiveView{
		layout:     s.newLayout(d, pageTitle(d, title), truncate(spec.intro, 200), pagePath(spec.base, n), spec.section),
		Kind:       spec.kind,
		Heading:    spec.heading,
		Intro:      spec.intro,
		Pagination: paginate(spec.base, n, len(list) > per),
	}
	v.Feeds = archiveFeeds(d.Settings.SiteName, spec.heading, spec.base)
	if len(list) > per {
		list = list[:per]
	}
	v.Cards = toCards(list, d.Zone)
	if err := s.markLive(r.Context(), v.Cards); err != nil {
		return err
	}
	deps := append(headerTags(), spec.list)
	if p := spec.profile; p != nil {
		v.Profile = p
		v.JSONLD = s.profileLD(d, p, v.Canonical)
		deps = append(deps, p.tags()...)
	}
	web.Depends(w, shownTags([][]card{v.Cards}, deps...)...)
	return s.render(w, http.StatusOK, "archive", &v)
}

// pageNumber reads {n} of /page/{n}/: absent is page 1; anything but a
// plain number from 1 to maxPage is not a page of this site.
func pageNumber(r *http.Request) (int, error) {
	raw := r.PathValue("n")
	if raw == "" {
		return 1, nil
	}
	if len(raw) > 5 || !digits(raw, len(raw)) {
		return 0, errNotFound()
	}
	n, err := strconv.Atoi(raw)
	if err != nil || n < 1 || n > maxPage {
		return 0, errNotFound()
	}
	return n, nil
}

func perPage(set content.Settings) int {
	return min(max(set.PerPage, 1), 50)
}

func pagePath(base string, n int) string {
	if n <= 1 {
		return base
	}
	return base + "page/" + strconv.Itoa(n) + "/"
}

func paginate(base string, n int, more bool) pagination {
	p := pagination{Page: n}
	if n > 1 {
		p.Prev = pagePath(base, n-1)
	}
	if more {
		p.Next = pagePath(base, n+1)
	}
	return p
}

type errorView struct {
	layout
	Status  int
	Heading string
	Message string
	Latest  []card
}

// errorPage renders the friendly error page. It must work even when the
// store does not, so every lookup here is allowed to fail.
func (s *Site) errorPage(w http.ResponseWriter, r *http.Request, status int, heading string) {
	// Never cached, whatever the handler declared before it failed.
	w.Header().Del(web.TagsHeader)
	ctx := r.Context()
	d, err := s.loadSite(ctx)
	if err != nil {
		d = siteData{Settings: content.DefaultSettings(), Zone: content.DefaultSettings().Zone()}
	}
	v := errorView{
		layout:  s.newLayout(d, pageTitle(d, heading), "", r.URL.Path, ""),
		Status:  status,
		Heading: heading,
		Message: errorMessages[status],
	}
	v.Robots = "noindex"
	if status == http.StatusNotFound || status == http.StatusGone {
		if list, err := s.latest(ctx, 0); err == nil {
			v.Latest = toCards(list, d.Zone)
		}
	}
	if err := s.render(w, status, "error", &v); err != nil && !errors.Is(err, ctx.Err()) {
		s.log.Error("render error page", "err", err)
		web.PlainError(w, status, heading)
	}
}

var errorMessages = map[int]string{
	http.StatusNotFound:            "We could not find that page. It may have moved, or the address may be mistyped.",
	http.StatusGone:                "This article was published here but has since been removed by the newsroom.",
	http.StatusBadRequest:          "We could not understand that address.",
	http.StatusInternalServerError: "Something went wrong on our side. Please try again in a moment.",
}

// Preview renders an article exactly as its public page will look, for the
// newsroom: nothing is published, and the answer is never cached or
// indexed. An article without a publication time is shown as if published
// now.
func (s *Site) Preview(w http.ResponseWriter, r *http.Request, a content.Article) error {
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	if a.PublishedAt.IsZero() {
		a.PublishedAt = s.now()
	}
	if a.UpdatedAt.IsZero() {
		a.UpdatedAt = a.PublishedAt
	}
	v, err := s.articlePage(r, d, a)
	if err != nil {
		return err
	}
	v.Robots = "noindex, nofollow"
	v.maxAge = 0
	if err := s.render(w, http.StatusOK, "article", &v); err != nil {
		return err
	}
	return nil
}

// renamed sends the old address of a renamed or merged section or tag to
// its new one, keeping the rest of the path (page/N/, feed/).
func (s *Site) renamed(r *http.Request, prefix string, lookup func(context.Context, string) (string, error)) error {
	old := r.PathValue("slug")
	slug, err := lookup(r.Context(), old)
	if err != nil {
		return err // ErrNotFound: the 404 page
	}
	rest := strings.TrimPrefix(r.URL.Path, prefix+old+"/")
	return redirectTo(prefix+url.PathEscape(slug)+"/"+rest, http.StatusMovedPermanently)
}
