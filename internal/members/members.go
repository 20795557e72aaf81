package members

import (
	"context"
	"errors"
	"fmt"
	"net/mail"
	"strings"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Store is what the membership needs from storage; every store.Store has
// it.
type Store interface {
	store.People
	store.Accounts
	store.AccountAdmin
	// ImageByID finds the picture a member chooses as their photo.
	ImageByID(ctx context.Context, id int64) (content.Image, error)
}

// Config is what [New] needs. Only Store is required.
type Config struct {
	Store Store
	// Hasher hashes the first passwords of new members; the zero Hasher
	// uses the production parameters.
	Hasher auth.Hasher
	// Changes is told of every committed change; nil tells no one.
	Changes *changes.Feed
}

// Service changes the membership for whoever asks. It is safe for
// concurrent use; all its state is in the store.
type Service struct {
	store   Store
	hasher  auth.Hasher
	changes *changes.Feed
}

// New makes a Service.
func New(cfg Config) *Service {
	if cfg.Store == nil {
		panic("members: Config.Store is nil")
	}
	return &Service{store: cfg.Store, hasher: cfg.Hasher, changes: cfg.Changes}
}

// Operator is who the command line and the demo act as: an administrator
// who is no member (ID 0), so no rule about oneself applies. Whoever can
// run dateline on the data folder can change the database anyway.
var Operator = content.User{Name: "operator", Role: content.RoleAdmin}

// ErrForbidden refuses a member whose role may not manage members
// (auth.ActManageUsers), or who asked to change their own role.
var ErrForbidden = errors.New("members: this member may not manage members")

// ErrRefused is the kind of every [*Error].
var ErrRefused = errors.New("members: refused by the newsroom's rules")

// Error is a change the newsroom's rules refuse whatever the form says,
// with a message written for whoever asked, safe to show as it is.
type Error struct {
	Message string
}

func (e *Error) Error() string { return e.Message }

// Unwrap lets errors.Is(err, ErrRefused) work.
func (e *Error) Unwrap() error { return ErrRefused }

// Messages of refused changes, written for whoever asked.
const (
	NameMissing    = "Please enter a name."
	NameTooLong    = "The name is too long (at most 100 characters)."
	EmailInvalid   = "Please enter an email address such as name@example.com."
	EmailTaken     = "Another member already uses this email address."
	RoleInvalid    = "Please choose one of the four roles."
	BioTooLong     = "The biography is too long (at most 2000 characters)."
	SlugInvalid    = "The address may hold only lower-case letters, digits and single hyphens, such as ana-reyes."
	SlugTaken      = "Another member already uses this address."
	LastAdmin      = "The site needs at least one administrator. Make someone else an administrator first."
	DeleteYourself = "You cannot delete your own account. Ask another administrator."
	HeirMissing    = "Please choose who takes over this member's articles."
)

// Limits on what a member may be called and write about themselves.
const (
	MaxName  = 100  // characters
	MaxBio   = 2000 // characters
	MaxEmail = 254  // bytes, as mail servers allow
)

// validEmail reports whether s looks like an address mail can go to.
func validEmail(s string) bool {
	if len(s) > MaxEmail || !strings.Contains(s, "@") {
		return false
	}
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Address == s
}

// person checks what every member has: a name, an email address, a role
// and perhaps a biography. An email that is well formed is left to the
// caller, which knows whether it is taken.
func person(errs *content.FieldErrors, name, email string, role content.Role, bio string) (emailOK bool) {
	switch n := utf8.RuneCountInString(name); {
	case n == 0:
		errs.Add("name", NameMissing)
	case n > MaxName:
		errs.Add("name", NameTooLong)
	}
	emailOK = validEmail(email)
	if !emailOK {
		errs.Add("email", EmailInvalid)
	}
	if !content.ValidRole(role) {
		errs.Add("role", RoleInvalid)
	}
	if utf8.RuneCountInString(bio) > MaxBio {
		errs.Add("bio", BioTooLong)
	}
	return emailOK
}

// clean is text as it is kept: trimmed, with bytes that are not UTF-8
// and NULs replaced (content.CleanText).
func clean(s string) string { return content.CleanText(s) }

func (s *Service) publish(ctx context.Context, action string, ids []int64, tags ...string) {
	s.changes.Publish(ctx, changes.New(changes.KindMember, action, ids, tags...))
}

// emailTaken reports whether a member other than self has email.
func (s *Service) emailTaken(ctx context.Context, email string, self int64) (bool, error) {
	u, err := s.store.UserByEmail(ctx, email)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return u.ID != self, nil
}

// slugTaken reports whether a member other than self has slug.
func (s *Service) slugTaken(ctx context.Context, slug string, self int64) (bool, error) {
	u, err := s.store.UserBySlug(ctx, slug)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return false, nil
	case err != nil:
		return false, err
	}
	return u.ID != self, nil
}

// admins counts the administrators.
func (s *Service) admins(ctx context.Context) (int, error) {
	list, err := s.store.Users(ctx)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, u := range list {
		if u.Role == content.RoleAdmin {
			n++
		}
	}
	return n, nil
}

// published reports whether the member has published posts, whose pages
// and lists show their name.
func (s *Service) published(ctx context.Context, id int64) (bool, error) {
	authors, err := s.store.Authors(ctx)
	if err != nil {
		return false, err
	}
	for _, a := range authors {
		if a.ID == id {
			return true, nil
		}
	}
	return false, nil
}

// freeSlug returns the address made from name that none of users has,
// numbered as articles' slugs are (content.FreeSlug): two reporters may
// share a name, not an archive address.
func freeSlug(users []content.User, name string) (string, error) {
	taken := make(map[string]bool, len(users))
	for _, u := range users {
		taken[u.Slug] = true
	}
	return content.FreeSlug(content.Slugify(name), func(slug string) (bool, error) { return taken[slug], nil })
}

// maxTries bounds how often Create looks for a free address again after
// another member took the one it found.
const maxTries = 5

// NewMember is a member as an administrator adds them.
type NewMember struct {
	Name, Email string
	Role        content.Role
	Bio         string
	// Password is the member's first password, by auth.ValidatePassword's
	// rules.
	Password string
	// NoPassword makes a member without a password, who chooses one
	// through a reset link (an invitation); Password is then ignored.
	NoPassword bool
}

func (m NewMember) clean() NewMember {
	m.Name, m.Email, m.Bio = clean(m.Name), clean(m.Email), clean(m.Bio)
	return m
}

// problems are what is wrong with m that can be told without the store.
func (m NewMember) problems() (errs content.FieldErrors, emailOK bool) {
	emailOK = person(&errs, m.Name, m.Email, m.Role, m.Bio)
	if !m.NoPassword {
		var bad content.FieldErrors
		if errors.As(auth.ValidatePassword(m.Password), &bad) {
			errs = append(errs, bad...)
		}
	}
	return errs, emailOK
}

// Validate checks m by the rules [Service.Create] applies that need no
// store (a taken email is told by Create itself), for forms that must
// refuse something of their own along with them; the problems come back
// together in a content.FieldErrors.
func (m NewMember) Validate() error {
	errs, _ := m.clean().problems()
	return errs.OrNil()
}

// Create adds a member and returns them as stored. Their archive address
// is made from their name, and their first password is stored with them
// in one transaction: there is never a member without the password they
// were given.
func (s *Service) Create(ctx context.Context, who content.User, m NewMember) (content.User, error) {
	if !auth.Can(who.Role, auth.ActManageUsers) {
		return content.User{}, ErrForbidden
	}
	m = m.clean()
	errs, emailOK := m.problems()
	if emailOK {
		taken, err := s.emailTaken(ctx, m.Email, 0)
		if err != nil {
			return content.User{}, fmt.Errorf("add member %q: %w", m.Email, err)
		}
		if taken {
			errs.Add("email", EmailTaken)
		}
	}
	if len(errs) > 0 {
		return content.User{}, errs
	}
	var hash string
	if !m.NoPassword {
		var err error
		if hash, err = s.hasher.Hash(m.Password); err != nil {
			return content.User{}, fmt.Errorf("add member %q: %w", m.Email, err)
		}
	}
	u := content.User{Name: m.Name, Email: m.Email, Role: m.Role, Bio: m.Bio}
	// Another member may be added between reading the slugs and storing
	// this one. Each conflict means someone else was stored, so a few
	// tries settle it.
	for try := 1; ; try++ {
		users, err := s.store.Users(ctx)
		if err != nil {
			return content.User{}, fmt.Errorf("add member %q: %w", m.Email, err)
		}
		if u.Slug, err = freeSlug(users, u.Name); err != nil {
			return content.User{}, fmt.Errorf("add member %q: %w", m.Email, err)
		}
		err = s.store.CreateUserWithPassword(ctx, &u, hash)
		if err == nil {
			break
		}
		if !errors.Is(err, store.ErrConflict) {
			return content.User{}, fmt.Errorf("add member %q: %w", m.Email, err)
		}
		taken, terr := s.emailTaken(ctx, u.Email, 0)
		if terr != nil {
			return content.User{}, fmt.Errorf("add member %q: %w", m.Email, terr)
		}
		if taken {
			return content.User{}, content.FieldErrors{{Field: "email", Message: EmailTaken}}
		}
		if try == maxTries {
			return content.User{}, fmt.Errorf("add member %q: %w", m.Email, err)
		}
	}
	s.publish(ctx, "create", []int64{u.ID}, changes.Author(u.Slug))
	return u, nil
}
