// Package progress tells the person who ran a long command (a backup, a
// restore, moving a site to PostgreSQL) how far it has come, on the
// command's standard error: on a terminal one line redrawn in place, with
// a bar where the total is known; elsewhere (a log, a pipe, a test) a
// plain line now and then, and every line that must be read kept whole.
package progress

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Every is how often a run not on a terminal writes a line of progress.
const Every = 2 * time.Second

// redraw is how often a terminal's line is drawn again: often enough to
// look alive, seldom enough that drawing costs nothing.
const redraw = 100 * time.Millisecond

// Writer writes a run's progress to w, each line starting with the run's
// verb ("backup: …"). A Writer on a nil w writes nothing.
type Writer struct {
	w        io.Writer
	verb     string
	terminal bool
	start    time.Time
	last     time.Time
	drawn    bool // a line is on the terminal without its newline
}

// New writes to w, which is a terminal when terminal is set.
func New(w io.Writer, verb string, terminal bool) *Writer {
	now := time.Now()
	return &Writer{w: w, verb: verb, terminal: terminal, start: now, last: now}
}

// Say writes a line at once, below the line a terminal was redrawing.
func (p *Writer) Say(format string, args ...any) {
	if p.w == nil {
		return
	}
	p.Done()
	fmt.Fprintf(p.w, "%s: %s\n", p.verb, fmt.Sprintf(format, args...))
}

// Tick tells how far the run has come. On a terminal the line is redrawn
// in place, at most every tenth of a second; elsewhere a line is written
// when Every has passed since the last one.
func (p *Writer) Tick(format string, args ...any) {
	if p.w == nil {
		return
	}
	every := Every
	if p.terminal {
		every = redraw
	}
	if time.Since(p.last) < every {
		return
	}
	p.last = time.Now()
	if !p.terminal {
		p.Say(format, args...)
		return
	}
	fmt.Fprintf(p.w, "\r\x1b[K%s: %s", p.verb, fmt.Sprintf(format, args...))
	p.drawn = true
}

// Done ends the line drawn on a terminal, so that what follows starts on
// a line of its own.
func (p *Writer) Done() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}

// Elapsed is the time since the run began, to the millisecond.
func (p *Writer) Elapsed() time.Duration {
	return time.Since(p.start).Round(time.Millisecond)
}

// barWidth is the number of cells in a bar.
const barWidth = 24

// Bar draws done of total: "[##########--------------]  42%". A total of
// zero or less is a bar already full.
func Bar(done, total int64) string {
	if total <= 0 {
		done, total = 1, 1
	}
	done = min(max(done, 0), total)
	full := int(done * barWidth / total)
	return fmt.Sprintf("[%s%s] %3d%%", strings.Repeat("#", full), strings.Repeat("-", barWidth-full), done*100/total)
}

// Megabytes writes n bytes for a person: "640.0 KB", "12.3 MB", "1.20 GB".
func Megabytes(n int64) string {
	switch {
	case n < 1<<20:
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	case n < 1<<30:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
	return fmt.Sprintf("%.2f GB", float64(n)/(1<<30))
}
