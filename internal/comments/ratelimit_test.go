package comments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestRateLimitAllowsFiveCommentsInTenMinutes(t *testing.T) {
	l := newLimiter(5, 10*time.Minute, 100)
	now := start
	for i := range 5 {
		if _, wait := l.take("203.0.113.7", now.Add(time.Duration(i)*time.Minute)); wait != 0 {
			t.Fatalf("comment %d refused", i+1)
		}
	}
	steps := []struct {
		name string
		at   time.Duration
		addr string
		wait time.Duration
	}{
		{"a sixth within ten minutes waits until the first is ten minutes old", 5 * time.Minute, "203.0.113.7", 5 * time.Minute},
		{"another address is not held back", 5 * time.Minute, "203.0.113.8", 0},
		{"once the first is ten minutes old one more is allowed", 10 * time.Minute, "203.0.113.7", 0},
		{"and the next waits for the second", 10 * time.Minute, "203.0.113.7", time.Minute},
	}
	for _, s := range steps {
		if _, wait := l.take(s.addr, now.Add(s.at)); wait != s.wait {
			t.Errorf("%s: wait = %v, want %v", s.name, wait, s.wait)
		}
	}
}

func TestRateLimitCountsAnIPv6NetworkAsOne(t *testing.T) {
	l := newLimiter(2, 10*time.Minute, 100)
	l.take("2001:db8:1:2::1", start)
	l.take("2001:db8:1:2::ffff", start)
	if _, wait := l.take("2001:db8:1:2:aaaa::1", start); wait == 0 {
		t.Error("a third address in the same /64 was allowed")
	}
	if _, wait := l.take("2001:db8:1:3::1", start); wait != 0 {
		t.Error("the next /64 was held back")
	}
}

func TestRateLimitReleaseGivesTheCommentBack(t *testing.T) {
	l := newLimiter(1, 10*time.Minute, 100)
	release, _ := l.take("203.0.113.7", start)
	release()
	release() // twice is harmless
	if _, wait := l.take("203.0.113.7", start); wait != 0 {
		t.Error("a released comment still counts")
	}
	if _, wait := l.take("", start); wait != 0 {
		t.Error("an unknown address is limited")
	}
}

func TestRateLimitMemoryIsBounded(t *testing.T) {
	l := newLimiter(1, 10*time.Minute, 50)
	blocked := "198.51.100.1"
	l.take(blocked, start)
	for i := range 1000 {
		l.take(fmt.Sprintf("10.0.%d.%d", i/256, i%256), start.Add(time.Second))
		if n := l.size(); n > 50 {
			t.Fatalf("remembers %d addresses, more than 50", n)
		}
	}
	// The flooding went on for a second only; ten minutes on, every
	// address may post again, the limited one too.
	if _, wait := l.take(blocked, start.Add(10*time.Minute)); wait != 0 {
		t.Errorf("after the window: wait %v", wait)
	}
}

func TestEmailRateLimitIgnoresCase(t *testing.T) {
	l := newEmailLimiter(2, 10*time.Minute, 100)
	l.take("Nok@Example.com", start)
	l.take("nok@example.com", start)
	if _, wait := l.take(" NOK@EXAMPLE.COM", start); wait == 0 {
		t.Error("a third comment from the same email in other capitals was allowed")
	}
	if _, wait := l.take("nok+news@example.com", start); wait != 0 {
		t.Error("another email was held back")
	}
	long := strings.Repeat("a", 70)
	l.take(long+"1@example.com", start)
	l.take(long+"1@example.com", start)
	if _, wait := l.take(long+"2@example.com", start); wait != 0 {
		t.Error("two long emails sharing their beginning count as one")
	}
}

func TestRateLimitRefusesTheSixthCommentInTenMinutes(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ctx := context.Background()
	// Mistakes in the form do not count against the reader.
	if _, _, err := e.svc.Post(ctx, e.form(""), client); err == nil {
		t.Fatal("an empty comment was accepted")
	}
	for i := range 5 {
		e.clock.Advance(time.Minute)
		e.post(e.form(fmt.Sprintf("Comment number %d", i+1)))
	}
	_, o, err := e.svc.Post(ctx, e.form("Comment number 6"), client)
	var r *Refusal
	if o != Refused || !errors.Is(err, ErrTooFast) || !errors.As(err, &r) {
		t.Fatalf("sixth comment: outcome %s, err %v; want ErrTooFast", o, err)
	}
	// The first of the five was posted at minute one, the sixth at five.
	if r.Status != 429 || r.RetryAfter != 6*time.Minute {
		t.Errorf("status %d, retry after %v; want 429 and 6m", r.Status, r.RetryAfter)
	}
	if r.Message != "You are posting comments too quickly. Please wait 6 minutes and try again." {
		t.Errorf("message = %q", r.Message)
	}
	other := ClientInfo{Addr: "198.51.100.20"}
	if _, _, err := e.svc.Post(ctx, e.form("From another address", from("lee@example.com")), other); err != nil {
		t.Errorf("another address: %v", err)
	}
	e.clock.Advance(6 * time.Minute)
	if _, _, err := e.svc.Post(ctx, e.form("Comment number 6"), client); err != nil {
		t.Errorf("after the wait: %v", err)
	}
}

func TestOneEmailIsLimitedWhateverTheAddress(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ctx := context.Background()
	for i := range 5 {
		e.clock.Advance(time.Minute)
		at := ClientInfo{Addr: fmt.Sprintf("198.51.100.%d", i+1)}
		if _, _, err := e.svc.Post(ctx, e.form(fmt.Sprintf("Comment number %d", i+1)), at); err != nil {
			t.Fatalf("comment %d: %v", i+1, err)
		}
	}
	_, o, err := e.svc.Post(ctx, e.form("Comment number 6", from("NOK@example.com")), ClientInfo{Addr: "198.51.100.99"})
	var r *Refusal
	if o != Refused || !errors.As(err, &r) || !errors.Is(err, ErrTooFast) || r.Status != 429 || r.RetryAfter != 6*time.Minute {
		t.Fatalf("sixth comment from the same email: outcome %s, err %v", o, err)
	}
	if r.Message != "You are posting comments too quickly. Please wait 6 minutes and try again." {
		t.Errorf("message = %q", r.Message)
	}
	// The refusal did not use up the new address's allowance.
	for i := range 5 {
		if _, _, err := e.svc.Post(ctx, e.form(fmt.Sprintf("Hello %d", i), from(fmt.Sprintf("other%d@example.com", i))), ClientInfo{Addr: "198.51.100.99"}); err != nil {
			t.Fatalf("another writer at that address, comment %d: %v", i+1, err)
		}
	}
	if n := e.count(); n != 10 {
		t.Errorf("%d comments stored, want 10", n)
	}
}

func TestEmailRateLimitIsConfigurable(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	svc, err := New(e.st, Config{Secret: secret, Now: e.clock.Now, Policy: func(context.Context) (Policy, error) { return e.policy, nil },
		EmailRateLimit: 2, EmailRateWindow: time.Hour, RateLimit: 100})
	must(t, err)
	e.svc = svc
	ctx := context.Background()
	for i := range 2 {
		if _, _, err := svc.Post(ctx, e.form(fmt.Sprint("Comment ", i)), client); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, err := svc.Post(ctx, e.form("Comment 3"), client); !errors.Is(err, ErrTooFast) {
		t.Fatalf("third comment in the hour: %v", err)
	}
	e.clock.Advance(time.Hour)
	if _, _, err := svc.Post(ctx, e.form("Comment 4"), client); err != nil {
		t.Fatalf("an hour later: %v", err)
	}
}
