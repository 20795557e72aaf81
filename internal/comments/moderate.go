package comments

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// MaxBulk is the most comments one bulk action may change.
const MaxBulk = 500

// canModerate refuses anyone whose role may not moderate comments: only
// editors and admins may.
func canModerate(u content.User) error {
	if u.ID == 0 || !auth.Can(u.Role, auth.ActModerateComments) {
		return ErrForbidden
	}
	return nil
}

func validStatus(s content.CommentStatus) bool {
	switch s {
	case content.CommentPending, content.CommentApproved, content.CommentSpam, content.CommentTrash:
		return true
	}
	return false
}

// Moderation is one moderator's change to a comment: a new text, a new
// status, or both.
type Moderation struct {
	Body   *string               // nil keeps the text
	Status content.CommentStatus // "" keeps the status
}

// Moderate makes m to comment id for a moderator, in one transaction:
// the text follows the public form's rules, and both are checked before
// either is written. Setting the status a comment already has, with no
// new text, changes, sends and announces nothing. The change is announced
// as one event: the status move's ([StatusAction]) when there is one,
// "update" for a new text alone. Approving a reply tells the writer of its
// parent, if they asked.
func (s *Service) Moderate(ctx context.Context, user content.User, id int64, m Moderation) error {
	if err := canModerate(user); err != nil {
		return err
	}
	if m.Status != "" && !validStatus(m.Status) {
		return ErrBadStatus
	}
	if m.Body != nil {
		body, msg := cleanBody(*m.Body)
		if msg != "" {
			return content.FieldErrors{{Field: FieldComment, Message: msg}}
		}
		m.Body = &body
	}
	_, err := s.moderate(ctx, user, id, m)
	return err
}

// moderate makes a checked change and reports whether it changed
// anything.
func (s *Service) moderate(ctx context.Context, user content.User, id int64, m Moderation) (changed bool, err error) {
	// Read first for the event: whether readers see the comment, and where.
	c, err := s.store.CommentByID(ctx, id)
	if err != nil {
		return false, err
	}
	if m.Status == c.Status {
		m.Status = ""
	}
	if m.Body == nil && m.Status == "" {
		return false, nil
	}
	if err := s.store.ChangeComment(ctx, id, m.Body, m.Status); err != nil {
		return false, err
	}
	action, visible := "update", c.Status == content.CommentApproved
	if m.Status != "" {
		action, visible = StatusAction(c.Status, m.Status), visible || m.Status == content.CommentApproved
	}
	s.logger.InfoContext(ctx, "comment moderated", "comment", id, "action", action, "user", user.ID)
	s.announce(ctx, action, c, visible)
	if m.Status == content.CommentApproved && c.ParentID != 0 {
		a, err := s.store.ArticleByID(ctx, c.ArticleID)
		if err != nil {
			s.logger.ErrorContext(ctx, "article of an approved reply", "comment", id, "err", err)
			return true, nil
		}
		c.Status = m.Status
		s.notifyReply(ctx, a, c)
	}
	return true, nil
}

// SetStatus moves comment id to status for a moderator (approve, hold,
// mark as spam, trash, restore): [Service.Moderate] with a status alone.
func (s *Service) SetStatus(ctx context.Context, user content.User, id int64, status content.CommentStatus) error {
	if status == "" {
		return ErrBadStatus
	}
	return s.Moderate(ctx, user, id, Moderation{Status: status})
}

// StatusAction names the move of a comment from one status to another,
// as the change feed announces it: "approve", "spam" and "trash" after the
// status moved to; back to pending, "unapprove" from approved and
// "restore" from spam or trash, the words of the moderation queue's
// buttons.
func StatusAction(from, to content.CommentStatus) string {
	switch to {
	case content.CommentApproved:
		return "approve"
	case content.CommentSpam:
		return "spam"
	case content.CommentTrash:
		return "trash"
	}
	if from == content.CommentApproved {
		return "unapprove"
	}
	return "restore"
}

// Edit replaces the text of comment id for a moderator:
// [Service.Moderate] with a text alone, announced as "update".
func (s *Service) Edit(ctx context.Context, user content.User, id int64, body string) error {
	return s.Moderate(ctx, user, id, Moderation{Body: &body})
}

// ReplyAsStaff posts a moderator's reply to comment parentID, signed with
// their name and marked as staff, approved at once, even where comments
// have closed for readers. Replying to a held comment approves it first,
// as in WordPress; a comment in spam or trash cannot be replied to. The
// writer of the parent is told if they asked. The reply is announced as
// "create" (after the parent's "approve", when it was held).
func (s *Service) ReplyAsStaff(ctx context.Context, user content.User, parentID int64, body string) (content.Comment, error) {
	if err := canModerate(user); err != nil {
		return content.Comment{}, err
	}
	body, msg := cleanBody(body)
	if msg != "" {
		return content.Comment{}, content.FieldErrors{{Field: FieldComment, Message: msg}}
	}
	parent, err := s.store.CommentByID(ctx, parentID)
	if errors.Is(err, store.ErrNotFound) {
		return content.Comment{}, ErrBadParent
	}
	if err != nil {
		return content.Comment{}, err
	}
	switch parent.Status {
	case content.CommentPending:
		if _, err := s.moderate(ctx, user, parent.ID, Moderation{Status: content.CommentApproved}); err != nil {
			return content.Comment{}, err
		}
	case content.CommentApproved:
	default:
		return content.Comment{}, ErrBadParent
	}
	policy, err := s.currentPolicy(ctx)
	if err != nil {
		return content.Comment{}, err
	}
	hangFrom, err := s.placeReply(ctx, parent.ArticleID, parent.ID, policy.MaxDepth)
	if err != nil {
		return content.Comment{}, err
	}
	a, err := s.store.ArticleByID(ctx, parent.ArticleID)
	if err != nil {
		return content.Comment{}, err
	}
	c := content.Comment{ArticleID: a.ID, ParentID: hangFrom, AuthorName: user.Name,
		AuthorEmail: strings.ToLower(strings.TrimSpace(user.Email)), Body: body,
		Status: content.CommentApproved, CreatedAt: s.now().UTC(), UserID: user.ID}
	if err := s.store.CreateComment(ctx, &c); err != nil {
		return c, fmt.Errorf("staff reply to comment %d: %w", parentID, err)
	}
	s.logger.InfoContext(ctx, "staff reply", "comment", c.ID, "parent", parentID, "user", user.ID)
	s.announce(ctx, "create", c, true)
	s.notifyReply(ctx, a, c)
	return c, nil
}

// Bulk moves many comments to status at once and says how many changed.
// Comments that no longer exist are skipped, so a queue page that went
// stale still works. Each comment moves on its own, so each move is
// announced as its own event, exactly as [Service.SetStatus] would
// announce it (a cache purges each comment's article only when readers
// saw or now see that comment); a comment that already had the status
// announces nothing.
func (s *Service) Bulk(ctx context.Context, user content.User, ids []int64, status content.CommentStatus) (int, error) {
	if err := canModerate(user); err != nil {
		return 0, err
	}
	if !validStatus(status) {
		return 0, ErrBadStatus
	}
	if len(ids) > MaxBulk {
		return 0, ErrTooMany
	}
	seen := map[int64]bool{}
	n := 0
	for _, id := range ids {
		if seen[id] {
			continue
		}
		seen[id] = true
		changed, err := s.moderate(ctx, user, id, Moderation{Status: status})
		if errors.Is(err, store.ErrNotFound) {
			continue
		}
		if err != nil {
			return n, err
		}
		if changed {
			n++
		}
	}
	return n, nil
}

// Unsubscribe stops mail about replies to comment id, for the link in
// such mail. It may be used any number of times; only the first changes
// anything, announced as "unsubscribe" with the comment's tag alone (no
// page shows who wants mail).
func (s *Service) Unsubscribe(ctx context.Context, id int64, token string) error {
	c, err := s.store.CommentByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return ErrBadLink
	}
	if err != nil {
		return err
	}
	if !VerifyUnsubscribe(s.secret, c, token) {
		return ErrBadLink
	}
	on, err := s.store.ReplySubscription(ctx, id)
	if err != nil || !on {
		return err
	}
	if err := s.store.SetReplySubscription(ctx, id, false); err != nil {
		return err
	}
	s.announce(ctx, "unsubscribe", c, false)
	return nil
}

// Unapproved returns the comment that a reader holding its moderation
// hash may see on the article page while it waits ("Your comment is
// awaiting moderation"). A wrong hash, or a comment since trashed, is
// ErrBadLink.
func (s *Service) Unapproved(ctx context.Context, id int64, hash string) (content.Comment, error) {
	c, err := s.store.CommentByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return content.Comment{}, ErrBadLink
	}
	if err != nil {
		return content.Comment{}, err
	}
	if !VerifyModerationHash(s.secret, c, hash) || c.Status == content.CommentTrash {
		return content.Comment{}, ErrBadLink
	}
	return c, nil
}

// RedirectURL is where to send the reader after posting: to the comment
// on the article page, with the moderation hash when it is not public yet
// (spam is answered exactly like a held comment).
func (s *Service) RedirectURL(articlePath string, c content.Comment, o Outcome) string {
	id := strconv.FormatInt(c.ID, 10)
	if o == Approved {
		return articlePath + "#comment-" + id
	}
	// The hash is hex, so nothing needs escaping.
	return articlePath + "?unapproved=" + id + "&moderation-hash=" + ModerationHash(s.secret, c) + "#comment-" + id
}

// Open reports whether a takes comments from readers now under the
// current policy, for the article page to show the form or "Comments are
// closed".
func (s *Service) Open(ctx context.Context, a content.Article) (bool, error) {
	p, err := s.currentPolicy(ctx)
	if err != nil {
		return false, err
	}
	return p.Open(a, s.now()), nil
}

// Queue lists comments for the moderation queue (newest first, each with
// its article) for a moderator; f.Status "" lists pending and approved.
func (s *Service) Queue(ctx context.Context, user content.User, f store.CommentFilter) ([]store.CommentOn, error) {
	if err := canModerate(user); err != nil {
		return nil, err
	}
	if f.Status != "" && !validStatus(f.Status) {
		return nil, ErrBadStatus
	}
	return s.store.ModerationQueue(ctx, f.Normalize())
}

// Comment returns one comment in any status for a moderator.
func (s *Service) Comment(ctx context.Context, user content.User, id int64) (content.Comment, error) {
	if err := canModerate(user); err != nil {
		return content.Comment{}, err
	}
	return s.store.CommentByID(ctx, id)
}
