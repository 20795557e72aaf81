package weather

import (
	"encoding/xml"
	"io"
	"slices"
	"strings"
	"testing"
)

func TestEveryWMOCodeHasAName(t *testing.T) {
	want := map[int]string{
		0: "Clear sky", 1: "Mainly clear", 2: "Partly cloudy", 3: "Overcast",
		45: "Fog", 48: "Fog",
		51: "Drizzle", 53: "Drizzle", 55: "Drizzle",
		56: "Freezing drizzle", 57: "Freezing drizzle",
		61: "Rain", 63: "Rain", 65: "Rain",
		66: "Freezing rain", 67: "Freezing rain",
		71: "Snow", 73: "Snow", 75: "Snow",
		77: "Snow grains",
		80: "Rain showers", 81: "Rain showers", 82: "Rain showers",
		85: "Snow showers", 86: "Snow showers",
		95: "Thunderstorm",
		96: "Thunderstorm with hail", 99: "Thunderstorm with hail",
	}
	codes := Codes()
	if !slices.IsSorted(codes) || len(codes) != len(want) {
		t.Fatalf("Codes() = %v, want the %d codes in order", codes, len(want))
	}
	for _, code := range codes {
		name, ok := Condition(code)
		if !ok || name != want[code] {
			t.Errorf("Condition(%d) = %q, %v; want %q", code, name, ok, want[code])
		}
	}
}

func TestUnknownCodesAreRefused(t *testing.T) {
	for code := -10; code <= 1000; code++ {
		if slices.Contains(Codes(), code) {
			continue
		}
		if name, ok := Condition(code); ok || name != "" {
			t.Errorf("Condition(%d) = %q, %v; want it refused", code, name, ok)
		}
		if icon := Icon(code, true) + Icon(code, false); icon != "" {
			t.Errorf("Icon(%d) = %q, want none", code, icon)
		}
		if err := (Reading{TemperatureC: 20, Code: code}).Validate(); err == nil {
			t.Errorf("a reading with code %d is valid", code)
		}
	}
}

func TestEveryIconIsASmallHiddenSVG(t *testing.T) {
	for _, code := range Codes() {
		for _, day := range []bool{true, false} {
			icon := string(Icon(code, day))
			name, _ := Condition(code)
			if !strings.HasPrefix(icon, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="24" height="24" aria-hidden="true" focusable="false">`) ||
				!strings.HasSuffix(icon, "</svg>") {
				t.Errorf("%s (day %v): not an aria-hidden 24×24 svg: %s", name, day, icon)
			}
			if len(icon) > 2048 {
				t.Errorf("%s (day %v): %d bytes, want a small icon", name, day, len(icon))
			}
			checkSVG(t, name, icon)
		}
	}
}

// checkSVG parses an icon as XML and allows only drawing elements and
// presentation attributes: no script, no links, no event handlers.
func checkSVG(t *testing.T, name, icon string) {
	t.Helper()
	elements := []string{"svg", "g", "path", "circle"}
	attrs := []string{"xmlns", "viewBox", "width", "height", "aria-hidden", "focusable", "fill", "stroke", "stroke-width", "stroke-linecap", "d", "cx", "cy", "r"}
	dec := xml.NewDecoder(strings.NewReader(icon))
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			return
		}
		if err != nil {
			t.Errorf("%s: not well-formed: %v", name, err)
			return
		}
		start, ok := tok.(xml.StartElement)
		if !ok {
			continue
		}
		if !slices.Contains(elements, start.Name.Local) {
			t.Errorf("%s: element <%s>", name, start.Name.Local)
		}
		for _, a := range start.Attr {
			if !slices.Contains(attrs, a.Name.Local) {
				t.Errorf("%s: attribute %s", name, a.Name.Local)
			}
			if a.Name.Local == "fill" || a.Name.Local == "stroke" {
				if !slices.Contains([]string{"none", "currentColor", sunColour, cloudColour, stormColour, rainColour}, a.Value) {
					t.Errorf("%s: colour %s", name, a.Value)
				}
			}
		}
	}
}

func TestClearSkiesShowTheSunByDayAndTheMoonAtNight(t *testing.T) {
	for _, code := range []int{0, 1, 2} {
		name, _ := Condition(code)
		day, night := string(Icon(code, true)), string(Icon(code, false))
		if !strings.Contains(day, sunColour) {
			t.Errorf("%s by day has no sun", name)
		}
		if strings.Contains(night, sunColour) || !strings.Contains(night, `fill="currentColor"`) {
			t.Errorf("%s at night has a sun or no moon", name)
		}
	}
}

func TestOvercastSkiesLookTheSameDayAndNight(t *testing.T) {
	for _, code := range []int{3, 45, 61, 71, 95, 99} {
		if Icon(code, true) != Icon(code, false) {
			name, _ := Condition(code)
			t.Errorf("%s differs by night", name)
		}
	}
}
