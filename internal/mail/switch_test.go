package mail

import (
	"context"
	"errors"
	"testing"
)

func TestSwitchAppliesNewSettings(t *testing.T) {
	ctx := context.Background()
	srv := startSMTP(t)
	var sw Switch
	msg := Message{To: []string{"desk@example.com"}, Subject: "Hello", Text: "Body"}

	// The zero Switch only logs, and says so to a test.
	if err := sw.Send(ctx, msg); err != nil {
		t.Fatalf("send through the zero switch: %v", err)
	}
	if err := sw.Test(ctx, "ada@example.com", "The Dateline"); !errors.Is(err, ErrNoServer) {
		t.Errorf("test without a server: %v, want ErrNoServer", err)
	}

	sw.Use(Settings{Host: srv.Host, Port: srv.Port, From: "News <news@example.com>"})
	if err := sw.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if err := sw.Test(ctx, "ada@example.com", "The Dateline"); err != nil {
		t.Fatal(err)
	}
	got := srv.Messages()
	if len(got) != 2 || got[0].From != "news@example.com" || got[1].To[0] != "ada@example.com" {
		t.Fatalf("received %+v", got)
	}

	sw.Use(Settings{}) // back to the log
	if err := sw.Send(ctx, msg); err != nil {
		t.Fatal(err)
	}
	if len(srv.Messages()) != 2 {
		t.Error("a switch set to log still sent mail")
	}

	fixed := Switch{Fixed: true}
	fixed.Set(NewSender(serverConfig(srv)))
	fixed.Use(Settings{}) // the environment wins
	if err := fixed.Send(ctx, msg); err != nil || len(srv.Messages()) != 3 {
		t.Errorf("a fixed switch changed its server: %v, %d messages", err, len(srv.Messages()))
	}
}

func TestParseSettings(t *testing.T) {
	s, err := ParseSettings([]byte(`{"host":"smtp.example.com","port":2525,"username":"desk","password":"pw","from":"News <n@example.com>"}`))
	if err != nil || s.Config().Port != 2525 || s.Config().From != "News <n@example.com>" {
		t.Errorf("ParseSettings = %+v, %v", s, err)
	}
	if got := (Settings{Host: "mx.example.com"}).Config().From; got != "dateline@mx.example.com" {
		t.Errorf("default sender = %q", got)
	}
	if _, err := ParseSettings([]byte(`{"port":"x"}`)); err == nil {
		t.Error("a port that is not a number was accepted")
	}
}
