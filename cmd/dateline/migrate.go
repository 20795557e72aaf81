package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"dateline/internal/media"
	"dateline/internal/store/move"
)

// migrateCommand is "dateline migrate --from sqlite:PATH --to
// postgres://…": a whole site copied from its SQLite file into an empty
// PostgreSQL database, and its pictures into object storage with
// --media-to, checked row for row before it is committed.
func migrateCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("migrate", flag.ContinueOnError)
	fs.SetOutput(stderr)
	from := fs.String("from", "", "the site's database: sqlite:PATH")
	to := fs.String("to", "", "the PostgreSQL database to copy it into: postgres://USER@HOST/DATABASE (empty, or see --force)")
	force := fs.Bool("force", false, "copy into a target that holds rows: its dateline tables are emptied first, in the same transaction as the copy")
	mediaFrom := fs.String("media-from", "", "the site's media folder (default: the folder media beside the database)")
	mediaTo := fs.String("media-to", "", "object storage to copy the pictures to: s3://BUCKET[/PREFIX]?endpoint=HOST:PORT[&region=R][&insecure=1], keys in AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (default: the files are not copied)")
	if err := parseFlags(fs, args); err != nil {
		return err
	}
	if *from == "" || *to == "" {
		return errors.New("migrate needs both --from sqlite:PATH and --to postgres://USER@HOST/DATABASE")
	}
	path, ok := strings.CutPrefix(*from, "sqlite:")
	if !ok || path == "" {
		return fmt.Errorf("migrate: --from %q: give the site's SQLite database as sqlite:PATH", *from)
	}
	if *mediaFrom != "" && *mediaTo == "" {
		return errors.New("migrate: --media-from needs --media-to: without it the files are not copied")
	}
	cfg := move.Config{Source: filepath.Clean(path), Target: *to, Force: *force, MediaFrom: *mediaFrom,
		Progress: stderr, Terminal: isTerminal(stderr)}
	if *mediaTo != "" {
		s3, err := media.ParseS3(*mediaTo, getenv)
		if err != nil {
			return fmt.Errorf("migrate: --media-to: %w", err)
		}
		open, cancel := context.WithTimeout(ctx, 15*time.Second)
		bucket, err := media.OpenS3(open, s3)
		cancel()
		if err != nil {
			return fmt.Errorf("migrate: --media-to: %w", err)
		}
		cfg.MediaTo = bucket
		cfg.MediaToName = strings.TrimSuffix("s3://"+s3.Bucket+"/"+s3.Prefix, "/") + " at " + s3.Endpoint
	}
	rep, err := move.Run(ctx, cfg)
	if rep != nil {
		rep.Print(stdout)
	}
	if err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	return nil
}
