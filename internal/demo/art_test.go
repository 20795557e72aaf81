package demo

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
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

func TestScaleKeepsTheAspectRatio(t *testing.T) {
	cases := []struct {
		srcW, srcH, width int
		want              image.Rectangle
	}{
		{1600, 900, 960, image.Rect(0, 0, 960, 540)},
		{1600, 900, 480, image.Rect(0, 0, 480, 270)},
		{1000, 333, 100, image.Rect(0, 0, 100, 33)},
		{300, 1000, 30, image.Rect(0, 0, 30, 100)},
		{1600, 4, 100, image.Rect(0, 0, 100, 1)}, // never below one row
		{200, 100, 400, image.Rect(0, 0, 400, 200)},
		{1600, 900, 0, image.Rectangle{}},
		{1600, 900, -3, image.Rectangle{}},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprintf("%dx%d to %d", tc.srcW, tc.srcH, tc.width), func(t *testing.T) {
			src := Draw("sea", 1, tc.srcW, tc.srcH)
			if got := Scale(src, tc.width).Bounds(); got != tc.want {
				t.Errorf("bounds = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestScaleAveragesTheAreaEachPixelCovers(t *testing.T) {
	// A fine black and white checkerboard shrinks to an even grey.
	src := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for y := 0; y < 20; y++ {
		for x := 0; x < 40; x++ {
			if (x+y)%2 == 0 {
				src.Set(x, y, color.White)
			} else {
				src.Set(x, y, color.Black)
			}
		}
	}
	dst := Scale(src, 10)
	for i := 0; i < len(dst.Pix); i += 4 {
		if r := dst.Pix[i]; r < 125 || r > 130 {
			t.Fatalf("pixel %d = %d, want about 128", i/4, r)
		}
	}
}

func TestScaleAcceptsAnyImageType(t *testing.T) {
	src := image.NewNRGBA(image.Rect(10, 20, 110, 70)) // offset bounds too
	for i := range src.Pix {
		src.Pix[i] = 200
	}
	dst := Scale(src, 50)
	if got, want := dst.Bounds(), image.Rect(0, 0, 50, 25); got != want {
		t.Fatalf("bounds = %v, want %v", got, want)
	}
	if c := dst.RGBAAt(25, 12); c.A != 200 || c.R < 155 || c.R > 158 {
		t.Errorf("centre pixel = %v, want the source colour (premultiplied 157, alpha 200)", c)
	}
	if got := Scale(image.NewRGBA(image.Rectangle{}), 10).Bounds(); !got.Empty() {
		t.Errorf("scaling an empty image gave %v, want empty", got)
	}
}

func TestArtCompressesWellAsJPEG(t *testing.T) {
	if testing.Short() {
		t.Skip("encodes a dozen large pictures")
	}
	const limit = 150 << 10
	for _, scene := range Scenes {
		t.Run(scene, func(t *testing.T) {
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
