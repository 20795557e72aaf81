// Package backend opens the store that a database URL names. Every
// program that takes a --db URL (dateline's commands, and the load
// benchmark's bench/seed and bench/probe) opens it here, so they all take
// the same URLs and give the same advice when a database cannot be opened.
package backend

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"dateline/internal/store"
	"dateline/internal/store/postgres"
	"dateline/internal/store/sqlite"
)

// Open opens the store the database URL dbURL names, as the --db flag
// takes it: sqlite:PATH (the file and its folder made if missing) or
// postgres://… (postgresql://… too), its schema brought up to date. A
// database that takes no writes is refused with an error that wraps
// store.ErrReadOnly and says what to do; a PostgreSQL URL is never
// repeated in an error, as it may hold a password.
func Open(ctx context.Context, dbURL string) (store.Store, error) {
	return OpenReplicated(ctx, dbURL, "")
}

// OpenReplicated is Open with the read-only replica of a PostgreSQL
// database at replicaURL (--db-replica; none when it is empty), which
// answers the reads of readers' public requests (postgres.OpenReplicated).
func OpenReplicated(ctx context.Context, dbURL, replicaURL string) (store.Store, error) {
	switch {
	case strings.HasPrefix(dbURL, "sqlite:"):
		path := strings.TrimPrefix(dbURL, "sqlite:")
		if replicaURL != "" {
			return nil, errors.New("--db-replica is a replica of a PostgreSQL database: --db must name one (postgres://…)")
		}
		if path == "" {
			return nil, errors.New("--db sqlite: needs a file path")
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return nil, fmt.Errorf("create database folder: %w", err)
		}
		st, err := sqlite.Open(ctx, path)
		switch {
		case errors.Is(err, store.ErrReadOnly):
			return nil, fmt.Errorf("%w\n%s", err, readOnlyAdvice(path))
		case errors.Is(err, store.ErrFull):
			// SQLite needs room for the index of its log to open the
			// database at all.
			return nil, fmt.Errorf("%w\nThe disk is full, so the database cannot even be opened. Make room on it (df -h %s), then start dateline again.", err, filepath.Dir(path))
		}
		return st, err
	case strings.HasPrefix(dbURL, "postgres://"), strings.HasPrefix(dbURL, "postgresql://"):
		// The URL is not repeated in errors: it may hold a password.
		st, err := postgres.OpenReplicated(ctx, dbURL, replicaURL)
		if errors.Is(err, store.ErrReadOnly) {
			return nil, fmt.Errorf("%w\nThe PostgreSQL server takes no writes (a standby, or default_transaction_read_only is on), so dateline will not open it: point --db at the primary.", err)
		}
		return st, err
	}
	return nil, fmt.Errorf("--db %q: use sqlite:PATH or postgres://USER@HOST/DATABASE", dbURL)
}

// readOnlyAdvice is what to do about a database that cannot be written.
// dateline does not start on one: it could not apply a migration or keep
// a new secret, and a disk the kernel made read-only after an error wants
// a check before anything runs on it again. (A server already running
// when the disk goes read-only keeps serving readers.)
func readOnlyAdvice(path string) string {
	return fmt.Sprintf(`The database cannot be written, so dateline will not open it. Make it writable, then start dateline again:
  - its file system must be mounted read-write (findmnt -T %[1]s); after a disk error the kernel
    remounts it read-only: stop what uses it, unmount it, check it with e2fsck -f and mount it again;
  - its files must not be immutable (lsattr %[1]s*; chattr -i undoes it);
  - its files and their folder must belong to the user dateline runs as (ls -l %[1]s*).`, path)
}
