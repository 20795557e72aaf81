package content

import "time"

// Settings are the site-wide choices an admin makes; they live in the store.
type Settings struct {
	SiteName     string
	Tagline      string
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
