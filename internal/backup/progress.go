package backup

import (
	"fmt"
	"io"
	"time"
)

// progressEvery is how often a long run says how far it has got.
const progressEvery = 2 * time.Second

// progress writes lines about a long run to w, the command's standard
// error; a nil w keeps it quiet. Lines in between are at most one per
// progressEvery; the first and last are always written.
type progress struct {
	w     io.Writer
	verb  string // "backup", "restore"
	start time.Time
	last  time.Time
}

func newProgress(w io.Writer, verb string) *progress {
	now := time.Now()
	return &progress{w: w, verb: verb, start: now, last: now}
}

// say writes a line at once.
func (p *progress) say(format string, args ...any) {
	if p.w == nil {
		return
	}
	fmt.Fprintf(p.w, "%s: %s\n", p.verb, fmt.Sprintf(format, args...))
}

// tick writes a line when progressEvery has passed since the last one.
func (p *progress) tick(format string, args ...any) {
	if p.w == nil || time.Since(p.last) < progressEvery {
		return
	}
	p.last = time.Now()
	p.say(format, args...)
}

func (p *progress) elapsed() time.Duration {
	return time.Since(p.start).Round(time.Millisecond)
}

// megabytes writes n bytes for a person.
func megabytes(n int64) string {
	switch {
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
}
