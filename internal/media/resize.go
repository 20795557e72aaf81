package media

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"

	"golang.org/x/image/draw"
)

// jpegQuality is the quality of every JPEG written: visually close to a
// camera's output at about half the bytes.
const jpegQuality = 82

// encode writes img as "jpeg" or "png". Only pixels go in: whatever
// metadata the upload carried (Exif, GPS, XMP, comments, text chunks,
// colour profiles) and whatever bytes it hid are left behind.
func encode(kind string, img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	var err error
	if kind == "png" {
		err = png.Encode(&buf, img)
	} else {
		err = jpeg.Encode(&buf, img, &jpeg.Options{Quality: jpegQuality})
	}
	return buf.Bytes(), err
}

// resize scales src to w × h pixels with the Catmull-Rom kernel: sharp,
// and free of the moiré that ApproxBiLinear gives when shrinking by more
// than half (measurements in bench_test.go).
func resize(src image.Image, w, h int) *image.RGBA {
	return scale(src, src.Bounds(), w, h)
}

// scale scales the part of src inside part to w × h pixels, as resize does.
func scale(src image.Image, part image.Rectangle, w, h int) *image.RGBA {
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, part, draw.Src, nil)
	return dst
}

// forJPEG returns img in a form the JPEG encoder takes quickly and that has
// no transparency, which JPEG cannot keep: photos as decoded stay as they
// are, anything else (a WebP with an alpha channel, a CMYK JPEG) is drawn
// over white.
func forJPEG(img image.Image) image.Image {
	switch m := img.(type) {
	case *image.YCbCr, *image.Gray:
		return img
	case *image.RGBA:
		if m.Opaque() {
			return img
		}
	}
	return withBackground(img, img.Bounds(), image.White)
}

// withBackground draws img over a canvas filled with bg. It returns RGBA,
// which the encoders and the scaler handle without a pixel-by-pixel
// detour.
func withBackground(img image.Image, canvas image.Rectangle, bg *image.Uniform) *image.RGBA {
	dst := image.NewRGBA(canvas)
	draw.Draw(dst, canvas, bg, image.Point{}, draw.Src)
	draw.Draw(dst, img.Bounds(), img, img.Bounds().Min, draw.Over)
	return dst
}
