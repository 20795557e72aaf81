package settings

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
)

// Store is what the service needs from storage; store.Site is one.
type Store interface {
	Settings(ctx context.Context) (content.Settings, error)
	SaveSettings(ctx context.Context, s content.Settings) error
	Setting(ctx context.Context, key string) ([]byte, error)
	SaveSetting(ctx context.Context, key string, value []byte) error
}

// Config is what a Service is built with. Store is required.
type Config struct {
	Store Store
	// Changes is the feed every save is announced on; without it the
	// service keeps a feed of its own, so OnSite and OnMail still work.
	Changes *changes.Feed
	Logger  *slog.Logger
}

// The actions of the changes.KindSettings events the service publishes:
// which of the documents was saved.
const (
	ActionSite     = "site"
	ActionComments = "comments"
	ActionMail     = "mail"
)

// ErrForbidden refuses a member whose role may not change the settings.
var ErrForbidden = errors.New("settings: this member may not change the settings")

// ErrUnreadable means a stored document could not be read: written by a
// newer release, or damaged. Saving replaces it.
var ErrUnreadable = errors.New("settings: the stored settings cannot be read")

// Service saves the settings. It is safe for concurrent use.
type Service struct {
	store   Store
	changes *changes.Feed
	log     *slog.Logger
	policy  policyMemo
}

// New returns a Service over cfg.Store.
func New(cfg Config) *Service {
	s := &Service{store: cfg.Store, changes: cfg.Changes, log: cfg.Logger}
	if s.changes == nil {
		s.changes = &changes.Feed{}
	} else {
		s.policy.watch(s.changes)
	}
	if s.log == nil {
		s.log = slog.New(slog.DiscardHandler)
	}
	return s
}

// Save checks and stores the site settings for who, then announces them:
// every page shows some of them, so the event carries the changes.Settings
// tag. A refused save writes and announces nothing.
func (s *Service) Save(ctx context.Context, who content.User, set content.Settings) error {
	if !auth.Can(who.Role, auth.ActManageSettings) {
		return ErrForbidden
	}
	if err := set.Validate(); err != nil {
		return err
	}
	if err := s.store.SaveSettings(ctx, set); err != nil {
		return fmt.Errorf("save site settings for user %d: %w", who.ID, err)
	}
	s.log.Info("settings saved", slog.Int64("by", who.ID))
	s.changes.Publish(ctx, changes.New(changes.KindSettings, ActionSite, nil, changes.Settings))
	return nil
}

// OnSite calls fn with the site settings after every save of them, to
// apply them in the running program at once. The settings are read again
// from the store rather than taken from the save, so that a save announced
// by another server reads the same. fn runs on the saving request's
// goroutine, before the save returns, and must be quick.
func (s *Service) OnSite(fn func(ctx context.Context, set content.Settings)) (cancel func()) {
	return s.changes.Subscribe(func(ctx context.Context, e changes.Event) {
		if e.Kind != changes.KindSettings || e.Action != ActionSite {
			return
		}
		// The save has committed: apply it even if the member who made it
		// has gone away meanwhile.
		ctx = context.WithoutCancel(ctx)
		set, err := s.store.Settings(ctx)
		if err != nil {
			s.log.Error("saved settings not applied", slog.Any("err", err))
			return
		}
		fn(ctx, set)
	})
}
