package site_test

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
)

// liveBlog adds to n a published live blog with count entries, a minute
// apart, the third one pinned and the twenty-first with a headline, a picture
// and hostile markup; it returns the article and its entries, oldest
// first.
func (n *newsroom) liveBlog(t *testing.T, count int) (content.Article, []content.Entry) {
	t.Helper()
	ctx := context.Background()
	a := n.kremlin
	a.ID, a.Slug, a.Title, a.Tags, a.Image = 0, "floods-live", "Floods: live", nil, nil
	a.PublishedAt, a.UpdatedAt = now.Add(-5*time.Hour), now.Add(-5*time.Hour)
	must(t, st(n).CreateArticle(ctx, &a))
	must(t, st(n).SetLiveBlog(ctx, a.ID, a.PublishedAt, time.Time{}))
	var list []content.Entry
	for i := range count {
		at := a.PublishedAt.Add(time.Duration(i) * time.Minute)
		e := content.Entry{ArticleID: a.ID, Author: a.Author, Source: fmt.Sprintf("Update number %d.", i), CreatedAt: at, UpdatedAt: at}
		switch i {
		case 2:
			e.Pinned, e.Source = true, "What we know so far."
		case 20:
			e.Headline = "Pier closed"
			e.Source = "![Sandbags at the pier](/media/demo/kremlin.jpg)\n\n<script>alert(1)</script><b onclick=x>Sandbags</b>"
		}
		var err error
		e.Body, err = render.Markdown(ctx, e.Source)
		must(t, err)
		must(t, st(n).AddEntry(ctx, &e))
		list = append(list, e)
	}
	a, err := st(n).ArticleByID(ctx, a.ID)
	must(t, err)
	return a, list
}

func st(n *newsroom) store.Store { return n.st }

// TestLiveBlogPage reads a live blog of 25 entries as readers get it:
// the badge and last update, the pinned entry on top, twenty entries
// newest first with their own permalinks, the older five on the next
// page, a sanitised entry, the fragment the page polls, the feed of
// entries, the JSON-LD of a LiveBlogPosting, and the same page closed.
func TestLiveBlogPage(t *testing.T) {
	n := newNewsroom(t)
	a, entries := n.liveBlog(t, 25)
	path := "/" + a.PublishedAt.In(zoneOf(t)).Format("2006/01/02") + "/floods-live/"
	doc := n.page(t, path)

	if got := text(first(doc, ".live-badge")); got != "Live" {
		t.Errorf("badge = %q, want Live", got)
	}
	last := entries[len(entries)-1]
	if got := attr(first(doc, ".live-updated time"), "datetime"); got != last.UpdatedAt.Format(time.RFC3339) {
		t.Errorf("last updated = %q, want the newest entry's %s", got, last.UpdatedAt.Format(time.RFC3339))
	}
	live := first(doc, "section.liveblog")
	if attr(live, "data-live") != path+"live/" {
		t.Errorf("the page polls %q, want its fragment", attr(live, "data-live"))
	}
	pinned := first(doc, ".live-pinned .live-entry")
	if pinned == nil || !strings.Contains(text(pinned), "What we know so far.") || attr(pinned, "id") != "pinned" {
		t.Fatalf("pinned entry on top: %v", text(pinned))
	}
	shown := all(doc, ".live-entries .live-entry")
	if len(shown) != 20 {
		t.Fatalf("%d entries on the first page, want 20", len(shown))
	}
	for i, e := range shown {
		want := entries[len(entries)-1-i]
		if attr(e, "id") != "entry-"+strconv.FormatInt(want.ID, 10) {
			t.Fatalf("entry %d is %s, want entry-%d (newest first)", i, attr(e, "id"), want.ID)
		}
		if link := first(e, ".live-time"); attr(link, "href") != "#entry-"+strconv.FormatInt(want.ID, 10) {
			t.Errorf("entry %d's permalink is %q", i, attr(link, "href"))
		}
	}
	hostile := first(doc, "#entry-"+strconv.FormatInt(entries[20].ID, 10))
	if text(first(hostile, ".live-headline")) != "Pier closed" || first(hostile, "img") == nil || first(hostile, "script") != nil ||
		hasAttr(first(hostile, "b"), "onclick") {
		t.Errorf("the entry with a picture and markup is not as sanitised: %v", text(hostile))
	}

	older := attr(first(doc, ".live-pages .older"), "href")
	if older != path+"?before="+strconv.FormatInt(entries[5].ID, 10)+"#live" {
		t.Fatalf("older entries at %q", older)
	}
	rec := n.get(t, strings.TrimSuffix(older, "#live"))
	if rec.Code != http.StatusOK {
		t.Fatalf("older page: %d", rec.Code)
	}
	olderDoc := parse(t, rec.Body.String())
	if got := len(all(olderDoc, ".live-entries .live-entry")); got != 5 || first(olderDoc, ".live-pinned") != nil {
		t.Errorf("the older page shows %d entries (and a pinned one: %v), want the 5 oldest", got, first(olderDoc, ".live-pinned") != nil)
	}
	if first(olderDoc, ".live-pages .newer") == nil || attr(first(olderDoc, "meta[name=robots]"), "content") != "noindex, follow" {
		t.Error("the older page has no way back to the latest, or asks to be indexed")
	}
	for _, bad := range []string{"?before=abc", "?before=1"} {
		if rec := n.get(t, path+bad); rec.Code != http.StatusNotFound {
			t.Errorf("%s%s = %d, want 404", path, bad, rec.Code)
		}
	}

	ld := liveBlogLD(t, doc)
	if ld["@type"] != "LiveBlogPosting" || ld["coverageStartTime"] != a.PublishedAt.Format(time.RFC3339) || ld["coverageEndTime"] != nil {
		t.Errorf("JSON-LD = %v %v %v", ld["@type"], ld["coverageStartTime"], ld["coverageEndTime"])
	}
	updates, _ := ld["liveBlogUpdate"].([]any)
	if len(updates) != 20 {
		t.Fatalf("%d liveBlogUpdate, want the page's 20", len(updates))
	}
	newest := updates[0].(map[string]any)
	if newest["@type"] != "BlogPosting" || !strings.HasSuffix(newest["url"].(string), path+"#entry-"+strconv.FormatInt(last.ID, 10)) ||
		newest["datePublished"] != last.CreatedAt.Format(time.RFC3339) || newest["articleBody"] != "Update number 24." {
		t.Errorf("the newest update = %v", newest)
	}

	rec = n.get(t, path+"live/")
	if rec.Code != http.StatusOK || rec.Header().Get("Cache-Control") != "public, max-age=5" {
		t.Fatalf("fragment: %d, Cache-Control %q", rec.Code, rec.Header().Get("Cache-Control"))
	}
	frag := parse(t, rec.Body.String())
	if f := first(frag, ".live-fragment"); attr(f, "data-open") != "true" || len(all(frag, ".live-entries .live-entry")) != 20 ||
		first(frag, ".live-pinned") == nil {
		t.Errorf("fragment: %s", rec.Body.String()[:min(300, rec.Body.Len())])
	}
	rec = n.get(t, path+"feed/")
	if rec.Code != http.StatusOK || !strings.Contains(rec.Body.String(), "#entry-"+strconv.FormatInt(last.ID, 10)) ||
		!strings.Contains(rec.Body.String(), "<title>Pier closed</title>") {
		t.Errorf("the live blog's feed: %d\n%.400s", rec.Code, rec.Body.String())
	}

	closed := a.PublishedAt.Add(4 * time.Hour)
	must(t, n.st.SetLiveBlog(context.Background(), a.ID, a.PublishedAt, closed))
	doc = n.page(t, path)
	if first(doc, ".live-badge") != nil || hasAttr(first(doc, "section.liveblog"), "data-live") {
		t.Error("a closed live blog still shows the badge or polls")
	}
	if got := len(all(doc, ".live-entries .live-entry")); got != 20 || first(doc, ".live-closed") == nil {
		t.Errorf("the closed live blog shows %d entries, want them all kept, and says it ended", got)
	}
	if ld = liveBlogLD(t, doc); ld["coverageEndTime"] != closed.Format(time.RFC3339) {
		t.Errorf("closed: coverageEndTime = %v, want %s", ld["coverageEndTime"], closed.Format(time.RFC3339))
	}
}

func zoneOf(t *testing.T) *time.Location {
	z, err := time.LoadLocation("Asia/Bangkok")
	must(t, err)
	return z
}

// liveBlogLD is the page's first JSON-LD object.
func liveBlogLD(t *testing.T, doc *html.Node) map[string]any {
	t.Helper()
	for _, s := range all(doc, "script[type=application/ld+json]") {
		var v map[string]any
		if err := json.Unmarshal([]byte(text(s)), &v); err != nil {
			t.Fatalf("JSON-LD does not parse: %v", err)
		}
		if v["@type"] != "BreadcrumbList" {
			return v
		}
	}
	t.Fatal("no JSON-LD")
	return nil
}

// TestAlertsAtTheTopOfEveryPage: active alerts, newest first and at most
// three, in a labelled region at the top of the header, linking where
// they lead; an alert for a draft and an expired one are not shown, and
// a page's lifetime in shared caches ends with its first alert.
func TestAlertsAtTheTopOfEveryPage(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	put := func(text, url string, article int64, ago, left time.Duration) {
		l := content.Alert{Text: text, URL: url, Article: content.Article{ID: article}, CreatedAt: now.Add(-ago), ExpiresAt: now.Add(left)}
		must(t, n.st.CreateAlert(ctx, &l))
	}
	put("Expired", "", 0, 3*time.Hour, -time.Minute)
	put("Oldest", "/a/", 0, 50*time.Minute, time.Hour)
	put("Draft", "", n.draft.ID, 40*time.Minute, time.Hour)
	put("Kremlin talks", "", n.kremlin.ID, 30*time.Minute, 30*time.Second)
	put("Second", "https://example.org/dam", 0, 20*time.Minute, time.Hour)
	put("Newest", "", 0, 10*time.Minute, time.Hour)
	for _, path := range []string{"/", "/category/world/", "/about/"} {
		rec := n.get(t, path)
		doc := parse(t, rec.Body.String())
		region := first(doc, "header.masthead section.alerts")
		if region == nil || attr(region, "aria-label") != "Breaking news" {
			t.Fatalf("%s: no labelled alerts region at the top of the header", path)
		}
		items := all(region, "li")
		var got []string
		for _, li := range items {
			got = append(got, strings.TrimPrefix(text(li), "Breaking "))
		}
		if fmt.Sprint(got) != "[Newest Second Kremlin talks]" {
			t.Errorf("%s shows alerts %q, want the newest three up", path, got)
		}
		if href := attr(first(items[2], "a"), "href"); href != "/2025/07/14/kremlin-signals-new-talks/" {
			t.Errorf("%s: the article's alert leads to %q", path, href)
		}
		if first(items[0], "a") != nil {
			t.Errorf("%s: an alert without a link has one", path)
		}
		if got := rec.Header().Get("Cache-Control"); got != "public, max-age=30" {
			t.Errorf("%s: Cache-Control %q, want the 30 seconds left of its first alert", path, got)
		}
	}
}

// TestEntryMadeAStoryIsLinkedBothWays: once the article made from an
// entry is published, the entry links to it and it links back to the
// entry on the live blog; before, neither page shows the draft.
func TestEntryMadeAStoryIsLinkedBothWays(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	blog, entries := n.liveBlog(t, 3)
	e := entries[1]
	story := content.Article{Kind: content.KindPost, Title: "Pier closed for the week", Source: e.Source,
		Format: content.FormatMarkdown, Status: content.StatusDraft, Author: blog.Author, CommentsOpen: true}
	must(t, render.Prepare(&story))
	must(t, n.st.CreateArticle(ctx, &story))
	e.StoryID = story.ID
	must(t, n.st.UpdateEntry(ctx, e))
	blogPath := "/" + blog.PublishedAt.In(zoneOf(t)).Format("2006/01/02") + "/floods-live/"
	anchor := "#entry-" + strconv.FormatInt(e.ID, 10)
	if first(n.page(t, blogPath), anchor+" .live-story") != nil {
		t.Fatal("the entry links to its story while the story is a draft")
	}
	story.Status, story.PublishedAt = content.StatusPublished, now.Add(-time.Hour)
	must(t, n.st.UpdateArticle(ctx, &story))
	storyPath := "/" + story.PublishedAt.In(zoneOf(t)).Format("2006/01/02") + "/" + story.Slug + "/"
	if got := attr(first(n.page(t, blogPath), anchor+" .live-story a"), "href"); got != storyPath {
		t.Errorf("the entry links to %q, want its story %s", got, storyPath)
	}
	if got := attr(first(n.page(t, storyPath), ".from-live a"), "href"); got != blogPath+anchor {
		t.Errorf("the story links back to %q, want %s", got, blogPath+anchor)
	}
}

// TestSponsoredLiveBlogMarksItsEntriesLinks: the entries of a sponsored
// live blog are paid content as its lead is, so every link in them is
// rel="sponsored" on its page, in the fragment readers' pages take and in
// its feed, whenever the entry was written; an ordinary live blog's links
// are not.
func TestSponsoredLiveBlogMarksItsEntriesLinks(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	a, entries := n.liveBlog(t, 1)
	e := entries[0]
	e.Source = "Rates from [our partner](https://bank.example/rates)."
	var err error
	e.Body, err = render.Markdown(ctx, e.Source)
	must(t, err)
	must(t, n.st.UpdateEntry(ctx, e))
	path := a.Path(zoneOf(t))
	links := func() (page, fragment, feed string) {
		t.Helper()
		page = attr(first(first(n.page(t, path), ".live-entries .live-body"), "a"), "rel")
		fragment = attr(first(first(parse(t, n.get(t, path+"live/").Body.String()), ".live-body"), "a"), "rel")
		feed = n.get(t, path+"feed/").Body.String()
		return page, fragment, feed
	}
	if p, f, feed := links(); strings.Contains(p, "sponsored") || strings.Contains(f, "sponsored") || strings.Contains(feed, "sponsored") {
		t.Errorf("an ordinary live blog's entry link is rel %q on its page, %q in the fragment (feed marked: %v)", p, f, strings.Contains(feed, "sponsored"))
	}

	a.Label = content.LabelSponsored
	must(t, render.Prepare(&a))
	must(t, n.st.UpdateArticle(ctx, &a))
	p, f, feed := links()
	for where, rel := range map[string]string{"page": p, "fragment": f} {
		if !strings.Contains(" "+rel+" ", " sponsored ") {
			t.Errorf("on the %s the sponsored live blog's entry link is rel %q", where, rel)
		}
	}
	if !strings.Contains(feed, "sponsored") { // the ordinary one's has no such word
		t.Errorf("the sponsored live blog's feed does not mark its entry's link:\n%.600s", feed)
	}
}

// TestLiveBlogOf2000EntriesPaginatesToItsFirstEntry follows "Older
// updates" from the top of a live blog of 2,000 entries to its end: every
// entry is on exactly one page, newest first across them, twenty a page,
// and the last page offers nothing older.
func TestLiveBlogOf2000EntriesPaginatesToItsFirstEntry(t *testing.T) {
	n := newNewsroom(t)
	a, entries := n.liveBlog(t, 2000)
	path := a.Path(zoneOf(t))
	next, seen, pages := path, 0, 0
	for next != "" {
		pages++
		if pages > 101 {
			t.Fatal("more than 100 pages of 20 for 2,000 entries")
		}
		doc := n.page(t, strings.TrimSuffix(next, "#live"))
		shown := all(doc, ".live-entries .live-entry")
		if len(shown) == 0 || len(shown) > 20 {
			t.Fatalf("page %d (%s) shows %d entries", pages, next, len(shown))
		}
		for _, e := range shown {
			want := entries[len(entries)-1-seen]
			if attr(e, "id") != "entry-"+strconv.FormatInt(want.ID, 10) {
				t.Fatalf("page %d: entry %s where entry-%d comes, newest first", pages, attr(e, "id"), want.ID)
			}
			seen++
		}
		next = attr(first(doc, ".live-pages .older"), "href")
	}
	if seen != 2000 || pages != 100 {
		t.Errorf("%d entries on %d pages, want 2,000 on 100", seen, pages)
	}
}
