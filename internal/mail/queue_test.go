package mail

import (
	"context"
	"strings"
	"testing"
	"time"

	"dateline/internal/clock"
	"dateline/internal/mail/mailtest"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

var start = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

// openStore opens the store under test at url (from teststore.New), or a
// fresh one when url is empty.
func openStore(t *testing.T, url string) store.Store {
	t.Helper()
	if url == "" {
		return teststore.Open(t)
	}
	return teststore.OpenURL(t, url)
}

func newTestQueue(t *testing.T, st store.Store, srv *mailtest.Server, c *clock.Fake) *Queue {
	t.Helper()
	q := NewQueue(st, NewSender(serverConfig(srv)), nil)
	q.Now = c.Now
	return q
}

func note(subject string) Message {
	return Message{To: []string{"ana@example.com"}, Subject: subject, Text: "Text of " + subject}
}

func tick(t *testing.T, q *Queue) int {
	t.Helper()
	n, err := q.Tick(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func onlyMail(t *testing.T, st store.Store) store.Mail {
	t.Helper()
	m, err := st.MailByID(context.Background(), 1)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestAnEnqueuedMessageIsSentOnTheNextTick(t *testing.T) {
	srv := startSMTP(t)
	st := openStore(t, "")
	c := clock.NewFake(start)
	q := newTestQueue(t, st, srv, c)
	if err := q.Enqueue(context.Background(), note("New comment")); err != nil {
		t.Fatal(err)
	}
	if len(srv.Messages()) != 0 {
		t.Fatal("Enqueue sent the message itself")
	}
	if n := tick(t, q); n != 1 {
		t.Fatalf("sent %d, want 1", n)
	}
	got := srv.Messages()
	if len(got) != 1 || !strings.Contains(got[0].Data, "Subject: New comment") {
		t.Fatalf("received %+v", got)
	}
	m := onlyMail(t, st)
	if !m.SentAt.Equal(start) || !m.NextAttemptAt.IsZero() || m.Attempts != 1 {
		t.Errorf("stored mail = %+v", m)
	}
	if n := tick(t, q); n != 0 {
		t.Errorf("sent %d again", n)
	}
}

func TestARefusedMessageIsRetriedWithGrowingDelaysUntilTheServerRecovers(t *testing.T) {
	srv := startSMTP(t)
	srv.Refuse(3)
	st := openStore(t, "")
	c := clock.NewFake(start)
	q := newTestQueue(t, st, srv, c)
	if err := q.Enqueue(context.Background(), note("Held comment")); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name     string
		advance  time.Duration
		sent     int
		attempts int
		nextIn   time.Duration // from the clock after the step; 0 when sent
	}{
		{"the first attempt meets a 451", 0, 0, 1, time.Minute},
		{"nothing is tried before the minute is up", 59 * time.Second, 0, 1, time.Second},
		{"the second attempt a minute later meets a 451", time.Second, 0, 2, 5 * time.Minute},
		{"the third five minutes later meets a 451", 5 * time.Minute, 0, 3, 30 * time.Minute},
		{"the fourth half an hour later goes through", 30 * time.Minute, 1, 4, 0},
	}
	for _, s := range steps {
		c.Advance(s.advance)
		if n := tick(t, q); n != s.sent {
			t.Fatalf("%s: sent %d, want %d", s.name, n, s.sent)
		}
		m := onlyMail(t, st)
		wantNext := time.Time{}
		if s.nextIn > 0 {
			wantNext = c.Now().Add(s.nextIn)
		}
		if m.Attempts != s.attempts || !m.NextAttemptAt.Equal(wantNext) {
			t.Fatalf("%s: attempts %d next %v, want %d next %v", s.name, m.Attempts, m.NextAttemptAt, s.attempts, wantNext)
		}
		if s.sent == 0 && !strings.Contains(m.LastError, "451") {
			t.Errorf("%s: last error = %q, want the server's 451", s.name, m.LastError)
		}
	}
	if got := srv.Messages(); len(got) != 1 {
		t.Errorf("received %d messages, want 1", len(got))
	}
	// What /metrics shows as dateline_background_runs_total{task="mail"}.
	if ok, failed := q.Runs().Counts(); ok != 1 || failed != 3 {
		t.Errorf("runs: %d sent, %d failed; want 1 and 3", ok, failed)
	}
}

func TestAMessageIsGivenUpAfterTheLastRetryWithItsError(t *testing.T) {
	srv := startSMTP(t)
	srv.Refuse(1000)
	st := openStore(t, "")
	c := clock.NewFake(start)
	q := newTestQueue(t, st, srv, c)
	if err := q.Enqueue(context.Background(), note("Never")); err != nil {
		t.Fatal(err)
	}
	tick(t, q)
	for _, wait := range DefaultBackoff() {
		c.Advance(wait)
		tick(t, q)
	}
	m := onlyMail(t, st)
	if m.Attempts != 6 || !m.NextAttemptAt.IsZero() || !m.SentAt.IsZero() || !strings.Contains(m.LastError, "451") {
		t.Fatalf("mail = %+v, want given up after 6 attempts with the 451", m)
	}
	c.Advance(48 * time.Hour)
	tick(t, q)
	if len(srv.Conns) != 6 {
		t.Errorf("the server saw %d connections, want 6", len(srv.Conns))
	}
}

func TestARecipientRefusedForGoodIsGivenUpAtOnce(t *testing.T) {
	srv := startSMTP(t)
	srv.RejectRcpt = "gone@example.com"
	st := openStore(t, "")
	q := newTestQueue(t, st, srv, clock.NewFake(start))
	if err := q.Enqueue(context.Background(), Message{To: []string{"gone@example.com"}, Subject: "Reply", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	tick(t, q)
	m := onlyMail(t, st)
	if m.Attempts != 1 || !m.NextAttemptAt.IsZero() || !strings.Contains(m.LastError, "550") {
		t.Errorf("mail = %+v, want given up with the 550", m)
	}
}

func TestQueuedMailSurvivesARestart(t *testing.T) {
	srv := startSMTP(t)
	srv.Refuse(1)
	url := teststore.New(t)
	c := clock.NewFake(start)
	first := openStore(t, url)
	q := newTestQueue(t, first, srv, c)
	if err := q.Enqueue(context.Background(), note("Before the restart")); err != nil {
		t.Fatal(err)
	}
	tick(t, q) // refused
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}

	second := openStore(t, url)
	c.Advance(time.Minute)
	if n := tick(t, newTestQueue(t, second, srv, c)); n != 1 {
		t.Fatalf("after the restart sent %d, want 1", n)
	}
	if got := srv.Messages(); len(got) != 1 || !strings.Contains(got[0].Data, "Before the restart") {
		t.Errorf("received %+v", got)
	}
}

func TestRunSendsAtOnceAndStopsWithItsContext(t *testing.T) {
	srv := startSMTP(t)
	st := openStore(t, "")
	q := NewQueue(st, NewSender(serverConfig(srv)), nil)
	q.Poll = time.Hour // only the wake-up from Enqueue can explain a prompt send
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx) }()

	for _, subject := range []string{"First", "Second"} {
		if err := q.Enqueue(context.Background(), note(subject)); err != nil {
			t.Fatal(err)
		}
		srv.WaitArrival(subject)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Run = %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop")
	}
}

func TestEnqueueNeverWaitsForAStalledServer(t *testing.T) {
	srv := startSMTP(t)
	release := srv.StallGreetings()
	st := openStore(t, "")
	cfg := serverConfig(srv)
	cfg.Timeout = time.Hour
	q := NewQueue(st, NewSender(cfg), nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx) }()

	if err := q.Enqueue(context.Background(), note("First")); err != nil {
		t.Fatal(err)
	}
	<-srv.Conns // the worker is now stuck waiting for a greeting
	for _, subject := range []string{"Second", "Third"} {
		if err := q.Enqueue(context.Background(), note(subject)); err != nil {
			t.Fatalf("Enqueue while the server stalls: %v", err)
		}
	}

	cancel() // shutting down ends the stuck conversation
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not stop while the server stalled")
	}
	release()
	m := onlyMail(t, st)
	if m.NextAttemptAt.IsZero() || !m.SentAt.IsZero() {
		t.Errorf("the interrupted message should stay due: %+v", m)
	}
	// The next start sends everything.
	if n := tick(t, NewQueue(st, NewSender(serverConfig(srv)), nil)); n != 3 {
		t.Errorf("after the restart sent %d, want 3", n)
	}
}

func TestEnqueueRefusesAMessageThatCouldNeverBeSent(t *testing.T) {
	st := openStore(t, "")
	q := NewQueue(st, Log{}, nil)
	if err := q.Enqueue(context.Background(), Message{Subject: "Nobody"}); err == nil {
		t.Fatal("a message without recipients was queued")
	}
	if _, err := st.MailByID(context.Background(), 1); err == nil {
		t.Error("the refused message is in the store")
	}
}

func TestSeveralMessagesAreQueuedAllOrNone(t *testing.T) {
	srv := startSMTP(t)
	st := openStore(t, "")
	q := newTestQueue(t, st, srv, clock.NewFake(start))
	bad := Message{To: []string{"not an address"}, Subject: "Broken", Text: "x"}
	if err := q.Enqueue(context.Background(), note("First"), bad, note("Third")); err == nil {
		t.Fatal("a batch with a bad address was queued")
	}
	if n := tick(t, q); n != 0 {
		t.Fatalf("%d messages of a refused batch were sent", n)
	}
	if err := q.Enqueue(context.Background(), note("One"), note("Two"), note("Three")); err != nil {
		t.Fatal(err)
	}
	if n := tick(t, q); n != 3 || len(srv.Messages()) != 3 {
		t.Fatalf("sent %d of a batch of 3 (server has %d)", n, len(srv.Messages()))
	}
}

func TestPreparedMessagesStoredWithAnotherWriteGoAtTheWakeUp(t *testing.T) {
	srv := startSMTP(t)
	st := openStore(t, "")
	q := NewQueue(st, NewSender(serverConfig(srv)), nil)
	q.Poll = time.Hour // only the wake-up can explain a prompt send
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- q.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		<-done
	})

	// Once the first is sent the worker has nothing left to look for.
	if err := q.Enqueue(context.Background(), note("First")); err != nil {
		t.Fatal(err)
	}
	srv.WaitArrival("First")

	headers := map[string]string{"List-Unsubscribe": "<https://news.example/u>"}
	list, err := q.Prepare(note("Prepared"), Message{To: []string{"kit@example.com"}, Subject: "Also", Text: "x", Headers: headers})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[1].To[0] != "kit@example.com" || list[1].Headers["List-Unsubscribe"] != headers["List-Unsubscribe"] ||
		list[0].Body != "Text of Prepared" || list[0].CreatedAt.IsZero() || !list[0].NextAttemptAt.Equal(list[0].CreatedAt) {
		t.Fatalf("prepared %+v", list)
	}
	if _, err := st.MailByID(context.Background(), 2); err == nil {
		t.Fatal("Prepare stored a message")
	}
	if err := st.EnqueueMails(context.Background(), list); err != nil {
		t.Fatal(err)
	}
	q.Wake()
	srv.WaitArrival("Prepared")
	srv.WaitArrival("Also")
}

func TestPrepareRefusesTheMessagesWhenOneCouldNeverBeSent(t *testing.T) {
	q := NewQueue(openStore(t, ""), Log{}, nil)
	bad := Message{To: []string{"not an address"}, Subject: "Broken", Text: "x"}
	if list, err := q.Prepare(note("First"), bad); err == nil || list != nil {
		t.Fatalf("Prepare = %+v, %v; want nothing and an error", list, err)
	}
	if list, err := q.Prepare(); err != nil || len(list) != 0 {
		t.Fatalf("Prepare of nothing = %+v, %v", list, err)
	}
}
