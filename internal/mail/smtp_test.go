package mail

import (
	"context"
	"errors"
	"mime"
	"strings"
	"testing"
	"time"

	"dateline/internal/mail/mailtest"
)

func TestSenderWritesAReadableMessage(t *testing.T) {
	srv := startSMTP(t)
	s := NewSender(serverConfig(srv))
	s.now = func() time.Time { return time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC) }
	long := strings.Repeat("word ", 40) + "end"
	text := "ฝนตกหนักในกรุงเทพฯ\n.\nA line with a dot alone above it.\n" + long
	m := Message{
		To:      []string{"Ana Reyes <ana@example.com>", "kit@example.com"},
		Subject: "New comment on “Floods” — ข่าว",
		Text:    text,
		Headers: map[string]string{"list-unsubscribe": "<https://news.example/comments/unsubscribe?c=1&t=x>"},
	}
	if err := s.Send(context.Background(), m); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 1 {
		t.Fatalf("received %d messages, want 1", len(got))
	}
	r := got[0]
	if r.From != "news@dateline.example" || strings.Join(r.To, ",") != "ana@example.com,kit@example.com" {
		t.Errorf("envelope from %q to %v", r.From, r.To)
	}
	h, body := mailtest.ReadMessage(t, r.Data)
	checks := []struct{ name, got, want string }{
		{"From", h.Get("From"), `"Dateline" <news@dateline.example>`},
		{"To", h.Get("To"), `"Ana Reyes" <ana@example.com>, <kit@example.com>`},
		{"Date", h.Get("Date"), "Mon, 14 Jul 2025 03:00:00 +0000"},
		{"Content-Type", h.Get("Content-Type"), "text/plain; charset=utf-8"},
		{"List-Unsubscribe", h.Get("List-Unsubscribe"), "<https://news.example/comments/unsubscribe?c=1&t=x>"},
		{"body", body, text + "\n"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %q, want %q", c.name, c.got, c.want)
		}
	}
	subj := h.Get("Subject")
	if !strings.HasPrefix(subj, "=?utf-8?q?") {
		t.Errorf("a subject outside ASCII should be encoded, got %q", subj)
	}
	if decoded, err := new(mime.WordDecoder).DecodeHeader(subj); err != nil || decoded != m.Subject {
		t.Errorf("subject reads back as %q (%v), want %q", decoded, err, m.Subject)
	}
	if id := h.Get("Message-Id"); !strings.HasSuffix(id, "@dateline.example>") {
		t.Errorf("Message-ID = %q", id)
	}
	for _, line := range strings.Split(r.Data, "\n") {
		if len(line) > 78 {
			t.Errorf("line of %d characters: %q", len(line), line)
		}
	}
}

func TestSenderUpgradesWithSTARTTLSAndSignsIn(t *testing.T) {
	serverTLS, clientTLS := mailtest.SelfSigned(t)
	tests := []struct {
		name     string
		opts     func(*mailtest.Server)
		user     string
		pass     string
		wantTLS  bool
		wantUser string
		wantErr  bool
	}{
		{"a server offering STARTTLS gets an encrypted connection", func(s *mailtest.Server) { s.TLS = serverTLS }, "", "", true, "", false},
		{"a server without STARTTLS gets the message in the clear", func(*mailtest.Server) {}, "", "", false, "", false},
		{"the sender signs in over TLS when it has a username", func(s *mailtest.Server) { s.TLS, s.User, s.Pass = serverTLS, "desk", "s3cret" },
			"desk", "s3cret", true, "desk", false},
		{"a wrong password is an error, not a permanent one", func(s *mailtest.Server) { s.TLS, s.User, s.Pass = serverTLS, "desk", "s3cret" },
			"desk", "wrong", false, "", true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSMTP(t, tc.opts)
			cfg := serverConfig(srv)
			cfg.TLS, cfg.Username, cfg.Password = clientTLS, tc.user, tc.pass
			err := NewSender(cfg).Send(context.Background(), Message{To: []string{"ana@example.com"}, Subject: "Hi", Text: "Hello"})
			if tc.wantErr {
				if err == nil || IsPermanent(err) {
					t.Fatalf("err = %v, want a temporary error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			got := srv.Messages()
			if len(got) != 1 || got[0].TLS != tc.wantTLS || got[0].Authed != tc.wantUser {
				t.Fatalf("received %+v, want one with TLS %v and user %q", got, tc.wantTLS, tc.wantUser)
			}
		})
	}
}

func TestSenderTellsTemporaryFromPermanentRefusals(t *testing.T) {
	tests := []struct {
		name      string
		setup     func(*mailtest.Server)
		permanent bool
	}{
		{"a 451 answer is worth trying again", func(s *mailtest.Server) { s.Refuse(1) }, false},
		{"a 550 for a recipient is permanent", func(s *mailtest.Server) { s.RejectRcpt = "gone@example.com" }, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := startSMTP(t)
			tc.setup(srv)
			err := NewSender(serverConfig(srv)).Send(context.Background(), Message{To: []string{"gone@example.com"}, Subject: "Hi", Text: "x"})
			if err == nil {
				t.Fatal("no error")
			}
			if IsPermanent(err) != tc.permanent {
				t.Errorf("IsPermanent(%v) = %v, want %v", err, IsPermanent(err), tc.permanent)
			}
			if len(srv.Messages()) != 0 {
				t.Error("a refused message was recorded")
			}
		})
	}
}

func TestSenderGivesUpOnAStalledServerWhenCancelled(t *testing.T) {
	srv := startSMTP(t)
	srv.StallGreetings()
	cfg := serverConfig(srv)
	cfg.Timeout = time.Hour // only the cancellation can end it
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		done <- NewSender(cfg).Send(ctx, Message{To: []string{"ana@example.com"}, Subject: "Hi", Text: "x"})
	}()
	<-srv.Conns // connected, and waiting for a greeting that does not come
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) || IsPermanent(err) {
			t.Errorf("err = %v, want a temporary context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Send still waiting after its context was cancelled")
	}
}

func TestMessagesThatCannotBeSentAreRefused(t *testing.T) {
	ok := Message{To: []string{"ana@example.com"}, Subject: "Hi", Text: "x"}
	tests := []struct {
		name   string
		change func(*Message)
	}{
		{"no recipient", func(m *Message) { m.To = nil }},
		{"an address that does not parse", func(m *Message) { m.To = []string{"not an address"} }},
		{"a line break in the subject", func(m *Message) { m.Subject = "Hi\r\nBcc: victim@example.com" }},
		{"a line break in a header", func(m *Message) { m.Headers = map[string]string{"X-Note": "a\nBcc: v@example.com"} }},
		{"a header the sender writes", func(m *Message) { m.Headers = map[string]string{"bcc": "v@example.com"} }},
		{"a header name with a colon", func(m *Message) { m.Headers = map[string]string{"X:Y": "z"} }},
		{"invalid UTF-8 in the subject", func(m *Message) { m.Subject = "\xff" }},
	}
	if err := ok.Validate(); err != nil {
		t.Fatalf("a good message: %v", err)
	}
	for _, tc := range tests {
		t.Run("a message with "+tc.name+" is refused", func(t *testing.T) {
			m := ok
			tc.change(&m)
			if err := m.Validate(); err == nil {
				t.Fatal("accepted")
			}
			err := NewSender(Config{Host: "127.0.0.1", Port: 1, From: "news@example.com"}).Send(context.Background(), m)
			if !IsPermanent(err) {
				t.Errorf("Send: err = %v, want permanent", err)
			}
		})
	}
}
