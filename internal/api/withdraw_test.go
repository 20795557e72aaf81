package api_test

import (
	"net/http"
	"strings"
	"testing"

	"dateline/internal/content"
)

type withdrawnAnswer struct {
	Status          string
	WithdrawnNotice string `json:"withdrawn_notice"`
}

// Only editors and admins withdraw a story, even the writer's own; the
// answer and the member's reading of it carry the status and notice,
// while readers find nothing.
func TestOnlyEditorsWithdrawAStoryWithANotice(t *testing.T) {
	d := newDesk(t)
	for _, tc := range []struct {
		role string
		want int
	}{
		{"contributor", http.StatusForbidden},
		{"author", http.StatusForbidden}, // the article is the author's own
		{"editor", http.StatusOK},
		{"admin", http.StatusOK},
	} {
		a := d.article(t, d.members["author"], content.StatusPublished)
		rec := d.call(t, "POST", d.path(a)+"/withdraw", d.tokens[tc.role], map[string]any{"notice": "It named the wrong man."})
		if rec.Code != tc.want {
			t.Errorf("%s withdrawing: %d, want %d: %s", tc.role, rec.Code, tc.want, rec.Body)
			continue
		}
		got := decode[withdrawnAnswer](t, d.call(t, "GET", d.path(a), d.tokens["editor"], nil))
		if tc.want != http.StatusOK {
			if got.Status != "published" {
				t.Errorf("%s was refused, yet the article is %q", tc.role, got.Status)
			}
			continue
		}
		if got.Status != "withdrawn" || got.WithdrawnNotice != "It named the wrong man." {
			t.Errorf("after %s withdrew it, the article reads %+v", tc.role, got)
		}
		if rec := d.call(t, "GET", d.path(a), "", nil); rec.Code != http.StatusNotFound {
			t.Errorf("readers asking for it: %d, want 404", rec.Code)
		}
		list := decode[struct{ Items []struct{ ID int64 } }](t, d.call(t, "GET", "/api/v1/articles", "", nil))
		for _, x := range list.Items {
			if x.ID == a.ID {
				t.Errorf("the public list still has the withdrawn article")
			}
		}
	}
	if rec := d.call(t, "POST", d.path(d.article(t, d.members["author"], content.StatusPublished))+"/withdraw", "", map[string]any{"notice": "x"}); rec.Code != http.StatusUnauthorized {
		t.Errorf("without a token: %d, want 401", rec.Code)
	}
}

func TestAWithdrawalNeedsABoundedNoticeAndAPublishedArticle(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.members["author"], content.StatusPublished)
	tok := d.tokens["editor"]
	for _, tc := range []struct {
		name string
		body any
	}{
		{"no notice", map[string]any{}},
		{"a blank notice", map[string]any{"notice": "  \n "}},
		{"a notice too long", map[string]any{"notice": strings.Repeat("é", 1001)}},
	} {
		rec := d.call(t, "POST", d.path(a)+"/withdraw", tok, tc.body)
		if e := decode[apiError](t, rec); rec.Code != http.StatusUnprocessableEntity || e.Error.Field != "notice" {
			t.Errorf("%s: %d %+v, want 422 on notice", tc.name, rec.Code, e.Error)
		}
	}
	if got := decode[withdrawnAnswer](t, d.call(t, "GET", d.path(a), tok, nil)); got.Status != "published" {
		t.Errorf("refused withdrawals left it %q", got.Status)
	}
	draft := d.article(t, d.members["author"], content.StatusDraft)
	rec := d.call(t, "POST", d.path(draft)+"/withdraw", tok, map[string]any{"notice": "Never out."})
	if e := decode[apiError](t, rec); rec.Code != http.StatusConflict || e.Error.Code != "wrong_status" {
		t.Errorf("withdrawing a draft: %d %+v, want 409 wrong_status", rec.Code, e.Error)
	}
	// A notice of exactly the limit, in letters of two bytes, is taken.
	rec = d.call(t, "POST", d.path(a)+"/withdraw", tok, map[string]any{"notice": strings.Repeat("é", 1000)})
	if rec.Code != http.StatusOK {
		t.Errorf("a notice of 1,000 characters: %d %s", rec.Code, rec.Body)
	}
	// The writer can no longer bring it back.
	rec = d.call(t, "PATCH", d.path(a), d.tokens["author"], map[string]any{"status": "published"})
	if rec.Code != http.StatusForbidden {
		t.Errorf("its author republishing it: %d, want 403", rec.Code)
	}
}
