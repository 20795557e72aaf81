package site_test

import (
	"context"
	"fmt"
	"testing"
)

func TestHomePageShowsMostRead(t *testing.T) {
	n := newNewsroom(t)
	if first(n.page(t, "/"), "section.most-read") != nil {
		t.Error("a most-read block with nothing read")
	}

	n2 := newNewsroom(t)
	ctx := context.Background()
	must(t, n2.st.AddViews(ctx, map[int64]int{n2.kremlin.ID: 40, n2.thai.ID: 90}, "2025-07-14"))
	must(t, n2.st.AddViews(ctx, map[int64]int{n2.kremlin.ID: 70}, "2025-07-10"))
	must(t, n2.st.AddViews(ctx, map[int64]int{n2.hostile.ID: 999}, "2025-07-01")) // older than a week
	must(t, n2.st.AddViews(ctx, map[int64]int{n2.draft.ID: 500}, "2025-07-14"))   // never public
	doc := n2.page(t, "/")
	block := first(doc, "section.most-read")
	if block == nil {
		t.Fatal("no most-read block")
	}
	got := texts(all(block, ".headline-link"))
	if fmt.Sprint(got) != fmt.Sprint([]string{n2.kremlin.Title, n2.thai.Title}) {
		t.Errorf("most read = %q", got)
	}
	if first(doc, "#most-read-heading") == nil || text(first(doc, "#most-read-heading")) != "Most read" {
		t.Error("the block has no heading")
	}
}
