package admin

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/members"
)

// InviteNoMail refuses an invitation when the newsroom cannot send mail;
// the rules about members and their messages are package members'.
const InviteNoMail = "Mail is not set up, so no link can be sent. Give an initial password instead."

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
	// profileFields are the member's author page, when editing.
	profileFields
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
	nm := members.NewMember{Name: v.Name, Email: v.Email, Role: content.Role(v.Role),
		Password: r.PostFormValue("password"), NoPassword: v.Invite}
	if v.Invite && a.mailer == nil {
		// Without mail the invitation could not reach them: nothing is
		// stored, and the form says so along with anything else wrong.
		if _, err := refused(nm.Validate(), &v.Errors); err != nil {
			return err
		}
		v.Errors.Add("invite", InviteNoMail)
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	u, err := a.members.Create(r.Context(), m.User, nm)
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	} else if err != nil {
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
	return seeOther("/admin/users?done=user-added")
}

func (a *Admin) userForm(r *http.Request, m *member, u content.User) (userView, error) {
	v := userView{
		layout: a.layout(r, m, "Edit "+u.Name),
		ID:     u.ID, Name: u.Name, Email: u.Email, Role: string(u.Role),
		Roles: roleOptions, Self: u.ID == m.ID,
		profileFields: profileOf(u, "member-"+strconv.FormatInt(u.ID, 10)),
	}
	if notice := chosenPhoto(r, &v.profileFields); notice != "" {
		v.Notice = notice
	}
	if err := a.offerPhotos(r.Context(), &v.profileFields, u.PhotoID); err != nil {
		return v, err
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
	role := content.Role(v.Role)
	d := members.DetailsOf(u)
	d.Name, d.Email, d.Role = v.Name, v.Email, role
	readProfile(r, &v.profileFields, &d)
	if err := a.offerPhotos(r.Context(), &v.profileFields, u.PhotoID); err != nil {
		return err
	}
	u, err = a.members.Update(r.Context(), m.User, u.ID, d)
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	} else if err != nil {
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
	heir, _ := strconv.ParseInt(v.Heir, 10, 64) // nothing chosen is 0, nobody's id
	err = a.members.Delete(r.Context(), m.User, u.ID, heir)
	var refusal *members.Error
	if errors.As(err, &refusal) {
		v.Problem = refusal.Message
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	}
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "user", v)
	} else if err != nil {
		return err
	}
	a.log.Info("member deleted", slog.Int64("user", u.ID), slog.Int64("heir", heir), slog.Int64("by", m.ID))
	return seeOther("/admin/users?done=user-deleted")
}
