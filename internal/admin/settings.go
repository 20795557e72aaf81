package admin

import (
	"context"
	"errors"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"dateline/internal/content"
	"dateline/internal/store"
)

// Messages of the settings form.
const (
	SiteNameMissing  = "Please enter the name of the site."
	SiteNameTooLong  = "The name is too long (at most 100 characters)."
	TaglineTooLong   = "The tagline is too long (at most 200 characters)."
	BaseURLInvalid   = "Please enter the site's full address, such as https://news.example.com."
	LanguageInvalid  = "Please enter a language code such as en, th or pt-BR."
	TimeZoneInvalid  = "Unknown time zone. Use a name from the tz database, such as Asia/Bangkok or Europe/London."
	LatitudeInvalid  = "The latitude must be a number from -90 to 90."
	LongitudeInvalid = "The longitude must be a number from -180 to 180."
	UnitsInvalid     = "Please choose Celsius or Fahrenheit."
	PerPageInvalid   = "Please enter a whole number from 1 to 100."
	UploadMBInvalid  = "Please enter a whole number of megabytes from 1 to 100."
	LogoUnknown      = "Please choose a picture from the list."
	LabelTooLong     = "The label is too long (at most 60 characters)."
	TextTooLong      = "This text is too long (at most 2000 characters)."
)

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

var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// apply checks the form and writes it over s; errs says what is wrong.
func (f settingsForm) apply(s content.Settings) (content.Settings, content.FieldErrors) {
	var errs content.FieldErrors
	switch n := utf8.RuneCountInString(f.SiteName); {
	case n == 0:
		errs.Add("site_name", SiteNameMissing)
	case n > 100:
		errs.Add("site_name", SiteNameTooLong)
	}
	if utf8.RuneCountInString(f.Tagline) > 200 {
		errs.Add("tagline", TaglineTooLong)
	}
	base := strings.TrimSuffix(f.BaseURL, "/")
	if base != "" {
		u, err := url.Parse(base)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil ||
			u.RawQuery != "" || u.Fragment != "" || strings.ContainsAny(base, " \t") {
			errs.Add("base_url", BaseURLInvalid)
		}
	}
	if !languageTag.MatchString(f.Language) {
		errs.Add("language", LanguageInvalid)
	}
	if f.TimeZone == "" || f.TimeZone == "Local" {
		errs.Add("time_zone", TimeZoneInvalid)
	} else if _, err := time.LoadLocation(f.TimeZone); err != nil {
		errs.Add("time_zone", TimeZoneInvalid)
	}
	if utf8.RuneCountInString(f.WeatherLabel) > 60 {
		errs.Add("weather_label", LabelTooLong)
	}
	lat, ok := parseDegrees(f.Latitude, 90)
	if !ok {
		errs.Add("latitude", LatitudeInvalid)
	}
	lon, ok := parseDegrees(f.Longitude, 180)
	if !ok {
		errs.Add("longitude", LongitudeInvalid)
	}
	if f.Units != "celsius" && f.Units != "fahrenheit" {
		errs.Add("units", UnitsInvalid)
	}
	perPage, err := strconv.Atoi(f.PerPage)
	if err != nil || perPage < 1 || perPage > 100 {
		errs.Add("per_page", PerPageInvalid)
	}
	uploadMB, err := strconv.Atoi(f.MaxUploadMB)
	if err != nil || uploadMB < 1 || uploadMB > 100 {
		errs.Add("max_upload_mb", UploadMBInvalid)
	}
	if utf8.RuneCountInString(f.Copyright) > 2000 {
		errs.Add("copyright", TextTooLong)
	}
	if utf8.RuneCountInString(f.About) > 2000 {
		errs.Add("about", TextTooLong)
	}
	if len(errs) > 0 {
		return s, errs
	}
	s.SiteName, s.Tagline, s.BaseURL, s.Language, s.TimeZone = f.SiteName, f.Tagline, base, f.Language, f.TimeZone
	s.WeatherLabel, s.Latitude, s.Longitude, s.Units = f.WeatherLabel, lat, lon, f.Units
	s.PerPage, s.FeedFullText, s.Copyright, s.About = perPage, f.FeedFullText, f.Copyright, f.About
	s.MaxUploadMB = uploadMB
	return s, nil
}

// parseDegrees reads a coordinate within ±limit; a comma is accepted as
// the decimal mark.
func parseDegrees(s string, limit float64) (float64, bool) {
	v, err := strconv.ParseFloat(strings.Replace(s, ",", ".", 1), 64)
	if err != nil || math.IsNaN(v) || math.IsInf(v, 0) || v < -limit || v > limit {
		return 0, false
	}
	return v, true
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

// saveSettings stores valid settings and hands them to the running
// program; a refused form changes nothing.
func (a *Admin) saveSettings(w http.ResponseWriter, r *http.Request, m *member) error {
	v := settingsView{layout: a.layout(r, m, "Settings"), Form: readSettingsForm(r), CanWeather: a.checkWeather != nil}
	set, errs := v.Form.apply(m.Settings)
	ok, err := a.chooseLogo(r.Context(), v.Form.Logo, &set)
	if err != nil {
		return err
	}
	if !ok {
		errs.Add("logo", LogoUnknown)
	}
	if len(errs) > 0 {
		v.Errors = errs
		return a.renderSettings(w, r, http.StatusUnprocessableEntity, v)
	}
	if err := a.store.SaveSettings(r.Context(), set); err != nil {
		return err
	}
	a.log.Info("settings saved", slog.Int64("by", m.ID))
	if a.onSettings != nil {
		a.onSettings(set)
	}
	return seeOther("/admin/settings?done=settings-saved")
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
