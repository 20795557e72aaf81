package main

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/andybalholm/brotli"

	"dateline/internal/articles"
	"dateline/internal/content"
)

// TestNginxServesTheStaticMirror runs a real nginx, with the configuration
// of docs/nginx.md, in front of the whole program started with a static
// mirror (--static-dir). A page read once through nginx comes from
// dateline, which writes it into the mirror; from then on nginx answers it
// from the files without asking dateline, plain, with gzip_static and with
// brotli_static. A headline changed through the API removes the story's
// files at the purge, so nginx's next answer comes from dateline with the
// new headline, while a story the change does not touch stays in the
// mirror.
func TestNginxServesTheStaticMirror(t *testing.T) {
	nginx := findNginx(t)
	mirror := filepath.Join(t.TempDir(), "mirror")
	e := newEventsApp(t, func(c *Config) {
		c.CacheMB, c.CacheAge, c.MaxRenders = 32, 60*time.Second, 64
		c.StaticDir = mirror
	})
	s := &scene{eventsApp: e, t: t}
	a := e.story
	b := s.newArticle(e.staff[content.RoleEditor], articles.StepPublish, e.business, "Markets")
	pathA, pathB := a.Path(e.zone), b.Path(e.zone)

	// The front door on a real listener, counting what reaches it.
	reached := &pathCounter{seen: map[string]int{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	noError(t, err)
	srv := &http.Server{Handler: reached.wrap(e.h), ReadHeaderTimeout: 5 * time.Second}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	t.Cleanup(func() {
		srv.Close()
		if err := <-served; err != http.ErrServerClosed {
			t.Errorf("dateline's listener: %v", err)
		}
	})

	n := startNginx(t, nginx, mirror, ln.Addr().(*net.TCPAddr).Port)

	// First read: nginx finds no file and asks dateline, which renders the
	// page and writes it into the mirror.
	first := n.get(pathA, "")
	if first.status != http.StatusOK || reached.count(pathA) != 1 {
		t.Fatalf("A the first time: %d, dateline asked %d times; want 200 from dateline once", first.status, reached.count(pathA))
	}
	if first.header.Get("Cache-Status") == "" {
		t.Errorf("A the first time came without dateline's Cache-Status; want dateline's answer")
	}
	if !strings.Contains(first.body, a.Title) {
		t.Fatalf("A's page does not show its title %q", a.Title)
	}
	files := filepath.Join(mirror, filepath.FromSlash(pathA))
	for _, name := range []string{"index.html", "index.html.gz", "index.html.br"} {
		if _, err := os.Stat(filepath.Join(files, name)); err != nil {
			t.Errorf("the mirror has no %s for A: %v", name, err)
		}
	}
	n.get(pathB, "")

	// Then nginx answers from the files: dateline is not asked again.
	plain := n.get(pathA, "")
	if plain.status != http.StatusOK || plain.body != first.body {
		t.Errorf("A from the mirror: %d, the same page as dateline's: %v", plain.status, plain.body == first.body)
	}
	if got := plain.header.Get("Cache-Status"); got != "" {
		t.Errorf("A from the mirror carries Cache-Status %q; want nginx's own answer", got)
	}
	if !strings.HasPrefix(plain.header.Get("Server"), "nginx") || plain.header.Get("Last-Modified") == "" {
		t.Errorf("A from the mirror: Server %q, Last-Modified %q; want nginx serving a file", plain.header.Get("Server"), plain.header.Get("Last-Modified"))
	}
	for _, c := range []struct {
		coding string
		decode func(io.Reader) (io.Reader, error)
	}{
		{"gzip", func(r io.Reader) (io.Reader, error) { return gzip.NewReader(r) }},
		{"br", func(r io.Reader) (io.Reader, error) { return brotli.NewReader(r), nil }},
	} {
		got := n.get(pathA, c.coding)
		if enc := got.header.Get("Content-Encoding"); got.status != http.StatusOK || enc != c.coding {
			t.Errorf("A asked for %s: %d, Content-Encoding %q; want the mirror's index.html.%s", c.coding, got.status, enc, map[string]string{"gzip": "gz", "br": "br"}[c.coding])
			continue
		}
		r, err := c.decode(strings.NewReader(got.body))
		noError(t, err)
		page, err := io.ReadAll(r)
		noError(t, err)
		if string(page) != first.body {
			t.Errorf("A's %s file is not the page dateline served (%d bytes unpacked, want %d)", c.coding, len(page), len(first.body))
		}
	}
	if reached.count(pathA) != 1 {
		t.Fatalf("dateline was asked for A %d times; want once, the rest from the mirror", reached.count(pathA))
	}

	// A change through the API: A's files go at the purge, B's stay.
	headline := "Floodwater reaches the old town market"
	res := s.api("PATCH", urlPath("/api/v1/articles/", a.ID), e.tokens[content.RoleEditor], map[string]any{"title": headline})
	if res.Code != http.StatusOK {
		t.Fatalf("editing A's headline: %d\n%s", res.Code, res.Body)
	}
	if _, err := os.Stat(filepath.Join(files, "index.html")); !os.IsNotExist(err) {
		t.Errorf("A's index.html is still in the mirror after the change (%v)", err)
	}
	if _, err := os.Stat(filepath.Join(mirror, filepath.FromSlash(pathB), "index.html")); err != nil {
		t.Errorf("B, which the change does not touch, left the mirror: %v", err)
	}
	fresh := n.get(pathA, "gzip")
	if fresh.status != http.StatusOK || reached.count(pathA) != 2 {
		t.Fatalf("A after the change: %d, dateline asked %d times in all; want 200 from dateline", fresh.status, reached.count(pathA))
	}
	again := n.get(pathA, "")
	if !strings.Contains(again.body, headline) || reached.count(pathA) != 2 {
		t.Errorf("A after the change, from the mirror again: the new headline %v, dateline asked %d times; want the new page from the files",
			strings.Contains(again.body, headline), reached.count(pathA))
	}
	if got := n.get(pathB, ""); got.status != http.StatusOK || reached.count(pathB) != 1 {
		t.Errorf("B after A's change: %d, dateline asked %d times; want the mirror's copy", got.status, reached.count(pathB))
	}
}

// pathCounter counts the requests that reach dateline, by path.
type pathCounter struct {
	mu   sync.Mutex
	seen map[string]int
}

func (c *pathCounter) wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		c.seen[r.URL.Path]++
		c.mu.Unlock()
		h.ServeHTTP(w, r)
	})
}

func (c *pathCounter) count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.seen[path]
}

// findNginx is Debian's nginx; the test fails without it, as CI installs
// it.
func findNginx(t *testing.T) string {
	t.Helper()
	if path, err := exec.LookPath("nginx"); err == nil {
		return path
	}
	const debian = "/usr/sbin/nginx" // not on a non-root PATH
	if _, err := os.Stat(debian); err == nil {
		return debian
	}
	t.Fatal("nginx is not installed: apt-get install nginx libnginx-mod-http-brotli-static (the test runs a real nginx in front of the static mirror)")
	return ""
}

// brotliModule is where Debian's libnginx-mod-http-brotli-static puts
// the module.
const brotliModule = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so"

// nginxConfig is the server block of docs/nginx.md, pointed at port for
// listening, at backend for dateline and at mirror for the files.
func nginxConfig(t *testing.T, port, backend int, mirror string) string {
	t.Helper()
	doc, err := os.ReadFile(filepath.Join("..", "..", "docs", "nginx.md"))
	noError(t, err)
	blocks := regexp.MustCompile("(?s)```nginx\n(.*?)```").FindAllSubmatch(doc, -1)
	if len(blocks) != 1 {
		t.Fatalf("docs/nginx.md has %d nginx blocks, want 1", len(blocks))
	}
	conf := string(blocks[0][1])
	for _, r := range []struct{ old, new string }{
		{"listen 80;", fmt.Sprintf("listen 127.0.0.1:%d;", port)},
		{"server 127.0.0.1:8080;", fmt.Sprintf("server 127.0.0.1:%d;", backend)},
		{"root /var/lib/dateline/mirror;", "root " + mirror + ";"},
		{"brotli_static on;", "brotli_static on;"}, // the module is loaded below
	} {
		if n := strings.Count(conf, r.old); n != 1 {
			t.Fatalf("docs/nginx.md's configuration holds %q %d times, want once", r.old, n)
		}
		conf = strings.Replace(conf, r.old, r.new, 1)
	}
	return conf
}

// nginxServer is a running nginx and a client for it.
type nginxServer struct {
	t      *testing.T
	url    string
	client *http.Client
}

// startNginx runs nginx in the foreground, in a prefix folder of its own,
// on a free port in front of dateline's port backend, until the test ends,
// and stops it by its PID.
func startNginx(t *testing.T, nginx, mirror string, backend int) *nginxServer {
	t.Helper()
	if _, err := os.Stat(brotliModule); err != nil {
		t.Fatalf("nginx's brotli_static module is not installed (%v): apt-get install libnginx-mod-http-brotli-static", err)
	}
	prefix := t.TempDir()
	port := freePort(t)
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;" // the workers read the test's private folders
	}
	conf := fmt.Sprintf(`load_module %s;
%s
worker_processes 1;
pid %s/nginx.pid;
error_log stderr;
events { worker_connections 64; }
http {
  access_log off;
  default_type text/html;
  client_body_temp_path %[3]s/body; proxy_temp_path %[3]s/proxy;
  fastcgi_temp_path %[3]s/fastcgi; uwsgi_temp_path %[3]s/uwsgi; scgi_temp_path %[3]s/scgi;
%s
}
`, brotliModule, user, prefix, nginxConfig(t, port, backend, mirror))
	noError(t, os.WriteFile(filepath.Join(prefix, "nginx.conf"), []byte(conf), 0o644))
	cmd := exec.Command(nginx, "-p", prefix, "-e", "stderr", "-c", filepath.Join(prefix, "nginx.conf"), "-g", "daemon off;")
	var out syncBuffer
	cmd.Stdout, cmd.Stderr = &out, &out
	noError(t, cmd.Start())
	exited := make(chan error, 1)
	go func() { exited <- cmd.Wait() }()
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
			<-exited
		}
	})

	tr := &http.Transport{DisableCompression: true}
	t.Cleanup(tr.CloseIdleConnections)
	n := &nginxServer{t: t, url: "http://127.0.0.1:" + strconv.Itoa(port), client: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
	// Ready when it answers (/robots.txt is no page: it goes through to
	// dateline, and no page is counted).
	deadline := time.Now().Add(30 * time.Second)
	for {
		if res, err := n.client.Get(n.url + "/robots.txt"); err == nil {
			res.Body.Close()
			return n
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("nginx stopped (%v):\n%s", err, out.String())
		case <-time.After(20 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("nginx did not answer on %s within 30 s:\n%s", n.url, out.String())
		}
	}
}

// get asks nginx for path as a reader would, with Accept-Encoding coding
// when it is not empty; the body is returned as sent.
func (n *nginxServer) get(path, coding string) answer {
	n.t.Helper()
	req, err := http.NewRequest(http.MethodGet, n.url+path, nil)
	noError(n.t, err)
	if coding != "" {
		req.Header.Set("Accept-Encoding", coding)
	}
	res, err := n.client.Do(req)
	noError(n.t, err)
	defer res.Body.Close()
	var body bytes.Buffer
	_, err = io.Copy(&body, res.Body)
	noError(n.t, err)
	return answer{status: res.StatusCode, header: res.Header, body: body.String()}
}
