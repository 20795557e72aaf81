package admin_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"dateline/internal/admin"
	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/store"
)

// storyForm is the editor's form for a simple story.
func (n *room) storyForm(title string) url.Values {
	return url.Values{
		"title": {title}, "excerpt": {"Officials met."}, "dateline": {"GENEVA"},
		"body": {"The talks **began** on Monday.\n\nA second paragraph."}, "format": {"markdown"}, "kind": {"post"},
		"category": {itoa(n.world.ID)}, "tags": {"Diplomacy, Switzerland, diplomacy"}, "comments_open": {"1"},
		"must_read": {"1"},
	}
}

// buttons lists the workflow buttons of an editor page by their step.
func buttons(doc *html.Node) []string {
	var out []string
	for _, b := range all(doc, "button[name=step]") {
		out = append(out, attr(b, "value"))
	}
	return out
}

// articleID reads the id from an editor redirect.
func articleID(t *testing.T, w *httptest.ResponseRecorder) string {
	t.Helper()
	loc := w.Header().Get("Location")
	id, _, _ := strings.Cut(strings.TrimPrefix(loc, "/admin/articles/"), "?")
	if w.Code != http.StatusSeeOther || id == "" {
		t.Fatalf("got %d to %q, want a redirect to the article\n%s", w.Code, loc, w.Body)
	}
	return id
}

func TestAuthorWritesAndPublishes(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	b := n.signIn(content.RoleAuthor)
	w := b.get("/admin/articles/new")
	wantStatus(t, w, http.StatusOK)
	doc := page(t, w)
	checkLabels(t, doc)
	if got := buttons(doc); !equal(got, "save", "submit", "publish", "schedule") {
		t.Errorf("an author's buttons = %q", got)
	}
	if first(doc, "#must_read") != nil || first(doc, "#author") != nil {
		t.Error("an author is offered must-read or the byline")
	}
	if got := texts(all(doc, ".toolbar button")); !equal(got, "Bold", "Italic", "Link", "Heading", "Quote", "List", "Image") {
		t.Errorf("toolbar = %q", got)
	}
	if attr(first(doc, "#article-form"), "data-autosave") != "/admin/articles/autosave" ||
		attr(first(doc, "button[data-preview-button]"), "formaction") != "/admin/preview" {
		t.Error("the form does not name its autosave and preview endpoints")
	}

	form := n.storyForm("")
	form.Set("step", "save")
	w = b.post("/admin/articles/new", form)
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc = page(t, w)
	if got := fieldError(doc, "title"); got != "Please enter a headline." {
		t.Errorf("no headline: %q", got)
	}
	if got := value(doc, "body"); got != form.Get("body") {
		t.Errorf("the story was lost: %q", got)
	}

	form = n.storyForm("Talks open in Geneva")
	form.Set("step", "save")
	id := articleID(t, b.post("/admin/articles/new", form))
	doc = page(t, b.get("/admin/articles/"+id+"?done=saved"))
	if text(first(doc, ".notice")) != "Saved." || text(first(doc, "#status")) != "Draft" {
		t.Errorf("after saving: %q, status %q", text(first(doc, ".notice")), text(first(doc, "#status")))
	}
	if value(doc, "title") != "Talks open in Geneva" || value(doc, "category") != itoa(n.world.ID) || value(doc, "tags") != "Diplomacy, Switzerland" {
		t.Errorf("form = %q, %q, %q", value(doc, "title"), value(doc, "category"), value(doc, "tags"))
	}
	stored, err := n.st.ArticleByID(ctx, atoi(id))
	must(t, err)
	if stored.MustRead {
		t.Error("an author set must-read")
	}

	form.Set("version", value(doc, "version"))
	form.Set("step", "publish")
	wantRedirect(t, b.post("/admin/articles/"+id, form), "/admin/articles/"+id+"?done=published")
	doc = page(t, b.get("/admin/articles/"+id))
	if text(first(doc, "#status")) != "Published" || !equal(buttons(doc), "save", "unpublish", "trash") {
		t.Errorf("published: status %q, buttons %q", text(first(doc, "#status")), buttons(doc))
	}
	public := attr(first(doc, ".status-line a"), "href")
	if public != "/2025/07/14/talks-open-in-geneva/" {
		t.Fatalf("public link = %q", public)
	}
	w = b.get(public)
	wantStatus(t, w, http.StatusOK)
	if got := text(first(page(t, w), "h1")); got != "Talks open in Geneva" {
		t.Errorf("public h1 = %q", got)
	}
}

func atoi(s string) int64 {
	var n int64
	for _, c := range s {
		n = n*10 + int64(c-'0')
	}
	return n
}

func TestContributorSubmitsForReview(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleContributor)
	doc := page(t, b.get("/admin/articles/new"))
	if got := buttons(doc); !equal(got, "save", "submit") {
		t.Errorf("a contributor's buttons = %q", got)
	}
	form := n.storyForm("Rice prices climb")
	form.Set("step", "publish")
	wantStatus(t, b.post("/admin/articles/new", form), http.StatusForbidden)
	form.Set("step", "submit")
	id := articleID(t, b.post("/admin/articles/new", form))
	doc = page(t, b.get("/admin/articles/"+id))
	if text(first(doc, "#status")) != "Waiting for review" || !equal(buttons(doc), "save", "withdraw", "trash") {
		t.Errorf("pending: status %q, buttons %q", text(first(doc, "#status")), buttons(doc))
	}
	form.Set("version", value(doc, "version"))
	form.Set("step", "publish")
	wantStatus(t, b.post("/admin/articles/"+id, form), http.StatusForbidden)

	editor := n.signIn(content.RoleEditor)
	doc = page(t, editor.get("/admin/articles/"+id))
	if !equal(buttons(doc), "save", "publish", "schedule", "withdraw", "trash") || first(doc, "#must_read") == nil || value(doc, "author") != itoa(n.members[content.RoleContributor].ID) {
		t.Errorf("the editor's view: buttons %q, author %q", buttons(doc), value(doc, "author"))
	}
	wantRedirect(t, editor.post("/admin/articles/"+id, form), "/admin/articles/"+id+"?done=published")

	// Once published, the contributor may no longer touch it.
	wantStatus(t, b.get("/admin/articles/"+id), http.StatusForbidden)
	other := n.signIn(content.RoleAuthor)
	wantStatus(t, other.get("/admin/articles/"+id), http.StatusForbidden)
}

func TestVersionConflictKeepsTheText(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	author, editor := n.signIn(content.RoleAuthor), n.signIn(content.RoleEditor)
	form := n.storyForm("Floods in the north")
	form.Set("step", "save")
	id := articleID(t, author.post("/admin/articles/new", form))
	version := value(page(t, author.get("/admin/articles/"+id)), "version")

	edit := n.storyForm("Floods in the north spread")
	edit.Set("version", version)
	wantRedirect(t, editor.post("/admin/articles/"+id, edit), "/admin/articles/"+id+"?done=saved")

	mine := n.storyForm("Floods reach Chiang Mai")
	mine.Set("body", "My own paragraph, typed for an hour.")
	mine.Set("version", version)
	w := author.post("/admin/articles/"+id, mine)
	wantStatus(t, w, http.StatusConflict)
	doc := page(t, w)
	if got := text(first(doc, "#problem")); got != "Eddie Editor saved a newer version at 10:00. Copy your text, reload, and apply your changes again." {
		t.Errorf("message = %q, want the service's", got)
	}
	if value(doc, "title") != "Floods reach Chiang Mai" || value(doc, "body") != "My own paragraph, typed for an hour." {
		t.Errorf("the writer's text was lost: %q / %q", value(doc, "title"), value(doc, "body"))
	}
	if value(doc, "version") != version {
		t.Errorf("version = %q; a second click must not overwrite the other save", value(doc, "version"))
	}
}

func TestSchedule(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleEditor)
	form := n.storyForm("Budget vote tomorrow")
	form.Set("step", "schedule")
	form.Set("publish_at", "2025-07-14T09:00") // an hour ago in Bangkok
	w := b.post("/admin/articles/new", form)
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "publish_at"); got != admin.PublishAtPast {
		t.Errorf("past time: %q", got)
	}
	form.Set("publish_at", "tomorrow")
	if got := fieldError(page(t, b.post("/admin/articles/new", form)), "publish_at"); got != admin.PublishAtInvalid {
		t.Errorf("unreadable time: %q", got)
	}
	form.Set("publish_at", "2025-07-15T09:30")
	id := articleID(t, b.post("/admin/articles/new", form))
	a, err := n.st.ArticleByID(context.Background(), atoi(id))
	must(t, err)
	if a.Status != content.StatusScheduled || !a.PublishedAt.Equal(time.Date(2025, 7, 15, 2, 30, 0, 0, time.UTC)) {
		t.Errorf("stored %s at %v, want scheduled for 09:30 in Bangkok", a.Status, a.PublishedAt)
	}
	doc := page(t, b.get("/admin/articles/"+id))
	if value(doc, "publish_at") != "2025-07-15T09:30" || text(first(doc, ".status-line time")) != "15 Jul 2025, 09:30" {
		t.Errorf("schedule shown as %q / %q", value(doc, "publish_at"), text(first(doc, ".status-line time")))
	}
	// To the second, when the browser sends seconds.
	form.Set("publish_at", "2025-07-15T09:30:45")
	id = articleID(t, b.post("/admin/articles/new", form))
	a, err = n.st.ArticleByID(context.Background(), atoi(id))
	must(t, err)
	if !a.PublishedAt.Equal(time.Date(2025, 7, 15, 2, 30, 45, 0, time.UTC)) {
		t.Errorf("stored %v, want 09:30:45 in Bangkok", a.PublishedAt)
	}
	if got := value(page(t, b.get("/admin/articles/"+id)), "publish_at"); got != "2025-07-15T09:30:45" {
		t.Errorf("schedule with seconds shown as %q", got)
	}
}

func autosave(t *testing.T, b *browser, form url.Values) (*httptest.ResponseRecorder, map[string]any) {
	t.Helper()
	r := httptest.NewRequest("POST", "https://news.example/admin/articles/autosave", strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	r.Header.Set("Accept", "application/json")
	w := b.do(r)
	var out map[string]any
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil {
		t.Fatalf("autosave answered %d %q", w.Code, w.Body)
	}
	return w, out
}

func TestAutosave(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	b := n.signIn(content.RoleAuthor)
	w, out := autosave(t, b, n.storyForm(""))
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if out["error"] != "Not autosaved: Please enter a headline." || out["field"] != "title" {
		t.Errorf("a new article without a headline = %v", out)
	}

	// A new article is created as a draft by its first autosave.
	w, out = autosave(t, b, n.storyForm("A story begun"))
	wantStatus(t, w, http.StatusOK)
	id := int64(out["id"].(float64))
	if id == 0 || out["url"] != "/admin/articles/"+itoa(id) || out["saved_at"] != "10:00:00" || out["version"].(float64) != 1 {
		t.Fatalf("first autosave = %v", out)
	}
	// A draft is saved in place, with a new version.
	form := n.storyForm("A story begun, and continued")
	form.Set("id", itoa(id))
	form.Set("version", "1")
	w, out = autosave(t, b, form)
	wantStatus(t, w, http.StatusOK)
	if out["version"].(float64) != 2 {
		t.Errorf("autosaved draft = %v, want version 2", out)
	}
	a, err := n.st.ArticleByID(ctx, id)
	must(t, err)
	if a.Title != "A story begun, and continued" || a.Status != content.StatusDraft {
		t.Errorf("stored %q, %s", a.Title, a.Status)
	}

	// A published article does not change: the text waits beside it.
	form.Set("version", "2")
	form.Set("step", "publish")
	wantRedirect(t, b.post("/admin/articles/"+itoa(id), form), "/admin/articles/"+itoa(id)+"?done=published")
	n.clock.Advance(time.Minute)
	form.Del("step")
	form.Set("title", "A story begun, continued and corrected")
	form.Set("version", value(page(t, b.get("/admin/articles/"+itoa(id))), "version"))
	w, _ = autosave(t, b, form)
	wantStatus(t, w, http.StatusOK)
	a, err = n.st.ArticleByID(ctx, id)
	must(t, err)
	if a.Title != "A story begun, and continued" {
		t.Errorf("autosave changed a published article: %q", a.Title)
	}
	doc := page(t, b.get("/admin/articles/"+itoa(id)))
	if value(doc, "title") != "A story begun, and continued" || first(doc, "#autosaved") == nil {
		t.Fatalf("the autosave is not offered: %q", value(doc, "title"))
	}
	doc = page(t, b.get(attr(first(doc, "#autosaved a"), "href")))
	if value(doc, "title") != "A story begun, continued and corrected" {
		t.Errorf("restored autosave title = %q", value(doc, "title"))
	}

	// Someone else's article is refused.
	form.Set("title", "Taken over")
	w, out = autosave(t, n.signIn(content.RoleContributor), form)
	wantStatus(t, w, http.StatusForbidden)
	if out["code"] != "forbidden" {
		t.Errorf("another's article = %v", out)
	}
}

func TestAutosaveConflict(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	author, editor := n.signIn(content.RoleAuthor), n.signIn(content.RoleEditor)
	form := n.storyForm("Floods in the north")
	id := articleID(t, author.post("/admin/articles/new", form))
	edit := n.storyForm("Floods in the north spread")
	edit.Set("version", "1")
	wantRedirect(t, editor.post("/admin/articles/"+id, edit), "/admin/articles/"+id+"?done=saved")
	form.Set("id", id)
	form.Set("version", "1")
	w, out := autosave(t, author, form)
	wantStatus(t, w, http.StatusConflict)
	if out["code"] != "conflict" || !strings.HasPrefix(out["error"].(string), "Eddie Editor saved a newer version") {
		t.Errorf("stale autosave = %v", out)
	}
}

func TestPreviews(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleContributor)
	w := b.post("/admin/preview-fragment", url.Values{"body": {"Hello *world*<script>alert(1)</script>"}, "format": {"markdown"}})
	wantStatus(t, w, http.StatusOK)
	if got := strings.TrimSpace(w.Body.String()); got != "<p>Hello <em>world</em></p>" {
		t.Errorf("fragment = %q", got)
	}
	form := n.storyForm("Unsaved headline")
	w = b.post("/admin/preview", form)
	wantStatus(t, w, http.StatusOK)
	doc := page(t, w)
	if got := text(first(doc, "h1")); got != "Unsaved headline" {
		t.Errorf("preview h1 = %q", got)
	}
	if got := attr(first(doc, "meta[name=robots]"), "content"); !strings.Contains(got, "noindex") {
		t.Errorf("robots = %q", got)
	}
	if !strings.Contains(text(doc), "The talks began on Monday.") {
		t.Error("the preview lacks the story")
	}
	if list, err := n.svc.List(context.Background(), n.members[content.RoleEditor], store.NewsroomFilter{}); err != nil || len(list) != 0 {
		t.Errorf("previewing saved something: %v, %v", list, err)
	}
}

func TestAStoryOverTheMarkdownLimitIsAMessageNotAFailure(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleContributor)
	long := strings.TrimSpace(strings.Repeat("The river rose. ", content.MaxMarkdown/16+1))

	w := b.post("/admin/preview-fragment", url.Values{"body": {long}, "format": {"markdown"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := text(first(page(t, w), ".problem")); got != content.MarkdownTooLong {
		t.Errorf("preview pane says %q, want %q", got, content.MarkdownTooLong)
	}

	form := n.storyForm("A long story")
	form.Set("body", long)
	form.Set("step", "save")
	w = b.post("/admin/articles/new", form)
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc := page(t, w)
	if got := fieldError(doc, "body"); got != content.MarkdownTooLong {
		t.Errorf("body error = %q, want %q", got, content.MarkdownTooLong)
	}
	if got := value(doc, "body"); got != long {
		t.Errorf("the story was lost: %d bytes of %d kept, %.60q", len(got), len(long), got)
	}

	// The same length as HTML is within its own limit.
	w = b.post("/admin/preview-fragment", url.Values{"body": {long}, "format": {"html"}})
	wantStatus(t, w, http.StatusOK)
}

func TestPathologicalMarkdownPreviewsAndSaves(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleContributor)
	// 64 KB of link openers took six seconds to lay out, and 200 KB of
	// them would take more than a minute.
	body := strings.Repeat("[a](", 16000)
	w := b.post("/admin/preview-fragment", url.Values{"body": {body}, "format": {"markdown"}})
	wantStatus(t, w, http.StatusOK)
	form := n.storyForm("Brackets")
	form.Set("body", body+strings.Repeat(">", 50000))
	form.Set("step", "save")
	id := articleID(t, b.post("/admin/articles/new", form))
	stored, err := n.st.ArticleByID(context.Background(), atoi(id))
	must(t, err)
	if strings.Count(stored.Body, "<blockquote>") > 16 {
		t.Errorf("the stored body nests %d quotes", strings.Count(stored.Body, "<blockquote>"))
	}
}

func TestRevisionsAndCorrections(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleEditor)
	form := n.storyForm("Port reopens")
	form.Set("body", "Ships moved again.\nThe harbour was calm.")
	form.Set("step", "publish")
	id := articleID(t, b.post("/admin/articles/new", form))
	path := "/admin/articles/" + id
	form.Set("body", "Ships moved again.\nThe harbour was rough.")
	form.Set("step", "save")
	form.Set("version", value(page(t, b.get(path)), "version"))
	wantRedirect(t, b.post(path, form), path+"?done=saved")

	doc := page(t, b.get(path+"/revisions"))
	rows := all(doc, "#revisions tbody tr")
	if len(rows) != 2 {
		t.Fatalf("%d revisions, want 2: %q", len(rows), texts(rows))
	}
	doc = page(t, b.get(attr(first(rows[1], "a"), "href")))
	if got := texts(all(doc, "#diff-Story-text del")); !equal(got, "[removed: calm ]") {
		t.Errorf("removed = %q", got)
	}
	if got := texts(all(doc, "#diff-Story-text ins")); !equal(got, "[added: rough ]") {
		t.Errorf("added = %q", got)
	}
	if first(doc, "#diff-Headline-text") != nil {
		t.Error("the unchanged headline shows a comparison")
	}
	restore := first(doc, "form[action$=restore]")
	wantRedirect(t, b.post(attr(restore, "action"), url.Values{"version": {value(doc, "version")}}), path+"?done=revision-restored")
	if got := value(page(t, b.get(path)), "body"); got != "Ships moved again.\nThe harbour was calm." {
		t.Errorf("after restoring: %q", got)
	}

	w := b.post(path+"/corrections", url.Values{"correction": {" "}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "correction"); got != admin.CorrectionMissing {
		t.Errorf("empty correction: %q", got)
	}
	w = b.post(path+"/corrections", url.Values{"correction": {"Fine."}, "correction_kind": {"retraction"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "correction_kind"); got != articles.CorrectionKindBad {
		t.Errorf("unknown kind: %q", got)
	}
	wantRedirect(t, b.post(path+"/corrections", url.Values{"correction": {"The port is in Satun."}, "correction_kind": {"clarification"}}), path+"?done=correction-added")
	a, err := n.st.ArticleByID(context.Background(), atoi(id))
	must(t, err)
	if len(a.Corrections) != 1 || a.Corrections[0].Text != "The port is in Satun." || a.Corrections[0].Kind != content.KindClarification {
		t.Fatalf("corrections = %+v", a.Corrections)
	}
	c := a.Corrections[0]
	edit := first(page(t, b.get(path)), fmt.Sprintf("form[action=%s/corrections/%d]", path, c.ID))
	if edit == nil {
		t.Fatal("the editor offers no form to change the correction")
	}
	wantRedirect(t, b.post(attr(edit, "action"), url.Values{"correction": {"The port is in Songkhla, not Satun."}, "correction_kind": {"correction"}}),
		path+"?done=correction-changed")
	doc = page(t, b.get(path))
	if got := text(first(doc, "#correction-"+itoa(c.ID)+" p")); !strings.HasPrefix(got, "Correction") || !strings.Contains(got, "July 14, 2025 10:00 by Eddie Editor") || !strings.HasSuffix(got, ": The port is in Songkhla, not Satun.") {
		t.Errorf("the correction reads %q", got)
	}
	if got := texts(all(doc, "#correction-"+itoa(c.ID)+" .correction-history li")); len(got) != 1 || !strings.HasPrefix(got[0], "Clarification") || !strings.Contains(got[0], "The port is in Satun. (replaced July 14, 2025 10:00 by Eddie Editor)") {
		t.Errorf("its history = %q", got)
	}
}

func TestArticleList(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	author, contributor := n.signIn(content.RoleAuthor), n.signIn(content.RoleContributor)
	for i, title := range []string{"Mine one", "Mine two"} {
		form := n.storyForm(title)
		if i == 1 {
			form.Set("step", "publish")
		}
		articleID(t, author.post("/admin/articles/new", form))
	}
	articleID(t, contributor.post("/admin/articles/new", n.storyForm("Theirs")))
	doc := page(t, author.get("/admin/articles"))
	titles := func(doc *html.Node) []string {
		var out []string
		for _, tr := range all(doc, "#articles tbody tr") {
			out = append(out, text(first(tr, "td")))
		}
		return out
	}
	if got := titles(doc); !equal(got, "Theirs", "Mine two view on the site", "Mine one") {
		t.Errorf("all = %q", got)
	}
	if first(first(doc, "#articles tbody tr"), "a") != nil {
		t.Error("an author may open a contributor's draft")
	}
	if got := titles(page(t, author.get("/admin/articles?status=published"))); !equal(got, "Mine two view on the site") {
		t.Errorf("published = %q", got)
	}
	if got := titles(page(t, author.get("/admin/articles?mine=1&q=ONE"))); !equal(got, "Mine one") {
		t.Errorf("mine matching one = %q", got)
	}
}

func TestTrashRestoreAndDelete(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	author, editor := n.signIn(content.RoleAuthor), n.signIn(content.RoleEditor)
	form := n.storyForm("A mistaken story")
	id := articleID(t, author.post("/admin/articles/new", form))
	path := "/admin/articles/" + id
	form.Set("version", "1")
	form.Set("step", "trash")
	wantRedirect(t, author.post(path, form), path+"?done=trashed")
	doc := page(t, author.get(path))
	if text(first(doc, "#status")) != "In the trash" || first(doc, "#article-form") != nil || !equal(buttons(doc), "restore") {
		t.Errorf("the author's trashed article: status %q, buttons %q", text(first(doc, "#status")), buttons(doc))
	}
	if first(doc, "form[action$=delete]") != nil {
		t.Error("an author is offered to delete for good")
	}
	wantStatus(t, author.post(path+"/delete", nil), http.StatusForbidden)

	wantRedirect(t, author.post(path, url.Values{"step": {"restore"}}), path+"?done=restored")
	if a, err := n.st.ArticleByID(ctx, atoi(id)); err != nil || a.Status != content.StatusDraft {
		t.Fatalf("restored: %s, %v", a.Status, err)
	}
	form.Set("version", value(page(t, author.get(path)), "version"))
	wantRedirect(t, author.post(path, form), path+"?done=trashed")

	doc = page(t, editor.get(path))
	del := first(doc, "form[action$=delete]")
	if del == nil {
		t.Fatal("an editor is not offered to delete for good")
	}
	wantRedirect(t, editor.post(attr(del, "action"), nil), "/admin/articles?status=trashed&done=deleted")
	if _, err := n.st.ArticleByID(ctx, atoi(id)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("after deleting: %v", err)
	}
}
