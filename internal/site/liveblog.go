package site

import (
	"context"
	"errors"
	"html/template"
	"net/http"
	"strconv"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/feed"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/web"
)

// A live blog's page is its article, then its entries newest first, a
// page of them at a time (older pages at ?before=ENTRY, keyset pages that
// cost the same at the two-thousandth entry as at the first), with the
// pinned entry on top. The page is the same for every visitor and whole
// without JavaScript; while the live blog is open, site.js polls its
// fragment (/YYYY/MM/DD/slug/live/), a small answer that the page cache,
// the static mirror and a CDN keep until the next entry purges it, and
// puts new and edited entries into the page. The page, its older pages,
// the fragment and its feed declare changes.LiveBlog(id), which every
// entry announces, and nothing else does.

// entriesPerPage is how many entries a page and the fragment show.
const entriesPerPage = 20

// livePollSeconds is how often an open live blog's page asks for new
// entries, and how long browsers may keep the fragment.
const livePollSeconds = 5

// liveView is a live blog's part of its article page.
type liveView struct {
	Open                bool
	Updated, UpdatedISO string
	Pinned              *entryView
	Entries             []entryView
	// Older is the address of the next page of older entries; Latest,
	// on an older page, the address of the newest.
	Older, Latest string
	// Poll is the fragment's address, on the first page of an open live
	// blog.
	Poll string
	// PollSeconds is how often site.js asks for it.
	PollSeconds int
	Count       int

	tags    []string        // the bylines and stories of the entries
	entries []content.Entry // the page's, for the structured data
}

// entryView is an entry as the page shows it.
type entryView struct {
	ID                 int64
	ElementID, Anchor  string
	Headline           string
	Body               template.HTML // the sanitiser's output, made when it was saved
	Author, AuthorPath string
	Time, TimeISO      string
	Edited             bool
	UpdatedISO         string
	Pinned             bool
	Story              *pageLink
}

// liveBefore reads ?before=, the entry an older page starts after; 0 for
// the first page.
func liveBefore(r *http.Request) (int64, error) {
	raw := r.URL.Query().Get("before")
	if raw == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(raw, 10, 64)
	if err != nil || n < 1 {
		return 0, errNotFound()
	}
	return n, nil
}

// liveBlog gathers a page of the live blog a's entries: before is 0 for
// the newest.
func (s *Site) liveBlog(ctx context.Context, d siteData, a content.Article, path string, before int64) (*liveView, error) {
	l := a.Live
	v := &liveView{Open: l.Open(), Count: l.Entries, PollSeconds: livePollSeconds}
	updated := l.LastEntryAt
	if updated.IsZero() {
		updated = modified(a)
	}
	v.Updated, v.UpdatedISO = updated.In(d.Zone).Format(bylineDate), updated.Format(timeISO)
	list, err := s.store.Entries(ctx, store.EntryQuery{ArticleID: a.ID, Before: before, Limit: entriesPerPage + 1})
	if err != nil {
		return nil, err
	}
	if before != 0 && len(list) == 0 {
		return nil, errNotFound()
	}
	if len(list) > entriesPerPage {
		list = list[:entriesPerPage]
		v.Older = path + "?before=" + strconv.FormatInt(list[len(list)-1].ID, 10) + "#live"
	}
	v.entries = list
	for _, e := range list {
		ev, tags, err := s.entryView(ctx, d, a.Label, e)
		if err != nil {
			return nil, err
		}
		v.Entries, v.tags = append(v.Entries, ev), append(v.tags, tags...)
	}
	if before != 0 {
		v.Latest = path + "#live"
		return v, nil
	}
	if v.Open {
		v.Poll = path + "live/"
	}
	pinned, err := s.store.PinnedEntry(ctx, a.ID)
	switch {
	case err == nil:
		ev, tags, err := s.entryView(ctx, d, a.Label, pinned)
		if err != nil {
			return nil, err
		}
		ev.ElementID = "pinned"
		v.Pinned, v.tags = &ev, append(v.tags, tags...)
	case !errors.Is(err, store.ErrNotFound):
		return nil, err
	}
	return v, nil
}

// entryView prepares an entry, with the link to the story it became once
// that is published, and the story's tags for it.
func (s *Site) entryView(ctx context.Context, d siteData, label content.Label, e content.Entry) (entryView, []string, error) {
	v := entryView{ID: e.ID, ElementID: e.Anchor(), Anchor: e.Anchor(), Headline: e.Headline, Body: template.HTML(render.EntryHTML(e.Body, label)),
		Author: e.Author.Name, AuthorPath: e.Author.Path(),
		Time: e.CreatedAt.In(d.Zone).Format("15:04"), TimeISO: e.CreatedAt.Format(timeISO),
		Edited: e.UpdatedAt.Sub(e.CreatedAt) > time.Minute, UpdatedISO: e.UpdatedAt.Format(timeISO), Pinned: e.Pinned}
	if e.CreatedAt.In(d.Zone).YearDay() != s.now().In(d.Zone).YearDay() {
		v.Time = e.CreatedAt.In(d.Zone).Format("Jan 2, 15:04")
	}
	tags := []string{changes.Byline(e.Author.Slug)}
	if e.StoryID == 0 {
		return v, tags, nil
	}
	story, err := s.store.ArticleByID(ctx, e.StoryID)
	if errors.Is(err, store.ErrNotFound) {
		return v, tags, nil
	}
	if err != nil {
		return v, nil, err
	}
	// The link appears when the story is published: its tag says when.
	tags = append(tags, changes.Article(story.ID))
	if story.IsPublic() {
		v.Story = &pageLink{Title: story.Title, Path: story.Path(d.Zone)}
	}
	return v, tags, nil
}

// depends are the tags of what a live blog's page is built from beside
// the article.
func (v *liveView) depends(id int64) []string {
	return append([]string{changes.LiveBlog(id)}, v.tags...)
}

// markLive sets Live on the cards of open live blogs, reading the live
// blogs of every list in one query. A card declares article:ID, which
// opening and closing a live blog announce (articles.StartLiveBlog), so
// the badge goes on the next request after it closes; entries, which
// announce only live:ID, leave the lists alone.
func (s *Site) markLive(ctx context.Context, lists ...[]card) error {
	var ids []int64
	for _, l := range lists {
		for _, c := range l {
			ids = append(ids, c.deps.article)
		}
	}
	if len(ids) == 0 {
		return nil
	}
	live, err := s.store.LiveBlogsOf(ctx, ids)
	if err != nil || len(live) == 0 {
		return err
	}
	for _, l := range lists {
		for i := range l {
			if b, ok := live[l[i].deps.article]; ok && b.Open() {
				l[i].Live = true
			}
		}
	}
	return nil
}

// liveFragment answers /YYYY/MM/DD/slug/live/: the newest entries and the
// pinned one of an open or closed live blog, for the page's script to put
// in. It is the same for everyone, and cached until the next entry.
func (s *Site) liveFragment(w http.ResponseWriter, r *http.Request, a content.Article) error {
	if a.Live == nil {
		return errNotFound()
	}
	d, err := s.loadSite(r.Context())
	if err != nil {
		return err
	}
	path := a.Path(d.Zone)
	v, err := s.liveBlog(r.Context(), d, a, path, 0)
	if err != nil {
		return err
	}
	html, err := s.pages.Fragment("article", "live-fragment", v)
	if err != nil {
		return err
	}
	web.Depends(w, append(v.depends(a.ID), changes.Settings)...)
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(livePollSeconds))
	h.Set("X-Robots-Tag", "noindex")
	w.WriteHeader(http.StatusOK)
	_, err = w.Write([]byte(html))
	return err
}

// liveLD makes the article's structured data a LiveBlogPosting: the
// coverage's start and (once closed) end, and the entries of the page as
// its updates.
func (s *Site) liveLD(d siteData, ld []any, a content.Article, v *liveView, canonical string) {
	if len(ld) == 0 {
		return
	}
	post, ok := ld[0].(*newsArticleLD)
	if !ok {
		return
	}
	post.Type = "LiveBlogPosting"
	post.CoverageStartTime = a.Live.StartedAt.Format(time.RFC3339)
	if !a.Live.Open() {
		post.CoverageEndTime = a.Live.ClosedAt.Format(time.RFC3339)
	}
	if !a.Live.LastEntryAt.IsZero() && a.Live.LastEntryAt.After(modified(a)) {
		post.DateModified = a.Live.LastEntryAt.Format(time.RFC3339)
	}
	post.LiveBlogUpdate = make([]blogPostingLD, 0, len(v.entries))
	for _, e := range v.entries {
		body := render.PlainText(e.Body)
		u := blogPostingLD{
			Type:          "BlogPosting",
			Headline:      e.Headline,
			URL:           canonical + "#" + e.Anchor(),
			DatePublished: e.CreatedAt.Format(time.RFC3339),
			DateModified:  e.UpdatedAt.Format(time.RFC3339),
			ArticleBody:   truncate(body, 5000),
			Author:        agentLD{Type: "Person", Name: e.Author.Name, URL: s.absolute(d, e.Author.Path())},
		}
		if u.Headline == "" {
			u.Headline = truncate(body, 110)
		}
		post.LiveBlogUpdate = append(post.LiveBlogUpdate, u)
	}
}

// livePart fills the article page's live blog (a page of its entries,
// from ?before=) and its link back to the entry the story was made from.
func (s *Site) livePart(r *http.Request, d siteData, v *articleView) error {
	ctx, a := r.Context(), v.Article
	if a.Live != nil {
		before, err := liveBefore(r)
		if err != nil {
			return err
		}
		if v.Live, err = s.liveBlog(ctx, d, a, v.Path, before); err != nil {
			return err
		}
		s.liveLD(d, v.JSONLD, a, v.Live, v.Canonical)
		if before != 0 {
			v.Robots = "noindex, follow" // the article is the page to index
		}
		v.liveTags = v.Live.depends(a.ID)
	}
	e, err := s.store.EntryOfStory(ctx, a.ID)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	blog, err := s.store.ArticleByID(ctx, e.ArticleID)
	if err != nil {
		return err
	}
	v.liveTags = append(v.liveTags, changes.Article(blog.ID))
	if blog.IsPublic() {
		v.FromLive = &pageLink{Title: blog.Title, Path: blog.Path(d.Zone) + "#" + e.Anchor()}
	}
	return nil
}

// liveFeed answers a live blog's own feed (its /feed/, a post's comment
// feed): its newest entries, each an item with its permalink, so that a
// feed reader follows the coverage.
func (s *Site) liveFeed(w http.ResponseWriter, r *http.Request, d siteData, a content.Article) error {
	if _, err := feedPage(r); err != nil {
		return err
	}
	list, err := s.store.Entries(r.Context(), store.EntryQuery{ArticleID: a.ID, Limit: feedItems})
	if err != nil {
		return err
	}
	link := s.absolute(d, a.Path(d.Zone))
	ch := feed.Channel{Title: "Live: " + a.Title, Link: link}
	items := make([]feed.Item, len(list))
	for i, e := range list {
		title := e.Headline
		if title == "" {
			title = truncate(render.PlainText(e.Body), 110)
		}
		items[i] = feed.Item{ID: link + "#" + e.Anchor(), Title: title, Link: link + "#" + e.Anchor(),
			Summary: truncate(render.PlainText(e.Body), 300), ContentHTML: render.EntryHTML(e.Body, a.Label),
			Authors:   []feed.Person{{Name: e.Author.Name, URL: s.absolute(d, e.Author.Path())}},
			Published: e.CreatedAt, Updated: e.UpdatedAt}
	}
	s.describeFeed(&ch, d, r)
	body, err := rssFormat.write(ch, items)
	if err != nil {
		return err
	}
	web.Depends(w, changes.Settings, changes.Article(a.ID), changes.LiveBlog(a.ID))
	return serveDocument(w, r, rssFormat.contentType, body, feed.Newest(items))
}
