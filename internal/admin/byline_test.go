package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/content"
)

// withByline sets the byline's rows of an editor form: each row is
// "member:ID", "credit:NAME" or "agency:NAME", numbered in order.
func withByline(form url.Values, rows ...string) url.Values {
	form.Set("byline_sent", "1")
	form.Del("byline_pos")
	form.Del("byline_member")
	form.Del("byline_credit")
	form.Del("byline_org")
	for i, row := range rows {
		kind, v, _ := strings.Cut(row, ":")
		member, credit := "", ""
		switch kind {
		case "member":
			member = v
		case "credit", "agency":
			credit = v
		}
		if kind == "agency" {
			form.Add("byline_org", fmt.Sprint(i))
		}
		form.Add("byline_pos", fmt.Sprint(i+1))
		form.Add("byline_member", member)
		form.Add("byline_credit", credit)
	}
	return form
}

func bylineOf(t *testing.T, n *room, id string) string {
	t.Helper()
	a, err := n.st.ArticleByID(context.Background(), int64(atoi(id)))
	must(t, err)
	return content.BylineNames(a.Byline())
}

func TestAnEditorCreditsThreeReportersAndAnAgencyInTheEditor(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	kit := n.addMember("Kit Chai", "kit@example.com", content.RoleAuthor)
	ana, chai := n.members[content.RoleAuthor], n.members[content.RoleContributor]
	b := n.signIn(content.RoleEditor)
	doc := page(t, b.get("/admin/articles/new"))
	checkLabels(t, doc)
	if got := value(doc, "byline_member_0"); got != itoa(n.members[content.RoleEditor].ID) {
		t.Errorf("a new article's byline starts with %q, want its writer", got)
	}
	if len(all(doc, ".byline-row")) != 3 {
		t.Errorf("%d byline rows on a new article, want the writer and two to add names", len(all(doc, ".byline-row")))
	}

	form := withByline(n.storyForm("Dam talks resume"), "member:"+itoa(ana.ID), "member:"+itoa(chai.ID), "member:"+itoa(kit.ID), "agency:Reuters")
	form.Set("step", "save")
	id := articleID(t, b.post("/admin/articles/new", form))
	if got := bylineOf(t, n, id); got != "Ana Reyes, Chai Contributor, Kit Chai and Reuters" {
		t.Errorf("byline = %q", got)
	}
	doc = page(t, b.get("/admin/articles/"+id))
	checkLabels(t, doc)
	if value(doc, "byline_member_2") != itoa(kit.ID) || value(doc, "byline_credit_3") != "Reuters" ||
		!hasAttr(first(doc, "#byline_org_3"), "checked") || len(all(doc, ".byline-row")) != 6 {
		t.Errorf("the editor shows rows %q %q, %d rows", value(doc, "byline_member_2"), value(doc, "byline_credit_3"), len(all(doc, ".byline-row")))
	}

	// Renumbering reorders; an emptied row takes its name off.
	form = withByline(n.storyForm("Dam talks resume"), "member:"+itoa(ana.ID), "member:"+itoa(chai.ID), "", "agency:Reuters")
	form["byline_pos"][0] = "3"
	form["byline_pos"][3] = "1"
	form.Set("version", value(doc, "version"))
	form.Set("step", "save")
	wantRedirect(t, b.post("/admin/articles/"+id, form), "/admin/articles/"+id+"?done=saved")
	if got := bylineOf(t, n, id); got != "Reuters, Chai Contributor and Ana Reyes" {
		t.Errorf("after renumbering: %q", got)
	}
}

func TestABadBylineInTheEditorSaysWhatIsWrongAndChangesNothing(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ana := n.members[content.RoleAuthor]
	b := n.signIn(content.RoleEditor)
	form := withByline(n.storyForm("Dam talks resume"), "member:"+itoa(ana.ID))
	form.Set("step", "save")
	id := articleID(t, b.post("/admin/articles/new", form))
	eleven := []string{}
	for i := range 11 {
		eleven = append(eleven, fmt.Sprintf("credit:Agency %d", i))
	}
	for _, tc := range []struct {
		name    string
		rows    []string
		edit    func(url.Values)
		message string
	}{
		{"an unknown member", []string{"member:" + itoa(ana.ID), "member:9999"}, nil,
			"Name 2 of the byline is not a member of the newsroom."},
		{"a member that is no number", []string{"member:ana"}, nil,
			"Name 1 of the byline is not a member of the newsroom."},
		{"too many names", eleven, nil, "A byline has at most 10 names."},
		{"a credit too long", []string{"credit:" + strings.Repeat("R", 101)}, nil,
			"A credit is at most 100 characters long (name 1 of the byline)."},
		{"a position that is no number", []string{"member:" + itoa(ana.ID), "credit:Staff"},
			func(f url.Values) { f["byline_pos"][1] = "second" }, "The position of name 2 of the byline must be a number from 1."},
		{"a member and a credit in one row", []string{"member:" + itoa(ana.ID)},
			func(f url.Values) { f["byline_credit"][0] = "Staff" }, "Name 1 of the byline: choose a member or type a credit, not both."},
		{"every row emptied", []string{"", ""}, nil, "Name at least one author: a member of the newsroom or a credit such as “Staff”."},
		{"a name twice", []string{"credit:Staff", "credit:staff"}, nil, `"staff" is in the byline twice.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := page(t, b.get("/admin/articles/"+id))
			form := withByline(n.storyForm("Changed headline"), tc.rows...)
			if tc.edit != nil {
				tc.edit(form)
			}
			form.Set("version", value(doc, "version"))
			form.Set("step", "save")
			w := b.post("/admin/articles/"+id, form)
			wantStatus(t, w, http.StatusUnprocessableEntity)
			doc = page(t, w)
			if got := fieldError(doc, "authors"); got != tc.message {
				t.Errorf("message = %q\nwant      %q", got, tc.message)
			}
			if attr(first(doc, ".error-summary a"), "href") != "#authors" || attr(first(doc, "#authors"), "aria-describedby") != "authors-hint err-authors" {
				t.Error("the error is not tied to the byline field")
			}
			if len(tc.rows) > 0 && strings.HasPrefix(tc.rows[0], "credit:") && value(doc, "byline_credit_0") != strings.TrimPrefix(tc.rows[0], "credit:") {
				t.Errorf("the typed credit was lost: %q", value(doc, "byline_credit_0"))
			}
			stored, err := n.st.ArticleByID(context.Background(), int64(atoi(id)))
			must(t, err)
			if stored.Title != "Dam talks resume" || content.BylineNames(stored.Byline()) != "Ana Reyes" {
				t.Errorf("the refused form changed the article: %q by %q", stored.Title, content.BylineNames(stored.Byline()))
			}
		})
	}
}

func TestAContributorCannotPutThemselvesOnSomeoneElsesStory(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	editor := n.signIn(content.RoleEditor)
	form := n.storyForm("Dam talks resume")
	form.Set("step", "publish")
	id := articleID(t, editor.post("/admin/articles/new", form))
	chai := n.members[content.RoleContributor]
	b := n.signIn(content.RoleContributor)
	form = withByline(n.storyForm("Dam talks resume"), "member:"+itoa(n.members[content.RoleEditor].ID), "member:"+itoa(chai.ID))
	form.Set("version", "1")
	form.Set("step", "save")
	if w := b.post("/admin/articles/"+id, form); w.Code != http.StatusForbidden {
		t.Fatalf("status = %d, want 403", w.Code)
	}
	if got := bylineOf(t, n, id); got != "Eddie Editor" {
		t.Errorf("byline = %q", got)
	}
}

func TestThePreviewPrintsTheBylineAsTyped(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ana := n.members[content.RoleAuthor]
	b := n.signIn(content.RoleContributor)
	form := withByline(n.storyForm("Unsaved headline"), "member:"+itoa(n.members[content.RoleContributor].ID), "member:"+itoa(ana.ID), "credit: Staff ", "member:9999")
	w := b.post("/admin/preview", form)
	wantStatus(t, w, http.StatusOK)
	if got := strings.Join(strings.Fields(text(first(page(t, w), ".byline .author"))), " "); got != "By Chai Contributor , Ana Reyes and Staff" {
		t.Errorf("the preview's byline reads %q", got)
	}
}
