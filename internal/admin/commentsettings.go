package admin

import (
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/store"
)

// The comment settings are kept as JSON under this setting's name; the
// comment service reads them on every post, so a change applies at once.
const commentPolicyKey = "comments"

// Messages of the comment settings form, for what comments.Policy.Validate
// leaves to the form.
const (
	CloseAfterTooLong = "Enter at most 36500 days (a hundred years), or 0 to keep comments open."
	MaxLinksTooMany   = "Enter at most 1000 links."
	BlocklistTooLong  = "The list is too long (at most 2000 lines of at most 200 characters each)."
	PolicyUnreadable  = "The saved comment settings could not be read, so the defaults are shown. Saving this form replaces them."
)

// Limits of the form beyond comments.Policy.Validate: numbers that would
// overflow a duration, and lists that would slow every post down.
const (
	maxCloseAfterDays = 36500
	maxLinksLimit     = 1000
	maxBlockLines     = 2000
	maxBlockLine      = 200
)

// commentSettingsForm is the comment settings as typed, kept as text so
// that a refused form shows exactly what was entered. The field names are
// the policy's JSON names, which its Validate reports problems by.
type commentSettingsForm struct {
	Mode                                           string
	MaxDepth, CloseAfterDays, MaxLinks, MinSeconds string
	MaxLength                                      string
	Blocklist                                      string // one entry a line
	AkismetKey, AkismetURL                         string
}

type modeOption struct {
	Value, Label, Hint string
}

var modeOptions = []modeOption{
	{string(comments.HoldAll), "Hold every comment", "Nothing appears until a moderator approves it."},
	{string(comments.HoldFirstTime), "Hold first-time commenters", "A comment appears at once when its email address already has an approved comment."},
	{string(comments.ApproveAll), "Approve every comment", "Comments that pass the spam checks appear at once."},
}

type commentSettingsView struct {
	layout
	Form     commentSettingsForm
	Modes    []modeOption
	MaxDepth int
	MaxWait  int
}

func policyForm(p comments.Policy) commentSettingsForm {
	return commentSettingsForm{
		Mode: string(p.Mode), MaxDepth: strconv.Itoa(p.MaxDepth), CloseAfterDays: strconv.Itoa(p.CloseAfterDays),
		MaxLinks: strconv.Itoa(p.MaxLinks), MinSeconds: strconv.Itoa(p.MinSeconds), MaxLength: strconv.Itoa(p.MaxLength),
		Blocklist: strings.Join(p.Blocklist, "\n"), AkismetKey: p.AkismetKey, AkismetURL: p.AkismetURL,
	}
}

func readCommentSettingsForm(r *http.Request) commentSettingsForm {
	f := func(name string) string { return strings.TrimSpace(r.PostForm.Get(name)) }
	return commentSettingsForm{
		Mode: f("mode"), MaxDepth: f("max_depth"), CloseAfterDays: f("close_after_days"),
		MaxLinks: f("max_links"), MinSeconds: f("min_seconds"), Blocklist: f("blocklist"), MaxLength: f("max_length"),
		AkismetKey: f("akismet_key"), AkismetURL: f("akismet_url"),
	}
}

// number reads a whole number; anything else is -1, which every count
// of the policy refuses with its own message.
func number(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// apply checks the form and writes it over p, so that settings the form
// does not show are kept; errs says what is wrong, field by field.
func (f commentSettingsForm) apply(p comments.Policy) (comments.Policy, content.FieldErrors) {
	p.Mode = comments.Mode(f.Mode)
	p.MaxDepth, p.CloseAfterDays = number(f.MaxDepth), number(f.CloseAfterDays)
	p.MaxLinks, p.MinSeconds, p.MaxLength = number(f.MaxLinks), number(f.MinSeconds), number(f.MaxLength)
	p.Blocklist = strings.Split(f.Blocklist, "\n")
	p.AkismetKey, p.AkismetURL = f.AkismetKey, f.AkismetURL
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
	if len(errs) > 0 {
		return p, errs
	}
	return p.Normalize(), nil
}

// storedPolicy reads the comment settings; none saved yet are the
// defaults, and so are saved settings that cannot be read (readable is
// then false: the page says so, and saving replaces them).
func (a *Admin) storedPolicy(r *http.Request) (p comments.Policy, readable bool, err error) {
	raw, err := a.store.Setting(r.Context(), commentPolicyKey)
	if errors.Is(err, store.ErrNotFound) {
		return comments.DefaultPolicy(), true, nil
	}
	if err != nil {
		return comments.Policy{}, false, err
	}
	if p, err = comments.ParsePolicy(raw); err != nil {
		a.log.Warn("comment settings unreadable", slog.Any("err", err))
		return comments.DefaultPolicy(), false, nil
	}
	return p, true, nil
}

func (a *Admin) commentSettingsView(r *http.Request, m *member) commentSettingsView {
	return commentSettingsView{layout: a.layout(r, m, "Comment settings"), Modes: modeOptions,
		MaxDepth: comments.MaxDepthLimit, MaxWait: comments.MaxMinSeconds}
}

func (a *Admin) commentSettings(w http.ResponseWriter, r *http.Request, m *member) error {
	v := a.commentSettingsView(r, m)
	p, readable, err := a.storedPolicy(r)
	if err != nil {
		return err
	}
	if !readable {
		v.Problem = PolicyUnreadable
	}
	v.Form = policyForm(p)
	if r.URL.Query().Get("saved") == "1" {
		v.Notice = "The comment settings are saved and apply to the next comment."
	}
	return a.render(w, r, http.StatusOK, "commentsettings", v)
}

// saveCommentSettings stores valid settings; a refused form changes
// nothing and comes back as typed.
func (a *Admin) saveCommentSettings(w http.ResponseWriter, r *http.Request, m *member) error {
	// The longest blocklist the form takes, escaped, and the rest.
	if err := readForm(w, r, 2<<20); err != nil {
		return err
	}
	v := a.commentSettingsView(r, m)
	v.Form = readCommentSettingsForm(r)
	p, _, err := a.storedPolicy(r)
	if err != nil {
		return err
	}
	p, errs := v.Form.apply(p)
	if len(errs) > 0 {
		v.Errors = errs
		return a.render(w, r, http.StatusUnprocessableEntity, "commentsettings", v)
	}
	raw, err := json.Marshal(p)
	if err != nil {
		return err
	}
	if err := a.store.SaveSetting(r.Context(), commentPolicyKey, raw); err != nil {
		return err
	}
	a.log.Info("comment settings saved", slog.Int64("by", m.ID), slog.String("mode", string(p.Mode)))
	return seeOther("/admin/comments/settings?saved=1")
}
