package wordpress

import (
	"bytes"
	"errors"
	"io"
	"math/rand"
	"os"
	"testing"
)

// mangledSeeds are exports to break: the testdata files and a few shapes
// that once tripped a reader.
func mangledSeeds(t testing.TB) [][]byte {
	var seeds [][]byte
	for _, n := range []string{"testdata/news-1.2.xml", "testdata/wxr-1.0.xml", "testdata/wxr-1.1.xml"} {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, b)
	}
	return append(seeds, []byte(wxr(item("1", "<content:encoded><![CDATA[x]]]]><![CDATA[>]]></content:encoded>"))),
		[]byte("<!DOCTYPE x [<!ENTITY a 'b'>]><rss/>"), []byte("\xff\xfe<\x00r\x00"))
}

// readsToAnEnd reads src as the import does and fails unless it ends, in
// a bounded number of records, with io.EOF or an *Error.
func readsToAnEnd(t testing.TB, src []byte) {
	r := NewReader(bytes.NewReader(src), Options{MaxBody: 1 << 10, MaxComment: 256, MaxItem: 4 << 10})
	for range 10000 {
		_, err := r.Next()
		if err == nil {
			continue
		}
		var e *Error
		if !errors.Is(err, io.EOF) && !errors.As(err, &e) {
			t.Fatalf("input %q: the reader ended with %T %v, not an *Error", src, err, err)
		}
		return
	}
	t.Fatalf("input %q: 10,000 records and no end", src)
}

// TestMangledExportsEndWithAnError cuts, drops and changes bytes of real
// exports, the same way each run: every one ends with io.EOF or an
// *Error, never a panic or a reader that goes on. FuzzReader explores
// further from the same seeds.
func TestMangledExportsEndWithAnError(t *testing.T) {
	seeds := mangledSeeds(t)
	rng := rand.New(rand.NewSource(1))
	for range 5000 {
		src := append([]byte(nil), seeds[rng.Intn(len(seeds))]...)
		for k := rng.Intn(4); k >= 0 && len(src) > 0; k-- {
			switch rng.Intn(3) {
			case 0:
				src[rng.Intn(len(src))] = byte(rng.Intn(256))
			case 1:
				src = src[:rng.Intn(len(src))]
			case 2:
				i := rng.Intn(len(src))
				src = append(src[:i], src[i+1:]...)
			}
		}
		readsToAnEnd(t, src)
	}
}
