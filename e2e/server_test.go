package e2e

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// server is a `dateline serve --demo` process.
type server struct {
	base string
	cmd  *exec.Cmd
	log  *os.File
	done chan struct{} // closed when the process has exited
	err  error         // its exit status, once done is closed
}

// startServer runs the binary on a free loopback port and waits until
// /healthz answers 200.
func startServer(bin, data, weatherURL, logPath string) (*server, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve", "--demo", "--addr", addr, "--data", data, "--weather-url", weatherURL)
	cmd.Env = serverEnv()
	cmd.Stdout, cmd.Stderr = logFile, logFile
	if err := cmd.Start(); err != nil {
		logFile.Close()
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	s := &server{base: "http://" + addr, cmd: cmd, log: logFile, done: make(chan struct{})}
	go func() {
		s.err = cmd.Wait()
		close(s.done)
	}()
	// The first start seeds the demo, whose 51 pictures are drawn and
	// resized: 30 s on a quiet two-core machine, and past 90 s on one
	// shared by a few other builds (the stage failed there on its setup).
	if err := s.waitReady(3 * time.Minute); err != nil {
		return nil, errors.Join(err, s.stop(5*time.Second))
	}
	return s, nil
}

// serverEnv is the test's environment without DATELINE_ variables, so a
// developer's own settings (DATELINE_DB, say) cannot point the server at
// their data.
func serverEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "DATELINE_") {
			env = append(env, kv)
		}
	}
	return env
}

// freeAddr asks the kernel for a free loopback port.
func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func (s *server) waitReady(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	client := &http.Client{Timeout: 2 * time.Second}
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	for {
		select {
		case <-s.done:
			return fmt.Errorf("dateline exited before it was ready (%v); its log:\n%s", s.err, tail(s.log.Name(), 40))
		case <-tick.C:
		}
		resp, err := client.Get(s.base + "/healthz")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("dateline did not answer /healthz with 200 within %v (last: %v); its log:\n%s", limit, err, tail(s.log.Name(), 40))
		}
	}
}

// gone says, for an error message, that the server has exited, if it has:
// something else on the machine may have stopped it.
func (s *server) gone() string {
	select {
	case <-s.done:
		return fmt.Sprintf("\n(the dateline server has exited before the end of the tests: %v; its log ends:\n%s)", s.err, tail(s.log.Name(), 5))
	default:
		return ""
	}
}

// stop sends SIGTERM and waits for a clean exit.
func (s *server) stop(limit time.Duration) error {
	defer s.log.Close()
	if err := s.cmd.Process.Signal(syscall.SIGTERM); err != nil && !errors.Is(err, os.ErrProcessDone) {
		return fmt.Errorf("signal dateline: %w", err)
	}
	select {
	case <-s.done:
	case <-time.After(limit):
		s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("dateline did not stop within %v of SIGTERM", limit)
	}
	if s.err != nil {
		return fmt.Errorf("dateline did not stop cleanly on SIGTERM: %v; its log:\n%s", s.err, tail(s.log.Name(), 20))
	}
	return nil
}

// tail returns the last n lines of a file, for error messages.
func tail(path string, n int) string {
	b, err := os.ReadFile(path)
	if err != nil {
		return err.Error()
	}
	lines := strings.Split(strings.TrimRight(string(b), "\n"), "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "\n")
}

// weatherStub answers like the Open-Meteo forecast API, so the header shows
// the reference page's "29.5 °C Thailand" without reaching the internet.
type weatherStub struct{ *httptest.Server }

func startWeatherStub() (*weatherStub, error) {
	answer, err := os.ReadFile("testdata/openmeteo_current.json")
	if err != nil {
		return nil, err
	}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/forecast", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(answer)
	})
	return &weatherStub{httptest.NewServer(mux)}, nil
}

// waitForWeather waits until the home page shows the weather: the server
// asks the stub at start, in the background.
func (e *env) waitForWeather(limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		body, err := get(context.Background(), e.url("/"))
		if err == nil && bytes.Contains(body, []byte(`class="weather"`)) {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("the header never showed the weather from the local stub within %v (last error: %v); server log:\n%s",
				limit, err, tail(e.server.log.Name(), 20))
		}
		time.Sleep(200 * time.Millisecond) // polling with a deadline
	}
}

// fetch GETs a URL and returns the body and status.
func fetch(ctx context.Context, u string) ([]byte, int, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, 0, err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, 0, err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	return body, resp.StatusCode, err
}

// get fetches a URL that must answer 200.
func get(ctx context.Context, u string) ([]byte, error) {
	body, status, err := fetch(ctx, u)
	if err == nil && status != http.StatusOK {
		err = fmt.Errorf("GET %s: status %d", u, status)
	}
	return body, err
}

// page is a public page the audits look at.
type page struct {
	name   string // used in test names and file names
	path   string
	status int // the HTTP status the page answers with
}

// discoverPages finds the demo's pages: the demo dates its stories relative
// to today, so article paths are read from the site rather than written
// down here.
func discoverPages(base string) ([]page, error) {
	home, err := get(context.Background(), base+"/")
	if err != nil {
		return nil, err
	}
	article, err := firstLink(home, "lead-title")
	if err != nil {
		return nil, fmt.Errorf("home page: %w", err)
	}
	story, err := get(context.Background(), base+article)
	if err != nil {
		return nil, err
	}
	tag, err := firstLink(story, "tags")
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", article, err)
	}
	author, err := firstLink(story, "author")
	if err != nil {
		return nil, fmt.Errorf("article %s: %w", article, err)
	}
	return []page{
		{"home", "/", http.StatusOK},
		{"article", article, http.StatusOK},
		{"category", "/category/thailand/", http.StatusOK},
		{"tag", tag, http.StatusOK},
		{"author", author, http.StatusOK},
		{"search", "/search?q=flood", http.StatusOK},
		{"search-thai", "/search?q=" + url.QueryEscape("ตลาดนัด"), http.StatusOK},
		{"not-found", "/no-such-page/", http.StatusNotFound},
	}, nil
}

// pagePath returns the path of a discovered page by name.
func (e *env) pagePath(t *testing.T, name string) string {
	t.Helper()
	for _, p := range e.pages {
		if p.name == name {
			return p.path
		}
	}
	t.Fatalf("no page named %q", name)
	return ""
}

// firstLink returns the href of the first link inside an element of the
// given class.
func firstLink(doc []byte, class string) (string, error) {
	root, err := html.Parse(bytes.NewReader(doc))
	if err != nil {
		return "", err
	}
	var find func(n *html.Node, inside bool) string
	find = func(n *html.Node, inside bool) string {
		if n.Type == html.ElementNode {
			inside = inside || hasClass(n, class)
			if inside && n.Data == "a" {
				if href := attr(n, "href"); href != "" {
					return href
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if href := find(c, inside); href != "" {
				return href
			}
		}
		return ""
	}
	if href := find(root, false); href != "" {
		return href, nil
	}
	return "", fmt.Errorf("no link inside an element of class %q", class)
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func hasClass(n *html.Node, class string) bool {
	for _, c := range strings.Fields(attr(n, "class")) {
		if c == class {
			return true
		}
	}
	return false
}
