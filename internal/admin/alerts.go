package admin

import (
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dateline/internal/alerts"
	"dateline/internal/content"
)

// The alerts desk, /admin/alerts: the alerts up now, each with a button
// to take it down, and the form to put one up, for a while chosen from a
// list (a phone's date picker is slow at breaking-news speed). An
// article's editor page marks it as breaking through the same form.

// alertDurations are the choices of how long an alert stays up, in
// minutes.
var alertDurations = []struct {
	Minutes int
	Label   string
}{{30, "30 minutes"}, {60, "1 hour"}, {120, "2 hours"}, {360, "6 hours"}, {720, "12 hours"}, {1440, "1 day"}, {4320, "3 days"}}

type alertsView struct {
	layout
	Alerts    []alertRow
	Durations []struct {
		Minutes int
		Label   string
	}
	Form alertForm
}

// alertRow is an active alert with where it leads.
type alertRow struct {
	content.Alert
	Link string
}

// alertForm is the form as typed.
type alertForm struct {
	Text, URL, Article string
	Minutes            int
}

func readAlertForm(r *http.Request) alertForm {
	f := alertForm{Text: r.PostFormValue("text"), URL: strings.TrimSpace(r.PostFormValue("url")),
		Article: strings.TrimSpace(r.PostFormValue("article"))}
	f.Minutes, _ = strconv.Atoi(r.PostFormValue("minutes"))
	return f
}

func (a *Admin) alertsView(r *http.Request, m *member) (alertsView, error) {
	v := alertsView{layout: a.layout(r, m, "Breaking-news alerts"), Durations: alertDurations, Form: alertForm{Minutes: 60}}
	if a.alerts == nil {
		return v, nil
	}
	list, err := a.alerts.Active(r.Context(), 0)
	if err != nil {
		return v, err
	}
	for _, l := range list {
		row := alertRow{Alert: l, Link: l.URL}
		if l.Article.ID != 0 {
			row.Link = l.Article.Path(m.Zone)
		}
		v.Alerts = append(v.Alerts, row)
	}
	return v, nil
}

func (a *Admin) alertDesk(w http.ResponseWriter, r *http.Request, m *member) error {
	if a.alerts == nil {
		return a.render(w, r, http.StatusOK, "notyet", notYetView{layout: a.layout(r, m, "Alerts"), Name: "Alerts"})
	}
	v, err := a.alertsView(r, m)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "alerts", v)
}

// postAlert puts an alert up, from the desk or from an article's page.
func (a *Admin) postAlert(w http.ResponseWriter, r *http.Request, m *member) error {
	if a.alerts == nil {
		return errNotFound()
	}
	v, err := a.alertsView(r, m)
	if err != nil {
		return err
	}
	v.Form = readAlertForm(r)
	in := alerts.Input{Text: v.Form.Text, URL: v.Form.URL}
	if v.Form.Article != "" {
		if in.ArticleID, err = strconv.ParseInt(v.Form.Article, 10, 64); err != nil || in.ArticleID < 1 {
			v.Errors.Add("article", "There is no such article.")
		}
	}
	if v.Form.Minutes > 0 {
		in.ExpiresAt = a.now().Add(time.Duration(v.Form.Minutes) * time.Minute)
	}
	if len(v.Errors) == 0 {
		_, err = a.alerts.Post(r.Context(), m.User, in)
		var no *alerts.Forbidden
		if errors.As(err, &no) {
			return errForbidden(no.Message)
		}
		if bad, err := refused(err, &v.Errors); err != nil {
			return err
		} else if !bad {
			return seeOther("/admin/alerts?done=alert-posted")
		}
	}
	return a.render(w, r, http.StatusUnprocessableEntity, "alerts", v)
}

func (a *Admin) removeAlert(w http.ResponseWriter, r *http.Request, m *member) error {
	if a.alerts == nil {
		return errNotFound()
	}
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	err = a.alerts.Remove(r.Context(), m.User, id)
	var no *alerts.Forbidden
	if errors.As(err, &no) {
		return errForbidden(no.Message)
	}
	if err != nil {
		return err
	}
	return seeOther("/admin/alerts?done=alert-removed")
}
