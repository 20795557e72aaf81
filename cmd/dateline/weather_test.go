package main

import (
	"context"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store/teststore"
)

// lockedBuffer is a log written by the server and read by the test.
type lockedBuffer struct {
	mu  sync.Mutex
	buf strings.Builder
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// serveLogged runs serve with args on a database whose settings name a
// weather place, and returns its address and its log.
func serveLogged(t *testing.T, args ...string) (string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	db := teststore.New(t)
	st := teststore.OpenURL(t, db)
	set := content.DefaultSettings()
	set.WeatherLabel, set.Latitude, set.Longitude = "Thailand", 13.7563, 100.5018
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	st.Close()
	logs := &lockedBuffer{}
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	args = append([]string{"serve", "--addr", "127.0.0.1:0", "--data", t.TempDir(), "--db", db, "--log-format", "text"}, args...)
	go func() {
		done <- run(ctx, args, noEnv, strings.NewReader(""), outW, logs)
		outW.Close()
	}()
	t.Cleanup(func() {
		cancel()
		if code := <-done; code != 0 {
			t.Errorf("exit code %d\n%s", code, logs)
		}
	})
	line := make([]byte, 200)
	n, err := outR.Read(line)
	if err != nil {
		t.Fatalf("server printed nothing: %v\n%s", err, logs)
	}
	go io.Copy(io.Discard, outR)
	return strings.TrimSpace(strings.TrimPrefix(string(line[:n]), "dateline: open ")), logs
}

// waitForLog waits for the log to hold text; the wait is for a hung
// server, not a measure of speed.
func waitForLog(t *testing.T, logs *lockedBuffer, text string) {
	t.Helper()
	for give := time.Now().Add(20 * time.Second); !strings.Contains(logs.String(), text); {
		if time.Now().After(give) {
			t.Fatalf("the log never said %q:\n%s", text, logs)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// Offline, the weather is warned of once, with what to do about it; and it
// can be switched off (issue 16).
func TestOfflineWeatherIsWarnedOfOnceWithAHint(t *testing.T) {
	t.Run("an unreachable weather service", func(t *testing.T) {
		_, logs := serveLogged(t, "--weather-url", "http://127.0.0.1:9")
		waitForLog(t, logs, "weather fetch failed")
		line := ""
		for _, l := range strings.Split(logs.String(), "\n") {
			if strings.Contains(l, "weather fetch failed") {
				line = l
			}
		}
		for _, want := range []string{"level=WARN", "--weather-url", "DATELINE_WEATHER_URL", "--weather-url off", "http://127.0.0.1:9"} {
			if !strings.Contains(line, want) {
				t.Errorf("the warning does not say %q:\n%s", want, line)
			}
		}
	})
	t.Run("--weather-url off", func(t *testing.T) {
		url, logs := serveLogged(t, "--weather-url", "off")
		waitForLog(t, logs, "weather is off")
		if page := fetchBody(t, url); strings.Contains(page, `class="weather"`) {
			t.Error("the header shows weather with the weather off")
		}
		if strings.Contains(logs.String(), "weather fetch") {
			t.Errorf("with the weather off, something fetched it:\n%s", logs)
		}
	})
}
