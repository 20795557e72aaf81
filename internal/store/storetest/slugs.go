package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store"
)

// slugTests specify the slugs a store makes from titles; Run includes them.
var slugTests = []struct {
	name string
	fn   func(t *testing.T, st store.Store)
}{
	{"300 articles with one title get the title's slug, then -2 to -300, in any script", testManyDuplicateTitles},
	{"a slug that starts like another is not taken for it", testSlugPrefixes},
	{"after an article of a series is deleted, the same title still gets a free slug", testSlugAfterDeletion},
	{"a new article's slug is the one content.FreeSlug picks, whatever gaps its series has", testSlugFollowsFreeSlug},
}

func testManyDuplicateTitles(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	for _, tc := range []struct{ title, slug string }{
		{"Rice prices rise", "rice-prices-rise"},
		{"ราคาข้าวพุ่ง", "ราคาข้าวพุ่ง"},
	} {
		seen := map[string]bool{}
		var last content.Article
		for i := range 300 {
			last = f.post(t, st, tc.title, i, withStatus(content.StatusDraft))
			want := tc.slug
			if i > 0 {
				want = fmt.Sprintf("%s-%d", tc.slug, i+1)
			}
			if last.Slug != want {
				t.Fatalf("%q number %d: slug = %q, want %q", tc.title, i+1, last.Slug, want)
			}
			if seen[last.Slug] {
				t.Fatalf("%q number %d: slug %q given twice", tc.title, i+1, last.Slug)
			}
			seen[last.Slug] = true
		}
		got, err := st.ArticleBySlug(context.Background(), tc.slug+"-300")
		must(t, err)
		if got.ID != last.ID {
			t.Errorf("%s-300 found article %d, want %d", tc.slug, got.ID, last.ID)
		}
	}
}

func testSlugPrefixes(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	chosen := func(slug string) func(*content.Article) {
		return func(a *content.Article) { a.Slug = slug }
	}
	// Slugs that begin with another title's slug, or look numbered without
	// being base-N as the store writes it.
	for i, slug := range []string{"rice-prices-2", "rice-2-baht", "rice-02", "rice-1", "ricefields", "ข้าวหอม", "ข้าว-ราคา-2"} {
		f.post(t, st, "Chosen "+slug, i, chosen(slug))
	}
	for i, tc := range []struct{ title, want string }{
		{"Rice", "rice"},
		{"Rice", "rice-2"},
		{"Rice", "rice-3"},
		{"Rice prices", "rice-prices"},
		{"Rice prices", "rice-prices-3"},
		{"ข้าว", "ข้าว"},
		{"ข้าว", "ข้าว-2"},
	} {
		if a := f.post(t, st, tc.title, 10+i); a.Slug != tc.want {
			t.Errorf("article %d, %q: slug = %q, want %q", i+1, tc.title, a.Slug, tc.want)
		}
	}
}

func testSlugAfterDeletion(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	ctx := context.Background()
	var series []content.Article
	for i := range 9 {
		series = append(series, f.post(t, st, "Storm warning", i, withStatus(content.StatusDraft)))
	}
	for _, i := range []int{1, 4} { // storm-warning-2 and -5
		must(t, st.DeleteArticle(ctx, series[i].ID))
	}
	live := map[string]bool{}
	for i, a := range series {
		if i != 1 && i != 4 {
			live[a.Slug] = true
		}
	}
	for i := range 4 {
		a := f.post(t, st, "Storm warning", 20+i)
		if live[a.Slug] {
			t.Fatalf("new article %d got %q, which is in use", i+1, a.Slug)
		}
		live[a.Slug] = true
	}
}

// testSlugFollowsFreeSlug gives series gaps of several shapes (slugs chosen
// by hand, like an editor's) and checks that the store numbers the next
// article as content.FreeSlug does, asking the store itself which slugs
// are taken. On a series without gaps that is the lowest free number;
// after a gap it is the number FreeSlug's search lands on, and every
// backend must land on the same one.
func testSlugFollowsFreeSlug(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	ctx := context.Background()
	taken := func(slug string) (bool, error) {
		_, err := st.ArticleBySlug(ctx, slug)
		if errors.Is(err, store.ErrNotFound) || errors.Is(err, store.ErrGone) {
			return false, nil
		}
		return err == nil, err
	}
	for i, tc := range []struct {
		title   string
		numbers []int // taken by hand; 1 is the title's slug itself
		want    []string
	}{
		{"Harbour", []int{2, 3}, []string{"harbour", "harbour-4"}},
		{"Harbour fees", []int{1, 2, 4, 5, 6, 7, 8}, []string{"harbour-fees-9", "harbour-fees-10"}},
		{"Harbour pilots", []int{1, 2, 3, 4, 5, 6, 7, 9}, []string{"harbour-pilots-8", "harbour-pilots-10"}},
		{"Harbour tugs", []int{1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16}, []string{"harbour-tugs-17", "harbour-tugs-18"}},
		{"ท่าเรือ", []int{1, 3}, []string{"ท่าเรือ-2", "ท่าเรือ-4"}},
	} {
		base := content.Slugify(tc.title)
		for _, n := range tc.numbers {
			f.post(t, st, tc.title, 100*i+n, withStatus(content.StatusDraft), func(a *content.Article) {
				a.Slug = content.NumberedSlug(base, n)
			})
		}
		for k, want := range tc.want {
			rule, err := content.FreeSlug(base, taken)
			must(t, err)
			a := f.post(t, st, tc.title, 100*i+50+k)
			if a.Slug != rule {
				t.Errorf("%q after %v, article %d: slug = %q, content.FreeSlug says %q", tc.title, tc.numbers, k+1, a.Slug, rule)
			}
			if a.Slug != want {
				t.Errorf("%q after %v, article %d: slug = %q, want %q", tc.title, tc.numbers, k+1, a.Slug, want)
			}
		}
	}
}
