package storetest

import (
	"context"
	"errors"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runNewsdesk specifies what makes a newsroom's stories trustworthy to
// readers (issue 17): the label of the kind of work, and corrections.
func runNewsdesk(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"an article keeps its label through every write, and news is the default", testLabels},
		{"corrections are dated, listed oldest first on their article and move its updated time", testCorrections},
		{"a correction's changed words keep the words they replaced", testCorrectionHistory},
		{"the corrections page lists published articles' corrections newest first", testRecentCorrections},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

func testLabels(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	plain := f.post(t, st, "Plain news", 1)
	opinion := f.post(t, st, "A view", 2, func(a *content.Article) { a.Label = content.LabelOpinion })
	got, err := st.ArticleByID(ctx, plain.ID)
	must(t, err)
	if got.Label != content.LabelNews {
		t.Errorf("an article stored without a label has %q, want news", got.Label)
	}
	list, err := st.PublishedArticles(ctx, store.ArticleQuery{})
	must(t, err)
	labels := map[string]content.Label{}
	for _, a := range list {
		labels[a.Title] = a.Label
	}
	if labels["A view"] != content.LabelOpinion || labels["Plain news"] != content.LabelNews {
		t.Errorf("the list form carries labels %v", labels)
	}
	opinion.Label = content.LabelReview
	must(t, st.UpdateArticle(ctx, &opinion))
	if got, _ := st.ArticleByID(ctx, opinion.ID); got.Label != content.LabelReview {
		t.Errorf("after UpdateArticle the label is %q, want review", got.Label)
	}
	v, err := st.ArticleVersion(ctx, opinion.ID)
	must(t, err)
	opinion.Label = content.LabelSponsored
	must(t, st.ChangeArticle(ctx, store.ArticleChange{ID: opinion.ID, Version: v, Content: &opinion}))
	if got, _ := st.ArticleByID(ctx, opinion.ID); got.Label != content.LabelSponsored {
		t.Errorf("after a versioned save the label is %q, want sponsored", got.Label)
	}
}

func correct(t *testing.T, st store.Store, by content.User, a content.Article, kind content.CorrectionKind, text string, at time.Time) content.Correction {
	t.Helper()
	c := content.Correction{ArticleID: a.ID, Kind: kind, Text: text, CreatedAt: at, By: by}
	must(t, st.AddCorrection(context.Background(), &c))
	if c.ID == 0 {
		t.Fatal("AddCorrection set no ID")
	}
	return c
}

func testCorrections(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Dam opens", 1)
	first := correct(t, st, f.other, a, content.KindCorrection, "The dam is on the Ping, not the Wang.", base.Add(5*time.Hour))
	correct(t, st, f.author, a, content.KindUpdate, "The gates closed at noon.", base.Add(6*time.Hour))
	for _, get := range []func() (content.Article, error){
		func() (content.Article, error) { return st.ArticleByID(ctx, a.ID) },
		func() (content.Article, error) { return st.ArticleBySlug(ctx, a.Slug) },
	} {
		got, err := get()
		must(t, err)
		if len(got.Corrections) != 2 {
			t.Fatalf("article has %d corrections, want 2", len(got.Corrections))
		}
		c := got.Corrections[0]
		if c.ID != first.ID || c.Kind != content.KindCorrection || c.Text != "The dam is on the Ping, not the Wang." ||
			!c.CreatedAt.Equal(base.Add(5*time.Hour)) || !c.UpdatedAt.Equal(c.CreatedAt) || c.By.ID != f.other.ID || c.By.Name != f.other.Name {
			t.Errorf("first correction = %+v", c)
		}
		if got.Corrections[1].Kind != content.KindUpdate {
			t.Errorf("second correction = %+v", got.Corrections[1])
		}
		if !got.UpdatedAt.Equal(base.Add(6 * time.Hour)) {
			t.Errorf("the article was updated at %v, want the last correction's time", got.UpdatedAt)
		}
	}
	err := st.AddCorrection(ctx, &content.Correction{ArticleID: 99999, Kind: content.KindCorrection, Text: "x", CreatedAt: base})
	if !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a correction of a missing article: %v, want ErrNotFound", err)
	}
	if _, err := st.CorrectionByID(ctx, 99999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("CorrectionByID(99999): %v, want ErrNotFound", err)
	}
	if err := st.EditCorrection(ctx, content.Correction{ID: 99999, Kind: content.KindUpdate, Text: "x", UpdatedAt: base}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("EditCorrection(99999): %v, want ErrNotFound", err)
	}
}

func testCorrectionHistory(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Budget passes", 1)
	c := correct(t, st, f.author, a, content.KindCorrection, "The vote was 50 to 40.", base.Add(2*time.Hour))
	for i, text := range []string{"The vote was 51 to 40.", "The vote was 51 to 41."} {
		edit := c
		edit.Kind, edit.Text, edit.UpdatedAt, edit.By = content.KindClarification, text, base.Add(time.Duration(3+i)*time.Hour), f.other
		must(t, st.EditCorrection(ctx, edit))
	}
	got, err := st.CorrectionByID(ctx, c.ID)
	must(t, err)
	if got.Text != "The vote was 51 to 41." || got.Kind != content.KindClarification || !got.UpdatedAt.Equal(base.Add(4*time.Hour)) ||
		!got.CreatedAt.Equal(c.CreatedAt) || got.By.ID != f.author.ID {
		t.Errorf("edited correction = %+v (its writer stays who wrote it)", got)
	}
	history, err := st.CorrectionHistory(ctx, c.ID)
	must(t, err)
	if len(history) != 2 || history[0].Text != "The vote was 50 to 40." || history[0].Kind != content.KindCorrection ||
		history[0].ChangedBy.ID != f.other.ID || !history[0].ChangedAt.Equal(base.Add(3*time.Hour)) ||
		history[1].Text != "The vote was 51 to 40." || history[1].Kind != content.KindClarification {
		t.Errorf("history = %+v", history)
	}
	if art, _ := st.ArticleByID(ctx, a.ID); !art.UpdatedAt.Equal(base.Add(4 * time.Hour)) {
		t.Errorf("the article was updated at %v, want the last edit's time", art.UpdatedAt)
	}
}

func testRecentCorrections(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	old := f.post(t, st, "Old story", 1)
	recent := f.post(t, st, "Recent story", 2)
	hidden := f.post(t, st, "Unpublished story", 3)
	correct(t, st, f.author, old, content.KindCorrection, "A name.", base.Add(10*time.Hour))
	correct(t, st, f.author, hidden, content.KindCorrection, "Hidden.", base.Add(11*time.Hour))
	correct(t, st, f.author, recent, content.KindUpdate, "A figure.", base.Add(12*time.Hour))
	correct(t, st, f.author, old, content.KindClarification, "A place.", base.Add(13*time.Hour))
	must(t, st.MoveArticle(ctx, store.Move{ID: hidden.ID, From: content.StatusPublished, To: content.StatusDraft, UpdatedAt: base.Add(14 * time.Hour)}))
	list, err := st.RecentCorrections(ctx, 2, 0)
	must(t, err)
	if len(list) != 2 || list[0].Text != "A place." || list[1].Text != "A figure." {
		t.Fatalf("first page = %+v", list)
	}
	if a := list[1].Article; a == nil || a.ID != recent.ID || a.Title != "Recent story" || a.Slug != recent.Slug ||
		a.Kind != content.KindPost || !a.PublishedAt.Equal(recent.PublishedAt) {
		t.Errorf("the listed article = %+v", list[1].Article)
	}
	list, err = st.RecentCorrections(ctx, 2, 2)
	must(t, err)
	if len(list) != 1 || list[0].Text != "A name." {
		t.Errorf("second page = %+v (an unpublished article's corrections are not listed)", list)
	}
}
