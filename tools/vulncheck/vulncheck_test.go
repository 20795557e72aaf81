package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// entryJSON is an OSV entry as the vulndb module stores it (no
// modification time: it comes from git history).
func entryJSON(id string, modules ...string) string {
	var affected []string
	for _, m := range modules {
		affected = append(affected, `{"package":{"name":"`+m+`","ecosystem":"Go"},"ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":"1.2.3"}]}]}`)
	}
	return `{"schema_version":"1.3.1","id":"` + id + `","modified":"0001-01-01T00:00:00Z","aliases":["CVE-2099-0001"],"affected":[` + strings.Join(affected, ",") + `]}`
}

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestBuildDB(t *testing.T) {
	osv := writeFiles(t, map[string]string{
		"GO-2099-0001.json": entryJSON("GO-2099-0001", "example.com/a", "stdlib"),
		"GO-2099-0002.json": entryJSON("GO-2099-0002", "example.com/a", "example.com/a"),
		"README.md":         "not an entry",
	})
	out := filepath.Join(t.TempDir(), "db")
	n, err := buildDB(osv, out, "2099-01-02T03:04:05Z")
	if err != nil || n != 2 {
		t.Fatalf("buildDB = %d, %v; want 2 entries", n, err)
	}

	var db dbMeta
	readJSON(t, filepath.Join(out, "index", "db.json"), &db)
	if got := db.Modified.Format("2006-01-02T15:04:05Z07:00"); got != "2099-01-02T03:04:05Z" {
		t.Errorf("db modified %s, want the data's time", got)
	}
	var mods []struct {
		Path  string           `json:"path"`
		Vulns []map[string]any `json:"vulns"`
	}
	readJSON(t, filepath.Join(out, "index", "modules.json"), &mods)
	got := map[string][]string{}
	for _, m := range mods {
		for _, v := range m.Vulns {
			got[m.Path] = append(got[m.Path], v["id"].(string))
			if _, ok := v["fixed"]; ok {
				t.Errorf("%s %s: the index carries a fixed version, which lets govulncheck skip the entry", m.Path, v["id"])
			}
		}
	}
	want := map[string][]string{"example.com/a": {"GO-2099-0001", "GO-2099-0002"}, "stdlib": {"GO-2099-0001"}}
	if len(mods) != 2 || strings.Join(got["example.com/a"], " ") != strings.Join(want["example.com/a"], " ") ||
		strings.Join(got["stdlib"], " ") != strings.Join(want["stdlib"], " ") || mods[0].Path != "example.com/a" {
		t.Errorf("modules index %v, want %v in path order, each ID once", got, want)
	}
	b, err := os.ReadFile(filepath.Join(out, "ID", "GO-2099-0002.json"))
	if err != nil || string(b) != entryJSON("GO-2099-0002", "example.com/a", "example.com/a") {
		t.Errorf("ID/GO-2099-0002.json = %q, %v; want the entry unchanged", b, err)
	}

	if _, err := buildDB(osv, out, "2099-01-02T03:04:05Z"); err == nil {
		t.Error("buildDB wrote over an existing database")
	}
}

func TestBuildDBRefuses(t *testing.T) {
	for name, files := range map[string]map[string]string{
		"no entries":        {"README.md": "x"},
		"id not the file's": {"GO-2099-0001.json": entryJSON("GO-2099-0002", "example.com/a")},
		"not a Go id":       {"CVE-2099-1.json": entryJSON("CVE-2099-1", "example.com/a")},
		"no module":         {"GO-2099-0001.json": entryJSON("GO-2099-0001")},
		"empty module path": {"GO-2099-0001.json": entryJSON("GO-2099-0001", " ")},
		"not JSON":          {"GO-2099-0001.json": "{"},
	} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "db")
			if _, err := buildDB(writeFiles(t, files), out, "2099-01-02T03:04:05Z"); err == nil {
				t.Fatal("buildDB accepted it")
			}
			if _, err := os.Stat(filepath.Join(out, "index")); err == nil {
				t.Error("an index was written for refused input")
			}
		})
	}
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
}

// The messages of govulncheck's JSON stream the verdict reads.
const config = `{"config":{"protocol_version":"v1.0.0","scanner_name":"govulncheck","scanner_version":"v1.9.0","db":"file:///db","go_version":"go1.26.8","scan_level":"symbol"}}`

func called(id, module, pkg, fn string) string {
	return `{"finding":{"osv":"` + id + `","fixed_version":"v1.2.3","trace":[` +
		`{"module":"` + module + `","version":"v1.0.0","package":"` + pkg + `","function":"` + fn + `"},` +
		`{"module":"dateline","package":"dateline/internal/x","function":"F","position":{"filename":"internal/x/x.go","line":7}}]}}`
}

func imported(id, module string) string {
	return `{"finding":{"osv":"` + id + `","trace":[{"module":"` + module + `","version":"v1.0.0","package":"` + module + `/p"}]}}`
}

func TestVerdict(t *testing.T) {
	for _, tc := range []struct {
		name, stream, accepted string
		want                   error // nil, errVulnerable, or errOther
		wantLine               string
	}{
		{name: "nothing found", stream: config, want: nil, wantLine: "no vulnerable symbol called"},
		{name: "a module's symbol called", stream: config + called("GO-2099-0001", "example.com/a", "example.com/a/p", "Parse"),
			want: errVulnerable, wantLine: "FAIL GO-2099-0001 example.com/a@v1.0.0 (fixed in v1.2.3): example.com/a/p.Parse, called from dateline/internal/x.F (internal/x/x.go:7)"},
		{name: "imported, never called", stream: config + imported("GO-2099-0001", "example.com/a"), want: nil},
		{name: "the standard library's, accepted", stream: config + called("GO-2099-0002", "stdlib", "net/http", "Serve"),
			accepted: "GO-2099-0002 fixed in a newer Go\n", want: nil, wantLine: "KNOWN GO-2099-0002"},
		{name: "the standard library's, not accepted", stream: config + called("GO-2099-0002", "stdlib", "net/http", "Serve"),
			want: errVulnerable, wantLine: "FAIL GO-2099-0002"},
		{name: "a module's cannot be accepted", stream: config + called("GO-2099-0001", "example.com/a", "example.com/a/p", "Parse"),
			accepted: "GO-2099-0001 we would rather not\n", want: errVulnerable, wantLine: "only the standard library's can be"},
		{name: "an accepted ID no longer found", stream: config, accepted: "# a comment\n\nGO-2099-0003 fixed in a newer Go\n",
			want: errOther, wantLine: "STALE GO-2099-0003"},
		{name: "no config: govulncheck did not run", stream: "", want: errOther},
		{name: "scanned below symbol level", stream: strings.Replace(config, `"symbol"`, `"module"`, 1), want: errOther},
		{name: "not govulncheck's output", stream: config + "{", want: errOther},
		{name: "an accepted ID without reason", stream: config, accepted: "GO-2099-0003\n", want: errOther},
		{name: "an accepted line that is no ID", stream: config, accepted: "CVE-2099-1 reason\n", want: errOther},
	} {
		t.Run(tc.name, func(t *testing.T) {
			accept := ""
			if tc.accepted != "" {
				accept = filepath.Join(writeFiles(t, map[string]string{"accepted": tc.accepted}), "accepted")
			}
			var out bytes.Buffer
			err := verdict(strings.NewReader(tc.stream), accept, &out)
			switch {
			case tc.want == nil && err != nil, tc.want == errVulnerable && !errors.Is(err, errVulnerable),
				tc.want == errOther && (err == nil || errors.Is(err, errVulnerable)):
				t.Fatalf("verdict = %v, want %v\n%s", err, tc.want, out.String())
			}
			if !strings.Contains(out.String(), tc.wantLine) {
				t.Errorf("output lacks %q:\n%s", tc.wantLine, out.String())
			}
		})
	}
}

var errOther = errors.New("an error other than errVulnerable")

func TestRunExitCodes(t *testing.T) {
	var stdout, stderr bytes.Buffer
	stream := config + called("GO-2099-0001", "example.com/a", "example.com/a/p", "Parse")
	if code := run([]string{"verdict"}, strings.NewReader(stream), &stdout, &stderr); code != 3 {
		t.Errorf("a called vulnerable symbol exits %d, want 3 (govulncheck's own)", code)
	}
	if code := run([]string{"verdict"}, strings.NewReader(config), &stdout, &stderr); code != 0 {
		t.Errorf("a clean scan exits %d, want 0: %s", code, stderr.String())
	}
	if code := run([]string{"verdict"}, strings.NewReader(""), &stdout, &stderr); code != 1 {
		t.Errorf("no scan exits %d, want 1", code)
	}
	if code := run([]string{"nonsense"}, nil, &stdout, &stderr); code != 1 {
		t.Errorf("an unknown command exits %d, want 1", code)
	}
}
