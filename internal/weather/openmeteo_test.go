package weather

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestOpenMeteoReadsTheCurrentWeather(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	r, err := fake.provider(t, time.Minute).Current(t.Context(), bangkok)
	if err != nil {
		t.Fatal(err)
	}
	want := Reading{TemperatureC: 29.5, Code: 2, IsDay: true, At: time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)}
	if r != want {
		t.Errorf("reading = %+v, want %+v", r, want)
	}
	u := receive(t, fake.requests, "the request")
	if got, want := u.RawQuery, "latitude=13.75&longitude=100.5&current=temperature_2m,weather_code,is_day&timezone=auto"; got != want {
		t.Errorf("query = %q, want %q", got, want)
	}
}

func TestOpenMeteoBaseURL(t *testing.T) {
	tests := []struct {
		name, base, want string // want is the endpoint, or the error
	}{
		{"no base URL means the public API", "", "https://api.open-meteo.com/v1/forecast"},
		{"a trailing slash is dropped", "https://api.open-meteo.com/", "https://api.open-meteo.com/v1/forecast"},
		{"a path prefix is kept, for a proxy", "http://proxy.example/open-meteo", "http://proxy.example/open-meteo/v1/forecast"},
		{"a scheme other than http is refused", "ftp://api.open-meteo.com", `open-meteo: base URL "ftp://api.open-meteo.com": want an address like https://api.open-meteo.com`},
		{"a host name alone is refused", "api.open-meteo.com", `open-meteo: base URL "api.open-meteo.com": want an address like https://api.open-meteo.com`},
		{"a query is refused", "https://api.open-meteo.com/?apikey=1", `open-meteo: base URL "https://api.open-meteo.com/?apikey=1": want an address like https://api.open-meteo.com`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			p, err := NewOpenMeteo(OpenMeteoConfig{BaseURL: tc.base})
			got := ""
			if err != nil {
				got = err.Error()
			} else {
				got = p.endpoint
			}
			if got != tc.want {
				t.Errorf("got %q, want %q", got, tc.want)
			}
		})
	}
}

func TestOpenMeteoTimeoutDefaultsToFiveSeconds(t *testing.T) {
	p, err := NewOpenMeteo(OpenMeteoConfig{})
	if err != nil {
		t.Fatal(err)
	}
	if p.client.Timeout != 5*time.Second {
		t.Errorf("client timeout = %v, want 5s", p.client.Timeout)
	}
}

func TestOpenMeteoRefusesALocationNotOnEarth(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	_, err := fake.provider(t, time.Minute).Current(t.Context(), Location{Latitude: 95, Longitude: 100.5})
	if want := "open-meteo: latitude 95 is outside -90 to 90"; err == nil || err.Error() != want {
		t.Errorf("error = %v, want %q", err, want)
	}
	if len(fake.requests) != 0 {
		t.Error("asked the server anyway")
	}
}

// badAnswers are answers that must never become a reading, with the
// error an administrator reads for each.
func badAnswers(t *testing.T) []struct {
	name   string
	answer http.Handler
	want   string
} {
	good := realAnswer(t)
	half := good[:len(good)/2]
	return []struct {
		name   string
		answer http.Handler
		want   string
	}{
		{
			name:   "malformed JSON",
			answer: answer(http.StatusOK, editedAnswer(t, `"is_day":1}`, `"is_day":1,}`)),
			want:   fmt.Sprintf("open-meteo: answer is not valid JSON: invalid character '}' looking for beginning of object key string at byte %d", len(good)),
		},
		{
			name: "HTTP 500",
			answer: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusInternalServerError)
				w.Write([]byte("<h1>Internal Server Error</h1>"))
			}),
			want: "open-meteo: answered 500 Internal Server Error",
		},
		{
			name:   "HTTP 400 with Open-Meteo's reason",
			answer: answer(http.StatusBadRequest, `{"error":true,"reason":"Latitude must be in range of -90 to 90°. Given: 95.0."}`),
			want:   "open-meteo: answered 400 Bad Request: Latitude must be in range of -90 to 90°. Given: 95.0.",
		},
		{
			name: "an HTML error page with status 200",
			answer: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "text/html; charset=utf-8")
				w.Write([]byte("<!doctype html><title>Service unavailable</title><p>Try again later."))
			}),
			want: `open-meteo: answer has Content-Type "text/html; charset=utf-8"; want JSON`,
		},
		{
			name: "an answer without a Content-Type",
			answer: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header()["Content-Type"] = nil // no sniffing either
				w.Write([]byte(good))
			}),
			want: "open-meteo: answer has no Content-Type; want JSON",
		},
		{
			name: "a 10 MB body",
			answer: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Write([]byte(`{"current":{"padding":"`))
				chunk := []byte(strings.Repeat("x", 64<<10))
				for range 160 {
					if _, err := w.Write(chunk); err != nil {
						return // the client stopped reading, as it should
					}
				}
				w.Write([]byte(`"}}`))
			}),
			want: "open-meteo: answer is larger than 64 KiB; a forecast is under 1 KiB",
		},
		{
			name:   "a temperature of 999",
			answer: answer(http.StatusOK, editedAnswer(t, `"temperature_2m":29.5`, `"temperature_2m":999`)),
			want:   "open-meteo: current.temperature_2m is 999 °C, outside the physical range -90 to 60 °C",
		},
		{
			name:   "a temperature of -95",
			answer: answer(http.StatusOK, editedAnswer(t, `"temperature_2m":29.5`, `"temperature_2m":-95`)),
			want:   "open-meteo: current.temperature_2m is -95 °C, outside the physical range -90 to 60 °C",
		},
		{
			name:   "a missing current object",
			answer: answer(http.StatusOK, editedAnswer(t, `,"current":{"time":"2025-07-14T10:00","interval":900,"temperature_2m":29.5,"weather_code":2,"is_day":1}`, ``)),
			want:   `open-meteo: answer has no "current" object`,
		},
		{
			name:   "a current object that is null",
			answer: answer(http.StatusOK, editedAnswer(t, `"current":{"time":"2025-07-14T10:00","interval":900,"temperature_2m":29.5,"weather_code":2,"is_day":1}`, `"current":null`)),
			want:   `open-meteo: answer has no "current" object`,
		},
		{
			name:   "a missing weather code",
			answer: answer(http.StatusOK, editedAnswer(t, `,"weather_code":2`, ``)),
			want:   "open-meteo: current.weather_code is missing or null",
		},
		{
			name:   "a missing temperature",
			answer: answer(http.StatusOK, editedAnswer(t, `"temperature_2m":29.5,`, ``)),
			want:   "open-meteo: current.temperature_2m is missing or null",
		},
		{
			name:   "a missing is_day",
			answer: answer(http.StatusOK, editedAnswer(t, `,"is_day":1`, ``)),
			want:   "open-meteo: current.is_day is missing or null",
		},
		{
			name:   "a missing time",
			answer: answer(http.StatusOK, editedAnswer(t, `"time":"2025-07-14T10:00",`, ``)),
			want:   "open-meteo: current.time is missing or null",
		},
		{
			name:   "a null temperature",
			answer: answer(http.StatusOK, editedAnswer(t, `"temperature_2m":29.5`, `"temperature_2m":null`)),
			want:   "open-meteo: current.temperature_2m is missing or null",
		},
		{
			name:   "a string where a number should be",
			answer: answer(http.StatusOK, editedAnswer(t, `"temperature_2m":29.5`, `"temperature_2m":"29.5"`)),
			want:   "open-meteo: current.temperature_2m is a string; want a number",
		},
		{
			name:   "a fraction where a weather code should be",
			answer: answer(http.StatusOK, editedAnswer(t, `"weather_code":2`, `"weather_code":2.5`)),
			want:   "open-meteo: current.weather_code is 2.5; want an integer",
		},
		{
			name:   "a temperature too large for a number",
			answer: answer(http.StatusOK, editedAnswer(t, `"temperature_2m":29.5`, `"temperature_2m":1e999`)),
			want:   "open-meteo: current.temperature_2m is 1e999, out of range",
		},
		{
			name:   "a weather code that is not a WMO code",
			answer: answer(http.StatusOK, editedAnswer(t, `"weather_code":2`, `"weather_code":42`)),
			want:   "open-meteo: current.weather_code 42 is not a WMO weather code",
		},
		{
			name:   "an is_day of 2",
			answer: answer(http.StatusOK, editedAnswer(t, `"is_day":1`, `"is_day":2`)),
			want:   "open-meteo: current.is_day is 2; want 0 or 1",
		},
		{
			name:   "temperatures in Fahrenheit",
			answer: answer(http.StatusOK, editedAnswer(t, `"temperature_2m":"°C"`, `"temperature_2m":"°F"`)),
			want:   `open-meteo: current_units.temperature_2m is "°F"; want "°C"`,
		},
		{
			name:   "a time that is not a time",
			answer: answer(http.StatusOK, editedAnswer(t, `"time":"2025-07-14T10:00"`, `"time":"yesterday"`)),
			want:   `open-meteo: current.time "yesterday" is not a time like 2025-07-14T10:00`,
		},
		{
			name:   "an array instead of an object",
			answer: answer(http.StatusOK, `[`+good+`]`),
			want:   "open-meteo: answer is an array; want a JSON object",
		},
		{
			name:   "an empty body",
			answer: answer(http.StatusOK, ``),
			want:   "open-meteo: answer is empty",
		},
		{
			name:   "a truncated body",
			answer: answer(http.StatusOK, half),
			want:   fmt.Sprintf("open-meteo: answer is truncated JSON: it ends after %d bytes", len(half)),
		},
		{
			name: "a connection closed halfway through the body",
			answer: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.Header().Set("Content-Length", strconv.Itoa(len(good)))
				w.Write([]byte(half))
				w.(http.Flusher).Flush()
				panic(http.ErrAbortHandler) // drops the connection without logging
			}),
			want: fmt.Sprintf("open-meteo: answer broke off after %d bytes: unexpected EOF", len(half)),
		},
	}
}

func TestOpenMeteoRefusesABadAnswer(t *testing.T) {
	for _, tc := range badAnswers(t) {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			fake := newFakeOpenMeteo(t, tc.answer)
			_, err := fake.provider(t, time.Minute).Current(t.Context(), bangkok)
			if err == nil || err.Error() != tc.want {
				t.Errorf("error = %v\nwant    %s", err, tc.want)
			}
		})
	}
}

func TestOpenMeteoGivesUpOnAServerThatDoesNotAnswer(t *testing.T) {
	arrived := make(chan struct{}, 1)
	fake := newFakeOpenMeteo(t, nil)
	fake.set(fake.hang(arrived))
	_, err := fake.provider(t, 50*time.Millisecond).Current(t.Context(), bangkok)
	if err == nil || !strings.HasPrefix(err.Error(), "open-meteo: no complete answer within 50ms: ") {
		t.Errorf("error = %v, want it to say there was no answer within 50ms", err)
	}
}

func TestOpenMeteoStopsWhenItsContextEnds(t *testing.T) {
	arrived := make(chan struct{}, 1)
	fake := newFakeOpenMeteo(t, nil)
	fake.set(fake.hang(arrived))
	ctx, cancel := context.WithCancel(t.Context())
	errc := make(chan error)
	go func() {
		_, err := fake.provider(t, time.Hour).Current(ctx, bangkok)
		errc <- err
	}()
	receive(t, arrived, "the request")
	cancel()
	err := receive(t, errc, "Current to return after cancel")
	if !errors.Is(err, context.Canceled) || !strings.HasPrefix(err.Error(), "open-meteo: stopped before a complete answer: ") {
		t.Errorf("error = %v, want a stopped request", err)
	}
}
