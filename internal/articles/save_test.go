package articles_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Two editors open the same version; the second save is refused with the
// first editor's name and time, and writes nothing.
func TestASaveFromAnOldVersionIsRefused(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	ana, err := d.svc.Open(ctx, d.editor, a.ID)
	must(t, err)
	kit, err := d.svc.Open(ctx, d.author, a.ID)
	must(t, err)

	mine := articles.DraftOf(ana.Article)
	mine.Source = "Ana's version."
	saved, err := d.svc.Save(ctx, d.editor, a.ID, mine, ana.Version)
	must(t, err)
	if saved.Version != ana.Version+1 {
		t.Errorf("version after save = %d, want %d", saved.Version, ana.Version+1)
	}

	d.clock.Advance(3 * time.Minute)
	theirs := articles.DraftOf(kit.Article)
	theirs.Source, theirs.Tags = "Kit's version.", []string{"Lost"}
	_, err = d.svc.Save(ctx, d.author, a.ID, theirs, kit.Version)
	if !errors.Is(err, articles.ErrConflict) {
		t.Fatalf("err = %v, want ErrConflict", err)
	}
	if want := "Ana Reyes saved a newer version at 14:05. Copy your text, reload, and apply your changes again."; err.Error() != want {
		t.Errorf("message = %q\nwant      %q", err.Error(), want)
	}
	got, err := d.svc.Open(ctx, d.author, a.ID)
	must(t, err)
	if got.Source != "Ana's version." || len(got.Tags) != 0 || got.Version != saved.Version {
		t.Errorf("stored = %q tags %v version %d; want Ana's save untouched", got.Source, got.Tags, got.Version)
	}
	revs, err := d.svc.Revisions(ctx, d.author, a.ID)
	must(t, err)
	if len(revs) != 1 {
		t.Errorf("%d revisions, want only Ana's", len(revs))
	}

	// The same member in two windows is told so.
	_, err = d.svc.Save(ctx, d.editor, a.ID, mine, ana.Version)
	if want := "You saved a newer version at 14:05 in another window. Copy your text, reload, and apply your changes again."; err == nil || err.Error() != want {
		t.Errorf("same member: %v", err)
	}
	// A day later the message names the day.
	d.clock.Advance(24 * time.Hour)
	_, err = d.svc.Save(ctx, d.author, a.ID, theirs, kit.Version)
	if want := "Ana Reyes saved a newer version on July 14 at 14:05. Copy your text, reload, and apply your changes again."; err == nil || err.Error() != want {
		t.Errorf("a day later: %v", err)
	}
}

func TestSavingKeepsRevisionsAndRestoresThem(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "First headline", Source: "First text.", Dateline: "BANGKOK"})
	must(t, err)
	d.clock.Advance(time.Minute)
	dr := articles.DraftOf(a.Article)
	dr.Title, dr.Source, dr.Dateline, dr.Note = "Second headline", "Second text.", "", "Rewrote the top"
	a, err = d.svc.Save(ctx, d.editor, a.ID, dr, a.Version)
	must(t, err)

	revs, err := d.svc.Revisions(ctx, d.author, a.ID)
	must(t, err)
	if len(revs) != 2 || revs[0].Note != "Rewrote the top" || revs[0].Author.Name != "Ana Reyes" || revs[1].Note != "Created" {
		t.Fatalf("revisions = %+v", revs)
	}
	first, err := d.svc.Revision(ctx, d.author, a.ID, revs[1].ID)
	must(t, err)
	if first.Source != "First text." || first.Dateline != "BANGKOK" {
		t.Errorf("first revision = %+v", first)
	}

	d.clock.Advance(time.Minute)
	restored, err := d.svc.RestoreRevision(ctx, d.author, a.ID, first.ID, a.Version)
	must(t, err)
	if restored.Title != "First headline" || restored.Source != "First text." || restored.Dateline != "BANGKOK" ||
		restored.Body != "<p>First text.</p>\n" || restored.Version != a.Version+1 {
		t.Errorf("restored = %+v", restored)
	}
	revs, err = d.svc.Revisions(ctx, d.author, a.ID)
	must(t, err)
	if len(revs) != 3 || revs[0].Note != "Restored the version of July 14, 2025 14:05" || revs[0].Title != "First headline" {
		t.Errorf("after restoring: %+v", revs)
	}

	other := d.article(t, d.author, content.StatusDraft)
	if _, err := d.svc.RestoreRevision(ctx, d.author, other.ID, first.ID, 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("restoring another article's revision: err = %v, want ErrNotFound", err)
	}
	changes := articles.Diff(revs[1], revs[0])
	if len(changes.Title) != 3 || changes.Title[0] != (articles.Segment{Op: articles.OpDelete, Text: "Second"}) ||
		changes.Title[1] != (articles.Segment{Op: articles.OpInsert, Text: "First"}) {
		t.Errorf("title diff = %+v", changes.Title)
	}
}

func TestAutosaveNeverChangesAPublishedArticle(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	before := d.reread(t, a.ID)
	dr := articles.DraftOf(before)
	dr.Source = "Half-typed new paragr"
	got, err := d.svc.Autosave(ctx, d.author, a.ID, dr, 1)
	must(t, err)
	after := d.reread(t, a.ID)
	if after.Source != before.Source || after.Body != before.Body || !after.UpdatedAt.Equal(before.UpdatedAt) || got.Version != 1 {
		t.Errorf("the published article changed: %+v", after)
	}
	kept, err := d.svc.Autosaved(ctx, d.author, a.ID)
	must(t, err)
	if kept == nil || kept.Source != "Half-typed new paragr" || !kept.UpdatedAt.Equal(start) {
		t.Fatalf("autosaved = %+v", kept)
	}
	if other, _ := d.svc.Autosaved(ctx, d.editor, a.ID); other != nil {
		t.Errorf("another member sees the autosave: %+v", other)
	}
	if revs, _ := d.svc.Revisions(ctx, d.author, a.ID); len(revs) != 0 {
		t.Errorf("autosave made revisions: %+v", revs)
	}
	dr.Source = "Half-typed new paragraph, finished."
	_, err = d.svc.Save(ctx, d.author, a.ID, dr, 1)
	must(t, err)
	if kept, _ := d.svc.Autosaved(ctx, d.author, a.ID); kept != nil {
		t.Errorf("a save left the autosave behind: %+v", kept)
	}

	// Text autosaved before someone else's save is not offered back.
	_, err = d.svc.Autosave(ctx, d.author, a.ID, dr, 2)
	must(t, err)
	d.clock.Advance(time.Minute)
	_, err = d.svc.AddCorrection(ctx, d.editor, a.ID, articles.CorrectionDraft{Text: "A date was wrong."})
	must(t, err)
	if kept, _ := d.svc.Autosaved(ctx, d.author, a.ID); kept != nil {
		t.Errorf("an autosave older than the article is offered: %+v", kept)
	}
}

func TestAutosaveOfADraftCoalescesRevisions(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "Typing", Source: "T"})
	must(t, err)
	version := a.Version
	text := "T"
	for range 30 { // 30 autosaves, 30 seconds apart: 15 minutes of typing
		d.clock.Advance(30 * time.Second)
		text += "y"
		dr := articles.DraftOf(a.Article)
		dr.Source = text
		got, err := d.svc.Autosave(ctx, d.author, a.ID, dr, version)
		must(t, err)
		if got.Source != text || got.Version != version+1 {
			t.Fatalf("autosave returned %q version %d", got.Source, got.Version)
		}
		version = got.Version
	}
	revs, err := d.svc.Revisions(ctx, d.author, a.ID)
	must(t, err)
	var autosaves []time.Time
	for _, r := range revs {
		if r.Autosave {
			autosaves = append(autosaves, r.CreatedAt)
		}
	}
	// Created at 14:05; autosave revisions begun at 14:05:30 and, ten
	// minutes on, 14:15:30.
	if len(revs) != 3 || len(autosaves) != 2 || !autosaves[0].Equal(start.Add(630*time.Second)) || !autosaves[1].Equal(start.Add(30*time.Second)) {
		t.Errorf("revisions = %+v", revs)
	}
	last, err := d.svc.Revision(ctx, d.author, a.ID, revs[0].ID)
	must(t, err)
	if last.Source != text {
		t.Errorf("latest autosave revision holds %q, want %q", last.Source, text)
	}
}

func TestAutosaveKeepsTextItCannotSaveInPlace(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	cases := []struct {
		name     string
		edit     func(dr *articles.Draft)
		version  int
		conflict bool
	}{
		{"a blank headline while typing", func(dr *articles.Draft) { dr.Title, dr.Source = "", "Body first" }, 1, false},
		{"a draft someone else saved meanwhile", func(dr *articles.Draft) { dr.Source = "My text" }, 0, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := d.article(t, d.author, content.StatusDraft)
			dr := articles.DraftOf(a)
			tc.edit(&dr)
			_, err := d.svc.Autosave(ctx, d.author, a.ID, dr, tc.version)
			if tc.conflict != errors.Is(err, articles.ErrConflict) {
				t.Fatalf("err = %v, conflict expected: %v", err, tc.conflict)
			}
			if !tc.conflict {
				must(t, err)
			}
			if got := d.reread(t, a.ID); got.Source != a.Source || got.Title != a.Title {
				t.Errorf("the draft changed: %+v", got)
			}
			kept, err := d.svc.Autosaved(ctx, d.author, a.ID)
			must(t, err)
			if kept == nil || kept.Source != dr.Source || kept.Title != dr.Title {
				t.Errorf("kept = %+v", kept)
			}
			must(t, d.svc.DiscardAutosave(ctx, d.author, a.ID))
			if kept, _ := d.svc.Autosaved(ctx, d.author, a.ID); kept != nil {
				t.Errorf("discarded autosave still there")
			}
		})
	}
}

// A body the renderer refuses is the writer's to fix: a message on the
// body, as for any other field, never a failure of the newsroom.
func TestABodyOverTheMarkdownLimitIsAFieldError(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	long := strings.Repeat("The river rose. ", content.MaxMarkdown/16+1)
	_, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "Long", Source: long})
	if got := refusal(err, "body"); got != content.MarkdownTooLong {
		t.Fatalf("create: %v, want the body error %q", err, content.MarkdownTooLong)
	}
	a, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "Short", Source: "The river rose."})
	must(t, err)
	_, err = d.svc.Autosave(ctx, d.author, a.ID, articles.Draft{Title: "Short", Source: long}, a.Version)
	if got := refusal(err, "body"); got != content.MarkdownTooLong {
		t.Fatalf("autosave: %v, want the body error %q", err, content.MarkdownTooLong)
	}
	if got := d.reread(t, a.ID); got.Source != "The river rose." {
		t.Errorf("the refused autosave changed the article: %.40q", got.Source)
	}
}
