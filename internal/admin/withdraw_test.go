package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/articles"
	"dateline/internal/content"
)

// TestOnlyEditorsWithdrawAStoryFromTheEditor: the editor page offers
// editors and admins a "Withdraw" form with a notice field (a plain form,
// no script needed); its author sees none and is refused if they post it;
// an empty or overlong notice is refused beside the field with nothing
// changed; a withdrawal shows the notice in the editor afterwards.
func TestOnlyEditorsWithdrawAStoryFromTheEditor(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ana := n.signIn(content.RoleAuthor)
	form := n.storyForm("Ferry capsizes")
	form.Set("step", "publish")
	id := articleID(t, ana.post("/admin/articles/new", form))
	path := "/admin/articles/" + id
	status := func() content.Status {
		a, err := n.st.ArticleByID(context.Background(), atoi(id))
		must(t, err)
		return a.Status
	}

	if first(page(t, ana.get(path)), "form[action$=withdraw]") != nil {
		t.Error("its author is offered the withdraw form")
	}
	if w := ana.post(path+"/withdraw", url.Values{"notice": {"Mine to kill."}}); w.Code != http.StatusForbidden {
		t.Errorf("its author posting a withdrawal: %d, want 403", w.Code)
	}
	contributor := n.signIn(content.RoleContributor)
	if w := contributor.post(path+"/withdraw", url.Values{"notice": {"No."}}); w.Code != http.StatusForbidden {
		t.Errorf("a contributor posting a withdrawal: %d, want 403", w.Code)
	}

	ed := n.signIn(content.RoleEditor)
	doc := page(t, ed.get(path))
	f := first(doc, "form[action$=withdraw]")
	if f == nil || first(f, "textarea[name=notice]") == nil || first(f, "label[for=notice]") == nil {
		t.Fatal("the editor offers editors no withdraw form with a labelled notice")
	}
	for _, tc := range []struct{ notice, want string }{
		{"   ", articles.NoticeMissing},
		{strings.Repeat("x", content.MaxWithdrawnNotice+1), articles.NoticeTooLong},
	} {
		w := ed.post(path+"/withdraw", url.Values{"notice": {tc.notice}})
		wantStatus(t, w, http.StatusUnprocessableEntity)
		if got := fieldError(page(t, w), "notice"); got != tc.want {
			t.Errorf("notice %.10q: %q, want %q", tc.notice, got, tc.want)
		}
	}
	if s := status(); s != content.StatusPublished {
		t.Fatalf("refused withdrawals left it %s", s)
	}

	wantRedirect(t, ed.post(path+"/withdraw", url.Values{"notice": {"It named the wrong ferry."}}), path+"?done=killed")
	if s := status(); s != content.StatusWithdrawn {
		t.Fatalf("after the withdrawal it is %s", s)
	}
	doc = page(t, ed.get(path))
	if got := text(first(doc, "blockquote.withdrawn-notice")); got != "It named the wrong ferry." {
		t.Errorf("the editor shows the notice %q", got)
	}
	revs, err := n.st.Revisions(context.Background(), atoi(id))
	must(t, err)
	if len(revs) == 0 || revs[0].Note != "Withdrawn: It named the wrong ferry." || revs[0].Author.ID != n.members[content.RoleEditor].ID {
		t.Errorf("the history does not record the withdrawal: %+v", revs)
	}
	// Its author can no longer change it or bring it back.
	form.Set("step", "publish")
	form.Set("version", value(doc, "version"))
	if w := ana.post(path, form); w.Code == http.StatusSeeOther || status() != content.StatusWithdrawn {
		t.Errorf("its author republished it: %d, now %s", w.Code, status())
	}
}
