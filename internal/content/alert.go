package content

import (
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Alert is a one-line breaking-news alert shown at the top of every public
// page until it expires: a line an editor wrote, with a link, or an article
// marked as breaking (its headline and its address).
type Alert struct {
	ID   int64
	Text string
	// URL is where the alert leads: an absolute http(s) address or a path
	// of the site; empty for none. An alert for an article leads to the
	// article instead.
	URL string
	// Article is the article marked as breaking, in list form (ID, Kind,
	// Slug, Title, Status, PublishedAt); ID 0 for a plain alert.
	Article   Article
	AuthorID  int64
	CreatedAt time.Time
	ExpiresAt time.Time
}

// Limits on an alert.
const (
	MaxAlertText = 200
	MaxAlertURL  = 2000
	// MaxAlertLife is the longest an alert may stay up: breaking news is
	// news for hours, not weeks, and a forgotten alert ends by itself.
	MaxAlertLife = 7 * 24 * time.Hour
	// AlertsShown is how many alerts a page shows at most, newest first.
	AlertsShown = 3
)

// ActiveAt reports whether the alert shows at t.
func (a Alert) ActiveAt(t time.Time) bool { return t.Before(a.ExpiresAt) }

// Validate checks the alert as an editor filled it in at now.
func (a *Alert) Validate(now time.Time) error {
	var errs FieldErrors
	switch n := utf8.RuneCountInString(a.Text); {
	case strings.TrimSpace(a.Text) == "":
		errs.Add("text", "Please write the alert.")
	case n > MaxAlertText:
		errs.Add("text", fmt.Sprintf("The alert is too long (at most %d characters): it is one line.", MaxAlertText))
	case strings.ContainsAny(a.Text, "\r\n"):
		errs.Add("text", "The alert is one line.")
	}
	if !Storable(a.Text) {
		errs.Add("text", Unstorable)
	}
	if a.URL != "" && !AlertURL(a.URL) {
		errs.Add("url", "The link must be an address starting with http:// or https://, or a path of this site starting with /.")
	}
	switch {
	case a.ExpiresAt.IsZero():
		errs.Add("expires_at", "Please say when the alert ends.")
	case !a.ExpiresAt.After(now):
		errs.Add("expires_at", "The alert would end before it starts; choose a time in the future.")
	case a.ExpiresAt.Sub(now) > MaxAlertLife:
		errs.Add("expires_at", "An alert may stay up for at most a week.")
	}
	return errs.OrNil()
}

// AlertURL reports whether u may be an alert's link: an absolute http or
// https address with a host, or a path of the site (not "//host").
func AlertURL(u string) bool {
	if len(u) > MaxAlertURL || !Storable(u) || strings.ContainsAny(u, " \t\r\n\\") {
		return false
	}
	if strings.HasPrefix(u, "/") {
		return !strings.HasPrefix(u, "//")
	}
	p, err := url.Parse(u)
	return err == nil && (p.Scheme == "http" || p.Scheme == "https") && p.Host != ""
}
