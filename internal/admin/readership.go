package admin

import (
	"context"
	"fmt"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// viewCounter is the part of store.Newsroom that holds the page views the
// site counts; the dashboard shows them when the store has it.
type viewCounter interface {
	ViewsPerDay(ctx context.Context, articleID int64, from, to string) ([]store.DayCount, error)
	MostRead(ctx context.Context, since string, limit int) ([]store.ReadCount, error)
}

// chartDays is how many days the views chart covers, today included.
const chartDays = 30

// viewsChart is an SVG bar chart of views per day, drawn on the server so
// that it needs no script; the same figures are in a table beside it.
type viewsChart struct {
	Days         []chartDay
	Total, Peak  int
	Width        int
	Height       int
	From, To     string // "June 15", "July 14"
	Busiest      chartDay
	Gridlines    []gridline
	BarWidth     int
	ChartSummary string
}

type chartDay struct {
	Label  string // "Mon 14 Jul"
	Views  int
	X, Y   int
	Height int
}

type gridline struct {
	Y     int
	Label string
}

type readRow struct {
	Article content.Article
	Views   int
	Path    string // the public page
}

type dashboardList struct {
	Title    string
	Empty    string
	Articles []content.Article
	More     string
}

// readership fills in the views chart and the most-read list of the last
// chartDays days in the site's time zone.
func (a *Admin) readership(ctx context.Context, vc viewCounter, m *member, v *dashboardView) error {
	today := a.now().In(m.Zone)
	first := today.AddDate(0, 0, -(chartDays - 1))
	from, to := first.Format(store.DayLayout), today.Format(store.DayLayout)
	perDay, err := vc.ViewsPerDay(ctx, 0, from, to)
	if err != nil {
		return err
	}
	v.Views = drawViews(first, perDay)
	read, err := vc.MostRead(ctx, from, 10)
	if err != nil {
		return err
	}
	for _, rc := range read {
		v.MostRead = append(v.MostRead, readRow{Article: rc.Article, Views: rc.Views, Path: rc.Article.Path(m.Zone)})
	}
	return nil
}

// drawViews lays out one bar per day from first, days without views
// included, scaled to the busiest day.
func drawViews(first time.Time, counts []store.DayCount) *viewsChart {
	byDay := make(map[string]int, len(counts))
	for _, c := range counts {
		byDay[c.Day] = c.Views
	}
	const barWidth, gap, height, top = 16, 4, 160, 8
	c := &viewsChart{Width: chartDays * (barWidth + gap), Height: height + top, BarWidth: barWidth}
	for i := range chartDays {
		day := first.AddDate(0, 0, i)
		n := byDay[day.Format(store.DayLayout)]
		c.Days = append(c.Days, chartDay{Label: day.Format("Mon 2 Jan"), Views: n, X: i * (barWidth + gap)})
		c.Total += n
		if n > c.Peak {
			c.Peak = n
			c.Busiest = c.Days[i]
		}
	}
	scale := max(c.Peak, 1)
	for i := range c.Days {
		d := &c.Days[i]
		d.Height = d.Views * height / scale
		if d.Views > 0 {
			d.Height = max(d.Height, 2) // a quiet day still shows
		}
		d.Y = top + height - d.Height
	}
	if c.Peak > 0 {
		c.Gridlines = []gridline{{Y: top, Label: thousands(c.Peak)}, {Y: top + height/2, Label: thousands(c.Peak / 2)}}
	}
	c.From, c.To = first.Format("January 2"), first.AddDate(0, 0, chartDays-1).Format("January 2")
	c.ChartSummary = fmt.Sprintf("Page views per day from %s to %s: %s in all", c.From, c.To, thousands(c.Total))
	if c.Peak > 0 {
		c.ChartSummary += fmt.Sprintf(", most on %s (%s)", c.Busiest.Label, thousands(c.Peak))
	}
	c.ChartSummary += "."
	return c
}

// dashboardLists are the short lists of articles the member acts on next:
// editors see everyone's, other roles their own.
func (a *Admin) dashboardLists(ctx context.Context, m *member, v *dashboardView) error {
	if a.articles == nil || !m.Can(auth.ActWriteDraft) {
		return nil
	}
	var author int64
	mine := ""
	if !m.Can(auth.ActEditOthers) {
		author, mine = m.ID, "&mine=1"
	}
	for _, l := range []struct {
		title, empty string
		status       content.Status
	}{
		{"Waiting for review", "Nothing is waiting for review.", content.StatusPending},
		{"Scheduled", "Nothing is scheduled.", content.StatusScheduled},
		{"Recently published", "Nothing published yet.", content.StatusPublished},
	} {
		list, err := a.articles.List(ctx, m.User, store.NewsroomFilter{Status: l.status, AuthorID: author, Limit: 5})
		if err != nil {
			return err
		}
		v.Lists = append(v.Lists, dashboardList{Title: l.title, Empty: l.empty, Articles: list,
			More: "/admin/articles?status=" + string(l.status) + mine})
	}
	return nil
}
