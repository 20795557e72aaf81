package mail

import (
	"testing"
	"time"

	"dateline/internal/mail/mailtest"
)

// startSMTP starts the test SMTP server of package mailtest.
func startSMTP(t *testing.T, opts ...func(*mailtest.Server)) *mailtest.Server {
	return mailtest.Start(t, opts...)
}

// serverConfig is what the sender needs to talk to srv.
func serverConfig(srv *mailtest.Server) Config {
	return Config{Host: srv.Host, Port: srv.Port, From: "Dateline <news@dateline.example>", Timeout: 5 * time.Second}
}
