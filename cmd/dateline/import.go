package main

import (
	"context"
	"crypto/rand"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"time"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/members"
	"dateline/internal/store/backend"
	"dateline/internal/taxonomy"
	"dateline/internal/wordpress"
)

// importCommand is "dateline import wordpress [flags] FILE.xml": a
// WordPress export brought in through the services, announced through the
// change log so that a server running on the same database purges what
// the import changed.
func importCommand(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "wordpress" {
		fmt.Fprintf(stderr, "dateline: use 'dateline import wordpress FILE.xml'\n\n%s", usage)
		return usageError{errors.New("import: unknown source")}
	}
	fs := flag.NewFlagSet("import wordpress", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var sf storeFlags
	sf.register(fs, getenv)
	var opt wordpress.ImportOptions
	fs.BoolVar(&opt.DryRun, "dry-run", false, "read the whole export and print what would change, writing nothing")
	role := fs.String("role", string(content.RoleContributor), "role of the members made for the export's authors: admin, editor, author or contributor")
	fs.StringVar(&opt.FallbackAuthor, "fallback-author", "", `member given the posts whose author is not in the export: "EMAIL" or "Name <EMAIL>" (default "WordPress import")`)
	fs.BoolVar(&opt.SkipPings, "skip-pings", false, "leave pingbacks and trackbacks out (by default they are imported with the comments and counted apart)")
	fs.BoolVar(&opt.FetchMedia, "fetch-media", false, "download the attachments into the media library and point the posts at the copies (by default pictures stay at their WordPress addresses)")
	fs.BoolVar(&opt.Fetch.AllowPrivate, "allow-private-media", false, "with --fetch-media, also fetch from this machine and private networks (refused by default: the export file decides the addresses)")
	fs.DurationVar(&opt.Fetch.Timeout, "media-timeout", 30*time.Second, "with --fetch-media, the longest one picture may take")
	zone := fs.String("zone", "", "time zone of the export's local dates, as WordPress's Settings → General → Timezone (default the site's)")
	fs.IntVar(&opt.BatchSize, "batch", 200, "posts written in one transaction, with their comments")
	// Flags may come after the file too: dateline import wordpress FILE --dry-run.
	parse := func(args []string) error {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return err
			}
			return usageError{err}
		}
		return nil
	}
	if err := parse(args[1:]); err != nil {
		return err
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "dateline: import wordpress needs the export file: dateline import wordpress FILE.xml")
		return usageError{errors.New("import: no file")}
	}
	path := fs.Arg(0)
	if err := parse(fs.Args()[1:]); err != nil {
		return err
	}
	// A command line it cannot run is a usage error (exit status 2),
	// said before anything is opened.
	misused := func(format string, args ...any) error {
		err := fmt.Errorf("import wordpress: "+format, args...)
		fmt.Fprintln(stderr, "dateline:", err)
		return usageError{err}
	}
	if fs.NArg() > 0 {
		return misused("unexpected argument %q (one export file at a time)", fs.Arg(0))
	}
	opt.Role = content.Role(*role)
	if !content.ValidRole(opt.Role) {
		return misused("--role %q: use admin, editor, author or contributor", *role)
	}
	if *zone != "" {
		loc, err := time.LoadLocation(*zone)
		if err != nil {
			return misused("--zone %q is not a time zone (such as Asia/Bangkok)", *zone)
		}
		opt.Location = loc
	}
	if opt.BatchSize < 1 || opt.BatchSize > 1000 {
		return misused("--batch %d: give a number of posts from 1 to 1000", opt.BatchSize)
	}
	if opt.Fetch.Timeout <= 0 {
		return misused("--media-timeout must be more than zero")
	}

	// The file is checked before the database is opened (or made).
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("import wordpress: %w", err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err != nil {
		return fmt.Errorf("import wordpress: %w", err)
	} else if !fi.Mode().IsRegular() {
		return fmt.Errorf("import wordpress: %s is not a file", path)
	}

	dbURL := sf.url()
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok && opt.DryRun {
		// A dry run writes nothing, not even a database where there is
		// none: it compares the export with an empty site, in a database
		// of its own that it removes.
		if _, err := os.Stat(path); errors.Is(err, os.ErrNotExist) {
			tmp, err := os.MkdirTemp("", "dateline-dry-run-")
			if err != nil {
				return fmt.Errorf("import wordpress: %w", err)
			}
			defer os.RemoveAll(tmp)
			dbURL = "sqlite:" + filepath.Join(tmp, "dateline.db")
			fmt.Fprintf(stdout, "There is no database at %s yet: the dry run compares the export with an empty site.\n", path)
		}
	}
	st, err := backend.Open(ctx, dbURL)
	if err != nil {
		return err
	}
	defer st.Close()
	feed := &changes.Feed{}
	journal, err := changes.NewJournal(ctx, changes.JournalConfig{Log: st, Feed: feed,
		Logger: slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: slog.LevelWarn}))})
	if err != nil {
		return fmt.Errorf("import wordpress: %w", err)
	}
	// The import's events go to the change log from the import's own
	// goroutine, at each report of progress (every batch or so) and at
	// the end, so that none is left behind when the command exits: a
	// journal goroutine stopped by a cancel could drop the last ones.
	flush := context.WithoutCancel(ctx)
	defer journal.Flush(flush)

	// The comments' secret keys the hashes of their writers' addresses;
	// a dry run stores none, and must not make the secret either.
	secret := make([]byte, 32)
	rand.Read(secret)
	if !opt.DryRun {
		if secret, err = st.Secret(ctx, "comments"); err != nil {
			return fmt.Errorf("import wordpress: %w", err)
		}
	}
	talk, err := comments.New(st, comments.Config{Secret: secret, Changes: feed})
	if err != nil {
		return fmt.Errorf("import wordpress: %w", err)
	}
	svc := wordpress.Services{
		Store:    st,
		Articles: articles.New(articles.Config{Store: st, Changes: feed}),
		Comments: talk,
		Taxonomy: taxonomy.New(taxonomy.Config{Store: st, Changes: feed}),
		Members:  members.New(members.Config{Store: st, Changes: feed}),
	}
	if opt.FetchMedia {
		svc.Media = media.New(media.Config{Store: st, Storage: media.Dir(filepath.Join(sf.data, "media")), Changes: feed})
	}
	progress := wordpress.NewProgressWriter(stdout, isTerminal(stdout))
	opt.Progress = func(p wordpress.Progress) {
		progress.Show(p)
		journal.Flush(flush)
	}
	im, err := wordpress.New(svc, opt)
	if err != nil {
		return fmt.Errorf("import wordpress: %w", err)
	}
	sum, err := im.Import(ctx, f)
	progress.Done()
	if sum != nil && (err == nil || sum.Source != "") {
		// A file refused before its header was read changed nothing.
		sum.Print(stdout)
	}
	if err != nil {
		return fmt.Errorf("import wordpress: %s: %w", path, err)
	}
	return nil
}

// isTerminal reports whether w is a terminal, where progress is redrawn
// in place.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}
