package weather

import (
	"math"
	"testing"
)

func TestFormatTemperature(t *testing.T) {
	tests := []struct {
		name  string
		c     float64
		units Units
		want  string
	}{
		{"celsius has one decimal", 29.5, Celsius, "29.5 °C"},
		{"a whole number keeps its decimal", 30, Celsius, "30.0 °C"},
		{"celsius is rounded to a tenth", 29.46, Celsius, "29.5 °C"},
		{"fahrenheit is converted", 29.5, Fahrenheit, "85.1 °F"},
		{"freezing is 32 °F", 0, Fahrenheit, "32.0 °F"},
		{"-40 is the same in both", -40, Fahrenheit, "-40.0 °F"},
		{"a little below zero is not -0.0", -0.04, Celsius, "0.0 °C"},
		{"below zero keeps its sign", -12.3, Celsius, "-12.3 °C"},
		{"the hottest bound", 60, Fahrenheit, "140.0 °F"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := formatTemperature(tc.c, tc.units); got != tc.want {
				t.Errorf("formatTemperature(%v, %s) = %q, want %q", tc.c, tc.units, got, tc.want)
			}
		})
	}
}

func TestADisplayIsNeverMadeOfABrokenReading(t *testing.T) {
	for _, r := range []Reading{
		{TemperatureC: math.NaN(), Code: 0},
		{TemperatureC: math.Inf(-1), Code: 0},
		{TemperatureC: 20, Code: 42},
		{TemperatureC: 61, Code: 0},
	} {
		if d := newDisplay(r, "Thailand", Celsius); d != nil {
			t.Errorf("newDisplay(%+v) = %+v, want nil", r, d)
		}
	}
}

func TestParseUnits(t *testing.T) {
	tests := []struct {
		in, want, err string
	}{
		{"celsius", "celsius", ""},
		{"fahrenheit", "fahrenheit", ""},
		{"", "celsius", ""},
		{"Celsius", "", `units "Celsius": want "celsius" or "fahrenheit"`},
		{"kelvin", "", `units "kelvin": want "celsius" or "fahrenheit"`},
	}
	for _, tc := range tests {
		got, err := ParseUnits(tc.in)
		if string(got) != tc.want || (err == nil) != (tc.err == "") || (err != nil && err.Error() != tc.err) {
			t.Errorf("ParseUnits(%q) = %q, %v; want %q, %q", tc.in, got, err, tc.want, tc.err)
		}
	}
}

func TestLocationValidate(t *testing.T) {
	tests := []struct {
		name string
		loc  Location
		want string
	}{
		{"Bangkok is on Earth", bangkok, ""},
		{"the poles and the date line are on Earth", Location{Latitude: -90, Longitude: 180}, ""},
		{"a latitude past the pole is refused", Location{Latitude: 90.1}, "latitude 90.1 is outside -90 to 90"},
		{"a longitude past the date line is refused", Location{Longitude: 180.5}, "longitude 180.5 is outside -180 to 180"},
		{"a latitude that is not a number is refused", Location{Latitude: math.NaN()}, "latitude NaN is outside -90 to 90"},
		{"a longitude that is not a number is refused", Location{Longitude: math.NaN()}, "longitude NaN is outside -180 to 180"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.loc.Validate()
			if got := errString(err); got != tc.want {
				t.Errorf("Validate() = %q, want %q", got, tc.want)
			}
		})
	}
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
