package admin

import (
	"context"
	"errors"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dateline/internal/content"
	"dateline/internal/settings"
	"dateline/internal/store"
)

// LogoUnknown refuses a logo that is not among the form's choices, the
// pictures of the media library.
const LogoUnknown = "Please choose a picture from the list."

// settingsForm is the settings as typed, kept as text so that a refused
// form shows exactly what was entered.
type settingsForm struct {
	SiteName, Tagline, BaseURL, Language, TimeZone string
	WeatherLabel, Latitude, Longitude, Units       string
	PerPage                                        string
	FeedFullText                                   bool
	Logo, MaxUploadMB                              string
	Copyright, About                               string
}

type settingsView struct {
	layout
	Form       settingsForm
	CanWeather bool
	// Pictures are the choices for the logo.
	Pictures []content.Image
	// Weather is the reading from "Check weather now"; WeatherError the
	// provider's error, word for word.
	Weather, WeatherError string
}

func formFromSettings(s content.Settings) settingsForm {
	return settingsForm{
		SiteName: s.SiteName, Tagline: s.Tagline, BaseURL: s.BaseURL, Language: s.Language, TimeZone: s.TimeZone,
		WeatherLabel: s.WeatherLabel,
		Latitude:     strconv.FormatFloat(s.Latitude, 'f', -1, 64),
		Longitude:    strconv.FormatFloat(s.Longitude, 'f', -1, 64),
		Units:        s.Units, PerPage: strconv.Itoa(s.PerPage), FeedFullText: s.FeedFullText,
		Copyright: s.Copyright, About: s.About, MaxUploadMB: strconv.Itoa(s.MaxUploadMB),
		Logo: logoID(s.Logo),
	}
}

func logoID(l *content.Logo) string {
	if l == nil {
		return ""
	}
	return strconv.FormatInt(l.ImageID, 10)
}

func readSettingsForm(r *http.Request) settingsForm {
	f := func(name string) string { return strings.TrimSpace(r.PostFormValue(name)) }
	return settingsForm{
		SiteName: f("site_name"), Tagline: f("tagline"), BaseURL: f("base_url"), Language: f("language"),
		TimeZone: f("time_zone"), WeatherLabel: f("weather_label"), Latitude: f("latitude"),
		Longitude: f("longitude"), Units: f("units"), PerPage: f("per_page"),
		FeedFullText: r.PostFormValue("feed_full_text") != "",
		Copyright:    f("copyright"), About: f("about"),
		Logo: f("logo"), MaxUploadMB: f("max_upload_mb"),
	}
}

// apply writes the form over s, for content.Settings.Validate to check: a
// number that cannot be read becomes one that Validate refuses (NaN, -1),
// so every problem is worded in one place. The logo is chosen separately
// (chooseLogo), since the choice must be looked up.
func (f settingsForm) apply(s content.Settings) content.Settings {
	s.SiteName, s.Tagline, s.Language, s.TimeZone = f.SiteName, f.Tagline, f.Language, f.TimeZone
	s.BaseURL = strings.TrimSuffix(f.BaseURL, "/")
	s.WeatherLabel, s.Units = f.WeatherLabel, f.Units
	s.Latitude, s.Longitude = degrees(f.Latitude), degrees(f.Longitude)
	s.PerPage, s.MaxUploadMB = number(f.PerPage), number(f.MaxUploadMB)
	s.FeedFullText, s.Copyright, s.About = f.FeedFullText, f.Copyright, f.About
	return s
}

// degrees reads a coordinate, accepting a comma as the decimal mark;
// anything else is NaN.
func degrees(s string) float64 {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil {
		return math.NaN()
	}
	return v
}

func (a *Admin) settings(w http.ResponseWriter, r *http.Request, m *member) error {
	v := settingsView{layout: a.layout(r, m, "Settings"), Form: formFromSettings(m.Settings), CanWeather: a.checkWeather != nil}
	return a.renderSettings(w, r, http.StatusOK, v)
}

func (a *Admin) renderSettings(w http.ResponseWriter, r *http.Request, status int, v settingsView) error {
	var err error
	if v.Pictures, err = a.pictureChoices(r.Context(), v.Form.Logo); err != nil {
		return err
	}
	return a.render(w, r, status, "settings", v)
}

// chooseLogo records the library picture chosen as the logo in the
// settings, sized for the page header.
func (a *Admin) chooseLogo(ctx context.Context, choice string, set *content.Settings) (ok bool, err error) {
	if choice == "" {
		set.Logo = nil
		return true, nil
	}
	id, err := strconv.ParseInt(choice, 10, 64)
	if err != nil || id <= 0 {
		return false, nil
	}
	im, err := a.store.ImageByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	// Twice the shown size, for sharp screens.
	shown := max(1, content.LogoHeight*im.Width/max(im.Height, 1))
	set.Logo = &content.Logo{ImageID: im.ID, URL: im.VariantURL(2 * shown), Width: shown, Height: content.LogoHeight}
	return true, nil
}

// saveSettings saves valid settings through the settings service, which
// announces them to the parts of the program that apply them; a refused
// form changes nothing and comes back as typed.
func (a *Admin) saveSettings(w http.ResponseWriter, r *http.Request, m *member) error {
	v := settingsView{layout: a.layout(r, m, "Settings"), Form: readSettingsForm(r), CanWeather: a.checkWeather != nil}
	set := v.Form.apply(m.Settings)
	ok, err := a.chooseLogo(r.Context(), v.Form.Logo, &set)
	if err != nil {
		return err
	}
	if !ok {
		// Every problem shows at once: the rest of the form as the service
		// would find it, and the logo, which only the form can look up.
		errors.As(set.Validate(), &v.Errors)
		v.Errors.Add("logo", LogoUnknown)
		return a.renderSettings(w, r, http.StatusUnprocessableEntity, v)
	}
	if v.Errors, err = settingsRefusal(a.settingsSvc.Save(r.Context(), m.User, set)); err != nil {
		return err
	}
	if len(v.Errors) > 0 {
		return a.renderSettings(w, r, http.StatusUnprocessableEntity, v)
	}
	return seeOther("/admin/settings?done=settings-saved")
}

// settingsRefusal sorts what the settings service answered: problems with the
// form, to show with it again, or an error for the error page (a role
// that may not change settings is the 403 page).
func settingsRefusal(err error) (content.FieldErrors, error) {
	var errs content.FieldErrors
	switch {
	case errors.As(err, &errs):
		return errs, nil
	case errors.Is(err, settings.ErrForbidden):
		return nil, errForbidden("")
	}
	return nil, err
}

// weatherTimeout bounds the "Check weather now" button.
const weatherTimeout = 15 * time.Second

func (a *Admin) weatherCheck(w http.ResponseWriter, r *http.Request, m *member) error {
	v := settingsView{layout: a.layout(r, m, "Settings"), Form: formFromSettings(m.Settings), CanWeather: a.checkWeather != nil}
	if a.checkWeather == nil {
		v.WeatherError = "The weather service is not connected."
		return a.renderSettings(w, r, http.StatusOK, v)
	}
	ctx, cancel := context.WithTimeout(r.Context(), weatherTimeout)
	defer cancel()
	reading, err := a.checkWeather(ctx)
	if err != nil {
		// The administrator needs the exact words to fix the setting.
		v.WeatherError = err.Error()
	} else {
		v.Weather = reading
	}
	return a.renderSettings(w, r, http.StatusOK, v)
}
