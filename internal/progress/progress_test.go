package progress

import (
	"strings"
	"testing"
	"time"
)

func TestBarShowsTheShareDone(t *testing.T) {
	for _, tc := range []struct {
		done, total int64
		want        string
	}{
		{0, 10, "[------------------------]   0%"},
		{5, 10, "[############------------]  50%"},
		{10, 10, "[########################] 100%"},
		{12, 10, "[########################] 100%"},
		{0, 0, "[########################] 100%"},
		{-3, 10, "[------------------------]   0%"},
	} {
		if got := Bar(tc.done, tc.total); got != tc.want {
			t.Errorf("Bar(%d, %d) = %q, want %q", tc.done, tc.total, got, tc.want)
		}
	}
}

// A line said on a terminal starts below the line being redrawn; off a
// terminal every line is whole.
func TestSayEndsTheLineATerminalRedraws(t *testing.T) {
	var out strings.Builder
	p := New(&out, "migrate", true)
	p.last = time.Time{} // as if the last drawing were long ago
	p.Tick("users %s", Bar(1, 2))
	p.last = time.Time{}
	p.Tick("users %s", Bar(2, 2))
	p.Say("users copied")
	p.Done()
	want := "\r\x1b[Kmigrate: users " + Bar(1, 2) + "\r\x1b[Kmigrate: users " + Bar(2, 2) + "\nmigrate: users copied\n"
	if out.String() != want {
		t.Errorf("on a terminal:\n%q\nwant\n%q", out.String(), want)
	}

	out.Reset()
	p = New(&out, "migrate", false)
	p.Tick("too soon after the start")
	p.last = time.Time{}
	p.Tick("users %d of %d", 1, 2)
	p.Say("users copied")
	if want := "migrate: users 1 of 2\nmigrate: users copied\n"; out.String() != want {
		t.Errorf("off a terminal:\n%q\nwant\n%q", out.String(), want)
	}
	New(nil, "quiet", true).Say("nothing") // a nil writer writes nothing, and does not fail
}

func TestMegabytes(t *testing.T) {
	for n, want := range map[int64]string{512: "0.5 KB", 3 << 20: "3.0 MB", 3 << 30: "3.00 GB"} {
		if got := Megabytes(n); got != want {
			t.Errorf("Megabytes(%d) = %q, want %q", n, got, want)
		}
	}
}
