package weather

import (
	"context"
	"errors"
	"math"
	"net/http"
	"reflect"
	"testing"
	"time"

	"dateline/internal/changes"
)

// aReading is the one event a kept reading is announced with.
var aReading = changes.Event{Kind: changes.KindWeather, Action: "reading", Tags: []string{changes.Weather}}

// announcing connects a recorded change feed to cfg.
func announcing(rec *changes.Recorder) func(*FetcherConfig) {
	return func(c *FetcherConfig) {
		feed := &changes.Feed{}
		feed.Subscribe(rec.Record)
		c.Changes = feed
	}
}

func wantReadings(t *testing.T, got []changes.Event, n int) {
	t.Helper()
	want := make([]changes.Event, n)
	for i := range want {
		want[i] = aReading
	}
	if len(got) != n || (n > 0 && !reflect.DeepEqual(got, want)) {
		t.Errorf("events %+v, want %d reading(s) %+v", got, n, aReading)
	}
}

func TestEachReadingKeptIsAnnouncedAndNothingElse(t *testing.T) {
	failing := providerFunc(func(context.Context, Location) (Reading, error) { return Reading{}, errors.New("no network") })
	impossible := providerFunc(func(context.Context, Location) (Reading, error) {
		return Reading{TemperatureC: math.NaN()}, nil
	})
	type fetchCase struct {
		name   string
		answer http.Handler // the fake Open-Meteo's; a good one when nil
		change func(*FetcherConfig)
		fails  bool
		want   int // readings announced
	}
	cases := []fetchCase{
		{name: "a good reading is announced once", want: 1},
		{name: "a provider that fails announces nothing", change: func(c *FetcherConfig) { c.Provider = failing }, fails: true},
		{name: "an impossible reading announces nothing", change: func(c *FetcherConfig) { c.Provider = impossible }, fails: true},
		{name: "an invalid location announces nothing",
			change: func(c *FetcherConfig) { c.Location = Location{Latitude: 95} }, fails: true},
	}
	for _, bad := range badAnswers(t) {
		cases = append(cases, fetchCase{name: "an answer with " + bad.name + " announces nothing", answer: bad.answer, fails: true})
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := tc.answer
			if a == nil {
				a = answer(http.StatusOK, realAnswer(t))
			}
			rec := &changes.Recorder{}
			change := []func(*FetcherConfig){announcing(rec)}
			if tc.change != nil {
				change = append(change, tc.change)
			}
			f := testFetcher(t, newFakeOpenMeteo(t, a), newFakeClock(), change...)
			if _, err := f.CheckNow(t.Context()); (err != nil) != tc.fails {
				t.Fatalf("CheckNow: %v", err)
			}
			wantReadings(t, rec.Take(), tc.want)
			if tc.fails && f.Current() != nil {
				t.Errorf("a failed fetch left a reading: %+v", f.Current())
			}
		})
	}
}

func TestAFailedFetchKeepsTheLastReadingAndAnnouncesNothing(t *testing.T) {
	rec := &changes.Recorder{}
	fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
	f := testFetcher(t, fake, newFakeClock(), announcing(rec))
	mustCheck(t, f)
	wantReadings(t, rec.Take(), 1)
	fake.set(answer(http.StatusInternalServerError, `{"error":true,"reason":"down"}`))
	if _, err := f.CheckNow(t.Context()); err == nil {
		t.Fatal("CheckNow succeeded on a failing provider")
	}
	wantReadings(t, rec.Take(), 0)
	if d := f.Current(); d == nil || d.Temperature != "29.5 °C" {
		t.Errorf("Current() = %+v, want the last good reading", d)
	}
}

func TestTheFirstReadingOfANewPlaceIsAnnounced(t *testing.T) {
	t.Run("SetLocation announces nothing, the next reading announces itself", func(t *testing.T) {
		rec := &changes.Recorder{}
		f := testFetcher(t, newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t))), newFakeClock(), announcing(rec))
		mustCheck(t, f)
		wantReadings(t, rec.Take(), 1)
		if err := f.SetLocation(paris, "Paris", Celsius); err != nil {
			t.Fatal(err)
		}
		wantReadings(t, rec.Take(), 0)
		mustCheck(t, f)
		wantReadings(t, rec.Take(), 1)
	})
	t.Run("a refused location announces nothing", func(t *testing.T) {
		rec := &changes.Recorder{}
		f := testFetcher(t, newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t))), newFakeClock(), announcing(rec))
		if err := f.SetLocation(Location{Latitude: 95}, "Nowhere", Celsius); err == nil {
			t.Fatal("SetLocation took a latitude of 95")
		}
		wantReadings(t, rec.Take(), 0)
	})
	t.Run("a reading for the old place that ends after the change is dropped and not announced", func(t *testing.T) {
		rec := &changes.Recorder{}
		arrived, gate := make(chan struct{}, 1), make(chan struct{})
		fake := newFakeOpenMeteo(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			arrived <- struct{}{}
			<-gate
			answer(http.StatusOK, realAnswer(t))(w, r)
		}))
		f := testFetcher(t, fake, newFakeClock(), announcing(rec))
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
		wantReadings(t, rec.Take(), 0)
	})
	t.Run("Run announces its reading of the new place", func(t *testing.T) {
		events := make(chan changes.Event, 10)
		feed := &changes.Feed{}
		feed.Subscribe(func(_ context.Context, e changes.Event) { events <- e })
		fake := newFakeOpenMeteo(t, answer(http.StatusOK, realAnswer(t)))
		f := testFetcher(t, fake, newFakeClock(), func(c *FetcherConfig) {
			c.Interval = 24 * time.Hour
			c.Changes = feed
		})
		run(t, f)
		if e := receive(t, events, "the first reading"); !reflect.DeepEqual(e, aReading) {
			t.Errorf("first event %+v, want %+v", e, aReading)
		}
		if err := f.SetLocation(paris, "Paris", Celsius); err != nil {
			t.Fatal(err)
		}
		if e := receive(t, events, "the reading for Paris"); !reflect.DeepEqual(e, aReading) {
			t.Errorf("event after the move %+v, want %+v", e, aReading)
		}
		if d := f.Current(); d == nil || d.Label != "Paris" {
			t.Errorf("Current() = %+v after the announced reading, want Paris", d)
		}
	})
}
