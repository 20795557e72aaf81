package media

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"io"
	"io/fs"
	"sync"
	"testing"

	"dateline/internal/content"
)

// memStorage keeps files in memory, for fuzzing without a disk.
type memStorage struct {
	mu    sync.Mutex
	files map[string][]byte
}

func (m *memStorage) Put(_ context.Context, name string, r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if _, ok := m.files[name]; ok {
		return fs.ErrExist
	}
	if m.files == nil {
		m.files = map[string][]byte{}
	}
	m.files[name] = data
	return nil
}

func (m *memStorage) Open(_ context.Context, name string) (*File, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	data, ok := m.files[name]
	if !ok {
		return nil, fs.ErrNotExist
	}
	return &File{ReadSeekCloser: nopCloser{bytes.NewReader(data)}, Size: int64(len(data))}, nil
}

type nopCloser struct{ io.ReadSeeker }

func (nopCloser) Close() error { return nil }

func (m *memStorage) Delete(_ context.Context, name string) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	delete(m.files, name)
	return nil
}

func FuzzSave(f *testing.F) {
	f.Add(jpegOf(f, picture(40, 30)))
	f.Add(afterSOI(jpegOf(f, picture(40, 30)), exifSegment(binary.BigEndian, 6, "GPS")))
	f.Add(pngOf(f, picture(40, 30)))
	f.Add(gifOf(f, 40, 30, 1))
	f.Add(gifOf(f, 40, 30, 2))
	f.Add(readTestdata(f, "rose-alpha.webp"))
	f.Add(pngHeader(100000, 100000))
	f.Add(jpegHeader(300, 200))
	f.Add(webpAnimatedHeader(30, 20))
	f.Fuzz(func(t *testing.T, data []byte) {
		// Small limits keep every input cheap to decode.
		limits := Limits{MaxBytes: 1 << 20, MaxPixels: 1 << 16, MaxSide: 1024}
		st, storage := &fakeStore{}, &memStorage{}
		svc := New(Config{Store: st, Storage: storage, Limits: limits, Widths: []int{16, 64}})
		im, err := svc.Save(context.Background(), Upload{Filename: "f.jpg", Alt: "fuzz"}, bytes.NewReader(data))
		calls, _ := st.snapshot()
		if err != nil {
			var fe content.FieldErrors
			if !errors.As(err, &fe) {
				t.Fatalf("an upload failed for a reason other than its content: %v", err)
			}
			if len(storage.files) != 0 || calls != 0 {
				t.Fatalf("a refused upload left %d files and %d rows", len(storage.files), calls)
			}
			return
		}
		if im.Width*im.Height > limits.MaxPixels || len(storage.files) != 1+len(im.Variants)+len(im.Crops) || calls != 1 {
			t.Fatalf("stored %+v as %d files", im, len(storage.files))
		}
	})
}

func FuzzExifOrientation(f *testing.F) {
	jpg := jpegOf(f, picture(8, 8))
	f.Add(jpg)
	f.Add(afterSOI(jpg, exifSegment(binary.LittleEndian, 6, "GPS")))
	f.Add(afterSOI(jpg, exifSegment(binary.BigEndian, 8, "")))
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := exifOrientation(data); o < 1 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}

func FuzzGIFFrames(f *testing.F) {
	f.Add(gifOf(f, 8, 8, 1))
	f.Add(gifOf(f, 8, 8, 3))
	f.Fuzz(func(t *testing.T, data []byte) {
		if n, err := gifFrames(data); n < 0 || (err != nil && n != 0) {
			t.Fatalf("gifFrames = %d, %v", n, err)
		}
	})
}
