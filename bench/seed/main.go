// Command seed fills a fresh data folder with a large archive for the load
// benchmark (bench/run.sh): by default 10,000 published stories over eight
// sections, forty authors and 2,000 tags, with shared pictures, readers'
// comments and a week of page views, all written through the newsroom's
// services (internal/demo.Bulk). It reports how long each part took.
//
// Usage: go run ./bench/seed --data DIR [--db URL] [--articles 10000]
//
//	[--workers N] [--now 2026-12-01T12:00:00Z] [--comment-mode approve_all]
//
// The folder is laid out as `dateline serve --data DIR` expects it
// (DIR/dateline.db, DIR/media); with --db (sqlite:PATH or postgres://…, as
// `dateline serve --db` takes it) the stories go to that database instead
// and the pictures still to DIR/media. The stories are filed by an
// administrator with the email desk@bench.example, for `dateline token
// create`.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/pprof"
	"time"

	"dateline/internal/comments"
	"dateline/internal/demo"
	"dateline/internal/store/backend"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "seed:", err)
		}
		os.Exit(2)
	}
}

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("seed", flag.ContinueOnError)
	fs.SetOutput(stderr)
	data := fs.String("data", "", "data folder to fill (created; its database must be empty)")
	db := fs.String("db", "", "database: sqlite:PATH or postgres://USER@HOST/DATABASE (default sqlite:<data>/dateline.db)")
	n := fs.Int("articles", 10_000, "stories to file")
	workers := fs.Int("workers", 0, "stories filed at once (default GOMAXPROCS; 1 also gives the same ids on every run)")
	nowFlag := fs.String("now", "", "when the newest story went out, RFC 3339 (default now: the archive ends today)")
	mode := fs.String("comment-mode", string(comments.ApproveAll), "the site's comment moderation: approve_all, hold_first_time or hold_all")
	profile := fs.String("cpuprofile", "", "write a CPU profile of the seeding to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *data == "" || fs.NArg() > 0 {
		fs.Usage()
		return errors.New("give --data DIR and no other arguments")
	}
	if *n < 1 || *n > 10_000_000 {
		return fmt.Errorf("--articles %d: give between 1 and 10,000,000", *n)
	}
	if *workers < 0 || *workers > 256 {
		return fmt.Errorf("--workers %d: give between 1 and 256, or 0 for the default", *workers)
	}
	now := time.Now()
	if *nowFlag != "" {
		t, err := time.Parse(time.RFC3339, *nowFlag)
		if err != nil {
			return fmt.Errorf("--now: %w", err)
		}
		now = t
	}
	policy := comments.DefaultPolicy()
	policy.Mode = comments.Mode(*mode)
	if errs := policy.Validate(); len(errs) > 0 {
		return fmt.Errorf("--comment-mode %q: %w", *mode, errs)
	}
	if err := os.MkdirAll(*data, 0o755); err != nil {
		return err
	}
	if *db == "" {
		*db = "sqlite:" + filepath.Join(*data, "dateline.db")
	}
	st, err := backend.Open(ctx, *db)
	if err != nil {
		return err
	}
	defer st.Close()
	if *profile != "" {
		f, err := os.Create(*profile)
		if err != nil {
			return err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return err
		}
		defer pprof.StopCPUProfile()
	}
	start := time.Now()
	res, err := demo.Bulk(ctx, st, demo.BulkOptions{Articles: *n, MediaDir: filepath.Join(*data, "media"), Now: now,
		Workers: *workers, Policy: &policy,
		Progress: func(done, total int) {
			fmt.Fprintf(stderr, "\rseed: %d of %d stories", done, total)
			if done == total {
				fmt.Fprintln(stderr)
			}
		}})
	if err != nil {
		return err
	}
	took := time.Since(start)
	fmt.Fprintf(stdout, "seeded %d stories, %d comments and %d pictures in %s (%.0f stories/s)\n",
		res.Articles, res.Comments, res.Pictures, took.Round(100*time.Millisecond), float64(res.Articles)/took.Seconds())
	for _, s := range res.Steps {
		fmt.Fprintf(stdout, "  %-32s %s\n", s.Name, s.Took.Round(10*time.Millisecond))
	}
	return nil
}
