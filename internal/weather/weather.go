package weather

import (
	"context"
	"fmt"
	"html/template"
	"math"
	"strconv"
	"time"
)

// Physical bounds of a surface air temperature. Readings outside them are
// broken data, not weather (the records are −89.2 °C and 56.7 °C).
const (
	MinTemperatureC = -90.0
	MaxTemperatureC = 60.0
)

// Provider is a source of current weather.
type Provider interface {
	// Current returns the weather now at loc. Its error says exactly what
	// went wrong, in words an administrator can act on.
	Current(ctx context.Context, loc Location) (Reading, error)
}

// Location is a point on Earth in decimal degrees.
type Location struct {
	Latitude  float64
	Longitude float64
}

// Validate reports a latitude or longitude that is not on Earth.
func (l Location) Validate() error {
	if math.IsNaN(l.Latitude) || l.Latitude < -90 || l.Latitude > 90 {
		return fmt.Errorf("latitude %v is outside -90 to 90", l.Latitude)
	}
	if math.IsNaN(l.Longitude) || l.Longitude < -180 || l.Longitude > 180 {
		return fmt.Errorf("longitude %v is outside -180 to 180", l.Longitude)
	}
	return nil
}

// Reading is the weather at one moment.
type Reading struct {
	TemperatureC float64   // air temperature 2 m above ground, in °C
	Code         int       // WMO weather interpretation code (see [Condition])
	IsDay        bool      // whether the sun is up, for the icon
	At           time.Time // when the provider says it was observed, in UTC
}

// Validate reports a reading that cannot be real weather: a temperature
// outside [MinTemperatureC, MaxTemperatureC] or a code that is not a WMO
// weather code.
func (r Reading) Validate() error {
	t := r.TemperatureC
	if math.IsNaN(t) || t < MinTemperatureC || t > MaxTemperatureC {
		return fmt.Errorf("temperature %v °C is outside the physical range %v to %v °C", t, MinTemperatureC, MaxTemperatureC)
	}
	if _, ok := Condition(r.Code); !ok {
		return fmt.Errorf("weather code %d is not a WMO weather code", r.Code)
	}
	return nil
}

// Units is how temperatures are shown.
type Units string

// The units a site can choose.
const (
	Celsius    Units = "celsius"
	Fahrenheit Units = "fahrenheit"
)

// ParseUnits reads a units setting; an empty one means [Celsius].
func ParseUnits(s string) (Units, error) {
	switch Units(s) {
	case "", Celsius:
		return Celsius, nil
	case Fahrenheit:
		return Fahrenheit, nil
	}
	return "", fmt.Errorf("units %q: want %q or %q", s, Celsius, Fahrenheit)
}

// Display is a reading ready for the page header. Its fields match
// site.Weather, so one converts to the other.
type Display struct {
	Temperature string        // "29.5 °C"
	Label       string        // "Thailand"
	Condition   string        // "Partly cloudy", the icon's accessible name
	Icon        template.HTML // inline SVG written in this package
}

// newDisplay prepares r for the header, or returns nil when r cannot be
// shown (a broken reading must never print "NaN").
func newDisplay(r Reading, label string, u Units) *Display {
	if r.Validate() != nil {
		return nil
	}
	name, _ := Condition(r.Code)
	return &Display{
		Temperature: formatTemperature(r.TemperatureC, u),
		Label:       label,
		Condition:   name,
		Icon:        Icon(r.Code, r.IsDay),
	}
}

// formatTemperature writes c with one decimal in units u: "29.5 °C".
func formatTemperature(c float64, u Units) string {
	v, unit := c, "°C"
	if u == Fahrenheit {
		v, unit = c*9/5+32, "°F"
	}
	v = math.Round(v*10) / 10
	if v == 0 {
		v = 0 // no "-0.0"
	}
	return strconv.FormatFloat(v, 'f', 1, 64) + " " + unit
}
