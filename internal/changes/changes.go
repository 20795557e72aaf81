// Package changes is the change feed: after a write commits, the domain
// service that made it announces what changed as one [Event], with the
// dependency tags that caches and CDNs purge by. Every write path in the
// program announces itself here and nowhere else; page caches, CDN
// purgers, the settings appliers and (on PostgreSQL) other nodes
// subscribe.
//
// Tags name data, not pages: a page records the tags of what it was built
// from (the articles it shows, the lists it draws, the settings), and an
// event purges exactly the pages holding one of its tags.
package changes

import (
	"context"
	"slices"
	"strconv"
	"sync"

	"dateline/internal/content"
)

// Kind is what kind of thing changed.
type Kind string

const (
	KindArticle  Kind = "article"
	KindComment  Kind = "comment"
	KindSection  Kind = "section"
	KindTag      Kind = "tag"
	KindMember   Kind = "member"
	KindMedia    Kind = "media"
	KindSettings Kind = "settings"
	KindWeather  Kind = "weather"
	KindDate     Kind = "date"
	// KindEntry is a live blog's entry; KindAlert a breaking-news alert.
	KindEntry Kind = "entry"
	KindAlert Kind = "alert"
)

// Event is one committed change.
type Event struct {
	Kind Kind
	// Action is what happened, a verb for logs and tests: "create",
	// "update", "publish", "delete", "approve", "merge" and so on.
	Action string
	// IDs are the ids of the things of Kind that changed.
	IDs []int64
	// Tags are the dependency tags of everything the change touched,
	// sorted and without repeats.
	Tags []string
	// Origin is empty for a change made in this process, and names the
	// process that made it for one learnt from the change log.
	Origin string
}

// Tags every page may depend on.
const (
	// All is every tag: anything may have changed (a follower of the
	// change log that fell behind).
	All = "*"
	// Home is the front page's lists (and its older pages).
	Home = "home"
	// Feeds is every feed of articles.
	Feeds = "feeds"
	// CommentsFeed is the feed of the newest comments.
	CommentsFeed = "comments"
	// Sitemaps is the sitemaps and the news sitemap.
	Sitemaps = "sitemaps"
	// Corrections is the site-wide corrections page and its feed.
	Corrections = "corrections"
	// Search is search results and suggestions.
	Search = "search"
	// Sections is the list of sections, drawn in every page's navigation.
	Sections = "sections"
	// Pages is where the static pages stand: each shows its parent page
	// and lists the pages under it.
	Pages = "pages"
	// Settings is the site settings, which every page shows some of.
	Settings = "settings"
	// Weather is the header's weather reading.
	Weather = "weather"
	// Date is the header's date, which changes at local midnight.
	Date = "date"
	// Alerts is the breaking-news alerts at the top of every page's
	// header, which change when one is posted, removed or expires.
	Alerts = "alerts"
)

// Article is the tag of one article's data: its own page, and its card
// wherever it is shown.
func Article(id int64) string { return "article:" + strconv.FormatInt(id, 10) }

// LiveBlog is the tag of what a live blog's entries are shown on: its
// page and older pages, the fragment readers' pages poll for new entries
// and its feed, and nothing else (not the cards of the article, which
// show no entry, only a "Live" badge that opening and closing it change
// with article:ID), so that an entry every minute purges exactly those.
func LiveBlog(id int64) string { return "live:" + strconv.FormatInt(id, 10) }

// Section is the tag of a section's archive and its name wherever shown.
func Section(slug string) string { return "section:" + slug }

// Tag is the tag of a tag's archive and its name wherever shown.
func Tag(slug string) string { return "tag:" + slug }

// Author is the tag of a member's author archive: the list of their
// articles.
func Author(slug string) string { return "author:" + slug }

// Byline is the tag of a member's name wherever it is printed (bylines,
// cards): a change to the member, not to their articles, names it.
func Byline(slug string) string { return "byline:" + slug }

// TagName is the tag of a tag's name wherever it is printed (under an
// article, in a feed item): a rename, merge or deletion of the tag names
// it, a publish with the tag does not.
func TagName(slug string) string { return "tagname:" + slug }

// Comment is the tag of one comment.
func Comment(id int64) string { return "comment:" + strconv.FormatInt(id, 10) }

// Media is the tag of one picture's file and text.
func Media(id int64) string { return "media:" + strconv.FormatInt(id, 10) }

// New makes an event, sorting its tags and dropping repeats and empties.
func New(kind Kind, action string, ids []int64, tags ...string) Event {
	tags = slices.DeleteFunc(slices.Clone(tags), func(s string) bool { return s == "" })
	slices.Sort(tags)
	return Event{Kind: kind, Action: action, IDs: ids, Tags: slices.Compact(tags)}
}

// ArticleTags are the tags an article change touches, given the article
// before and after it (either may be the zero Article: a new one, a
// deleted one). An article that readers could see before or after also
// changes the lists it is or was in: the home page, its section, tags and
// the archive of every member of its byline, the feeds, the sitemaps and
// search; a page, the pages' places;
// a corrected story, the corrections page.
func ArticleTags(before, after content.Article) []string {
	id := after.ID
	if id == 0 {
		id = before.ID
	}
	tags := []string{Article(id)}
	for _, a := range []content.Article{before, after} {
		if a.ID == 0 || !a.IsPublic() {
			continue
		}
		tags = append(tags, Home, Feeds, Sitemaps, Search)
		for _, au := range a.Byline() {
			if au.Member() {
				tags = append(tags, Author(au.Slug))
			}
		}
		if a.Kind == content.KindPage {
			tags = append(tags, Pages) // its title and place in its family's pages
		}
		if len(a.Corrections) > 0 {
			// The corrections page lists it with its headline: it must
			// drop it when the story goes, and follow a new headline.
			tags = append(tags, Corrections)
		}
		if a.Category.Slug != "" {
			tags = append(tags, Section(a.Category.Slug))
		}
		for _, t := range a.Tags {
			if t.Slug != "" {
				tags = append(tags, Tag(t.Slug))
			}
		}
	}
	return tags
}

// ArticleEvent is the event of a change to one article.
func ArticleEvent(action string, before, after content.Article) Event {
	id := after.ID
	if id == 0 {
		id = before.ID
	}
	return New(KindArticle, action, []int64{id}, ArticleTags(before, after)...)
}

// Subscriber is told of every event, in the order they were published.
// It is called on the publisher's goroutine, after the change committed
// and before the write returns to its caller, so it must be quick and
// must not write through the feed itself.
type Subscriber func(ctx context.Context, e Event)

// Feed delivers events to its subscribers. The zero value is ready; a nil
// *Feed drops every event, for code run without one (tests, tools).
// Safe for concurrent use.
type Feed struct {
	mu   sync.RWMutex
	subs map[int]Subscriber
	next int
}

// Subscribe adds fn and returns the function that removes it.
func (f *Feed) Subscribe(fn Subscriber) (cancel func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.subs == nil {
		f.subs = map[int]Subscriber{}
	}
	id := f.next
	f.next++
	f.subs[id] = fn
	return func() {
		f.mu.Lock()
		defer f.mu.Unlock()
		delete(f.subs, id)
	}
}

// Publish tells every subscriber of each event, in order. Call it after
// the change committed, never for a change that was refused. Under a
// context of [Hold] (a transaction that other writes join, not yet
// committed) the events are held, and delivered once it commits.
func (f *Feed) Publish(ctx context.Context, events ...Event) {
	if f == nil || len(events) == 0 {
		return
	}
	if h := held(ctx); h != nil && h.keep(f, events) {
		return
	}
	f.deliver(ctx, events)
}

// deliver tells every subscriber of each event, in order.
func (f *Feed) deliver(ctx context.Context, events []Event) {
	f.mu.RLock()
	subs := make([]Subscriber, 0, len(f.subs))
	for id := range f.next {
		if fn, ok := f.subs[id]; ok {
			subs = append(subs, fn)
		}
	}
	f.mu.RUnlock()
	for _, e := range events {
		for _, fn := range subs {
			fn(ctx, e)
		}
	}
}

// Recorder keeps every event it is told of, for tests that assert what a
// write announced. Safe for concurrent use.
type Recorder struct {
	mu     sync.Mutex
	events []Event
}

// Record is a [Subscriber] that keeps e.
func (r *Recorder) Record(_ context.Context, e Event) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.events = append(r.events, e)
}

// Take returns the events kept since the last Take and forgets them.
func (r *Recorder) Take() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := r.events
	r.events = nil
	return out
}
