package admin

import (
	"context"
	"net/http"

	"dateline/internal/auth"
	"dateline/internal/content"
)

// statusCounter and commentCounter are store methods the dashboard uses
// when the store has them (store.Newsroom and store.Moderation), so the
// dashboard works before those parts are wired in.
type statusCounter interface {
	StatusCounts(ctx context.Context, authorID int64) (map[content.Status]int, error)
}

type commentCounter interface {
	CountComments(ctx context.Context, status content.CommentStatus) (int, error)
}

type dashboardView struct {
	layout
	// Counts are the figures shown, in order; each links to its list.
	Counts   []dashboardCount
	CanWrite bool
	// Lists are the articles waiting for review, scheduled and recently
	// published that the member works on.
	Lists []dashboardList
	// Views is the chart of page views per day; MostRead the articles read
	// most over the same days.
	Views    *viewsChart
	MostRead []readRow
}

type dashboardCount struct {
	Label string
	N     int
	Path  string
}

func (a *Admin) dashboard(w http.ResponseWriter, r *http.Request, m *member) error {
	v := dashboardView{layout: a.layout(r, m, "Dashboard"), CanWrite: m.Can(auth.ActWriteDraft) && a.articles != nil}
	ctx := r.Context()
	if sc, ok := a.store.(statusCounter); ok {
		mine, err := sc.StatusCounts(ctx, m.ID)
		if err != nil {
			return err
		}
		v.Counts = append(v.Counts,
			dashboardCount{"Your drafts", mine[content.StatusDraft], "/admin/articles?status=draft&mine=1"},
			dashboardCount{"Your articles waiting for review", mine[content.StatusPending], "/admin/articles?status=pending&mine=1"},
		)
		if m.Can(auth.ActPublishOthers) {
			all, err := sc.StatusCounts(ctx, 0)
			if err != nil {
				return err
			}
			v.Counts = append(v.Counts,
				dashboardCount{"Articles waiting for review", all[content.StatusPending], "/admin/articles?status=pending"},
				dashboardCount{"Scheduled articles", all[content.StatusScheduled], "/admin/articles?status=scheduled"},
			)
		}
	}
	if cc, ok := a.store.(commentCounter); ok && m.Can(auth.ActModerateComments) {
		n, err := cc.CountComments(ctx, content.CommentPending)
		if err != nil {
			return err
		}
		v.Counts = append(v.Counts, dashboardCount{"Comments waiting for moderation", n, "/admin/comments/?status=pending"})
	}
	if err := a.dashboardLists(ctx, m, &v); err != nil {
		return err
	}
	if vc, ok := a.store.(viewCounter); ok {
		if err := a.readership(ctx, vc, m, &v); err != nil {
			return err
		}
	}
	return a.render(w, r, http.StatusOK, "dashboard", v)
}
