package site

import (
	"net/http"
	"strconv"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/feed"
	"dateline/internal/web"
)

// correctionItem is a correction as a reader sees it: on its article and
// on the corrections page.
type correctionItem struct {
	ID        int64
	Kind      content.CorrectionKind
	Name      string // "Correction", "Clarification", "Update"
	Text      string
	Date, ISO string
	// Changed is when its words last changed, when they did.
	Changed, ChangedISO string
	// Title and Path name the corrected article on the corrections page.
	Title, Path string
}

func toCorrectionItem(c content.Correction, zone *time.Location) correctionItem {
	it := correctionItem{ID: c.ID, Kind: c.Kind, Name: c.Kind.Name(), Text: c.Text,
		Date: c.CreatedAt.In(zone).Format(bylineDate), ISO: c.CreatedAt.Format(timeISO)}
	if c.UpdatedAt.After(c.CreatedAt) {
		it.Changed, it.ChangedISO = c.UpdatedAt.In(zone).Format(bylineDate), c.UpdatedAt.Format(timeISO)
	}
	if a := c.Article; a != nil {
		it.Title, it.Path = a.Title, a.Path(zone)
	}
	return it
}

func correctionItems(list []content.Correction, zone *time.Location) []correctionItem {
	out := make([]correctionItem, len(list))
	for i, c := range list {
		out[i] = toCorrectionItem(c, zone)
	}
	return out
}

// correctionsLD is the article's corrections as schema.org's correction
// property takes them: CorrectionComment, each dated.
func correctionsLD(list []content.Correction) []correctionLD {
	if len(list) == 0 {
		return nil
	}
	out := make([]correctionLD, len(list))
	for i, c := range list {
		out[i] = correctionLD{Type: "CorrectionComment", Text: c.Kind.Name() + ": " + c.Text,
			DatePublished: c.CreatedAt.Format(time.RFC3339), DateModified: c.UpdatedAt.Format(time.RFC3339)}
	}
	return out
}

type correctionsView struct {
	layout
	Corrections []correctionItem
	Pagination  pagination
}

// correctionsPerPage is how many corrections a page of /corrections/ and
// its feed list.
const correctionsPerPage = 20

// corrections is /corrections/ and its older pages: every correction,
// clarification and update of a published article, newest first.
func (s *Site) corrections(w http.ResponseWriter, r *http.Request) error {
	n, err := pageNumber(r)
	if err != nil {
		return err
	}
	if n == 1 && r.PathValue("n") != "" {
		return redirectTo("/corrections/", http.StatusMovedPermanently)
	}
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	list, err := s.store.RecentCorrections(r.Context(), correctionsPerPage+1, (n-1)*correctionsPerPage)
	if err != nil {
		return err
	}
	if n > 1 && len(list) == 0 {
		return errNotFound()
	}
	title := "Corrections"
	if n > 1 {
		title += ", page " + strconv.Itoa(n)
	}
	v := correctionsView{
		layout: s.newLayout(d, pageTitle(d, title),
			"Every correction, clarification and update of our stories, newest first.", pagePath("/corrections/", n), ""),
		Pagination: paginate("/corrections/", n, len(list) > correctionsPerPage),
	}
	v.Feeds = append(v.Feeds, feedLink{"application/rss+xml", d.Settings.SiteName + " » Corrections", "/corrections/feed/"})
	if len(list) > correctionsPerPage {
		list = list[:correctionsPerPage]
	}
	v.Corrections = correctionItems(list, d.Zone)
	web.Depends(w, correctionsTags(list, append(headerTags(), changes.Corrections)...)...)
	return s.render(w, http.StatusOK, "corrections", &v)
}

// correctionsTags are the tags of a list of corrections: each names its
// article (its title and address are printed), beside the list's own.
func correctionsTags(list []content.Correction, tags ...string) []string {
	for _, c := range list {
		tags = append(tags, changes.Article(c.ArticleID))
	}
	return tags
}

// correctionsFeed is /corrections/feed/ (and its Atom and JSON Feed
// forms): the newest corrections, each an item linking to its article.
func (s *Site) correctionsFeed(format feedFormat) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		d, err := s.loadSite(r.Context())
		if err != nil {
			return err
		}
		list, err := s.store.RecentCorrections(r.Context(), correctionsPerPage, 0)
		if err != nil {
			return err
		}
		base := s.absolute(d, "")
		items := make([]feed.Item, len(list))
		for i, c := range list {
			items[i] = feed.CorrectionItem(c, base, d.Zone)
		}
		ch := feed.Channel{Title: d.Settings.SiteName + " » Corrections",
			Description: "Every correction, clarification and update of our stories.", Link: s.absolute(d, "/corrections/")}
		s.describeFeed(&ch, d, r)
		body, err := format.write(ch, items)
		if err != nil {
			return err
		}
		web.Depends(w, correctionsTags(list, changes.Corrections, changes.Settings)...)
		return serveDocument(w, r, format.contentType, body, feed.Newest(items))
	}
}
