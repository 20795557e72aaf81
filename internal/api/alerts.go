package api

import (
	"errors"
	"fmt"
	"net/http"

	"dateline/internal/alerts"
	"dateline/internal/content"
)

// Alert is a breaking-news alert as the API shows it.
type Alert struct {
	ID   int64  `json:"id"`
	Text string `json:"text"`
	// URL is where the alert leads: its link, or its article's address;
	// null for an alert without one.
	URL       *string `json:"url"`
	Article   *int64  `json:"article"`
	CreatedAt *string `json:"created_at"`
	ExpiresAt *string `json:"expires_at"`
}

func alertOf(l content.Alert, at siteURLs) Alert {
	out := Alert{ID: l.ID, Text: l.Text, CreatedAt: stamp(l.CreatedAt), ExpiresAt: stamp(l.ExpiresAt)}
	link := l.URL
	if l.Article.ID != 0 {
		id := l.Article.ID
		out.Article, link = &id, l.Article.Path(at.zone)
	}
	if len(link) > 0 && link[0] == '/' {
		link = at.abs(link)
	}
	if link != "" {
		out.URL = &link
	}
	return out
}

// alertInput is the body of POST /api/v1/alerts.
type alertInput struct {
	Text      *string `json:"text"`
	URL       *string `json:"url"`
	Article   *int64  `json:"article"`
	ExpiresAt *string `json:"expires_at"`
}

// listAlerts answers GET /api/v1/alerts: the alerts up now, newest first,
// as every page shows them (at most content.AlertsShown of them are on a
// page; the API lists them all).
func (a *API) listAlerts(w http.ResponseWriter, r *http.Request) error {
	if a.alerts == nil {
		return unavailable("Alerts")
	}
	list, err := a.alerts.Active(r.Context(), 0)
	if err != nil {
		return err
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	out := page[Alert]{Items: []Alert{}}
	for _, l := range list {
		out.Items = append(out.Items, alertOf(l, at))
	}
	// Briefly, so that an alert taken down leaves shared caches soon.
	w.Header().Set("Cache-Control", "public, max-age=5")
	w.Header().Set("Vary", "Authorization")
	return writeJSON(w, http.StatusOK, out)
}

// postAlert answers POST /api/v1/alerts, for editors and admins.
func (a *API) postAlert(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.alerts == nil {
		return unavailable("Alerts")
	}
	var in alertInput
	if _, err := readJSON(w, r, &in); err != nil {
		return err
	}
	put := alerts.Input{Text: deref(in.Text), URL: deref(in.URL), ArticleID: deref(in.Article)}
	if in.Article != nil && *in.Article < 1 {
		return badField("article", "article must be the id of a published article.")
	}
	if in.ExpiresAt != nil {
		t, err := timeField("expires_at", *in.ExpiresAt)
		if err != nil {
			return err
		}
		put.ExpiresAt = t
	}
	l, err := a.alerts.Post(r.Context(), who, put)
	if err != nil {
		return alertRefusal(err)
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	w.Header().Set("Location", a.absolute(r, fmt.Sprintf("/api/v1/alerts/%d", l.ID)))
	return writeJSON(w, http.StatusCreated, alertOf(l, at))
}

var noAlert = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "There is no alert with that id."}

// deleteAlert answers DELETE /api/v1/alerts/{id}, for editors and admins.
func (a *API) deleteAlert(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.alerts == nil {
		return unavailable("Alerts")
	}
	id, err := pathID(r, "id", noAlert)
	if err != nil {
		return err
	}
	if err := a.alerts.Remove(r.Context(), who, id); err != nil {
		return notFoundAs(alertRefusal(err), noAlert)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// alertRefusal is the answer to a refusal of the alerts service.
func alertRefusal(err error) error {
	var no *alerts.Forbidden
	if errors.As(err, &no) {
		return forbidden(no.Message)
	}
	return err
}
