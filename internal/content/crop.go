package content

import (
	"fmt"
	"image"
	"strconv"
	"strings"
)

// Ratio is an aspect ratio, width to height.
type Ratio struct{ W, H int }

// CropRatios are the ratios the media library crops every picture to:
// the three Google asks for an article's picture (16:9, 4:3 and 1:1), so
// that each place that shows one can take the shape it lays out.
var CropRatios = []Ratio{{16, 9}, {4, 3}, {1, 1}}

// CropWidth is the widest a crop is stored: what Google Discover asks of
// a picture (at least 1,200 pixels wide), and no wider, since nothing
// else shows the crops.
const CropWidth = 1200

// String is the ratio as it appears in a crop's file name: "16x9".
func (r Ratio) String() string { return fmt.Sprintf("%dx%d", r.W, r.H) }

// ParseRatio reads a ratio written by String; ok is false for anything
// else.
func ParseRatio(s string) (r Ratio, ok bool) {
	w, h, found := strings.Cut(s, "x")
	if !found {
		return Ratio{}, false
	}
	r.W, _ = strconv.Atoi(w)
	r.H, _ = strconv.Atoi(h)
	return r, r.W > 0 && r.H > 0 && r.String() == s
}

// CropRect is the part of a width × height picture that its crop to r
// keeps: the largest rectangle of that ratio, centred.
func CropRect(width, height int, r Ratio) image.Rectangle {
	w, h := width, max(1, width*r.H/r.W)
	if h > height {
		w, h = max(1, height*r.W/r.H), height
	}
	x, y := (width-w)/2, (height-h)/2
	return image.Rect(x, y, x+w, y+h)
}

// CropSize is the size of the stored crop to r of a width × height
// picture: CropRect, scaled down to CropWidth when it is wider.
func CropSize(width, height int, r Ratio) (w, h int) {
	rect := CropRect(width, height, r)
	w, h = rect.Dx(), rect.Dy()
	if w > CropWidth {
		w, h = CropWidth, max(1, (CropWidth*r.H+r.W/2)/r.W)
	}
	return w, h
}

// Crop is one stored crop of a picture.
type Crop struct {
	URL           string // public path
	Width, Height int
}

// Crop is the stored crop of the picture to r; ok is false when the
// library made none.
func (im *Image) Crop(r Ratio) (c Crop, ok bool) {
	for _, have := range im.Crops {
		if have == r {
			w, h := CropSize(im.Width, im.Height, r)
			return Crop{URL: "/media/" + im.Name + "-" + r.String() + im.Ext, Width: w, Height: h}, true
		}
	}
	return Crop{}, false
}
