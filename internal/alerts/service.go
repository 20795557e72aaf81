package alerts

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Store is what alerts need from storage.
type Store interface {
	store.Alerts
	ArticleByID(ctx context.Context, id int64) (content.Article, error)
}

// Config is what a [Service] needs; Store is required.
type Config struct {
	Store   Store
	Changes *changes.Feed    // nil announces nothing
	Now     func() time.Time // time.Now when nil
	Logger  *slog.Logger
}

// Service puts alerts up and takes them down, for editors and admins
// (auth.ActPostAlerts), and lists the active ones for everyone.
type Service struct {
	store   Store
	changes *changes.Feed
	now     func() time.Time
	log     *slog.Logger
}

// New makes a Service.
func New(cfg Config) *Service {
	if cfg.Store == nil {
		panic("alerts: Config.Store is nil")
	}
	s := &Service{store: cfg.Store, changes: cfg.Changes, now: cfg.Now, log: cfg.Logger}
	if s.now == nil {
		s.now = time.Now
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Forbidden is the refusal of a member whose role may not change alerts;
// its Message is written for them.
type Forbidden struct{ Message string }

func (e *Forbidden) Error() string { return e.Message }

var notEditor = &Forbidden{"Only editors can put up and take down breaking-news alerts."}

// Input is an alert as an editor fills it in: a line with an optional
// link, or an article marked as breaking (its headline is the line when
// Text is empty, and it is the link), with the time it ends.
type Input struct {
	Text      string
	URL       string
	ArticleID int64
	ExpiresAt time.Time
}

// clock is now in UTC to the millisecond, the precision the stores keep.
func (s *Service) clock() time.Time { return s.now().UTC().Truncate(time.Millisecond) }

// Post puts an alert up.
func (s *Service) Post(ctx context.Context, user content.User, in Input) (content.Alert, error) {
	if user.ID == 0 || !auth.Can(user.Role, auth.ActPostAlerts) {
		return content.Alert{}, notEditor
	}
	now := s.clock()
	a := content.Alert{Text: strings.TrimSpace(in.Text), URL: strings.TrimSpace(in.URL), AuthorID: user.ID,
		CreatedAt: now, ExpiresAt: in.ExpiresAt.UTC().Truncate(time.Millisecond)}
	if in.ArticleID != 0 {
		if err := s.breaking(ctx, &a, in.ArticleID); err != nil {
			return content.Alert{}, err
		}
	}
	if err := a.Validate(now); err != nil {
		return content.Alert{}, err
	}
	if err := s.store.CreateAlert(ctx, &a); err != nil {
		if errors.Is(err, store.ErrNotFound) {
			return content.Alert{}, content.FieldErrors{{Field: "article", Message: noArticle}}
		}
		return content.Alert{}, fmt.Errorf("post alert: %w", err)
	}
	s.log.Info("alert posted", "alert", a.ID, "article", a.Article.ID, "user", user.ID, "expires", a.ExpiresAt)
	s.changes.Publish(ctx, changes.New(changes.KindAlert, "create", []int64{a.ID}, changes.Alerts))
	return a, nil
}

const noArticle = "There is no such article."

// breaking makes a the alert of the article id: it must be out, since an
// alert shows on every page, and it is the alert's link.
func (s *Service) breaking(ctx context.Context, a *content.Alert, id int64) error {
	art, err := s.store.ArticleByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return content.FieldErrors{{Field: "article", Message: noArticle}}
	}
	if err != nil {
		return err
	}
	if !art.IsPublic() {
		return content.FieldErrors{{Field: "article", Message: "Publish the article before marking it as breaking news."}}
	}
	if a.URL != "" {
		return content.FieldErrors{{Field: "url", Message: "An alert for an article leads to the article; leave the link out."}}
	}
	if a.Text == "" {
		a.Text = art.Title
		if utf8.RuneCountInString(a.Text) > content.MaxAlertText {
			a.Text = string([]rune(a.Text)[:content.MaxAlertText-1]) + "…"
		}
	}
	a.Article = art
	return nil
}

// Remove takes an alert down before it expires.
func (s *Service) Remove(ctx context.Context, user content.User, id int64) error {
	if user.ID == 0 || !auth.Can(user.Role, auth.ActPostAlerts) {
		return notEditor
	}
	if err := s.store.DeleteAlert(ctx, id); err != nil {
		return err
	}
	s.log.Info("alert removed", "alert", id, "user", user.ID)
	s.changes.Publish(ctx, changes.New(changes.KindAlert, "delete", []int64{id}, changes.Alerts))
	return nil
}

// Active lists the alerts up now, newest first, as readers see them (an
// alert for an article they cannot see is left out).
func (s *Service) Active(ctx context.Context, limit int) ([]content.Alert, error) {
	return s.store.ActiveAlerts(ctx, s.now(), limit)
}
