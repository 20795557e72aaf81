package site

import (
	"fmt"
	"net/http"
	"strconv"
	"time"

	"dateline/internal/changes"
	"dateline/internal/feed"
	"dateline/internal/store"
)

// Date archives, WordPress's /YYYY/, /YYYY/MM/ and /YYYY/MM/DD/: the
// posts first published in that year, month or day in the site's zone,
// newest first, with older pages and feeds like every archive.
//
// They are windows on the list of every post, the front page's, so they
// declare changes.Home, which every change to a post readers see (or saw)
// announces, whatever its date; a post that moves from one day to another
// moves between their archives in the same event.

// dateSpan is a year, a month of a year or a day.
type dateSpan struct {
	year, month, day int // month and day 0 when the span is longer
}

// parseSpan reads the date at the start of an address's segments: a
// year of four digits, then a month and a day of two. n is how many
// segments it took; 0 when the first is not a year. A month or a day that
// does not exist ends the span before it, so /2025/13/ reads as the year
// followed by a segment that is not a month.
func parseSpan(parts []string) (span dateSpan, n int) {
	if len(parts) == 0 || !digits(parts[0], 4) {
		return span, 0
	}
	span.year, _ = strconv.Atoi(parts[0])
	if span.year < 1 {
		return span, 0
	}
	if len(parts) < 2 || !digits(parts[1], 2) {
		return span, 1
	}
	m, _ := strconv.Atoi(parts[1])
	if m < 1 || m > 12 {
		return span, 1
	}
	span.month = m
	if len(parts) < 3 || !digits(parts[2], 2) {
		return span, 2
	}
	d, _ := strconv.Atoi(parts[2])
	if d < 1 || d > daysIn(span.year, time.Month(m)) {
		return span, 2
	}
	span.day = d
	return span, 3
}

func daysIn(year int, m time.Month) int {
	return time.Date(year, m+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// spanOfM reads WordPress's ?m=: YYYY, YYYYMM or YYYYMMDD (a time of day
// after it is ignored, as WordPress's archives are days at the finest).
func spanOfM(m string) (dateSpan, bool) {
	if len(m) > 14 || !digits(m, len(m)) {
		return dateSpan{}, false
	}
	var parts []string
	for _, cut := range [][2]int{{0, 4}, {4, 6}, {6, 8}} {
		if len(m) >= cut[1] {
			parts = append(parts, m[cut[0]:cut[1]])
		}
	}
	span, n := parseSpan(parts)
	return span, n > 0 && n == len(parts)
}

// path is the span's archive: /2025/, /2025/07/ or /2025/07/14/.
func (d dateSpan) path() string {
	switch {
	case d.day != 0:
		return fmt.Sprintf("/%04d/%02d/%02d/", d.year, d.month, d.day)
	case d.month != 0:
		return fmt.Sprintf("/%04d/%02d/", d.year, d.month)
	}
	return fmt.Sprintf("/%04d/", d.year)
}

// window is the span in zone: its first instant and the first after it.
func (d dateSpan) window(zone *time.Location) (from, to time.Time) {
	switch {
	case d.day != 0:
		from = time.Date(d.year, time.Month(d.month), d.day, 0, 0, 0, 0, zone)
		return from, from.AddDate(0, 0, 1)
	case d.month != 0:
		from = time.Date(d.year, time.Month(d.month), 1, 0, 0, 0, 0, zone)
		return from, from.AddDate(0, 1, 0)
	}
	from = time.Date(d.year, 1, 1, 0, 0, 0, 0, zone)
	return from, from.AddDate(1, 0, 0)
}

// heading names the span: "2025", "July 2025", "July 14, 2025".
func (d dateSpan) heading() string {
	t := time.Date(d.year, time.Month(max(d.month, 1)), max(d.day, 1), 0, 0, 0, 0, time.UTC)
	switch {
	case d.day != 0:
		return t.Format("January 2, 2006")
	case d.month != 0:
		return t.Format("January 2006")
	}
	return strconv.Itoa(d.year)
}

// dateArchive answers a date archive's addresses: rest is what follows
// the date (nothing, page/N, feed, feed/VARIANT or feed.json).
func (s *Site) dateArchive(w http.ResponseWriter, r *http.Request, span dateSpan, rest []string) error {
	base := span.path()
	switch {
	case len(rest) == 0:
	case len(rest) == 2 && rest[0] == "page":
		r.SetPathValue("n", rest[1])
	default:
		format, ok, err := archiveFeedFormat(w, base, rest)
		if !ok {
			return err
		}
		d, err := s.loadSite(r.Context())
		if err != nil {
			return err
		}
		q := store.ArticleQuery{}
		q.From, q.To = span.window(d.Zone)
		ch := feed.Channel{Title: d.Settings.SiteName + " » " + span.heading(), Link: s.absolute(d, base)}
		return s.articleFeed(w, r, d, ch, q, changes.Home, format)
	}
	return s.archive(w, r, archiveSpec{
		kind: "Archive", heading: span.heading(), base: base, list: changes.Home,
		window: &span, emptyIsMissing: true,
	})
}

// archiveFeedFormat reads the feed part of an archive's address (rest,
// after base): feed/, feed/rss2/, feed/atom/, feed/json/ or feed.json
// answer in their format (ok); feed/rss/ and feed/rdf/, WordPress's older
// formats, are sent to the RSS feed (err is the redirect); anything else
// is not found.
func archiveFeedFormat(w http.ResponseWriter, base string, rest []string) (feedFormat, bool, error) {
	switch {
	case len(rest) == 1 && rest[0] == "feed.json":
		return jsonFormat, true, nil
	case len(rest) == 1 && rest[0] == "feed":
		return rssFormat, true, nil
	case len(rest) == 2 && rest[0] == "feed":
		switch rest[1] {
		case "rss2":
			return rssFormat, true, nil
		case "atom":
			return atomFormat, true, nil
		case "json":
			return jsonFormat, true, nil
		case "rss", "rdf":
			return feedFormat{}, false, moved(w, base+"feed/")
		}
	}
	return feedFormat{}, false, errNotFound()
}
