package media

import (
	"encoding/binary"
	"testing"
)

func TestSniff(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		data string
		want *format
	}{
		{"JPEG starts with FF D8 FF", "\xff\xd8\xff\xe0rest", formatJPEG},
		{"PNG starts with its signature", "\x89PNG\r\n\x1a\nrest", formatPNG},
		{"GIF87a is GIF", "GIF87a....", formatGIF},
		{"GIF89a is GIF", "GIF89a....", formatGIF},
		{"a RIFF file of type WEBP is WebP", "RIFF\x00\x00\x00\x00WEBPVP8 ", formatWebP},
		{"a RIFF file of another type is nothing", "RIFF\x00\x00\x00\x00WAVEfmt ", nil},
		{"a short RIFF header is nothing", "RIFF\x00\x00", nil},
		{"SVG is nothing", `<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"/>`, nil},
		{"HTML is nothing", "<!doctype html><title>x</title>", nil},
		{"BMP is nothing", "BM\x00\x00\x00\x00", nil},
		{"TIFF is nothing", "II*\x00\x08\x00\x00\x00", nil},
		{"JPEG magic after a leading space is nothing", " \xff\xd8\xff", nil},
		{"nothing is nothing", "", nil},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := sniff([]byte(tc.data)); got != tc.want {
				t.Errorf("sniff = %v, want %v", got, tc.want)
			}
		})
	}
}

func TestGIFFrames(t *testing.T) {
	t.Parallel()
	one := gifOf(t, 20, 10, 1)
	tests := []struct {
		name    string
		data    []byte
		want    int
		wantErr bool
	}{
		{"a still GIF has one frame", one, 1, false},
		{"an animation has as many frames as it shows", gifOf(t, 20, 10, 4), 4, false},
		{"a GIF without its trailer still counts", one[:len(one)-1], 1, false},
		{"a GIF cut inside its pixels is malformed", one[:len(one)-5], 0, true},
		{"a GIF with bytes of HTML after its header is malformed", append(append([]byte(nil), one[:13]...), "<html>"...), 0, true},
		{"a GIF header alone is malformed", one[:13], 0, true},
		{"a GIF cut inside its colour table is malformed", one[:15], 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			got, err := gifFrames(tc.data)
			if got != tc.want || (err != nil) != tc.wantErr {
				t.Errorf("gifFrames = %d, %v; want %d, error %v", got, err, tc.want, tc.wantErr)
			}
		})
	}
}

func TestExifOrientation(t *testing.T) {
	t.Parallel()
	jpg := jpegOf(t, picture(16, 16))
	xmp := segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta/>"))
	long := exifSegment(binary.LittleEndian, 6, "")
	long[4+6+8+2+2] = 4 // the entry's type: LONG instead of SHORT
	tests := []struct {
		name string
		data []byte
		want int
	}{
		{"a JPEG without Exif is upright", jpg, 1},
		{"little-endian Exif is read", afterSOI(jpg, exifSegment(binary.LittleEndian, 6, "")), 6},
		{"big-endian Exif is read", afterSOI(jpg, exifSegment(binary.BigEndian, 8, "")), 8},
		{"Exif after an XMP segment is found", afterSOI(jpg, xmp, exifSegment(binary.BigEndian, 3, "")), 3},
		{"fill bytes before a marker are skipped", afterSOI(jpg, []byte{0xff}, exifSegment(binary.BigEndian, 5, "")), 5},
		{"an orientation of another type is ignored", afterSOI(jpg, long), 1},
		{"an orientation out of range is ignored", afterSOI(jpg, exifSegment(binary.BigEndian, 0, "")), 1},
		{"Exif cut short is ignored", afterSOI(jpg, exifSegment(binary.BigEndian, 6, "")[:20]), 1},
		{"a segment longer than the file is ignored", []byte("\xff\xd8\xff\xe1\xff\xffExif\x00\x00"), 1},
		{"not a JPEG is upright", []byte("\x89PNG\r\n\x1a\n"), 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if got := exifOrientation(tc.data); got != tc.want {
				t.Errorf("exifOrientation = %d, want %d", got, tc.want)
			}
		})
	}
}
