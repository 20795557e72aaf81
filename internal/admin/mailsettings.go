package admin

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dateline/internal/mail"
)

// MailServer is the mail server in use, which the mail settings page
// tests; *mail.Switch is one. Saved settings reach it through the
// settings service's subscribers (settings.Service.OnMail), not from the
// page.
type MailServer interface {
	// Test sends a message to to now and returns the server's answer.
	Test(ctx context.Context, to, siteName string) error
	// FixedByEnvironment says that the server's environment names the
	// mail server (DATELINE_SMTP_HOST), which wins over these settings.
	FixedByEnvironment() bool
}

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
	return a.settingsSvc.Mail(ctx)
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
	errs, err := settingsRefusal(a.settingsSvc.SaveMail(r.Context(), m.User, form.apply(stored)))
	if err != nil {
		return err
	}
	if len(errs) > 0 {
		v := a.mailView(r, m, stored)
		v.Form, v.Errors = form, errs
		v.Form.Password = "" // never sent back to the page
		return a.render(w, r, http.StatusUnprocessableEntity, "mailsettings", v)
	}
	return seeOther("/admin/settings/mail?done=mail-saved")
}

// apply writes the form over stored, for the settings service to check.
// An empty password field keeps the stored password, which the page never
// shows. A port that cannot be read, or 0, is passed as -1 for the service
// to refuse: 0 would mean "the usual port".
func (f mailForm) apply(stored mail.Settings) mail.Settings {
	set := mail.Settings{Host: f.Host, Username: f.Username, From: f.From, Password: stored.Password}
	if f.Port != "" {
		if set.Port = number(f.Port); set.Port == 0 {
			set.Port = -1
		}
	}
	switch {
	case f.ForgetPassword:
		set.Password = ""
	case f.Password != "":
		set.Password = f.Password
	}
	return set
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
