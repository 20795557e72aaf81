// Package logs makes the program's logger: JSON lines for a log collector,
// readable text on a terminal, written through a buffer so that a busy
// server does not make one write system call per request.
package logs

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"sync"
	"time"
)

// Format is how records are written: FormatJSON, FormatText, or FormatAuto
// (text on a terminal, JSON otherwise).
type Format string

const (
	FormatAuto Format = "auto"
	FormatJSON Format = "json"
	FormatText Format = "text"
)

// ParseFormat reads a --log-format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(s); f {
	case "", FormatAuto:
		return FormatAuto, nil
	case FormatJSON, FormatText:
		return f, nil
	}
	return "", fmt.Errorf("log format %q: use auto, json or text", s)
}

// ParseLevel reads a --log-level value: debug, info, warn or error.
// Each request's line is at info; warn leaves them out (a proxy in front
// may keep its own).
func ParseLevel(s string) (slog.Level, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(s)); err != nil || (s != "debug" && s != "info" && s != "warn" && s != "error") {
		return 0, fmt.Errorf("log level %q: use debug, info, warn or error", s)
	}
	return l, nil
}

// flushEvery bounds how long a record waits in the buffer: a line written
// now is on disk, or in the journal, within it.
const flushEvery = 200 * time.Millisecond

// bufferSize is the buffer a flush empties; a burst larger than it is
// written at once.
const bufferSize = 64 << 10

// Logger is a slog.Logger over a buffered writer. Close flushes it.
type Logger struct {
	*slog.Logger
	w    *Writer
	stop chan struct{}
	done chan struct{}
}

// New makes a logger writing records from level up to w in format.
// Records at Warn and above are written at once, the rest within
// flushEvery.
func New(w io.Writer, format Format, level slog.Level) *Logger {
	if format == FormatAuto {
		format = FormatJSON
		if isTerminal(w) {
			format = FormatText
		}
	}
	bw := &Writer{buf: bufio.NewWriterSize(w, bufferSize)}
	var h slog.Handler
	opts := &slog.HandlerOptions{Level: level}
	if format == FormatText {
		h = slog.NewTextHandler(bw, opts)
	} else {
		h = slog.NewJSONHandler(bw, opts)
	}
	l := &Logger{Logger: slog.New(urgent{Handler: h, w: bw, json: format != FormatText, plain: true}), w: bw, stop: make(chan struct{}), done: make(chan struct{})}
	go l.flushLoop()
	return l
}

func (l *Logger) flushLoop() {
	defer close(l.done)
	t := time.NewTicker(flushEvery)
	defer t.Stop()
	for {
		select {
		case <-t.C:
			l.w.Flush()
		case <-l.stop:
			l.w.Flush()
			return
		}
	}
}

// Close writes out what is buffered and stops the flusher. The logger
// still works after it, writing each record at once.
func (l *Logger) Close() {
	select {
	case <-l.stop:
	default:
		close(l.stop)
		<-l.done
		l.w.unbuffer()
	}
}

// Writer is an io.Writer that buffers until flushed; safe for concurrent use.
type Writer struct {
	mu       sync.Mutex
	buf      *bufio.Writer
	unbuffed bool
}

func (w *Writer) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	n, err := w.buf.Write(p)
	if err == nil && w.unbuffed {
		err = w.buf.Flush()
	}
	return n, err
}

// Flush writes out what is buffered.
func (w *Writer) Flush() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Flush()
}

func (w *Writer) unbuffer() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.unbuffed = true
	w.buf.Flush()
}

// urgent flushes after every record at Warn or above, so that what an
// operator must see is not held back, and is not lost if the process dies.
type urgent struct {
	slog.Handler
	w *Writer
	// json says which format the handler writes; plain that it has no
	// attributes or groups of its own, so that LogRequest may write
	// request lines itself.
	json, plain bool
}

func (u urgent) Handle(ctx context.Context, r slog.Record) error {
	err := u.Handler.Handle(ctx, r)
	if r.Level >= slog.LevelWarn {
		u.w.Flush()
	}
	return err
}

func (u urgent) WithAttrs(attrs []slog.Attr) slog.Handler {
	return urgent{Handler: u.Handler.WithAttrs(attrs), w: u.w, json: u.json}
}

func (u urgent) WithGroup(name string) slog.Handler {
	return urgent{Handler: u.Handler.WithGroup(name), w: u.w, json: u.json}
}

// isTerminal reports whether w is a character device, as a terminal is.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
