package comments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"dateline/internal/store/teststore"
)

// limited posts f from addr and reports whether the rate limit refused it;
// any other error fails the test.
func (e *env) limited(svc *Service, f Form, addr string) bool {
	e.t.Helper()
	_, _, err := svc.Post(context.Background(), f, ClientInfo{Addr: addr})
	if err != nil && !errors.Is(err, ErrTooFast) {
		e.t.Fatalf("post from %s: %v", addr, err)
	}
	return err != nil
}

func TestRateLimitCountsAnIPv6NetworkAsOne(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	svc, err := New(e.st, Config{Secret: secret, Now: e.clock.Now, Policy: func(context.Context) (Policy, error) { return e.policy, nil },
		RateLimit: 2})
	must(t, err)
	for i, addr := range []string{"2001:db8:1:2::1", "2001:db8:1:2::ffff"} {
		if e.limited(svc, e.form(fmt.Sprint("Comment ", i), from(fmt.Sprintf("r%d@example.com", i))), addr) {
			t.Fatalf("comment %d refused", i+1)
		}
	}
	if !e.limited(svc, e.form("Third", from("r3@example.com")), "2001:db8:1:2:aaaa::1") {
		t.Error("a third address in the same /64 was allowed")
	}
	if e.limited(svc, e.form("Next network", from("r4@example.com")), "2001:db8:1:3::1") {
		t.Error("the next /64 was held back")
	}
	if e.limited(svc, e.form("An IPv4 address written as IPv6", from("r5@example.com")), "::ffff:203.0.113.7") {
		t.Error("an IPv4 address was held back by the IPv6 network's posts")
	}
}

func TestEmailRateLimitIgnoresCase(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	svc, err := New(e.st, Config{Secret: secret, Now: e.clock.Now, Policy: func(context.Context) (Policy, error) { return e.policy, nil },
		EmailRateLimit: 2, RateLimit: 100})
	must(t, err)
	e.limited(svc, e.form("One", from("Nok@Example.com")), "198.51.100.1")
	e.limited(svc, e.form("Two", from("nok@example.com")), "198.51.100.2")
	if !e.limited(svc, e.form("Three", from(" NOK@EXAMPLE.COM")), "198.51.100.3") {
		t.Error("a third comment from the same email in other capitals was allowed")
	}
	if e.limited(svc, e.form("Four", from("nok+news@example.com")), "198.51.100.4") {
		t.Error("another email was held back")
	}
	long := strings.Repeat("a", 70)
	e.limited(svc, e.form("Five", from(long+"1@example.com")), "198.51.100.5")
	e.limited(svc, e.form("Six", from(long+"1@example.com")), "198.51.100.6")
	if e.limited(svc, e.form("Seven", from(long+"2@example.com")), "198.51.100.7") {
		t.Error("two long emails sharing their beginning count as one")
	}
}

// Two nodes on one database: the limits reached through one hold on the
// other, for the address and for the email, and posts sent to both at
// once pass only up to the limit.
func TestRateLimitsHoldAcrossNodes(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	other := teststore.OpenURL(t, e.url)
	cfg := Config{Secret: secret, Now: e.clock.Now, Policy: func(context.Context) (Policy, error) { return e.policy, nil }}
	b, err := New(other, cfg)
	must(t, err)
	a := e.svc
	for i := range 5 {
		if e.limited(a, e.form(fmt.Sprint("Through A ", i), from(fmt.Sprintf("r%d@example.com", i))), "203.0.113.7") {
			t.Fatalf("comment %d through A refused", i+1)
		}
	}
	if !e.limited(b, e.form("Through B", from("r9@example.com")), "203.0.113.7") {
		t.Error("node B let the address post a sixth comment that A had counted five of")
	}
	for i := range 5 {
		if e.limited(b, e.form(fmt.Sprint("By email through B ", i), from("lee@example.com")), fmt.Sprintf("198.51.100.%d", i)) {
			t.Fatalf("comment %d by email through B refused", i+1)
		}
	}
	if !e.limited(a, e.form("By email through A", from("LEE@example.com")), "198.51.100.50") {
		t.Error("node A let the email post a sixth comment that B had counted five of")
	}

	// Ten posts from one new address at once, five to each node.
	e.clock.Advance(time.Hour)
	refused := make(chan bool, 10)
	for i := range 10 {
		svc := a
		if i%2 == 1 {
			svc = b
		}
		go func() {
			_, _, err := svc.Post(context.Background(), e.form(fmt.Sprint("At once ", i), from(fmt.Sprintf("n%d@example.com", i))), ClientInfo{Addr: "192.0.2.44"})
			if err != nil && !errors.Is(err, ErrTooFast) {
				t.Errorf("post %d at once: %v", i, err)
			}
			refused <- err != nil
		}()
	}
	passed := 0
	for range 10 {
		if !<-refused {
			passed++
		}
	}
	if passed != 5 {
		t.Errorf("%d of ten posts sent to two nodes at once passed, want 5", passed)
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
