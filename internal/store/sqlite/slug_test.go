package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"testing"

	"dateline/internal/content"
)

// TestFreeSlugQueryIsFreeSlug holds the recursive query to the rule it
// implements: over series with gaps of every shape, in Latin and Thai,
// uniqueSlug gives what content.FreeSlug gives for the same slugs.
func TestFreeSlugQueryIsFreeSlug(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "slugs.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	u := content.User{Email: "w@example.com", Name: "Writer", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	layouts := map[string][]int{
		"empty":       nil,
		"first-free":  {2, 3},
		"no-gap":      {1, 2, 3, 4, 5, 6, 7, 8, 9},
		"low-gap":     {1, 2, 4, 5, 6, 7, 8},
		"halving-gap": {1, 2, 3, 4, 5, 6, 7, 9},
		"ข้าว":        {1, 3},
	}
	rng := rand.New(rand.NewPCG(7, 11))
	for k := range 30 {
		var numbers []int
		for n := 1; n <= 1+rng.IntN(24); n++ {
			if rng.IntN(10) < 7 {
				numbers = append(numbers, n)
			}
		}
		layouts[fmt.Sprintf("random-%d", k)] = numbers
	}
	for base, numbers := range layouts {
		taken := map[string]bool{}
		for _, n := range numbers {
			a := content.Article{Kind: content.KindPost, Title: base, Slug: content.NumberedSlug(base, n),
				Format: content.FormatMarkdown, Status: content.StatusDraft, Author: u}
			if err := st.CreateArticle(ctx, &a); err != nil {
				t.Fatal(err)
			}
			taken[a.Slug] = true
		}
		want, err := content.FreeSlug(base, func(slug string) (bool, error) { return taken[slug], nil })
		if err != nil {
			t.Fatal(err)
		}
		var got string
		err = st.inTx(ctx, func(tx *sql.Tx) error {
			got, err = uniqueSlug(ctx, tx, base)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		if got != want {
			t.Errorf("series %v of %q: query gave %q, content.FreeSlug %q", numbers, base, got, want)
		}
	}
}
