package comments

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"time"

	"dateline/internal/content"
)

// Mode is how new comments from readers are moderated.
type Mode string

const (
	// HoldAll holds every comment for a moderator.
	HoldAll Mode = "hold_all"
	// HoldFirstTime publishes comments from an address that already has an
	// approved comment and holds the rest, as WordPress does by default.
	HoldFirstTime Mode = "hold_first_time"
	// ApproveAll publishes every comment that passes the spam checks.
	ApproveAll Mode = "approve_all"
)

// MaxDepthLimit is the deepest nesting of replies a site may choose.
const MaxDepthLimit = 10

// Policy is the site's comment settings, kept with the site's settings as
// JSON. Read stored settings with ParsePolicy, so that a setting added
// later starts at its default.
type Policy struct {
	Mode Mode `json:"mode"`
	// MaxDepth is how deep replies nest (1 means no nesting); a reply to a
	// comment at that depth becomes a reply to its parent.
	MaxDepth int `json:"max_depth"`
	// CloseAfterDays closes comments on articles published that many days
	// ago; 0 never does.
	CloseAfterDays int `json:"close_after_days"`
	// MaxLinks is how many links a comment may hold before it waits for a
	// moderator whatever the Mode.
	MaxLinks int `json:"max_links"`
	// Blocklist lists words that mark a comment as spam wherever they
	// appear (text, name, email, website, address, browser), inside other
	// words too, in any case.
	Blocklist []string `json:"blocklist"`
}

// DefaultPolicy is what a new site starts with.
func DefaultPolicy() Policy {
	return Policy{Mode: HoldFirstTime, MaxDepth: 3, CloseAfterDays: 0, MaxLinks: 2}
}

// ParsePolicy reads stored settings over the defaults and normalises them;
// empty data gives the defaults.
func ParsePolicy(data []byte) (Policy, error) {
	p := DefaultPolicy()
	if len(data) > 0 {
		if err := json.Unmarshal(data, &p); err != nil {
			return DefaultPolicy(), fmt.Errorf("comment settings: %w", err)
		}
	}
	return p.Normalize(), nil
}

// Normalize makes any policy usable: an unknown mode holds first-time
// commenters, the depth stays between 1 and MaxDepthLimit (0 meaning the
// default), negative numbers become defaults, and the blocklist is
// lower-cased, trimmed and without blanks or repeats.
func (p Policy) Normalize() Policy {
	def := DefaultPolicy()
	switch p.Mode {
	case HoldAll, HoldFirstTime, ApproveAll:
	default:
		p.Mode = def.Mode
	}
	if p.MaxDepth <= 0 {
		p.MaxDepth = def.MaxDepth
	}
	p.MaxDepth = min(p.MaxDepth, MaxDepthLimit)
	if p.CloseAfterDays < 0 {
		p.CloseAfterDays = def.CloseAfterDays
	}
	if p.MaxLinks < 0 {
		p.MaxLinks = def.MaxLinks
	}
	var words []string
	for _, w := range p.Blocklist {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" && !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	p.Blocklist = words
	return p
}

// Validate says, in words for an admin, what is wrong with settings typed
// in a form; field names are the JSON names.
func (p Policy) Validate() content.FieldErrors {
	var errs content.FieldErrors
	switch p.Mode {
	case HoldAll, HoldFirstTime, ApproveAll:
	default:
		errs.Add("mode", "Choose how new comments are moderated.")
	}
	if p.MaxDepth < 1 || p.MaxDepth > MaxDepthLimit {
		errs.Add("max_depth", fmt.Sprintf("Replies can nest from 1 to %d levels deep.", MaxDepthLimit))
	}
	if p.CloseAfterDays < 0 {
		errs.Add("close_after_days", "Enter a number of days, or 0 to keep comments open.")
	}
	if p.MaxLinks < 0 {
		errs.Add("max_links", "Enter a number of links, or 0 to hold every comment with a link.")
	}
	return errs
}

// Open reports whether a takes comments from readers at now: it is
// published, its comments were not switched off, and it is not older than
// CloseAfterDays.
func (p Policy) Open(a content.Article, now time.Time) bool {
	if !a.IsPublic() || !a.CommentsOpen {
		return false
	}
	if p.CloseAfterDays > 0 && !now.Before(a.PublishedAt.Add(time.Duration(p.CloseAfterDays)*24*time.Hour)) {
		return false
	}
	return true
}

// blocked reports the first blocklist word found in any of texts.
func (p Policy) blocked(texts ...string) (string, bool) {
	for _, t := range texts {
		t = strings.ToLower(t)
		for _, w := range p.Blocklist {
			if strings.Contains(t, w) {
				return w, true
			}
		}
	}
	return "", false
}
