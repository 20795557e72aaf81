package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"dateline/internal/backup"
	"dateline/internal/clock"
	"dateline/internal/store/sqlite"
)

// sqlitePath is the file of a sqlite: database URL.
func sqlitePath(dbURL string) (string, error) {
	path, ok := strings.CutPrefix(dbURL, "sqlite:")
	if !ok || path == "" {
		return "", fmt.Errorf("--db %q: backups are of SQLite databases (sqlite:PATH)", dbURL)
	}
	return path, nil
}

// backupSource is the database and media folder named by --data and --db.
func (f *storeFlags) backupSource() (backup.Source, error) {
	db := f.db
	if db == "" {
		db = "sqlite:" + filepath.Join(f.data, backup.DatabaseName)
	}
	path, err := sqlitePath(db)
	if err != nil {
		return backup.Source{}, err
	}
	return backup.Source{Database: path, MediaDir: filepath.Join(f.data, backup.MediaFolder)}, nil
}

// parseWithFile parses flags that may come before or after the one file
// argument, which it returns.
func parseWithFile(fs *flag.FlagSet, args []string, what string) (string, error) {
	parse := func(args []string) error {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err}
		}
		return nil
	}
	if err := parse(args); err != nil {
		return "", err
	}
	if fs.NArg() == 0 {
		return "", fmt.Errorf("%s needs the backup file: dateline %s FILE", fs.Name(), what)
	}
	file := fs.Arg(0)
	if err := parse(fs.Args()[1:]); err != nil {
		return "", err
	}
	if fs.NArg() > 0 {
		return "", fmt.Errorf("%s: unexpected argument %q (one backup file at a time)", fs.Name(), fs.Arg(0))
	}
	return file, nil
}

// backupCommand is "dateline backup FILE": a snapshot of the site, taken
// while a server may go on serving it, with its media files in one archive.
func backupCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("backup", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storeFlags
	sf.register(fs, getenv)
	file, err := parseWithFile(fs, args, "backup [--data DIR] FILE.tar.gz")
	if err != nil {
		return err
	}
	src, err := sf.backupSource()
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	m, err := backup.Create(ctx, file, src, backup.Options{Program: version(), Progress: stderr})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	files, bytes := m.MediaFiles()
	fmt.Fprintf(stdout, "backed up %s (migration %d) and %d media files (%s) into %s\n", src.Database, m.Schema, files, sizeOf(bytes), file)
	return nil
}

// restoreCommand is "dateline restore FILE": a backup brought into an
// empty data folder, or over one with --force.
func restoreCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storeFlags
	sf.register(fs, getenv)
	force := fs.Bool("force", false, "restore into a data folder that holds a site: its database and media are moved aside into replaced-TIME")
	file, err := parseWithFile(fs, args, "restore [--data DIR] [--force] FILE.tar.gz")
	if err != nil {
		return err
	}
	if sf.db != "" {
		if path, err := sqlitePath(sf.db); err != nil || filepath.Clean(path) != filepath.Join(sf.data, backup.DatabaseName) {
			return fmt.Errorf("restore: the database is restored as %s; unset --db (DATELINE_DB) or point --data at its folder", filepath.Join(sf.data, backup.DatabaseName))
		}
	}
	r, err := backup.Restore(ctx, file, sf.data, backup.RestoreOptions{Force: *force, Schema: sqlite.Schema(), Progress: stderr})
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	m := r.Manifest
	files, bytes := m.MediaFiles()
	fmt.Fprintf(stdout, "restored %s into %s: the database at migration %d, backed up by dateline %s at %s, and %d media files (%s); every checksum matched\n",
		file, sf.data, m.Schema, m.Program, m.Created.UTC().Format("2006-01-02 15:04 UTC"), files, sizeOf(bytes))
	if r.Replaced != "" {
		fmt.Fprintf(stdout, "the database and media that were there are in %s; delete it once the site works\n", r.Replaced)
	}
	return nil
}

func sizeOf(n int64) string {
	if n < 1<<20 {
		return fmt.Sprintf("%.1f KB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}

// backupFlags are serve's scheduled backups.
type backupFlags struct{ dir, every, keep string }

func (b *backupFlags) register(fs *flag.FlagSet, env func(name, def string) string) {
	fs.StringVar(&b.dir, "backup-dir", env("DATELINE_BACKUP_DIR", ""), "folder for scheduled backups (off when empty)")
	fs.StringVar(&b.every, "backup-every", env("DATELINE_BACKUP_EVERY", "24h"), "time between scheduled backups")
	fs.StringVar(&b.keep, "backup-keep", env("DATELINE_BACKUP_KEEP", "7"), "scheduled backups kept; older ones are deleted")
}

// schedule is the backup schedule the flags ask for, nil when
// --backup-dir is empty.
func (b backupFlags) schedule(dbURL, data string) (*backup.Schedule, error) {
	if b.dir == "" {
		return nil, nil
	}
	every, err := time.ParseDuration(b.every)
	if err != nil || every < time.Minute {
		return nil, fmt.Errorf("--backup-every %q: give a duration of at least 1m, such as 24h", b.every)
	}
	keep, err := strconv.Atoi(b.keep)
	if err != nil || keep < 1 || keep > 10000 {
		return nil, fmt.Errorf("--backup-keep %q: give the number of backups to keep, at least 1", b.keep)
	}
	path, err := sqlitePath(dbURL)
	if err != nil {
		return nil, fmt.Errorf("--backup-dir: %w", err)
	}
	return &backup.Schedule{Dir: b.dir, Every: every, Keep: keep, Program: version(), Clock: clock.Real{},
		Source: backup.Source{Database: path, MediaDir: filepath.Join(data, backup.MediaFolder)}}, nil
}
