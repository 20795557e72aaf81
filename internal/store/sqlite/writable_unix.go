//go:build unix

package sqlite

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"
)

// wOK asks access(2) whether a file may be written.
const wOK = 0x2

// writable asks the system whether the database and its log may be
// written, and returns the first refusal (a read-only file system, an
// immutable file, a file of another user) or nil. access(2) does not see
// every refusal: ext4 remounted read-only after an error answers it as if
// writable and refuses only the writes, so a file is also made (and
// removed) beside the database.
func writable(path string) error {
	for _, p := range []string{path, path + "-wal"} {
		err := syscall.Access(p, wOK)
		if err != nil && !errors.Is(err, fs.ErrNotExist) {
			return &fs.PathError{Op: "access", Path: p, Err: err}
		}
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".dateline-probe-*")
	if err != nil {
		return err
	}
	f.Close()
	os.Remove(f.Name())
	return nil
}
