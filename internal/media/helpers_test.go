package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// fakeStore records what Save asks of the store.
type fakeStore struct {
	mu        sync.Mutex
	calls     int
	images    []content.Image
	fail      error // returned by every call when set
	conflicts int   // answer store.ErrConflict this many times first
}

func (f *fakeStore) CreateImage(_ context.Context, im *content.Image) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.conflicts > 0 {
		f.conflicts--
		return fmt.Errorf("image %q: %w", im.Name, store.ErrConflict)
	}
	if f.fail != nil {
		return f.fail
	}
	im.ID = int64(len(f.images) + 1)
	f.images = append(f.images, *im)
	return nil
}

func (f *fakeStore) ImageByID(_ context.Context, id int64) (content.Image, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fail != nil {
		return content.Image{}, f.fail
	}
	if id < 1 || id > int64(len(f.images)) {
		return content.Image{}, fmt.Errorf("image %d: %w", id, store.ErrNotFound)
	}
	return f.images[id-1], nil
}

func (f *fakeStore) UpdateImageText(_ context.Context, id int64, alt, caption, credit string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	if f.fail != nil {
		return f.fail
	}
	if id < 1 || id > int64(len(f.images)) {
		return fmt.Errorf("image %d: %w", id, store.ErrNotFound)
	}
	im := &f.images[id-1]
	im.Alt, im.Caption, im.Credit = alt, caption, credit
	return nil
}

func (f *fakeStore) snapshot() (int, []content.Image) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls, append([]content.Image(nil), f.images...)
}

// hookedStorage lets a test step in before each Put.
type hookedStorage struct {
	Storage
	mu     sync.Mutex
	puts   int
	before func(n int, name string) error // n counts Puts from 1
}

func (h *hookedStorage) Put(ctx context.Context, name string, r io.Reader) error {
	h.mu.Lock()
	h.puts++
	n := h.puts
	h.mu.Unlock()
	if h.before != nil {
		if err := h.before(n, name); err != nil {
			return err
		}
	}
	return h.Storage.Put(ctx, name, r)
}

// july is the clock of most tests.
func july() time.Time { return time.Date(2025, 7, 14, 9, 30, 0, 0, time.UTC) }

type fixture struct {
	svc   *Service
	dir   string
	store *fakeStore
}

func newFixture(t testing.TB, limits Limits) fixture {
	t.Helper()
	dir := t.TempDir()
	st := &fakeStore{}
	return fixture{
		svc:   New(Config{Store: st, Storage: Dir(dir), Limits: limits, Now: july}),
		dir:   dir,
		store: st,
	}
}

// files lists every file under dir, hidden ones included, by slash path.
func files(t testing.TB, dir string) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			names = append(names, filepath.ToSlash(rel))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// assertNothingLeft checks that a refused or failed upload left no file
// and no row.
func assertNothingLeft(t *testing.T, fx fixture) {
	t.Helper()
	if got := files(t, fx.dir); len(got) != 0 {
		t.Errorf("files left behind: %q", got)
	}
	if calls, _ := fx.store.snapshot(); calls != 0 {
		t.Errorf("the store was asked to record the image %d times", calls)
	}
}

// picture draws something with detail and colour, so that encoders and
// the scaler have real work, and with a known colour in each quadrant:
// red top left, green top right, blue bottom left, white bottom right.
func picture(w, h int) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := quadrantColour(x >= w/2, y >= h/2)
			// A faint texture keeps it from being flat.
			d := uint8((x*7 + y*13) % 16)
			i := img.PixOffset(x, y)
			img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = sat(c.R, d), sat(c.G, d), sat(c.B, d), 255
		}
	}
	return img
}

func quadrantColour(right, bottom bool) color.RGBA {
	switch {
	case !right && !bottom:
		return color.RGBA{220, 20, 20, 255}
	case right && !bottom:
		return color.RGBA{20, 220, 20, 255}
	case !right && bottom:
		return color.RGBA{20, 20, 220, 255}
	}
	return color.RGBA{235, 235, 235, 255}
}

func sat(v, d uint8) uint8 {
	if v > 128 {
		return v - d
	}
	return v + d
}

func jpegOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func pngOf(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func gifOf(t testing.TB, w, h, frames int) []byte {
	t.Helper()
	palette := color.Palette{color.White, color.Black, color.RGBA{200, 0, 0, 255}}
	var g gif.GIF
	for f := range frames {
		m := image.NewPaletted(image.Rect(0, 0, w, h), palette)
		for y := range h {
			for x := range w {
				m.SetColorIndex(x, y, uint8((x/8+y/8+f)%3))
			}
		}
		g.Image = append(g.Image, m)
		g.Delay = append(g.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, &g); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func readTestdata(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// exifSegment builds a JPEG APP1 Exif segment whose first IFD holds the
// orientation, followed by extra bytes (where a camera would put GPS
// coordinates and its serial number).
func exifSegment(order binary.ByteOrder, orientation uint16, extra string) []byte {
	var t bytes.Buffer
	if order == binary.LittleEndian {
		t.WriteString("II")
	} else {
		t.WriteString("MM")
	}
	binary.Write(&t, order, uint16(42))
	binary.Write(&t, order, uint32(8)) // first IFD right after the header
	binary.Write(&t, order, uint16(1)) // one entry
	binary.Write(&t, order, uint16(0x0112))
	binary.Write(&t, order, uint16(3)) // SHORT
	binary.Write(&t, order, uint32(1))
	binary.Write(&t, order, orientation)
	binary.Write(&t, order, uint16(0))
	binary.Write(&t, order, uint32(0)) // no next IFD
	t.WriteString(extra)
	return segment(0xe1, append([]byte("Exif\x00\x00"), t.Bytes()...))
}

// segment builds a JPEG marker segment.
func segment(marker byte, payload []byte) []byte {
	n := len(payload) + 2
	return append([]byte{0xff, marker, byte(n >> 8), byte(n)}, payload...)
}

// afterSOI inserts segments right after a JPEG's start-of-image marker,
// where cameras put their metadata.
func afterSOI(jpg []byte, segs ...[]byte) []byte {
	out := append([]byte(nil), jpg[:2]...)
	for _, s := range segs {
		out = append(out, s...)
	}
	return append(out, jpg[2:]...)
}

// pngChunk builds a PNG chunk with its checksum.
func pngChunk(typ string, data []byte) []byte {
	var b bytes.Buffer
	binary.Write(&b, binary.BigEndian, uint32(len(data)))
	b.WriteString(typ)
	b.Write(data)
	binary.Write(&b, binary.BigEndian, crc32.ChecksumIEEE(append([]byte(typ), data...)))
	return b.Bytes()
}

// pngHeader is a PNG signature and IHDR chunk declaring w × h RGBA pixels,
// and nothing else: no pixel data at all.
func pngHeader(w, h uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, w)
	ihdr = binary.BigEndian.AppendUint32(ihdr, h)
	ihdr = append(ihdr, 8, 6, 0, 0, 0) // 8 bits, RGBA, deflate, no filter, no interlace
	return append([]byte("\x89PNG\r\n\x1a\n"), pngChunk("IHDR", ihdr)...)
}

// beforeIEND inserts chunks before a PNG's last chunk.
func beforeIEND(p []byte, chunks ...[]byte) []byte {
	const iend = 12
	out := append([]byte(nil), p[:len(p)-iend]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[len(p)-iend:]...)
}

// jpegHeader is the start of a JPEG (a JFIF segment and a frame header
// declaring w × h pixels), and nothing else.
func jpegHeader(w, h uint16) []byte {
	jfif := []byte("JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
	sof := []byte{8, byte(h >> 8), byte(h), byte(w >> 8), byte(w), 3,
		1, 0x22, 0, 2, 0x11, 0, 3, 0x11, 0}
	out := append([]byte{0xff, 0xd8}, segment(0xe0, jfif)...)
	return append(out, segment(0xc0, sof)...)
}

// webpAnimatedHeader is a WebP extended header with the animation flag.
func webpAnimatedHeader(w, h uint32) []byte {
	vp8x := []byte{0x02, 0, 0, 0,
		byte(w - 1), byte((w - 1) >> 8), byte((w - 1) >> 16),
		byte(h - 1), byte((h - 1) >> 8), byte((h - 1) >> 16)}
	body := append([]byte("WEBPVP8X\x0a\x00\x00\x00"), vp8x...)
	return append(append([]byte("RIFF"), binary.LittleEndian.AppendUint32(nil, uint32(len(body)))...), body...)
}

func decodeFile(t *testing.T, dir, name string) (image.Image, string) {
	t.Helper()
	f, err := os.Open(filepath.Join(dir, filepath.FromSlash(name)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, format, err := image.Decode(f)
	if err != nil {
		t.Fatalf("decode %s: %v", name, err)
	}
	return img, format
}

// near reports whether two colours are within tol of each other in every
// channel, as lossy compression allows.
func near(a, b color.Color, tol int) bool {
	ar, ag, ab, _ := a.RGBA()
	br, bg, bb, _ := b.RGBA()
	d := func(x, y uint32) bool { return abs(int(x>>8)-int(y>>8)) <= tol }
	return d(ar, br) && d(ag, bg) && d(ab, bb)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
