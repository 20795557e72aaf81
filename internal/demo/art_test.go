package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"math"
	"testing"
)

// lumaSpread returns the standard deviation of the pixels' brightness, a
// cheap check that a picture is more than one flat colour.
func lumaSpread(img *image.RGBA) float64 {
	var sum, sq float64
	n := 0
	for i := 0; i+3 < len(img.Pix); i += 4 * 7 { // every 7th pixel is plenty
		l := 0.299*float64(img.Pix[i]) + 0.587*float64(img.Pix[i+1]) + 0.114*float64(img.Pix[i+2])
		sum += l
		sq += l * l
		n++
	}
	if n == 0 {
		return 0
	}
	mean := sum / float64(n)
	return math.Sqrt(max(0, sq/float64(n)-mean*mean))
}

func TestDrawPaintsEverySceneWithDetail(t *testing.T) {
	for _, scene := range Scenes {
		t.Run(scene, func(t *testing.T) {
			img := Draw(scene, 7, 1600, 900)
			if got, want := img.Bounds(), image.Rect(0, 0, 1600, 900); got != want {
				t.Fatalf("bounds = %v, want %v", got, want)
			}
			if s := lumaSpread(img); s < 8 {
				t.Errorf("brightness spread = %.1f, want a picture, not a flat colour", s)
			}
			for i := 3; i < len(img.Pix); i += 4 {
				if img.Pix[i] != 255 {
					t.Fatalf("pixel %d is not opaque (alpha %d)", i/4, img.Pix[i])
				}
			}
		})
	}
}

func TestDrawIsRepeatableForTheSameSeed(t *testing.T) {
	for _, scene := range Scenes {
		t.Run(scene, func(t *testing.T) {
			a := Draw(scene, 42, 480, 270)
			b := Draw(scene, 42, 480, 270)
			if !bytes.Equal(a.Pix, b.Pix) {
				t.Error("two draws with the same seed differ")
			}
		})
	}
}

func TestDrawVariesWithTheSeed(t *testing.T) {
	for _, scene := range Scenes {
		t.Run(scene, func(t *testing.T) {
			a := Draw(scene, 1, 480, 270)
			b := Draw(scene, 2, 480, 270)
			if bytes.Equal(a.Pix, b.Pix) {
				t.Error("seeds 1 and 2 drew the same picture")
			}
		})
	}
}

func TestDrawFallsBackToALandscapeForUnknownScenes(t *testing.T) {
	for _, scene := range []string{"", "unknown", "CITY", "city "} {
		t.Run(fmt.Sprintf("%q", scene), func(t *testing.T) {
			img := Draw(scene, 3, 640, 360)
			if got, want := img.Bounds(), image.Rect(0, 0, 640, 360); got != want {
				t.Fatalf("bounds = %v, want %v", got, want)
			}
			if s := lumaSpread(img); s < 5 {
				t.Errorf("brightness spread = %.1f, want a landscape", s)
			}
		})
	}
}

// Tiny sizes give an image of exactly that size; a width or height below 1
// gives an empty image. Neither may panic.
func TestDrawSurvivesTinyAndEmptySizes(t *testing.T) {
	sizes := []struct {
		w, h int
		want image.Rectangle
	}{
		{1, 1, image.Rect(0, 0, 1, 1)},
		{3, 2, image.Rect(0, 0, 3, 2)},
		{2, 5, image.Rect(0, 0, 2, 5)},
		{17, 1, image.Rect(0, 0, 17, 1)},
		{0, 0, image.Rectangle{}},
		{0, 10, image.Rectangle{}},
		{10, 0, image.Rectangle{}},
		{-4, 9, image.Rectangle{}},
		{9, -4, image.Rectangle{}},
	}
	for _, scene := range append(Scenes, "no-such-scene") {
		for _, sz := range sizes {
			t.Run(fmt.Sprintf("%s/%dx%d", scene, sz.w, sz.h), func(t *testing.T) {
				img := Draw(scene, 5, sz.w, sz.h)
				if img == nil {
					t.Fatal("Draw returned nil")
				}
				if got := img.Bounds(); got != sz.want {
					t.Errorf("bounds = %v, want %v", got, sz.want)
				}
			})
		}
	}
}

// TestArtCompressesWellAsJPEG encodes every scene at the demo's full
// width. It runs under -short too, as every test must (it skipped itself
// there): the scenes encode in parallel, about a second in all.
func TestArtCompressesWellAsJPEG(t *testing.T) {
	const limit = 150 << 10
	for _, scene := range Scenes {
		t.Run(scene, func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := jpeg.Encode(&buf, Draw(scene, 11, 1600, 900), &jpeg.Options{Quality: 80}); err != nil {
				t.Fatal(err)
			}
			if buf.Len() > limit {
				t.Errorf("JPEG is %d KB, want under %d KB", buf.Len()>>10, limit>>10)
			}
		})
	}
}

func BenchmarkDraw(b *testing.B) {
	for _, scene := range Scenes {
		b.Run(scene, func(b *testing.B) {
			var seed uint64
			for b.Loop() {
				seed++
				Draw(scene, seed, 1600, 900)
			}
		})
	}
}
