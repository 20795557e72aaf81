package comments

import (
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
