package mail

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strconv"
	"time"
)

// Config says how to reach the mail server that relays dateline's mail.
type Config struct {
	Host string
	Port int // default 587
	// Username and Password, when set, sign in with AUTH PLAIN, which
	// net/smtp allows only over TLS or to a server on this machine.
	Username string
	Password string
	// From is the sender of every message: "Dateline <news@example.com>".
	From string
	// Timeout bounds one whole conversation with the server; default 30s.
	Timeout time.Duration
	// LocalName is the name given in EHLO; default "localhost".
	LocalName string
	// TLS configures STARTTLS; nil verifies the server's certificate for
	// Host against the system's roots.
	TLS *tls.Config
}

// Sender sends messages through an SMTP server, upgrading the connection
// with STARTTLS whenever the server offers it. It holds no connection
// between messages and is safe for concurrent use.
type Sender struct {
	cfg Config
	now func() time.Time
}

// NewSender returns a Sender for cfg, filling in defaults.
func NewSender(cfg Config) *Sender {
	if cfg.Port == 0 {
		cfg.Port = 587
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = 30 * time.Second
	}
	if cfg.LocalName == "" {
		cfg.LocalName = "localhost"
	}
	return &Sender{cfg: cfg, now: time.Now}
}

// PermanentError is a failure that trying again will not mend: a message
// that cannot be written, or the server's 5xx answer to the sender, a
// recipient or the message itself.
type PermanentError struct{ Err error }

func (e *PermanentError) Error() string { return e.Err.Error() }
func (e *PermanentError) Unwrap() error { return e.Err }

// IsPermanent reports whether err is a PermanentError.
func IsPermanent(err error) bool {
	var p *PermanentError
	return errors.As(err, &p)
}

// Send delivers m in one SMTP conversation. It gives up when ctx ends or
// the Timeout passes, whichever comes first, even if the server has gone
// quiet in the middle of a reply.
func (s *Sender) Send(ctx context.Context, m Message) error {
	raw, rcpts, err := m.encode(s.cfg.From, s.now())
	if err != nil {
		return &PermanentError{err}
	}
	ctx, cancel := context.WithTimeout(ctx, s.cfg.Timeout)
	defer cancel()
	addr := net.JoinHostPort(s.cfg.Host, strconv.Itoa(s.cfg.Port))
	var d net.Dialer
	conn, err := d.DialContext(ctx, "tcp", addr)
	if err != nil {
		return fmt.Errorf("smtp %s: %w", addr, err)
	}
	defer conn.Close()
	// Every read and write fails once ctx ends: the deadline covers the
	// timeout, and cancelling moves it to now.
	deadline, _ := ctx.Deadline()
	conn.SetDeadline(deadline)
	stop := context.AfterFunc(ctx, func() { conn.SetDeadline(time.Unix(1, 0)) })
	defer stop()

	if err := s.converse(conn, rcpts, raw); err != nil {
		if ctx.Err() != nil && !IsPermanent(err) {
			return fmt.Errorf("smtp %s: %w (%w)", addr, ctx.Err(), err)
		}
		return fmt.Errorf("smtp %s: %w", addr, err)
	}
	return nil
}

func (s *Sender) converse(conn net.Conn, rcpts []string, raw []byte) error {
	c, err := smtp.NewClient(conn, s.cfg.Host)
	if err != nil {
		return fmt.Errorf("greeting: %w", err)
	}
	defer c.Close()
	if err := c.Hello(s.cfg.LocalName); err != nil {
		return fmt.Errorf("EHLO: %w", err)
	}
	if ok, _ := c.Extension("STARTTLS"); ok {
		cfg := s.cfg.TLS.Clone()
		if cfg == nil {
			cfg = &tls.Config{}
		}
		if cfg.ServerName == "" {
			cfg.ServerName = s.cfg.Host
		}
		if err := c.StartTLS(cfg); err != nil {
			return fmt.Errorf("STARTTLS: %w", err)
		}
	}
	if s.cfg.Username != "" {
		if err := c.Auth(smtp.PlainAuth("", s.cfg.Username, s.cfg.Password, s.cfg.Host)); err != nil {
			return fmt.Errorf("AUTH: %w", err)
		}
	}
	from, err := parseAddress(s.cfg.From)
	if err != nil {
		return &PermanentError{err}
	}
	if err := c.Mail(from.Address); err != nil {
		return refused("MAIL FROM", err)
	}
	for _, r := range rcpts {
		if err := c.Rcpt(r); err != nil {
			return refused("RCPT TO "+r, err)
		}
	}
	w, err := c.Data()
	if err != nil {
		return refused("DATA", err)
	}
	if _, err := w.Write(raw); err != nil {
		return fmt.Errorf("DATA: %w", err)
	}
	if err := w.Close(); err != nil {
		return refused("end of DATA", err)
	}
	// The message is accepted once the server answered the data; a
	// failed goodbye does not make it unsent.
	c.Quit()
	return nil
}

// refused wraps the server's answer to a step, marking 5xx as permanent.
func refused(step string, err error) error {
	err = fmt.Errorf("%s: %w", step, err)
	var te *textproto.Error
	if errors.As(err, &te) && te.Code >= 500 {
		return &PermanentError{err}
	}
	return err
}
