package storetest

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// runModeration runs the moderation and mail queue suite; newStore returns
// a fresh, empty store.
func runModeration(t *testing.T, newStore func(t *testing.T) store.Store) {
	tests := []struct {
		name string
		fn   func(t *testing.T, st store.Store)
	}{
		{"a comment is found by id in any status", testCommentByID},
		{"the queue lists pending and approved comments newest first with their article", testQueueDefault},
		{"the queue filters by status and article and pages", testQueueFilters},
		{"changing a comment's status recounts its article", testStatusRecounts},
		{"an unknown status is refused and changes nothing", testUnknownStatus},
		{"editing a comment changes its text and keeps the count", testEditBody},
		{"a new text and a new status are one change", testChangeComment},
		{"comments are counted by status", testCountComments},
		{"an address has an approved comment whatever its case", testHasApproved},
		{"a recent comment with the same address and text is found for the duplicate check", testRecentByEmail},
		{"a reply subscription starts off and can be turned on and off", testReplySubscription},
		{"queued mail round-trips with recipients and headers", testMailRoundTrip},
		{"claimed mail is leased, so it is not claimed twice", testMailLease},
		{"mail is claimed oldest due first, limit at a time", testMailOrder},
		{"sent mail is never due again", testMailSent},
		{"failed mail is due again when asked, or given up with its reason", testMailFailed},
		{"purging removes finished mail and keeps mail still due", testMailPurge},
	}
	tests = append(tests, postCommentTests...)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.fn(t, newStore(t))
		})
	}
}

// comment stores a comment on a, written minutes after base.
func comment(t *testing.T, st store.Store, a content.Article, email string, status content.CommentStatus, minutes int) content.Comment {
	t.Helper()
	c := content.Comment{ArticleID: a.ID, AuthorName: "Reader " + email, AuthorEmail: email,
		Body: fmt.Sprintf("Comment %d by %s", minutes, email), Status: status,
		CreatedAt: base.Add(time.Duration(minutes) * time.Minute), IPHash: "hash"}
	must(t, st.CreateComment(context.Background(), &c))
	return c
}

func commentCount(t *testing.T, st store.Store, id int64) int {
	t.Helper()
	a, err := st.ArticleByID(context.Background(), id)
	must(t, err)
	return a.CommentCount
}

func queueIDs(list []store.CommentOn) []int64 {
	ids := make([]int64, len(list))
	for i, c := range list {
		ids[i] = c.ID
	}
	return ids
}

func sameIDs(got, want []int64) bool {
	return fmt.Sprint(got) == fmt.Sprint(want)
}

func testCommentByID(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	parent := comment(t, st, a, "nok@example.com", content.CommentApproved, 1)
	want := content.Comment{ArticleID: a.ID, ParentID: parent.ID, AuthorName: "Lee", AuthorEmail: "lee@example.com",
		AuthorURL: "https://lee.example", Body: "Held reply", Status: content.CommentPending,
		CreatedAt: base.Add(time.Hour), IPHash: "abc", UserID: f.other.ID}
	must(t, st.CreateComment(ctx, &want))
	got, err := st.CommentByID(ctx, want.ID)
	must(t, err)
	if got != want {
		t.Errorf("comment = %+v, want %+v", got, want)
	}
	if _, err := st.CommentByID(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown comment: err = %v, want ErrNotFound", err)
	}
}

func testQueueDefault(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	b := f.post(t, st, "Budget", 2)
	old := comment(t, st, a, "a@example.com", content.CommentApproved, 1)
	held := comment(t, st, b, "b@example.com", content.CommentPending, 2)
	comment(t, st, a, "c@example.com", content.CommentSpam, 3)
	comment(t, st, a, "d@example.com", content.CommentTrash, 4)
	list, err := st.ModerationQueue(ctx, store.CommentFilter{})
	must(t, err)
	if want := []int64{held.ID, old.ID}; !sameIDs(queueIDs(list), want) {
		t.Fatalf("queue = %v, want %v", queueIDs(list), want)
	}
	if list[0].Article.Title != "Budget" || list[0].Article.Slug != b.Slug || list[1].Article.ID != a.ID {
		t.Errorf("articles = %+v / %+v", list[0].Article, list[1].Article)
	}
	if list[0].AuthorEmail != "b@example.com" || list[0].Status != content.CommentPending {
		t.Errorf("comment = %+v", list[0].Comment)
	}
	if !list[1].Article.PublishedAt.Equal(a.PublishedAt) {
		t.Errorf("published at = %v, want %v", list[1].Article.PublishedAt, a.PublishedAt)
	}
}

func testQueueFilters(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	b := f.post(t, st, "Budget", 2)
	var aPending []int64
	for i := range 5 {
		aPending = append([]int64{comment(t, st, a, fmt.Sprintf("p%d@example.com", i), content.CommentPending, i).ID}, aPending...)
	}
	bPending := comment(t, st, b, "q@example.com", content.CommentPending, 10)
	spam := comment(t, st, a, "s@example.com", content.CommentSpam, 11)
	bApproved := comment(t, st, b, "r@example.com", content.CommentApproved, 12)

	tests := []struct {
		name   string
		filter store.CommentFilter
		want   []int64
	}{
		{"pending site-wide", store.CommentFilter{Status: content.CommentPending},
			append([]int64{bPending.ID}, aPending...)},
		{"spam only when asked", store.CommentFilter{Status: content.CommentSpam}, []int64{spam.ID}},
		{"pending on one article", store.CommentFilter{Status: content.CommentPending, ArticleID: b.ID}, []int64{bPending.ID}},
		{"everything listed on one article", store.CommentFilter{ArticleID: b.ID}, []int64{bApproved.ID, bPending.ID}},
		{"a page of two", store.CommentFilter{Status: content.CommentPending, Limit: 2, Offset: 1}, aPending[:2]},
		{"past the end", store.CommentFilter{Status: content.CommentPending, Offset: 50}, []int64{}},
	}
	for _, tc := range tests {
		list, err := st.ModerationQueue(ctx, tc.filter)
		must(t, err)
		if !sameIDs(queueIDs(list), tc.want) {
			t.Errorf("%s: queue = %v, want %v", tc.name, queueIDs(list), tc.want)
		}
	}
}

func testStatusRecounts(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	approved := comment(t, st, a, "a@example.com", content.CommentApproved, 1)
	held := comment(t, st, a, "b@example.com", content.CommentPending, 2)
	steps := []struct {
		id     int64
		status content.CommentStatus
		want   int
	}{
		{held.ID, content.CommentApproved, 2},
		{approved.ID, content.CommentSpam, 1},
		{held.ID, content.CommentTrash, 0},
		{approved.ID, content.CommentApproved, 1},
	}
	for _, s := range steps {
		must(t, st.SetCommentStatus(ctx, s.id, s.status))
		if got := commentCount(t, st, a.ID); got != s.want {
			t.Errorf("after comment %d became %s: count = %d, want %d", s.id, s.status, got, s.want)
		}
		c, err := st.CommentByID(ctx, s.id)
		must(t, err)
		if c.Status != s.status {
			t.Errorf("comment %d status = %s, want %s", s.id, c.Status, s.status)
		}
	}
	if err := st.SetCommentStatus(ctx, 424242, content.CommentApproved); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown comment: err = %v, want ErrNotFound", err)
	}
}

func testUnknownStatus(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	c := comment(t, st, a, "a@example.com", content.CommentApproved, 1)
	if err := st.SetCommentStatus(ctx, c.ID, "deleted"); err == nil {
		t.Fatal("status \"deleted\" was accepted")
	}
	got, err := st.CommentByID(ctx, c.ID)
	must(t, err)
	if got.Status != content.CommentApproved || commentCount(t, st, a.ID) != 1 {
		t.Errorf("status = %s, count = %d; want approved, 1", got.Status, commentCount(t, st, a.ID))
	}
}

func testEditBody(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	c := comment(t, st, a, "a@example.com", content.CommentApproved, 1)
	must(t, st.UpdateCommentBody(ctx, c.ID, "Edited for clarity"))
	got, err := st.CommentByID(ctx, c.ID)
	must(t, err)
	if got.Body != "Edited for clarity" || commentCount(t, st, a.ID) != 1 {
		t.Errorf("body = %q, count = %d", got.Body, commentCount(t, st, a.ID))
	}
	if err := st.UpdateCommentBody(ctx, 424242, "x"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown comment: err = %v, want ErrNotFound", err)
	}
}

func testChangeComment(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	c := comment(t, st, a, "a@example.com", content.CommentPending, 1)
	body := "Corrected and approved"
	must(t, st.ChangeComment(ctx, c.ID, &body, content.CommentApproved))
	got, err := st.CommentByID(ctx, c.ID)
	must(t, err)
	if got.Body != body || got.Status != content.CommentApproved || commentCount(t, st, a.ID) != 1 {
		t.Errorf("after the change: %q %s, count %d", got.Body, got.Status, commentCount(t, st, a.ID))
	}
	// An unknown status refuses the whole change: the text stays too.
	other := "Never stored"
	if err := st.ChangeComment(ctx, c.ID, &other, "published"); err == nil {
		t.Error("an unknown status was accepted")
	}
	if got, _ := st.CommentByID(ctx, c.ID); got.Body != body || got.Status != content.CommentApproved {
		t.Errorf("a refused change left %q %s", got.Body, got.Status)
	}
	if err := st.ChangeComment(ctx, 424242, &other, content.CommentSpam); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown comment: err = %v, want ErrNotFound", err)
	}
}

func testCountComments(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	b := f.post(t, st, "Budget", 2)
	for i, s := range []content.CommentStatus{content.CommentPending, content.CommentPending, content.CommentApproved, content.CommentSpam} {
		comment(t, st, a, fmt.Sprintf("a%d@example.com", i), s, i)
		comment(t, st, b, fmt.Sprintf("b%d@example.com", i), s, i)
	}
	want := map[content.CommentStatus]int{content.CommentPending: 4, content.CommentApproved: 2, content.CommentSpam: 2, content.CommentTrash: 0}
	for status, n := range want {
		got, err := st.CountComments(ctx, status)
		must(t, err)
		if got != n {
			t.Errorf("%s: %d, want %d", status, got, n)
		}
	}
}

func testHasApproved(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	comment(t, st, a, "known@example.com", content.CommentApproved, 1)
	comment(t, st, a, "held@example.com", content.CommentPending, 2)
	comment(t, st, a, "spam@example.com", content.CommentSpam, 3)
	tests := []struct {
		email string
		want  bool
	}{
		{"known@example.com", true},
		{"Known@Example.COM", true},
		{"held@example.com", false},
		{"spam@example.com", false},
		{"stranger@example.com", false},
	}
	for _, tc := range tests {
		got, err := st.HasApprovedComment(ctx, tc.email)
		must(t, err)
		if got != tc.want {
			t.Errorf("%s: %v, want %v", tc.email, got, tc.want)
		}
	}
}

func testRecentByEmail(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	b := f.post(t, st, "Budget", 2)
	c := content.Comment{ArticleID: a.ID, AuthorName: "Nok", AuthorEmail: "nok@example.com", Body: "Same words",
		Status: content.CommentPending, CreatedAt: base.Add(time.Hour)}
	must(t, st.CreateComment(ctx, &c))
	tests := []struct {
		name    string
		article int64
		email   string
		body    string
		since   time.Time
		found   bool
	}{
		{"same address, text and article", a.ID, "nok@example.com", "Same words", base, true},
		{"address in another case", a.ID, "NOK@example.com", "Same words", base, true},
		{"written exactly at since", a.ID, "nok@example.com", "Same words", c.CreatedAt, true},
		{"older than since", a.ID, "nok@example.com", "Same words", c.CreatedAt.Add(time.Second), false},
		{"other text", a.ID, "nok@example.com", "Other words", base, false},
		{"other article", b.ID, "nok@example.com", "Same words", base, false},
		{"other address", a.ID, "lee@example.com", "Same words", base, false},
	}
	for _, tc := range tests {
		got, err := st.RecentCommentByEmail(ctx, tc.article, tc.email, tc.body, tc.since)
		switch {
		case tc.found && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.found && got.ID != c.ID:
			t.Errorf("%s: found comment %d, want %d", tc.name, got.ID, c.ID)
		case !tc.found && !errors.Is(err, store.ErrNotFound):
			t.Errorf("%s: err = %v, want ErrNotFound", tc.name, err)
		}
	}
}

func testReplySubscription(t *testing.T, st store.Store) {
	ctx := context.Background()
	f := newFixture(t, st)
	a := f.post(t, st, "Flood", 1)
	c := comment(t, st, a, "a@example.com", content.CommentApproved, 1)
	check := func(when string, want bool) {
		t.Helper()
		got, err := st.ReplySubscription(ctx, c.ID)
		must(t, err)
		if got != want {
			t.Errorf("%s: subscribed = %v, want %v", when, got, want)
		}
	}
	check("new comment", false)
	must(t, st.SetReplySubscription(ctx, c.ID, true))
	check("after subscribing", true)
	must(t, st.SetReplySubscription(ctx, c.ID, false))
	check("after unsubscribing", false)
	if err := st.SetReplySubscription(ctx, 424242, true); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown comment: err = %v, want ErrNotFound", err)
	}
	if _, err := st.ReplySubscription(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown comment: err = %v, want ErrNotFound", err)
	}
}

func enqueue(t *testing.T, st store.Store, subject string, due time.Time) store.Mail {
	t.Helper()
	m := store.Mail{To: []string{"desk@example.com"}, Subject: subject, Body: "Body of " + subject,
		CreatedAt: base, NextAttemptAt: due}
	must(t, st.EnqueueMail(context.Background(), &m))
	return m
}

func claimedSubjects(t *testing.T, st store.Store, now time.Time, limit int) []string {
	t.Helper()
	list, err := st.ClaimMail(context.Background(), now, 10*time.Minute, limit)
	must(t, err)
	out := []string{}
	for _, m := range list {
		out = append(out, m.Subject)
	}
	return out
}

func testMailRoundTrip(t *testing.T, st store.Store) {
	ctx := context.Background()
	m := store.Mail{To: []string{"ana@example.com", "kit@example.com"}, Subject: "Nouveau commentaire — ข่าว",
		Body: "Line one\nLine two", Headers: map[string]string{"List-Unsubscribe": "<https://example.com/u>"},
		CreatedAt: base}
	must(t, st.EnqueueMail(ctx, &m))
	got, err := st.MailByID(ctx, m.ID)
	must(t, err)
	if fmt.Sprint(got.To) != fmt.Sprint(m.To) || got.Subject != m.Subject || got.Body != m.Body ||
		got.Headers["List-Unsubscribe"] != "<https://example.com/u>" || got.Attempts != 0 ||
		!got.CreatedAt.Equal(base) || !got.NextAttemptAt.Equal(base) || !got.SentAt.IsZero() {
		t.Errorf("mail = %+v", got)
	}
	if _, err := st.MailByID(ctx, 424242); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown mail: err = %v, want ErrNotFound", err)
	}
	for what, err := range map[string]error{
		"sent":   st.MailSent(ctx, 424242, base),
		"failed": st.MailFailed(ctx, 424242, "x", base),
	} {
		if !errors.Is(err, store.ErrNotFound) {
			t.Errorf("unknown mail %s: err = %v, want ErrNotFound", what, err)
		}
	}
}

func testMailLease(t *testing.T, st store.Store) {
	ctx := context.Background()
	m := enqueue(t, st, "One", base)
	list, err := st.ClaimMail(ctx, base, 10*time.Minute, 10)
	must(t, err)
	if len(list) != 1 || list[0].ID != m.ID || list[0].Attempts != 1 || !list[0].NextAttemptAt.Equal(base.Add(10*time.Minute)) {
		t.Fatalf("claimed = %+v", list)
	}
	if got := claimedSubjects(t, st, base.Add(9*time.Minute), 10); len(got) != 0 {
		t.Errorf("claimed again within the lease: %v", got)
	}
	list, err = st.ClaimMail(ctx, base.Add(10*time.Minute), 10*time.Minute, 10)
	must(t, err)
	if len(list) != 1 || list[0].Attempts != 2 {
		t.Errorf("after the lease: claimed = %+v, want one with 2 attempts", list)
	}
}

func testMailOrder(t *testing.T, st store.Store) {
	enqueue(t, st, "Later", base.Add(2*time.Minute))
	enqueue(t, st, "First", base)
	enqueue(t, st, "Second", base.Add(time.Minute))
	enqueue(t, st, "Future", base.Add(time.Hour))
	now := base.Add(5 * time.Minute)
	if got := claimedSubjects(t, st, now, 2); !sameStrings(got, []string{"First", "Second"}) {
		t.Errorf("first claim = %v", got)
	}
	if got := claimedSubjects(t, st, now, 2); !sameStrings(got, []string{"Later"}) {
		t.Errorf("second claim = %v", got)
	}
}

func testMailSent(t *testing.T, st store.Store) {
	ctx := context.Background()
	m := enqueue(t, st, "One", base)
	claimedSubjects(t, st, base, 10)
	must(t, st.MailSent(ctx, m.ID, base.Add(time.Second)))
	if got := claimedSubjects(t, st, base.Add(48*time.Hour), 10); len(got) != 0 {
		t.Errorf("sent mail claimed again: %v", got)
	}
	got, err := st.MailByID(ctx, m.ID)
	must(t, err)
	if !got.SentAt.Equal(base.Add(time.Second)) || !got.NextAttemptAt.IsZero() || got.Attempts != 1 {
		t.Errorf("mail = %+v", got)
	}
}

func testMailFailed(t *testing.T, st store.Store) {
	ctx := context.Background()
	retry := enqueue(t, st, "Retry", base)
	give := enqueue(t, st, "Give up", base)
	claimedSubjects(t, st, base, 10)
	must(t, st.MailFailed(ctx, retry.ID, "451 try later", base.Add(5*time.Minute)))
	must(t, st.MailFailed(ctx, give.ID, "550 no such user", time.Time{}))
	if got := claimedSubjects(t, st, base.Add(4*time.Minute), 10); len(got) != 0 {
		t.Errorf("claimed before its time: %v", got)
	}
	if got := claimedSubjects(t, st, base.Add(5*time.Minute), 10); !sameStrings(got, []string{"Retry"}) {
		t.Errorf("claimed = %v, want [Retry]", got)
	}
	got, err := st.MailByID(ctx, give.ID)
	must(t, err)
	if got.LastError != "550 no such user" || !got.NextAttemptAt.IsZero() || !got.SentAt.IsZero() {
		t.Errorf("given up mail = %+v", got)
	}
}

func testMailPurge(t *testing.T, st store.Store) {
	ctx := context.Background()
	sent := enqueue(t, st, "Sent", base)
	given := enqueue(t, st, "Given up", base)
	due := enqueue(t, st, "Still due", base.Add(time.Hour))
	claimedSubjects(t, st, base, 10)
	must(t, st.MailSent(ctx, sent.ID, base))
	must(t, st.MailFailed(ctx, given.ID, "550", time.Time{}))
	if n, err := st.PurgeMail(ctx, base); err != nil || n != 0 {
		t.Errorf("purge before they were enqueued: %d, %v; want 0", n, err)
	}
	n, err := st.PurgeMail(ctx, base.Add(time.Minute))
	must(t, err)
	if n != 2 {
		t.Errorf("purged %d, want 2", n)
	}
	if _, err := st.MailByID(ctx, due.ID); err != nil {
		t.Errorf("mail still due was purged: %v", err)
	}
	if _, err := st.MailByID(ctx, sent.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("sent mail kept: %v", err)
	}
}
