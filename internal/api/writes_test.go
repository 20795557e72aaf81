package api_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

func (d *desk) count(t *testing.T, status content.Status) int {
	t.Helper()
	n, err := d.st.StatusCounts(context.Background(), 0)
	must(t, err)
	return n[status]
}

func TestCreateTakesEveryFieldAndAnswersWithTheArticle(t *testing.T) {
	d := newDesk(t)
	im := d.call(t, "POST", "/api/v1/media", d.tokens["editor"],
		upload(t, "flood.png", photo(t, "png", 40, 30), map[string]string{"alt": "Water in the street"}))
	pic := decode[struct{ ID int64 }](t, im)
	rec := d.call(t, "POST", "/api/v1/articles", d.tokens["editor"], map[string]any{
		"title": "Floods close the old town", "body": "The river **rose** overnight.", "format": "markdown",
		"category": "politics", "tags": []string{"Floods", "Chiang Mai"}, "must_read": true, "dateline": "CHIANG MAI",
		"excerpt": "Shops shut as water rises.", "slug": "floods-old-town", "image_id": pic.ID, "comments_open": false,
		"seo_title": "Floods in Chiang Mai", "seo_description": "What closed and when.", "author_id": d.members["author"].ID,
		"note": "Filed from the scene",
	})
	if rec.Code != http.StatusCreated {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	a := decode[editorArticle](t, rec)
	if rec.Header().Get("Location") != fmt.Sprintf("https://news.example/api/v1/articles/%d", a.ID) ||
		rec.Header().Get("ETag") != fmt.Sprintf(`"%d"`, a.Version) {
		t.Errorf("headers = %v", rec.Header())
	}
	stored := d.reread(t, a.ID)
	if stored.Title != "Floods close the old town" || stored.Slug != "floods-old-town" || stored.Status != content.StatusDraft ||
		stored.Category.ID != d.politics.ID || len(stored.Tags) != 2 || !stored.MustRead || stored.Dateline != "CHIANG MAI" ||
		stored.Image == nil || stored.Image.ID != pic.ID || stored.CommentsOpen || stored.SEOTitle != "Floods in Chiang Mai" ||
		stored.SEODesc != "What closed and when." || stored.Author.ID != d.members["author"].ID || stored.Excerpt != "Shops shut as water rises." {
		t.Errorf("stored = %+v", stored)
	}
	if a.Body != "The river **rose** overnight." || !strings.Contains(a.BodyHTML, "<strong>rose</strong>") ||
		a.Format != "markdown" || a.Status != "draft" || a.Image == nil || a.Image.Alt != "Water in the street" || a.Version < 1 {
		t.Errorf("answer = %+v", a)
	}
}

func TestContributorAskingToPublishIsRefusedAndNothingIsCreated(t *testing.T) {
	d := newDesk(t)
	for _, body := range []string{
		`{"title": "My first story", "body": "Words.", "status": "published"}`,
		`{"title": "My first story", "body": "Words.", "status": "scheduled", "published_at": "2025-07-15T09:00:00Z"}`,
	} {
		rec := d.call(t, "POST", "/api/v1/articles", d.tokens["contributor"], body)
		if e := decode[apiError](t, rec); rec.Code != http.StatusForbidden || e.Error.Code != "forbidden" ||
			e.Error.Message != "You may not publish articles; send it for review instead." {
			t.Errorf("%s: %d %+v", body, rec.Code, e.Error)
		}
	}
	if n := d.count(t, content.StatusDraft) + d.count(t, content.StatusPublished) + d.count(t, content.StatusScheduled); n != 0 {
		t.Errorf("%d articles were stored", n)
	}
	rec := d.call(t, "POST", "/api/v1/articles", d.tokens["contributor"], map[string]any{"title": "For review", "status": "pending"})
	if a := decode[editorArticle](t, rec); rec.Code != http.StatusCreated || a.Status != "pending" {
		t.Errorf("submitting for review: %d %+v", rec.Code, a)
	}
}

func TestStatusDrivesTheWorkflow(t *testing.T) {
	d := newDesk(t)
	tok := d.tokens["author"]
	rec := d.call(t, "POST", "/api/v1/articles", tok, map[string]any{"title": "Night market reopens", "status": "published"})
	a := decode[editorArticle](t, rec)
	if rec.Code != http.StatusCreated || a.Status != "published" || a.PublishedAt == nil || *a.PublishedAt != "2025-07-14T07:05:00Z" ||
		a.URL != "https://news.example/2025/07/14/night-market-reopens/" {
		t.Fatalf("%d %+v", rec.Code, a)
	}
	steps := []struct{ body, want string }{
		{`{"status": "draft"}`, "draft"}, // unpublish
		{`{"status": "pending"}`, "pending"},
		{`{"status": "draft"}`, "draft"}, // withdraw
		{`{"status": "trashed"}`, "trashed"},
		{`{"status": "draft"}`, "draft"}, // restore
		{`{"status": "published"}`, "published"},
		{`{"status": "published"}`, "published"}, // already there: nothing to do
	}
	for _, s := range steps {
		rec := d.call(t, "PATCH", d.path(content.Article{ID: a.ID}), tok, s.body)
		if got := decode[editorArticle](t, rec); rec.Code != http.StatusOK || got.Status != s.want {
			t.Fatalf("%s: %d %s", s.body, rec.Code, rec.Body)
		}
	}
	if got := d.reread(t, a.ID); got.PublishedAt != deskStart {
		t.Errorf("republishing moved the date to %v", got.PublishedAt)
	}
	schedule := `{"status": "scheduled", "published_at": "2025-08-01T09:00:00Z"}`
	rec = d.call(t, "PATCH", d.path(content.Article{ID: a.ID}), tok, schedule)
	if e := decode[apiError](t, rec); rec.Code != http.StatusConflict || e.Error.Code != "wrong_status" ||
		e.Error.Message != "This article is already published." {
		t.Errorf("scheduling a published article: %d %+v", rec.Code, e.Error)
	}
	d.call(t, "PATCH", d.path(content.Article{ID: a.ID}), tok, `{"status": "draft"}`)
	rec = d.call(t, "PATCH", d.path(content.Article{ID: a.ID}), tok, schedule)
	if e := decode[apiError](t, rec); rec.Code != http.StatusUnprocessableEntity || e.Error.Field != "published_at" ||
		!strings.HasPrefix(e.Error.Message, "This article was first published on July 14, 2025") {
		t.Errorf("scheduling an article that has been public: %d %+v", rec.Code, e.Error)
	}
}

func TestScheduledArticleGoesLiveThroughTheScheduler(t *testing.T) {
	d := newDesk(t)
	rec := d.call(t, "POST", "/api/v1/articles", d.tokens["editor"], map[string]any{
		"title": "Budget vote at nine", "body": "The house votes.", "status": "scheduled", "published_at": "2025-07-14T16:00:00+07:00"})
	a := decode[editorArticle](t, rec)
	if rec.Code != http.StatusCreated || a.Status != "scheduled" || a.PublishedAt == nil || *a.PublishedAt != "2025-07-14T09:00:00Z" {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	public := fmt.Sprintf("/api/v1/articles/%d", a.ID)
	if rec := d.call(t, "GET", public, "", nil); rec.Code != http.StatusNotFound {
		t.Fatalf("before its time the public API answers %d", rec.Code)
	}
	ids, err := d.scheduler.Tick(context.Background())
	if err != nil || len(ids) != 0 {
		t.Fatalf("early tick published %v, %v", ids, err)
	}
	d.clock.Advance(2 * time.Hour)
	ids, err = d.scheduler.Tick(context.Background())
	if err != nil || len(ids) != 1 || ids[0] != a.ID {
		t.Fatalf("tick published %v, %v", ids, err)
	}
	rec = d.call(t, "GET", public, "", nil)
	if got := decode[editorArticle](t, rec); rec.Code != http.StatusOK || got.Status != "published" || *got.PublishedAt != "2025-07-14T09:00:00Z" {
		t.Errorf("after its time: %d %s", rec.Code, rec.Body)
	}
}

func TestSchedulingNeedsATimeInTheFuture(t *testing.T) {
	d := newDesk(t)
	cases := []struct {
		name   string
		body   string
		status int
		field  string
	}{
		{"no time", `{"title": "T", "status": "scheduled"}`, 400, "published_at"},
		{"a time in the past", `{"title": "T", "status": "scheduled", "published_at": "2025-07-14T06:00:00Z"}`, 422, "published_at"},
		{"a time without a zone", `{"title": "T", "status": "scheduled", "published_at": "2025-07-14 16:00"}`, 400, "published_at"},
		{"a time without scheduling", `{"title": "T", "status": "published", "published_at": "2025-07-15T06:00:00Z"}`, 400, "published_at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			rec := d.call(t, "POST", "/api/v1/articles", d.tokens["editor"], tc.body)
			if e := decode[apiError](t, rec); rec.Code != tc.status || e.Error.Field != tc.field || e.Error.Message == "" {
				t.Errorf("%d %+v", rec.Code, e.Error)
			}
		})
	}
	if n := d.count(t, content.StatusDraft); n != 0 {
		t.Errorf("%d drafts were left behind", n)
	}
}

func TestPatchChangesOnlyTheFieldsSent(t *testing.T) {
	d := newDesk(t)
	orig := d.article(t, d.members["author"], content.StatusDraft)
	rec := d.call(t, "PATCH", d.path(orig), d.tokens["author"], `{"excerpt": "A new standfirst.", "tags": ["Rivers"]}`)
	if rec.Code != http.StatusOK {
		t.Fatalf("%d %s", rec.Code, rec.Body)
	}
	got := d.reread(t, orig.ID)
	if got.Excerpt != "A new standfirst." || len(got.Tags) != 1 || got.Title != orig.Title || got.Source != orig.Source ||
		got.Category.ID != d.politics.ID || !got.CommentsOpen || got.Slug != orig.Slug {
		t.Errorf("after the patch: %+v", got)
	}
	rec = d.call(t, "PATCH", d.path(orig), d.tokens["author"], `{"category": null, "tags": null}`)
	if got := d.reread(t, orig.ID); rec.Code != http.StatusOK || got.Category.ID != 0 || len(got.Tags) != 0 {
		t.Errorf("null did not empty: %d %+v", rec.Code, got)
	}
}

func TestVersionConflictKeepsTheNewerText(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.members["author"], content.StatusDraft)
	rec := d.call(t, "GET", d.path(a), d.tokens["author"], nil)
	loaded := decode[editorArticle](t, rec)
	if rec.Header().Get("ETag") != fmt.Sprintf(`"%d"`, loaded.Version) || rec.Header().Get("Cache-Control") != "no-store" {
		t.Fatalf("headers = %v", rec.Header())
	}
	d.clock.Advance(time.Minute)
	rec = d.call(t, "PATCH", d.path(a), d.tokens["editor"], map[string]any{"body": "The editor's text.", "version": loaded.Version})
	if rec.Code != http.StatusOK {
		t.Fatalf("editor's save: %d %s", rec.Code, rec.Body)
	}
	cases := []struct {
		name    string
		body    map[string]any
		ifMatch string
	}{
		{"an old version in the body", map[string]any{"body": "The author's text.", "version": loaded.Version}, ""},
		{"an old ETag in If-Match", map[string]any{"body": "The author's text."}, fmt.Sprintf(`"%d"`, loaded.Version)},
		{"a status change from an old version", map[string]any{"status": "pending", "version": loaded.Version}, ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := d.request(t, "PATCH", d.path(a), d.tokens["author"], tc.body)
			if tc.ifMatch != "" {
				req.Header.Set("If-Match", tc.ifMatch)
			}
			rec := d.serve(req)
			e := decode[apiError](t, rec)
			if rec.Code != http.StatusConflict || e.Error.Code != "conflict" ||
				!strings.HasPrefix(e.Error.Message, "Ana Reyes saved a newer version at 14:06.") {
				t.Errorf("%d %+v", rec.Code, e.Error)
			}
			if got := d.reread(t, a.ID); got.Source != "The editor's text." || got.Status != content.StatusDraft {
				t.Errorf("stored = %q, %s", got.Source, got.Status)
			}
		})
	}
}

func TestDeletingForGood(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.members["author"], content.StatusPublished)
	rec := d.call(t, "DELETE", d.path(a)+"?permanent=true", d.tokens["author"], nil)
	if rec.Code != http.StatusForbidden || d.reread(t, a.ID).Status != content.StatusPublished {
		t.Fatalf("an author's permanent delete: %d, and the article is %s", rec.Code, d.reread(t, a.ID).Status)
	}
	if rec := d.call(t, "DELETE", d.path(a)+"?permanent=maybe", d.tokens["editor"], nil); rec.Code != http.StatusBadRequest {
		t.Errorf("permanent=maybe: %d", rec.Code)
	}
	if rec := d.call(t, "DELETE", d.path(a)+"?permanent=true", d.tokens["editor"], nil); rec.Code != http.StatusNoContent {
		t.Fatalf("editor's permanent delete: %d %s", rec.Code, rec.Body)
	}
	if _, err := d.st.ArticleByID(context.Background(), a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("reading it back: %v", err)
	}
	if rec := d.call(t, "GET", d.path(a), d.tokens["editor"], nil); rec.Code != http.StatusNotFound {
		t.Errorf("GET after deleting: %d", rec.Code)
	}
}

func TestAStepTheStatusRefusesLeavesTheTextAlone(t *testing.T) {
	d := newDesk(t)
	cases := []struct {
		name    string
		status  content.Status
		body    string
		code    int
		message string
	}{
		{"review for a published article", content.StatusPublished, `{"title": "New", "status": "pending"}`, 409,
			"Only a draft can be sent for review; this article is published."},
		{"publishing from the trash", content.StatusTrashed, `{"status": "published"}`, 409,
			"This article is in the trash; restore it first."},
		{"scheduling a published article", content.StatusPublished, `{"title": "New", "status": "scheduled", "published_at": "2025-08-01T00:00:00Z"}`, 409,
			"This article is already published."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := d.article(t, d.members["author"], tc.status)
			rec := d.call(t, "PATCH", d.path(a), d.tokens["editor"], tc.body)
			if e := decode[apiError](t, rec); rec.Code != tc.code || e.Error.Message != tc.message {
				t.Errorf("%d %+v", rec.Code, e.Error)
			}
			if got := d.reread(t, a.ID); got.Title != a.Title || got.Status != a.Status || got.UpdatedAt != a.UpdatedAt {
				t.Errorf("the article changed: %+v", got)
			}
		})
	}
}

// A PATCH that edits and moves is one change: when the move is refused,
// the text is not saved either.
func TestAnEditWhoseMoveIsRefusedSavesNothing(t *testing.T) {
	d := newDesk(t)
	mine := d.article(t, d.members["contributor"], content.StatusDraft)
	before := d.reread(t, mine.ID)
	rec := d.call(t, "PATCH", fmt.Sprintf("/api/v1/articles/%d", mine.ID), d.tokens["contributor"],
		map[string]any{"title": "A new headline", "status": "published"})
	if rec.Code != http.StatusForbidden {
		t.Fatalf("%d %s, want 403", rec.Code, rec.Body)
	}
	after := d.reread(t, mine.ID)
	if after.Title != before.Title || after.Status != content.StatusDraft || !after.UpdatedAt.Equal(before.UpdatedAt) {
		t.Errorf("after a refused PATCH: %q %s %v, want %q draft %v", after.Title, after.Status, after.UpdatedAt, before.Title, before.UpdatedAt)
	}
}

func TestLabelIsTakenAnsweredAndChecked(t *testing.T) {
	d := newDesk(t)
	tok := d.tokens["author"]
	rec := d.call(t, "POST", "/api/v1/articles", tok, map[string]any{"title": "Why the river rose", "label": "explainer"})
	a := decode[struct {
		ID    int64
		Label string
	}](t, rec)
	if rec.Code != http.StatusCreated || a.Label != "explainer" || d.reread(t, a.ID).Label != content.LabelExplainer {
		t.Fatalf("%d %+v", rec.Code, a)
	}
	rec = d.call(t, "POST", "/api/v1/articles", tok, map[string]any{"title": "Plain news"})
	if got := decode[struct{ Label string }](t, rec).Label; got != "news" {
		t.Errorf("an article sent without a label is %q, want news", got)
	}
	rec = d.call(t, "PATCH", fmt.Sprintf("/api/v1/articles/%d", a.ID), tok, map[string]any{"label": "gossip"})
	if e := decode[apiError](t, rec); rec.Code != http.StatusBadRequest || e.Error.Field != "label" ||
		e.Error.Message != "label must be news, analysis, opinion, review, explainer or sponsored." {
		t.Errorf("an unknown label: %d %+v", rec.Code, e.Error)
	}
	if d.reread(t, a.ID).Label != content.LabelExplainer {
		t.Error("a refused label changed the article")
	}
}
