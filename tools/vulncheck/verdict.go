package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
)

var errVulnerable = errors.New("the code calls a vulnerable symbol")

// The part of govulncheck's JSON stream (golang.org/x/vuln's
// internal/govulncheck, protocol v1.0.0) the verdict reads: a sequence of
// messages, each holding one of config, progress, SBOM, osv or finding.
type (
	message struct {
		Config  *scanConfig `json:"config"`
		Finding *finding    `json:"finding"`
	}
	scanConfig struct {
		ScannerVersion string `json:"scanner_version"`
		DB             string `json:"db"`
		DBLastModified string `json:"db_last_modified"`
		GoVersion      string `json:"go_version"`
		ScanLevel      string `json:"scan_level"`
	}
	finding struct {
		OSV          string  `json:"osv"`
		FixedVersion string  `json:"fixed_version"`
		Trace        []frame `json:"trace"`
	}
	// A trace runs from the vulnerable symbol (first) to the caller in
	// our code (last); a finding at module or package level has one frame
	// with no function.
	frame struct {
		Module   string `json:"module"`
		Version  string `json:"version"`
		Package  string `json:"package"`
		Function string `json:"function"`
		Receiver string `json:"receiver"`
		Position *struct {
			Filename string `json:"filename"`
			Line     int    `json:"line"`
		} `json:"position"`
	}
)

// verdict fails (errVulnerable) when the code calls a vulnerable symbol,
// unless it is the standard library's and acceptFile lists its ID. Module
// and package level findings (imported, never called) pass, as they do for
// govulncheck itself. An accepted ID that is no longer found is an error
// too, so the list cannot outlive its reason.
func verdict(r io.Reader, acceptFile string, w io.Writer) error {
	accepted, err := readAccepted(acceptFile)
	if err != nil {
		return err
	}
	var cfg *scanConfig
	called := map[string]*finding{}
	var order []string
	dec := json.NewDecoder(r)
	for {
		var m message
		if err := dec.Decode(&m); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			return fmt.Errorf("reading govulncheck's output: %w", err)
		}
		if m.Config != nil {
			cfg = m.Config
		}
		f := m.Finding
		if f == nil || len(f.Trace) == 0 || f.Trace[0].Function == "" {
			continue
		}
		if called[f.OSV] == nil {
			called[f.OSV] = f
			order = append(order, f.OSV)
		}
	}
	if cfg == nil {
		return errors.New("no govulncheck config in its output: did it run?")
	}
	if cfg.ScanLevel != "symbol" {
		return fmt.Errorf("govulncheck scanned at %q level, want symbol", cfg.ScanLevel)
	}
	fmt.Fprintf(w, "govulncheck %s, database %s (%s), %s\n", cfg.ScannerVersion, cfg.DB, cfg.DBLastModified, cfg.GoVersion)

	slices.Sort(order)
	failed := 0
	for _, id := range order {
		f := called[id]
		top := f.Trace[0]
		what := fmt.Sprintf("%s %s@%s (fixed in %s): %s, called from %s", id, top.Module, top.Version,
			orNone(f.FixedVersion), symbol(top), caller(f.Trace))
		reason, ok := accepted[id]
		switch {
		case ok && top.Module == "stdlib":
			fmt.Fprintf(w, "KNOWN %s\n      accepted: %s\n", what, reason)
		case ok:
			failed++
			fmt.Fprintf(w, "FAIL %s\n      listed in %s, but only the standard library's can be: upgrade the module\n", what, acceptFile)
		default:
			failed++
			fmt.Fprintf(w, "FAIL %s\n", what)
		}
	}
	var stale []string
	for id := range accepted {
		if called[id] == nil {
			stale = append(stale, id)
		}
	}
	slices.Sort(stale)
	for _, id := range stale {
		fmt.Fprintf(w, "STALE %s is listed in %s but no longer found: remove it\n", id, acceptFile)
	}
	switch {
	case failed > 0:
		return fmt.Errorf("%w: %d vulnerabilities", errVulnerable, failed)
	case len(stale) > 0:
		return fmt.Errorf("%d accepted IDs are no longer found", len(stale))
	}
	fmt.Fprintf(w, "no vulnerable symbol called (%d known in the standard library)\n", len(order))
	return nil
}

// readAccepted reads "ID reason" lines; blank lines and # comments are
// skipped. Every ID needs its reason.
func readAccepted(name string) (map[string]string, error) {
	accepted := map[string]string{}
	if name == "" {
		return accepted, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		line := strings.TrimSpace(sc.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		id, reason, _ := strings.Cut(line, " ")
		reason = strings.TrimSpace(reason)
		switch {
		case !validID.MatchString(id):
			return nil, fmt.Errorf("%s:%d: %q is not a Go vulnerability ID", name, n, id)
		case reason == "":
			return nil, fmt.Errorf("%s:%d: %s has no reason", name, n, id)
		case accepted[id] != "":
			return nil, fmt.Errorf("%s:%d: %s is listed twice", name, n, id)
		}
		accepted[id] = reason
	}
	return accepted, sc.Err()
}

func symbol(f frame) string {
	name := f.Function
	if f.Receiver != "" {
		name = strings.TrimPrefix(f.Receiver, "*") + "." + name
	}
	return f.Package + "." + name
}

func caller(trace []frame) string {
	last := trace[len(trace)-1]
	if last.Position == nil {
		return symbol(last)
	}
	return fmt.Sprintf("%s (%s:%d)", symbol(last), last.Position.Filename, last.Position.Line)
}

func orNone(v string) string {
	if v == "" {
		return "no version yet"
	}
	return v
}
