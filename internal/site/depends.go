package site

import (
	"dateline/internal/changes"
	"dateline/internal/content"
)

// Every public answer declares the dependency tags of the data it was
// built from (web.Depends), with the tags of internal/changes, so that the
// page cache keeps it until an event names one of them. Declaring is
// opt-in: an answer that declares nothing is never cached, and so error
// pages (404, 410, 500), refusals, previews and a page showing a reader's
// own held comment declare nothing. A page declares its tags just before
// it is written, never before a step that may still fail.
//
// A permanent redirect worked out from data (an old WordPress address,
// ?p=ID, a page of comments: see wordpress.go) declares that data's tags,
// article:ID (and settings, which date its address) for an article,
// section:SLUG, tag:SLUG or author:SLUG for an archive, media:ID for a
// picture, so that the cache keeps it until the article is unpublished or
// the archive renamed. A redirect that follows from the address alone
// (/page/1/, ?feed=rss2, /wp-login.php) declares nothing.
//
// The rule:
//
//   - Every HTML page: settings, sections (the navigation), weather,
//     date and alerts (the header), and article:ID of an article its
//     alerts lead to.
//   - Every article a page shows as a card, a headline or a link (the
//     lead, top stories, section blocks, archive lists, search results):
//     article:ID, and the byline:SLUG and media:ID of the byline and
//     picture its card carries (the section's name it prints is covered
//     by sections). The tags follow the card's data, not the default
//     theme's markup, because a theme may print any field of a card.
//   - An article or static page shown in full: the same for itself, and
//     tagname:SLUG of each of its tags. Its comments need nothing more: every
//     event of a comment readers see carries article:ID.
//   - Every list whose membership changes when something is published:
//     home for the front page and its older pages, and for the date
//     archives, windows on the same list; section:SLUG, tag:SLUG
//     or author:SLUG for that archive (and its feed); feeds for feeds;
//     comments for the feed of the newest comments; sitemaps for the
//     sitemaps and the news sitemap; search for search results and
//     suggestions. Feeds and sitemaps print the site's name or address, so
//     they declare settings too.
//   - Each feed item is an article shown in full (its tags are printed as
//     categories); a comment feed item names its article, article:ID.
//     Sitemaps list thousands of addresses, so they name none of them:
//     sitemaps and settings only, for every change that adds, moves or
//     removes a public address announces sitemaps.
//
// The policy for the blocks repeated beside every article ("Must read",
// "More articles", "Latest articles"): an article page does not declare
// the articles they show. Otherwise every publish, edit or comment would
// purge every article page that lists it, and the cache would be empty
// exactly when a story breaks and editors publish every few minutes. An
// article's own change, its comments, the home page, its archives, the
// feeds and the sitemaps purge at once; the blocks on other articles'
// pages may be up to 60 seconds old, the page cache's bound on how long
// it keeps an answer no event named (cache.Config.MaxAge), which is also
// the page's max-age. The home page's blocks, by contrast, declare every
// article they show.
//
// A list and a name have tags of their own: section:SLUG, tag:SLUG and
// author:SLUG are the archives (a publish names them), while the names
// they print are sections, tagname:SLUG and byline:SLUG (a rename names
// them). So a publish in World, by Ana or with "Floods" purges the lists
// it joins, not every article page that shares the section, the author
// or the tag.
//
// Some answers change with the clock and no event: the news sitemap
// (stories leave its 48 hours), "Most read" (views), comments closing
// after their days. The page cache's time bound refreshes them too.

// headerTags are what the layout of every HTML page shows: the settings
// (name, logo, footer), the navigation, the weather, the date and the
// breaking-news alerts (whose articles render adds: see alerts.go).
func headerTags() []string {
	return []string{changes.Settings, changes.Sections, changes.Weather, changes.Date, changes.Alerts}
}

// cardDeps is what the tags of an article shown as a card are made of:
// its own, its byline's and its picture's. A card keeps
// these rather than the tags, so that the blocks of an article page,
// which declare nothing, spend nothing on them.
type cardDeps struct {
	article, media int64
	authors        []string // the slugs of the byline's members
}

func depsOf(a content.Article) cardDeps {
	d := cardDeps{article: a.ID}
	for _, au := range a.Byline() {
		if au.Member() {
			d.authors = append(d.authors, au.Slug)
		}
	}
	if a.Image != nil {
		d.media = a.Image.ID
	}
	return d
}

// tags are the card's tags: the article, the names of its byline's
// members (changes.Byline, not their archives) and the picture. The
// section's name is covered by changes.Sections, which every page that
// prints one declares; changes.Section names the section's list.
func (d cardDeps) tags() []string {
	tags := []string{changes.Article(d.article)}
	for _, slug := range d.authors {
		if slug != "" {
			tags = append(tags, changes.Byline(slug))
		}
	}
	if d.media != 0 {
		tags = append(tags, changes.Media(d.media))
	}
	return tags
}

// cardTags are the tags of article a shown as a card.
func cardTags(a content.Article) []string { return depsOf(a).tags() }

// fullTags are the tags of an article shown in full: its card's and its
// tags'.
func fullTags(a content.Article) []string {
	tags := cardTags(a)
	for _, t := range a.Tags {
		if t.Slug != "" {
			tags = append(tags, changes.TagName(t.Slug))
		}
	}
	return tags
}

// shownTags gathers the tags of the cards in lists, and then extra ones.
func shownTags(lists [][]card, extra ...string) []string {
	tags := extra
	for _, l := range lists {
		for _, c := range l {
			tags = append(tags, c.deps.tags()...)
		}
	}
	return tags
}
