package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/store"
)

type profileView struct {
	layout
	profileFields
	Name, Email string
	// AuthorPage is the member's public page, where the profile shows.
	AuthorPage string
	Sessions   []sessionRow
	Tokens     []content.APIToken
	CanTokens  bool
	TokenName  string
	// NewToken is an API token just created: shown on this one page and
	// never again, since only its hash is kept.
	NewToken string
}

type sessionRow struct {
	ID       int64
	Current  bool
	Browser  string
	Network  string
	Started  time.Time
	LastSeen time.Time
}

// Messages of the profile's password checks; those about the member's
// details are package members'.
const (
	CurrentPasswordWrong   = "That is not your current password."
	CurrentPasswordMissing = "Please enter your current password."
	EmailNeedsPassword     = "Please enter your current password to change your email address."
)

func (a *Admin) profileView(r *http.Request, m *member) (profileView, error) {
	v := profileView{
		layout:        a.layout(r, m, "Your profile"),
		Name:          m.Name,
		Email:         m.Email,
		profileFields: profileOf(m.User, "profile"),
		CanTokens:     m.Can(auth.ActManageOwnTokens),
	}
	if notice := chosenPhoto(r, &v.profileFields); notice != "" {
		v.Notice = notice
	}
	if err := a.offerPhotos(r.Context(), &v.profileFields, m.PhotoID); err != nil {
		return v, err
	}
	// Only a member who published has a page.
	switch _, err := a.store.AuthorBySlug(r.Context(), m.Slug); {
	case err == nil:
		v.AuthorPage = m.Path()
	case !errors.Is(err, store.ErrNotFound):
		return v, err
	}
	sessions, err := a.store.UserSessions(r.Context(), m.ID)
	if err != nil {
		return v, err
	}
	for _, s := range sessions {
		v.Sessions = append(v.Sessions, sessionRow{
			ID: s.ID, Current: s.ID == m.Session.ID, Browser: browserName(s.UserAgent),
			Network: s.IPHash, Started: s.CreatedAt, LastSeen: s.LastSeen,
		})
	}
	if v.CanTokens {
		if v.Tokens, err = a.store.APITokens(r.Context(), m.ID); err != nil {
			return v, err
		}
	}
	return v, nil
}

func (a *Admin) profile(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.profileView(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "profile", v)
}

func (a *Admin) saveProfile(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.profileView(r, m)
	if err != nil {
		return err
	}
	v.Name = strings.TrimSpace(r.PostFormValue("name"))
	v.Email = strings.TrimSpace(r.PostFormValue("email"))
	d := members.DetailsOf(m.User)
	d.Name, d.Email = v.Name, v.Email
	readProfile(r, &v.profileFields, &d)
	if err := a.offerPhotos(r.Context(), &v.profileFields, m.PhotoID); err != nil {
		return err
	}
	// What is wrong with the form is said before the password is asked
	// for.
	if bad, err := refused(d.Validate(), &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "profile", v)
	} else if err != nil {
		return err
	}
	// Password resets go to the email address, so whoever changes it must
	// know the password: a browser left signed in is not enough.
	if !strings.EqualFold(v.Email, m.Email) {
		problem, err := a.checkPassword(w, r, m, r.PostFormValue("confirm_password"), EmailNeedsPassword)
		if err != nil {
			return err
		}
		if problem != "" {
			v.Errors.Add("confirm_password", problem)
			return a.render(w, r, refusedStatus(w), "profile", v)
		}
	}
	_, err = a.members.Update(r.Context(), m.User, m.ID, d)
	if bad, err := refused(err, &v.Errors); bad {
		return a.render(w, r, http.StatusUnprocessableEntity, "profile", v)
	} else if err != nil {
		return err
	}
	return seeOther("/admin/profile?done=profile-saved")
}

// changePassword needs the current password, so that a browser left
// signed in cannot be used to lock its owner out; guesses are throttled
// like sign-ins. Every other session ends, this one starts afresh.
func (a *Admin) changePassword(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.profileView(r, m)
	if err != nil {
		return err
	}
	current, pw, pw2 := r.PostFormValue("current_password"), r.PostFormValue("new_password"), r.PostFormValue("new_password2")
	problem, err := a.checkPassword(w, r, m, current, CurrentPasswordMissing)
	if err != nil {
		return err
	}
	if problem != "" {
		v.Errors.Add("current_password", problem)
		return a.render(w, r, refusedStatus(w), "profile", v)
	}
	if err := auth.ValidatePassword(pw); err != nil {
		v.Errors.Add("new_password", fieldErrors(err).For("password"))
	} else if pw != pw2 {
		v.Errors.Add("new_password2", PasswordsDiffer)
	}
	if len(v.Errors) > 0 {
		return a.render(w, r, http.StatusUnprocessableEntity, "profile", v)
	}
	if err := auth.SetPassword(r.Context(), a.store, a.hasher, m.ID, pw); err != nil {
		return err
	}
	if err := a.sessions.Start(r.Context(), w, r, m.User); err != nil {
		return err
	}
	return seeOther("/admin/profile?done=password-changed")
}

// checkPassword checks the member's current password, throttled like a
// sign-in, and says what is wrong in words for the member ("" when it is
// right). A throttled attempt sets Retry-After on w.
func (a *Admin) checkPassword(w http.ResponseWriter, r *http.Request, m *member, current, missing string) (string, error) {
	if current == "" {
		return missing, nil
	}
	// The session proves an earlier sign-in: guesses here count on the
	// address and the account but are never held.
	try, err := a.throttle.Attempt(r.Context(), auth.Try{Email: m.Email, Addr: a.sessions.Proxies.ClientAddr(r), Known: true})
	if err != nil {
		return "", err
	}
	if try.Wait > 0 {
		w.Header().Set("Retry-After", auth.RetryAfter(try.Wait))
		return tooManyAttempts(try.Wait), nil
	}
	hash, err := a.store.PasswordHash(r.Context(), m.ID)
	if err != nil {
		try.Done(false)
		return "", err
	}
	ok, _, err := a.hasher.Verify(hash, current)
	if err := try.Done(ok && err == nil); err != nil {
		return "", err
	}
	if err != nil {
		return "", err
	}
	if !ok {
		return CurrentPasswordWrong, nil
	}
	return "", nil
}

// refusedStatus is 429 for a password check the throttle refused, 422
// otherwise.
func refusedStatus(w http.ResponseWriter) int {
	if w.Header().Get("Retry-After") != "" {
		return http.StatusTooManyRequests
	}
	return http.StatusUnprocessableEntity
}

func (a *Admin) endSession(w http.ResponseWriter, r *http.Request, m *member) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	sessions, err := a.store.UserSessions(r.Context(), m.ID)
	if err != nil {
		return err
	}
	for _, s := range sessions {
		if s.ID != id {
			continue
		}
		if id == m.Session.ID {
			if err := a.sessions.End(r.Context(), w, r); err != nil {
				return err
			}
			return seeOther("/admin/login?done=signed-out")
		}
		if err := a.store.DeleteSession(r.Context(), id); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		return seeOther("/admin/profile?done=session-ended")
	}
	return errNotFound()
}

// endAllSessions signs the member out on every device, this one included.
func (a *Admin) endAllSessions(w http.ResponseWriter, r *http.Request, m *member) error {
	if _, err := a.sessions.EndAll(r.Context(), m.ID); err != nil {
		return err
	}
	if err := a.sessions.End(r.Context(), w, r); err != nil {
		return err
	}
	return seeOther("/admin/login?done=signed-out-all")
}

func (a *Admin) createToken(w http.ResponseWriter, r *http.Request, m *member) error {
	v, err := a.profileView(r, m)
	if err != nil {
		return err
	}
	v.TokenName = strings.TrimSpace(r.PostFormValue("token_name"))
	token, rec, err := auth.IssueToken(r.Context(), a.store, m.ID, v.TokenName, a.now())
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		v.Errors.Add("token_name", fe.For("name"))
		return a.render(w, r, http.StatusUnprocessableEntity, "profile", v)
	}
	if err != nil {
		return err
	}
	v.NewToken, v.TokenName = token, ""
	v.Tokens = append([]content.APIToken{rec}, v.Tokens...)
	return a.render(w, r, http.StatusOK, "profile", v)
}

func (a *Admin) revokeToken(w http.ResponseWriter, r *http.Request, m *member) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := a.store.DeleteAPIToken(r.Context(), m.ID, id); err != nil {
		return err
	}
	return seeOther("/admin/profile?done=token-revoked")
}

// pathID reads a numeric id from the path; anything else is not found.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, errNotFound()
	}
	return id, nil
}

// browserName names the browser and system of a User-Agent in a few
// words, enough for a member to recognise their devices.
func browserName(ua string) string {
	if ua == "" {
		return "Unknown browser"
	}
	browser := "A browser"
	for _, b := range []struct{ token, name string }{
		{"Edg/", "Edge"}, {"OPR/", "Opera"}, {"Firefox/", "Firefox"}, {"Chrome/", "Chrome"},
		{"Safari/", "Safari"}, {"curl/", "curl"},
	} {
		if strings.Contains(ua, b.token) {
			browser = b.name
			break
		}
	}
	for _, s := range []struct{ token, name string }{
		{"Android", "Android"}, {"iPhone", "iPhone"}, {"iPad", "iPad"}, {"Windows", "Windows"},
		{"Mac OS", "macOS"}, {"CrOS", "ChromeOS"}, {"Linux", "Linux"},
	} {
		if strings.Contains(ua, s.token) {
			return browser + " on " + s.name
		}
	}
	return browser
}
