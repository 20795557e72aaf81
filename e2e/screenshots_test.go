package e2e

import (
	"bytes"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// screenshotsDir is where the README's current screenshots live.
const screenshotsDir = "../docs/screenshots"

// TestScreenshots saves pictures of the home page and an article on a
// desktop and a phone in the artifacts folder on every run, and copies the
// README's set to docs/screenshots when DATELINE_E2E_UPDATE_SCREENSHOTS=1.
func TestScreenshots(t *testing.T) {
	e := setup(t)
	shots := []struct {
		file          string // name in the artifacts folder and docs/screenshots
		page          string
		width, height int64
		phone         bool
		docs          bool // part of the README's set
	}{
		{"home.png", "home", 1280, 1800, false, true},
		{"article.png", "article", 1280, 1400, false, true},
		{"article-phone.png", "article", 390, 1600, true, true},
		{"home-phone.png", "home", 390, 1600, true, true},
	}
	update := os.Getenv("DATELINE_E2E_UPDATE_SCREENSHOTS") == "1"
	for _, s := range shots {
		t.Run(s.file, func(t *testing.T) {
			tb := e.newTab(t)
			// The window is as tall as the picture, so the picture is what a
			// reader sees on opening the page.
			tb.viewport(s.width, s.height, s.phone)
			tb.open(e.pagePath(t, s.page), 200)
			tb.settle()
			shot, err := chromedp.Run(tb.ctx, chromedp.CaptureScreenshot())
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, shot, int(s.width))
			checkPainted(t, tb, shot, map[string]string{"home": ".front .lead-image img", "article": ".story-image img"}[s.page])
			save(t, filepath.Join(e.artifacts, s.file), shot)
			if s.docs && update {
				save(t, filepath.Join(screenshotsDir, s.file), shot)
			}

			// The whole page, every lazy image loaded, for a closer look.
			evaluate[bool](tb, `(document.querySelectorAll('img[loading=lazy]').forEach(i => i.loading = 'eager'), true)`)
			tb.waitFor("every image to load", `[...document.images].every(i => i.complete)`, 20*time.Second)
			evaluate[bool](tb, `Promise.all([...document.images].filter(i => i.naturalWidth > 0).map(i => i.decode().catch(() => null)))
				.then(() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(() => done(true)))))`)
			full, err := chromedp.Run(tb.ctx, chromedp.FullScreenshot(100))
			if err != nil {
				t.Fatal(err)
			}
			checkPNG(t, full, int(s.width))
			save(t, filepath.Join(e.artifacts, "full-"+s.file), full)
		})
	}
}

// checkPNG checks that a screenshot is a PNG as wide as the window.
func checkPNG(t *testing.T, b []byte, width int) {
	t.Helper()
	cfg, err := png.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	if cfg.Width != width {
		t.Errorf("screenshot is %d px wide, want %d", cfg.Width, width)
	}
}

// checkPainted fails the test when the picture sel shows in the screenshot
// as a blank box: fewer than a hundred colours where it is (the demo's
// pictures have thousands; a box not yet painted has one).
func checkPainted(t *testing.T, tb *tab, shot []byte, sel string) {
	t.Helper()
	r := evaluate[[]int](tb, fmt.Sprintf(`(() => { const b = document.querySelector(%q).getBoundingClientRect();
		return [b.left, b.top, b.right, b.bottom].map(Math.round); })()`, sel))
	im, err := png.Decode(bytes.NewReader(shot))
	if err != nil {
		t.Fatal(err)
	}
	area := image.Rect(r[0], r[1], r[2], r[3]).Intersect(im.Bounds())
	if area.Dx() < 100 || area.Dy() < 50 {
		t.Fatalf("the picture %s is %v in the window, too little of it on screen to judge", sel, area)
	}
	colours := map[[4]uint32]bool{}
	for y := area.Min.Y; y < area.Max.Y; y += 2 {
		for x := area.Min.X; x < area.Max.X; x += 2 {
			c := [4]uint32{}
			c[0], c[1], c[2], c[3] = im.At(x, y).RGBA()
			colours[c] = true
		}
	}
	if len(colours) < 100 {
		t.Errorf("the picture %s shows %d colours in the screenshot: painted blank", sel, len(colours))
	}
}

func save(t *testing.T, path string, b []byte) {
	t.Helper()
	if err := os.WriteFile(path, b, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("saved %s", path)
}
