package content

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// LiveBlog is what makes an article a live blog: the lead is the article's
// body, and timestamped entries follow it, newest first. While it is open
// the page says so and readers' pages take new entries as they come;
// closing it keeps everything, as a normal article.
type LiveBlog struct {
	ArticleID int64
	// StartedAt is when the article became a live blog.
	StartedAt time.Time
	// ClosedAt is when the coverage ended; zero while it is open.
	ClosedAt time.Time
	// LastEntryAt is when the newest entry was posted or last edited;
	// zero for a live blog without entries.
	LastEntryAt time.Time
	// Entries counts its entries.
	Entries int
}

// Open reports whether the coverage goes on.
func (l LiveBlog) Open() bool { return l.ClosedAt.IsZero() }

// Entry is one timestamped post of a live blog.
type Entry struct {
	ID        int64
	ArticleID int64
	Author    User
	// Headline is optional.
	Headline string
	// Source is the Markdown the reporter typed; Body its sanitised HTML,
	// made by the same bounded renderer as an article's.
	Source string
	Body   string
	// Pinned puts the entry on top of the live blog; at most one is.
	Pinned    bool
	CreatedAt time.Time
	UpdatedAt time.Time
	// StoryID is the article the entry was turned into, 0 when none.
	StoryID int64
}

// Anchor is the entry's permalink fragment on the live blog's page,
// without the "#".
func (e Entry) Anchor() string { return fmt.Sprintf("entry-%d", e.ID) }

// Limits on an entry: a live blog's entries are short, and a page shows
// twenty of them.
const (
	MaxEntryHeadline = 300
	MaxEntrySource   = 32 << 10
)

// Validate checks what a reporter typed, in words meant for them.
func (e *Entry) Validate() error {
	var errs FieldErrors
	switch {
	case strings.TrimSpace(e.Source) == "":
		errs.Add("body", "Please write the entry.")
	case len(e.Source) > MaxEntrySource:
		errs.Add("body", fmt.Sprintf("The entry is too long (at most %d KB); split it, or make it an article.", MaxEntrySource>>10))
	}
	if utf8.RuneCountInString(e.Headline) > MaxEntryHeadline {
		errs.Add("headline", fmt.Sprintf("The headline is too long (at most %d characters).", MaxEntryHeadline))
	}
	if !Storable(e.Source) {
		errs.Add("body", Unstorable)
	}
	if !Storable(e.Headline) {
		errs.Add("headline", Unstorable)
	}
	return errs.OrNil()
}
