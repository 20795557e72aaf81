package store

import (
	"context"
	"time"

	"dateline/internal/content"
)

// CommentFilter selects comments for the moderation queue. The zero value
// lists the newest comments that are pending or approved, like WordPress's
// "All" view; spam and trash are seen only when asked for by Status.
type CommentFilter struct {
	Status    content.CommentStatus
	ArticleID int64 // 0 for the whole site
	Limit     int   // default 20, at most MaxLimit
	Offset    int
}

// Normalize fills in defaults and clamps the limits.
func (f CommentFilter) Normalize() CommentFilter {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Limit = min(f.Limit, MaxLimit)
	f.Offset = max(f.Offset, 0)
	return f
}

// Moderation is what the editors' comment queue and the comment rules need
// beyond the public comment side of the store. Emails are stored and
// compared lower-cased. Changing a comment's status or body recounts its
// article's approved comments in the same transaction. Unknown ids are
// ErrNotFound.
type Moderation interface {
	// CommentByID returns a comment in any status.
	CommentByID(ctx context.Context, id int64) (content.Comment, error)
	// ModerationQueue lists comments newest first, each with its article
	// (id, kind, title, slug, status and dates: enough for a link).
	ModerationQueue(ctx context.Context, f CommentFilter) ([]CommentOn, error)
	// SetCommentStatus moves a comment to status.
	SetCommentStatus(ctx context.Context, id int64, status content.CommentStatus) error
	// UpdateCommentBody replaces a comment's text.
	UpdateCommentBody(ctx context.Context, id int64, body string) error
	// ChangeComment replaces a comment's text (when body is not nil) and
	// moves it to status (when not empty) in one transaction: both, or
	// neither. The article's comment count follows.
	ChangeComment(ctx context.Context, id int64, body *string, status content.CommentStatus) error
	// CountComments counts the comments in status across the site.
	CountComments(ctx context.Context, status content.CommentStatus) (int, error)
	// HasApprovedComment reports whether anyone writing from email has an
	// approved comment anywhere on the site.
	HasApprovedComment(ctx context.Context, email string) (bool, error)
	// RecentCommentByEmail returns the newest comment in any status on the
	// article from email with exactly body, written at or after since;
	// ErrNotFound when there is none.
	RecentCommentByEmail(ctx context.Context, articleID int64, email, body string, since time.Time) (content.Comment, error)
	// SetReplySubscription records whether the writer of a comment wants
	// mail when someone replies to it; comments start unsubscribed.
	SetReplySubscription(ctx context.Context, commentID int64, subscribed bool) error
	// ReplySubscription reports whether the writer of a comment wants mail
	// about replies.
	ReplySubscription(ctx context.Context, commentID int64) (bool, error)
}

// Mail is a message in the outgoing mail queue.
type Mail struct {
	ID      int64
	To      []string
	Subject string
	Body    string
	Headers map[string]string
	// Attempts counts the sends begun, including one under way.
	Attempts int
	// NextAttemptAt is when the message is next due; zero once it was sent
	// or given up.
	NextAttemptAt time.Time
	LastError     string
	SentAt        time.Time
	CreatedAt     time.Time
}

// MailQueue keeps outgoing mail until it is sent, so that nothing is lost
// when the mail server is down or the process restarts. Unknown ids are
// ErrNotFound.
type MailQueue interface {
	// EnqueueMail stores m and sets its ID; it is due at NextAttemptAt, or
	// at once (CreatedAt) when that is zero.
	EnqueueMail(ctx context.Context, m *Mail) error
	// EnqueueMails stores several messages in one transaction: all or
	// none.
	EnqueueMails(ctx context.Context, ms []*Mail) error
	// ClaimMail takes up to limit messages due at now, oldest due first,
	// counts an attempt on each and makes them due again only after lease,
	// so that two workers never send the same message at once and a worker
	// that dies mid-send leaves the message to be tried again.
	ClaimMail(ctx context.Context, now time.Time, lease time.Duration, limit int) ([]Mail, error)
	// MailSent records that a message went out at at; it is never due again.
	MailSent(ctx context.Context, id int64, at time.Time) error
	// MailFailed records why a send failed and when to try again; a zero
	// next means giving up for good.
	MailFailed(ctx context.Context, id int64, reason string, next time.Time) error
	// MailByID returns one message of the queue in any state.
	MailByID(ctx context.Context, id int64) (Mail, error)
	// PurgeMail deletes the finished messages (sent or given up) that were
	// enqueued before before and says how many went; messages still due are
	// kept whatever their age.
	PurgeMail(ctx context.Context, before time.Time) (int, error)
}
