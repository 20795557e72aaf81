package e2e

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestHTMLIsValid checks the public pages, as the server sends them, with
// the Nu Html Checker: no errors. Warnings are logged. Beside the demo's
// pages it checks a live blog, a page with a breaking alert, a corrected
// opinion piece, /corrections/ and a withdrawn story (newsroomStories).
func TestHTMLIsValid(t *testing.T) {
	e := setup(t)
	docs := map[string][]byte{}
	for _, p := range append(slices.Clone(e.pages), e.newsroomStories(t).pages()...) {
		body, status, err := fetch(t.Context(), e.url(p.path))
		if err != nil {
			t.Fatal(err)
		}
		if status != p.status {
			t.Fatalf("GET %s: status %d, want %d", p.path, status, p.status)
		}
		docs[p.name+".html"] = body
	}
	css, err := get(t.Context(), e.url("/static/site.css"))
	if err != nil {
		t.Fatal(err)
	}
	docs["site.css"] = css
	checkHTML(t, e, docs)
}

// vnuMessage is one finding of the Nu Html Checker's JSON output.
type vnuMessage struct {
	Type        string `json:"type"` // error, info (subType warning) or non-document-error
	SubType     string `json:"subType"`
	URL         string `json:"url"`
	FirstLine   int    `json:"firstLine"`
	LastLine    int    `json:"lastLine"`
	FirstColumn int    `json:"firstColumn"`
	LastColumn  int    `json:"lastColumn"`
	Message     string `json:"message"`
	Extract     string `json:"extract"`
}

// checkHTML writes the documents (name → content; .css files are checked
// as CSS) to files and runs the checker once on all of them: starting the
// JVM costs most of the time.
func checkHTML(t *testing.T, e *env, docs map[string][]byte) {
	t.Helper()
	java := tool(t, "java", "install a Java runtime with `apt-get install -y default-jre-headless`")
	jar := e.nodeModule(t, "vnu-jar/build/dist/vnu.jar")
	dir := t.TempDir()
	var files []string
	for name, body := range docs {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, body, 0o644); err != nil {
			t.Fatal(err)
		}
		files = append(files, path)
	}
	args := append([]string{"-jar", jar, "--format", "json", "--stdout", "--also-check-css"}, files...)
	began := time.Now()
	cmd := exec.CommandContext(timeout(t, 3*time.Minute), java, args...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) { // the checker exits 1 when it finds errors
		t.Fatalf("run the Nu Html Checker: %v\n%s", err, stderr.String())
	}
	var out struct {
		Version  string       `json:"version"`
		Messages []vnuMessage `json:"messages"`
	}
	if err := json.Unmarshal(stdout.Bytes(), &out); err != nil {
		t.Fatalf("read the Nu Html Checker's answer: %v\nstdout: %s\nstderr: %s", err, abbreviate(stdout.String(), 500), stderr.String())
	}
	t.Logf("Nu Html Checker %s checked %d files in %v", out.Version, len(files), time.Since(began).Round(100*time.Millisecond))

	errs, warnings := 0, 0
	for _, m := range out.Messages {
		file := m.URL
		if u, err := url.Parse(m.URL); err == nil {
			file = filepath.Base(u.Path)
		}
		where := fmt.Sprintf("%s:%d:%d", file, m.LastLine, m.FirstColumn)
		switch {
		case m.Type == "error" || m.Type == "non-document-error":
			errs++
			t.Errorf("%s: %s\n\t%s", where, m.Message, strings.TrimSpace(abbreviate(m.Extract, 160)))
		case m.Type == "info" && m.SubType == "warning":
			// Warnings fail too: each one so far was a real flaw (an
			// article without a heading, a redundant ARIA attribute).
			warnings++
			t.Errorf("warning %s: %s", where, m.Message)
		default:
			t.Logf("%s %s: %s", m.Type, where, m.Message)
		}
	}
	if errs == 0 && exit != nil {
		t.Errorf("the Nu Html Checker exited with %v and reported no error: %s", err, stderr.String())
	}
	t.Logf("%d errors, %d warnings", errs, warnings)
}
