package admin

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/comments"
	"dateline/internal/settings"
)

// PolicyUnreadable says that the stored comment settings could not be
// read.
const PolicyUnreadable = "The saved comment settings could not be read, so the defaults are shown. Saving this form replaces them."

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
// of the comment policy and the site settings refuses with its own
// message.
func number(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		return -1
	}
	return n
}

// apply writes the form over p, so that settings the form does not show
// are kept; the settings service checks the result.
func (f commentSettingsForm) apply(p comments.Policy) comments.Policy {
	p.Mode = comments.Mode(f.Mode)
	p.MaxDepth, p.CloseAfterDays = number(f.MaxDepth), number(f.CloseAfterDays)
	p.MaxLinks, p.MinSeconds, p.MaxLength = number(f.MaxLinks), number(f.MinSeconds), number(f.MaxLength)
	p.Blocklist = strings.Split(f.Blocklist, "\n")
	p.AkismetKey, p.AkismetURL = f.AkismetKey, f.AkismetURL
	return p
}

// storedPolicy reads the comment settings; none saved yet are the
// defaults, and so are saved settings that cannot be read (readable is
// then false: the page says so, and saving replaces them).
func (a *Admin) storedPolicy(r *http.Request) (p comments.Policy, readable bool, err error) {
	p, err = a.settingsSvc.Policy(r.Context())
	if errors.Is(err, settings.ErrUnreadable) {
		a.log.Warn("comment settings unreadable", slog.Any("err", err))
		return p, false, nil
	}
	return p, err == nil, err
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

// saveCommentSettings saves valid settings through the settings service;
// a refused form changes nothing and comes back as typed.
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
	if v.Errors, err = settingsRefusal(a.settingsSvc.SavePolicy(r.Context(), m.User, v.Form.apply(p))); err != nil {
		return err
	}
	if len(v.Errors) > 0 {
		return a.render(w, r, http.StatusUnprocessableEntity, "commentsettings", v)
	}
	return seeOther("/admin/comments/settings?saved=1")
}
