package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store"
)

// testImageSearch specifies store.Media.Images: keyset pages newest first
// both ways, and a search for words anywhere in a picture's alt text,
// caption or file name, whatever the case, in any script.
func testImageSearch(t *testing.T, st store.Store) {
	ctx := context.Background()
	add := func(name, alt, caption string) int64 {
		t.Helper()
		im := content.Image{Name: "2026/12/" + name, Ext: ".jpg", Width: 640, Height: 480, Alt: alt, Caption: caption}
		must(t, st.CreateImage(ctx, &im))
		return im.ID
	}
	boats := add("chao-phraya-abc123", "Longtail boats at dawn", "Ferries cross the river")
	market := add("market-def456", "A floating market", "ตลาดน้ำดำเนินสะดวก in Ratchaburi")
	umbrella := add("umbrella-789abc", "A red umbrella in the rain", "Riverboats wait out the STORM by the ÉCOLE")
	quoted := add("odd-000111", `100% "quoted_words" \ here`, "")
	var all []int64
	for i := range 7 {
		all = append(all, add(fmt.Sprintf("filler-%02d", i), fmt.Sprintf("Filler picture %d", i), ""))
	}
	newestFirst := append([]int64{boats, market, umbrella, quoted}, all...)
	slices.Reverse(newestFirst)

	ids := func(q store.ImageQuery) []int64 {
		t.Helper()
		list, err := st.Images(ctx, q)
		must(t, err)
		out := []int64{}
		for _, im := range list {
			out = append(out, im.ID)
		}
		return out
	}
	cases := []struct {
		name string
		q    store.ImageQuery
		want []int64
	}{
		{"the first page is the newest", store.ImageQuery{Limit: 3}, newestFirst[:3]},
		{"the next page starts after the last one seen", store.ImageQuery{Limit: 3, Before: newestFirst[2]}, newestFirst[3:6]},
		{"the page before ends just before the first one seen, newest first", store.ImageQuery{Limit: 3, After: newestFirst[6]}, newestFirst[3:6]},
		{"the page before the second is the first", store.ImageQuery{Limit: 3, After: newestFirst[3]}, newestFirst[:3]},
		{"past the oldest there is nothing", store.ImageQuery{Limit: 3, Before: boats}, []int64{}},
		{"a word of the alt text", store.ImageQuery{Text: "longtail", Limit: 10}, []int64{boats}},
		{"a word of the caption, whatever its case", store.ImageQuery{Text: "storm", Limit: 10}, []int64{umbrella}},
		{"a word of the file name", store.ImageQuery{Text: "chao phraya", Limit: 10}, []int64{boats}},
		{"a word in capitals beyond ASCII", store.ImageQuery{Text: "école", Limit: 10}, []int64{umbrella}},
		{"part of a word", store.ImageQuery{Text: "river", Limit: 10}, []int64{umbrella, boats}},
		{"every word must be there", store.ImageQuery{Text: "river dawn", Limit: 10}, []int64{boats}},
		{"Thai inside a run without spaces", store.ImageQuery{Text: "ดำเนิน", Limit: 10}, []int64{market}},
		{"a search pages too", store.ImageQuery{Text: "filler", Limit: 2, Before: all[5]}, []int64{all[4], all[3]}},
		{"a search's page before", store.ImageQuery{Text: "filler", Limit: 2, After: all[1]}, []int64{all[3], all[2]}},
		{"quotes and LIKE's wildcards are words, not syntax", store.ImageQuery{Text: `"quoted_words" 100%`, Limit: 10}, []int64{quoted}},
		{"a wildcard alone finds nothing", store.ImageQuery{Text: "%%%", Limit: 10}, []int64{}},
		{"words shorter than three characters find nothing", store.ImageQuery{Text: "a ox", Limit: 10}, []int64{}},
		{"no picture holds it", store.ImageQuery{Text: "elephant", Limit: 10}, []int64{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := ids(tc.q); !slices.Equal(got, tc.want) {
				t.Errorf("Images(%+v) = %v, want %v", tc.q, got, tc.want)
			}
		})
	}

	// Many at once: every one stored and numbered in order, or none.
	bulk := make([]content.Image, 300) // more than one INSERT of PostgreSQL's (250 rows)
	for i := range bulk {
		bulk[i] = content.Image{Name: fmt.Sprintf("2026/12/bulk-%04d", i), Ext: ".png", Width: 10, Height: 10, Alt: fmt.Sprintf("Bulk %d", i)}
	}
	must(t, st.CreateImages(ctx, bulk))
	for i, im := range bulk {
		if got, err := st.ImageByID(ctx, im.ID); err != nil || got.Name != im.Name || (i > 0 && im.ID <= bulk[i-1].ID) {
			t.Fatalf("bulk picture %d: id %d, %+v, %v", i, im.ID, got, err)
		}
	}
	before, err := st.CountImages(ctx)
	must(t, err)
	again := []content.Image{{Name: "2026/12/fresh", Ext: ".png", Width: 1, Height: 1}, {Name: bulk[0].Name, Ext: ".png", Width: 1, Height: 1}}
	if err := st.CreateImages(ctx, again); !errors.Is(err, store.ErrConflict) || again[0].ID != 0 {
		t.Errorf("a taken name in bulk: err = %v, first id %d; want ErrConflict and none", err, again[0].ID)
	}
	if after, err := st.CountImages(ctx); err != nil || after != before {
		t.Errorf("a refused bulk stored %d pictures", after-before)
	}

	// Changed words are found at once, the old ones no more.
	must(t, st.UpdateImageText(ctx, umbrella, "Umbrellas on Silom Road", "Commuters in the rain", ""))
	if got := ids(store.ImageQuery{Text: "storm", Limit: 10}); len(got) != 0 {
		t.Errorf("the old caption is still found: %v", got)
	}
	if got := ids(store.ImageQuery{Text: "silom", Limit: 10}); !slices.Equal(got, []int64{umbrella}) {
		t.Errorf("the new alt text: %v", got)
	}
}
