package admin_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/store"
)

// TestLiveBlogDeskWorksWithPlainForms goes through the live blog desk as
// a reporter on a phone without JavaScript would: plain forms and
// redirects. The author makes her published story a live blog, posts an
// entry from the one field and a pinned one with a headline, is told what
// is missing from an empty one, edits, unpins, turns an entry into an
// article and deletes one; a contributor may not post to it, an editor
// may, and closing keeps the entries.
func TestLiveBlogDeskWorksWithPlainForms(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	author := n.members[content.RoleAuthor]
	d := articles.Draft{Title: "Floods: live", Source: "The river is rising.", CategoryID: n.world.ID, CommentsOpen: true}
	a, err := n.svc.Apply(ctx, author, 0, articles.Change{Draft: &d, Step: articles.StepPublish})
	must(t, err)
	desk := fmt.Sprintf("/admin/articles/%d/live", a.ID)
	ana := n.signIn(content.RoleAuthor)

	doc := page(t, ana.get(desk))
	if first(doc, "#body") != nil {
		t.Fatal("the desk offers an entry form before the article is a live blog")
	}
	wantRedirect(t, ana.post(desk+"/state", url.Values{"open": {"1"}}), desk+"?done=live-open")

	doc = page(t, ana.get(desk))
	form := first(doc, "#post-entry")
	if form == nil || attr(form, "method") != "post" || first(form, "textarea[name=body]") == nil {
		t.Fatal("the desk has no plain form with one field for an entry")
	}
	checkLabels(t, doc)
	wantRedirect(t, ana.post(desk, url.Values{"body": {"Sandbags at the **pier**."}}), desk+"?done=entry-posted")
	wantRedirect(t, ana.post(desk, url.Values{"body": {"Schools closed."}, "headline": {"What we know"}, "pinned": {"1"}}), desk+"?done=entry-posted")
	w := ana.post(desk, url.Values{"body": {"  "}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "body"); got != "Please write the entry." {
		t.Errorf("an empty entry says %q", got)
	}

	list, err := n.st.Entries(ctx, store.EntryQuery{ArticleID: a.ID})
	must(t, err)
	if len(list) != 2 || list[0].Headline != "What we know" || !list[0].Pinned || strings.TrimSpace(list[1].Body) != "<p>Sandbags at the <strong>pier</strong>.</p>" {
		t.Fatalf("entries = %+v", list)
	}
	doc = page(t, ana.get(desk))
	if got := texts(all(doc, ".live-desk-entry h3.entry-headline")); len(got) != 1 || got[0] != "What we know" {
		t.Errorf("the desk lists headlines %q", got)
	}
	pinned, plain := list[0], list[1]
	entryPath := func(e content.Entry) string { return fmt.Sprintf("%s/%d", desk, e.ID) }

	wantRedirect(t, ana.post(entryPath(pinned)+"/unpin", nil), desk+"?done=entry-saved")
	if _, err := n.st.PinnedEntry(ctx, a.ID); err == nil {
		t.Error("the entry is still pinned")
	}
	if v := value(page(t, ana.get(entryPath(plain))), "body"); v != "Sandbags at the **pier**." {
		t.Errorf("the edit form holds %q", v)
	}
	wantRedirect(t, ana.post(entryPath(plain), url.Values{"body": {"Sandbags at the pier, and at the market."}}), desk+"?done=entry-saved")
	w = ana.post(entryPath(plain)+"/story", nil)
	if w.Code != http.StatusSeeOther || !strings.HasSuffix(w.Header().Get("Location"), "?done=story-made") {
		t.Fatalf("making an article: %d to %q", w.Code, w.Header().Get("Location"))
	}
	e, err := n.st.Entry(ctx, a.ID, plain.ID)
	must(t, err)
	story, err := n.st.ArticleByID(ctx, e.StoryID)
	must(t, err)
	if story.Status != content.StatusDraft || story.Source != "Sandbags at the pier, and at the market." || story.Author.ID != author.ID ||
		story.Category.ID != n.world.ID {
		t.Errorf("the article made from the entry = %+v", story)
	}

	chai := n.signIn(content.RoleContributor)
	wantStatus(t, chai.post(desk, url.Values{"body": {"Not mine."}}), http.StatusForbidden)
	eddie := n.signIn(content.RoleEditor)
	wantRedirect(t, eddie.post(desk, url.Values{"body": {"From the desk."}}), desk+"?done=entry-posted")

	wantRedirect(t, ana.post(entryPath(pinned)+"/delete", nil), desk+"?done=entry-deleted")
	wantRedirect(t, ana.post(desk+"/state", url.Values{"open": {"0"}}), desk+"?done=live-closed")
	l, err := n.st.LiveBlog(ctx, a.ID)
	must(t, err)
	if l.Open() || l.Entries != 2 {
		t.Errorf("closed live blog = %+v, want closed with its 2 entries", l)
	}
}

// TestAlertDesk: an editor puts an alert up for a while chosen from a
// list, is told what is wrong with one that is not, marks a published
// article as breaking from its page, and takes an alert down.
func TestAlertDesk(t *testing.T) {
	n := newNewsroom(t)
	ctx := context.Background()
	eddie := n.signIn(content.RoleEditor)
	wantRedirect(t, eddie.post("/admin/alerts", url.Values{"text": {"Dam gates open at noon"}, "url": {"/dam/"}, "minutes": {"30"}}),
		"/admin/alerts?done=alert-posted")
	w := eddie.post("/admin/alerts", url.Values{"text": {""}, "minutes": {"30"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "text"); got != "Please write the alert." {
		t.Errorf("an empty alert says %q", got)
	}
	w = eddie.post("/admin/alerts", url.Values{"text": {"Bad link"}, "url": {"javascript:alert(1)"}, "minutes": {"30"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "url"); !strings.HasPrefix(got, "The link must be an address") {
		t.Errorf("a javascript: link says %q", got)
	}

	d := articles.Draft{Title: "Dam breaks upstream", Source: "Water.", CommentsOpen: true}
	a, err := n.svc.Apply(ctx, n.members[content.RoleEditor], 0, articles.Change{Draft: &d, Step: articles.StepPublish})
	must(t, err)
	doc := page(t, eddie.get(fmt.Sprintf("/admin/articles/%d", a.ID)))
	if f := first(doc, "form[action=/admin/alerts]"); f == nil || value(f, "article") != fmt.Sprint(a.ID) {
		t.Fatal("the article's page has no form marking it as breaking")
	}
	wantRedirect(t, eddie.post("/admin/alerts", url.Values{"article": {fmt.Sprint(a.ID)}, "minutes": {"60"}}), "/admin/alerts?done=alert-posted")

	up, err := n.st.ActiveAlerts(ctx, n.clock.Now(), 0)
	must(t, err)
	if len(up) != 2 || up[0].Text != "Dam breaks upstream" || up[0].Article.ID != a.ID || !up[1].ExpiresAt.Equal(up[1].CreatedAt.Add(30*60e9)) {
		t.Fatalf("alerts up = %+v", up)
	}
	doc = page(t, eddie.get("/admin/alerts"))
	if got := texts(all(doc, ".alert-rows strong")); len(got) != 2 {
		t.Errorf("the desk lists %q", got)
	}
	wantRedirect(t, eddie.post(fmt.Sprintf("/admin/alerts/%d/delete", up[1].ID), nil), "/admin/alerts?done=alert-removed")
	if up, _ = n.st.ActiveAlerts(ctx, n.clock.Now(), 0); len(up) != 1 {
		t.Errorf("%d alerts up after taking one down", len(up))
	}
	ana := n.signIn(content.RoleAuthor)
	wantStatus(t, ana.post("/admin/alerts", url.Values{"text": {"Mine"}, "minutes": {"30"}}), http.StatusForbidden)
}

// TestEditorStartsALiveBlogFromTheNewArticleForm starts a live blog as an
// editor on a phone would, from the new-article form alone: the kind
// "Live blog" publishes the story and opens its live blog in one save,
// and the desk is where it lands; a form refused for a missing headline
// keeps the kind.
func TestEditorStartsALiveBlogFromTheNewArticleForm(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	ed := n.signIn(content.RoleEditor)
	doc := page(t, ed.get("/admin/articles/new"))
	if got := attr(first(doc, "#kind option[value=liveblog]"), "value"); got != "liveblog" {
		t.Fatal("the new-article form offers no live blog")
	}

	form := n.storyForm("")
	form.Set("kind", "liveblog")
	form.Set("step", "publish")
	w := ed.post("/admin/articles/new", form)
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := value(page(t, w), "kind"); got != "liveblog" {
		t.Errorf("the refused form's kind is %q, want liveblog kept", got)
	}

	form.Set("title", "Floods: live")
	w = ed.post("/admin/articles/new", form)
	loc := w.Header().Get("Location")
	id, ok := strings.CutSuffix(strings.TrimPrefix(loc, "/admin/articles/"), "/live?done=live-open")
	if w.Code != http.StatusSeeOther || !ok {
		t.Fatalf("publishing a live blog: %d to %q, want its desk", w.Code, loc)
	}
	a, err := n.st.ArticleByID(ctx, atoi(id))
	must(t, err)
	if a.Status != content.StatusPublished || a.Kind != content.KindPost || a.Live == nil || !a.Live.Open() {
		t.Fatalf("stored: status %s, kind %s, live %+v; want a published post with an open live blog", a.Status, a.Kind, a.Live)
	}
	doc = page(t, ed.get(loc))
	if first(doc, "#post-entry textarea[name=body]") == nil {
		t.Error("the desk the form lands on has no field for the first entry")
	}
	doc = page(t, ed.get("/admin/articles/"+id))
	if got := value(doc, "kind"); got != "liveblog" {
		t.Errorf("the live blog's editor shows kind %q", got)
	}
	// Saving it again as a live blog keeps the one it has.
	form = n.storyForm("Floods: live")
	form.Set("kind", "liveblog")
	form.Set("version", value(doc, "version"))
	wantStatus(t, ed.post("/admin/articles/"+id, form), http.StatusSeeOther)
	l, err := n.st.LiveBlog(ctx, a.ID)
	must(t, err)
	if !l.StartedAt.Equal(a.Live.StartedAt) {
		t.Errorf("saving the live blog started it again: %v, was %v", l.StartedAt, a.Live.StartedAt)
	}
}

// TestLiveDeskAddsAPictureWithoutScript adds a picture to an entry as a
// reporter on a phone without JavaScript would: "Add a picture" sends the
// entry as typed to the picture picker, which carries it through its
// search and takes it back to the desk with the chosen picture's Markdown
// at its end, ready to post. Only those who may post to the live blog get
// the picker for it, and what it is given is bounded like an entry.
func TestLiveDeskAddsAPictureWithoutScript(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	author := n.members[content.RoleAuthor]
	d := articles.Draft{Title: "Floods: live", Source: "The river is rising.", CategoryID: n.world.ID, CommentsOpen: true}
	a, err := n.svc.Apply(ctx, author, 0, articles.Change{Draft: &d, Step: articles.StepPublish, Live: true})
	must(t, err)
	im := content.Image{Name: "2025/07/pier", Ext: ".jpg", Width: 1600, Height: 900, Alt: "Sandbags [at] the pier", Variants: []int{480, 960}}
	must(t, n.st.CreateImage(ctx, &im))
	desk := fmt.Sprintf("/admin/articles/%d/live", a.ID)
	ana := n.signIn(content.RoleAuthor)

	button := first(page(t, ana.get(desk)), "#post-entry button[formaction]")
	if attr(button, "formaction") != "/admin/media/pick" || attr(button, "formmethod") != "get" ||
		attr(button, "name") != "live" || attr(button, "value") != itoa(a.ID) {
		t.Fatalf("the desk's form has no button that takes the entry to the picker: %v", button)
	}
	typed := url.Values{"live": {itoa(a.ID)}, "body": {"Water at the **pier**."}, "headline": {"Pier"}, "pinned": {"1"}}
	w := ana.get("/admin/media/pick?" + typed.Encode())
	wantStatus(t, w, http.StatusOK)
	doc := page(t, w)
	checkLabels(t, doc)
	choose := first(doc, "#picker-choose")
	if attr(choose, "action") != desk || attr(choose, "method") != "get" {
		t.Fatalf("the picker's choices go to %q, want the desk", attr(choose, "action"))
	}
	carried := func(form *html.Node) url.Values {
		got := url.Values{}
		for _, in := range all(form, "input[type=hidden]") {
			got.Set(attr(in, "name"), attr(in, "value"))
		}
		return got
	}
	if got := carried(choose); got.Get("body") != typed.Get("body") || got.Get("headline") != "Pier" || got.Get("pinned") != "1" {
		t.Errorf("the choices carry %v, want the entry as typed", got)
	}
	if got := carried(first(doc, "#picture-search")); got.Get("body") != typed.Get("body") || got.Get("live") != itoa(a.ID) {
		t.Errorf("the picker's search carries %v, want the entry and the live blog", got)
	}
	if b := first(choose, "button[name=image]"); attr(b, "value") != itoa(im.ID) {
		t.Fatal("the picture is not a choice of the picker's form")
	}

	back := carried(choose)
	back.Set("image", itoa(im.ID))
	doc = page(t, ana.get(desk+"?"+back.Encode()))
	want := "Water at the **pier**.\n\n![Sandbags \\[at\\] the pier](" + im.VariantURL(960) + ")"
	if got := value(doc, "body"); got != want {
		t.Errorf("the desk's entry is %q, want %q", got, want)
	}
	if value(doc, "headline") != "Pier" || !hasAttr(first(doc, "#pinned"), "checked") || !strings.Contains(text(first(doc, ".notice")), "Picture No.") {
		t.Errorf("back at the desk: headline %q, pinned %v, notice %q", value(doc, "headline"), hasAttr(first(doc, "#pinned"), "checked"), text(first(doc, ".notice")))
	}
	wantRedirect(t, ana.post(desk, url.Values{"body": {want}}), desk+"?done=entry-posted")
	if got := text(first(page(t, ana.get(desk+"?done=entry-posted")), ".notice")); !strings.HasPrefix(got, "The entry is posted") {
		t.Errorf("after posting, the desk says %q", got)
	}
	list, err := n.st.Entries(ctx, store.EntryQuery{ArticleID: a.ID})
	must(t, err)
	if len(list) != 1 || !strings.Contains(list[0].Body, `alt="Sandbags [at] the pier"`) || !strings.Contains(list[0].Body, im.VariantURL(960)) {
		t.Fatalf("the entry posted: %+v", list)
	}

	contributor := n.signIn(content.RoleContributor)
	long := url.Values{"live": {itoa(a.ID)}, "body": {strings.Repeat("x", content.MaxEntrySource+1)}}
	for _, tc := range []struct {
		name   string
		who    *browser
		path   string
		status int
	}{
		{"a contributor may not pick for another's live blog", contributor, "/admin/media/pick?live=" + itoa(a.ID), http.StatusForbidden},
		{"a live blog that is not a number is refused", ana, "/admin/media/pick?live=abc", http.StatusBadRequest},
		{"an entry longer than an entry may be is refused", ana, "/admin/media/pick?" + long.Encode(), http.StatusBadRequest},
		{"a picture that does not exist is refused", ana, desk + "?image=999999", http.StatusBadRequest},
		{"a contributor gets no picture into another's desk", contributor, fmt.Sprintf("%s?image=%d", desk, im.ID), http.StatusOK},
	} {
		w := tc.who.get(tc.path)
		if w.Code != tc.status {
			t.Errorf("%s: %d, want %d", tc.name, w.Code, tc.status)
		}
		if tc.who == contributor && tc.status == http.StatusOK && first(page(t, w), "#body") != nil {
			t.Errorf("%s: the desk offers the contributor an entry form", tc.name)
		}
	}
}
