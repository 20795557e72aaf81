package e2e

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

// suite is what every test shares: the binary is built once, the demo
// newsroom seeded once and one Chromium started once, on the first test
// that asks for them; TestMain stops them after the last test.
var suite struct {
	once sync.Once
	env  *env
	err  error
}

func TestMain(m *testing.M) {
	code := m.Run()
	if suite.env != nil {
		if err := suite.env.close(); err != nil {
			fmt.Fprintln(os.Stderr, "e2e:", err)
			if code == 0 {
				code = 1
			}
		}
	}
	os.Exit(code)
}

// env is the running system under test and the tools that look at it.
type env struct {
	root      string // temporary folder: binary, data, browser profiles
	bin       string // the dateline binary built for this run
	data      string // --data of the server
	base      string // "http://127.0.0.1:PORT", no trailing slash
	artifacts string // screenshots, reports and logs kept after the run
	modules   string // e2e/node_modules, absolute
	chromium  string

	weather *weatherStub
	server  *server
	browser *browser
	pages   []page // the public pages the audits look at
}

// setup skips the test unless DATELINE_E2E=1, and otherwise returns the
// shared environment, starting it on the first call.
func setup(t *testing.T) *env {
	t.Helper()
	if os.Getenv("DATELINE_E2E") != "1" {
		t.Skip("set DATELINE_E2E=1 to run browser tests")
	}
	suite.once.Do(func() {
		began := time.Now()
		suite.env, suite.err = start()
		if suite.err == nil {
			fmt.Fprintf(os.Stderr, "e2e: dateline serving the demo at %s, Chromium ready (setup took %v)\n",
				suite.env.base, time.Since(began).Round(100*time.Millisecond))
		}
	})
	if suite.err != nil {
		t.Fatalf("e2e setup failed: %v", suite.err)
	}
	return suite.env
}

// start builds dateline, starts it on a free loopback port with the demo
// newsroom and a local weather service, and starts Chromium. On failure it
// stops whatever it had started.
func start() (e *env, err error) {
	chromium, err := findChromium()
	if err != nil {
		return nil, err
	}
	artifacts, err := artifactsDir()
	if err != nil {
		return nil, err
	}
	modules, err := filepath.Abs("node_modules")
	if err != nil {
		return nil, err
	}
	root, err := os.MkdirTemp("", "dateline-e2e-")
	if err != nil {
		return nil, err
	}
	e = &env{
		root:      root,
		bin:       filepath.Join(root, "dateline"),
		data:      filepath.Join(root, "data"),
		artifacts: artifacts,
		modules:   modules,
		chromium:  chromium,
	}
	defer func() {
		if err != nil {
			err = errors.Join(err, e.close())
			e = nil
		}
	}()

	build := exec.Command("go", "build", "-o", e.bin, "./cmd/dateline")
	build.Dir = ".." // the module root
	if out, err := build.CombinedOutput(); err != nil {
		return e, fmt.Errorf("go build ./cmd/dateline: %v\n%s", err, out)
	}
	if e.weather, err = startWeatherStub(); err != nil {
		return e, err
	}
	logPath := filepath.Join(artifacts, "server.log")
	if e.server, err = startServer(e.bin, e.data, e.weather.URL, logPath); err != nil {
		return e, err
	}
	e.base = e.server.base
	if err := e.waitForWeather(20 * time.Second); err != nil {
		return e, err
	}
	if e.pages, err = discoverPages(e.base); err != nil {
		return e, err
	}
	if e.browser, err = startBrowser(chromium, filepath.Join(root, "chromium-profile"), filepath.Join(artifacts, "chromium.log")); err != nil {
		return e, err
	}
	return e, nil
}

// close stops the browser, then the server with SIGTERM, and removes the
// temporary folder. An unclean server stop is an error: shutdown is part of
// what is tested.
func (e *env) close() error {
	var errs []error
	if e.browser != nil {
		e.browser.stop()
	}
	if e.server != nil {
		errs = append(errs, e.server.stop(20*time.Second))
	}
	if e.weather != nil {
		e.weather.Close()
	}
	errs = append(errs, os.RemoveAll(e.root))
	return errors.Join(errs...)
}

// url is the absolute address of a site path.
func (e *env) url(path string) string { return e.base + path }

// findChromium returns the browser to drive: $CHROME_PATH when set (the
// variable Lighthouse reads too), else chromium on the PATH.
func findChromium() (string, error) {
	if p := os.Getenv("CHROME_PATH"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", fmt.Errorf("CHROME_PATH=%s: %v", p, err)
		}
		return p, nil
	}
	for _, name := range []string{"chromium", "/usr/bin/chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	return "", errors.New("Chromium not found (looked at $CHROME_PATH and for chromium on the PATH): " +
		"install it with `apt-get install -y chromium` on Debian, or set CHROME_PATH to a Chromium or Chrome binary")
}

// artifactsDir is where screenshots, reports and logs go:
// $DATELINE_E2E_ARTIFACTS, or e2e/artifacts (ignored by git).
func artifactsDir() (string, error) {
	dir := os.Getenv("DATELINE_E2E_ARTIFACTS")
	if dir == "" {
		dir = "artifacts"
	}
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	return dir, os.MkdirAll(dir, 0o755)
}

// nodeModule returns the path of a file inside e2e/node_modules, failing the
// test with what to run when the npm packages are not installed.
func (e *env) nodeModule(t *testing.T, rel string) string {
	t.Helper()
	p := filepath.Join(e.modules, filepath.FromSlash(rel))
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("%s is missing: install the pinned npm packages with `cd e2e && npm ci --ignore-scripts` (%v)", p, err)
	}
	return p
}

// tool returns the path of a program on the PATH, failing the test with
// how to install it when it is missing.
func tool(t *testing.T, name, install string) string {
	t.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		t.Fatalf("%s not found on the PATH: %s", name, install)
	}
	return p
}

// timeout derives a context that ends after d or with the test.
func timeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(t.Context(), d)
	t.Cleanup(cancel)
	return ctx
}
