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
}

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
