package comments

import (
	"context"
	"fmt"
	"testing"
	"time"
)

// /metrics counts what became of every comment sent through the form, and
// why the refused were refused.
func TestSubmissionsAreCountedByOutcomeAndReason(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	ctx := context.Background()
	e.svc.Post(ctx, e.form(""), client) // a mistake in the form
	for i := range 6 {                  // the sixth is too fast
		e.clock.Advance(time.Minute)
		e.svc.Post(ctx, e.form(fmt.Sprintf("Comment number %d", i+1)), client)
	}
	closed := e.publish("Closed", start, false)
	e.svc.Post(ctx, e.form("On a closed story", func(f *Form) { f.ArticleID = fmt.Sprint(closed.ID) }),
		ClientInfo{Addr: "198.51.100.9"})
	for _, c := range []struct {
		outcome, reason string
		want            uint64
	}{
		{"approved", "", 5}, {"refused", "invalid", 1}, {"refused", "too_fast", 1}, {"refused", "closed", 1},
		{"held", "", 0}, {"refused", "other", 0},
	} {
		if got := e.svc.counts.Value(c.outcome, c.reason); got != c.want {
			t.Errorf("%s/%s = %d, want %d", c.outcome, c.reason, got, c.want)
		}
	}
}
