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

// SetStatus moves comment id to status for a moderator (approve, hold,
// mark as spam, trash, restore). The article's comment count follows.
// Approving a reply tells the writer of its parent, if they asked; setting
// the status a comment already has changes nothing, sends nothing and
// announces nothing. A move is announced as one event named by
// [StatusAction].
func (s *Service) SetStatus(ctx context.Context, user content.User, id int64, status content.CommentStatus) error {
	if err := canModerate(user); err != nil {
		return err
	}
	if !validStatus(status) {
		return ErrBadStatus
	}
	_, err := s.setStatus(ctx, user, id, status)
	return err
}

func (s *Service) setStatus(ctx context.Context, user content.User, id int64, status content.CommentStatus) (changed bool, err error) {
	c, err := s.store.CommentByID(ctx, id)
	if err != nil {
		return false, err
	}
	if c.Status == status {
		return false, nil
	}
	if err := s.store.SetCommentStatus(ctx, id, status); err != nil {
		return false, err
	}
	s.logger.InfoContext(ctx, "comment moderated", "comment", id, "from", c.Status, "to", status, "user", user.ID)
	s.announce(ctx, StatusAction(c.Status, status), c, c.Status == content.CommentApproved || status == content.CommentApproved)
	if status == content.CommentApproved && c.ParentID != 0 {
		a, err := s.store.ArticleByID(ctx, c.ArticleID)
		if err != nil {
			s.logger.ErrorContext(ctx, "article of an approved reply", "comment", id, "err", err)
			return true, nil
		}
		c.Status = status
		s.notifyReply(ctx, a, c)
	}
	return true, nil
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

// Edit replaces the text of comment id for a moderator; the text follows
// the same rules as the public form's. The change is announced as
// "update".
func (s *Service) Edit(ctx context.Context, user content.User, id int64, body string) error {
	if err := canModerate(user); err != nil {
		return err
	}
	body, msg := cleanBody(body)
	if msg != "" {
		return content.FieldErrors{{Field: FieldComment, Message: msg}}
	}
	// Read first for the event: whether readers see the comment, and where.
	c, err := s.store.CommentByID(ctx, id)
	if err != nil {
		return err
	}
	if err := s.store.UpdateCommentBody(ctx, id, body); err != nil {
		return err
	}
	s.logger.InfoContext(ctx, "comment edited", "comment", id, "user", user.ID)
	s.announce(ctx, "update", c, c.Status == content.CommentApproved)
	return nil
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
		if _, err := s.setStatus(ctx, user, parent.ID, content.CommentApproved); err != nil {
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
		changed, err := s.setStatus(ctx, user, id, status)
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
