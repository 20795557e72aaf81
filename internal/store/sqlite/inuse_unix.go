//go:build unix

package sqlite

import (
	"os"
	"syscall"
)

// InUse reports whether another process holds a lock on the database at
// path or on its shared-memory file: SQLite in WAL mode keeps a read lock
// on the -shm file for as long as a connection is open, so a running
// server always has one. Locks of this process are not seen (POSIX locks
// belong to a process). Restore refuses such a database; moving a site
// warns that what the server writes after its snapshot stays behind.
func InUse(path string) bool {
	for _, p := range []string{path + "-shm", path} {
		f, err := os.Open(p)
		if err != nil {
			continue
		}
		lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: 0, Start: 0, Len: 0}
		err = syscall.FcntlFlock(f.Fd(), syscall.F_GETLK, &lk)
		f.Close()
		if err == nil && lk.Type != syscall.F_UNLCK {
			return true
		}
	}
	return false
}
