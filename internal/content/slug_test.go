package content

import (
	"net/url"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestSlugify(t *testing.T) {
	cases := []struct {
		name, title, want string
	}{
		{"English headline is lower-cased and hyphenated", "Bank of Thailand Holds Rates at 2.5%", "bank-of-thailand-holds-rates-at-2-5"},
		{"apostrophes vanish instead of splitting words", "Thailand's rice exports rise", "thailands-rice-exports-rise"},
		{"runs of punctuation become one hyphen", "Floods -- and then?! More rain...", "floods-and-then-more-rain"},
		{"Thai keeps its vowels and tone marks", "น้ำท่วมกรุงเทพฯ ฝนตกหนัก", "น้ำท่วมกรุงเทพฯ-ฝนตกหนัก"},
		{"Russian is lower-cased", "Кремль готов к переговорам", "кремль-готов-к-переговорам"},
		{"Chinese keeps its characters", "泰国央行维持利率不变", "泰国央行维持利率不变"},
		{"Japanese mixes scripts", "東京で大雨 JR運休", "東京で大雨-jr運休"},
		{"accented Latin stays readable", "São Paulo élection", "são-paulo-élection"},
		{"emoji and symbols only give a usable slug", "🔥🔥 !!! ***", "story"},
		{"empty title gives a usable slug", "", "story"},
		{"leading marks without a letter are dropped", "\u0e49\u0e49abc", "abc"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := Slugify(tc.title)
			if got != tc.want {
				t.Errorf("Slugify(%q) = %q, want %q", tc.title, got, tc.want)
			}
			if !ValidSlug(got) {
				t.Errorf("Slugify(%q) = %q, which ValidSlug refuses", tc.title, got)
			}
			if u, err := url.PathUnescape(url.PathEscape(got)); err != nil || u != got {
				t.Errorf("slug %q does not survive percent-encoding", got)
			}
		})
	}
}

func TestSlugifyBoundsLength(t *testing.T) {
	got := Slugify(strings.Repeat("ข่าว ", 200))
	if n := utf8.RuneCountInString(got); n > maxSlugRunes || strings.HasSuffix(got, "-") {
		t.Errorf("long title gave %d runes: %q", n, got)
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"floods": true, "น้ำท่วม": true, "a-b-2": true,
		"": false, "-a": false, "a-": false, "a--b": false, "A": false, "a b": false, "a/b": false, "a.b": false,
		"\xff": false,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func FuzzSlugify(f *testing.F) {
	for _, s := range []string{"Hello world", "น้ำท่วม", "\xff\xfe", "---", "泰国"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, title string) {
		s := Slugify(title)
		if !ValidSlug(s) {
			t.Fatalf("Slugify(%q) = %q is not a valid slug", title, s)
		}
	})
}

func TestReserved(t *testing.T) {
	for _, s := range []string{"admin", "feed", "category", "2025", "wp-json"} {
		if !Reserved(s) {
			t.Errorf("%q should be reserved", s)
		}
	}
	if Reserved("about") {
		t.Error("about should be free")
	}
}
