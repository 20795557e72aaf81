package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store/teststore"
)

func noEnv(string) string { return "" }

func TestRunCommands(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		code   int
		output string
	}{
		{"no command prints usage", nil, 2, "Usage:"},
		{"version prints the version", []string{"version"}, 0, "dateline "},
		{"an unknown command is refused", []string{"publish"}, 2, `unknown command "publish"`},
		{"an unknown flag is refused", []string{"serve", "--colour", "red"}, 2, "flag provided but not defined"},
		{"a database URL of unknown kind is refused", []string{"serve", "--db", "mysql://x", "--data", "DATA"}, 1, `use sqlite:PATH`},
		{"an empty sqlite path is refused", []string{"serve", "--db", "sqlite:", "--data", "DATA"}, 1, "needs a file path"},
		{"a stray argument is refused", []string{"serve", "extra"}, 1, `unexpected argument "extra"`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			for i, a := range tc.args {
				tc.args[i] = strings.ReplaceAll(a, "DATA", dir)
			}
			var out, errOut strings.Builder
			code := run(context.Background(), tc.args, noEnv, strings.NewReader(""), &out, &errOut)
			if code != tc.code {
				t.Errorf("exit code %d, want %d (stderr: %s)", code, tc.code, errOut.String())
			}
			if got := out.String() + errOut.String(); !strings.Contains(got, tc.output) {
				t.Errorf("output %q lacks %q", got, tc.output)
			}
		})
	}
}

func TestEnvironmentMirrorsFlagsAndFlagsWin(t *testing.T) {
	env := map[string]string{"DATELINE_ADDR": "127.0.0.1:9999", "DATELINE_DATA": "/srv/news", "DATELINE_BASE_URL": "https://news.example/"}
	cfg, err := parseServe(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:9999" || cfg.DB != "sqlite:/srv/news/dateline.db" || cfg.BaseURL != "https://news.example" {
		t.Errorf("from environment: %+v", cfg)
	}
	cfg, err = parseServe([]string{"--addr", "127.0.0.1:7000", "--db", "sqlite:/tmp/x.db"}, func(k string) string { return env[k] }, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Addr != "127.0.0.1:7000" || cfg.DB != "sqlite:/tmp/x.db" {
		t.Errorf("flags did not win: %+v", cfg)
	}
	cfg, _ = parseServe(nil, noEnv, io.Discard)
	if cfg.Addr != "127.0.0.1:8080" || cfg.DB != "sqlite:data/dateline.db" || cfg.BaseURL != "http://127.0.0.1:8080" {
		t.Errorf("defaults: %+v", cfg)
	}
}

// TestServeAnswersAndShutsDownCleanly starts the real server on a free port,
// waits for it to be ready, reads a page, then stops it the way SIGTERM does.
func TestServeAnswersAndShutsDownCleanly(t *testing.T) {
	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, []string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, noEnv, strings.NewReader(""), outW, io.Discard)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("server printed nothing: %v", err)
	}
	url := strings.TrimSpace(strings.TrimPrefix(line, "dateline: open "))
	go io.Copy(io.Discard, outR)

	for _, path := range []string{"healthz", "readyz", "", "no-such-page/"} {
		res, err := http.Get(url + path)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		want := http.StatusOK
		if path == "no-such-page/" {
			want = http.StatusNotFound
		}
		if res.StatusCode != want {
			t.Errorf("GET /%s = %d, want %d", path, res.StatusCode, want)
		}
	}
	cancel()
	select {
	case code := <-done:
		if code != 0 {
			t.Errorf("exit code after shutdown = %d", code)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("server did not shut down")
	}
	if _, err := http.Get(url + "healthz"); err == nil {
		t.Error("server still answers after shutdown")
	}
	if matches, _ := filepath.Glob(filepath.Join(dir, "dateline.db")); len(matches) != 1 {
		t.Error("database file not created in the data folder")
	}
}

// TestHeaderShowsTheLiveWeather runs the real server against a local server
// that answers like Open-Meteo and waits for the reading to reach the page.
func TestHeaderShowsTheLiveWeather(t *testing.T) {
	var asked atomic.Int32
	meteo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		asked.Add(1)
		if r.URL.Path != "/v1/forecast" || r.URL.Query().Get("latitude") != "13.7563" ||
			r.URL.Query().Get("current") != "temperature_2m,weather_code,is_day" {
			http.Error(w, "unexpected request "+r.URL.String(), http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		io.WriteString(w, `{"latitude":13.75,"longitude":100.5,"timezone":"Asia/Bangkok",
			"current_units":{"time":"iso8601","interval":"seconds","temperature_2m":"°C","weather_code":"wmo code","is_day":""},
			"current":{"time":"2025-07-14T10:00","interval":900,"temperature_2m":29.5,"weather_code":1,"is_day":1}}`)
	}))
	defer meteo.Close()

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := teststore.New(t)
	st := teststore.OpenURL(t, db)
	set := content.DefaultSettings()
	set.WeatherLabel, set.Latitude, set.Longitude, set.TimeZone = "Thailand", 13.7563, 100.5018, "Asia/Bangkok"
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	st.Close()

	url, done := startServer(t, ctx, "serve", "--addr", "127.0.0.1:0", "--data", dir, "--db", db, "--weather-url", meteo.URL)
	deadline := time.Now().Add(20 * time.Second)
	for {
		res, err := http.Get(url)
		if err != nil {
			t.Fatal(err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if strings.Contains(string(page), `<span class="weather-temp">29.5 °C</span> <span class="weather-label">Thailand</span>`) {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("weather never reached the page (%d requests to the weather server)", asked.Load())
		}
		time.Sleep(50 * time.Millisecond)
	}
	cancel()
	if code := <-done; code != 0 {
		t.Errorf("exit code %d", code)
	}
}

// startServer runs the program with args until ctx ends and returns its
// address and a channel with its exit code.
func startServer(t *testing.T, ctx context.Context, args ...string) (string, <-chan int) {
	t.Helper()
	outR, outW := io.Pipe()
	done := make(chan int, 1)
	go func() {
		done <- run(ctx, args, noEnv, strings.NewReader(""), outW, io.Discard)
		outW.Close()
	}()
	line, err := bufio.NewReader(outR).ReadString('\n')
	if err != nil {
		t.Fatalf("server printed nothing: %v", err)
	}
	go io.Copy(io.Discard, outR)
	return strings.TrimSpace(strings.TrimPrefix(line, "dateline: open ")), done
}

// TestAHangingWeatherServiceNeverHoldsUpAPage keeps the weather service's
// answer back and reads pages while the fetch waits for it.
func TestAHangingWeatherServiceNeverHoldsUpAPage(t *testing.T) {
	asked := make(chan struct{}, 1)
	release := make(chan struct{})
	meteo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case asked <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer meteo.Close()
	defer close(release)

	dir := t.TempDir()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	db := teststore.New(t)
	st := teststore.OpenURL(t, db)
	set := content.DefaultSettings()
	set.WeatherLabel, set.Latitude, set.Longitude = "Thailand", 13.7563, 100.5018
	if err := st.SaveSettings(ctx, set); err != nil {
		t.Fatal(err)
	}
	st.Close()

	url, done := startServer(t, ctx, "serve", "--addr", "127.0.0.1:0", "--data", dir, "--db", db, "--weather-url", meteo.URL)
	select {
	case <-asked:
	case <-time.After(20 * time.Second):
		t.Fatal("the weather service was never asked")
	}
	// The fetch is now stuck; pages must not wait for it. The client's
	// timeout only stops a broken test from hanging.
	client := &http.Client{Timeout: 10 * time.Second}
	for range 5 {
		res, err := client.Get(url)
		if err != nil {
			t.Fatalf("page during the hang: %v", err)
		}
		page, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 || strings.Contains(string(page), `class="weather"`) {
			t.Fatalf("page during the hang: %d, widget shown: %v", res.StatusCode, strings.Contains(string(page), `class="weather"`))
		}
	}
	cancel()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		t.Fatal("shutdown waited for the hanging weather request")
	}
}

func TestUserAddAndTokenCreate(t *testing.T) {
	dir, db := t.TempDir(), teststore.New(t)
	ctx := context.Background()
	run1 := func(stdin string, args ...string) (int, string) {
		var out, errOut strings.Builder
		code := run(ctx, append(args, "--data", dir, "--db", db), noEnv, strings.NewReader(stdin), &out, &errOut)
		return code, out.String() + errOut.String()
	}
	code, out := run1("correct horse battery\n", "user", "add", "--email", "Ana@Example.com", "--name", "Ana Reyes", "--role", "editor")
	if code != 0 || !strings.Contains(out, "added Ana Reyes <ana@example.com> as editor") {
		t.Fatalf("user add = %d %q", code, out)
	}
	code, out = run1("", "user", "add", "--email", "kit@example.com", "--name", "Kit Chai", "--role", "author")
	if code != 0 || !strings.Contains(out, "password: ") {
		t.Fatalf("user add without a password = %d %q", code, out)
	}
	for _, bad := range []struct {
		stdin string
		args  []string
		want  string
	}{
		{"correct horse battery\n", []string{"user", "add", "--email", "ana@example.com", "--name", "Ana Again", "--role", "editor"}, "already exists"},
		{"", []string{"user", "add", "--email", "not-an-address", "--name", "X", "--role", "editor"}, "is not an email address"},
		{"", []string{"user", "add", "--email", "x@example.com", "--name", "X", "--role", "chief"}, `--role "chief"`},
		{"short\n", []string{"user", "add", "--email", "y@example.com", "--name", "Y", "--role", "author"}, "password"},
		{"", []string{"token", "create", "--user", "nobody@example.com"}, "no user with the email"},
	} {
		if code, out := run1(bad.stdin, bad.args...); code == 0 || !strings.Contains(out, bad.want) {
			t.Errorf("%v = %d %q, want an error with %q", bad.args, code, out, bad.want)
		}
	}
	code, out = run1("", "token", "create", "--user", "ana@example.com")
	token := strings.TrimSpace(out)
	if code != 0 || !strings.HasPrefix(token, "dl_") {
		t.Fatalf("token create = %d %q", code, out)
	}
	st := teststore.OpenURL(t, db)
	u, _, err := auth.TokenUser(ctx, st, token, time.Now())
	if err != nil || u.Email != "ana@example.com" || u.Role != content.RoleEditor {
		t.Errorf("token acts as %+v, %v", u, err)
	}
	if _, err := auth.Authenticate(ctx, st, auth.Hasher{}, "ana@example.com", "correct horse battery"); err != nil {
		t.Errorf("sign-in with the password from stdin: %v", err)
	}
}
