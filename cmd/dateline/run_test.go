package main

import (
	"bufio"
	"context"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"
	"time"
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

	for _, path := range []string{"healthz", "", "no-such-page/"} {
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
