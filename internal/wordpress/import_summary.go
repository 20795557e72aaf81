package wordpress

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"time"

	"dateline/internal/progress"
)

// What an import counts, each a line of the summary.
const (
	CountAuthors     = "authors"
	CountSections    = "sections"
	CountTags        = "tags"
	CountPosts       = "posts"
	CountPages       = "pages"
	CountAttachments = "attachments"
	CountComments    = "comments"
	CountPingbacks   = "pingbacks" // and trackbacks
)

// countOrder is the order of the summary's lines.
var countOrder = []string{CountAuthors, CountSections, CountTags, CountPosts, CountPages, CountAttachments, CountComments, CountPingbacks}

// Count is what became of the things of one kind.
type Count struct {
	// Created were new; Updated had changed since the last import;
	// Unchanged were imported before as they are (or, for authors and
	// sections, matched a member or section the site already had).
	Created, Updated, Unchanged int
	// Skipped were left out: refused, of a kind dateline does not keep,
	// or left out by an option.
	Skipped int
}

// Kinds of Warning the importer gives, beside the reader's.
const (
	WarnRefused   WarningKind = "refused"   // dateline's rules refused the item; it was skipped
	WarnStatus    WarningKind = "status"    // a status dateline has no equal for (a protected post)
	WarnAuthor    WarningKind = "author"    // an unknown author, or one without a usable email
	WarnSlug      WarningKind = "slug"      // a slug taken or unusable, changed (the old address redirects)
	WarnParent    WarningKind = "parent"    // a reply to a comment, or a page under a page, that is not there
	WarnShortened WarningKind = "shortened" // a title or standfirst over dateline's limit, cut
	WarnMedia     WarningKind = "media"     // a picture that could not be fetched, or refused
	WarnDeleted   WarningKind = "deleted"   // imported before, deleted in dateline since: not brought back
	WarnZone      WarningKind = "zone"      // WordPress dated posts in another zone than the site's: their addresses' dates may differ
)

// maxWarnings bounds the warnings a summary keeps one by one; past it
// they are only counted.
const maxWarnings = 10000

// maxListed bounds the updated posts the summary prints one by one.
const maxListed = 100

// Summary is the outcome of an import.
type Summary struct {
	DryRun bool
	// Source names the imported site (store.LegacyLink.Source).
	Source string
	Counts map[string]*Count
	// Other counts the items of post types dateline does not keep
	// (nav_menu_item, revision, wp_block, custom types) by type.
	Other map[string]int
	// Warnings are the problems the import survived, in the order found,
	// at most maxWarnings of them; Dropped counts the rest.
	Warnings []Warning
	Dropped  int
	// ByKind counts every warning by its kind.
	ByKind map[WarningKind]int
	// Updated lists the posts and pages an earlier import made that this
	// one changed (in a dry run: would change), at most maxWarnings.
	Updated []Changed
	Elapsed time.Duration
}

// Changed is a post or page that an import updated.
type Changed struct {
	Kind  string // CountPosts or CountPages
	ID    int64  // its WordPress id
	Title string
}

func (c Changed) String() string {
	kind := strings.TrimSuffix(c.Kind, "s")
	return fmt.Sprintf("%s %d %q", kind, c.ID, c.Title)
}

func newSummary(dryRun bool) *Summary {
	s := &Summary{DryRun: dryRun, Counts: map[string]*Count{}, Other: map[string]int{}, ByKind: map[WarningKind]int{}}
	for _, k := range countOrder {
		s.Counts[k] = &Count{}
	}
	return s
}

// counted is what a summary has counted, to go back to.
type counted struct {
	counts  map[string]Count
	updated int
}

func (s *Summary) snapshot() counted {
	c := counted{counts: make(map[string]Count, len(s.Counts)), updated: len(s.Updated)}
	for k, n := range s.Counts {
		c.counts[k] = *n
	}
	return c
}

// restore takes the counts back to c: what was counted since was not
// kept. The warnings stay; they are as true of the next attempt.
func (s *Summary) restore(c counted) {
	for k, n := range c.counts {
		*s.Counts[k] = n
	}
	s.Updated = s.Updated[:c.updated]
}

func (s *Summary) warn(w Warning) {
	s.ByKind[w.Kind]++
	if len(s.Warnings) >= maxWarnings {
		s.Dropped++
		return
	}
	s.Warnings = append(s.Warnings, w)
}

func (s *Summary) warnf(item int64, kind WarningKind, format string, args ...any) {
	s.warn(Warning{ItemID: item, Kind: kind, Message: fmt.Sprintf(format, args...)})
}

// Print writes the summary for the person who ran the import.
func (s *Summary) Print(w io.Writer) {
	verb := map[bool]string{false: "", true: " (dry run: nothing was written)"}[s.DryRun]
	fmt.Fprintf(w, "Imported %s in %s%s\n", s.Source, s.Elapsed.Round(time.Millisecond), verb)
	would := ""
	if s.DryRun {
		would = "would be "
	}
	fmt.Fprintf(w, "  %-12s %9s %9s %9s %9s\n", "", would+"created", "updated", "unchanged", "skipped")
	for _, k := range countOrder {
		c := s.Counts[k]
		fmt.Fprintf(w, "  %-12s %9d %9d %9d %9d\n", k, c.Created, c.Updated, c.Unchanged, c.Skipped)
	}
	if len(s.Other) > 0 {
		var parts []string
		for _, t := range slices.Sorted(maps.Keys(s.Other)) {
			parts = append(parts, t+" "+strconv.Itoa(s.Other[t]))
		}
		fmt.Fprintf(w, "  not imported (dateline keeps posts, pages, pictures and comments): %s\n", strings.Join(parts, ", "))
	}
	if len(s.Updated) > 0 {
		verb := "updated"
		if s.DryRun {
			verb = "would be updated"
		}
		fmt.Fprintf(w, "%s (changed in WordPress since the last import):\n", verb)
		for _, c := range s.Updated[:min(len(s.Updated), maxListed)] {
			fmt.Fprintf(w, "  %s\n", c)
		}
		if n := len(s.Updated) - maxListed; n > 0 {
			fmt.Fprintf(w, "  … and %d more\n", n)
		}
	}
	total := len(s.Warnings) + s.Dropped
	if total == 0 {
		fmt.Fprintln(w, "No warnings.")
		return
	}
	var kinds []string
	for _, k := range slices.Sorted(maps.Keys(s.ByKind)) {
		kinds = append(kinds, fmt.Sprintf("%s %d", k, s.ByKind[k]))
	}
	fmt.Fprintf(w, "%d warnings (%s):\n", total, strings.Join(kinds, ", "))
	for _, warn := range s.Warnings {
		fmt.Fprintf(w, "  %s\n", warn)
	}
	if s.Dropped > 0 {
		fmt.Fprintf(w, "  … and %d more, not listed\n", s.Dropped)
	}
}

// Progress is how far an import has come, told after every batch.
type Progress struct {
	Pass     int   // 1, then 2 for the posts read again once every attachment is known
	Items    int   // items of the export read in this pass
	Bytes    int64 // of the file read in this pass
	Total    int64 // size of the file; 0 when unknown
	Elapsed  time.Duration
	Finished bool
}

// Rate is items a second so far.
func (p Progress) Rate() float64 {
	if p.Elapsed <= 0 {
		return 0
	}
	return float64(p.Items) / p.Elapsed.Seconds()
}

// Left estimates the time the pass still takes from the share of the file
// read; 0 when it cannot tell.
func (p Progress) Left() time.Duration {
	if p.Total <= 0 || p.Bytes <= 0 || p.Bytes >= p.Total {
		return 0
	}
	return time.Duration(float64(p.Elapsed) * float64(p.Total-p.Bytes) / float64(p.Bytes))
}

// String is the progress on one line: "items 4200 · 2100/s · 38% · 6s left".
func (p Progress) String() string { return p.line(true) }

// line is String, with or without the share of the file read.
func (p Progress) line(share bool) string {
	what := "items"
	if p.Pass == 2 {
		what = "posts read again for their pictures, items"
	}
	s := fmt.Sprintf("%s %d · %.0f/s", what, p.Items, p.Rate())
	if p.Total > 0 && share {
		s += fmt.Sprintf(" · %d%%", p.Bytes*100/p.Total)
	}
	if left := p.Left(); left > 0 && !p.Finished {
		s += " · " + left.Round(time.Second).String() + " left"
	}
	return s
}

// PlainEvery is how often a ProgressWriter not on a terminal writes a
// line, in the import's time.
const PlainEvery = 5 * time.Second

// ProgressWriter writes an import's progress for the person who ran it:
// on a terminal one line redrawn in place, a bar of the file read; otherwise (a log, a pipe) a
// plain line when a pass starts, every PlainEvery and when it ends. Its
// Show is an ImportOptions.Progress.
type ProgressWriter struct {
	w        io.Writer
	terminal bool
	pass     int
	last     time.Duration
	drawn    bool
}

// NewProgressWriter writes to w, which is a terminal when terminal is set.
func NewProgressWriter(w io.Writer, terminal bool) *ProgressWriter {
	return &ProgressWriter{w: w, terminal: terminal}
}

// Show tells p how far the import has come.
func (p *ProgressWriter) Show(pr Progress) {
	if p.terminal {
		if pr.Total > 0 {
			fmt.Fprintf(p.w, "\r\x1b[K%s %s", progress.Bar(pr.Bytes, pr.Total), pr.line(false))
		} else {
			fmt.Fprintf(p.w, "\r\x1b[K%s", pr)
		}
		p.drawn = true
		return
	}
	if pr.Pass == p.pass && !pr.Finished && pr.Elapsed-p.last < PlainEvery {
		return
	}
	p.pass, p.last = pr.Pass, pr.Elapsed
	fmt.Fprintln(p.w, "progress:", pr)
}

// Done ends the line drawn on a terminal, so that what follows starts on
// a line of its own.
func (p *ProgressWriter) Done() {
	if p.drawn {
		fmt.Fprintln(p.w)
		p.drawn = false
	}
}
