package content

import (
	"errors"
	"strings"
	"testing"
)

// series names the taken slugs of a series by number: 1 is base itself.
func series(base string, numbers ...int) map[string]bool {
	taken := map[string]bool{}
	for _, n := range numbers {
		taken[NumberedSlug(base, n)] = true
	}
	return taken
}

func upTo(n int) []int {
	numbers := make([]int, n)
	for i := range numbers {
		numbers[i] = i + 1
	}
	return numbers
}

func TestFreeSlug(t *testing.T) {
	withSlugs := func(taken map[string]bool, slugs ...string) map[string]bool {
		for _, s := range slugs {
			taken[s] = true
		}
		return taken
	}
	for _, tc := range []struct {
		name      string
		base      string
		taken     map[string]bool
		want      string
		questions int // at most
	}{
		{"a free title gets its own slug", "rice", series("rice"), "rice", 1},
		{"the second article with a title gets -2", "rice", series("rice", 1), "rice-2", 3},
		{"a series without gaps goes on at its end", "rice", series("rice", upTo(9)...), "rice-10", 8},
		{"slugs that only start like the title are not in its series", "rice",
			withSlugs(series("rice", 1), "rice-prices-2", "rice-02", "rice-1", "ricefields", "rice-2-baht"), "rice-2", 3},
		{"after the first of a series is deleted its slug is free again", "rice", series("rice", 2, 3), "rice", 1},
		{"a gap low in a series is passed over: the slug follows a taken one", "rice", series("rice", 1, 2, 4, 5, 6, 7, 8), "rice-9", 9},
		{"a gap met while halving is filled", "rice", series("rice", 1, 2, 3, 4, 5, 6, 7, 9), "rice-8", 7},
		{"Thai titles are numbered the same way", "ข้าว", series("ข้าว", 1, 3), "ข้าว-2", 3},
		{"a thousand duplicates cost about twenty questions", "flood-warning", series("flood-warning", upTo(1000)...), "flood-warning-1001", 21},
	} {
		t.Run(tc.name, func(t *testing.T) {
			asked := 0
			got, err := FreeSlug(tc.base, func(slug string) (bool, error) {
				asked++
				return tc.taken[slug], nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if got != tc.want {
				t.Errorf("FreeSlug(%q) = %q, want %q", tc.base, got, tc.want)
			}
			if tc.taken[got] {
				t.Errorf("FreeSlug(%q) = %q, which is taken", tc.base, got)
			}
			if asked > tc.questions {
				t.Errorf("asked %d times, want at most %d", asked, tc.questions)
			}
		})
	}
}

func TestFreeSlugFailures(t *testing.T) {
	t.Run("an error while asking stops the search and is returned", func(t *testing.T) {
		broken := errors.New("database is locked")
		_, err := FreeSlug("rice", func(string) (bool, error) { return false, broken })
		if !errors.Is(err, broken) {
			t.Errorf("err = %v, want it to wrap %v", err, broken)
		}
	})
	t.Run("a series in which every number is taken is refused, not overflowed", func(t *testing.T) {
		slug, err := FreeSlug("rice", func(string) (bool, error) { return true, nil })
		if err == nil || !strings.Contains(err.Error(), "every number") {
			t.Errorf("FreeSlug = %q, %v; want an error", slug, err)
		}
	})
}

func TestNumberedSlug(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    int
		want string
	}{
		{"the first of a series is the base itself", 1, "rice-prices"},
		{"the second has -2", 2, "rice-prices-2"},
		{"numbers are written in full", 300, "rice-prices-300"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := NumberedSlug("rice-prices", tc.n); got != tc.want {
				t.Errorf("NumberedSlug(%d) = %q, want %q", tc.n, got, tc.want)
			}
		})
	}
}
