package content

import (
	"image"
	"testing"
)

func TestCropsKeepTheLargestCentredRectangleAtMost1200Wide(t *testing.T) {
	tests := []struct {
		w, h       int
		r          Ratio
		rect       image.Rectangle
		outW, outH int
	}{
		{1600, 900, Ratio{16, 9}, image.Rect(0, 0, 1600, 900), 1200, 675},
		{1600, 900, Ratio{4, 3}, image.Rect(200, 0, 1400, 900), 1200, 900},
		{1600, 900, Ratio{1, 1}, image.Rect(350, 0, 1250, 900), 900, 900}, // as wide as the original allows
		{4000, 3000, Ratio{1, 1}, image.Rect(500, 0, 3500, 3000), 1200, 1200},
		{900, 1600, Ratio{16, 9}, image.Rect(0, 547, 900, 1053), 900, 506}, // a portrait photo
		{1, 1, Ratio{16, 9}, image.Rect(0, 0, 1, 1), 1, 1},                 // never empty
	}
	for _, tc := range tests {
		if got := CropRect(tc.w, tc.h, tc.r); got != tc.rect {
			t.Errorf("CropRect(%d, %d, %s) = %v, want %v", tc.w, tc.h, tc.r, got, tc.rect)
		}
		if w, h := CropSize(tc.w, tc.h, tc.r); w != tc.outW || h != tc.outH {
			t.Errorf("CropSize(%d, %d, %s) = %d × %d, want %d × %d", tc.w, tc.h, tc.r, w, h, tc.outW, tc.outH)
		}
	}
}

func TestRatiosReadBackOnlyAsWritten(t *testing.T) {
	for _, r := range CropRatios {
		if got, ok := ParseRatio(r.String()); !ok || got != r {
			t.Errorf("ParseRatio(%q) = %v, %v", r.String(), got, ok)
		}
	}
	for _, bad := range []string{"", "16", "16x", "x9", "0x1", "-1x1", "16x09", " 1x1", "1x1x1"} {
		if r, ok := ParseRatio(bad); ok {
			t.Errorf("ParseRatio(%q) = %v, want refused", bad, r)
		}
	}
}

func TestACropIsFoundOnlyWhenTheLibraryMadeIt(t *testing.T) {
	im := Image{Name: "2025/07/flood", Ext: ".jpg", Width: 1600, Height: 900, Crops: []Ratio{{16, 9}}}
	if c, ok := im.Crop(Ratio{16, 9}); !ok || c != (Crop{URL: "/media/2025/07/flood-16x9.jpg", Width: 1200, Height: 675}) {
		t.Errorf("16:9 crop = %+v, %v", c, ok)
	}
	if _, ok := im.Crop(Ratio{1, 1}); ok {
		t.Error("a crop the library never made is found")
	}
}
