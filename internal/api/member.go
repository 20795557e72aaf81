package api

import (
	"errors"
	"net/http"

	"dateline/internal/auth"
	"dateline/internal/content"
)

// member returns the newsroom member whose API token the request carries,
// and false when it carries none. A token that is malformed, unknown or
// revoked is refused rather than ignored, so a client never mistakes the
// public answer for its own. The API never looks at cookies.
func (a *API) member(r *http.Request) (content.User, bool, error) {
	if r.Header.Get("Authorization") == "" {
		return content.User{}, false, nil
	}
	token := auth.BearerToken(r)
	if token == "" {
		return content.User{}, false, needToken
	}
	u, _, err := auth.TokenUser(r.Context(), a.store, token, a.now())
	if errors.Is(err, auth.ErrBadToken) {
		return content.User{}, false, badToken
	}
	if err != nil {
		return content.User{}, false, err
	}
	return u, true, nil
}

// memberFunc is a handler for token holders only.
type memberFunc func(w http.ResponseWriter, r *http.Request, who content.User) error

// signedIn lets only requests with a good token through to h. What such a
// request gets back is for that member alone, so no cache may keep it.
func (a *API) signedIn(h memberFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		w.Header().Set("Cache-Control", "no-store")
		who, ok, err := a.member(r)
		if err != nil {
			return err
		}
		if !ok {
			return needToken
		}
		return h(w, r, who)
	}
}

// anyone serves h to everyone, but refuses a request whose token is bad
// as every other route does: a client learns at once that its token no
// longer works.
func (a *API) anyone(h handlerFunc) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		if _, _, err := a.member(r); err != nil {
			return err
		}
		return h(w, r)
	}
}
