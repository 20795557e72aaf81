package api_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"dateline/internal/content"
)

// correction puts a correction on a, as the store keeps it.
func (d *desk) correction(t *testing.T, a content.Article) content.Correction {
	t.Helper()
	c := content.Correction{ArticleID: a.ID, Kind: content.KindCorrection, Text: "The bridge is in Nonthaburi.", CreatedAt: d.clock.Now()}
	must(t, d.st.AddCorrection(context.Background(), &c))
	return c
}

type correctionAnswer struct {
	ID        int64
	Kind      string
	Text      string
	CreatedAt string `json:"created_at"`
	UpdatedAt string `json:"updated_at"`
	History   []struct {
		Kind, Text string
		ChangedBy  struct{ ID int64 } `json:"changed_by"`
	}
}

func TestCorrectionsAreAddedRewordedWithHistoryAndListed(t *testing.T) {
	d := newDesk(t)
	a := d.article(t, d.members["author"], content.StatusPublished)
	tok := d.tokens["author"]
	rec := d.call(t, "POST", d.path(a)+"/corrections", tok, map[string]any{"kind": "clarification", "text": "  The mayor\nspoke on Monday. "})
	c := decode[correctionAnswer](t, rec)
	if rec.Code != http.StatusCreated || c.Kind != "clarification" || c.Text != "The mayor spoke on Monday." || c.CreatedAt == "" {
		t.Fatalf("%d %+v", rec.Code, c)
	}
	for _, tc := range []struct {
		name  string
		body  any
		field string
	}{
		{"no words", map[string]any{"kind": "correction"}, "text"},
		{"an unknown kind", map[string]any{"kind": "retraction", "text": "x"}, "kind"},
		{"too many words", map[string]any{"text": string(make([]byte, 1001))}, "text"},
	} {
		rec := d.call(t, "POST", d.path(a)+"/corrections", tok, tc.body)
		if e := decode[apiError](t, rec); rec.Code != http.StatusUnprocessableEntity || e.Error.Field != tc.field {
			t.Errorf("%s: %d %+v", tc.name, rec.Code, e.Error)
		}
	}
	path := fmt.Sprintf("%s/corrections/%d", d.path(a), c.ID)
	rec = d.call(t, "PATCH", path, d.tokens["editor"], map[string]any{"text": "The mayor spoke on Tuesday."})
	edited := decode[correctionAnswer](t, rec)
	if rec.Code != http.StatusOK || edited.Text != "The mayor spoke on Tuesday." || edited.Kind != "clarification" ||
		len(edited.History) != 1 || edited.History[0].Text != "The mayor spoke on Monday." || edited.History[0].ChangedBy.ID != d.members["editor"].ID {
		t.Fatalf("%d %+v", rec.Code, edited)
	}
	if rec := d.call(t, "PATCH", fmt.Sprintf("%s/corrections/%d", d.path(d.article(t, d.members["author"], content.StatusPublished)), c.ID),
		tok, map[string]any{"text": "x"}); rec.Code != http.StatusNotFound {
		t.Errorf("rewording it through another article = %d, want 404", rec.Code)
	}

	draft := d.article(t, d.members["author"], content.StatusDraft)
	rec = d.call(t, "POST", d.path(draft)+"/corrections", tok, map[string]any{"text": "Too early."})
	if e := decode[apiError](t, rec); rec.Code != http.StatusConflict || e.Error.Code != "wrong_status" {
		t.Errorf("correcting a draft: %d %+v, want 409 wrong_status", rec.Code, e.Error)
	}

	list := decode[struct{ Items []correctionAnswer }](t, d.call(t, "GET", d.path(a)+"/corrections", "", nil))
	if len(list.Items) != 1 || list.Items[0].Text != "The mayor spoke on Tuesday." || len(list.Items[0].History) != 0 {
		t.Errorf("readers see %+v (no history)", list.Items)
	}
	list = decode[struct{ Items []correctionAnswer }](t, d.call(t, "GET", d.path(a)+"/corrections", tok, nil))
	if len(list.Items) != 1 || len(list.Items[0].History) != 1 {
		t.Errorf("its author sees %+v (with the history)", list.Items)
	}
	article := decode[struct{ Corrections []correctionAnswer }](t, d.call(t, "GET", d.path(a), "", nil))
	if len(article.Corrections) != 1 || article.Corrections[0].Kind != "clarification" {
		t.Errorf("the article's answer carries %+v", article.Corrections)
	}
}
