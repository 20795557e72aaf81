package admin

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"
	netmail "net/mail"
	"regexp"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/store"
)

// MailServer is the mail server in use, which the mail settings page
// changes at once; *mail.Switch is one.
type MailServer interface {
	// Use sends through the server of s from now on.
	Use(s mail.Settings)
	// Test sends a message to to now and returns the server's answer.
	Test(ctx context.Context, to, siteName string) error
	// FixedByEnvironment says that the server's environment names the
	// mail server (DATELINE_SMTP_HOST), which wins over these settings.
	FixedByEnvironment() bool
}

// Messages of the mail settings form.
const (
	MailHostInvalid = "Please enter the mail server's name, such as smtp.example.com, without http:// or a port."
	MailPortInvalid = "Please enter a port number from 1 to 65535, usually 587."
	MailFromInvalid = "Please enter the sender as an address, such as Newsroom <news@example.com>."
	MailUserTooLong = "The username is too long (at most 200 characters)."
	MailPassTooLong = "The password is too long (at most 200 characters)."
	MailUserNoHost  = "Please enter the mail server for this username."
)

var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$`)

// mailTestTimeout bounds "Send a test message".
const mailTestTimeout = 30 * time.Second

type mailForm struct {
	Host, Port, Username, Password, From string
	// ForgetPassword removes the stored password; an empty password field
	// keeps it, since the page never shows it back.
	ForgetPassword bool
}

type mailView struct {
	layout
	Form        mailForm
	HasPassword bool
	// Fixed says that the server's environment sets the mail server.
	Fixed      bool
	CanTest    bool
	TestResult string
	TestError  string
}

func (a *Admin) mailFixed() bool { return a.mailServer != nil && a.mailServer.FixedByEnvironment() }

func (a *Admin) storedMail(ctx context.Context) (mail.Settings, error) {
	raw, err := a.store.Setting(ctx, mail.SettingKey)
	if errors.Is(err, store.ErrNotFound) {
		return mail.Settings{}, nil
	}
	if err != nil {
		return mail.Settings{}, err
	}
	return mail.ParseSettings(raw)
}

func (a *Admin) mailView(r *http.Request, m *member, stored mail.Settings) mailView {
	v := mailView{layout: a.layout(r, m, "Mail"), HasPassword: stored.Password != "", Fixed: a.mailFixed(), CanTest: a.mailServer != nil}
	v.Form = mailForm{Host: stored.Host, Username: stored.Username, From: stored.From}
	if stored.Port != 0 {
		v.Form.Port = strconv.Itoa(stored.Port)
	}
	return v
}

func (a *Admin) mailSettings(w http.ResponseWriter, r *http.Request, m *member) error {
	stored, err := a.storedMail(r.Context())
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "mailsettings", a.mailView(r, m, stored))
}

func (a *Admin) saveMailSettings(w http.ResponseWriter, r *http.Request, m *member) error {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest("The form is too large.")
	}
	stored, err := a.storedMail(r.Context())
	if err != nil {
		return err
	}
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	form := mailForm{Host: f("host"), Port: f("port"), Username: f("username"), Password: r.PostFormValue("password"),
		From: f("from"), ForgetPassword: r.PostFormValue("forget_password") != ""}
	set, errs := form.apply(stored)
	if len(errs) > 0 {
		v := a.mailView(r, m, stored)
		v.Form, v.Errors = form, errs
		v.Form.Password = "" // never sent back to the page
		return a.render(w, r, http.StatusUnprocessableEntity, "mailsettings", v)
	}
	raw, err := json.Marshal(set)
	if err != nil {
		return err
	}
	if err := a.store.SaveSetting(r.Context(), mail.SettingKey, raw); err != nil {
		return err
	}
	if a.mailServer != nil {
		a.mailServer.Use(set)
	}
	a.log.Info("mail settings saved", slog.String("host", set.Host), slog.Int64("by", m.ID))
	return seeOther("/admin/settings/mail?done=mail-saved")
}

// apply checks the form and writes it over stored.
func (f mailForm) apply(stored mail.Settings) (mail.Settings, content.FieldErrors) {
	var errs content.FieldErrors
	set := mail.Settings{Host: f.Host, Username: f.Username, From: f.From, Password: stored.Password}
	if f.Host != "" && !hostName.MatchString(f.Host) {
		errs.Add("host", MailHostInvalid)
	}
	if f.Port != "" {
		port, err := strconv.Atoi(f.Port)
		if err != nil || port < 1 || port > 65535 {
			errs.Add("port", MailPortInvalid)
		}
		set.Port = port
	}
	if f.From != "" {
		if _, err := netmail.ParseAddress(f.From); err != nil {
			errs.Add("from", MailFromInvalid)
		}
	}
	if len(f.Username) > 200 {
		errs.Add("username", MailUserTooLong)
	}
	if len(f.Password) > 200 {
		errs.Add("password", MailPassTooLong)
	}
	if f.Username != "" && f.Host == "" {
		errs.Add("host", MailUserNoHost)
	}
	switch {
	case f.ForgetPassword:
		set.Password = ""
	case f.Password != "":
		set.Password = f.Password
	}
	return set, errs
}

// testMail sends a test message to the administrator through the mail
// server in use and shows its answer word for word.
func (a *Admin) testMail(w http.ResponseWriter, r *http.Request, m *member) error {
	stored, err := a.storedMail(r.Context())
	if err != nil {
		return err
	}
	v := a.mailView(r, m, stored)
	if a.mailServer == nil {
		v.TestError = "Mail is not connected."
		return a.render(w, r, http.StatusOK, "mailsettings", v)
	}
	ctx, cancel := context.WithTimeout(r.Context(), mailTestTimeout)
	defer cancel()
	if err := a.mailServer.Test(ctx, m.Email, m.Settings.SiteName); err != nil {
		v.TestError = err.Error()
	} else {
		v.TestResult = "A test message went to " + m.Email + ". If it does not arrive, look in the spam folder."
	}
	return a.render(w, r, http.StatusOK, "mailsettings", v)
}
