package comments

import (
	"context"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/store"
)

// siteInfo is what links and subjects in mail need from the settings.
type siteInfo struct {
	name string
	base string // absolute URL without a trailing slash
	zone *time.Location
	lang string
}

func (s *Service) site(ctx context.Context) siteInfo {
	st, err := s.store.Settings(ctx)
	if err != nil {
		s.logger.ErrorContext(ctx, "settings for comment mail", "err", err)
		st = content.DefaultSettings()
	}
	return siteInfo{name: oneLine(st.SiteName), base: st.PublicURL(s.baseURL), zone: st.Zone(), lang: st.Language}
}

func (si siteInfo) articleURL(a content.Article) string { return si.base + a.Path(si.zone) }

func (si siteInfo) commentURL(a content.Article, c content.Comment) string {
	return si.articleURL(a) + "#comment-" + strconv.FormatInt(c.ID, 10)
}

// queueURL is the moderation queue, opened on what needs doing.
func (si siteInfo) queueURL(c content.Comment) string {
	if c.Status == content.CommentPending {
		return si.base + "/admin/comments?status=pending"
	}
	return si.base + "/admin/comments"
}

func (s *Service) enqueue(ctx context.Context, m []mail.Message, what string, commentID int64) {
	if err := s.mailer.Enqueue(ctx, m...); err != nil {
		s.logger.ErrorContext(ctx, "queue "+what, "comment", commentID, "err", err)
	}
}

// prepare is enqueue for mail stored by the comment's own write: a message
// that could never be sent is left out, with the others of its kind, and
// logged, and the comment is posted all the same.
func (s *Service) prepare(ctx context.Context, m []mail.Message, what string, commentID int64) []*store.Mail {
	list, err := s.mailer.Prepare(m...)
	if err != nil {
		s.logger.ErrorContext(ctx, "queue "+what, "comment", commentID, "err", err)
	}
	return list
}

// staffMember is someone in the newsroom told about a new comment.
type staffMember struct {
	email     string
	name      string
	moderator bool
}

// staffToTell lists, once each, the article's author and every member who
// may moderate, leaving out the writer of the comment.
func (s *Service) staffToTell(ctx context.Context, a content.Article, c content.Comment) []staffMember {
	var list []staffMember
	seen := map[string]bool{strings.ToLower(c.AuthorEmail): true}
	add := func(u content.User) {
		email := strings.ToLower(strings.TrimSpace(u.Email))
		if email == "" || seen[email] {
			return
		}
		seen[email] = true
		list = append(list, staffMember{email: email, name: u.Name, moderator: auth.Can(u.Role, auth.ActModerateComments)})
	}
	users, err := s.store.Users(ctx)
	if err != nil {
		s.logger.ErrorContext(ctx, "moderators to tell about a comment", "err", err)
	}
	// The author is usually among the members already read.
	if i := slices.IndexFunc(users, func(u content.User) bool { return u.ID == a.Author.ID }); i >= 0 {
		add(users[i])
	} else if a.Author.ID != 0 {
		if author, err := s.store.UserByID(ctx, a.Author.ID); err == nil {
			add(author)
		} else {
			s.logger.ErrorContext(ctx, "author of a commented article", "article", a.ID, "err", err)
		}
	}
	for _, u := range users {
		if auth.Can(u.Role, auth.ActModerateComments) {
			add(u)
		}
	}
	return list
}

// postMail reads, before comment c is stored, whom it is to be told to:
// the article's author and the moderators about a comment that is not
// spam, one message each so that no one sees the others' address (only
// moderators see the writer's email and the link to the queue), and the
// writer of the parent about an approved reply if they asked. It returns
// what builds that mail once c has its ID, inside the transaction that
// stores c (store.Comments.PostComment); nil when there is no one to tell.
func (s *Service) postMail(ctx context.Context, si siteInfo, a content.Article, c content.Comment) func(content.Comment) []*store.Mail {
	if s.mailer == nil || c.Status == content.CommentSpam {
		return nil
	}
	staff := s.staffToTell(ctx, a, c)
	parent, tellParent := s.parentToTell(ctx, c)
	if len(staff) == 0 && !tellParent {
		return nil
	}
	return func(c content.Comment) []*store.Mail {
		var msgs []mail.Message
		for _, m := range staff {
			msgs = append(msgs, newCommentMail(si, a, c, m.moderator, m.email))
		}
		list := s.prepare(ctx, msgs, "comment notification", c.ID)
		if tellParent {
			list = append(list, s.prepare(ctx, []mail.Message{s.replyMail(si, a, parent, c)}, "reply notification", c.ID)...)
		}
		return list
	}
}

func newCommentMail(si siteInfo, a content.Article, c content.Comment, moderator bool, to string) mail.Message {
	title := `"` + oneLine(a.Title) + `"`
	var subject, intro string
	if c.Status == content.CommentPending {
		subject = fmt.Sprintf("[%s] Please moderate: %s", si.name, title)
		intro = fmt.Sprintf("A new comment on %s is waiting for approval.", title)
	} else {
		subject = fmt.Sprintf("[%s] New comment on %s", si.name, title)
		intro = fmt.Sprintf("A new comment was published on %s.", title)
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", intro)
	fmt.Fprintf(&b, "Author: %s\n", c.AuthorName)
	if moderator {
		fmt.Fprintf(&b, "Email: %s\n", c.AuthorEmail)
	}
	if c.AuthorURL != "" {
		fmt.Fprintf(&b, "Website: %s\n", c.AuthorURL)
	}
	fmt.Fprintf(&b, "\n%s\n\n", c.Body)
	if c.Status == content.CommentApproved {
		fmt.Fprintf(&b, "Read it on the site: %s\n", si.commentURL(a, c))
	} else {
		fmt.Fprintf(&b, "The article: %s\n", si.articleURL(a))
	}
	if moderator {
		fmt.Fprintf(&b, "Moderate comments: %s\n", si.queueURL(c))
	}
	return mail.Message{To: []string{to}, Subject: subject, Text: b.String()}
}

// notifyReply tells the writer of the parent of an approved reply about
// it, when they asked for that and did not write the reply themselves.
func (s *Service) notifyReply(ctx context.Context, a content.Article, c content.Comment) {
	if s.mailer == nil {
		return
	}
	parent, ok := s.parentToTell(ctx, c)
	if !ok {
		return
	}
	s.enqueue(ctx, []mail.Message{s.replyMail(s.site(ctx), a, parent, c)}, "reply notification", c.ID)
}

// parentToTell returns the comment c replies to when its writer is to be
// told about c: c is approved, and the parent's writer asked for mail
// about replies and did not write c.
func (s *Service) parentToTell(ctx context.Context, c content.Comment) (content.Comment, bool) {
	if c.ParentID == 0 || c.Status != content.CommentApproved {
		return content.Comment{}, false
	}
	parent, err := s.store.CommentByID(ctx, c.ParentID)
	if err != nil {
		s.logger.ErrorContext(ctx, "parent of a reply", "comment", c.ID, "err", err)
		return parent, false
	}
	if parent.AuthorEmail == "" || strings.EqualFold(parent.AuthorEmail, c.AuthorEmail) {
		return parent, false
	}
	on, err := s.store.ReplySubscription(ctx, parent.ID)
	if err != nil {
		s.logger.ErrorContext(ctx, "reply subscription", "comment", parent.ID, "err", err)
		return parent, false
	}
	return parent, on
}

// replyMail tells the writer of parent about reply, with a link that
// stops such mail.
func (s *Service) replyMail(si siteInfo, a content.Article, parent, reply content.Comment) mail.Message {
	unsubscribe := si.base + "/comments/unsubscribe?c=" + strconv.FormatInt(parent.ID, 10) +
		"&t=" + UnsubscribeToken(s.secret, parent)
	return replyMessage(si, a, parent, reply, unsubscribe)
}

func replyMessage(si siteInfo, a content.Article, parent, reply content.Comment, unsubscribe string) mail.Message {
	title := `"` + oneLine(a.Title) + `"`
	var b strings.Builder
	fmt.Fprintf(&b, "Hello %s,\n\n", parent.AuthorName)
	fmt.Fprintf(&b, "%s replied to your comment on %s:\n\n", reply.AuthorName, title)
	fmt.Fprintf(&b, "%s\n\n", reply.Body)
	fmt.Fprintf(&b, "Read the conversation: %s\n\n", si.commentURL(a, reply))
	fmt.Fprintf(&b, "You are receiving this because you asked to be told about replies to your comment.\n")
	fmt.Fprintf(&b, "To stop, open this link: %s\n", unsubscribe)
	return mail.Message{
		To:      []string{parent.AuthorEmail},
		Subject: fmt.Sprintf("[%s] New reply to your comment on %s", si.name, title),
		Text:    b.String(),
		Headers: map[string]string{
			"List-Unsubscribe":      "<" + unsubscribe + ">",
			"List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
		},
	}
}
