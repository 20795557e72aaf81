package weather

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/clock"
)

// bangkok is where the fake Open-Meteo expects to be asked about.
var bangkok = Location{Latitude: 13.75, Longitude: 100.5}

// realAnswer is Open-Meteo's answer for Bangkok, byte for byte: 29.5 °C,
// weather code 2 (partly cloudy), by day.
func realAnswer(t testing.TB) string {
	t.Helper()
	b, err := os.ReadFile("testdata/openmeteo_current.json")
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// editedAnswer is the real answer with one edit, which must apply.
func editedAnswer(t testing.TB, old, new string) string {
	t.Helper()
	a := realAnswer(t)
	if !strings.Contains(a, old) {
		t.Fatalf("the real answer has no %q to edit", old)
	}
	return strings.Replace(a, old, new, 1)
}

// answer replies like Open-Meteo: JSON with the given status and body.
func answer(status int, body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(status)
		w.Write([]byte(body))
	}
}

// fakeOpenMeteo stands in for api.open-meteo.com on a local port. It
// refuses requests the real API would refuse, and answers the others
// with whatever the test set.
type fakeOpenMeteo struct {
	srv      *httptest.Server
	mu       sync.Mutex
	answer   http.Handler
	requests chan *url.URL // every well-formed request, for tests that wait on one
	release  chan struct{} // closed at cleanup, so hanging answers end
}

func newFakeOpenMeteo(t *testing.T, a http.Handler) *fakeOpenMeteo {
	t.Helper()
	f := &fakeOpenMeteo{answer: a, requests: make(chan *url.URL, 100), release: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.srv.Close)
	t.Cleanup(func() { close(f.release) }) // runs first: cleanups run last-in first-out
	return f
}

func (f *fakeOpenMeteo) serve(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if r.Method != http.MethodGet || r.URL.Path != "/v1/forecast" ||
		q.Get("latitude") == "" || q.Get("longitude") == "" ||
		q.Get("current") != "temperature_2m,weather_code,is_day" || q.Get("timezone") != "auto" {
		answer(http.StatusBadRequest, `{"error":true,"reason":"the fake Open-Meteo does not know this request"}`)(w, r)
		return
	}
	select {
	case f.requests <- r.URL:
	default:
	}
	f.mu.Lock()
	a := f.answer
	f.mu.Unlock()
	a.ServeHTTP(w, r)
}

// set changes the answer to the next requests.
func (f *fakeOpenMeteo) set(a http.Handler) {
	f.mu.Lock()
	f.answer = a
	f.mu.Unlock()
}

// provider is an OpenMeteo client for this server.
func (f *fakeOpenMeteo) provider(t *testing.T, timeout time.Duration) *OpenMeteo {
	t.Helper()
	p, err := NewOpenMeteo(OpenMeteoConfig{BaseURL: f.srv.URL, Timeout: timeout})
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// hang answers nothing until the request ends; it reports each arrival.
func (f *fakeOpenMeteo) hang(arrived chan<- struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		arrived <- struct{}{}
		select {
		case <-r.Context().Done():
		case <-f.release:
		}
	}
}

// sequence answers the nth request with the nth handler, and every later
// one with the last.
func sequence(answers ...http.Handler) http.Handler {
	var n atomic.Int64
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		i := min(int(n.Add(1))-1, len(answers)-1)
		answers[i].ServeHTTP(w, r)
	})
}

// newFakeClock is a clock the test moves by hand.
func newFakeClock() *clock.Fake {
	return clock.NewFake(time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC))
}

// logLines is a slog handler that sends each record to a channel as
// "message: err", so a test can wait for a line instead of sleeping.
type logLines chan string

func (l logLines) Enabled(context.Context, slog.Level) bool { return true }
func (l logLines) WithAttrs([]slog.Attr) slog.Handler       { return l }
func (l logLines) WithGroup(string) slog.Handler            { return l }
func (l logLines) Handle(_ context.Context, r slog.Record) error {
	line := r.Message
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "err" {
			line += ": " + a.Value.String()
		}
		return true
	})
	l <- line
	return nil
}

// receive waits for a value from ch, failing the test if none comes in
// time: the wait is for a hung program, not a measurement of speed.
func receive[T any](t *testing.T, ch <-chan T, what string) T {
	t.Helper()
	select {
	case v := <-ch:
		return v
	case <-time.After(10 * time.Second):
		t.Fatalf("gave up waiting for %s", what)
		panic("unreachable")
	}
}
