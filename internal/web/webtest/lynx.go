package webtest

import (
	"bytes"
	"os/exec"
	"strings"
	"testing"
)

// Lynx is the page as the text browser lynx shows it (lynx -dump): no
// style sheet, no script, one line per block. What a reader with a text
// browser, a braille display fed by one, or a tool that reads pages the
// same way meets is only worth checking with the real browser, so a
// missing lynx fails the test instead of skipping it.
func Lynx(t testing.TB, page string) []string {
	t.Helper()
	path, err := exec.LookPath("lynx")
	if err != nil {
		t.Fatal("lynx is needed to read pages as a text browser does and was not found; " +
			"install it (Debian/Ubuntu: apt-get install -y lynx)")
	}
	cmd := exec.Command(path, "-dump", "-stdin", "-force_html", "-nolist", "-width=1000",
		"-assume_charset=utf-8", "-display_charset=utf-8", "-cfg=/dev/null")
	cmd.Stdin = strings.NewReader(page)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("lynx -dump: %v: %s", err, stderr.String())
	}
	var lines []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			lines = append(lines, l)
		}
	}
	return lines
}
