package comments

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"regexp"
	"slices"
	"time"
	"unicode/utf8"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/metrics"
	"dateline/internal/store"
)

// Store is what the comment rules need from the store; store.Store with
// store.Moderation has all of it.
type Store interface {
	ArticleByID(ctx context.Context, id int64) (content.Article, error)
	UserByID(ctx context.Context, id int64) (content.User, error)
	Users(ctx context.Context) ([]content.User, error)
	Settings(ctx context.Context) (content.Settings, error)
	CreateComment(ctx context.Context, c *content.Comment) error
	PostComment(ctx context.Context, c *content.Comment, subscribe bool, mails func(content.Comment) []*store.Mail, quotas ...store.Quota) error
	QuotaWait(ctx context.Context, now time.Time, quotas ...store.Quota) (time.Duration, error)
	ImportComments(ctx context.Context, list []store.ImportedComment) error
	store.Moderation
}

// Mailer queues mail for sending later; *mail.Queue is one. Queuing must
// not wait on the network: a comment is posted while the mail server is
// down or slow. The notifications of a posted comment are stored by the
// comment's own write, in the service's store (Prepare, then Wake after
// the commit), so that a post waits for one flush to disk, not two;
// those of a moderator's step are queued with Enqueue.
type Mailer interface {
	Enqueue(ctx context.Context, msgs ...mail.Message) error
	Prepare(msgs ...mail.Message) ([]*store.Mail, error)
	Wake()
}

// Config is what a Service is built with.
type Config struct {
	// Secret keys the address hashes, moderation hashes and unsubscribe
	// tokens; at least 16 random bytes, the same on every node and kept
	// across restarts (changing it breaks the links in mail already sent).
	Secret []byte
	// BaseURL is the site's absolute address for links in mail, such as
	// "https://news.example", when the settings name none
	// (content.Settings.PublicURL).
	BaseURL string
	// Policy returns the current comment settings; nil uses
	// DefaultPolicy. It is asked on every post, so a change in the admin
	// takes effect at once.
	Policy func(ctx context.Context) (Policy, error)
	// Mailer queues notifications in the store the service writes to
	// (the mail queue of st); nil sends none.
	Mailer Mailer
	Now    func() time.Time
	Logger *slog.Logger
	// RateLimit comments per RateWindow from one address; default 5 per
	// 10 minutes. The store counts them, for every node of the site.
	RateLimit  int
	RateWindow time.Duration
	// EmailRateLimit comments per EmailRateWindow from one email address;
	// default 5 per 10 minutes.
	EmailRateLimit  int
	EmailRateWindow time.Duration
	// Unlimited turns the rate limits off, for filing comments that are
	// not a reader's (the demo's seeding): nothing is counted.
	Unlimited bool
	// SpamCheck chooses an outside spam checker under the current policy
	// (AkismetFromPolicy); nil asks none.
	SpamCheck SpamCheckers
	// Changes is told of every comment stored and every moderation step
	// that changed one; nil tells no one.
	Changes *changes.Feed
}

// Service applies the comment rules for the public form and for the
// moderation queue. It is safe for concurrent use.
type Service struct {
	store   Store
	secret  []byte
	baseURL string
	policy  func(ctx context.Context) (Policy, error)
	mailer  Mailer
	now     func() time.Time
	logger  *slog.Logger
	byAddr  rateLimit
	byEmail rateLimit
	spam    SpamCheckers
	changes *changes.Feed
	counts  *metrics.CounterVec // by outcome and reason
}

// New returns a Service over st.
func New(st Store, cfg Config) (*Service, error) {
	if len(cfg.Secret) < 16 {
		return nil, errors.New("comments: the secret must be at least 16 bytes")
	}
	s := &Service{
		counts: metrics.NewCounterVec("dateline_comments_submitted_total",
			"Comments sent through the public form, by outcome and, for those refused, why.",
			[]string{"outcome", "reason"}, [][]string{outcomes, reasons}),
		store:   st,
		secret:  cfg.Secret,
		baseURL: cfg.BaseURL,
		policy:  cfg.Policy,
		mailer:  cfg.Mailer,
		now:     cfg.Now,
		logger:  cfg.Logger,
		byAddr: rateLimit{kind: "comment-address", limit: orDefault(cfg.RateLimit, 5),
			window: orDefault(cfg.RateWindow, 10*time.Minute), keyOf: limitKey},
		byEmail: rateLimit{kind: "comment-email", limit: orDefault(cfg.EmailRateLimit, 5),
			window: orDefault(cfg.EmailRateWindow, 10*time.Minute), keyOf: emailKey},
		spam:    cfg.SpamCheck,
		changes: cfg.Changes,
	}
	if cfg.Unlimited {
		s.byAddr.limit, s.byEmail.limit = 0, 0
	}
	if s.policy == nil {
		s.policy = func(context.Context) (Policy, error) { return DefaultPolicy(), nil }
	}
	if s.now == nil {
		s.now = time.Now
	}
	if s.logger == nil {
		s.logger = slog.New(slog.DiscardHandler)
	}
	return s, nil
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// ClientInfo is who sent a comment, as far as the server can tell. Addr
// is the client's IP address (proxy.Trusted.ClientAddr), used for the rate limit,
// told to the spam checker and stored only as a keyed hash; UserAgent and
// Referrer are matched against the blocklist and told to the spam checker,
// never stored.
type ClientInfo struct {
	Addr      string
	UserAgent string
	Referrer  string
}

// Outcome is what became of a posted comment.
type Outcome string

const (
	// Approved comments are on the page.
	Approved Outcome = "approved"
	// Held comments wait for a moderator.
	Held Outcome = "held"
	// Spam was stored as spam without a word to anyone. The reader is
	// answered as for a held comment, so a robot learns nothing.
	Spam Outcome = "spam"
	// Refused comments were not stored; the error says why.
	Refused Outcome = "refused"
)

// Refusal is why a comment or a moderation step was turned down, worded
// for the person who reads it, with the HTTP status that fits. Compare with
// errors.Is against the Err values; a refusal for posting too often carries
// how long to wait, for a Retry-After header.
type Refusal struct {
	Code       string
	Status     int
	Message    string
	RetryAfter time.Duration
}

func (r *Refusal) Error() string { return r.Message }

// Is makes every refusal with the same code match its Err value.
func (r *Refusal) Is(target error) bool {
	t, ok := target.(*Refusal)
	return ok && t.Code == r.Code
}

// The refusals. Form mistakes are content.FieldErrors instead.
var (
	ErrNoArticle = &Refusal{Code: "no_article", Status: http.StatusNotFound,
		Message: "This article cannot be found."}
	ErrClosed = &Refusal{Code: "closed", Status: http.StatusForbidden,
		Message: "Comments are closed on this article."}
	ErrBadParent = &Refusal{Code: "bad_parent", Status: http.StatusUnprocessableEntity,
		Message: "The comment you are replying to is not available. Please reload the page."}
	ErrDuplicate = &Refusal{Code: "duplicate", Status: http.StatusConflict,
		Message: "You have already said that."}
	ErrTooFast = &Refusal{Code: "too_fast", Status: http.StatusTooManyRequests,
		Message: "You are posting comments too quickly. Please wait a few minutes and try again."}
	ErrForbidden = &Refusal{Code: "forbidden", Status: http.StatusForbidden,
		Message: "You are not allowed to moderate comments."}
	ErrBadStatus = &Refusal{Code: "bad_status", Status: http.StatusBadRequest,
		Message: "That is not a comment status."}
	ErrBadLink = &Refusal{Code: "bad_link", Status: http.StatusNotFound,
		Message: "This link is not valid. It may have been copied only in part."}
	ErrTooMany = &Refusal{Code: "too_many", Status: http.StatusBadRequest,
		Message: fmt.Sprintf("Choose at most %d comments at a time.", MaxBulk)}
)

// tooFast is ErrTooFast with the wait in it.
func tooFast(wait time.Duration) *Refusal {
	r := *ErrTooFast
	minutes := int((wait + time.Minute - 1) / time.Minute)
	if minutes <= 1 {
		r.Message = "You are posting comments too quickly. Please wait a minute and try again."
	} else {
		r.Message = fmt.Sprintf("You are posting comments too quickly. Please wait %d minutes and try again.", minutes)
	}
	r.RetryAfter = wait
	return &r
}

// duplicateWindow is how long the same words from the same address on the
// same article count as said already.
const duplicateWindow = 24 * time.Hour

// Posted is what became of a comment from the public form.
type Posted struct {
	Comment content.Comment
	Outcome Outcome
	// Article is the article commented on, once it was read: on success
	// and on most refusals (not on form mistakes or the address's rate
	// limit).
	Article content.Article
	// Path is the article's address in the site's time zone, for
	// RedirectURL; set once the comment is stored.
	Path string
}

// Post is Submit for callers that need only the comment and its outcome.
func (s *Service) Post(ctx context.Context, f Form, client ClientInfo) (content.Comment, Outcome, error) {
	p, err := s.Submit(ctx, f, client)
	return p.Comment, p.Outcome, err
}

// Submit takes a comment from the public form. It refuses, without storing
// anything, a form with mistakes (content.FieldErrors, every field at
// once), a client address or an email address over its rate limit, an
// article that is missing or closed, a parent that cannot be replied to, a
// form sent too soon after its page was served (ErrTooEarly) and a repeat
// (each a *Refusal). Otherwise it stores the comment as approved, held or spam,
// according to the policy and the spam checks, tells the article's author
// and the moderators by mail (never for spam), and tells the writer of the
// parent about an approved reply if they asked. Mail is only queued: Post
// never waits on a mail server. The comment, the writer's wish for replies
// and the mail about it are one write, all or none.
//
// A stored comment is announced on the change feed as one "create" event,
// whatever its status: spam stored silently is a write too (it waits in
// the moderation queue), but, like a held comment, its event names only
// the comment, so no public page is purged for it. A refusal stores and
// announces nothing.
func (s *Service) Submit(ctx context.Context, f Form, client ClientInfo) (Posted, error) {
	p, err := s.submit(ctx, f, client)
	if p.Outcome == Refused || err != nil {
		s.counts.Inc(string(Refused), reasonOf(err))
	} else {
		s.counts.Inc(string(p.Outcome), "")
	}
	return p, err
}

// The values of the submissions' labels: an outcome, and for a refusal the
// code of its Refusal, "invalid" for mistakes in the form, "disk_full" or
// "read_only" for a disk that refused the write, or "other".
var (
	outcomes = []string{string(Approved), string(Held), string(Spam), string(Refused)}
	reasons  = []string{"", "invalid", ErrNoArticle.Code, ErrClosed.Code, ErrBadParent.Code, ErrDuplicate.Code,
		ErrTooFast.Code, ErrTooEarly.Code, "disk_full", "read_only", "other"}
)

func reasonOf(err error) string {
	var fe content.FieldErrors
	var r *Refusal
	switch {
	case errors.As(err, &fe):
		return "invalid"
	case errors.As(err, &r) && slices.Contains(reasons[2:len(reasons)-3], r.Code):
		return r.Code
	case errors.Is(err, store.ErrFull):
		return "disk_full"
	case errors.Is(err, store.ErrReadOnly):
		return "read_only"
	}
	return "other"
}

// Collect writes the submissions' counters for /metrics.
func (s *Service) Collect(w *metrics.Writer) { s.counts.Collect(w) }

func (s *Service) submit(ctx context.Context, f Form, client ClientInfo) (Posted, error) {
	now := s.now().UTC()
	refused := func(c content.Comment, a content.Article, err error) (Posted, error) {
		return Posted{Comment: c, Outcome: Refused, Article: a}, err
	}
	// The limits are read first, so that a flood is refused before any
	// other work and without a write; the post's own transaction checks
	// them again, for posts made at once through other nodes.
	byAddr := s.byAddr.quota(s.secret, client.Addr)
	if err := s.overLimit(ctx, now, byAddr); err != nil {
		return refused(content.Comment{}, content.Article{}, err)
	}
	policy, err := s.currentPolicy(ctx)
	if err != nil {
		return refused(content.Comment{}, content.Article{}, err)
	}
	c, a, err := s.check(ctx, f, policy, now)
	if err != nil {
		return refused(c, a, err)
	}
	byEmail := s.byEmail.quota(s.secret, c.AuthorEmail)
	if err := s.overLimit(ctx, now, byEmail); err != nil {
		return refused(c, a, err)
	}
	// Read once for the spam checker, the mail and the reader's way back.
	si := s.site(ctx)
	var reason string
	c.Status, reason, err = s.classify(ctx, policy, f, a, c, client, candidate(si, a, c, client, now))
	if err == nil {
		c.CreatedAt, c.IPHash = now, hashIP(s.secret, client.Addr)
		// Spam is kept silently: no wish for replies, no mail.
		spam := c.Status == content.CommentSpam
		mails := s.postMail(ctx, si, a, c)
		var over *store.OverQuota
		switch err = s.store.PostComment(ctx, &c, f.Subscribed() && !spam, mails, byAddr, byEmail); {
		case errors.As(err, &over):
			err = tooFast(over.Wait)
		case err != nil:
			err = fmt.Errorf("post comment on article %d: %w", a.ID, err)
		case mails != nil:
			s.mailer.Wake()
		}
	}
	if err != nil {
		return refused(c, a, err)
	}
	s.logger.InfoContext(ctx, "comment posted", "comment", c.ID, "article", a.ID, "status", c.Status, "reason", reason)
	// One event for the comment and the wish for replies that came with it.
	s.announce(ctx, "create", c, c.Status == content.CommentApproved)
	done := Posted{Comment: c, Article: a, Path: a.Path(si.zone), Outcome: Held}
	switch c.Status {
	case content.CommentSpam:
		done.Outcome = Spam
	case content.CommentApproved:
		done.Outcome = Approved
	}
	return done, nil
}

// overLimit refuses a post for which q has no room at now, with the wait.
func (s *Service) overLimit(ctx context.Context, now time.Time, q store.Quota) error {
	wait, err := s.store.QuotaWait(ctx, now, q)
	if err != nil {
		return fmt.Errorf("comment rate limit: %w", err)
	}
	if wait > 0 {
		return tooFast(wait)
	}
	return nil
}

// announce tells the change feed of one stored change to comment c.
// Readers see only approved comments, so only a change to a comment that
// was or is now approved changes its article's page and the feed of
// comments; any other change concerns the comment alone (the moderation
// queue).
func (s *Service) announce(ctx context.Context, action string, c content.Comment, visible bool) {
	tags := []string{changes.Comment(c.ID)}
	if visible {
		tags = append(tags, changes.Article(c.ArticleID), changes.CommentsFeed)
	}
	s.changes.Publish(ctx, changes.New(changes.KindComment, action, []int64{c.ID}, tags...))
}

// check validates the form and the place of the comment: the article
// takes comments, the parent may be replied to (and the reply is moved up
// to the deepest allowed level), and the words are not a repeat. Robots
// that filled the honeypot skip the repeat check, so that they are never
// told anything.
func (s *Service) check(ctx context.Context, f Form, policy Policy, now time.Time) (content.Comment, content.Article, error) {
	c, errs := f.Validate()
	if n := utf8.RuneCountInString(c.Body); n > policy.MaxLength && errs.For(FieldComment) == "" {
		errs.Add(FieldComment, fmt.Sprintf(msgTooLong, msgNameBody, policy.MaxLength))
	}
	if len(errs) > 0 {
		return c, content.Article{}, errs
	}
	a, err := s.store.ArticleByID(ctx, c.ArticleID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return c, a, ErrNoArticle
	case err != nil:
		return c, a, fmt.Errorf("post comment on article %d: %w", c.ArticleID, err)
	case !a.IsPublic():
		return c, a, ErrNoArticle
	case !policy.Open(a, now):
		return c, a, ErrClosed
	}
	if c.ParentID != 0 {
		if c.ParentID, err = s.placeReply(ctx, a.ID, c.ParentID, policy.MaxDepth); err != nil {
			return c, a, err
		}
	}
	if err := s.checkStamp(f.Stamp, policy.MinSeconds, now); err != nil {
		return c, a, err
	}
	if f.Honeypot != "" {
		return c, a, nil
	}
	_, err = s.store.RecentCommentByEmail(ctx, a.ID, c.AuthorEmail, c.Body, now.Add(-duplicateWindow))
	switch {
	case err == nil:
		return c, a, ErrDuplicate
	case !errors.Is(err, store.ErrNotFound):
		return c, a, fmt.Errorf("post comment on article %d: %w", a.ID, err)
	}
	return c, a, nil
}

func (s *Service) currentPolicy(ctx context.Context) (Policy, error) {
	p, err := s.policy(ctx)
	if err != nil {
		return p, fmt.Errorf("comment settings: %w", err)
	}
	return p.Normalize(), nil
}

// maxAncestors bounds the walk up a thread, whatever an import left.
const maxAncestors = 100

// placeReply checks that parentID is an approved comment on the article
// and returns the comment a reply to it hangs from: parentID itself, or,
// when the reply would nest deeper than maxDepth, the ancestor at
// maxDepth-1 (0, the article, when maxDepth is 1). The public page shows
// threads the same way.
func (s *Service) placeReply(ctx context.Context, articleID, parentID int64, maxDepth int) (int64, error) {
	parent, err := s.store.CommentByID(ctx, parentID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return 0, ErrBadParent
	case err != nil:
		return 0, fmt.Errorf("parent comment %d: %w", parentID, err)
	case parent.ArticleID != articleID || parent.Status != content.CommentApproved:
		return 0, ErrBadParent
	}
	// chain runs from the parent up to the top-level comment.
	chain := []int64{parent.ID}
	for cur := parent; cur.ParentID != 0 && len(chain) < maxAncestors; {
		next, err := s.store.CommentByID(ctx, cur.ParentID)
		if errors.Is(err, store.ErrNotFound) {
			break
		}
		if err != nil {
			return 0, fmt.Errorf("ancestor of comment %d: %w", parentID, err)
		}
		chain = append(chain, next.ID)
		cur = next
	}
	if len(chain)+1 <= maxDepth {
		return parent.ID, nil
	}
	if maxDepth <= 1 {
		return 0, nil
	}
	// The ancestor at depth d is chain[len(chain)-d].
	return chain[len(chain)-(maxDepth-1)], nil
}

// links finds web addresses in a comment, written out or in HTML.
var links = regexp.MustCompile(`(?i)(?:https?://|\bwww\.)[^\s<>"']+`)

// classify decides the status of a comment that passed the checks, and
// says why for the log. The spam checker is asked last among the spam
// rules, so that what the site's own rules catch costs no request; when
// it fails, the comment waits for a moderator rather than being lost.
func (s *Service) classify(ctx context.Context, p Policy, f Form, a content.Article, c content.Comment, client ClientInfo, cand Candidate) (content.CommentStatus, string, error) {
	if f.Honeypot != "" {
		return content.CommentSpam, "honeypot", nil
	}
	if word, ok := p.blocked(c.Body, c.AuthorName, c.AuthorEmail, c.AuthorURL, client.Addr, client.UserAgent, client.Referrer); ok {
		return content.CommentSpam, "blocklist: " + word, nil
	}
	if s.spam != nil {
		if checker := s.spam(p); checker != nil {
			spam, err := checker.Check(ctx, cand)
			switch {
			case err != nil:
				s.logger.WarnContext(ctx, "spam check failed; the comment waits for a moderator", "article", a.ID, "err", err)
				return content.CommentPending, "spam check failed", nil
			case spam:
				return content.CommentSpam, "spam checker", nil
			}
		}
	}
	if n := len(links.FindAllStringIndex(c.Body, -1)); n > p.MaxLinks {
		return content.CommentPending, fmt.Sprintf("%d links", n), nil
	}
	switch p.Mode {
	case ApproveAll:
		return content.CommentApproved, "approve all", nil
	case HoldAll:
		return content.CommentPending, "hold all", nil
	}
	known, err := s.store.HasApprovedComment(ctx, c.AuthorEmail)
	if err != nil {
		return "", "", fmt.Errorf("earlier comments of the writer: %w", err)
	}
	if known {
		return content.CommentApproved, "known writer", nil
	}
	return content.CommentPending, "first comment", nil
}
