package site

import (
	"net/url"
	"time"

	"dateline/internal/changes"
	"dateline/internal/content"
)

// Breaking-news alerts are at the top of every page's header, newest
// first, at most content.AlertsShown: a labelled region with links, the
// same for every visitor and readable without JavaScript. Every page
// declares changes.Alerts, which an alert's posting, removal and expiry
// (alerts.Expiry, at its time) announce, and the article of an alert
// marking one as breaking, whose unpublishing takes the alert down. A
// page's lifetime in shared caches never runs past the first expiry of
// an alert it shows, as it never runs past local midnight.

// alertsRead is how many active alerts the site keeps between changes:
// more than a page shows, so that one expiring leaves the next in view
// until the change feed says so.
const alertsRead = 2 * content.AlertsShown

// alertView is an alert as the header shows it.
type alertView struct {
	Text, URL string
	// External marks a link to another site.
	External bool
}

// alertsAt are the alerts d holds that are up at now, at most
// content.AlertsShown, with the seconds until the first of them ends and
// the tags of their articles.
func alertsAt(d siteData, now time.Time) (views []alertView, ends int, tags []string) {
	ends = -1
	for _, l := range d.Alerts {
		if !l.ActiveAt(now) || len(views) == content.AlertsShown {
			continue
		}
		v := alertView{Text: l.Text, URL: l.URL}
		if l.Article.ID != 0 {
			v.URL = l.Article.Path(d.Zone)
			tags = append(tags, changes.Article(l.Article.ID))
		} else if u, err := url.Parse(l.URL); err == nil && u.Host != "" {
			v.External = true
		}
		views = append(views, v)
		// Rounded up: a page kept a second too short costs a render, a
		// second too long shows an alert past its time.
		if s := int((l.ExpiresAt.Sub(now) + time.Second - 1) / time.Second); ends < 0 || s < ends {
			ends = s
		}
	}
	return views, ends, tags
}

// alertTags are the tags of the articles the header's alerts lead to.
func (l layout) alertTags() []string { return l.alertDeps }
