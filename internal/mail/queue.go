package mail

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"dateline/internal/metrics"
	"dateline/internal/store"
)

// Transport delivers one message now; Sender is the SMTP one.
type Transport interface {
	Send(ctx context.Context, m Message) error
}

// DefaultBackoff is how long the queue waits after each failed attempt
// before the next: five retries over about fifteen hours, then it gives up.
func DefaultBackoff() []time.Duration {
	return []time.Duration{time.Minute, 5 * time.Minute, 30 * time.Minute, 2 * time.Hour, 12 * time.Hour}
}

// Queue keeps outgoing mail in the store and sends it in the background.
// Enqueue only writes to the store, so a request never waits on a mail
// server; Run is the worker that the server starts and stops. Messages
// are kept across restarts until they are sent or given up.
//
// Build it with NewQueue and change the fields before first use.
type Queue struct {
	Now func() time.Time
	// Backoff lists the waits after the first, second, ... failed attempt;
	// after a failure with no wait left the message is given up.
	Backoff []time.Duration
	// Lease is how long a message being sent stays claimed; it must exceed
	// the Transport's own timeout. Default 10 minutes.
	Lease time.Duration
	// Batch is how many messages are claimed at once; default 20.
	Batch int
	// Poll is how often Run looks for messages come due for a retry;
	// new messages wake it at once. Default 30 seconds.
	Poll time.Duration
	// Keep is how long sent and given-up messages stay in the store for
	// inspection before Run deletes them; default 30 days.
	Keep time.Duration

	runs   metrics.Runs
	store  store.MailQueue
	send   Transport
	logger *slog.Logger
	wake   chan struct{}
}

// NewQueue returns a queue that keeps mail in st and sends it with t.
func NewQueue(st store.MailQueue, t Transport, logger *slog.Logger) *Queue {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	return &Queue{
		Now:     time.Now,
		Backoff: DefaultBackoff(),
		Lease:   10 * time.Minute,
		Batch:   20,
		Poll:    30 * time.Second,
		Keep:    30 * 24 * time.Hour,
		store:   st,
		send:    t,
		logger:  logger,
		wake:    make(chan struct{}, 1),
	}
}

// Enqueue stores messages to be sent as soon as the worker gets to them,
// all in one write: all or none. It never touches the network; a message
// that could never be sent (no recipient, a bad address) is refused here,
// with the others, rather than failing later.
func (q *Queue) Enqueue(ctx context.Context, msgs ...Message) error {
	list, err := q.Prepare(msgs...)
	if err != nil || len(list) == 0 {
		return err
	}
	if err := q.store.EnqueueMails(ctx, list); err != nil {
		return err
	}
	q.Wake()
	return nil
}

// Prepare turns messages into entries of the queue, due at once, without
// storing them: for a write that stores them in the transaction of what
// they are about (store.Comments.PostComment), so that both are kept or
// neither. Like Enqueue it refuses them all when one could never be sent.
// Whoever stores them calls Wake after the commit.
func (q *Queue) Prepare(msgs ...Message) ([]*store.Mail, error) {
	if len(msgs) == 0 {
		return nil, nil
	}
	now := q.Now().UTC()
	list := make([]*store.Mail, len(msgs))
	for i, m := range msgs {
		if err := m.Validate(); err != nil {
			return nil, fmt.Errorf("enqueue mail: %w", err)
		}
		list[i] = &store.Mail{To: m.To, Subject: m.Subject, Body: m.Text, Headers: m.Headers, CreatedAt: now, NextAttemptAt: now}
	}
	return list, nil
}

// Wake tells the worker that mail was stored, so that it looks now rather
// than at its next poll. It never waits.
func (q *Queue) Wake() {
	select {
	case q.wake <- struct{}{}:
	default: // the worker is already due to look
	}
}

// Tick sends every message due now, one after another, and says how many
// went. Failed messages are rescheduled or given up. It is what Run does
// on each wake-up, and what tests call to drive the queue by hand.
func (q *Queue) Tick(ctx context.Context) (sent int, err error) {
	for ctx.Err() == nil {
		list, err := q.store.ClaimMail(ctx, q.Now().UTC(), q.Lease, max(q.Batch, 1))
		if err != nil {
			return sent, err
		}
		for _, m := range list {
			if q.deliver(ctx, m) {
				sent++
			}
		}
		if len(list) < max(q.Batch, 1) {
			break
		}
	}
	return sent, nil
}

// Runs counts the messages sent and the attempts that failed.
func (q *Queue) Runs() *metrics.Runs { return &q.runs }

// deliver sends one claimed message and records the outcome.
func (q *Queue) deliver(ctx context.Context, m store.Mail) bool {
	err := q.send.Send(ctx, Message{To: m.To, Subject: m.Subject, Text: m.Body, Headers: m.Headers})
	if err == nil || ctx.Err() == nil { // a send cut short by shutdown did not fail
		q.runs.Done(err)
	}
	// The bookkeeping must land even when ctx ended during the send.
	bg := context.WithoutCancel(ctx)
	now := q.Now().UTC()
	if err == nil {
		if err := q.store.MailSent(bg, m.ID, now); err != nil {
			q.logger.Error("record sent mail", "mail", m.ID, "err", err)
		}
		return true
	}
	var next time.Time
	switch {
	case ctx.Err() != nil:
		next = now // interrupted by shutdown: due again on the next start
	case IsPermanent(err):
	case m.Attempts >= 1 && m.Attempts <= len(q.Backoff):
		next = now.Add(q.Backoff[m.Attempts-1])
	}
	if err := q.store.MailFailed(bg, m.ID, err.Error(), next); err != nil {
		q.logger.Error("record failed mail", "mail", m.ID, "err", err)
	}
	if next.IsZero() {
		q.logger.Warn("mail given up", "mail", m.ID, "attempts", m.Attempts, "err", err)
	} else {
		q.logger.Info("mail will be retried", "mail", m.ID, "attempts", m.Attempts, "retry_at", next, "err", err)
	}
	return false
}

// Run sends mail until ctx ends: at once when a message is enqueued, and
// every Poll for retries that came due. It also deletes finished messages
// older than Keep, once an hour. It returns nil when ctx ends.
func (q *Queue) Run(ctx context.Context) error {
	timer := time.NewTimer(0)
	defer timer.Stop()
	var purged time.Time
	for {
		if _, err := q.Tick(ctx); err != nil && ctx.Err() == nil {
			q.logger.Error("send queued mail", "err", err)
		}
		if now := q.Now(); now.Sub(purged) >= time.Hour && ctx.Err() == nil {
			purged = now
			if _, err := q.store.PurgeMail(ctx, now.Add(-q.Keep)); err != nil && !errors.Is(err, context.Canceled) {
				q.logger.Error("purge old mail", "err", err)
			}
		}
		timer.Reset(cmp.Or(max(q.Poll, 0), 30*time.Second))
		select {
		case <-ctx.Done():
			return nil
		case <-q.wake:
		case <-timer.C:
		}
	}
}

// Log is a Transport that only logs each message, for a server run without
// a mail server (development, demos). Nothing is delivered.
type Log struct{ Logger *slog.Logger }

// Send implements Transport.
func (l Log) Send(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return &PermanentError{err}
	}
	if l.Logger == nil {
		return nil
	}
	l.Logger.InfoContext(ctx, "mail not sent: no mail server configured", "to", m.To, "subject", m.Subject)
	return nil
}
