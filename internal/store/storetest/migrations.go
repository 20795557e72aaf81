package storetest

import (
	"context"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// OldCorrectionNotes is an article's free-text corrections note as the
// newsroom kept it before corrections were records (a line each), with a
// blank line between, which is no correction.
const OldCorrectionNotes = "Correction (July 14, 2025 10:05): The minister's name was misspelt.\n\nUpdate (July 14, 2025 12:30): Talks moved to Friday."

// CheckConvertedCorrections checks what the corrections migration made of
// OldCorrectionNotes on article id, last changed at updated: a correction
// record for each line, in order, dated by the article's last change,
// with no history, on the corrections page.
func CheckConvertedCorrections(t *testing.T, st store.Store, id int64, updated time.Time) {
	t.Helper()
	ctx := context.Background()
	a, err := st.ArticleByID(ctx, id)
	if err != nil {
		t.Fatalf("the article after the migration: %v", err)
	}
	want := []string{"Correction (July 14, 2025 10:05): The minister's name was misspelt.", "Update (July 14, 2025 12:30): Talks moved to Friday."}
	if len(a.Corrections) != len(want) {
		t.Fatalf("the note became %d corrections (%+v), want %d, a line each", len(a.Corrections), a.Corrections, len(want))
	}
	for i, c := range a.Corrections {
		if c.Text != want[i] || c.Kind != content.KindCorrection || !c.CreatedAt.Equal(updated) || !c.UpdatedAt.Equal(updated) {
			t.Errorf("correction %d = %q (%s) at %v/%v, want %q, a correction, at the article's last change %v",
				i, c.Text, c.Kind, c.CreatedAt, c.UpdatedAt, want[i], updated)
		}
		history, err := st.CorrectionHistory(ctx, c.ID)
		if err != nil || len(history) != 0 {
			t.Errorf("correction %d has a history of %d wordings (%v), want none", i, len(history), err)
		}
	}
	list, err := st.RecentCorrections(ctx, 10, 0)
	if err != nil || len(list) != 2 || list[0].Article == nil || list[0].Article.ID != id {
		t.Errorf("the corrections page lists %+v (%v), want the article's two", list, err)
	}
}
