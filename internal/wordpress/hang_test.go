package wordpress

import (
	"bytes"
	"io"
	"math/rand"
	"os"
	"testing"
	"time"
)

func TestHangHunt(t *testing.T) {
	seeds := [][]byte{}
	for _, n := range []string{"testdata/news-1.2.xml", "testdata/wxr-1.0.xml", "testdata/wxr-1.1.xml"} {
		b, _ := os.ReadFile(n)
		seeds = append(seeds, b)
	}
	seeds = append(seeds, []byte(wxr(item("1", "<content:encoded><![CDATA[x]]]]><![CDATA[>]]></content:encoded>"))), []byte("<!DOCTYPE x [<!ENTITY a 'b'>]><rss/>"), []byte("\xff\xfe<\x00r\x00"))
	rng := rand.New(rand.NewSource(1))
	for n := 0; n < 20000; n++ {
		src := append([]byte(nil), seeds[rng.Intn(len(seeds))]...)
		for k := rng.Intn(4); k >= 0; k-- {
			if len(src) == 0 {
				break
			}
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
		done := make(chan struct{})
		go func() {
			r := NewReader(bytes.NewReader(src), Options{MaxBody: 1 << 10, MaxComment: 256, MaxItem: 4 << 10})
			for range 10000 {
				if _, err := r.Next(); err != nil {
					break
				}
			}
			close(done)
		}()
		select {
		case <-done:
		case <-time.After(3 * time.Second):
			os.WriteFile("/tmp/hang.xml", src, 0o644)
			t.Fatalf("hang on input %d", n)
		}
	}
	_ = io.EOF
}
