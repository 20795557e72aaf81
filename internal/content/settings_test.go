package content

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestDefaultSettingsAreValid(t *testing.T) {
	if err := DefaultSettings().Validate(); err != nil {
		t.Errorf("the defaults are refused: %v", err)
	}
}

func TestSettingsValidate(t *testing.T) {
	cases := []struct {
		name   string
		change func(*Settings)
		field  string
		msg    string
	}{
		{"no site name is refused", func(s *Settings) { s.SiteName = "" }, "site_name", SiteNameMissing},
		{"a site name of spaces is refused", func(s *Settings) { s.SiteName = "   " }, "site_name", SiteNameMissing},
		{"a site name of 101 characters is refused", func(s *Settings) { s.SiteName = strings.Repeat("ก", 101) }, "site_name", SiteNameTooLong},
		{"a tagline of 201 characters is refused", func(s *Settings) { s.Tagline = strings.Repeat("x", 201) }, "tagline", TaglineTooLong},
		{"a base URL without a scheme is refused", func(s *Settings) { s.BaseURL = "news.example" }, "base_url", BaseURLInvalid},
		{"a base URL on another scheme is refused", func(s *Settings) { s.BaseURL = "javascript:alert(1)" }, "base_url", BaseURLInvalid},
		{"a base URL with a user is refused", func(s *Settings) { s.BaseURL = "https://me@news.example" }, "base_url", BaseURLInvalid},
		{"a base URL with a query is refused", func(s *Settings) { s.BaseURL = "https://news.example/?a=1" }, "base_url", BaseURLInvalid},
		{"a base URL with a fragment is refused", func(s *Settings) { s.BaseURL = "https://news.example/#top" }, "base_url", BaseURLInvalid},
		{"a language that is a sentence is refused", func(s *Settings) { s.Language = "English please" }, "language", LanguageInvalid},
		{"no time zone is refused", func(s *Settings) { s.TimeZone = "" }, "time_zone", TimeZoneInvalid},
		{"the server's local zone is refused", func(s *Settings) { s.TimeZone = "Local" }, "time_zone", TimeZoneInvalid},
		{"an unknown time zone is refused", func(s *Settings) { s.TimeZone = "Mars/Olympus_Mons" }, "time_zone", TimeZoneInvalid},
		{"a weather label of 61 characters is refused", func(s *Settings) { s.WeatherLabel = strings.Repeat("x", 61) }, "weather_label", LabelTooLong},
		{"a latitude of 90.5 is refused", func(s *Settings) { s.Latitude = 90.5 }, "latitude", LatitudeInvalid},
		{"a latitude of NaN is refused", func(s *Settings) { s.Latitude = math.NaN() }, "latitude", LatitudeInvalid},
		{"a longitude of -181 is refused", func(s *Settings) { s.Longitude = -181 }, "longitude", LongitudeInvalid},
		{"an infinite longitude is refused", func(s *Settings) { s.Longitude = math.Inf(1) }, "longitude", LongitudeInvalid},
		{"units of kelvin are refused", func(s *Settings) { s.Units = "kelvin" }, "units", UnitsInvalid},
		{"no articles per page are refused", func(s *Settings) { s.PerPage = 0 }, "per_page", PerPageInvalid},
		{"101 articles per page are refused", func(s *Settings) { s.PerPage = 101 }, "per_page", PerPageInvalid},
		{"an unreadable upload size is refused", func(s *Settings) { s.MaxUploadMB = -1 }, "max_upload_mb", UploadMBInvalid},
		{"a 101 MB upload size is refused", func(s *Settings) { s.MaxUploadMB = 101 }, "max_upload_mb", UploadMBInvalid},
		{"a copyright of 2001 characters is refused", func(s *Settings) { s.Copyright = strings.Repeat("x", 2001) }, "copyright", TextTooLong},
		{"an about text of 2001 characters is refused", func(s *Settings) { s.About = strings.Repeat("x", 2001) }, "about", TextTooLong},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := DefaultSettings()
			tc.change(&s)
			var errs FieldErrors
			if !errors.As(s.Validate(), &errs) {
				t.Fatalf("Validate() = %v, want field errors", s.Validate())
			}
			if len(errs) != 1 || errs.For(tc.field) != tc.msg {
				t.Errorf("errors %v, want only %s: %q", errs, tc.field, tc.msg)
			}
		})
	}
}

func TestSettingsValidateAcceptsTheLimits(t *testing.T) {
	s := DefaultSettings()
	s.SiteName, s.Tagline = strings.Repeat("ก", 100), strings.Repeat("x", 200)
	s.BaseURL, s.Language, s.TimeZone = "https://news.example/thai/", "pt-BR", "Asia/Bangkok"
	s.Latitude, s.Longitude, s.Units = -90, 180, "fahrenheit"
	s.PerPage, s.MaxUploadMB, s.WeatherLabel = 100, 1, strings.Repeat("x", 60)
	s.Copyright, s.About = strings.Repeat("x", 2000), strings.Repeat("x", 2000)
	if err := s.Validate(); err != nil {
		t.Errorf("settings at the limits are refused: %v", err)
	}
}

func TestSettingsValidateReportsEveryProblemInFormOrder(t *testing.T) {
	s := Settings{Latitude: math.NaN()}
	var errs FieldErrors
	if !errors.As(s.Validate(), &errs) {
		t.Fatal("empty settings were accepted")
	}
	var fields []string
	for _, e := range errs {
		fields = append(fields, e.Field)
	}
	if got := strings.Join(fields, " "); got != "site_name language time_zone latitude units per_page max_upload_mb" {
		t.Errorf("fields %q", got)
	}
}

func TestPublicURLPrefersTheSettingToTheFlag(t *testing.T) {
	cases := []struct {
		name, setting, flag, want string
	}{
		{"the setting wins over the flag", "https://news.example", "http://127.0.0.1:8080", "https://news.example"},
		{"the setting loses its trailing slash", "https://news.example/", "http://127.0.0.1:8080", "https://news.example"},
		{"a setting with a path keeps it", "https://example.org/news/", "http://127.0.0.1:8080", "https://example.org/news"},
		{"without a setting the flag is used", "", "https://flag.example/", "https://flag.example"},
		{"a setting of spaces counts as none", "  ", "https://flag.example", "https://flag.example"},
		{"without either there is no address", "", "", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := (Settings{BaseURL: tc.setting}).PublicURL(tc.flag); got != tc.want {
				t.Errorf("PublicURL(%q) with setting %q = %q, want %q", tc.flag, tc.setting, got, tc.want)
			}
		})
	}
}
