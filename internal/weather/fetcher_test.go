package weather

import (
	"context"
	"fmt"
	"log/slog"
	"math"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/clock"
)

var paris = Location{Latitude: 48.8566, Longitude: 2.3522}

// testFetcher is a Fetcher on the fake server with a fake clock, asking
// for Bangkok, labelled "Thailand", in Celsius, fetching hourly.
func testFetcher(t *testing.T, fake *fakeOpenMeteo, clock *clock.Fake, change ...func(*FetcherConfig)) *Fetcher {
	t.Helper()
	cfg := FetcherConfig{
		Provider: fake.provider(t, time.Minute),
		Location: bangkok,
		Label:    "Thailand",
		Units:    Celsius,
		Interval: time.Hour,
		Now:      clock.Now,
	}
	for _, c := range change {
		c(&cfg)
	}
	return NewFetcher(cfg)
}

// run starts f.Run and returns a function that stops it and waits for it.
func run(t *testing.T, f *Fetcher) (stop func()) {
	t.Helper()
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() {
		f.Run(ctx)
		close(done)
	}()
	stop = func() {
		cancel()
		receive(t, done, "Run to return")
	}
	t.Cleanup(stop)
	return stop
}

func mustCheck(t *testing.T, f *Fetcher) Reading {
	t.Helper()
	r, err := f.CheckNow(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestFetcherShowsTheReading(t *testing.T) {
	tests := []struct {
		name   string
		answer string
		units  Units
		want   Display
	}{
		{
			name:   "partly cloudy by day shows 29.5 °C Thailand with a sun behind a cloud",
			answer: realAnswer(t),
			want:   Display{Temperature: "29.5 °C", Label: "Thailand", Condition: "Partly cloudy", Icon: iconPartlyCloudyDay},
		},
		{
			name:   "partly cloudy at night shows a moon behind a cloud",
			answer: editedAnswer(t, `"is_day":1`, `"is_day":0`),
			want:   Display{Temperature: "29.5 °C", Label: "Thailand", Condition: "Partly cloudy", Icon: iconPartlyCloudyNight},
		},
		{
			name:   "a clear night shows the moon",
			answer: editedAnswer(t, `"weather_code":2,"is_day":1`, `"weather_code":0,"is_day":0`),
			want:   Display{Temperature: "29.5 °C", Label: "Thailand", Condition: "Clear sky", Icon: iconClearNight},
		},
		{
			name:   "fahrenheit converts 29.5 °C to 85.1 °F",
			answer: realAnswer(t),
			units:  Fahrenheit,
			want:   Display{Temperature: "85.1 °F", Label: "Thailand", Condition: "Partly cloudy", Icon: iconPartlyCloudyDay},
		},
		{
			name:   "frost in fahrenheit",
			answer: editedAnswer(t, `"temperature_2m":29.5`, `"temperature_2m":-40`),
			units:  Fahrenheit,
			want:   Display{Temperature: "-40.0 °F", Label: "Thailand", Condition: "Partly cloudy", Icon: iconPartlyCloudyDay},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFakeOpenMeteo(t, answer(http.StatusOK, tc.answer))
			f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) { c.Units = tc.units })
			mustCheck(t, f)
			got := f.Current()
			if got == nil || *got != tc.want {
				t.Errorf("Current() = %+v\nwant        %+v", got, tc.want)
			}
		})
	}
}

func TestFetcherShowsNothingBeforeTheFirstReading(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	if d := testFetcher(t, fake, newFakeClock()).Current(); d != nil {
		t.Errorf("Current() = %+v before any fetch", d)
	}
}

func TestFetcherRefusesABadAnswer(t *testing.T) {
	for _, tc := range badAnswers(t) {
		t.Run(tc.name+" leaves nothing to show when there was no good reading", func(t *testing.T) {
			fake := newFakeOpenMeteo(t, tc.answer)
			f := testFetcher(t, fake, newFakeClock())
			if _, err := f.CheckNow(t.Context()); err == nil || err.Error() != tc.want {
				t.Errorf("CheckNow error = %v\nwant              %s", err, tc.want)
			}
			if d := f.Current(); d != nil {
				t.Errorf("Current() = %+v", d)
			}
		})
		t.Run(tc.name+" keeps the last good reading", func(t *testing.T) {
			fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
			f := testFetcher(t, fake, newFakeClock())
			mustCheck(t, f)
			fake.set(tc.answer)
			if _, err := f.CheckNow(t.Context()); err == nil || err.Error() != tc.want {
				t.Errorf("CheckNow error = %v\nwant              %s", err, tc.want)
			}
			if d := f.Current(); d == nil || d.Temperature != "29.5 °C" {
				t.Errorf("Current() = %+v, want the last good 29.5 °C", d)
			}
		})
	}
}

func TestFetcherRefusesAnImpossibleReadingFromAnyProvider(t *testing.T) {
	tests := []struct {
		name    string
		reading Reading
		want    string
	}{
		{"a temperature that is not a number", Reading{TemperatureC: math.NaN(), Code: 0}, "weather: temperature NaN °C is outside the physical range -90 to 60 °C"},
		{"an infinite temperature", Reading{TemperatureC: math.Inf(1), Code: 0}, "weather: temperature +Inf °C is outside the physical range -90 to 60 °C"},
		{"an unknown weather code", Reading{TemperatureC: 20, Code: 4}, "weather: weather code 4 is not a WMO weather code"},
	}
	for _, tc := range tests {
		t.Run(tc.name+" is refused", func(t *testing.T) {
			f := NewFetcher(FetcherConfig{Provider: providerFunc(func(context.Context, Location) (Reading, error) {
				return tc.reading, nil
			})})
			if _, err := f.CheckNow(t.Context()); err == nil || err.Error() != tc.want {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
			if d := f.Current(); d != nil {
				t.Errorf("Current() = %+v", d)
			}
		})
	}
}

type providerFunc func(context.Context, Location) (Reading, error)

func (p providerFunc) Current(ctx context.Context, loc Location) (Reading, error) { return p(ctx, loc) }

func TestFetcherForgetsAReadingOlderThanItsMaxAge(t *testing.T) {
	tests := []struct {
		name   string
		maxAge time.Duration // zero for the default
		steps  func(t *testing.T, f *Fetcher, fake *fakeOpenMeteo, clock *clock.Fake)
		shown  bool
	}{
		{
			name: "a reading 3 hours old is still shown",
			steps: func(t *testing.T, f *Fetcher, fake *fakeOpenMeteo, clock *clock.Fake) {
				clock.Advance(3 * time.Hour)
			},
			shown: true,
		},
		{
			name: "a reading older than 3 hours is not",
			steps: func(t *testing.T, f *Fetcher, fake *fakeOpenMeteo, clock *clock.Fake) {
				clock.Advance(3*time.Hour + time.Nanosecond)
			},
		},
		{
			name: "failed fetches do not make an old reading young",
			steps: func(t *testing.T, f *Fetcher, fake *fakeOpenMeteo, clock *clock.Fake) {
				fake.set(answer(http.StatusInternalServerError, `{}`))
				for range 4 {
					clock.Advance(time.Hour)
					f.CheckNow(t.Context())
				}
			},
		},
		{
			name: "a good fetch makes it young again",
			steps: func(t *testing.T, f *Fetcher, fake *fakeOpenMeteo, clock *clock.Fake) {
				clock.Advance(2 * time.Hour)
				mustCheck(t, f)
				clock.Advance(2 * time.Hour)
			},
			shown: true,
		},
		{
			name:   "a shorter maximum age is kept",
			maxAge: 10 * time.Minute,
			steps: func(t *testing.T, f *Fetcher, fake *fakeOpenMeteo, clock *clock.Fake) {
				clock.Advance(11 * time.Minute)
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
			clock := newFakeClock()
			f := testFetcher(t, fake, clock, func(c *FetcherConfig) { c.MaxAge = tc.maxAge })
			mustCheck(t, f)
			tc.steps(t, f, fake, clock)
			if got := f.Current() != nil; got != tc.shown {
				t.Errorf("shown = %v, want %v", got, tc.shown)
			}
		})
	}
}

func TestCurrentDoesNotWaitForAHangingFetch(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	f := testFetcher(t, fake, newFakeClock())
	mustCheck(t, f)
	arrived := make(chan struct{}, 1)
	fake.set(fake.hang(arrived))

	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	fetched := make(chan error)
	go func() {
		_, err := f.CheckNow(ctx)
		fetched <- err
	}()
	receive(t, arrived, "the hanging request")

	current := make(chan *Display)
	go func() { current <- f.Current() }()
	select {
	case d := <-current:
		if d == nil || d.Temperature != "29.5 °C" {
			t.Errorf("Current() = %+v during a hanging fetch, want the last good reading", d)
		}
	case <-fetched:
		t.Fatal("the hanging fetch ended before Current() returned")
	}
	cancel()
	receive(t, fetched, "the fetch to stop")
}

func TestRunStopsWhenItsContextEnds(t *testing.T) {
	tests := []struct {
		name   string
		answer func(fake *fakeOpenMeteo, arrived chan struct{}) http.Handler
	}{
		{
			name: "in the middle of a request that hangs",
			answer: func(fake *fakeOpenMeteo, arrived chan struct{}) http.Handler {
				return fake.hang(arrived)
			},
		},
		{
			name: "while it waits for the next fetch",
			answer: func(fake *fakeOpenMeteo, arrived chan struct{}) http.Handler {
				return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
					answer(http.StatusOK, realAnswer(t))(w, r)
					arrived <- struct{}{}
				})
			},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			arrived := make(chan struct{}, 1)
			fake := newFakeOpenMeteo(t, nil)
			fake.set(tc.answer(fake, arrived))
			// A request timeout of an hour shows that Run stopped because
			// its context ended, not because the request timed out.
			f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) {
				c.Provider = fake.provider(t, time.Hour)
			})
			stop := run(t, f)
			receive(t, arrived, "the first request")
			stop() // fails the test if Run does not return
		})
	}
}

func TestRunFetchesAtOnceThenEveryInterval(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) { c.Interval = time.Millisecond })
	run(t, f)
	for i := range 3 {
		receive(t, fake.requests, fmt.Sprintf("request %d", i+1))
	}
}

func TestRunFetchesAtOnceWithoutWaitingForTheInterval(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) { c.Interval = 24 * time.Hour })
	run(t, f)
	receive(t, fake.requests, "the first request")
}

// levelLines is what a fetcher logs, a line a record: its level, message,
// and the error and hint when it has them.
type levelLines chan string

func (l levelLines) Enabled(context.Context, slog.Level) bool { return true }
func (l levelLines) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l levelLines) WithGroup(string) slog.Handler            { return l }
func (l levelLines) Handle(_ context.Context, r slog.Record) error {
	line := r.Level.String() + " " + r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" || a.Key == "hint" {
			line += " | " + a.Key + ": " + a.Value.String()
		}
		return true
	})
	l <- line
	return nil
}

// A site started offline warns once, saying how to point the weather
// elsewhere or switch it off, and then only at debug level, whatever the
// retries' errors, until a fetch works (issue 16: a warning every half
// minute, with no hint).
func TestRunWarnsOnceWithAHintThenRetriesQuietly(t *testing.T) {
	const hint = "point --weather-url elsewhere, or switch it off with --weather-url off"
	const (
		warned    = "WARN weather fetch failed; the header shows no weather until a fetch works, retries are logged at debug level | err: open-meteo: answered 500 Internal Server Error | hint: " + hint
		again500  = "DEBUG weather fetch failed again | err: open-meteo: answered 500 Internal Server Error"
		againHTML = `DEBUG weather fetch failed again | err: open-meteo: answer has Content-Type "text/html"; want JSON`
		recovered = "INFO weather fetch recovered"
	)
	serverError := answer(http.StatusInternalServerError, `{}`)
	htmlPage := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Write([]byte("<p>Down for maintenance"))
	})
	tests := []struct {
		name    string
		answers []http.Handler // the last one is good
		logs    []string
	}{
		{
			name:    "the same error on every retry",
			answers: []http.Handler{serverError, serverError, serverError, nil},
			logs:    []string{warned, again500, again500, recovered},
		},
		{
			name:    "errors that change from retry to retry",
			answers: []http.Handler{serverError, htmlPage, serverError, htmlPage, nil},
			logs:    []string{warned, againHTML, again500, againHTML, recovered},
		},
		{
			name:    "a fetch that works at once says nothing",
			answers: []http.Handler{nil},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.answers[len(tc.answers)-1] = answer(http.StatusOK, realAnswer(t))
			fake := newFakeOpenMeteo(t, sequence(tc.answers...))
			logs := make(levelLines, 100)
			f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) {
				c.Retry = time.Millisecond // the next good fetch is an hour away
				c.Logger = slog.New(logs)
				c.Hint = hint
			})
			stop := run(t, f)
			for i, want := range tc.logs {
				if got := receive(t, logs, "log line "+want); got != want {
					t.Errorf("log line %d = %q, want %q", i, got, want)
				}
			}
			for i := range tc.answers {
				receive(t, fake.requests, fmt.Sprintf("request %d", i+1))
			}
			// The good answer is kept once its request is read; wait for it.
			for give := time.Now().Add(10 * time.Second); f.Current() == nil && time.Now().Before(give); {
				time.Sleep(time.Millisecond)
			}
			stop()
			if d := f.Current(); d == nil || d.Temperature != "29.5 °C" {
				t.Errorf("Current() = %+v after recovering", d)
			}
			if len(logs) != 0 {
				t.Errorf("logged more: %q", <-logs)
			}
			if len(fake.requests) != 0 {
				t.Errorf("%d requests more: one per answer, then an hour's wait", len(fake.requests))
			}
			// What /metrics shows as dateline_background_runs_total{task="weather"}.
			if ok, failed := f.Runs().Counts(); ok != 1 || failed != uint64(len(tc.answers)-1) {
				t.Errorf("runs: %d ok, %d failed; want 1 and %d", ok, failed, len(tc.answers)-1)
			}
		})
	}
}

func TestBackoffDoublesUpToTheInterval(t *testing.T) {
	f := NewFetcher(FetcherConfig{Provider: providerFunc(nil)}) // defaults: 30 s, 10 min
	tests := []struct {
		failures int
		want     time.Duration
	}{
		{1, 30 * time.Second},
		{2, time.Minute},
		{3, 2 * time.Minute},
		{4, 4 * time.Minute},
		{5, 8 * time.Minute},
		{6, 10 * time.Minute},
		{1000, 10 * time.Minute},
	}
	for _, tc := range tests {
		for range 100 {
			got := f.backoff(tc.failures)
			if got < tc.want*9/10 || got > tc.want*11/10 {
				t.Fatalf("after %d failures the wait is %v, want %v ±10%%", tc.failures, got, tc.want)
			}
		}
	}
}

func TestJitterSpreadsTheIntervalByTenPercent(t *testing.T) {
	seen := map[time.Duration]bool{}
	for range 1000 {
		d := jitter(10 * time.Minute)
		if d < 9*time.Minute || d > 11*time.Minute {
			t.Fatalf("jitter(10m) = %v", d)
		}
		seen[d] = true
	}
	if len(seen) < 100 {
		t.Errorf("only %d different waits in 1000", len(seen))
	}
}

func TestSetLocation(t *testing.T) {
	t.Run("a new label and units apply at once, without a fetch", func(t *testing.T) {
		fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
		f := testFetcher(t, fake, newFakeClock())
		mustCheck(t, f)
		if err := f.SetLocation(bangkok, "Bangkok", Fahrenheit); err != nil {
			t.Fatal(err)
		}
		if d := f.Current(); d == nil || d.Temperature != "85.1 °F" || d.Label != "Bangkok" {
			t.Errorf("Current() = %+v, want 85.1 °F Bangkok", d)
		}
		if n := len(fake.requests); n != 1 {
			t.Errorf("%d requests, want the first only", n)
		}
	})
	t.Run("a new place drops the reading of the old one", func(t *testing.T) {
		fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
		f := testFetcher(t, fake, newFakeClock())
		mustCheck(t, f)
		if err := f.SetLocation(paris, "Paris", Celsius); err != nil {
			t.Fatal(err)
		}
		if d := f.Current(); d != nil {
			t.Errorf("Current() = %+v: Bangkok's weather under Paris's name", d)
		}
		mustCheck(t, f)
		if u := <-fake.requests; u.Query().Get("latitude") != "13.75" {
			t.Errorf("first request for %s", u.RawQuery)
		}
		if u := <-fake.requests; u.Query().Get("latitude") != "48.8566" || u.Query().Get("longitude") != "2.3522" {
			t.Errorf("second request for %s, want Paris", u.RawQuery)
		}
		if d := f.Current(); d == nil || d.Label != "Paris" {
			t.Errorf("Current() = %+v, want Paris", d)
		}
	})
	t.Run("a fetch for the old place that ends after the change is dropped", func(t *testing.T) {
		arrived, gate := make(chan struct{}, 1), make(chan struct{})
		fake := newFakeOpenMeteo(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			<-gate
			answer(http.StatusOK, realAnswer(t))(w, r)
		}))
		f := testFetcher(t, fake, newFakeClock())
		fetched := make(chan error)
		go func() {
			_, err := f.CheckNow(t.Context())
			fetched <- err
		}()
		receive(t, arrived, "the request for Bangkok")
		if err := f.SetLocation(paris, "Paris", Celsius); err != nil {
			t.Fatal(err)
		}
		close(gate)
		if err := receive(t, fetched, "the fetch"); err != nil {
			t.Fatal(err)
		}
		if d := f.Current(); d != nil {
			t.Errorf("Current() = %+v: Bangkok's weather under Paris's name", d)
		}
	})
	t.Run("Run fetches the new place at once", func(t *testing.T) {
		fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
		f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) { c.Interval = 24 * time.Hour })
		run(t, f)
		receive(t, fake.requests, "the first request")
		if err := f.SetLocation(paris, "Paris", Celsius); err != nil {
			t.Fatal(err)
		}
		if u := receive(t, fake.requests, "the request for Paris"); u.Query().Get("latitude") != "48.8566" {
			t.Errorf("request for %s, want Paris", u.RawQuery)
		}
	})
	for _, tc := range []struct {
		name  string
		loc   Location
		units Units
		want  string
	}{
		{"a latitude off the Earth is refused", Location{Latitude: 95, Longitude: 0}, Celsius, "latitude 95 is outside -90 to 90"},
		{"a longitude off the Earth is refused", Location{Latitude: 0, Longitude: -181}, Celsius, "longitude -181 is outside -180 to 180"},
		{"unknown units are refused", bangkok, "kelvin", `units "kelvin": want "celsius" or "fahrenheit"`},
	} {
		t.Run(tc.name+" and change nothing", func(t *testing.T) {
			fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
			f := testFetcher(t, fake, newFakeClock())
			mustCheck(t, f)
			if err := f.SetLocation(tc.loc, "Elsewhere", tc.units); err == nil || err.Error() != tc.want {
				t.Errorf("error = %v, want %q", err, tc.want)
			}
			if d := f.Current(); d == nil || d.Label != "Thailand" || d.Temperature != "29.5 °C" {
				t.Errorf("Current() = %+v, want the reading unchanged", d)
			}
		})
	}
}

func TestNewFetcherShowsCelsiusForUnknownUnits(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	logs := make(logLines, 10)
	f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) {
		c.Units = "kelvin"
		c.Logger = slog.New(logs)
	})
	if got, want := <-logs, `weather: showing celsius: units "kelvin": want "celsius" or "fahrenheit"`; got != want {
		t.Errorf("log = %q, want %q", got, want)
	}
	mustCheck(t, f)
	if d := f.Current(); d == nil || d.Temperature != "29.5 °C" {
		t.Errorf("Current() = %+v", d)
	}
}

func TestFetcherWithAnInvalidLocationSaysSoOnEveryFetch(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) { c.Location = Location{Latitude: math.NaN()} })
	if _, err := f.CheckNow(t.Context()); err == nil || err.Error() != "latitude NaN is outside -90 to 90" {
		t.Errorf("error = %v", err)
	}
}

func TestRunCalledTwicePanics(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	f := testFetcher(t, fake, newFakeClock())
	run(t, f)
	receive(t, fake.requests, "the first request")
	defer func() {
		if recover() == nil {
			t.Error("a second Run did not panic")
		}
	}()
	f.Run(t.Context())
}

// TestCurrentIsSafeAlongsideFetchesAndChanges is for the race detector:
// pages read while the fetcher and an admin write.
func TestCurrentIsSafeAlongsideFetchesAndChanges(t *testing.T) {
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) { c.Interval = time.Millisecond })
	run(t, f)
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if d := f.Current(); d != nil && !strings.HasSuffix(d.Temperature, "°C") && !strings.HasSuffix(d.Temperature, "°F") {
					t.Errorf("Temperature = %q", d.Temperature)
				}
			}
		})
	}
	wg.Go(func() {
		for i := range 20 {
			f.CheckNow(t.Context())
			f.SetLocation(bangkok, "Thailand", []Units{Celsius, Fahrenheit}[i%2])
		}
	})
	wg.Wait()
}
