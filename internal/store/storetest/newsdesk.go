package storetest

import (
	"context"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runNewsdesk specifies what makes a newsroom's stories trustworthy to
// readers (issue 17): the label of the kind of work.
func runNewsdesk(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"an article keeps its label through every write, and news is the default", testLabels},
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
