package members

import (
	"context"
	"errors"
	"fmt"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Details are what the member forms change: the name shown in bylines,
// the email address used to sign in, the role, the public profile of the
// author page (biography, job title, photo, links) and the address of the
// member's archive. Every field is written: a caller that changes a few
// starts from [DetailsOf].
type Details struct {
	Name, Email string
	Role        content.Role
	Bio         string
	JobTitle    string
	// PhotoID is a picture of the media library, 0 for none. A member may
	// choose one they uploaded; editors and admins any
	// (auth.CanUseAsPhoto).
	PhotoID int64
	// Links are the member's pages elsewhere, in order: at most MaxLinks,
	// each an absolute http or https address. Links with neither an
	// address nor a label are dropped.
	Links []content.Link
	// Slug is the address of the member's archive; "" keeps the one they
	// have.
	Slug string
}

func (d Details) clean() Details {
	d.Name, d.Email, d.Bio, d.Slug = clean(d.Name), clean(d.Email), clean(d.Bio), clean(d.Slug)
	d.JobTitle = clean(d.JobTitle)
	return d
}

// problems checks d, and drops its blank links afterwards.
func (d *Details) problems() (errs content.FieldErrors, emailOK bool) {
	emailOK = person(&errs, d.Name, d.Email, d.Role, d.Bio)
	if d.Slug != "" && !content.ValidSlug(d.Slug) {
		errs.Add("slug", SlugInvalid)
	}
	profileProblems(&errs, *d)
	d.Links = cleanLinks(d.Links)
	return errs, emailOK
}

// Validate checks d by the rules [Service.Update] applies that need no
// store (a taken email or slug and the last administrator are told by
// Update itself), for forms that ask for something more before they
// write, such as the member's password; the problems come back together
// in a content.FieldErrors.
func (d Details) Validate() error {
	d = d.clean()
	errs, _ := d.problems()
	return errs.OrNil()
}

// Update replaces the details of member id and returns the member as
// stored. Members may change their own name, email, profile and address;
// changing anyone else's, or a role, needs auth.ActManageUsers. The last
// administrator keeps their role.
func (s *Service) Update(ctx context.Context, who content.User, id int64, d Details) (content.User, error) {
	manager := auth.Can(who.Role, auth.ActManageUsers)
	if who.ID != id && !manager {
		return content.User{}, ErrForbidden
	}
	cur, err := s.store.UserByID(ctx, id)
	if err != nil {
		return content.User{}, fmt.Errorf("change member %d: %w", id, err)
	}
	d = d.clean()
	if d.Role != cur.Role && !manager {
		return content.User{}, ErrForbidden
	}
	errs, err := s.updateProblems(ctx, who, cur, &d)
	if err != nil {
		return content.User{}, fmt.Errorf("change member %d: %w", id, err)
	}
	if len(errs) > 0 {
		return content.User{}, errs
	}
	u := cur
	u.Name, u.Email, u.Role, u.Bio, u.Slug = d.Name, d.Email, d.Role, d.Bio, d.Slug
	u.JobTitle, u.PhotoID, u.Links = d.JobTitle, d.PhotoID, d.Links
	err = s.store.UpdateUser(ctx, &u)
	if errors.Is(err, store.ErrConflict) {
		// Someone took the email or the address since they were checked.
		if d.Slug != "" && d.Slug != cur.Slug {
			if taken, _ := s.slugTaken(ctx, d.Slug, id); taken {
				return content.User{}, content.FieldErrors{{Field: "slug", Message: SlugTaken}}
			}
		}
		return content.User{}, content.FieldErrors{{Field: "email", Message: EmailTaken}}
	}
	if err != nil {
		return content.User{}, fmt.Errorf("change member %d: %w", id, err)
	}
	// The author page, with the profile, declares author:SLUG.
	tags := []string{changes.Author(cur.Slug), changes.Author(u.Slug)}
	if u.Name != cur.Name || u.Slug != cur.Slug {
		// The name printed on every byline and card of theirs.
		tags = append(tags, changes.Byline(cur.Slug), changes.Byline(u.Slug))
		public, err := s.published(ctx, id)
		if err != nil {
			return u, fmt.Errorf("changed member %d: %w", id, err)
		}
		if public && u.Name != cur.Name {
			tags = append(tags, changes.Search) // bylines are searched
		}
		if public && u.Slug != cur.Slug {
			tags = append(tags, changes.Sitemaps)
		}
	}
	s.publish(ctx, "update", []int64{id}, tags...)
	return u, nil
}

// updateProblems is everything wrong with who changing cur to d.
func (s *Service) updateProblems(ctx context.Context, who content.User, cur content.User, d *Details) (content.FieldErrors, error) {
	errs, emailOK := d.problems()
	problem, err := s.photoProblem(ctx, who, d.PhotoID, cur.PhotoID)
	if err != nil {
		return nil, err
	}
	if problem != "" {
		errs.Add("photo", problem)
	}
	if emailOK {
		taken, err := s.emailTaken(ctx, d.Email, cur.ID)
		if err != nil {
			return nil, err
		}
		if taken {
			errs.Add("email", EmailTaken)
		}
	}
	if cur.Role == content.RoleAdmin && d.Role != content.RoleAdmin && content.ValidRole(d.Role) {
		n, err := s.admins(ctx)
		if err != nil {
			return nil, err
		}
		if n <= 1 {
			errs.Add("role", LastAdmin)
		}
	}
	if d.Slug != "" && d.Slug != cur.Slug && content.ValidSlug(d.Slug) {
		taken, err := s.slugTaken(ctx, d.Slug, cur.ID)
		if err != nil {
			return nil, err
		}
		if taken {
			errs.Add("slug", SlugTaken)
		}
	}
	return errs, nil
}

// Delete removes member id after giving their articles to the member
// heir. Nobody deletes themselves, and the last administrator stays.
func (s *Service) Delete(ctx context.Context, who content.User, id, heir int64) error {
	if !auth.Can(who.Role, auth.ActManageUsers) {
		return ErrForbidden
	}
	cur, err := s.store.UserByID(ctx, id)
	if err != nil {
		return fmt.Errorf("delete member %d: %w", id, err)
	}
	if id == who.ID {
		return &Error{Message: DeleteYourself}
	}
	if cur.Role == content.RoleAdmin {
		n, err := s.admins(ctx)
		if err != nil {
			return fmt.Errorf("delete member %d: %w", id, err)
		}
		if n <= 1 {
			return &Error{Message: LastAdmin}
		}
	}
	noHeir := content.FieldErrors{{Field: "heir", Message: HeirMissing}}
	if heir == id {
		return noHeir
	}
	h, err := s.store.UserByID(ctx, heir)
	if errors.Is(err, store.ErrNotFound) {
		return noHeir
	}
	if err != nil {
		return fmt.Errorf("delete member %d: %w", id, err)
	}
	public, err := s.published(ctx, id)
	if err != nil {
		return fmt.Errorf("delete member %d: %w", id, err)
	}
	err = s.store.DeleteUser(ctx, id, heir)
	if errors.Is(err, store.ErrNotFound) {
		// The heir went in the meantime.
		return noHeir
	}
	if err != nil {
		return fmt.Errorf("delete member %d: %w", id, err)
	}
	tags := []string{changes.Author(cur.Slug), changes.Author(h.Slug), changes.Byline(cur.Slug)}
	if public {
		tags = append(tags, changes.Home, changes.Feeds, changes.Search, changes.Sitemaps)
	}
	s.publish(ctx, "delete", []int64{id, heir}, tags...)
	return nil
}
