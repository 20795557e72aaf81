package comments

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

func TestAFormSentTooSoonAfterItsPageIsRefused(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	other, err := New(e.st, Config{Secret: []byte("another secret, sixteen or more")})
	must(t, err)
	stamp := func(s string) func(*Form) { return func(f *Form) { f.Stamp = s } }
	good := e.svc.FormStamp(start.Add(-10 * time.Second))
	unix, _, _ := strings.Cut(good, ".")
	tests := []struct {
		name    string
		stamp   string
		refused bool
	}{
		{"a page served a second ago is too recent", e.svc.FormStamp(start.Add(-time.Second)), true},
		{"a page served just under three seconds ago is too recent", e.svc.FormStamp(start.Add(-2 * time.Second)), true},
		{"a page served three seconds ago is fine", e.svc.FormStamp(start.Add(-3 * time.Second)), false},
		{"a page served two days ago, from a cache, is fine", e.svc.FormStamp(start.Add(-48 * time.Hour)), false},
		{"a page served a year ago is fine", e.svc.FormStamp(start.Add(-365 * 24 * time.Hour)), false},
		{"a stamp from a clock running ahead is too recent", e.svc.FormStamp(start.Add(time.Minute)), true},
		{"a missing stamp is refused", "", true},
		{"a stamp without its signature is refused", unix, true},
		{"a stamp with a time moved back is refused", "1." + strings.SplitN(good, ".", 2)[1], true},
		{"a stamp signed with another secret is refused", other.FormStamp(start.Add(-time.Hour)), true},
		{"a stamp of garbage is refused", "yesterday.0123", true},
		{"a stamp with a huge number is refused", "99999999999999999999999." + strings.SplitN(good, ".", 2)[1], true},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			// Each post from its own writer and address, away from the rate limits.
			f := e.form("Thoughts: "+tc.name, stamp(tc.stamp), from(fmt.Sprintf("reader%d@example.com", i)))
			addr := ClientInfo{Addr: fmt.Sprintf("198.51.100.%d", i+1)}
			_, o, err := e.svc.Post(context.Background(), f, addr)
			if !tc.refused {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var r *Refusal
			if o != Refused || !errors.Is(err, ErrTooEarly) || !errors.As(err, &r) {
				t.Fatalf("outcome %s, err %v; want ErrTooEarly", o, err)
			}
			if r.Status != 422 || r.Message != "Your comment was sent very quickly after the page opened. Please wait a moment and send it again." {
				t.Errorf("status %d, message %q", r.Status, r.Message)
			}
		})
	}
	if n := e.count(); n != 3 {
		t.Errorf("%d comments stored, want the 3 that waited long enough", n)
	}
}

func TestWaitingAfterATooEarlyRefusalIsEnough(t *testing.T) {
	e := newEnv(t)
	f := e.form("Quick thought", func(f *Form) { f.Stamp = e.svc.FormStamp(start) })
	for range 10 { // refusals do not use up the rate limit
		if _, _, err := e.svc.Post(context.Background(), f, client); !errors.Is(err, ErrTooEarly) {
			t.Fatalf("err = %v, want ErrTooEarly", err)
		}
	}
	e.clock.Advance(3 * time.Second)
	if _, _, err := e.svc.Post(context.Background(), f, client); err != nil {
		t.Fatalf("after three seconds: %v", err)
	}
}

func TestNoWaitWhenTheSettingIsZero(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.MinSeconds = 0 })
	if _, _, err := e.svc.Post(context.Background(), e.form("No stamp at all", func(f *Form) { f.Stamp = "" }), client); err != nil {
		t.Fatalf("refused: %v", err)
	}
}

func TestFormMistakesAreToldBeforeTheWait(t *testing.T) {
	e := newEnv(t)
	f := e.form("Hello", func(f *Form) { f.Author, f.Stamp = "", "" })
	_, _, err := e.svc.Post(context.Background(), f, client)
	if errors.Is(err, ErrTooEarly) || err == nil || !strings.Contains(err.Error(), "Please enter your name here") {
		t.Errorf("err = %v, want the missing name first", err)
	}
}

func TestStampTimeReadsOnlyItsOwnStamps(t *testing.T) {
	e := newEnv(t)
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	got, ok := e.svc.StampTime(e.svc.FormStamp(at))
	if !ok || !got.Equal(at) {
		t.Errorf("StampTime = %v %v, want %v", got, ok, at)
	}
	for _, s := range []string{"", ".", "0.", "-5.00", "1767323045", "1767323045.", "1767323045.zz", " . "} {
		if _, ok := e.svc.StampTime(s); ok {
			t.Errorf("StampTime(%q) accepted", s)
		}
	}
}

// FuzzStampTime: whatever a robot puts in the hidden field, reading it
// neither panics nor accepts a stamp that FormStamp did not make.
func FuzzStampTime(f *testing.F) {
	svc, err := New(nil, Config{Secret: secret})
	if err != nil {
		f.Fatal(err)
	}
	good := svc.FormStamp(start)
	for _, s := range []string{"", ".", good, good + "0", "1752462000", "-1." + strings.Repeat("0", 32), "9999999999999999999." + good[11:]} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		at, ok := svc.StampTime(s)
		// Hex digits may come in either case; the signature is the same.
		if ok && !strings.EqualFold(svc.FormStamp(at), strings.TrimSpace(s)) {
			t.Errorf("accepted %q, which reads as %v", s, at)
		}
	})
}
