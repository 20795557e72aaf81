package mail

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"sync/atomic"
)

// Settings is the mail server an administrator sets in the newsroom,
// stored as the site setting SettingKey.
type Settings struct {
	Host     string `json:"host"`
	Port     int    `json:"port,omitempty"`
	Username string `json:"username,omitempty"`
	// Password is kept as typed: the program must present it to the mail
	// server, so it cannot be hashed. Only administrators can see the
	// settings, and the newsroom never shows it back.
	Password string `json:"password,omitempty"`
	From     string `json:"from,omitempty"`
}

// SettingKey names the mail settings among the site's settings.
const SettingKey = "mail"

// ParseSettings reads stored settings.
func ParseSettings(data []byte) (Settings, error) {
	var s Settings
	err := json.Unmarshal(data, &s)
	return s, err
}

// Config is what a Sender needs for these settings; the sender is
// "dateline@host" when no From is set.
func (s Settings) Config() Config {
	from := s.From
	if from == "" {
		from = "dateline@" + s.Host
	}
	return Config{Host: s.Host, Port: s.Port, Username: s.Username, Password: s.Password, From: from}
}

// Switch is a Transport whose mail server can be changed while the
// program runs, so that new mail settings apply without a restart. The
// zero Switch only logs.
type Switch struct {
	// Fixed is set when the server's environment names the mail server;
	// it wins over the newsroom's settings, and Use changes nothing.
	Fixed   bool
	Logger  *slog.Logger
	current atomic.Pointer[transport]
}

type transport struct{ Transport }

// FixedByEnvironment reports Fixed.
func (s *Switch) FixedByEnvironment() bool { return s.Fixed }

// Set replaces the transport.
func (s *Switch) Set(t Transport) { s.current.Store(&transport{t}) }

// Use sends through the server of settings from now on, or only logs when
// they name no server. A Fixed Switch keeps its transport.
func (s *Switch) Use(set Settings) {
	if s.Fixed {
		return
	}
	if set.Host == "" {
		s.Set(Log{Logger: s.Logger})
		return
	}
	s.Set(NewSender(set.Config()))
}

// Send implements Transport.
func (s *Switch) Send(ctx context.Context, m Message) error {
	t := s.current.Load()
	if t == nil {
		return Log{Logger: s.Logger}.Send(ctx, m)
	}
	return t.Send(ctx, m)
}

// ErrNoServer is the answer to a test message when no mail server is set.
var ErrNoServer = errors.New("no mail server is set, so mail is only written to the log")

// Test sends a short message to to at once, past the queue, so that an
// administrator sees the mail server's own answer.
func (s *Switch) Test(ctx context.Context, to, siteName string) error {
	t := s.current.Load()
	if t == nil {
		return ErrNoServer
	}
	if _, ok := t.Transport.(Log); ok {
		return ErrNoServer
	}
	return t.Send(ctx, Message{To: []string{to}, Subject: "Test message from " + siteName,
		Text: "This message shows that " + siteName + " can send mail: password resets, invitations and comment notifications will arrive.\n"})
}
