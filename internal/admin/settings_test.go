package admin_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"dateline/internal/admin"
	"dateline/internal/changes"
	"dateline/internal/content"
)

func settingsForm() url.Values {
	return url.Values{
		"site_name": {"Bangkok Daily"}, "tagline": {"News from the river"}, "base_url": {"https://daily.example/"},
		"language": {"en-GB"}, "time_zone": {"Asia/Bangkok"}, "weather_label": {"Bangkok"},
		"latitude": {"13.75"}, "longitude": {"100.5"}, "units": {"fahrenheit"}, "per_page": {"15"}, "max_upload_mb": {"8"},
		"copyright": {"© Bangkok Daily"}, "about": {"An independent newsroom."},
	}
}

func TestSettingsAreSavedAndApplied(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleAdmin)
	doc := page(t, b.get("/admin/settings"))
	if value(doc, "site_name") != "The Test Dateline" || value(doc, "time_zone") != "Asia/Bangkok" || value(doc, "units") != "celsius" {
		t.Errorf("form = %q, %q, %q", value(doc, "site_name"), value(doc, "time_zone"), value(doc, "units"))
	}
	n.seen.Take() // what setting up the newsroom announced
	wantRedirect(t, b.post("/admin/settings", settingsForm()), "/admin/settings?done=settings-saved")
	got, err := n.st.Settings(context.Background())
	must(t, err)
	want := content.Settings{
		SiteName: "Bangkok Daily", Tagline: "News from the river", BaseURL: "https://daily.example", Language: "en-GB",
		TimeZone: "Asia/Bangkok", WeatherLabel: "Bangkok", Latitude: 13.75, Longitude: 100.5, Units: "fahrenheit",
		PerPage: 15, FeedFullText: false, Copyright: "© Bangkok Daily", About: "An independent newsroom.",
		MaxUploadMB: 8,
	}
	if got != want {
		t.Errorf("stored %+v\nwant    %+v", got, want)
	}
	if len(n.applied) != 1 || n.applied[0] != want {
		t.Errorf("the settings service's subscribers got %+v", n.applied)
	}
	if got := n.seen.Take(); len(got) != 1 || got[0].Kind != changes.KindSettings || got[0].Action != "site" ||
		strings.Join(got[0].Tags, " ") != changes.Settings {
		t.Errorf("saving the settings announced %+v, want one settings event for every page", got)
	}
	doc = page(t, b.get("/admin/settings?done=settings-saved"))
	if text(first(doc, ".notice")) != "The settings are saved and in use." || text(first(doc, ".site-name")) != "Bangkok Daily newsroom" {
		t.Errorf("after saving: %q, %q", text(first(doc, ".notice")), text(first(doc, ".site-name")))
	}
}

func TestRefusedSettingsChangeNothing(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, field, input, msg string
	}{
		{"an unknown time zone", "time_zone", "Mars/Olympus_Mons", content.TimeZoneInvalid},
		{"the local zone of the server", "time_zone", "Local", content.TimeZoneInvalid},
		{"a latitude of 200", "latitude", "200", content.LatitudeInvalid},
		{"a latitude that is not a number", "latitude", "north", content.LatitudeInvalid},
		{"a longitude of -181", "longitude", "-181", content.LongitudeInvalid},
		{"a longitude of NaN", "longitude", "NaN", content.LongitudeInvalid},
		{"no site name", "site_name", "", content.SiteNameMissing},
		{"a base URL without a scheme", "base_url", "news.example", content.BaseURLInvalid},
		{"a base URL on another scheme", "base_url", "javascript:alert(1)", content.BaseURLInvalid},
		{"a language that is a sentence", "language", "English please", content.LanguageInvalid},
		{"unknown units", "units", "kelvin", content.UnitsInvalid},
		{"no articles per page", "per_page", "0", content.PerPageInvalid},
		{"a thousand articles per page", "per_page", "1000", content.PerPageInvalid},
		{"no upload size", "max_upload_mb", "", content.UploadMBInvalid},
		{"a gigabyte upload", "max_upload_mb", "1000", content.UploadMBInvalid},
		{"a logo that is not in the library", "logo", "999", admin.LogoUnknown},
		{"a logo that is not a number", "logo", "logo.png", admin.LogoUnknown},
	}
	n := newNewsroom(t)
	b := n.signIn(content.RoleAdmin)
	n.seen.Take() // what setting up the newsroom announced
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			before, err := n.st.Settings(context.Background())
			must(t, err)
			form := settingsForm()
			form.Set(tc.field, tc.input)
			w := b.post("/admin/settings", form)
			wantStatus(t, w, http.StatusUnprocessableEntity)
			doc := page(t, w)
			if got := fieldError(doc, tc.field); got != tc.msg {
				t.Errorf("message = %q, want %q", got, tc.msg)
			}
			if f := first(doc, "#"+tc.field); attr(f, "aria-invalid") != "true" || !strings.HasSuffix(attr(f, "aria-describedby"), "err-"+tc.field) {
				t.Errorf("the field is not tied to its message: %v", f.Attr)
			}
			if got := text(first(doc, "#error-summary a[href=#"+tc.field+"]")); got != tc.msg {
				t.Errorf("summary entry = %q", got)
			}
			for _, f := range []string{tc.field, "site_name", "tagline", "latitude"} {
				if f == "units" || f == "logo" {
					continue // a list keeps only its own choices
				}
				if got := value(doc, f); got != form.Get(f) {
					t.Errorf("field %s = %q, want what was typed, %q", f, got, form.Get(f))
				}
			}
			after, err := n.st.Settings(context.Background())
			must(t, err)
			if after != before || len(n.applied) != 0 {
				t.Errorf("a refused form changed the settings: %+v", after)
			}
			if got := n.seen.Take(); len(got) != 0 {
				t.Errorf("a refused form announced %+v", got)
			}
		})
	}
}

func TestCheckWeatherNow(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleAdmin)
	w := b.post("/admin/settings/weather", nil)
	wantStatus(t, w, http.StatusOK)
	if got := text(first(page(t, w), "#weather-result")); got != "29.5 °C, partly cloudy" {
		t.Errorf("reading = %q", got)
	}
	n.weather = func() (string, error) {
		return "", errors.New(`open-meteo: HTTP 400: "Latitude must be in range of -90 to 90°. Given: 200.0."`)
	}
	doc := page(t, b.post("/admin/settings/weather", nil))
	if got := text(first(doc, "#weather-error")); got != `open-meteo: HTTP 400: "Latitude must be in range of -90 to 90°. Given: 200.0."` {
		t.Errorf("error = %q, want the provider's words", got)
	}
}

func TestLogoReplacesTheNameInTheHeader(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	ctx := context.Background()
	im := content.Image{Name: "2025/07/masthead", Ext: ".png", Width: 1200, Height: 240, Alt: "Bangkok Daily masthead", Variants: []int{320, 640}}
	must(t, n.st.CreateImage(ctx, &im))
	b := n.signIn(content.RoleAdmin)
	form := settingsForm()
	form.Set("logo", fmt.Sprint(im.ID))
	wantRedirect(t, b.post("/admin/settings", form), "/admin/settings?done=settings-saved")
	set, err := n.st.Settings(ctx)
	must(t, err)
	want := content.Logo{ImageID: im.ID, URL: "/media/2025/07/masthead-640.png", Width: 240, Height: 48}
	if set.Logo == nil || *set.Logo != want {
		t.Fatalf("stored logo %+v, want %+v", set.Logo, want)
	}
	if got := value(page(t, b.get("/admin/settings")), "logo"); got != fmt.Sprint(im.ID) {
		t.Errorf("the settings page shows logo %q", got)
	}
	img := first(page(t, n.browser().get("/")), "header a.logo img")
	if img == nil || attr(img, "src") != want.URL || attr(img, "alt") != "Bangkok Daily" || attr(img, "height") != "48" {
		t.Fatalf("the header does not show the logo")
	}
	form.Set("logo", "")
	wantRedirect(t, b.post("/admin/settings", form), "/admin/settings?done=settings-saved")
	if first(page(t, n.browser().get("/")), "header a.logo img") != nil {
		t.Error("the logo is still shown after choosing none")
	}
}
