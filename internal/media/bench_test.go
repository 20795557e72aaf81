package media

import (
	"bytes"
	"context"
	"image"
	"io"
	"io/fs"
	"math"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/draw"

	"dateline/internal/content"
)

// photo draws a w × h picture with smooth gradients, fine detail and noise,
// so that it compresses and scales like a photograph rather than a flat
// test card.
func photo(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	rnd := rand.New(rand.NewPCG(1, 2))
	for y := range h {
		for x := range w {
			v := 128 + 60*math.Sin(float64(x)/37) + 40*math.Cos(float64(y)/23)
			i := img.PixOffset(x, y)
			img.Pix[i] = uint8(v) + uint8(rnd.IntN(24))
			img.Pix[i+1] = uint8(x * 255 / w)
			img.Pix[i+2] = uint8(y * 255 / h)
			img.Pix[i+3] = 255
		}
	}
	return img
}

type discardStorage struct{}

func (discardStorage) Put(_ context.Context, _ string, r io.Reader) error {
	_, err := io.Copy(io.Discard, r)
	return err
}
func (discardStorage) Delete(context.Context, string) error { return nil }
func (discardStorage) Open(context.Context, string) (*File, error) {
	return nil, fs.ErrNotExist
}

type discardStore struct{}

func (discardStore) CreateImage(context.Context, *content.Image) error { return nil }

func (discardStore) UpdateImageText(context.Context, int64, string, string, string) error { return nil }

func (discardStore) ImageByID(context.Context, int64) (content.Image, error) {
	return content.Image{}, nil
}

// BenchmarkSave processes a 12-megapixel camera JPEG: read, check, decode,
// re-encode, and make the four copies. Storage and store discard what they
// get, so this is the CPU and memory an upload costs.
func BenchmarkSave(b *testing.B) {
	data := jpegOf(b, photo(4000, 3000))
	svc := New(Config{Store: discardStore{}, Storage: discardStorage{}})
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := svc.Save(context.Background(), goodUpload, bytes.NewReader(data)); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "images/s")
}

// BenchmarkScaling is how the scaler was chosen: the four copies of a
// 4000 × 3000 photo made with each candidate. "moiré" is the standard
// deviation (0 to 255) of the 320-pixel copy of one-pixel stripes, which a
// good filter turns into even grey. ApproxBiLinear blends only four source
// pixels per copy pixel, so it is fast and small (about 0.12 s, 12 MB) but
// turns the stripes into false patterns (moiré 64). Catmull-Rom is clean
// (moiré 0.5); made from the next larger copy rather than the original
// every time, it took 0.75 s instead of 2.8 s on a quiet 2-vCPU machine,
// and 227 MB instead of 359 MB (mostly its float64 working buffer, 32
// bytes × copy width × source height), for copies within 50 dB PSNR of
// the slow way's.
func BenchmarkScaling(b *testing.B) {
	src, err := decodeJPEG(jpegOf(b, photo(4000, 3000)))
	if err != nil {
		b.Fatal(err)
	}
	stripes := image.NewGray(image.Rect(0, 0, 4000, 3000))
	for i := range stripes.Pix {
		if i%2 == 0 {
			stripes.Pix[i] = 255
		}
	}
	widths := []int{1600, 1024, 640, 320}
	methods := []struct {
		name     string
		q        draw.Interpolator
		cascaded bool
	}{
		{"CatmullRom from the next larger copy (chosen)", draw.CatmullRom, true},
		{"CatmullRom from the original", draw.CatmullRom, false},
		{"ApproxBiLinear from the original", draw.ApproxBiLinear, false},
	}
	run := func(q draw.Interpolator, cascaded bool, src image.Image) *image.RGBA {
		var dst *image.RGBA
		from := src
		for _, w := range widths {
			h := 3000 * w / 4000
			dst = image.NewRGBA(image.Rect(0, 0, w, h))
			q.Scale(dst, dst.Bounds(), from, from.Bounds(), draw.Src, nil)
			if cascaded {
				from = dst
			}
		}
		return dst
	}
	for _, m := range methods {
		b.Run(m.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				run(m.q, m.cascaded, src)
			}
			b.ReportMetric(stddev(run(m.q, m.cascaded, stripes)), "moiré")
		})
	}
}

func decodeJPEG(data []byte) (image.Image, error) { return formatJPEG.decode(bytes.NewReader(data)) }

func stddev(img *image.RGBA) float64 {
	var sum, sq, n float64
	for i := 0; i < len(img.Pix); i += 4 {
		v := float64(img.Pix[i])
		sum, sq, n = sum+v, sq+v*v, n+1
	}
	mean := sum / n
	return math.Sqrt(sq/n - mean*mean)
}
