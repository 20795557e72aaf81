package storetest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runLimits specifies store.Limits and the quotas of PostComment on one
// handle of the database.
func runLimits(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"sign-in counts start at zero and round-trip every field", testThrottleRoundTrip},
		{"an update that changes nothing or fails writes nothing", testThrottleUnchanged},
		{"updates of one key at once each see the one before", func(t *testing.T, st store.Store) { testThrottleRace(t, st, st) }},
		{"pruning drops quiet counts and keeps busy ones longest", testThrottlePrune},
		{"remembered sign-ins are found since a time, forgotten when old, and bounded", testSignIns},
		{"a post over a quota is refused with the wait and stores nothing", testQuotaRefuses},
		{"a quota counts only its own key, and one without a limit does not apply", testQuotaKeys},
		{"posts at once under one quota pass only up to its limit", func(t *testing.T, st store.Store) { testQuotaRace(t, st, st) }},
		{"quota records run out and are pruned by later posts, whoever made them", testQuotaPrune},
		{"keys that no count can be kept under are refused", testLimitKeys},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) { tc.fn(t, newStore(t)) })
	}
}

// limitNodeTests are the limits' part of RunNodes.
var limitNodeTests = []struct {
	name string
	fn   func(t *testing.T, a, b store.Store)
}{
	{"sign-in counts updated on two nodes at once lose no update", testThrottleRace},
	{"posts made at once on two nodes under one quota pass only up to its limit", testQuotaRace},
}

func testThrottleRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	got, err := st.ThrottleCounts(ctx, "a:1", "e:1")
	must(t, err)
	if len(got) != 2 || got[0] != (store.ThrottleCount{Key: "a:1"}) || got[1] != (store.ThrottleCount{Key: "e:1"}) {
		t.Fatalf("counts never kept = %+v, want zero ones with their keys", got)
	}
	want := store.ThrottleCount{Key: "e:1", Failures: 3, WindowStart: base, Blocks: 2, Until: base.Add(time.Minute),
		Pending: 4, Held: 1, PendingAt: base.Add(time.Second), Seen: base.Add(2 * time.Second)}
	must(t, st.UpdateThrottle(ctx, []string{"a:1", "e:1"}, func(c []store.ThrottleCount) ([]store.ThrottleCount, error) {
		return []store.ThrottleCount{want}, nil
	}))
	got, err = st.ThrottleCounts(ctx, "e:1", "a:1")
	must(t, err)
	if !sameCount(got[0], want) || got[1] != (store.ThrottleCount{Key: "a:1"}) {
		t.Errorf("after the update: %+v, want %+v and a zero a:1", got, want)
	}
	// A count whose times are zero keeps them zero.
	must(t, st.UpdateThrottle(ctx, []string{"e:1"}, func(c []store.ThrottleCount) ([]store.ThrottleCount, error) {
		if !sameCount(c[0], want) {
			t.Errorf("the update read %+v, want %+v", c[0], want)
		}
		return []store.ThrottleCount{{Key: "e:1", Failures: 1}}, nil
	}))
	got, err = st.ThrottleCounts(ctx, "e:1")
	must(t, err)
	if got[0] != (store.ThrottleCount{Key: "e:1", Failures: 1}) {
		t.Errorf("a count with zero times: %+v", got[0])
	}
}

// sameCount compares counts by their instants, whatever their zones.
func sameCount(a, b store.ThrottleCount) bool {
	return a.Key == b.Key && a.Failures == b.Failures && a.WindowStart.Equal(b.WindowStart) && a.Blocks == b.Blocks &&
		a.Until.Equal(b.Until) && a.Pending == b.Pending && a.Held == b.Held && a.PendingAt.Equal(b.PendingAt) && a.Seen.Equal(b.Seen)
}

func testThrottleUnchanged(t *testing.T, st store.Store) {
	ctx := context.Background()
	must(t, st.UpdateThrottle(ctx, []string{"a:1"}, func([]store.ThrottleCount) ([]store.ThrottleCount, error) { return nil, nil }))
	boom := errors.New("boom")
	err := st.UpdateThrottle(ctx, []string{"a:1"}, func([]store.ThrottleCount) ([]store.ThrottleCount, error) {
		return []store.ThrottleCount{{Key: "a:1", Failures: 9}}, boom
	})
	if !errors.Is(err, boom) {
		t.Errorf("a failing update: err = %v, want fn's", err)
	}
	if err := st.UpdateThrottle(ctx, []string{"a:1"}, func([]store.ThrottleCount) ([]store.ThrottleCount, error) {
		return []store.ThrottleCount{{Key: "a:2", Failures: 9}}, nil
	}); err == nil {
		t.Error("an update wrote a count it had not read")
	}
	if n, _, _ := limitRecords(t, st); n != 0 {
		t.Errorf("%d counts kept, want none", n)
	}
}

// testThrottleRace: 20 updates at once, half through a and half through
// b, each adding a failure to both keys.
func testThrottleRace(t *testing.T, a, b store.Store) {
	const updates = 20
	var wg sync.WaitGroup
	for i := range updates {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Go(func() {
			keys := []string{"a:1", "e:1"}
			if i%3 == 0 {
				keys = []string{"e:1", "a:1"} // locked in either order
			}
			err := st.UpdateThrottle(context.Background(), keys, func(c []store.ThrottleCount) ([]store.ThrottleCount, error) {
				for j := range c {
					c[j].Failures++
				}
				return c, nil
			})
			if err != nil {
				t.Errorf("update %d: %v", i, err)
			}
		})
	}
	wg.Wait()
	got, err := a.ThrottleCounts(context.Background(), "a:1", "e:1")
	must(t, err)
	if got[0].Failures != updates || got[1].Failures != updates {
		t.Errorf("failures = %d and %d, want %d each", got[0].Failures, got[1].Failures, updates)
	}
}

func setCounts(t *testing.T, st store.Store, counts ...store.ThrottleCount) {
	t.Helper()
	for _, c := range counts {
		must(t, st.UpdateThrottle(context.Background(), []string{c.Key}, func([]store.ThrottleCount) ([]store.ThrottleCount, error) {
			return []store.ThrottleCount{c}, nil
		}))
	}
}

func limitRecords(t *testing.T, st store.Store) (throttle, signIns, quotas int) {
	t.Helper()
	throttle, signIns, quotas, err := st.LimitRecords(context.Background())
	must(t, err)
	return throttle, signIns, quotas
}

func testThrottlePrune(t *testing.T, st store.Store) {
	ctx := context.Background()
	now := base.Add(48 * time.Hour)
	old, recent := base, now.Add(-time.Hour)
	setCounts(t, st,
		store.ThrottleCount{Key: "quiet", Failures: 2, Seen: old},
		store.ThrottleCount{Key: "blocked", Failures: 1, Until: now.Add(time.Minute), Seen: old},
		store.ThrottleCount{Key: "at-limit", Failures: 5, Seen: recent.Add(-2 * time.Second)},
		store.ThrottleCount{Key: "stale-limit", Failures: 5, Until: now.Add(-time.Hour), Seen: old},
		store.ThrottleCount{Key: "in-flight", Pending: 1, PendingAt: now.Add(-time.Second), Seen: old},
		store.ThrottleCount{Key: "lapsed", Pending: 1, PendingAt: old, Seen: old},
		store.ThrottleCount{Key: "recent-1", Failures: 1, Seen: recent},
		store.ThrottleCount{Key: "recent-2", Failures: 1, Seen: recent.Add(time.Second)},
		store.ThrottleCount{Key: "recent-busy", Failures: 5, Seen: recent.Add(-time.Second)},
	)
	p := store.ThrottlePrune{Now: now, QuietSince: now.Add(-24 * time.Hour), InFlightSince: now.Add(-time.Minute), Limit: 5, Keep: 100}
	left, err := st.PruneThrottle(ctx, p)
	must(t, err)
	if left != 6 {
		t.Errorf("%d counts left, want 6 (the quiet, the lapsed and the stale go)", left)
	}
	p.Keep = 4
	left, err = st.PruneThrottle(ctx, p)
	must(t, err)
	if left != 4 {
		t.Fatalf("%d counts left, want 4", left)
	}
	keys := []string{"blocked", "at-limit", "in-flight", "recent-busy", "recent-1", "recent-2", "quiet", "lapsed", "stale-limit"}
	got, err := st.ThrottleCounts(ctx, keys...)
	must(t, err)
	for i, c := range got {
		kept := c.Seen != (time.Time{})
		if want := i < 4; kept != want {
			t.Errorf("%s kept = %v, want %v (beyond Keep, what is not busy goes first)", keys[i], kept, want)
		}
	}
	p.Keep = 1
	if left, err = st.PruneThrottle(ctx, p); err != nil || left != 1 {
		t.Fatalf("keeping 1: %d left, %v", left, err)
	}
	got, err = st.ThrottleCounts(ctx, "recent-busy")
	must(t, err)
	if got[0].Failures != 5 {
		t.Errorf("of the busy counts the most recently seen stays: %+v", got[0])
	}
}

func testSignIns(t *testing.T, st store.Store) {
	ctx := context.Background()
	known := func(pair string, since time.Time) bool {
		ok, err := st.SignedIn(ctx, pair, since)
		must(t, err)
		return ok
	}
	if known("p:1", base) {
		t.Error("a pair never signed in is known")
	}
	must(t, st.RememberSignIn(ctx, "p:1", base, base.Add(-time.Hour), 10))
	if !known("p:1", base.Add(-time.Millisecond)) || known("p:1", base) {
		t.Error("a sign-in is known since any time before it, and not since its own")
	}
	must(t, st.RememberSignIn(ctx, "p:1", base.Add(time.Hour), base, 10))
	if !known("p:1", base.Add(time.Minute)) {
		t.Error("a second sign-in of the pair did not move its time")
	}
	for i := range 12 {
		must(t, st.RememberSignIn(ctx, fmt.Sprintf("p:%d", i+2), base.Add(time.Duration(2+i)*time.Hour), base, 10))
	}
	if _, n, _ := limitRecords(t, st); n != 10 {
		t.Errorf("%d sign-ins remembered, want the 10 newest", n)
	}
	if known("p:1", base.Add(-time.Hour)) || !known("p:13", base) {
		t.Error("the oldest sign-ins are not the ones forgotten")
	}
	must(t, st.RememberSignIn(ctx, "p:20", base.Add(30*time.Hour), base.Add(13*time.Hour), 10))
	if _, n, _ := limitRecords(t, st); n != 2 {
		t.Errorf("%d sign-ins left after forgetting those before hour 13, want 2", n)
	}
}

// postUnder posts a comment on a at the given time under quotas.
func postUnder(st store.Store, a content.Article, email string, at time.Time, quotas ...store.Quota) (content.Comment, error) {
	c := content.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: email, Body: "Words at " + at.Format(time.TimeOnly),
		Status: content.CommentApproved, CreatedAt: at}
	err := st.PostComment(context.Background(), &c, false, nil, quotas...)
	return c, err
}

func testQuotaRefuses(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	q := store.Quota{Key: "addr:1", Limit: 2, Window: 10 * time.Minute}
	for i := range 2 {
		if _, err := postUnder(st, a, "nok@example.com", base.Add(time.Duration(i)*time.Minute), q); err != nil {
			t.Fatalf("post %d: %v", i+1, err)
		}
	}
	at := base.Add(3 * time.Minute)
	if w, err := st.QuotaWait(ctx, at, q); err != nil || w != 7*time.Minute {
		t.Errorf("QuotaWait = %v, %v; want 7m, until the first post is ten minutes old", w, err)
	}
	_, err := postUnder(st, a, "nok@example.com", at, q)
	var over *store.OverQuota
	if !errors.As(err, &over) || over.Key != q.Key || over.Wait != 7*time.Minute {
		t.Fatalf("third post: err = %v, want OverQuota for %s, 7m", err, q.Key)
	}
	if n := commentCount(t, st, a.ID); n != 2 {
		t.Errorf("%d comments stored, want 2: the refused one is not", n)
	}
	if _, _, n := limitRecords(t, st); n != 2 {
		t.Errorf("%d quota records, want 2: the refusal records nothing", n)
	}
	at = base.Add(10 * time.Minute)
	if w, err := st.QuotaWait(ctx, at, q); err != nil || w != 0 {
		t.Errorf("once the first ran out, QuotaWait = %v, %v; want 0", w, err)
	}
	if _, err := postUnder(st, a, "nok@example.com", at, q); err != nil {
		t.Errorf("once the first ran out: %v", err)
	}
	if _, err := postUnder(st, a, "nok@example.com", at, q); !errors.As(err, &over) || over.Wait != time.Minute {
		t.Errorf("the next: err = %v, want OverQuota until the second is ten minutes old", err)
	}
}

func testQuotaKeys(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	addr := store.Quota{Key: "addr:1", Limit: 1, Window: time.Hour}
	email := func(n int) store.Quota {
		return store.Quota{Key: fmt.Sprintf("email:%d", n), Limit: 3, Window: time.Hour}
	}
	if _, err := postUnder(st, a, "one@example.com", base, addr, email(1)); err != nil {
		t.Fatal(err)
	}
	var over *store.OverQuota
	if _, err := postUnder(st, a, "two@example.com", base, addr, email(2)); !errors.As(err, &over) || over.Key != addr.Key {
		t.Errorf("a second post from the address: err = %v, want over %s", err, addr.Key)
	}
	// The refusal recorded nothing under email:2, whose quota was fine.
	if w, err := st.QuotaWait(ctx, base, store.Quota{Key: "email:2", Limit: 1, Window: time.Hour}); err != nil || w != 0 {
		t.Errorf("email:2 after a refusal for the address: wait %v, %v", w, err)
	}
	if _, err := postUnder(st, a, "two@example.com", base, store.Quota{Key: "addr:2", Limit: 1, Window: time.Hour}, email(2)); err != nil {
		t.Errorf("another address: %v", err)
	}
	if _, err := postUnder(st, a, "one@example.com", base, store.Quota{Key: "addr:1", Limit: 0}); err != nil {
		t.Errorf("a quota without a limit refused a post: %v", err)
	}
	if w, err := st.QuotaWait(ctx, base, store.Quota{Key: "addr:1"}); err != nil || w != 0 {
		t.Errorf("a quota without a limit: wait %v, %v", w, err)
	}
}

// testQuotaRace: 12 posts at once under a quota of 5, half through a and
// half through b.
func testQuotaRace(t *testing.T, a, b store.Store) {
	f := newFixture(t, a)
	art := f.post(t, a, "Flood", 1)
	q := store.Quota{Key: "addr:1", Limit: 5, Window: time.Hour}
	const posts = 12
	errs := make([]error, posts)
	var wg sync.WaitGroup
	for i := range posts {
		st := a
		if i%2 == 1 {
			st = b
		}
		wg.Go(func() {
			_, errs[i] = postUnder(st, art, fmt.Sprintf("r%d@example.com", i), base.Add(time.Duration(i)*time.Millisecond), q)
		})
	}
	wg.Wait()
	passed := 0
	for i, err := range errs {
		var over *store.OverQuota
		switch {
		case err == nil:
			passed++
		case !errors.As(err, &over):
			t.Errorf("post %d: %v", i, err)
		}
	}
	if passed != q.Limit || commentCount(t, a, art.ID) != q.Limit {
		t.Errorf("%d posts passed and %d are stored, want %d", passed, commentCount(t, a, art.ID), q.Limit)
	}
}

func testQuotaPrune(t *testing.T, st store.Store) {
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	// A spray of 40 addresses, each posting once, then quiet.
	for i := range 40 {
		q := store.Quota{Key: fmt.Sprintf("addr:%d", i), Limit: 5, Window: 10 * time.Minute}
		if _, err := postUnder(st, a, "r@example.com", base.Add(time.Duration(i)*time.Second), q); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, n := limitRecords(t, st); n != 40 {
		t.Fatalf("%d quota records, want 40", n)
	}
	// An hour later, every post of one reader prunes expired records.
	later := base.Add(time.Hour)
	q := store.Quota{Key: "addr:reader", Limit: 100, Window: 10 * time.Minute}
	for i := range 5 {
		if _, err := postUnder(st, a, "r@example.com", later.Add(time.Duration(i)*time.Second), q); err != nil {
			t.Fatal(err)
		}
	}
	if _, _, n := limitRecords(t, st); n != 5 {
		t.Errorf("%d quota records after five later posts, want only their 5", n)
	}
}

func testLimitKeys(t *testing.T, st store.Store) {
	ctx := context.Background()
	long := string(make([]byte, store.MaxLimitKey+1))
	if _, err := st.ThrottleCounts(ctx, ""); err == nil {
		t.Error("an empty key was read")
	}
	if err := st.UpdateThrottle(ctx, []string{long}, func(c []store.ThrottleCount) ([]store.ThrottleCount, error) { return c, nil }); err == nil {
		t.Error("a key too long was written")
	}
	if err := st.RememberSignIn(ctx, "", base, base, 1); err == nil {
		t.Error("an empty pair was remembered")
	}
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	if _, err := postUnder(st, a, "r@example.com", base, store.Quota{Key: "addr:1", Limit: 1}); err == nil {
		t.Error("a quota without a window was taken")
	}
	if n := commentCount(t, st, a.ID); n != 0 {
		t.Errorf("%d comments stored by refused posts", n)
	}
}
