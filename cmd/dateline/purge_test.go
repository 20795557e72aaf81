package main

import (
	"context"
	"io"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"dateline/internal/purge"
)

func TestThePurgerComesFromTheFlagOrTheEnvironment(t *testing.T) {
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want purge.Purger
	}{
		{"none by default", nil, nil, nil},
		{"the flag names a Varnish", []string{"--purge", "varnish://127.0.0.1:6081"}, nil,
			&purge.Varnish{URL: "http://127.0.0.1:6081"}},
		{"the environment names Cloudflare, with the token beside it", nil,
			map[string]string{"DATELINE_PURGE": "cloudflare://023e105f4ecef8ad9ca31a8372d0c353", "DATELINE_PURGE_TOKEN": "cf-token"},
			&purge.Cloudflare{Zone: "023e105f4ecef8ad9ca31a8372d0c353", Token: "cf-token"}},
		{"the flag wins over the environment", []string{"--purge", "fastly://SU1Z0isxPaozGVKXdv0eY"},
			map[string]string{"DATELINE_PURGE": "varnish://127.0.0.1:6081", "DATELINE_PURGE_TOKEN": "fastly-token"},
			&purge.Fastly{Service: "SU1Z0isxPaozGVKXdv0eY", Token: "fastly-token"}},
		{"an empty flag purges nothing whatever the environment says", []string{"--purge", ""},
			map[string]string{"DATELINE_PURGE": "varnish://127.0.0.1:6081"}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg, err := parseServe(tc.args, func(k string) string { return tc.env[k] }, io.Discard)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(cfg.Purger, tc.want) {
				t.Errorf("purger %#v, want %#v", cfg.Purger, tc.want)
			}
		})
	}
}

func TestAMalformedPurgeSettingIsRefusedAtStart(t *testing.T) {
	cases := []struct {
		name    string
		args    []string
		message string
	}{
		{"Cloudflare without a token", []string{"--purge", "cloudflare://023e105f4ecef8ad9ca31a8372d0c353"},
			"dateline: --purge: cloudflare://: set DATELINE_PURGE_TOKEN to an API token with the zone's Cache Purge permission"},
		{"a Varnish without a port", []string{"--purge", "varnish://localhost"},
			"dateline: --purge: varnish://…: give Varnish's listener as HOST:PORT, such as varnish://127.0.0.1:6081"},
		{"a purger without the page cache", []string{"--purge", "varnish://127.0.0.1:6081", "--cache-mb", "0"},
			"dateline: --purge needs the page cache: the tags a CDN purges by are on the answers it keeps (--cache-mb is 0)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			var out, errOut strings.Builder
			args := append([]string{"serve", "--addr", "127.0.0.1:0", "--data", dir}, tc.args...)
			if code := run(context.Background(), args, noEnv, strings.NewReader(""), &out, &errOut); code != 1 {
				t.Errorf("exit code %d, want 1", code)
			}
			if got := strings.TrimSpace(errOut.String()); got != tc.message {
				t.Errorf("stderr %q, want %q", got, tc.message)
			}
			if out.Len() != 0 {
				t.Errorf("the server started: %q", out.String())
			}
			if _, err := os.Stat(filepath.Join(dir, "dateline.db")); !os.IsNotExist(err) {
				t.Errorf("a database was made before the setting was refused (%v)", err)
			}
		})
	}
}
