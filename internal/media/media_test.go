package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"image"
	"image/color"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

var goodUpload = Upload{Filename: "Flood in Bang Kapi.jpg", Alt: "Water up to the doors of shops on a Bangkok street.",
	Caption: "Bang Kapi on Monday.", Credit: "Photo: Dateline"}

func TestSaveStoresEachFormatWithItsCopies(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name          string
		body          func(t *testing.T) []byte
		ext           string
		format        string // as the stored files decode
		width, height int
		variants      []int
	}{
		{
			name: "a 1700 × 600 JPEG is stored as JPEG with copies 320, 640, 1024 and 1600 pixels wide",
			body: func(t *testing.T) []byte { return jpegOf(t, picture(1700, 600)) },
			ext:  ".jpg", format: "jpeg", width: 1700, height: 600, variants: []int{320, 640, 1024, 1600},
		},
		{
			name: "a 700 × 401 PNG stays PNG with copies 320 and 640 pixels wide",
			body: func(t *testing.T) []byte { return pngOf(t, picture(700, 401)) },
			ext:  ".png", format: "png", width: 700, height: 401, variants: []int{320, 640},
		},
		{
			name: "a PNG exactly 640 pixels wide gets only the 320 copy",
			body: func(t *testing.T) []byte { return pngOf(t, picture(640, 100)) },
			ext:  ".png", format: "png", width: 640, height: 100, variants: []int{320},
		},
		{
			name: "a still GIF becomes a PNG with its copies",
			body: func(t *testing.T) []byte { return gifOf(t, 400, 300, 1) },
			ext:  ".png", format: "png", width: 400, height: 300, variants: []int{320},
		},
		{
			name: "a WebP is stored as JPEG with its copies",
			body: func(t *testing.T) []byte { return readTestdata(t, "blue-purple-pink.webp") },
			ext:  ".jpg", format: "jpeg", width: 600, height: 400, variants: []int{320},
		},
		{
			name: "a picture narrower than every copy is stored alone",
			body: func(t *testing.T) []byte { return jpegOf(t, picture(300, 200)) },
			ext:  ".jpg", format: "jpeg", width: 300, height: 200, variants: nil,
		},
		{
			name: "a grey JPEG is stored as JPEG with its copies",
			body: func(t *testing.T) []byte { return jpegOf(t, image.NewGray(image.Rect(0, 0, 500, 50))) },
			ext:  ".jpg", format: "jpeg", width: 500, height: 50, variants: []int{320},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t, Limits{})
			im, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(tc.body(t)))
			if err != nil {
				t.Fatalf("Save: %v", err)
			}
			if !regexp.MustCompile(`^2025/07/flood-in-bang-kapi-[0-9a-f]{6}$`).MatchString(im.Name) {
				t.Errorf("name %q, want 2025/07/flood-in-bang-kapi-<6 hex digits>", im.Name)
			}
			if im.Ext != tc.ext || im.Width != tc.width || im.Height != tc.height || !slices.Equal(im.Variants, tc.variants) {
				t.Errorf("got %s %d × %d with copies %v, want %s %d × %d with copies %v",
					im.Ext, im.Width, im.Height, im.Variants, tc.ext, tc.width, tc.height, tc.variants)
			}
			if im.ID == 0 || im.Alt != goodUpload.Alt || im.Caption != goodUpload.Caption || im.Credit != goodUpload.Credit {
				t.Errorf("the image lost its ID or words: %+v", im)
			}
			_, recorded := fx.store.snapshot()
			if len(recorded) != 1 || !equalImages(recorded[0], im) {
				t.Errorf("store holds %+v, want just %+v", recorded, im)
			}

			got, want := files(t, fx.dir), storedNames(im)
			if !slices.Equal(got, want) {
				t.Fatalf("files %q, want %q", got, want)
			}
			checkDecodes(t, fx.dir, im.Name+im.Ext, tc.format, tc.width, tc.height)
			if size := int64(len(readFile(t, fx.dir, im.Name+im.Ext))); im.Bytes != size {
				t.Errorf("recorded size %d bytes, the file has %d", im.Bytes, size)
			}
			for _, w := range im.Variants {
				h := (tc.height*w + tc.width/2) / tc.width
				checkDecodes(t, fx.dir, fmt.Sprintf("%s-%d%s", im.Name, w, im.Ext), tc.format, w, h)
			}
			if !slices.Equal(im.Crops, content.CropRatios) {
				t.Errorf("crops %v, want %v", im.Crops, content.CropRatios)
			}
			for _, r := range im.Crops {
				c, _ := im.Crop(r)
				checkDecodes(t, fx.dir, strings.TrimPrefix(c.URL, "/media/"), tc.format, c.Width, c.Height)
			}
		})
	}
}

func equalImages(a, b content.Image) bool {
	return a.ID == b.ID && a.Name == b.Name && a.Ext == b.Ext && a.Width == b.Width && a.Height == b.Height &&
		a.Alt == b.Alt && a.Caption == b.Caption && a.Credit == b.Credit && slices.Equal(a.Variants, b.Variants) &&
		slices.Equal(a.Crops, b.Crops) && a.Bytes == b.Bytes
}

// storedNames are the files an image is stored as, sorted: what
// content.Image.Files names (the original, its resized copies and its
// crops), which moving a site copies.
func storedNames(im content.Image) []string {
	return slices.Sorted(slices.Values(im.Files()))
}

func checkDecodes(t *testing.T, dir, name, format string, w, h int) {
	t.Helper()
	img, got := decodeFile(t, dir, name)
	if got != format || img.Bounds().Dx() != w || img.Bounds().Dy() != h {
		t.Errorf("%s is a %d × %d %s, want %d × %d %s", name, img.Bounds().Dx(), img.Bounds().Dy(), got, w, h, format)
	}
}

func TestSaveKeepsThePicture(t *testing.T) {
	t.Parallel()
	t.Run("the copies show the same picture as the original", func(t *testing.T) {
		t.Parallel()
		fx := newFixture(t, Limits{})
		im, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(jpegOf(t, picture(1700, 500))))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{im.Name + im.Ext, im.Name + "-320" + im.Ext, im.Name + "-1600" + im.Ext} {
			img, _ := decodeFile(t, fx.dir, name)
			checkQuadrants(t, name, img, [4]color.RGBA{
				quadrantColour(false, false), quadrantColour(true, false),
				quadrantColour(false, true), quadrantColour(true, true),
			})
		}
	})
	t.Run("transparency in a WebP is drawn over white", func(t *testing.T) {
		t.Parallel()
		data := readTestdata(t, "rose-alpha.webp")
		src, _, err := image.Decode(bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		if _, _, _, a := src.At(0, 0).RGBA(); a != 0 {
			t.Fatalf("test image is not transparent in its corner (alpha %d)", a)
		}
		fx := newFixture(t, Limits{})
		im, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(data))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{im.Name + im.Ext, im.Name + "-320" + im.Ext} {
			img, _ := decodeFile(t, fx.dir, name)
			if c := img.At(1, 1); !near(c, color.White, 8) {
				t.Errorf("%s: the transparent corner is %v, want white", name, c)
			}
		}
	})
	t.Run("transparency in a PNG is kept", func(t *testing.T) {
		t.Parallel()
		src := image.NewNRGBA(image.Rect(0, 0, 400, 100))
		for i := 0; i < len(src.Pix); i += 4 {
			src.Pix[i], src.Pix[i+3] = 200, 100 // half-transparent red
		}
		fx := newFixture(t, Limits{})
		im, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(pngOf(t, src)))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range []string{im.Name + im.Ext, im.Name + "-320" + im.Ext} {
			img, _ := decodeFile(t, fx.dir, name)
			c := color.NRGBAModel.Convert(img.At(10, 10)).(color.NRGBA)
			if abs(int(c.A)-100) > 2 || abs(int(c.R)-200) > 3 {
				t.Errorf("%s: pixel is %v, want about {200 0 0 100}", name, c)
			}
		}
	})
}

// checkQuadrants compares the middle of each quadrant with the colours
// expected there: top left, top right, bottom left, bottom right.
func checkQuadrants(t *testing.T, name string, img image.Image, want [4]color.RGBA) {
	t.Helper()
	b := img.Bounds()
	at := []image.Point{
		{b.Dx() / 4, b.Dy() / 4}, {b.Dx() * 3 / 4, b.Dy() / 4},
		{b.Dx() / 4, b.Dy() * 3 / 4}, {b.Dx() * 3 / 4, b.Dy() * 3 / 4},
	}
	for i, p := range at {
		if c := img.At(b.Min.X+p.X, b.Min.Y+p.Y); !near(c, want[i], 40) {
			t.Errorf("%s: quadrant %d is %v, want %v", name, i, c, want[i])
		}
	}
}

func TestSaveRefuses(t *testing.T) {
	t.Parallel()
	jpg := jpegOf(t, picture(500, 300))
	png := pngOf(t, picture(500, 300))
	g := gifOf(t, 100, 80, 1)
	tests := []struct {
		name   string
		upload Upload
		body   []byte
		limits Limits
		want   content.FieldErrors
	}{
		{
			name:   "an SVG with a script is not an image we take",
			upload: Upload{Filename: "chart.svg", Alt: "A chart"},
			body:   []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script><rect width="10" height="10"/></svg>`),
			want:   fieldErrs("file", FileNotImage),
		},
		{
			name:   "an HTML page named photo.jpg is not an image",
			upload: Upload{Filename: "photo.jpg", Alt: "A photo"},
			body:   []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"),
			want:   fieldErrs("file", FileNotImage),
		},
		{
			name:   "random bytes are not an image",
			upload: Upload{Filename: "x.png", Alt: "x"},
			body:   []byte("\x00\x01\x02 not an image at all"),
			want:   fieldErrs("file", FileNotImage),
		},
		{
			name:   "JPEG magic bytes followed by HTML are refused as damaged",
			upload: Upload{Filename: "photo.jpg", Alt: "A photo"},
			body:   []byte("\xff\xd8\xff\xe0<html><body><script>alert(1)</script></body></html>"),
			want:   fieldErrs("file", FileDamaged),
		},
		{
			name:   "GIF magic bytes followed by a script are refused as damaged",
			upload: Upload{Filename: "a.gif", Alt: "A picture"},
			body:   []byte("GIF89a\x0a\x00\x0a\x00\x00\x00\x00<script>alert(1)</script>"),
			want:   fieldErrs("file", FileDamaged),
		},
		{
			name:   "a PNG declaring 100000 × 100000 pixels is refused as too large",
			upload: Upload{Filename: "bomb.png", Alt: "A bomb"},
			body:   pngHeader(100000, 100000),
			want:   fieldErrs("file", "The image is too large: 100000 × 100000 pixels (at most 40 megapixels)."),
		},
		{
			name:   "a JPEG declaring 65000 × 65000 pixels is refused as too large",
			upload: Upload{Filename: "bomb.jpg", Alt: "A bomb"},
			body:   jpegHeader(65000, 65000),
			want:   fieldErrs("file", "The image is too large: 65000 × 65000 pixels (at most 40 megapixels)."),
		},
		{
			name:   "a PNG 13000 pixels wide is refused for its side even with few pixels",
			upload: Upload{Filename: "strip.png", Alt: "A strip"},
			body:   pngHeader(13000, 100),
			want:   fieldErrs("file", "The image is too large: 13000 × 100 pixels (at most 12000 pixels on a side)."),
		},
		{
			name:   "a PNG declaring zero pixels is refused as damaged",
			upload: Upload{Filename: "zero.png", Alt: "Nothing"},
			body:   pngHeader(0, 10),
			want:   fieldErrs("file", FileDamaged),
		},
		{
			name:   "a lower megapixel limit is stated in the message",
			upload: Upload{Filename: "a.png", Alt: "A"},
			body:   png,
			limits: Limits{MaxPixels: 100_000},
			want:   fieldErrs("file", "The image is too large: 500 × 300 pixels (at most 0.1 megapixels)."),
		},
		{
			name:   "a truncated JPEG is refused as damaged",
			upload: Upload{Filename: "cut.jpg", Alt: "Cut"},
			body:   jpg[:len(jpg)/2],
			want:   fieldErrs("file", FileDamaged),
		},
		{
			name:   "a truncated PNG is refused as damaged",
			upload: Upload{Filename: "cut.png", Alt: "Cut"},
			body:   png[:len(png)/2],
			want:   fieldErrs("file", FileDamaged),
		},
		{
			name:   "a truncated GIF is refused as damaged",
			upload: Upload{Filename: "cut.gif", Alt: "Cut"},
			body:   g[:len(g)/2],
			want:   fieldErrs("file", FileDamaged),
		},
		{
			name:   "an empty file is refused",
			upload: Upload{Filename: "empty.jpg", Alt: "Nothing"},
			body:   nil,
			want:   fieldErrs("file", FileEmpty),
		},
		{
			name:   "a file one byte over the limit is refused",
			upload: Upload{Filename: "big.jpg", Alt: "Big"},
			body:   jpg,
			limits: Limits{MaxBytes: int64(len(jpg)) - 1},
			want:   fieldErrs("file", fmt.Sprintf("The image is larger than %s.", formatSize(int64(len(jpg))-1))),
		},
		{
			name:   "an animated GIF is refused",
			upload: Upload{Filename: "dance.gif", Alt: "Dancing"},
			body:   gifOf(t, 50, 50, 3),
			want:   fieldErrs("file", FileAnimated),
		},
		{
			name:   "an animated WebP is refused",
			upload: Upload{Filename: "dance.webp", Alt: "Dancing"},
			body:   webpAnimatedHeader(200, 100),
			want:   fieldErrs("file", FileAnimated),
		},
		{
			name:   "an image without alt text is refused with 'Please describe the image'",
			upload: Upload{Filename: "a.jpg", Alt: " \t\n"},
			body:   jpg,
			want:   fieldErrs("alt", AltMissing),
		},
		{
			name:   "alt text of 301 characters is refused",
			upload: Upload{Filename: "a.jpg", Alt: strings.Repeat("é", 301)},
			body:   jpg,
			want:   fieldErrs("alt", AltTooLong),
		},
		{
			name:   "a caption of 1001 characters and a credit of 201 are refused together",
			upload: Upload{Filename: "a.jpg", Alt: strings.Repeat("a", 300), Caption: strings.Repeat("c", 1001), Credit: strings.Repeat("d", 201)},
			body:   jpg,
			want:   fieldErrs("caption", CaptionTooLong, "credit", CreditTooLong),
		},
		{
			name:   "missing alt text and a file that is not an image are reported together",
			upload: Upload{Filename: "a.jpg"},
			body:   []byte("<html>"),
			want:   fieldErrs("alt", AltMissing, "file", FileNotImage),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			fx := newFixture(t, tc.limits)
			_, err := fx.svc.Save(context.Background(), tc.upload, bytes.NewReader(tc.body))
			var got content.FieldErrors
			if !errors.As(err, &got) {
				t.Fatalf("Save: %v, want the field errors %v", err, tc.want)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("got\n\t%q\nwant\n\t%q", got, tc.want)
			}
			assertNothingLeft(t, fx)
			if entries, _ := filepath.Glob(filepath.Join(fx.dir, "*")); len(entries) != 0 {
				t.Errorf("a refused upload created %q", entries)
			}
		})
	}
}

// endless is a body that never ends, whatever its Content-Length said.
type endless struct{ read int64 }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = 0xff
	}
	e.read += int64(len(p))
	return len(p), nil
}

func TestSaveReadsAtMostOneByteOverTheLimit(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, Limits{})
	body := &endless{}
	_, err := fx.svc.Save(context.Background(), goodUpload, io.LimitReader(body, 1<<40))
	var got content.FieldErrors
	if !errors.As(err, &got) || got.For("file") != "The image is larger than 20 MB." {
		t.Fatalf("Save: %v, want 'The image is larger than 20 MB.'", err)
	}
	// io.ReadAll asks for at most what LimitReader allows: MaxBytes + 1.
	if body.read > DefaultMaxBytes+1 {
		t.Errorf("read %d bytes of the body, want at most %d", body.read, DefaultMaxBytes+1)
	}
	assertNothingLeft(t, fx)
}

// Not parallel: it measures the memory allocated during the call.
func TestHugeDeclaredImageIsRefusedBeforeDecoding(t *testing.T) {
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"a PNG header alone declaring 100000 × 100000 pixels", pngHeader(100000, 100000)},
		{"a JPEG header alone declaring 65000 × 65000 pixels", jpegHeader(65000, 65000)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			fx := newFixture(t, Limits{})
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			start := time.Now()
			_, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(tc.body))
			elapsed := time.Since(start)
			runtime.ReadMemStats(&after)
			// The body holds no pixel data: had the decoder run, the answer
			// would be "damaged", after trying to allocate tens of gigabytes.
			var got content.FieldErrors
			if !errors.As(err, &got) || !strings.HasPrefix(got.For("file"), "The image is too large:") {
				t.Fatalf("Save: %v, want 'The image is too large'", err)
			}
			if n := after.TotalAlloc - before.TotalAlloc; n > 8<<20 {
				t.Errorf("allocated %d bytes to refuse it", n)
			}
			if elapsed > 2*time.Second {
				t.Errorf("took %v to refuse it", elapsed)
			}
			assertNothingLeft(t, fx)
		})
	}
}

func TestMetadataIsStripped(t *testing.T) {
	t.Parallel()
	const secret = "GPSLatitude 13.7563 N GPSLongitude 100.5018 E CameraSerial 4021337"
	jpg := afterSOI(jpegOf(t, picture(700, 400)),
		exifSegment(binary.BigEndian, 1, secret),
		segment(0xe1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+secret+"</x:xmpmeta>")),
		segment(0xfe, []byte("comment: "+secret)))
	png := beforeIEND(pngOf(t, picture(700, 400)),
		pngChunk("tEXt", []byte("Comment\x00"+secret)),
		pngChunk("eXIf", []byte("MM\x00*"+secret)))
	for _, tc := range []struct {
		name string
		body []byte
	}{
		{"Exif with GPS, XMP and comments are gone from a JPEG and its copies", jpg},
		{"text and Exif chunks are gone from a PNG and its copies", png},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			if !bytes.Contains(tc.body, []byte("GPS")) {
				t.Fatal("the test file has no GPS bytes to strip")
			}
			fx := newFixture(t, Limits{})
			im, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			stored := files(t, fx.dir)
			if len(stored) != 6 || !slices.Equal(stored, storedNames(im)) {
				t.Fatalf("stored %q, want the original, two copies and three crops", stored)
			}
			for _, name := range stored {
				data := readFile(t, fx.dir, name)
				for _, bad := range []string{"GPS", "Exif", "xmpmeta", "Camera", "comment"} {
					if bytes.Contains(data, []byte(bad)) {
						t.Errorf("%s still contains %q", name, bad)
					}
				}
				if strings.HasSuffix(name, ".jpg") && bytes.Contains(data, []byte{0xff, 0xe1}) {
					t.Errorf("%s still has an APP1 segment", name)
				}
			}
		})
	}
}

func TestPolyglotJPEGComesOutClean(t *testing.T) {
	t.Parallel()
	// A real JPEG that carries HTML in a comment and after its end: browsers
	// that sniff could run it. It is accepted, and re-encoding keeps only
	// its pixels. (JPEG magic followed by HTML and no image is refused:
	// see TestSaveRefuses.)
	const html = "<html><body><script>alert(document.cookie)</script></body></html>"
	body := append(afterSOI(jpegOf(t, picture(400, 300)), segment(0xfe, []byte(html))), html...)
	fx := newFixture(t, Limits{})
	im, err := fx.svc.Save(context.Background(), Upload{Filename: "innocent.jpg", Alt: "A picture"}, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range files(t, fx.dir) {
		data := readFile(t, fx.dir, name)
		if bytes.Contains(data, []byte("<script")) || bytes.Contains(data, []byte("<html")) {
			t.Errorf("%s still carries the HTML", name)
		}
	}
	if im.Ext != ".jpg" || !slices.Equal(im.Variants, []int{320}) {
		t.Errorf("stored %s with copies %v", im.Ext, im.Variants)
	}
}

func readFile(t *testing.T, dir, name string) []byte {
	t.Helper()
	data, err := fs.ReadFile(os.DirFS(dir), name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func TestPhotosAreTurnedUpright(t *testing.T) {
	t.Parallel()
	// The stored picture is 64 × 32: red, green / blue, white. Each Exif
	// orientation says how to turn it for display; the stored file must
	// already be turned.
	var (
		r = quadrantColour(false, false)
		g = quadrantColour(true, false)
		b = quadrantColour(false, true)
		w = quadrantColour(true, true)
	)
	tests := []struct {
		name        string
		orientation uint16
		order       binary.ByteOrder
		wide        bool
		want        [4]color.RGBA // top left, top right, bottom left, bottom right
	}{
		{"orientation 1 leaves the photo as it is", 1, binary.LittleEndian, true, [4]color.RGBA{r, g, b, w}},
		{"orientation 2 mirrors it", 2, binary.BigEndian, true, [4]color.RGBA{g, r, w, b}},
		{"orientation 3 turns it upside down", 3, binary.LittleEndian, true, [4]color.RGBA{w, b, g, r}},
		{"orientation 4 mirrors it upside down", 4, binary.BigEndian, true, [4]color.RGBA{b, w, r, g}},
		{"orientation 5 mirrors and turns it", 5, binary.LittleEndian, false, [4]color.RGBA{r, b, g, w}},
		{"orientation 6 turns it a quarter clockwise", 6, binary.BigEndian, false, [4]color.RGBA{b, r, w, g}},
		{"orientation 7 mirrors and turns it the other way", 7, binary.LittleEndian, false, [4]color.RGBA{w, g, b, r}},
		{"orientation 8 turns it a quarter anticlockwise", 8, binary.BigEndian, false, [4]color.RGBA{g, w, r, b}},
		{"an orientation of 9 is ignored", 9, binary.LittleEndian, true, [4]color.RGBA{r, g, b, w}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			body := afterSOI(jpegOf(t, picture(64, 32)), exifSegment(tc.order, tc.orientation, "GPS"))
			fx := newFixture(t, Limits{})
			im, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(body))
			if err != nil {
				t.Fatal(err)
			}
			wantW, wantH := 64, 32
			if !tc.wide {
				wantW, wantH = 32, 64
			}
			if im.Width != wantW || im.Height != wantH {
				t.Errorf("recorded %d × %d, want %d × %d", im.Width, im.Height, wantW, wantH)
			}
			img, _ := decodeFile(t, fx.dir, im.Name+im.Ext)
			if img.Bounds().Dx() != wantW || img.Bounds().Dy() != wantH {
				t.Errorf("stored %v, want %d × %d", img.Bounds(), wantW, wantH)
			}
			checkQuadrants(t, im.Name+im.Ext, img, tc.want)
		})
	}
}

func TestFailedUploadLeavesNothing(t *testing.T) {
	t.Parallel()
	body := jpegOf(t, picture(1100, 500)) // the original and three copies
	diskFull := errors.New("no space left on device")
	tests := []struct {
		name   string
		before func(n int, name string, cancel context.CancelFunc) error
		store  *fakeStore
	}{
		{
			name: "the third file failing removes the first two and records nothing",
			before: func(n int, _ string, _ context.CancelFunc) error {
				if n == 3 {
					return diskFull
				}
				return nil
			},
			store: &fakeStore{},
		},
		{
			name:  "the store failing removes every file",
			store: &fakeStore{fail: errors.New("database is locked")},
		},
		{
			name: "a cancelled request still removes what it wrote",
			before: func(n int, _ string, cancel context.CancelFunc) error {
				if n == 2 {
					cancel()
				}
				return nil
			},
			store: &fakeStore{},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			dir := t.TempDir()
			storage := &hookedStorage{Storage: Dir(dir)}
			if tc.before != nil {
				storage.before = func(n int, name string) error { return tc.before(n, name, cancel) }
			}
			svc := New(Config{Store: tc.store, Storage: storage, Now: july})
			_, err := svc.Save(ctx, goodUpload, bytes.NewReader(body))
			if err == nil {
				t.Fatal("Save succeeded")
			}
			var fe content.FieldErrors
			if errors.As(err, &fe) {
				t.Errorf("a server failure came back as the user's fault: %v", err)
			}
			if got := files(t, dir); len(got) != 0 {
				t.Errorf("files left behind: %q", got)
			}
			if _, recorded := tc.store.snapshot(); len(recorded) != 0 {
				t.Errorf("recorded %+v", recorded)
			}
		})
	}
}

func TestTakenNamesAreRetried(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		store   *fakeStore
		storage func(dir string) Storage
	}{
		{
			name:    "a name the store already has is replaced by a fresh one",
			store:   &fakeStore{conflicts: 1},
			storage: func(dir string) Storage { return Dir(dir) },
		},
		{
			name:  "a name already taken on disk is replaced by a fresh one",
			store: &fakeStore{},
			storage: func(dir string) Storage {
				return &hookedStorage{Storage: Dir(dir), before: func(n int, name string) error {
					if n == 2 {
						return fmt.Errorf("put %s: %w", name, fs.ErrExist)
					}
					return nil
				}}
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			svc := New(Config{Store: tc.store, Storage: tc.storage(dir), Now: july})
			im, err := svc.Save(context.Background(), goodUpload, bytes.NewReader(jpegOf(t, picture(700, 400))))
			if err != nil {
				t.Fatal(err)
			}
			want := storedNames(im)
			if len(want) != 6 { // the original, copies 320 and 640, three crops
				t.Fatalf("stored as %q", want)
			}
			if got := files(t, dir); !slices.Equal(got, want) {
				t.Errorf("files %q, want only those of the final name %q", got, want)
			}
		})
	}
	t.Run("a name that stays taken gives up after three tries", func(t *testing.T) {
		t.Parallel()
		fx := newFixture(t, Limits{})
		fx.store.conflicts = 100
		_, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(jpegOf(t, picture(100, 100))))
		if !errors.Is(err, store.ErrConflict) {
			t.Fatalf("Save: %v, want ErrConflict", err)
		}
		if calls, _ := fx.store.snapshot(); calls != 3 {
			t.Errorf("tried %d times", calls)
		}
		if got := files(t, fx.dir); len(got) != 0 {
			t.Errorf("files left behind: %q", got)
		}
	})
}

func TestStoredNames(t *testing.T) {
	t.Parallel()
	bangkok := time.FixedZone("ICT", 7*3600)
	tests := []struct {
		name     string
		filename string
		now      time.Time
		want     string // pattern before the random suffix
	}{
		{"a plain name becomes a slug in the month's folder", "Flood in Bang Kapi.JPG", july(), "2025/07/flood-in-bang-kapi"},
		{"a Windows path keeps only the file name", `C:\fakepath\IMG_0042.jpeg`, july(), "2025/07/img-0042"},
		{"a path that climbs out keeps only the file name", "../../etc/passwd", july(), "2025/07/passwd"},
		{"a name with nothing usable becomes 'image'", "...png", july(), "2025/07/image"},
		{"no name at all becomes 'image'", "", july(), "2025/07/image"},
		{"a hidden file's name loses its dot", ".hidden.png", july(), "2025/07/hidden"},
		{"a Thai name stays Thai", "น้ำท่วม.jpg", july(), "2025/07/น้ำท่วม"},
		{"the month is the month in UTC", "a.jpg", time.Date(2025, 8, 1, 2, 0, 0, 0, bangkok), "2025/07/a"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			svc := New(Config{Store: &fakeStore{}, Storage: Dir(dir), Now: func() time.Time { return tc.now }})
			im, err := svc.Save(context.Background(), Upload{Filename: tc.filename, Alt: "A picture"},
				bytes.NewReader(pngOf(t, picture(20, 10))))
			if err != nil {
				t.Fatal(err)
			}
			if !regexp.MustCompile(`^` + regexp.QuoteMeta(tc.want) + `-[0-9a-f]{6}$`).MatchString(im.Name) {
				t.Errorf("name %q, want %s-<6 hex digits>", im.Name, tc.want)
			}
		})
	}
	t.Run("a very long name is cut to fit file systems", func(t *testing.T) {
		t.Parallel()
		got := stem(strings.Repeat("น้ำท่วม ", 40) + ".jpg")
		if len(got) > maxStem || !content.ValidSlug(got) {
			t.Errorf("stem %q (%d bytes)", got, len(got))
		}
	})
}

func TestConcurrentSaves(t *testing.T) {
	t.Parallel()
	fx := newFixture(t, Limits{})
	body := jpegOf(t, picture(400, 300))
	const n = 8
	names := make([]string, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			im, err := fx.svc.Save(context.Background(), goodUpload, bytes.NewReader(body))
			if err != nil {
				t.Error(err)
			}
			names[i] = im.Name
		})
	}
	wg.Wait()
	slices.Sort(names)
	if len(slices.Compact(names)) != n {
		t.Errorf("names repeat: %q", names)
	}
	// Each: the original, its 320-pixel copy and three crops.
	if got := files(t, fx.dir); len(got) != 5*n {
		t.Errorf("%d files, want %d", len(got), 5*n)
	}
}

func TestSaveWaitsForATurnUnlessCancelled(t *testing.T) {
	t.Parallel()
	svc := New(Config{Store: &fakeStore{}, Storage: Dir(t.TempDir()), Parallel: 1})
	svc.turns <- struct{}{} // someone else is decoding
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := svc.Save(ctx, goodUpload, bytes.NewReader(pngOf(t, picture(20, 10))))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("Save: %v, want context.Canceled", err)
	}
}

func TestSaveRecordsTheImageInSQLite(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	st := teststore.Open(t)
	svc := New(Config{Store: st, Storage: Dir(t.TempDir()), Now: july})
	im, err := svc.Save(ctx, goodUpload, bytes.NewReader(jpegOf(t, picture(700, 400))))
	if err != nil {
		t.Fatal(err)
	}
	got, err := st.ImageByID(ctx, im.ID)
	if err != nil {
		t.Fatal(err)
	}
	if !equalImages(got, im) {
		t.Errorf("the store gives back %+v, want %+v", got, im)
	}
}

func TestLimitsAndMessages(t *testing.T) {
	t.Parallel()
	if got := New(Config{}).Limits(); got != (Limits{MaxBytes: 20 << 20, MaxPixels: 40_000_000, MaxSide: 12_000}) {
		t.Errorf("default limits %+v", got)
	}
	for n, want := range map[int64]string{
		20 << 20: "20 MB", 5<<20 + 1<<19: "5.5 MB", 1 << 20: "1 MB", 1500: "1.5 KB", 999: "999 bytes",
	} {
		if got := formatSize(n); got != want {
			t.Errorf("formatSize(%d) = %q, want %q", n, got, want)
		}
	}
	if err := (Upload{Alt: "A picture"}).Validate(); err != nil {
		t.Errorf("Validate: %v", err)
	}
}

// fieldErrs builds the expected errors from field, message pairs.
func fieldErrs(pairs ...string) content.FieldErrors {
	var errs content.FieldErrors
	for i := 0; i+1 < len(pairs); i += 2 {
		errs.Add(pairs[i], pairs[i+1])
	}
	return errs
}

func TestSetMaxBytesAppliesToTheNextUpload(t *testing.T) {
	fx := newFixture(t, Limits{})
	img := jpegOf(t, picture(64, 48))
	fx.svc.SetMaxBytes(int64(len(img) - 1))
	if got := fx.svc.Limits().MaxBytes; got != int64(len(img)-1) {
		t.Fatalf("Limits().MaxBytes = %d", got)
	}
	_, err := fx.svc.Save(context.Background(), Upload{Filename: "a.jpg", Alt: "A"}, bytes.NewReader(img))
	var fe content.FieldErrors
	if !errors.As(err, &fe) || !strings.HasPrefix(fe.For("file"), "The image is larger than") {
		t.Fatalf("an upload over the new limit: %v, want a file error", err)
	}
	assertNothingLeft(t, fx)
	fx.svc.SetMaxBytes(0) // back to the configured limit
	if _, err := fx.svc.Save(context.Background(), Upload{Filename: "a.jpg", Alt: "A"}, bytes.NewReader(img)); err != nil {
		t.Fatalf("after restoring the limit: %v", err)
	}
}
