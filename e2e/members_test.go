package e2e

// Newsroom members made for one test, signing in, and finding form
// fields by their labels.

import (
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/chromedp/chromedp"
)

// member is a newsroom account made for one test.
type member struct {
	email, name, role, password string
}

// members and fields number what the tests make, so names never clash.
var members, fields atomic.Int64

// addMember creates an account with `dateline user add`, which works while
// the server runs on the same data.
func (e *env) addMember(t *testing.T, role string) member {
	t.Helper()
	n := members.Add(1)
	m := member{
		email:    fmt.Sprintf("%s%d@e2e.example", role, n),
		name:     fmt.Sprintf("E2E %s %d", strings.ToUpper(role[:1])+role[1:], n),
		role:     role,
		password: fmt.Sprintf("correct horse battery staple %d", n),
	}
	cmd := exec.CommandContext(t.Context(), e.bin, "user", "add", "--data", e.data,
		"--email", m.email, "--name", m.name, "--role", role)
	cmd.Env = serverEnv()
	cmd.Stdin = strings.NewReader(m.password + "\n")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("dateline user add: %v\n%s", err, out)
	}
	return m
}

// token makes an API token for a member with `dateline token create`.
func (e *env) token(t *testing.T, m member) string {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), e.bin, "token", "create", "--data", e.data, "--user", m.email)
	cmd.Env = serverEnv()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("dateline token create: %v", err)
	}
	return strings.TrimSpace(string(out))
}

// signIn signs a member in at /admin/login (fields email and password).
func (tb *tab) signIn(m member) {
	tb.t.Helper()
	tb.open("/admin/login", 200)
	tb.do(
		chromedp.SendKeys(chromedp.CSS("input[name=email]"), m.email, chromedp.NodeVisible),
		chromedp.SendKeys(chromedp.CSS("input[name=password]"), m.password, chromedp.NodeVisible),
	)
	tb.follow("sign in", chromedp.Submit(chromedp.CSS("input[name=password]")))
	if u, _ := url.Parse(tb.location()); u == nil || u.Path == "/admin/login" {
		shown := evaluate[string](tb, `document.querySelector('main')?.innerText ?? ''`)
		tb.t.Fatalf("%s could not sign in: %s", m.email, abbreviate(shown, 300))
	}
}

// field finds the form control whose label matches pattern and marks it,
// so actions can select it: the tests follow the labels a writer reads,
// not the markup's names.
func (tb *tab) field(pattern string) chromedp.CSS {
	tb.t.Helper()
	key := fmt.Sprintf("f%d", fields.Add(1))
	found := evaluate[bool](tb, fmt.Sprintf(`((pattern, key) => {
		const re = new RegExp(pattern, 'i');
		const label = [...document.querySelectorAll('label')].find(l => re.test(l.textContent.trim()));
		const control = label && (label.control ?? document.getElementById(label.htmlFor));
		if (!control) return false;
		control.setAttribute('data-e2e', key);
		return true;
	})(%q, %q)`, pattern, key))
	if !found {
		labels := evaluate[[]string](tb, `[...document.querySelectorAll('label')].map(l => l.textContent.trim())`)
		tb.t.Fatalf("no field labelled /%s/ on %s; labels: %q", pattern, tb.location(), labels)
	}
	return chromedp.CSS(fmt.Sprintf(`[data-e2e=%q]`, key))
}

// writePhoto makes a JPEG photograph-sized test picture.
func writePhoto(t *testing.T) string {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 1600, 900))
	for y := range 900 {
		for x := range 1600 {
			img.Set(x, y, color.RGBA{uint8(x / 7), uint8(y / 4), uint8((x + y) / 10), 255})
		}
	}
	path := filepath.Join(t.TempDir(), "khon-kaen-market.jpg")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := jpeg.Encode(f, img, &jpeg.Options{Quality: 85}); err != nil {
		t.Fatal(err)
	}
	return path
}
