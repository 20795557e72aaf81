package admin_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
)

func TestDashboardReadership(t *testing.T) {
	n := newNewsroom(t)
	editor := n.signIn(content.RoleEditor)

	// Nothing counted yet: the chart is there, empty, and says so.
	doc := page(t, editor.get("/admin/"))
	if got := text(first(doc, "#views-summary")); !strings.Contains(got, "0 in all") {
		t.Errorf("empty chart summary = %q", got)
	}
	if got := text(first(doc, "#most-read")); !strings.Contains(got, "No page views counted yet.") {
		t.Errorf("empty most-read = %q", got)
	}

	form := n.storyForm("Floods reach Bangkok's outskirts")
	form.Set("step", "publish")
	hot := n.article(t, articleID(t, editor.post("/admin/articles/new", form)))
	form = n.storyForm("Baht steadies")
	form.Set("step", "publish")
	quiet := n.article(t, articleID(t, editor.post("/admin/articles/new", form)))
	ctx := context.Background()
	// start is July 14 in Bangkok; July 1 is inside the 30 days, June 1 is not.
	must(t, n.st.AddViews(ctx, map[int64]int{hot.ID: 120, quiet.ID: 5}, "2025-07-14"))
	must(t, n.st.AddViews(ctx, map[int64]int{hot.ID: 30}, "2025-07-01"))
	must(t, n.st.AddViews(ctx, map[int64]int{quiet.ID: 9999}, "2025-06-01"))

	doc = page(t, editor.get("/admin/"))
	summary := text(first(doc, "#views-summary"))
	if !strings.Contains(summary, "155 in all") || !strings.Contains(summary, "most on Mon 14 Jul (125)") {
		t.Errorf("chart summary = %q", summary)
	}
	if bars := all(doc, "svg.views-chart rect"); len(bars) != 30 {
		t.Errorf("%d bars, want one per day for 30 days", len(bars))
	}
	if rows := all(doc, "#views table tbody tr"); len(rows) != 30 {
		t.Errorf("%d table rows, want 30", len(rows))
	}
	read := texts(all(doc, "#most-read li"))
	if len(read) != 2 || !strings.Contains(read[0], "Floods reach Bangkok's outskirts") || !strings.Contains(read[0], "150 views") ||
		!strings.Contains(read[1], "5 views") {
		t.Errorf("most read = %q", read)
	}
	if link := first(doc, "#most-read a"); attr(link, "href") != hot.Path(mustZone(t, "Asia/Bangkok")) {
		t.Errorf("most-read link = %q", attr(link, "href"))
	}
	published := texts(all(doc, ".dash-list li"))
	if !strings.Contains(strings.Join(published, "\n"), "Baht steadies") {
		t.Errorf("recently published = %q", published)
	}
	checkLabels(t, doc)
	wantStatus(t, n.signIn(content.RoleContributor).get("/admin/"), http.StatusOK)
}

func mustZone(t *testing.T, name string) *time.Location {
	t.Helper()
	z, err := time.LoadLocation(name)
	must(t, err)
	return z
}
