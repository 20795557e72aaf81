package store

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

var (
	// ErrFull means the disk that holds the data is full: the write was
	// refused and nothing of it was kept. Reads go on, and the same write
	// succeeds once there is room again.
	ErrFull = errors.New("the disk is full")
	// ErrReadOnly means the data may not be written: its file system was
	// remounted read-only (as the kernel does after a disk error), or the
	// files were made read-only. The write was refused and nothing of it
	// was kept; reads go on.
	ErrReadOnly = errors.New("the disk is read-only")
)

// Unwritable reports whether err is a write the disk refused, ErrFull or
// ErrReadOnly: nothing was wrong with what was asked, and it may be asked
// again once the disk takes writes.
func Unwritable(err error) bool { return errors.Is(err, ErrFull) || errors.Is(err, ErrReadOnly) }

// DiskError classifies an error of the file system: no space left
// (ENOSPC, EDQUOT) wraps ErrFull, a read-only file system or a file that
// may not be written (EROFS, EPERM, EACCES) ErrReadOnly; any other error
// is returned as it is. It is the one place that reads those system
// errors, for the database and the media folder alike.
func DiskError(err error) error {
	switch {
	case err == nil, Unwritable(err):
		return err
	case errors.Is(err, syscall.ENOSPC), errors.Is(err, syscall.EDQUOT):
		return fmt.Errorf("%w: %w", ErrFull, err)
	case errors.Is(err, syscall.EROFS), errors.Is(err, fs.ErrPermission):
		return fmt.Errorf("%w: %w", ErrReadOnly, err)
	}
	return err
}

// WriteHealth follows whether one place of the data (the database, the
// media folder) takes writes, for /readyz, /metrics and the log. Its
// writer tells it the outcome of each write with Observe. The first
// refusal is logged at error level and the first write to go through
// after refusals at info, once each however many writes are refused in
// between, so that a full disk does not also fill the log.
type WriteHealth struct {
	what    string
	refused atomic.Bool // read without the lock by every write that goes through
	full    atomic.Uint64
	ro      atomic.Uint64

	mu    sync.Mutex
	log   *slog.Logger
	err   error // the last refusal, while refused
	since time.Time
}

// NewWriteHealth follows the writes of what ("database", "media folder").
func NewWriteHealth(what string) *WriteHealth { return &WriteHealth{what: what} }

// SetLogger names where the changes are logged; nothing is logged before.
func (h *WriteHealth) SetLogger(log *slog.Logger) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.log = log
}

// Observe takes the outcome of a write: nil for one that went through, an
// error for one that failed. Only refusals of the disk (Unwritable) count
// as failures; other errors (a conflict, a cancelled request) say nothing
// of the disk and are ignored.
func (h *WriteHealth) Observe(err error) {
	switch {
	case err == nil:
		if h.refused.Load() {
			h.recovered()
		}
	case errors.Is(err, ErrFull):
		h.full.Add(1)
		h.refuse(err)
	case errors.Is(err, ErrReadOnly):
		h.ro.Add(1)
		h.refuse(err)
	}
}

func (h *WriteHealth) refuse(err error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.refused.Load() {
		h.since = time.Now()
		if h.log != nil {
			h.log.Error("writes refused: readers are served, nothing can be saved", slog.String("what", h.what), slog.Any("err", err))
		}
	}
	h.err = err
	h.refused.Store(true)
}

func (h *WriteHealth) recovered() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.refused.Load() {
		return
	}
	if h.log != nil {
		h.log.Info("writes go through again", slog.String("what", h.what),
			slog.Duration("refused_for", time.Since(h.since).Round(time.Second)))
	}
	h.refused.Store(false)
	h.err = nil
}

// Refused reports whether the last write that said anything of the disk
// was refused.
func (h *WriteHealth) Refused() bool { return h.refused.Load() }

// Err is nil while writes go through, and otherwise says since when they
// are refused and why; it wraps ErrFull or ErrReadOnly.
func (h *WriteHealth) Err() error {
	if !h.refused.Load() {
		return nil
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.err == nil {
		return nil
	}
	cause := ErrReadOnly
	if errors.Is(h.err, ErrFull) {
		cause = ErrFull
	}
	return fmt.Errorf("%s: %w (writes refused since %s)", h.what, cause, h.since.UTC().Format(time.RFC3339))
}

// What is the place followed, as NewWriteHealth was told.
func (h *WriteHealth) What() string { return h.what }

// Refusals counts the writes refused so far, by cause.
func (h *WriteHealth) Refusals() (full, readOnly uint64) { return h.full.Load(), h.ro.Load() }
