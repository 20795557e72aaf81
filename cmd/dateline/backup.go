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
	"dateline/internal/store/postgres"
	"dateline/internal/store/sqlite"
)

// backupSourceOf is the database at dbURL (sqlite:PATH or postgres://…)
// and the media folder of the data folder.
func backupSourceOf(dbURL, data string) (backup.Source, error) {
	src := backup.Source{MediaDir: filepath.Join(data, backup.MediaFolder)}
	if isPostgres(dbURL) {
		src.Postgres = dbURL
		return src, nil
	}
	path, ok := strings.CutPrefix(dbURL, "sqlite:")
	if !ok || path == "" {
		return src, fmt.Errorf("--db %q: give sqlite:PATH or postgres://USER@HOST/DATABASE", dbURL)
	}
	src.Database = path
	return src, nil
}

func isPostgres(dbURL string) bool {
	return strings.HasPrefix(dbURL, "postgres://") || strings.HasPrefix(dbURL, "postgresql://")
}

// dbURL is --db, or the SQLite file in --data when it is not set.
func (f *storeFlags) dbURL() string {
	if f.db == "" {
		return "sqlite:" + filepath.Join(f.data, backup.DatabaseName)
	}
	return f.db
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
	src, err := backupSourceOf(sf.dbURL(), sf.data)
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	m, err := backup.Create(ctx, file, src, backup.Options{Program: version(), Progress: stderr})
	if err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	files, bytes := m.MediaFiles()
	what := src.Database
	if src.Postgres != "" {
		what = fmt.Sprintf("schema %q of the PostgreSQL database", m.PostgresSchema)
	}
	fmt.Fprintf(stdout, "backed up %s (migration %d) and %d media files (%s) into %s\n", what, m.Schema, files, sizeOf(bytes), file)
	return nil
}

// restoreCommand is "dateline restore FILE": a backup brought into an
// empty data folder, or over one with --force.
func restoreCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("restore", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storeFlags
	sf.register(fs, getenv)
	force := fs.Bool("force", false, "restore over a site: on SQLite its database and media are moved aside into replaced-TIME; on PostgreSQL the schema is dropped with everything in it and the media moved aside")
	file, err := parseWithFile(fs, args, "restore [--data DIR] [--db postgres://…] [--force] FILE.tar.gz")
	if err != nil {
		return err
	}
	o := backup.RestoreOptions{Force: *force, Schema: sqlite.Schema(), Progress: stderr}
	into := sf.data
	switch {
	case isPostgres(sf.db):
		o.Postgres, o.Schema = sf.db, postgres.Schema()
		into = "the PostgreSQL database (media into " + filepath.Join(sf.data, backup.MediaFolder) + ")"
	case sf.db != "":
		if path, ok := strings.CutPrefix(sf.db, "sqlite:"); !ok || filepath.Clean(path) != filepath.Join(sf.data, backup.DatabaseName) {
			return fmt.Errorf("restore: the database is restored as %s; unset --db (DATELINE_DB) or point --data at its folder", filepath.Join(sf.data, backup.DatabaseName))
		}
	}
	r, err := backup.Restore(ctx, file, sf.data, o)
	if err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	m := r.Manifest
	files, bytes := m.MediaFiles()
	fmt.Fprintf(stdout, "restored %s into %s: the database at migration %d, backed up by dateline %s at %s, and %d media files (%s); every checksum matched\n",
		file, into, m.Schema, m.Program, m.Created.UTC().Format("2006-01-02 15:04 UTC"), files, sizeOf(bytes))
	if r.Replaced != "" {
		fmt.Fprintf(stdout, "what was there is in %s; delete it once the site works\n", r.Replaced)
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
	src, err := backupSourceOf(dbURL, data)
	if err != nil {
		return nil, fmt.Errorf("--backup-dir: %w", err)
	}
	return &backup.Schedule{Dir: b.dir, Every: every, Keep: keep, Program: version(), Clock: clock.Real{}, Source: src}, nil
}
