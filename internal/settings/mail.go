package settings

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	netmail "net/mail"
	"regexp"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/store"
)

// Messages of the mail server settings, by field.
const (
	MailHostInvalid = "Please enter the mail server's name, such as smtp.example.com, without http:// or a port."
	MailPortInvalid = "Please enter a port number from 1 to 65535, usually 587."
	MailFromInvalid = "Please enter the sender as an address, such as Newsroom <news@example.com>."
	MailUserTooLong = "The username is too long (at most 200 characters)."
	MailPassTooLong = "The password is too long (at most 200 characters)."
	MailUserNoHost  = "Please enter the mail server for this username."
)

var hostName = regexp.MustCompile(`^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$`)

// SaveMail checks and stores the mail server settings for who, then
// announces them. No page shows them, so the event carries no tags. A
// refused save writes and announces nothing.
func (s *Service) SaveMail(ctx context.Context, who content.User, m mail.Settings) error {
	if !auth.Can(who.Role, auth.ActManageSettings) {
		return ErrForbidden
	}
	if errs := checkMail(m); len(errs) > 0 {
		return errs
	}
	raw, err := json.Marshal(m)
	if err != nil {
		return err
	}
	if err := s.store.SaveSetting(ctx, mail.SettingKey, raw); err != nil {
		return fmt.Errorf("save mail settings for user %d: %w", who.ID, err)
	}
	s.log.Info("mail settings saved", slog.String("host", m.Host), slog.Int64("by", who.ID))
	s.changes.Publish(ctx, changes.New(changes.KindSettings, ActionMail, nil))
	return nil
}

// checkMail says what is wrong with m. Port 0 is "not given" (the usual
// port); a form that could not read the port passes -1.
func checkMail(m mail.Settings) content.FieldErrors {
	var errs content.FieldErrors
	if m.Host != "" && !hostName.MatchString(m.Host) {
		errs.Add("host", MailHostInvalid)
	}
	if m.Port != 0 && (m.Port < 1 || m.Port > 65535) {
		errs.Add("port", MailPortInvalid)
	}
	if m.From != "" {
		if _, err := netmail.ParseAddress(m.From); err != nil {
			errs.Add("from", MailFromInvalid)
		}
	}
	if len(m.Username) > 200 {
		errs.Add("username", MailUserTooLong)
	}
	if len(m.Password) > 200 {
		errs.Add("password", MailPassTooLong)
	}
	if m.Username != "" && m.Host == "" {
		errs.Add("host", MailUserNoHost)
	}
	return errs
}

// OnMail calls fn with the mail server settings after every save of them,
// read again from the store as OnSite does; none saved are the zero
// Settings. fn runs on the saving request's goroutine and must be quick.
func (s *Service) OnMail(fn func(ctx context.Context, m mail.Settings)) (cancel func()) {
	return s.changes.Subscribe(func(ctx context.Context, e changes.Event) {
		if e.Kind != changes.KindSettings || e.Action != ActionMail {
			return
		}
		ctx = context.WithoutCancel(ctx)
		m, err := s.Mail(ctx)
		if err != nil {
			s.log.Error("saved mail settings not applied", slog.Any("err", err))
			return
		}
		fn(ctx, m)
	})
}

// Mail reads the stored mail server settings; none saved yet are the
// zero Settings (mail goes to the log). Settings that cannot be read are
// ErrUnreadable, with the zero Settings.
func (s *Service) Mail(ctx context.Context) (mail.Settings, error) {
	raw, err := s.store.Setting(ctx, mail.SettingKey)
	if errors.Is(err, store.ErrNotFound) {
		return mail.Settings{}, nil
	}
	if err != nil {
		return mail.Settings{}, err
	}
	m, err := mail.ParseSettings(raw)
	if err != nil {
		return mail.Settings{}, fmt.Errorf("%w: mail settings: %w", ErrUnreadable, err)
	}
	return m, nil
}
