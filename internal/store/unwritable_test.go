package store_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"strings"
	"syscall"
	"testing"

	"dateline/internal/store"
)

func TestDiskErrorNamesWhatTheDiskRefused(t *testing.T) {
	other := errors.New("disk I/O error")
	for _, tc := range []struct {
		name string
		err  error
		want error
	}{
		{"no space left is a full disk", &fs.PathError{Op: "write", Path: "x", Err: syscall.ENOSPC}, store.ErrFull},
		{"an exceeded quota is a full disk", fmt.Errorf("put: %w", syscall.EDQUOT), store.ErrFull},
		{"a read-only file system is read-only", &fs.PathError{Op: "open", Path: "x", Err: syscall.EROFS}, store.ErrReadOnly},
		{"an immutable file is read-only", &fs.PathError{Op: "open", Path: "x", Err: syscall.EPERM}, store.ErrReadOnly},
		{"a folder of another user is read-only", &fs.PathError{Op: "open", Path: "x", Err: syscall.EACCES}, store.ErrReadOnly},
		{"a refusal already named stays as it is", fmt.Errorf("save: %w", store.ErrFull), store.ErrFull},
		{"any other error is left alone", other, other},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := store.DiskError(tc.err)
			if !errors.Is(got, tc.want) || !errors.Is(got, tc.err) {
				t.Fatalf("DiskError(%v) = %v; want it to wrap %v and the cause", tc.err, got, tc.want)
			}
			if tc.want == other && store.Unwritable(got) {
				t.Fatalf("DiskError(%v) = %v, unwritable", tc.err, got)
			}
		})
	}
	if store.DiskError(nil) != nil {
		t.Fatal("DiskError(nil) is not nil")
	}
}

// A full disk logs once when writes stop and once when they go through
// again, however many writes are refused in between; errors that say
// nothing of the disk change nothing.
func TestWriteHealthLogsTheChangesOnly(t *testing.T) {
	var out bytes.Buffer
	h := store.NewWriteHealth("database")
	h.SetLogger(slog.New(slog.NewTextHandler(&out, nil)))
	full := fmt.Errorf("post comments: %w", store.ErrFull)

	h.Observe(nil)
	h.Observe(errors.New("already exists"))
	h.Observe(context.Canceled)
	if h.Refused() || h.Err() != nil {
		t.Fatalf("refused after writes that went through or failed for other reasons: %v", h.Err())
	}
	for range 5 {
		h.Observe(full)
	}
	h.Observe(errors.New("already exists"))
	if err := h.Err(); !errors.Is(err, store.ErrFull) || !strings.HasPrefix(err.Error(), "database: the disk is full (writes refused since ") {
		t.Fatalf("Err while the disk is full: %v", err)
	}
	h.Observe(fmt.Errorf("save: %w", store.ErrReadOnly))
	if err := h.Err(); !errors.Is(err, store.ErrReadOnly) || errors.Is(err, store.ErrFull) {
		t.Fatalf("Err says the last refusal: %v; want read-only", err)
	}
	h.Observe(nil)
	h.Observe(nil)
	if h.Err() != nil {
		t.Fatalf("Err once a write went through: %v", h.Err())
	}
	if full, ro := h.Refusals(); full != 5 || ro != 1 {
		t.Errorf("Refusals() = %d, %d; want 5, 1", full, ro)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], "level=ERROR msg=\"writes refused") ||
		!strings.Contains(lines[0], "what=database") || !strings.Contains(lines[1], "level=INFO msg=\"writes go through again\"") {
		t.Fatalf("log lines:\n%s\nwant one error when writes stopped and one line when they went through again", out.String())
	}
}
