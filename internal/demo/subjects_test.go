package demo

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"unicode"
)

// words are the words of text that may name a thing, lower-cased: all
// but the capitalised ones after the first, names of places and people
// ("Hat Yai", "Penang").
func words(text string) []string {
	var out []string
	for i, w := range strings.FieldsFunc(text, func(r rune) bool { return !unicode.IsLetter(r) }) {
		if i == 0 || !unicode.IsUpper([]rune(w)[0]) {
			out = append(out, strings.ToLower(w))
		}
	}
	return out
}

// names reports whether word is thing, in the singular or plural or as a
// verb's forms ("umbrellas", "paddies", "flooded" name "umbrella",
// "paddy", "flood").
func names(word, thing string) bool {
	for _, form := range []string{thing, thing + "s", thing + "es", strings.TrimSuffix(thing, "y") + "ies", thing + "ed", thing + "ing"} {
		if word == form {
			return true
		}
	}
	return false
}

// named lists the things of vocabulary that text names.
func named(text string, vocabulary []string) []string {
	var out []string
	for _, w := range words(text) {
		for _, thing := range vocabulary {
			if names(w, thing) && !slices.Contains(out, thing) {
				out = append(out, thing)
			}
		}
	}
	return out
}

// drawable is every thing that some scene shows or that no picture shows:
// the words a caption may use only of a picture that shows them.
func drawable() []string {
	all := slices.Clone(notShown)
	for _, s := range subjects {
		all = append(all, s.Shows...)
	}
	slices.Sort(all)
	return slices.Compact(all)
}

// mismatches lists where alt and caption do not say what the picture of
// scene shows, or name what it does not.
func mismatches(scene, alt, caption string) []string {
	s, ok := subjects[scene]
	if !ok {
		return []string{"scene " + scene + " has no subject in subjects.go"}
	}
	var out []string
	if len(named(alt, s.Main)) == 0 {
		out = append(out, fmt.Sprintf("the alt text %q does not say the picture is of %s", alt, strings.Join(s.Main, " or ")))
	}
	if caption != "" && len(named(caption, s.Shows)) == 0 {
		out = append(out, fmt.Sprintf("the caption %q names nothing the %s picture shows (%s)", caption, scene, strings.Join(s.Shows, ", ")))
	}
	for _, thing := range named(alt+" "+caption, drawable()) {
		if !slices.Contains(s.Shows, thing) {
			out = append(out, fmt.Sprintf("the words name a %s, which the %s picture does not show:\n  alt: %s\n  caption: %s", thing, scene, alt, caption))
		}
	}
	return out
}

// describes fails t where alt and caption do not describe the picture.
func describes(t *testing.T, scene, alt, caption string) {
	t.Helper()
	for _, m := range mismatches(scene, alt, caption) {
		t.Error(m)
	}
}

func TestEveryDemoStorysWordsDescribeItsPicture(t *testing.T) {
	for _, st := range stories {
		t.Run(st.Title, func(t *testing.T) {
			if !slices.Contains(Scenes, st.Scene) {
				t.Fatalf("scene %q is not one Draw paints", st.Scene)
			}
			describes(t, st.Scene, st.Alt, st.Caption)
		})
	}
}

func TestEveryScenesOwnAltTextDescribesIt(t *testing.T) {
	for _, scene := range Scenes {
		t.Run(scene, func(t *testing.T) {
			describes(t, scene, subjects[scene].Alt, "")
			for _, main := range subjects[scene].Main {
				if !slices.Contains(subjects[scene].Shows, main) {
					t.Errorf("%s is the picture's subject but not among what it shows", main)
				}
			}
		})
	}
	if len(subjects) != len(Scenes) {
		t.Errorf("%d subjects for %d scenes", len(subjects), len(Scenes))
	}
}

// The words the demo had before its captions were tied to its pictures
// are caught.
func TestWordsThatDriftFromThePictureAreCaught(t *testing.T) {
	for _, tc := range []struct{ scene, alt, caption string }{
		{"rain", "Illustration of a flooded city street under heavy rain", "Motorcyclists push through floodwater in eastern Bangkok."},
		{"city", "Illustration of a city skyline with office buildings", "Delegates arrive for talks at a conference centre."},
		{"stadium", "Illustration of an indoor arena with a crowd", "A packed provincial sports hall in the northeast."},
		{"fields", "Illustration of rolling farmland with rows of crops", "Young durian trees planted between rows of coffee bushes."},
		{"night", "Illustration of lights in the dark along a city skyline", "An overnight train pulls out of Bangkok."},
	} {
		if len(mismatches(tc.scene, tc.alt, tc.caption)) == 0 {
			t.Errorf("%s: %q / %q passed", tc.scene, tc.alt, tc.caption)
		}
	}
}

// A rising chart rises and a falling one falls, whatever the seed, so
// that "the rising chart" in a caption is true of its picture.
func TestAChartRisesOrFallsAsItsSceneSays(t *testing.T) {
	for seed := range uint64(500) {
		for _, up := range []bool{true, false} {
			vals, _ := chartSeries(newArtRand(seed, "chart"), 18+int(seed%8), up)
			if rose := vals[len(vals)-1] > vals[0]; rose != up {
				t.Fatalf("seed %d: a chart meant to rise=%v rose=%v", seed, up, rose)
			}
		}
	}
}
