package admin

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

type loginView struct {
	layout
	Email string
	Next  string
}

func (a *Admin) loginForm(w http.ResponseWriter, r *http.Request) error {
	next := safeNext(r.URL.Query().Get("next"))
	if _, _, err := a.sessions.Load(r.Context(), r); err == nil {
		return seeOther(next)
	}
	return a.render(w, r, http.StatusOK, "login", loginView{layout: a.layout(r, nil, "Sign in"), Next: next})
}

// login checks an email and password. Every refusal reads the same,
// whether the email has an account or not. A burst of failures from one
// address is refused with 429 and Retry-After before the password is even
// checked; a burst for one account holds the attempts of browsers and
// addresses that never signed in to it, and lets those that did through
// (auth.Throttle).
func (a *Admin) login(w http.ResponseWriter, r *http.Request) error {
	email := strings.TrimSpace(r.PostFormValue("email"))
	password := r.PostFormValue("password")
	v := loginView{layout: a.layout(r, nil, "Sign in"), Email: email, Next: safeNext(r.PostFormValue("next"))}
	if email == "" || password == "" {
		if email == "" {
			v.Errors.Add("email", "Please enter your email address.")
		}
		if password == "" {
			v.Errors.Add("password", "Please enter your password.")
		}
		return a.render(w, r, http.StatusUnprocessableEntity, "login", v)
	}
	devices, err := a.knownDevices(r.Context())
	if err != nil {
		return err
	}
	try := auth.Try{Email: email, Addr: a.sessions.Proxies.ClientAddr(r), Known: devices.Known(r, email)}
	done, wait, err := a.throttle.Admit(r.Context(), try)
	if err != nil {
		return err
	}
	if wait > 0 {
		w.Header().Set("Retry-After", auth.RetryAfter(wait))
		v.Problem = tooManyAttempts(wait)
		return a.render(w, r, http.StatusTooManyRequests, "login", v)
	}
	u, err := auth.Authenticate(r.Context(), a.store, a.hasher, email, password)
	if err := done(err == nil); err != nil {
		// The counts missed this attempt; its outcome stands.
		a.log.Error("sign-in throttle", slog.Any("err", err))
	}
	if errors.Is(err, auth.ErrLoginFailed) {
		v.Problem = auth.LoginFailed
		return a.render(w, r, http.StatusUnprocessableEntity, "login", v)
	}
	if err != nil {
		return err
	}
	if err := a.sessions.Start(r.Context(), w, r, u); err != nil {
		return err
	}
	devices.Remember(w, r, email)
	a.log.Info("member signed in", slog.Int64("user", u.ID))
	return seeOther(v.Next)
}

// knownDevices returns the keeper of the signed cookie that tells the
// throttle a browser signed in before, its key read from the store once.
func (a *Admin) knownDevices(ctx context.Context) (*auth.Devices, error) {
	a.devicesMu.Lock()
	defer a.devicesMu.Unlock()
	if a.devices == nil {
		key, err := a.store.Secret(ctx, "sign-in devices")
		if err != nil {
			return nil, fmt.Errorf("key of the sign-in device cookie: %w", err)
		}
		a.devices = &auth.Devices{Key: key, Now: a.now, Proxies: a.sessions.Proxies}
	}
	return a.devices, nil
}

// tooManyAttempts says how long to wait, in words.
func tooManyAttempts(wait time.Duration) string {
	minutes := int((wait + time.Minute - 1) / time.Minute)
	return fmt.Sprintf("Too many failed attempts. Please wait %s and try again.", plural(minutes, "minute", "minutes"))
}

func (a *Admin) logout(w http.ResponseWriter, r *http.Request) error {
	if err := a.sessions.End(r.Context(), w, r); err != nil {
		return err
	}
	return seeOther("/admin/login?done=signed-out")
}

type forgotView struct {
	layout
	Email  string
	Sent   string
	NoMail bool
}

// ForgotSent is the one answer to a request for a reset link, so that the
// page does not tell who has an account.
const ForgotSent = "If that address has an account, we sent a link."

func (a *Admin) forgotForm(w http.ResponseWriter, r *http.Request) error {
	return a.render(w, r, http.StatusOK, "forgot", forgotView{layout: a.layout(r, nil, "Forgot your password?"), NoMail: a.mailer == nil})
}

// forgot mails a reset link when the address has an account. The answer
// is the same either way, in its words and its time: the link is made and
// mailed by SendResets, after the answer, since only an address with an
// account costs two commits (the link, the mail), a difference of about a
// millisecond that would tell who has one. Mails to one address or from one
// client are limited as sign-in attempts are, silently.
func (a *Admin) forgot(w http.ResponseWriter, r *http.Request) error {
	email := strings.TrimSpace(r.PostFormValue("email"))
	v := forgotView{layout: a.layout(r, nil, "Forgot your password?"), Email: email, NoMail: a.mailer == nil}
	if email == "" {
		v.Errors.Add("email", "Please enter your email address.")
		return a.render(w, r, http.StatusUnprocessableEntity, "forgot", v)
	}
	if a.mailer == nil {
		return a.render(w, r, http.StatusServiceUnavailable, "forgot", v)
	}
	try, err := a.resets.Attempt(r.Context(), auth.Try{Email: email, Addr: a.sessions.Proxies.ClientAddr(r)})
	if err != nil {
		return err
	}
	if err := try.Done(false); err != nil { // every request counts toward the limit
		return err
	}
	if try.Wait == 0 && try.Hold == 0 {
		select {
		case a.resetQueue <- email:
		default: // a flood: the limits above let this many through at once
			a.log.Warn("password reset not sent: too many waiting", slog.Int("waiting", resetQueueSize))
		}
	}
	v.Sent, v.Email = ForgotSent, ""
	return a.render(w, r, http.StatusOK, "forgot", v)
}

// resetQueueSize is how many requests for a reset link may wait for
// SendResets; more at once are dropped, as a flood.
const resetQueueSize = 64

// SendResets makes and mails the reset links that /admin/forgot was asked
// for, one at a time, until ctx ends. The program runs it with its other
// background work; without it, no reset link is mailed.
func (a *Admin) SendResets(ctx context.Context) {
	for {
		select {
		case <-ctx.Done():
			return
		case email := <-a.resetQueue:
			if err := a.sendReset(ctx, email, false); err != nil {
				a.log.Error("send password reset", slog.Any("err", err))
			}
		}
	}
}

// sendReset mails a reset link to the member with that email, if there is
// one; invite words it for a new member choosing a first password.
func (a *Admin) sendReset(ctx context.Context, email string, invite bool) error {
	u, err := a.store.UserByEmail(ctx, email)
	if errors.Is(err, store.ErrNotFound) {
		return nil
	}
	if err != nil {
		return err
	}
	set, err := a.store.Settings(ctx)
	if err != nil {
		return err
	}
	base := set.PublicURL(a.baseURL)
	if base == "" {
		return errors.New("no base URL for the link: set one in the settings or with --base-url")
	}
	token, reset := auth.NewPasswordReset(u.ID, a.now())
	if err := a.store.CreatePasswordReset(ctx, &reset); err != nil {
		return err
	}
	link := base + "/admin/reset?token=" + token
	subject, text := resetMail(set.SiteName, u.Name, link, invite)
	if err := a.mailer.Send(ctx, u.Email, subject, text); err != nil {
		return fmt.Errorf("mail reset link to user %d: %w", u.ID, err)
	}
	return nil
}

func resetMail(site, name, link string, invite bool) (subject, text string) {
	if invite {
		return "Your account at " + site,
			"Hello " + name + ",\n\nYou have been added to the newsroom of " + site + ".\n" +
				"Choose your password here (the link works once, for one hour):\n\n" + link + "\n\n" +
				"When it has expired, ask for a new one on the sign-in page under \"Forgot your password?\".\n"
	}
	return "Reset your password at " + site,
		"Hello " + name + ",\n\nSomeone, probably you, asked to reset your password at " + site + ".\n" +
			"Choose a new one here (the link works once, for one hour):\n\n" + link + "\n\n" +
			"If it was not you, ignore this message: your password stays as it is.\n"
}

type resetView struct {
	layout
	Token   string
	Expired bool
}

func (a *Admin) resetForm(w http.ResponseWriter, r *http.Request) error {
	// The token is in the address: no other site may see it as a referrer.
	w.Header().Set("Referrer-Policy", "no-referrer")
	return a.render(w, r, http.StatusOK, "reset", resetView{layout: a.layout(r, nil, "Choose a new password"), Token: r.URL.Query().Get("token")})
}

func (a *Admin) reset(w http.ResponseWriter, r *http.Request) error {
	w.Header().Set("Referrer-Policy", "no-referrer")
	token := r.PostFormValue("token")
	pw, pw2 := r.PostFormValue("password"), r.PostFormValue("password2")
	v := resetView{layout: a.layout(r, nil, "Choose a new password"), Token: token}
	if err := auth.ValidatePassword(pw); err != nil {
		v.Errors = fieldErrors(err)
		return a.render(w, r, http.StatusUnprocessableEntity, "reset", v)
	}
	if pw != pw2 {
		v.Errors.Add("password2", PasswordsDiffer)
		return a.render(w, r, http.StatusUnprocessableEntity, "reset", v)
	}
	u, err := auth.ResetPassword(r.Context(), a.store, a.hasher, token, pw, a.now())
	if errors.Is(err, auth.ErrResetInvalid) {
		v.Expired, v.Problem = true, auth.ResetInvalid
		return a.render(w, r, http.StatusUnprocessableEntity, "reset", v)
	}
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		v.Errors = fe
		return a.render(w, r, http.StatusUnprocessableEntity, "reset", v)
	}
	if err != nil {
		return err
	}
	if err := a.sessions.Start(r.Context(), w, r, u); err != nil {
		return err
	}
	return seeOther("/admin/?done=password-reset")
}

// PasswordsDiffer is shown when the new password was typed differently
// the second time.
const PasswordsDiffer = "The two passwords are not the same."

// fieldErrors returns err's field errors; callers pass only errors that
// are content.FieldErrors, and anything else reads as a generic problem.
func fieldErrors(err error) content.FieldErrors {
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		return fe
	}
	return content.FieldErrors{{Field: "form", Message: "That did not work; please try again."}}
}
