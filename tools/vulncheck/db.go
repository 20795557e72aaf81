package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"time"
)

// osvEntry is the part of an OSV entry (https://ossf.github.io/osv-schema/)
// the index needs. The entry files themselves are copied unchanged.
type osvEntry struct {
	ID       string    `json:"id"`
	Modified time.Time `json:"modified"`
	Aliases  []string  `json:"aliases"`
	Affected []struct {
		Package struct {
			// The Go database puts the module path here, "stdlib" and
			// "toolchain" for Go itself.
			Name string `json:"name"`
		} `json:"package"`
	} `json:"affected"`
}

// The database's index files, as https://go.dev/security/vuln/database
// describes them.
type (
	dbMeta struct {
		Modified time.Time `json:"modified"`
	}
	moduleMeta struct {
		Path  string       `json:"path"`
		Vulns []moduleVuln `json:"vulns"`
	}
	// moduleVuln leaves out the optional "fixed" version on purpose:
	// govulncheck skips an entry whose fixed version is at most the one in
	// use without reading it, so a wrong one would hide a vulnerability.
	// Without it govulncheck reads each of a module's entries and decides
	// from their full version ranges, a few more small files read locally.
	moduleVuln struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
	}
	vulnMeta struct {
		ID       string    `json:"id"`
		Modified time.Time `json:"modified"`
		Aliases  []string  `json:"aliases,omitempty"`
	}
)

var validID = regexp.MustCompile(`^GO-[0-9]{4}-[0-9]{4,}$`)

// buildDB writes the database for the entries in osvDir to out, which must
// not exist yet (the caller builds into a fresh folder and renames it, so a
// half-written database is never used). The entries of the vulndb module
// carry no modification time (it comes from its git history, which the
// module leaves out); modified, the data's own time, stands in for it.
func buildDB(osvDir, out, modified string) (int, error) {
	if osvDir == "" || out == "" || modified == "" {
		return 0, errors.New("db needs -osv, -out and -modified")
	}
	dataTime, err := time.Parse(time.RFC3339, modified)
	if err != nil {
		return 0, fmt.Errorf("-modified: %w", err)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		return 0, fmt.Errorf("%s already exists", out)
	}
	files, err := os.ReadDir(osvDir)
	if err != nil {
		return 0, err
	}
	db := dbMeta{Modified: dataTime}
	modules := map[string]*moduleMeta{}
	var vulns []vulnMeta
	raw := map[string][]byte{}
	for _, f := range files {
		if f.IsDir() || filepath.Ext(f.Name()) != ".json" {
			continue
		}
		b, err := os.ReadFile(filepath.Join(osvDir, f.Name()))
		if err != nil {
			return 0, err
		}
		e, err := parseEntry(f.Name(), b)
		if err != nil {
			return 0, err
		}
		if e.Modified.IsZero() {
			e.Modified = dataTime
		}
		if e.Modified.After(db.Modified) {
			db.Modified = e.Modified
		}
		raw[e.ID] = b
		vulns = append(vulns, vulnMeta{ID: e.ID, Modified: e.Modified, Aliases: e.Aliases})
		for _, a := range e.Affected {
			m := modules[a.Package.Name]
			if m == nil {
				m = &moduleMeta{Path: a.Package.Name}
				modules[a.Package.Name] = m
			}
			if !slices.ContainsFunc(m.Vulns, func(v moduleVuln) bool { return v.ID == e.ID }) {
				m.Vulns = append(m.Vulns, moduleVuln{ID: e.ID, Modified: e.Modified})
			}
		}
	}
	if len(raw) == 0 {
		return 0, fmt.Errorf("no OSV entries in %s", osvDir)
	}
	return len(raw), writeDB(out, db, modules, vulns, raw)
}

// parseEntry checks what govulncheck relies on: the entry decodes, its ID
// is a Go one and names its file, and it says which modules it affects.
func parseEntry(name string, b []byte) (osvEntry, error) {
	var e osvEntry
	if err := json.Unmarshal(b, &e); err != nil {
		return e, fmt.Errorf("%s: %w", name, err)
	}
	if !validID.MatchString(e.ID) || name != e.ID+".json" {
		return e, fmt.Errorf("%s: id %q does not name its file", name, e.ID)
	}
	if len(e.Affected) == 0 {
		return e, fmt.Errorf("%s: affects no module", name)
	}
	for _, a := range e.Affected {
		if strings.TrimSpace(a.Package.Name) == "" {
			return e, fmt.Errorf("%s: an affected package has no module path", name)
		}
	}
	return e, nil
}

func writeDB(out string, db dbMeta, modules map[string]*moduleMeta, vulns []vulnMeta, raw map[string][]byte) error {
	for _, dir := range []string{"index", "ID"} {
		if err := os.MkdirAll(filepath.Join(out, dir), 0o755); err != nil {
			return err
		}
	}
	mods := make([]*moduleMeta, 0, len(modules))
	for _, m := range modules {
		slices.SortFunc(m.Vulns, func(a, b moduleVuln) int { return strings.Compare(a.ID, b.ID) })
		mods = append(mods, m)
	}
	slices.SortFunc(mods, func(a, b *moduleMeta) int { return strings.Compare(a.Path, b.Path) })
	slices.SortFunc(vulns, func(a, b vulnMeta) int { return strings.Compare(a.ID, b.ID) })
	for name, v := range map[string]any{"db": db, "modules": mods, "vulns": vulns} {
		b, err := json.Marshal(v)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(out, "index", name+".json"), b, 0o644); err != nil {
			return err
		}
	}
	for id, b := range raw {
		if err := os.WriteFile(filepath.Join(out, "ID", id+".json"), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
