package comments

import (
	"encoding/json"
	"fmt"
	"net/url"
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
	// MaxLength is the most characters a reader's comment may hold.
	MaxLength int `json:"max_length"`
	// MaxLinks is how many links a comment may hold before it waits for a
	// moderator whatever the Mode.
	MaxLinks int `json:"max_links"`
	// Blocklist lists words that mark a comment as spam wherever they
	// appear (text, name, email, website, address, browser), inside other
	// words too, in any case.
	Blocklist []string `json:"blocklist"`
	// MinSeconds is the least time between the article page being served
	// and its comment form being posted; robots post at once, people read
	// and type first. 0 turns the check off.
	MinSeconds int `json:"min_seconds"`
	// AkismetKey, when set, has every comment that passed the other checks
	// asked about at AkismetURL (an Akismet-compatible service) before it
	// is stored.
	AkismetKey string `json:"akismet_key"`
	AkismetURL string `json:"akismet_url"`
}

// MinMaxLength is the shortest limit on a comment's length a site may
// set.
const MinMaxLength = 100

// MaxMinSeconds bounds MinSeconds: a longer wait would refuse quick
// readers with a short reply.
const MaxMinSeconds = 60

// DefaultAkismetURL is Akismet's own service.
const DefaultAkismetURL = "https://rest.akismet.com"

// DefaultPolicy is what a new site starts with.
func DefaultPolicy() Policy {
	return Policy{Mode: HoldFirstTime, MaxDepth: 3, CloseAfterDays: 0, MaxLength: 5000, MaxLinks: 2, MinSeconds: 3, AkismetURL: DefaultAkismetURL}
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
// default), negative numbers become defaults, the blocklist is
// lower-cased, trimmed and without blanks or repeats, and an empty Akismet
// address is Akismet's own.
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
	if p.MaxLength <= 0 {
		p.MaxLength = def.MaxLength
	}
	p.MaxLength = min(p.MaxLength, MaxComment)
	var words []string
	for _, w := range p.Blocklist {
		if w = strings.ToLower(strings.TrimSpace(w)); w != "" && !slices.Contains(words, w) {
			words = append(words, w)
		}
	}
	p.Blocklist = words
	if p.MinSeconds < 0 {
		p.MinSeconds = def.MinSeconds
	}
	p.MinSeconds = min(p.MinSeconds, MaxMinSeconds)
	p.AkismetKey = strings.TrimSpace(p.AkismetKey)
	if p.AkismetURL = strings.TrimRight(strings.TrimSpace(p.AkismetURL), "/"); p.AkismetURL == "" {
		p.AkismetURL = def.AkismetURL
	}
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
	if p.MaxLength < MinMaxLength || p.MaxLength > MaxComment {
		errs.Add("max_length", fmt.Sprintf("Enter a length from %d to %d characters.", MinMaxLength, MaxComment))
	}
	if p.MaxLinks < 0 {
		errs.Add("max_links", "Enter a number of links, or 0 to hold every comment with a link.")
	}
	if p.MinSeconds < 0 || p.MinSeconds > MaxMinSeconds {
		errs.Add("min_seconds", fmt.Sprintf("Enter a number of seconds from 0 to %d; 0 turns the check off.", MaxMinSeconds))
	}
	if !validAkismetKey(p.AkismetKey) {
		errs.Add("akismet_key", "An Akismet key has only letters and digits.")
	}
	if u := strings.TrimSpace(p.AkismetURL); u != "" && !validServiceURL(u) {
		errs.Add("akismet_url", "Enter the address of the Akismet service, starting with https:// or http://.")
	}
	return errs
}

func validAkismetKey(key string) bool {
	key = strings.TrimSpace(key)
	if len(key) > 64 {
		return false
	}
	for _, r := range key {
		if !('a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9') {
			return false
		}
	}
	return true
}

// validServiceURL accepts an absolute http or https address with a host
// and nothing after the path: the request paths are added to it.
func validServiceURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" &&
		u.User == nil && u.RawQuery == "" && u.Fragment == ""
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
