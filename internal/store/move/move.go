package move

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/media"
	"dateline/internal/progress"
	"dateline/internal/store/postgres"
)

// Config says what to move where.
type Config struct {
	// Source is the path of the site's SQLite file.
	Source string
	// Target is the postgres:// URL of the database to fill.
	Target string
	// Force empties the target's dateline tables first, in the copy's
	// transaction, when they hold rows; without it such a target is
	// refused.
	Force bool
	// MediaFrom is the media folder; empty is the folder "media" beside
	// the database, where dateline serve keeps it.
	MediaFrom string
	// MediaTo, when set, receives every file of the media folder; nil
	// leaves the files where they are. MediaToName names it in the report.
	MediaTo     media.Storage
	MediaToName string
	// Progress, when set, hears how far the move has come, on a terminal
	// when Terminal is set.
	Progress io.Writer
	Terminal bool

	// snapshotted, set by tests, is called once the source's snapshot is
	// taken, before anything is copied.
	snapshotted func()
}

// Report is what was moved and what the check at the end found.
type Report struct {
	Source string
	Schema int    // the source's migration
	Target string // server and database, without user or password
	// InUse is set when another process had the source open: the copy is
	// of the moment it began.
	InUse  bool
	Tables []TableReport
	// Indexed is the number of published posts in the new search index.
	Indexed   int
	Sequences int
	Media     *MediaReport // nil when the files were not copied
	MediaDir  string       // the folder the files stay in, when not copied
	Committed bool
	Elapsed   time.Duration
}

// TableReport is one table on both sides: its rows and the checksum of
// its normalised values.
type TableReport struct {
	Name                   string
	SourceRows, TargetRows int64
	SourceSum, TargetSum   string
}

// Same reports whether the table came through whole.
func (t TableReport) Same() bool {
	return t.SourceRows == t.TargetRows && t.SourceSum == t.TargetSum
}

// ErrDifferent is the failure of the check at the end: a table whose
// copy differs from the source. Nothing was committed.
var ErrDifferent = errors.New("the copy differs from the source")

// Run moves the site. The report is returned with the error when there is
// one and something was learnt; a failure leaves the target's tables as
// they were (media files already copied stay, and a second run accepts
// them).
func Run(ctx context.Context, cfg Config) (*Report, error) {
	p := progress.New(cfg.Progress, "migrate", cfg.Terminal)
	defer p.Done()
	src, err := openSource(ctx, cfg.Source)
	if err != nil {
		return nil, err
	}
	defer src.close()
	if cfg.snapshotted != nil {
		cfg.snapshotted()
	}
	rep := &Report{Source: cfg.Source, Schema: src.schema, InUse: src.inUse}
	if src.inUse {
		p.Say("another process has %s open: the copy is of the moment it began, and what is written after that is not in it", cfg.Source)
	}
	dst, err := openTarget(ctx, cfg.Target)
	if err != nil {
		return nil, err
	}
	defer dst.close()
	rep.Target = dst.where
	plan, err := plan(src, dst)
	if err != nil {
		return rep, err
	}
	// Said before any file is sent; said again under the lock.
	if full, err := occupied(ctx, dst.st.Pool()); err != nil {
		return rep, err
	} else if len(full) > 0 && !cfg.Force {
		return rep, errOccupied(dst.where, full)
	}
	counts := map[string]int64{}
	for _, t := range plan {
		if counts[t.name], err = src.count(ctx, t.name); err != nil {
			return rep, err
		}
	}

	mediaDir := cfg.MediaFrom
	if mediaDir == "" {
		mediaDir = filepath.Join(filepath.Dir(cfg.Source), "media")
	}
	rep.MediaDir = mediaDir
	if cfg.MediaTo != nil {
		pictures, err := src.pictures(ctx)
		if err != nil {
			return rep, err
		}
		rep.Media, err = copyMedia(ctx, mediaDir, cfg.MediaTo, cfg.MediaToName, pictures, p)
		if err != nil {
			return rep, err
		}
	}

	err = pgx.BeginFunc(ctx, dst.st.Pool(), func(tx pgx.Tx) error {
		return copyAll(ctx, tx, src, dst, plan, counts, cfg.Force, rep, p)
	})
	rep.Elapsed = p.Elapsed()
	if err != nil {
		return rep, err
	}
	rep.Committed = true
	return rep, nil
}

// copyAll is the one transaction: lock, empty when forced, copy, index,
// set the sequences, read everything back and compare. Any error rolls
// it all back.
func copyAll(ctx context.Context, tx pgx.Tx, src *source, dst *target, plan []table, counts map[string]int64, force bool, rep *Report, p *progress.Writer) error {
	if err := lock(ctx, tx); err != nil {
		return err
	}
	full, err := occupied(ctx, tx)
	if err != nil {
		return err
	}
	switch {
	case len(full) > 0 && !force:
		return errOccupied(dst.where, full)
	case len(full) > 0:
		p.Say("emptying the target's tables (--force): %s", strings.Join(full, ", "))
		if err := empty(ctx, tx); err != nil {
			return err
		}
	}
	// Rows are copied as they are: the triggers that keep derived rows
	// (the archive's month counts) would make them again, row by row.
	triggered, err := setTriggers(ctx, tx, false, nil)
	if err != nil {
		return err
	}
	sums := map[string]*checksum{}
	for _, t := range plan {
		rows, err := src.rows(ctx, t)
		if err != nil {
			return err
		}
		total := counts[t.name]
		c := &copyRows{rows: rows, table: t, sum: newChecksum(), scan: make([]any, len(t.columns)), values: make([]any, len(t.columns)),
			done: func(n int64) { p.Tick("copy %-18s %s %d of %d rows", t.name, progress.Bar(n, total), n, total) }}
		n, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.names(), c)
		rows.Close()
		if err != nil {
			return fmt.Errorf("copy %s: %w", t.name, err)
		}
		if n != c.sum.rows {
			return fmt.Errorf("copy %s: %d rows read, %d written", t.name, c.sum.rows, n)
		}
		sums[t.name] = c.sum
		p.Say("copied %-18s %d rows", t.name, n)
	}
	if _, err := setTriggers(ctx, tx, true, triggered); err != nil {
		return err
	}
	// The search index's own indexes are made once, after its rows,
	// rather than updated for every one.
	restore, err := dropIndexes(ctx, tx, searchTable)
	if err != nil {
		return err
	}
	p.Say("search index: indexing the %d published posts (the longest step: PostgreSQL reads every word)", src.indexable)
	if rep.Indexed, err = postgres.IndexAll(ctx, tx); err != nil {
		return err
	}
	p.Say("search index: %d published posts indexed; making its indexes", rep.Indexed)
	if err := restore(); err != nil {
		return err
	}
	if rep.Sequences, err = dst.setSequences(ctx, tx); err != nil {
		return err
	}

	var differ []string
	for _, t := range plan {
		total := counts[t.name]
		back, err := readBack(ctx, tx, t, func(n int64) {
			p.Tick("check %-18s %s %d of %d rows", t.name, progress.Bar(n, total), n, total)
		})
		if err != nil {
			return err
		}
		tr := TableReport{Name: t.name, SourceRows: sums[t.name].rows, TargetRows: back.rows,
			SourceSum: sums[t.name].sum(), TargetSum: back.sum()}
		rep.Tables = append(rep.Tables, tr)
		if !tr.Same() {
			differ = append(differ, t.name)
		}
	}
	if want := src.indexable; rep.Indexed != want {
		return fmt.Errorf("the search index holds %d posts, the source has %d published: %w; nothing was committed", rep.Indexed, want, ErrDifferent)
	}
	if len(differ) > 0 {
		return fmt.Errorf("%w in %s; nothing was committed", ErrDifferent, strings.Join(differ, ", "))
	}
	p.Say("checked: every table has the same rows and checksum on both sides")
	return nil
}

// Print writes the report for the person who ran the move.
func (r *Report) Print(w io.Writer) {
	if r.InUse {
		fmt.Fprintf(w, "note: another process had %s open (a server?): the copy is of the moment it began; stop the server before it serves from PostgreSQL, or what it wrote since is left behind\n", r.Source)
	}
	if r.Committed {
		fmt.Fprintf(w, "moved %s (SQLite, migration %d) to PostgreSQL at %s in %v\n", r.Source, r.Schema, r.Target, r.Elapsed)
	} else {
		fmt.Fprintf(w, "nothing was committed to PostgreSQL at %s: it holds what it held before\n", r.Target)
	}
	if len(r.Tables) > 0 {
		fmt.Fprintf(w, "%-20s %21s  %-29s\n", "table", "rows SQLite → PG", "checksum SQLite → PG")
		for _, t := range r.Tables {
			verdict := "same"
			if !t.Same() {
				verdict = "DIFFERENT"
			}
			fmt.Fprintf(w, "%-20s %10d → %-8d  %s → %s  %s\n", t.Name, t.SourceRows, t.TargetRows, short(t.SourceSum), short(t.TargetSum), verdict)
		}
		fmt.Fprintln(w, "(checksums: SHA-256 of each table's rows in key order, values normalised alike: times in UTC, flags true/false, NULL apart)")
	}
	if r.Committed {
		fmt.Fprintf(w, "search index: built anew for the %d published posts (SQLite's index is not copied: PostgreSQL keeps its own)\n", r.Indexed)
		fmt.Fprintf(w, "sequences: %d set past the highest ids copied\n", r.Sequences)
		for _, t := range r.Tables {
			if t.Name == "sessions" {
				fmt.Fprintf(w, "sessions: copied (%d), so whoever is signed in stays signed in\n", t.TargetRows)
			}
		}
	}
	switch m := r.Media; {
	case m != nil:
		fmt.Fprintf(w, "media: %d files (%s) from %s are in %s", m.Files, progress.Megabytes(m.Bytes), m.From, m.To)
		if m.Already > 0 {
			fmt.Fprintf(w, " (%d of them were there already)", m.Already)
		}
		fmt.Fprintf(w, "; the files of the %d pictures are there\n", m.Pictures)
		if len(m.Missing) > 0 {
			fmt.Fprintf(w, "media: %d files the pictures name were not in %s, so are not in %s either: %s\n", len(m.Missing), m.From, m.To, listSome(m.Missing))
		}
		if len(m.LeftOut) > 0 {
			fmt.Fprintf(w, "media: left out %d files under names the library never makes: %s\n", len(m.LeftOut), listSome(m.LeftOut))
		}
	case r.Committed:
		fmt.Fprintf(w, "media: files not copied (no --media-to): they stay in %s; serve them from there (--data), or copy them to object storage with --media-to\n", r.MediaDir)
	}
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

// listSome names the first few of a list.
func listSome(names []string) string {
	const some = 5
	if len(names) <= some {
		return strings.Join(names, ", ")
	}
	return strings.Join(names[:some], ", ") + fmt.Sprintf(" and %d more", len(names)-some)
}
