package site_test

import (
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// Thai text renders wherever the reader is (issue 16): the theme ships
// Noto Sans Thai's Thai letters, one variable file for every weight (one
// request on a page with both regular and bold Thai), which a page fetches
// only when it has Thai text in it, without holding the text back, and
// keeps for a year.
func TestTheThemeShipsAThaiFontFetchedOnlyForThaiText(t *testing.T) {
	n := newNewsroom(t)
	home := n.get(t, "/").Body.String()
	css := regexp.MustCompile(`/static/site\.css\?v=[0-9a-f]+`).FindString(home)
	if css == "" {
		t.Fatal("the home page links no versioned site.css")
	}
	if strings.Contains(home, `rel="preload"`) {
		t.Error("a page preloads something: a page without Thai must not fetch the font")
	}
	sheet := n.get(t, css).Body.String()
	faces := regexp.MustCompile(`@font-face\s*\{[^}]*\}`).FindAllString(sheet, -1)
	if len(faces) != 1 {
		t.Fatalf("%d @font-face rules, want one, for Noto Sans Thai's every weight:\n%s", len(faces), faces)
	}
	for _, face := range faces {
		for _, want := range []string{`font-family: "Noto Sans Thai"`, "font-weight: 100 900", "font-display: swap", "unicode-range: U+0E00-0E7F"} {
			if !strings.Contains(face, want) {
				t.Errorf("%s lacks %q", face, want)
			}
		}
		src := regexp.MustCompile(`url\((fonts/noto-sans-thai-thai-wght\.woff2\?v=[0-9a-f]{12})\)`).FindStringSubmatch(face)
		if src == nil {
			t.Errorf("%s names no versioned Thai woff2 file", face)
			continue
		}
		font := n.get(t, "/static/"+src[1])
		if font.Code != http.StatusOK || font.Header().Get("Content-Type") != "font/woff2" ||
			font.Header().Get("Cache-Control") != "public, max-age=31536000, immutable" || !strings.HasPrefix(font.Body.String(), "wOF2") {
			t.Errorf("%s: %d, %v, starts %q", src[1], font.Code, font.Header(), font.Body.String()[:min(4, font.Body.Len())])
		}
		if font.Body.Len() > 32<<10 {
			t.Errorf("%s is %d bytes: more than the Thai subset", src[1], font.Body.Len())
		}
	}
	if !strings.Contains(sheet, `--sans: "Noto Sans Thai",`) || !strings.Contains(sheet, `--serif: "Noto Sans Thai",`) {
		t.Error("the Thai font is not first in the font stacks, so a reader's own Thai font could be taken before it")
	}
	license := n.get(t, "/static/fonts/OFL.txt")
	if license.Code != http.StatusOK || !strings.Contains(license.Body.String(), "SIL OPEN FONT LICENSE Version 1.1") ||
		!strings.Contains(license.Body.String(), "The Noto Project Authors") {
		t.Errorf("the font's licence is not beside it: %d", license.Code)
	}
}
