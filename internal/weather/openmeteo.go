package weather

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// DefaultOpenMeteoURL is the public Open-Meteo API.
const DefaultOpenMeteoURL = "https://api.open-meteo.com"

const (
	defaultOpenMeteoTimeout = 5 * time.Second
	// maxAnswer bounds an answer's body: a real one is under 1 KiB, so
	// anything near the limit is not the forecast we asked for.
	maxAnswer = 64 << 10
	// maxReason bounds the error reason quoted from a failed answer.
	maxReason = 200
)

// OpenMeteoConfig configures an [OpenMeteo] provider; the zero value talks
// to the public API.
type OpenMeteoConfig struct {
	BaseURL string        // [DefaultOpenMeteoURL] when empty
	Timeout time.Duration // for a whole request, body included; 5 s when zero
}

// OpenMeteo asks the Open-Meteo forecast API (https://open-meteo.com) for
// the current weather. It needs no key.
type OpenMeteo struct {
	endpoint string
	timeout  time.Duration
	client   *http.Client
}

// NewOpenMeteo prepares a provider, refusing a base URL that is not an
// absolute http or https URL.
func NewOpenMeteo(cfg OpenMeteoConfig) (*OpenMeteo, error) {
	base := cfg.BaseURL
	if base == "" {
		base = DefaultOpenMeteoURL
	}
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("open-meteo: base URL %q: want an address like %s", base, DefaultOpenMeteoURL)
	}
	timeout := cfg.Timeout
	if timeout <= 0 {
		timeout = defaultOpenMeteoTimeout
	}
	return &OpenMeteo{
		endpoint: strings.TrimSuffix(base, "/") + "/v1/forecast",
		timeout:  timeout,
		client:   &http.Client{Timeout: timeout},
	}, nil
}

// Current asks for the weather now at loc.
func (o *OpenMeteo) Current(ctx context.Context, loc Location) (Reading, error) {
	if err := loc.Validate(); err != nil {
		return Reading{}, fmt.Errorf("open-meteo: %w", err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, o.url(loc), nil)
	if err != nil {
		return Reading{}, fmt.Errorf("open-meteo: %w", err)
	}
	req.Header.Set("Accept", "application/json")
	resp, err := o.client.Do(req)
	if err != nil {
		return Reading{}, o.transportError(ctx, "request failed", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return Reading{}, statusError(resp)
	}
	if err := checkJSON(resp.Header.Get("Content-Type")); err != nil {
		return Reading{}, err
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxAnswer+1))
	if err != nil {
		return Reading{}, o.transportError(ctx, fmt.Sprintf("answer broke off after %d bytes", len(body)), err)
	}
	if len(body) > maxAnswer {
		return Reading{}, fmt.Errorf("open-meteo: answer is larger than %d KiB; a forecast is under 1 KiB", maxAnswer>>10)
	}
	r, err := decodeCurrent(body)
	if err != nil {
		return Reading{}, fmt.Errorf("open-meteo: %w", err)
	}
	return r, nil
}

func (o *OpenMeteo) url(loc Location) string {
	return o.endpoint +
		"?latitude=" + strconv.FormatFloat(loc.Latitude, 'f', -1, 64) +
		"&longitude=" + strconv.FormatFloat(loc.Longitude, 'f', -1, 64) +
		"&current=temperature_2m,weather_code,is_day&timezone=auto"
}

// transportError says whether the request was stopped by its caller, ran
// out of time, or failed on the network (what then says how).
func (o *OpenMeteo) transportError(ctx context.Context, what string, err error) error {
	var timeout interface{ Timeout() bool }
	switch {
	case ctx.Err() != nil:
		return fmt.Errorf("open-meteo: stopped before a complete answer: %w", err)
	case errors.As(err, &timeout) && timeout.Timeout():
		return fmt.Errorf("open-meteo: no complete answer within %v: %w", o.timeout, err)
	}
	return fmt.Errorf("open-meteo: %s: %w", what, err)
}

// statusError describes a failed answer, with Open-Meteo's own reason when
// it sent one ({"error":true,"reason":"..."}).
func statusError(resp *http.Response) error {
	status := strconv.Itoa(resp.StatusCode)
	if text := http.StatusText(resp.StatusCode); text != "" {
		status += " " + text
	}
	var answer struct {
		Reason string `json:"reason"`
	}
	body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
	if checkJSON(resp.Header.Get("Content-Type")) != nil || json.Unmarshal(body, &answer) != nil || answer.Reason == "" {
		return fmt.Errorf("open-meteo: answered %s", status)
	}
	return fmt.Errorf("open-meteo: answered %s: %s", status, shorten(answer.Reason, maxReason))
}

func checkJSON(contentType string) error {
	if contentType == "" {
		return errors.New("open-meteo: answer has no Content-Type; want JSON")
	}
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil || (mt != "application/json" && !strings.HasSuffix(mt, "+json")) {
		return fmt.Errorf("open-meteo: answer has Content-Type %q; want JSON", contentType)
	}
	return nil
}

// shorten cuts s to at most n bytes on a character boundary.
func shorten(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

// openMeteoAnswer is the part of a forecast answer we read. Pointers tell
// a missing or null field from a zero one.
type openMeteoAnswer struct {
	UTCOffsetSeconds *int `json:"utc_offset_seconds"`
	CurrentUnits     *struct {
		Temperature *string `json:"temperature_2m"`
	} `json:"current_units"`
	Current *struct {
		Time        *string  `json:"time"`
		Temperature *float64 `json:"temperature_2m"`
		WeatherCode *int     `json:"weather_code"`
		IsDay       *int     `json:"is_day"`
	} `json:"current"`
}

// decodeCurrent reads a forecast answer's "current" block into a Reading,
// refusing anything that is not a complete, plausible one.
func decodeCurrent(body []byte) (Reading, error) {
	if len(body) == 0 {
		return Reading{}, errors.New("answer is empty")
	}
	var a openMeteoAnswer
	if err := json.Unmarshal(body, &a); err != nil {
		return Reading{}, jsonError(err, len(body))
	}
	c := a.Current
	switch {
	case c == nil:
		return Reading{}, errors.New(`answer has no "current" object`)
	case c.Time == nil:
		return Reading{}, errors.New("current.time is missing or null")
	case c.Temperature == nil:
		return Reading{}, errors.New("current.temperature_2m is missing or null")
	case c.WeatherCode == nil:
		return Reading{}, errors.New("current.weather_code is missing or null")
	case c.IsDay == nil:
		return Reading{}, errors.New("current.is_day is missing or null")
	}
	if u := a.CurrentUnits; u != nil && u.Temperature != nil && *u.Temperature != "°C" {
		return Reading{}, fmt.Errorf(`current_units.temperature_2m is %q; want "°C"`, *u.Temperature)
	}
	t := *c.Temperature
	if t < MinTemperatureC || t > MaxTemperatureC {
		return Reading{}, fmt.Errorf("current.temperature_2m is %v °C, outside the physical range %v to %v °C", t, MinTemperatureC, MaxTemperatureC)
	}
	if _, ok := Condition(*c.WeatherCode); !ok {
		return Reading{}, fmt.Errorf("current.weather_code %d is not a WMO weather code", *c.WeatherCode)
	}
	if *c.IsDay != 0 && *c.IsDay != 1 {
		return Reading{}, fmt.Errorf("current.is_day is %d; want 0 or 1", *c.IsDay)
	}
	at, err := observedAt(*c.Time, a.UTCOffsetSeconds)
	if err != nil {
		return Reading{}, err
	}
	return Reading{TemperatureC: t, Code: *c.WeatherCode, IsDay: *c.IsDay == 1, At: at}, nil
}

// observedAt reads current.time, which is wall-clock time at the location
// (we ask for timezone=auto), shifted by utc_offset_seconds.
func observedAt(s string, offset *int) (time.Time, error) {
	off := 0
	if offset != nil {
		off = *offset
		if off < -18*3600 || off > 18*3600 {
			return time.Time{}, fmt.Errorf("utc_offset_seconds is %d, outside ±18 hours", off)
		}
	}
	zone := time.FixedZone("", off)
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05"} {
		if t, err := time.ParseInLocation(layout, s, zone); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("current.time %q is not a time like 2025-07-14T10:00", shorten(s, 40))
}

// jsonError turns a decoding error into words: where the JSON broke, or
// which field had the wrong type.
func jsonError(err error, size int) error {
	var syntax *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syntax) && syntax.Offset >= int64(size):
		return fmt.Errorf("answer is truncated JSON: it ends after %d bytes", size)
	case errors.As(err, &syntax):
		return fmt.Errorf("answer is not valid JSON: %v at byte %d", syntax, syntax.Offset)
	case errors.As(err, &typ) && typ.Field == "":
		return fmt.Errorf("answer is %s; want a JSON object", describeJSON(typ.Value))
	case errors.As(err, &typ) && strings.HasPrefix(typ.Value, "number ") && typ.Type.Kind() == reflect.Float64:
		return fmt.Errorf("%s is %s, out of range", typ.Field, strings.TrimPrefix(typ.Value, "number "))
	case errors.As(err, &typ):
		return fmt.Errorf("%s is %s; want %s", typ.Field, describeJSON(typ.Value), describeGo(typ.Type))
	}
	return fmt.Errorf("answer is not valid JSON: %w", err)
}

// describeJSON names a JSON value as encoding/json reports it ("string",
// "number 2.5").
func describeJSON(v string) string {
	if n, ok := strings.CutPrefix(v, "number "); ok {
		return shorten(n, 40)
	}
	switch v {
	case "array", "object":
		return "an " + v
	case "bool":
		return "true or false"
	}
	return "a " + v
}

func describeGo(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.Float64:
		return "a number"
	case reflect.Int:
		return "an integer"
	case reflect.String:
		return "a string"
	case reflect.Struct:
		return "an object"
	}
	return t.String()
}
