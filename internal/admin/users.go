package admin

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Messages of the user pages.
const (
	RoleInvalid    = "Please choose one of the four roles."
	LastAdmin      = "The site needs at least one administrator. Make someone else an administrator first."
	DeleteYourself = "You cannot delete your own account. Ask another administrator."
	HeirMissing    = "Please choose who takes over this member's articles."
	InviteNoMail   = "Mail is not set up, so no link can be sent. Give an initial password instead."
)

type usersView struct {
	layout
	Users []content.User
}

func (a *Admin) users(w http.ResponseWriter, r *http.Request, m *member) error {
	list, err := a.store.Users(r.Context())
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "users", usersView{layout: a.layout(r, m, "Users"), Users: list})
}

// userView is the form to add or edit a member, with the deletion form
// when editing.
type userView struct {
	layout
	ID                int64
	Name, Email, Role string
	Invite            bool
	Roles             []roleOption
	CanMail           bool
	Others            []content.User // who may take over the articles
	Heir              string
	Self              bool
}

type roleOption struct {
	Value content.Role
	Name  string
}

var roleOptions = []roleOption{
	{content.RoleContributor, "Contributor: writes drafts and sends them for review"},
	{content.RoleAuthor, "Author: writes, uploads and publishes their own articles"},
	{content.RoleEditor, "Editor: publishes anyone's articles, moderates, manages sections"},
	{content.RoleAdmin, "Administrator: everything, including members and settings"},
}

func (a *Admin) newUser(w http.ResponseWriter, r *http.Request, m *member) error {
	v := userView{layout: a.layout(r, m, "Add a member"), Role: string(content.RoleAuthor), Roles: roleOptions, CanMail: a.mailer != nil}
	return a.render(w, r, http.StatusOK, "user", v)
}

func (a *Admin) createUser(w http.ResponseWriter, r *http.Request, m *member) error {
	v := userView{
		layout:  a.layout(r, m, "Add a member"),
		Name:    strings.TrimSpace(r.PostFormValue("name")),
		Email:   strings.TrimSpace(r.PostFormValue("email")),
		Role:    r.PostFormValue("role"),
		Invite:  r.PostFormValue("invite") != "",
		Roles:   roleOptions,
		CanMail: a.mailer != nil,
	}
	password := r.PostFormValue("password")
	validatePerson(&v.Errors, v.Name, v.Email)
	if !content.ValidRole(content.Role(v.Role)) {
		v.Errors.Add("role", RoleInvalid)
	}
	switch {
	case v.Invite && a.mailer == nil:
		v.Errors.Add("invite", InviteNoMail)
	case !v.Invite:
		if err := auth.ValidatePassword(password); err != nil {
			v.Errors.Add("password", fieldErrors(err).For("password"))
		}
	}
	if v.Errors.For("email") == "" {
		if _, err := a.store.UserByEmail(r.Context(), v.Email); err == nil {
			v.Errors.Add("email", EmailTaken)
		} else if !errors.Is(err, store.ErrNotFound) {
			return err
		}
	}
	if len(v.Errors) > 0 {
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	var hash string
	if !v.Invite {
		var err error
		if hash, err = a.hasher.Hash(password); err != nil {
			return err
		}
	}
	u := content.User{Name: v.Name, Email: v.Email, Role: content.Role(v.Role)}
	slug, err := a.freeUserSlug(r.Context(), content.Slugify(v.Name))
	if err != nil {
		return err
	}
	u.Slug = slug
	err = a.store.CreateUser(r.Context(), &u)
	if errors.Is(err, store.ErrConflict) {
		v.Errors.Add("email", EmailTaken)
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	if err != nil {
		return err
	}
	a.log.Info("member added", slog.Int64("user", u.ID), slog.Int64("by", m.ID), slog.String("role", string(u.Role)))
	if v.Invite {
		if err := a.sendReset(r.Context(), u.Email, true); err != nil {
			a.log.Error("mail invitation", slog.Int64("user", u.ID), slog.Any("err", err))
			return seeOther("/admin/users?done=invite-failed")
		}
		return seeOther("/admin/users?done=user-invited")
	}
	if err := a.store.SetPasswordHash(r.Context(), u.ID, hash); err != nil {
		return err
	}
	return seeOther("/admin/users?done=user-added")
}

// freeUserSlug returns base, or base-2, base-3 ... whichever no member
// has: two reporters may share a name, not an archive address.
func (a *Admin) freeUserSlug(ctx context.Context, base string) (string, error) {
	// A newsroom has tens or hundreds of members: one read of them all
	// beats a query per candidate.
	users, err := a.store.Users(ctx)
	if err != nil {
		return "", err
	}
	taken := make(map[string]bool, len(users))
	for _, u := range users {
		taken[u.Slug] = true
	}
	slug := base
	for n := 2; taken[slug]; n++ {
		slug = base + "-" + strconv.Itoa(n)
	}
	return slug, nil
}

func (a *Admin) userForm(r *http.Request, m *member, u content.User) (userView, error) {
	v := userView{
		layout: a.layout(r, m, "Edit "+u.Name),
		ID:     u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role),
		Roles: roleOptions, Self: u.ID == m.ID,
	}
	all, err := a.store.Users(r.Context())
	if err != nil {
		return v, err
	}
	for _, o := range all {
		if o.ID != u.ID {
			v.Others = append(v.Others, o)
		}
	}
	return v, nil
}

func (a *Admin) loadUser(r *http.Request) (content.User, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return content.User{}, err
	}
	return a.store.UserByID(r.Context(), id)
}

func (a *Admin) editUser(w http.ResponseWriter, r *http.Request, m *member) error {
	u, err := a.loadUser(r)
	if err != nil {
		return err
	}
	v, err := a.userForm(r, m, u)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "user", v)
}

// admins counts the administrators.
func (a *Admin) admins(ctx context.Context) (int, error) {
	list, err := a.store.Users(ctx)
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

func (a *Admin) saveUser(w http.ResponseWriter, r *http.Request, m *member) error {
	u, err := a.loadUser(r)
	if err != nil {
		return err
	}
	v, err := a.userForm(r, m, u)
	if err != nil {
		return err
	}
	v.Name = strings.TrimSpace(r.PostFormValue("name"))
	v.Email = strings.TrimSpace(r.PostFormValue("email"))
	v.Role = r.PostFormValue("role")
	validatePerson(&v.Errors, v.Name, v.Email)
	role := content.Role(v.Role)
	if !content.ValidRole(role) {
		v.Errors.Add("role", RoleInvalid)
	} else if u.Role == content.RoleAdmin && role != content.RoleAdmin {
		n, err := a.admins(r.Context())
		if err != nil {
			return err
		}
		if n <= 1 {
			v.Errors.Add("role", LastAdmin)
		}
	}
	if len(v.Errors) > 0 {
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	u.Name, u.Email, u.Role, u.Slug = v.Name, v.Email, role, ""
	err = a.store.UpdateUser(r.Context(), &u)
	if errors.Is(err, store.ErrConflict) {
		v.Errors.Add("email", EmailTaken)
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	if err != nil {
		return err
	}
	a.log.Info("member changed", slog.Int64("user", u.ID), slog.Int64("by", m.ID), slog.String("role", string(u.Role)))
	if u.ID == m.ID && !auth.Can(role, auth.ActManageUsers) {
		return seeOther("/admin/?done=user-saved")
	}
	return seeOther("/admin/users?done=user-saved")
}

func (a *Admin) deleteUser(w http.ResponseWriter, r *http.Request, m *member) error {
	u, err := a.loadUser(r)
	if err != nil {
		return err
	}
	v, err := a.userForm(r, m, u)
	if err != nil {
		return err
	}
	v.Heir = r.PostFormValue("heir")
	heir, _ := strconv.ParseInt(v.Heir, 10, 64)
	switch {
	case u.ID == m.ID:
		v.Problem = DeleteYourself
	case u.Role == content.RoleAdmin:
		n, err := a.admins(r.Context())
		if err != nil {
			return err
		}
		if n <= 1 {
			v.Problem = LastAdmin
		}
	}
	if v.Problem == "" && (heir == 0 || heir == u.ID) {
		v.Errors.Add("heir", HeirMissing)
	}
	if v.Problem != "" || len(v.Errors) > 0 {
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	err = a.store.DeleteUser(r.Context(), u.ID, heir)
	if errors.Is(err, store.ErrNotFound) {
		v.Errors.Add("heir", HeirMissing)
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	if err != nil {
		return err
	}
	a.log.Info("member deleted", slog.Int64("user", u.ID), slog.Int64("heir", heir), slog.Int64("by", m.ID))
	return seeOther("/admin/users?done=user-deleted")
}
