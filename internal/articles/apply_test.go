package articles_test

import (
	"context"
	"errors"
	"slices"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// racing is a store in which another editor sends the article for review
// between the workflow's checks and its write.
type racing struct {
	articles.Store
	once bool
}

func (r *racing) ChangeArticle(ctx context.Context, c store.ArticleChange) error {
	if !r.once {
		r.once = true
		err := r.Store.MoveArticle(ctx, store.Move{ID: c.ID, From: content.StatusDraft, To: content.StatusPending, UpdatedAt: start})
		if err != nil {
			return err
		}
	}
	return r.Store.ChangeArticle(ctx, c)
}

func TestAnEditWhoseStepIsRefusedLeavesTheArticleAsItWas(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusDraft)
	before, err := d.svc.Open(ctx, d.author, a.ID)
	must(t, err)
	feed, seen := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(seen.Record)
	svc := articles.New(articles.Config{Store: &racing{Store: d.st}, Now: d.clock.Now, Changes: feed})

	draft := articles.DraftOf(a)
	draft.Title, draft.Source = "Floods close 40 schools", "BANGKOK — Forty schools closed."
	_, err = svc.Apply(ctx, d.author, a.ID, articles.Change{Draft: &draft, Version: before.Version, Step: articles.StepPublish})
	if !errors.Is(err, articles.ErrConflict) {
		t.Fatalf("err = %v, want a conflict: the article moved meanwhile", err)
	}
	after, err := d.svc.Open(ctx, d.author, a.ID)
	must(t, err)
	if after.Title != before.Title || after.Source != before.Source || after.Version != before.Version ||
		after.Status != content.StatusPending || !after.PublishedAt.IsZero() {
		t.Errorf("after the refused change: %q v%d %s %v; want the text and version as before (%q v%d)",
			after.Title, after.Version, after.Status, after.PublishedAt, before.Title, before.Version)
	}
	if got := seen.Take(); len(got) != 0 {
		t.Errorf("a refused change announced %+v", got)
	}
}

func TestAnEditAndAStepAreOneChange(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	feed, seen := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(seen.Record)
	d.svc = articles.New(articles.Config{Store: d.st, Now: d.clock.Now, Changes: feed})
	a := d.article(t, d.author, content.StatusDraft)
	cur, err := d.svc.Open(ctx, d.author, a.ID)
	must(t, err)
	draft := articles.DraftOf(a)
	draft.Title = "Harbour reopens"
	got, err := d.svc.Apply(ctx, d.author, a.ID, articles.Change{Draft: &draft, Version: cur.Version, Step: articles.StepPublish})
	must(t, err)
	if got.Title != "Harbour reopens" || got.Status != content.StatusPublished || got.Version != cur.Version+1 || !got.PublishedAt.Equal(start) {
		t.Errorf("after the change: %q %s v%d at %v", got.Title, got.Status, got.Version, got.PublishedAt)
	}
	events := seen.Take()
	if len(events) != 1 || events[0].Action != "publish" || !slices.Contains(events[0].Tags, changes.Home) ||
		!slices.Contains(events[0].Tags, changes.Section(d.politics.Slug)) {
		t.Errorf("announced %+v, want one publish event with the home page and its section", events)
	}
}

func TestANewArticleIsCreatedInTheStatusAskedFor(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	at := start.Add(2 * time.Hour)
	draft := articles.Draft{Title: "Budget vote at noon", Source: "The vote is at noon.", CategoryID: d.politics.ID}
	got, err := d.svc.Apply(ctx, d.author, 0, articles.Change{Draft: &draft, Step: articles.StepSchedule, At: at})
	must(t, err)
	if got.Status != content.StatusScheduled || !got.PublishedAt.Equal(at) || got.Version != 1 {
		t.Errorf("created %s at %v v%d, want scheduled at %v", got.Status, got.PublishedAt, got.Version, at)
	}
	// A contributor may not publish: nothing is created.
	n, err := d.st.StatusCounts(ctx, 0)
	must(t, err)
	_, err = d.svc.Apply(ctx, d.contributor, 0, articles.Change{Draft: &draft, Step: articles.StepPublish})
	if !errors.Is(err, articles.ErrForbidden) {
		t.Fatalf("a contributor publishing: err = %v", err)
	}
	if m, _ := d.st.StatusCounts(ctx, 0); !mapsEqual(n, m) {
		t.Errorf("a refused creation stored something: %v, then %v", n, m)
	}
}

func mapsEqual(a, b map[content.Status]int) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestStepToNamesTheWorkflowsStep(t *testing.T) {
	for _, tc := range []struct {
		from, to content.Status
		want     articles.Step
	}{
		{content.StatusDraft, "", ""},
		{content.StatusDraft, content.StatusDraft, ""},
		{content.StatusDraft, content.StatusPending, articles.StepSubmit},
		{content.StatusPending, content.StatusDraft, articles.StepWithdraw},
		{content.StatusTrashed, content.StatusDraft, articles.StepRestore},
		{content.StatusPublished, content.StatusDraft, articles.StepUnpublish},
		{content.StatusScheduled, content.StatusDraft, articles.StepUnpublish},
		{content.StatusDraft, content.StatusPublished, articles.StepPublish},
		{content.StatusScheduled, content.StatusScheduled, articles.StepSchedule},
		{content.StatusPublished, content.StatusTrashed, articles.StepTrash},
	} {
		if got := articles.StepTo(tc.from, tc.to); got != tc.want {
			t.Errorf("StepTo(%s, %s) = %q, want %q", tc.from, tc.to, got, tc.want)
		}
	}
}
