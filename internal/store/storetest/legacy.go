package storetest

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"dateline/internal/store"
)

// runLegacy specifies the legacy links of imported WordPress sites.
func runLegacy(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"a legacy link round-trips and is found by id and by old address", testLegacyRoundTrip},
		{"saving a link again replaces it", testLegacyReplace},
		{"the site imported last wins an id or an address two sites share", testLegacyTwoSites},
		{"the importer finds a batch of links by id and by guid", testLegacyBatch},
		{"an attachment's file and its page are two links of one id", testLegacyAttachment},
		{"unknown ids, addresses and kinds are refused or not found", testLegacyNotFound},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

const oldSite = "https://old.example"

func testLegacyRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	want := store.LegacyLink{Source: oldSite, Kind: store.LegacyPost, WPID: 12, ID: 7,
		Path: "https://old.example/2019/03/04/%E0%B8%99%E0%B9%89%E0%B8%B3/", GUID: "https://old.example/?p=12",
		Fingerprint: "f1", ImportedAt: base}
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{want}))
	want.Path = "/2019/03/04/น้ำ"

	got, err := st.LegacyByID(ctx, store.LegacyPost, 12)
	must(t, err)
	if !sameLink(got, want) {
		t.Errorf("LegacyByID = %+v, want %+v", got, want)
	}
	for _, path := range []string{"/2019/03/04/น้ำ/", "/2019/03/04/น้ำ", "/2019/03/04/%E0%B8%99%E0%B9%89%E0%B8%B3/"} {
		got, err := st.LegacyByPath(ctx, path)
		if err != nil || !sameLink(got, want) {
			t.Errorf("LegacyByPath(%q) = %+v, %v; want %+v", path, got, err, want)
		}
	}
	// The same id as a page, or as a comment, is another link.
	if _, err := st.LegacyByID(ctx, store.LegacyPage, 12); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("page 12 = %v, want ErrNotFound (only post 12 was imported)", err)
	}
}

func sameLink(a, b store.LegacyLink) bool {
	return a.Source == b.Source && a.Kind == b.Kind && a.WPID == b.WPID && a.ID == b.ID && a.Path == b.Path &&
		a.GUID == b.GUID && a.Fingerprint == b.Fingerprint && a.ImportedAt.Equal(b.ImportedAt)
}

func testLegacyReplace(t *testing.T, st store.Store) {
	ctx := context.Background()
	first := store.LegacyLink{Source: oldSite, Kind: store.LegacyCategory, WPID: 3, ID: 1, Path: "/category/world/", ImportedAt: base}
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{first}))
	second := first
	second.ID, second.Path, second.Fingerprint, second.ImportedAt = 2, "/category/news/world/", "f2", base.Add(time.Hour)
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{second}))
	got, err := st.LegacyByID(ctx, store.LegacyCategory, 3)
	must(t, err)
	if got.ID != 2 || got.Path != "/category/news/world" || got.Fingerprint != "f2" {
		t.Errorf("after saving again: %+v, want the second link", got)
	}
	if _, err := st.LegacyByPath(ctx, "/category/world/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the replaced address = %v, want ErrNotFound", err)
	}
	list, err := st.LegacyLinks(ctx, oldSite, store.LegacyCategory, []int64{3}, nil)
	must(t, err)
	if len(list) != 1 {
		t.Errorf("category 3 has %d links, want 1: %+v", len(list), list)
	}
}

func testLegacyTwoSites(t *testing.T, st store.Store) {
	ctx := context.Background()
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{
		{Source: "https://b.example", Kind: store.LegacyAuthor, WPID: 1, ID: 20, Path: "/author/admin/", ImportedAt: base.Add(time.Hour)},
		{Source: "https://a.example", Kind: store.LegacyAuthor, WPID: 1, ID: 10, Path: "/author/admin/", ImportedAt: base},
	}))
	if got, err := st.LegacyByID(ctx, store.LegacyAuthor, 1); err != nil || got.ID != 20 {
		t.Errorf("author 1 = %+v, %v; want the one imported last (member 20)", got, err)
	}
	if got, err := st.LegacyByPath(ctx, "/author/admin"); err != nil || got.ID != 20 {
		t.Errorf("/author/admin = %+v, %v; want the one imported last (member 20)", got, err)
	}
	list, err := st.LegacyLinks(ctx, "https://a.example", store.LegacyAuthor, []int64{1}, nil)
	must(t, err)
	if len(list) != 1 || list[0].ID != 10 {
		t.Errorf("site a's author 1 = %+v, want member 10 alone", list)
	}
}

func testLegacyBatch(t *testing.T, st store.Store) {
	ctx := context.Background()
	var links []store.LegacyLink
	for i := int64(1); i <= 30; i++ {
		links = append(links, store.LegacyLink{Source: oldSite, Kind: store.LegacyPost, WPID: i, ID: 100 + i,
			GUID: fmt.Sprintf("https://old.example/?p=%d", i), ImportedAt: base})
	}
	links = append(links, store.LegacyLink{Source: oldSite, Kind: store.LegacyComment, WPID: 5, ID: 900, ImportedAt: base})
	must(t, st.SaveLegacyLinks(ctx, links))

	// Post 2 by id, post 9 by its guid and by its id, post 40 by neither,
	// comment 5 not as a post.
	list, err := st.LegacyLinks(ctx, oldSite, store.LegacyPost, []int64{2, 9, 40, 5000},
		[]string{"https://old.example/?p=9", "https://old.example/?p=3", "unknown"})
	must(t, err)
	var ids []int64
	for _, l := range list {
		ids = append(ids, l.WPID)
	}
	slices.Sort(ids)
	if !slices.Equal(ids, []int64{2, 3, 9}) {
		t.Errorf("found posts %v, want [2 3 9] (2 and 9 by id, 3 and 9 by guid, each once)", ids)
	}
	if list, err := st.LegacyLinks(ctx, oldSite, store.LegacyComment, []int64{5}, nil); err != nil || len(list) != 1 || list[0].ID != 900 {
		t.Errorf("comment 5 = %+v, %v; want comment 900", list, err)
	}
	if list, err := st.LegacyLinks(ctx, "https://other.example", store.LegacyPost, []int64{2}, nil); err != nil || len(list) != 0 {
		t.Errorf("another site's post 2 = %+v, %v; want none", list, err)
	}
	if list, err := st.LegacyLinks(ctx, oldSite, store.LegacyPost, nil, nil); err != nil || len(list) != 0 {
		t.Errorf("asking about nothing = %+v, %v; want nothing", list, err)
	}
	if _, err := st.LegacyLinks(ctx, oldSite, store.LegacyPost, make([]int64, store.MaxLegacyBatch+1), nil); err == nil {
		t.Errorf("asking about %d ids at once was not refused", store.MaxLegacyBatch+1)
	}
}

func testLegacyAttachment(t *testing.T, st store.Store) {
	ctx := context.Background()
	file := store.LegacyLink{Source: oldSite, Kind: store.LegacyAttachment, WPID: 5, ID: 0,
		Path: "/wp-content/uploads/2024/05/dawn.png", GUID: "https://old.example/wp-content/uploads/2024/05/dawn.png", ImportedAt: base}
	page := store.LegacyLink{Source: oldSite, Kind: store.LegacyAttachmentPage, WPID: 5, ID: 42,
		Path: "/2024/05/14/barrier/dawn", Fingerprint: "f1", ImportedAt: base}
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{file, page}))
	for kind, want := range map[store.LegacyKind]store.LegacyLink{store.LegacyAttachment: file, store.LegacyAttachmentPage: page} {
		if got, err := st.LegacyByID(ctx, kind, 5); err != nil || !sameLink(got, want) {
			t.Errorf("LegacyByID(%s, 5) = %+v, %v; want %+v", kind, got, err, want)
		}
		if got, err := st.LegacyByPath(ctx, want.Path+"/"); err != nil || !sameLink(got, want) {
			t.Errorf("LegacyByPath(%q) = %+v, %v; want %+v", want.Path, got, err, want)
		}
		if list, err := st.LegacyLinks(ctx, oldSite, kind, []int64{5}, nil); err != nil || len(list) != 1 || !sameLink(list[0], want) {
			t.Errorf("LegacyLinks(%s, 5) = %+v, %v; want %+v alone", kind, list, err, want)
		}
	}
}

func testLegacyNotFound(t *testing.T, st store.Store) {
	ctx := context.Background()
	if _, err := st.LegacyByID(ctx, store.LegacyPost, 1); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("an unknown id = %v, want ErrNotFound", err)
	}
	for _, path := range []string{"/nowhere/", "", "/", "?p=1"} {
		if _, err := st.LegacyByPath(ctx, path); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("LegacyByPath(%q) = %v, want ErrNotFound", path, err)
		}
	}
	// A plain ?p= link has no address of its own: it is found by its id.
	must(t, st.SaveLegacyLinks(ctx, []store.LegacyLink{{Source: oldSite, Kind: store.LegacyPost, WPID: 1, ID: 1, Path: "https://old.example/?p=1"}}))
	if _, err := st.LegacyByPath(ctx, "/"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("the home page = %v, want ErrNotFound (a ?p= link keeps no address)", err)
	}
	err := st.SaveLegacyLinks(ctx, []store.LegacyLink{
		{Source: oldSite, Kind: store.LegacyTag, WPID: 2, ID: 2},
		{Source: oldSite, Kind: "nav_menu_item", WPID: 3, ID: 3},
	})
	if err == nil {
		t.Fatal("a link of an unknown kind was saved")
	}
	if _, err := st.LegacyByID(ctx, store.LegacyTag, 2); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("tag 2, saved beside a refused link = %v, want ErrNotFound (all or none)", err)
	}
}
