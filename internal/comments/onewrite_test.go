package comments

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"

	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/store"
)

// writeCounter is the store under test, listing the writes of the posting
// path: the comment, the wish for replies and the mail each go through
// one of these. PostComment fails without writing when fail is set.
type writeCounter struct {
	store.Store
	mu     sync.Mutex
	writes []string
	fail   error
}

func (w *writeCounter) record(name string) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.writes = append(w.writes, name)
}

func (w *writeCounter) taken() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	list := w.writes
	w.writes = nil
	return list
}

func (w *writeCounter) CreateComment(ctx context.Context, c *content.Comment) error {
	w.record("CreateComment")
	return w.Store.CreateComment(ctx, c)
}

func (w *writeCounter) PostComment(ctx context.Context, c *content.Comment, subscribe bool, mails func(content.Comment) []*store.Mail, quotas ...store.Quota) error {
	w.record("PostComment")
	if w.fail != nil {
		return w.fail
	}
	return w.Store.PostComment(ctx, c, subscribe, mails, quotas...)
}

func (w *writeCounter) SetReplySubscription(ctx context.Context, id int64, on bool) error {
	w.record("SetReplySubscription")
	return w.Store.SetReplySubscription(ctx, id, on)
}

func (w *writeCounter) EnqueueMail(ctx context.Context, m *store.Mail) error {
	w.record("EnqueueMail")
	return w.Store.EnqueueMail(ctx, m)
}

func (w *writeCounter) EnqueueMails(ctx context.Context, ms []*store.Mail) error {
	w.record("EnqueueMails")
	return w.Store.EnqueueMails(ctx, ms)
}

// countWrites puts a writeCounter under the env's service and its mail
// queue.
func (e *env) countWrites() *writeCounter {
	w := &writeCounter{Store: e.st}
	e.svc.store = w
	e.queue = mail.NewQueue(w, e.out, nil)
	e.queue.Now = e.clock.Now
	e.svc.mailer = e.queue
	return w
}

func TestAPostIsOneWriteWithItsWishForRepliesAndItsMail(t *testing.T) {
	tests := []struct {
		name string
		mode Mode
		// body is spam when it holds the blocked word.
		body       string
		outcome    Outcome
		subscribed bool
		mailedTo   string
	}{
		{"an approved reply tells the staff and the parent's writer", ApproveAll, "Yes, since this morning.",
			Approved, true, "ana@newsroom.example kit@newsroom.example mai@newsroom.example nok@example.com"},
		{"a held reply tells the staff only", HoldAll, "Yes, since this morning.",
			Held, true, "ana@newsroom.example kit@newsroom.example mai@newsroom.example"},
		{"spam is stored alone, without the wish for replies", ApproveAll, "Cheap casino chips",
			Spam, false, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t, func(p *Policy) { p.Mode = tc.mode; p.Blocklist = []string{"casino"} })
			parent := e.approved("nok@example.com", "Is the bridge open?", 0)
			must(t, e.st.SetReplySubscription(context.Background(), parent.ID, true))
			w := e.countWrites()

			c, o := e.post(e.form(tc.body, from("lee@example.com"), replyTo(parent.ID), subscribed))
			if o != tc.outcome {
				t.Fatalf("outcome %s, want %s", o, tc.outcome)
			}
			if got := w.taken(); !slices.Equal(got, []string{"PostComment"}) {
				t.Errorf("the post wrote %v, want one PostComment", got)
			}
			on, err := e.st.ReplySubscription(context.Background(), c.ID)
			must(t, err)
			if on != tc.subscribed {
				t.Errorf("subscribed to replies: %v, want %v", on, tc.subscribed)
			}
			if got := recipients(e.mails()); got != tc.mailedTo {
				t.Errorf("mail went to %q, want %q", got, tc.mailedTo)
			}
		})
	}
}

func TestAPostThatCannotBeStoredMailsNobodyAndAnnouncesNothing(t *testing.T) {
	e := newEnv(t, func(p *Policy) { p.Mode = ApproveAll })
	w := e.countWrites()
	w.fail = errors.New("disk full")
	_, o, err := e.svc.Post(context.Background(), e.form("Lost words", subscribed), client)
	if !errors.Is(err, w.fail) || o != Refused {
		t.Fatalf("outcome %s, err %v; want refused with the store's error", o, err)
	}
	if got := w.taken(); !slices.Equal(got, []string{"PostComment"}) {
		t.Errorf("the failed post wrote %v, want only the failed PostComment", got)
	}
	if sent := e.mails(); len(sent) != 0 {
		t.Errorf("the failed post mailed %s", recipients(sent))
	}
	if got := e.events.Take(); len(got) != 0 {
		t.Errorf("the failed post announced %+v", got)
	}
	if n := e.count(); n != 0 {
		t.Errorf("comment count = %d after a failed post", n)
	}
}
