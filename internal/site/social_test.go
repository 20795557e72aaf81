package site_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"strings"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/render"
	"dateline/internal/site"
)

// What social networks' previews and search engines read of a page
// (issue 16): Twitter's own tags beside OpenGraph's, the page's language,
// a picture on every page, titles without the site's name twice, and an
// article's picture in the three ratios Google asks for.

func TestSocialPreviewsOfAnArticle(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, kremlinPath)
	want := map[string]string{
		"og:title":            "Kremlin signals new talks",
		"og:site_name":        "The Test Dateline",
		"og:locale":           "en_US",
		"og:image:alt":        "The Kremlin at dusk",
		"twitter:card":        "summary_large_image",
		"twitter:title":       "Kremlin signals new talks",
		"twitter:description": "Officials hinted at a new round of negotiations.",
		"twitter:image":       "https://news.example/media/demo/kremlin.jpg",
		"twitter:image:alt":   "The Kremlin at dusk",
	}
	for prop, v := range want {
		if got := meta(doc, prop); len(got) != 1 || got[0] != v {
			t.Errorf("%s = %q, want %q", prop, got, v)
		}
	}
	if got := text(first(doc, "title")); got != "Kremlin signals new talks – The Test Dateline" {
		t.Errorf("<title> = %q: the window's title keeps the site's name", got)
	}
}

func TestEveryPageHasAPreviewPicture(t *testing.T) {
	n := newNewsroom(t)
	for _, path := range []string{"/", "/category/world/", "/tag/russia/", "/search?q=talks"} {
		doc := n.page(t, path)
		for prop, v := range map[string]string{
			"og:image":          "https://news.example/static/logo.png",
			"og:image:width":    "512",
			"og:image:height":   "512",
			"twitter:card":      "summary",
			"twitter:image":     "https://news.example/static/logo.png",
			"twitter:image:alt": "The Test Dateline",
			"og:locale":         "en_US",
		} {
			if got := meta(doc, prop); len(got) != 1 || got[0] != v {
				t.Errorf("%s: %s = %q, want %q", path, prop, got, v)
			}
		}
	}
	home := n.page(t, "/")
	for _, prop := range []string{"og:title", "twitter:title"} {
		if got := meta(home, prop); len(got) != 1 || got[0] != "The Test Dateline" {
			t.Errorf("home %s = %q, want the site's name once", prop, got)
		}
	}
	if got := meta(n.page(t, "/category/world/"), "og:title"); len(got) != 1 || got[0] != "World" {
		t.Errorf("section og:title = %q, want World", got)
	}
}

func TestOGLocaleFollowsTheSitesLanguage(t *testing.T) {
	n := newNewsroom(t)
	set, err := n.st.Settings(context.Background())
	must(t, err)
	set.Language = "th"
	must(t, n.st.SaveSettings(context.Background(), set))
	// A site started on the changed settings.
	s, err := site.New(site.Config{Store: n.st, Now: func() time.Time { return now }, BaseURL: "https://news.example"})
	must(t, err)
	n = &newsroom{st: n.st, handler: frontDoor(t, s, nil)}
	if got := meta(n.page(t, "/"), "og:locale"); len(got) != 1 || got[0] != "th_TH" {
		t.Errorf("og:locale = %q, want th_TH", got)
	}
}

// The structured data names a picture the media library really stored,
// in each ratio, at the size it says, and at least 1,200 pixels wide
// where the original is that wide.
func TestStructuredDataGivesThePictureInThreeRatios(t *testing.T) {
	storage := media.Dir(t.TempDir())
	n := newNewsroom(t, func(c *site.Config) { c.Media = storage })
	ctx := context.Background()
	library := media.New(media.Config{Store: n.st, Storage: storage})
	im, err := library.Save(ctx, media.Upload{Filename: "harbour.jpg", Alt: "Boats in the harbour"}, bytes.NewReader(photo(t, 2400, 1600)))
	must(t, err)
	a := content.Article{Kind: content.KindPost, Title: "Harbour reopens", Source: "Boats are back.", Format: content.FormatMarkdown,
		Status: content.StatusPublished, PublishedAt: now.Add(-time.Hour), UpdatedAt: now.Add(-time.Hour),
		Author: n.kremlin.Author, Category: n.kremlin.Category, Image: &im, CommentsOpen: true}
	must(t, render.Prepare(&a))
	must(t, n.st.CreateArticle(ctx, &a))

	images, _ := jsonLD(t, n.page(t, a.Path(mustZone(t))))["NewsArticle"]["image"].([]any)
	want := [][2]int{{1200, 675}, {1200, 900}, {1200, 1200}} // 16:9, 4:3, 1:1
	if len(images) != len(want) {
		t.Fatalf("NewsArticle.image = %v, want three pictures", images)
	}
	for i, v := range images {
		obj := v.(map[string]any)
		w, h := int(obj["width"].(float64)), int(obj["height"].(float64))
		if [2]int{w, h} != want[i] {
			t.Errorf("picture %d is %d × %d, want %d × %d", i, w, h, want[i][0], want[i][1])
		}
		path := strings.TrimPrefix(obj["url"].(string), "https://news.example")
		rec := n.get(t, path)
		if rec.Code != 200 {
			t.Errorf("%s answers %d", path, rec.Code)
			continue
		}
		cfg, _, err := image.DecodeConfig(rec.Body)
		if err != nil || cfg.Width != w || cfg.Height != h {
			t.Errorf("%s is %d × %d (%v), the structured data says %d × %d", path, cfg.Width, cfg.Height, err, w, h)
		}
	}
}

// photo is a JPEG with detail enough for the encoder to work on.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x * 255 / w), uint8(y * 255 / h), uint8((x ^ y) & 0xff), 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}
