package content

import (
	"math"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"
)

// Settings are the site-wide choices an admin makes; they live in the store.
type Settings struct {
	SiteName string
	Tagline  string
	// BaseURL is the public address an administrator set, such as
	// "https://news.example"; empty leaves it to the server's --base-url.
	// Absolute URLs come from PublicURL, never from this field alone.
	BaseURL      string
	Language     string
	TimeZone     string
	Copyright    string
	About        string
	PerPage      int
	WeatherLabel string
	Latitude     float64
	Longitude    float64
	Units        string // "celsius" or "fahrenheit"
	// FeedFullText puts whole articles in feeds; false gives excerpts.
	FeedFullText bool
	// Logo replaces the site's name in type at the top of every page; nil
	// keeps the name.
	Logo *Logo `json:",omitempty"`
	// MaxUploadMB is the largest picture the newsroom accepts, in MB.
	MaxUploadMB int
}

// Logo is a picture of the media library chosen as the site's logo, kept
// with what the page header needs so pages need not look it up.
type Logo struct {
	ImageID int64
	URL     string // a copy wide enough for the header on sharp screens
	Width   int    // as shown in the header, LogoHeight pixels tall
	Height  int
}

// LogoHeight is how tall the logo is shown in the page header.
const LogoHeight = 48

// DefaultSettings are what a new site starts with.
func DefaultSettings() Settings {
	return Settings{
		SiteName:     "Dateline",
		Tagline:      "News as it happens",
		Language:     "en",
		TimeZone:     "UTC",
		PerPage:      12,
		Units:        "celsius",
		WeatherLabel: "",
		FeedFullText: true,
		MaxUploadMB:  20,
	}
}

// Zone is the site's time zone; an unknown name falls back to UTC so a typo
// in the settings cannot take the site down.
func (s Settings) Zone() *time.Location {
	if loc, err := time.LoadLocation(s.TimeZone); err == nil {
		return loc
	}
	return time.UTC
}

// PublicURL is the site's public address without a trailing slash, the
// one base-URL rule behind every absolute URL the program prints: in
// pages, feeds, sitemaps, robots.txt, mail and API answers alike. The
// address an administrator set in the settings wins; otherwise fallback,
// the server's --base-url, which itself defaults to http://ADDR. The
// setting wins because it is the one a newsroom can change without the
// operator, and because the flag always has a value: were the flag to win,
// the setting would never be used.
func (s Settings) PublicURL(fallback string) string {
	base := strings.TrimSpace(s.BaseURL)
	if base == "" {
		base = fallback
	}
	return strings.TrimRight(base, "/")
}

// Messages of Settings.Validate, by field.
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
	LabelTooLong     = "The label is too long (at most 60 characters)."
	TextTooLong      = "This text is too long (at most 2000 characters)."
)

var languageTag = regexp.MustCompile(`^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$`)

// Validate checks settings before they are saved and says what is wrong,
// field by field (the names of the settings form), in words meant for the
// administrator. A form that could not read a number passes NaN or -1,
// which Validate refuses with that field's message.
func (s Settings) Validate() error {
	var errs FieldErrors
	switch n := utf8.RuneCountInString(s.SiteName); {
	case strings.TrimSpace(s.SiteName) == "":
		errs.Add("site_name", SiteNameMissing)
	case n > 100:
		errs.Add("site_name", SiteNameTooLong)
	}
	if utf8.RuneCountInString(s.Tagline) > 200 {
		errs.Add("tagline", TaglineTooLong)
	}
	if s.BaseURL != "" && !validBaseURL(s.BaseURL) {
		errs.Add("base_url", BaseURLInvalid)
	}
	if !languageTag.MatchString(s.Language) {
		errs.Add("language", LanguageInvalid)
	}
	// "Local" would be whatever zone the server happens to run in.
	if s.TimeZone == "" || s.TimeZone == "Local" {
		errs.Add("time_zone", TimeZoneInvalid)
	} else if _, err := time.LoadLocation(s.TimeZone); err != nil {
		errs.Add("time_zone", TimeZoneInvalid)
	}
	if utf8.RuneCountInString(s.WeatherLabel) > 60 {
		errs.Add("weather_label", LabelTooLong)
	}
	if !withinDegrees(s.Latitude, 90) {
		errs.Add("latitude", LatitudeInvalid)
	}
	if !withinDegrees(s.Longitude, 180) {
		errs.Add("longitude", LongitudeInvalid)
	}
	if s.Units != "celsius" && s.Units != "fahrenheit" {
		errs.Add("units", UnitsInvalid)
	}
	if s.PerPage < 1 || s.PerPage > 100 {
		errs.Add("per_page", PerPageInvalid)
	}
	if s.MaxUploadMB < 1 || s.MaxUploadMB > 100 {
		errs.Add("max_upload_mb", UploadMBInvalid)
	}
	if utf8.RuneCountInString(s.Copyright) > 2000 {
		errs.Add("copyright", TextTooLong)
	}
	if utf8.RuneCountInString(s.About) > 2000 {
		errs.Add("about", TextTooLong)
	}
	return errs.OrNil()
}

// validBaseURL accepts an absolute http or https address with a host and
// nothing a path could not be appended to: no user, query or fragment.
func validBaseURL(base string) bool {
	u, err := url.Parse(base)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil &&
		u.RawQuery == "" && u.Fragment == "" && !strings.ContainsAny(base, " \t")
}

func withinDegrees(v, limit float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && v >= -limit && v <= limit
}
