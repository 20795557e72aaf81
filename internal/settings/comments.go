package settings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
)

// PolicyKey is the setting the comment policy is kept under, as JSON; the
// comment service reads it on every post, so a change applies at once.
const PolicyKey = "comments"

// Messages for what comments.Policy.Validate leaves to the settings.
const (
	CloseAfterTooLong = "Enter at most 36500 days (a hundred years), or 0 to keep comments open."
	MaxLinksTooMany   = "Enter at most 1000 links."
	BlocklistTooLong  = "The list is too long (at most 2000 lines of at most 200 characters each)."
)

// Limits beyond comments.Policy.Validate: numbers that would overflow a
// duration, and lists that would slow every post down.
const (
	maxCloseAfterDays = 36500
	maxLinksLimit     = 1000
	maxBlockLines     = 2000
	maxBlockLine      = 200
)

// Policy reads the stored comment policy; none saved yet is the default.
// A policy that cannot be read is ErrUnreadable, with the default.
func (s *Service) Policy(ctx context.Context) (comments.Policy, error) {
	return s.policy.get(func() (comments.Policy, error) { return s.readPolicy(ctx) })
}

// policyMemo keeps the comment policy from one event of the change feed to
// the next: every article page asks for it (is the form open?), and
// reading and parsing it was a twentieth of an uncached page. Any event
// forgets it, as the site's memo does; without a feed it is read each
// time.
type policyMemo struct {
	on   bool
	gen  atomic.Uint64
	mu   sync.Mutex
	kept *comments.Policy
	at   uint64
}

func (m *policyMemo) watch(feed *changes.Feed) {
	m.on = true
	feed.Subscribe(func(context.Context, changes.Event) { m.gen.Add(1) })
}

func (m *policyMemo) get(read func() (comments.Policy, error)) (comments.Policy, error) {
	if !m.on {
		return read()
	}
	gen := m.gen.Load()
	m.mu.Lock()
	if m.kept != nil && m.at == gen {
		p := *m.kept
		m.mu.Unlock()
		p.Blocklist = slices.Clone(p.Blocklist) // the caller's to change
		return p, nil
	}
	m.mu.Unlock()
	p, err := read()
	if err != nil {
		return p, err
	}
	m.mu.Lock()
	if m.gen.Load() == gen {
		kept := p
		kept.Blocklist = slices.Clone(p.Blocklist)
		m.kept, m.at = &kept, gen
	}
	m.mu.Unlock()
	return p, nil
}

func (s *Service) readPolicy(ctx context.Context) (comments.Policy, error) {
	raw, err := s.store.Setting(ctx, PolicyKey)
	if errors.Is(err, store.ErrNotFound) {
		return comments.DefaultPolicy(), nil
	}
	if err != nil {
		return comments.Policy{}, err
	}
	p, err := comments.ParsePolicy(raw)
	if err != nil {
		return comments.DefaultPolicy(), fmt.Errorf("%w: comment settings: %w", ErrUnreadable, err)
	}
	return p, nil
}

// SavePolicy checks and stores the comment policy for who, normalised
// (the blocklist trimmed, lower-cased and without repeats), then announces
// it. The policy changes the comment form on article pages, so the event
// carries the changes.Settings tag. A refused save writes and announces
// nothing.
func (s *Service) SavePolicy(ctx context.Context, who content.User, p comments.Policy) error {
	if !auth.Can(who.Role, auth.ActManageSettings) {
		return ErrForbidden
	}
	if errs := checkPolicy(p); len(errs) > 0 {
		return errs
	}
	raw, err := json.Marshal(p.Normalize())
	if err != nil {
		return err
	}
	if err := s.store.SaveSetting(ctx, PolicyKey, raw); err != nil {
		return fmt.Errorf("save comment settings for user %d: %w", who.ID, err)
	}
	s.log.Info("comment settings saved", slog.Int64("by", who.ID), slog.String("mode", string(p.Mode)))
	s.changes.Publish(ctx, changes.New(changes.KindSettings, ActionComments, nil, changes.Settings))
	return nil
}

// checkPolicy is comments.Policy.Validate and the limits beyond it, one
// message a field.
func checkPolicy(p comments.Policy) content.FieldErrors {
	errs := p.Validate()
	if p.CloseAfterDays > maxCloseAfterDays && errs.For("close_after_days") == "" {
		errs.Add("close_after_days", CloseAfterTooLong)
	}
	if p.MaxLinks > maxLinksLimit && errs.For("max_links") == "" {
		errs.Add("max_links", MaxLinksTooMany)
	}
	if len(p.Blocklist) > maxBlockLines {
		errs.Add("blocklist", BlocklistTooLong)
	}
	for _, line := range p.Blocklist {
		if utf8.RuneCountInString(strings.TrimSpace(line)) > maxBlockLine && errs.For("blocklist") == "" {
			errs.Add("blocklist", BlocklistTooLong)
		}
	}
	return errs
}
