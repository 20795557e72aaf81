package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
)

// TestVarnishInFrontPurgesExactlyTheChangedPages runs a real Varnish, with
// the repository's VCL, in front of the whole program listening on a
// port, configured as an operator would (--purge varnish://…). Story A's
// page, story B's page and the home page are warmed through Varnish (the
// second request of each is a Varnish hit), A's headline is edited through
// the API, and then A's page and the home page must come fresh from
// dateline with the new headline within a second, while B's page, which
// shares no tag with the change, is still Varnish's copy.
func TestVarnishInFrontPurgesExactlyTheChangedPages(t *testing.T) {
	varnishd := findVarnishd(t)
	varnishPort := freePort(t)
	flags, err := parseServe([]string{"--purge", "varnish://127.0.0.1:" + strconv.Itoa(varnishPort)}, noEnv, io.Discard)
	noError(t, err)
	e := newEventsApp(t, func(c *Config) {
		c.CacheMB, c.CacheAge, c.MaxRenders = 32, 60*time.Second, 64
		c.Purger = flags.Purger
	})
	if e.app.purger == nil {
		t.Fatal("--purge made no purger")
	}
	s := &scene{eventsApp: e, t: t}
	a := e.story
	b := s.newArticle(e.staff[content.RoleEditor], articles.StepPublish, e.business, "Markets")

	// The front door on a real listener and the purger beside it, as
	// serve runs them.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	noError(t, err)
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	served := make(chan error, 1)
	wg.Go(func() { served <- e.app.front.Run(ctx, ln) })
	wg.Go(func() { e.app.purger.Run(ctx) })
	t.Cleanup(func() {
		stop()
		wg.Wait()
		if err := <-served; err != nil {
			t.Errorf("the front door: %v", err)
		}
	})

	v := startVarnish(t, varnishd, varnishPort, ln.Addr().(*net.TCPAddr).Port)
	pages := []struct{ name, path string }{{"home", "/"}, {"A", a.Path(e.zone)}, {"B", b.Path(e.zone)}}
	warmed := map[string]string{}
	for _, p := range pages {
		first := v.get(p.path)
		if first.status != http.StatusOK || first.hit() {
			t.Fatalf("%s (%s) the first time: %d, X-Varnish %q; want 200 from dateline", p.name, p.path, first.status, first.header.Get("X-Varnish"))
		}
		if cc := first.header.Get("Cache-Control"); !strings.Contains(cc, "s-maxage=60") {
			t.Errorf("%s: Cache-Control %q, want dateline's s-maxage for Varnish", p.name, cc)
		}
		for _, name := range []string{"Surrogate-Key", "Cache-Tag", "Xkey"} {
			if got := first.header.Get(name); got != "" {
				t.Errorf("%s: Varnish passed %s: %q on to the reader", p.name, name, got)
			}
		}
		second := v.get(p.path)
		if !second.hit() || second.body != first.body {
			t.Fatalf("%s the second time: X-Varnish %q (the same body: %v), want a Varnish hit", p.name, second.header.Get("X-Varnish"), second.body == first.body)
		}
		warmed[p.name] = first.body
	}
	if !strings.Contains(warmed["A"], a.Title) || !strings.Contains(warmed["home"], a.Title) {
		t.Fatalf("the warmed pages do not show A's title %q", a.Title)
	}

	// Only the purgers in the ACL may purge: a PURGE from another address
	// is refused and removes nothing.
	if status := v.purgeFrom("127.0.0.2", changesKey(b)); status != http.StatusForbidden {
		t.Errorf("a PURGE from 127.0.0.2 answered %d, want 403", status)
	}
	if got := v.get(pages[2].path); !got.hit() {
		t.Errorf("B after a refused PURGE: X-Varnish %q, want a hit", got.header.Get("X-Varnish"))
	}

	headline := "Floodwater reaches the old town market"
	res := s.api("PATCH", urlPath("/api/v1/articles/", a.ID), e.tokens[content.RoleAuthor], map[string]any{"title": headline})
	if res.Code != http.StatusOK {
		t.Fatalf("editing A's headline: %d\n%s", res.Code, res.Body)
	}
	changed := time.Now()

	for _, p := range pages[:2] {
		got := v.until(p.path, changed.Add(time.Second), func(r answer) bool { return strings.Contains(r.body, headline) })
		if got.status == 0 {
			t.Errorf("%s (%s) still shows the old headline through Varnish a second after the change", p.name, p.path)
			continue
		}
		t.Logf("%s showed the new headline through Varnish %v after the change", p.name, time.Since(changed).Round(time.Millisecond))
		if got.hit() || !strings.Contains(got.header.Get("Cache-Status"), "fwd=miss") {
			t.Errorf("%s's new headline came with X-Varnish %q and Cache-Status %q, want it fetched from dateline and rendered anew",
				p.name, got.header.Get("X-Varnish"), got.header.Get("Cache-Status"))
		}
	}
	if got := v.get(pages[2].path); !got.hit() || got.body != warmed["B"] {
		t.Errorf("B, which the change does not touch: X-Varnish %q (the warmed body: %v), want Varnish's copy",
			got.header.Get("X-Varnish"), got.body == warmed["B"])
	}
	if st := e.app.purger.Stats(); st.Failed.Load() != 0 || st.Requests.Load() == 0 {
		t.Errorf("the purger sent %d requests, %d failed; want some and none failed", st.Requests.Load(), st.Failed.Load())
	}
}

// changesKey is the purge key of article a's own tag.
func changesKey(a content.Article) string { return "article:" + strconv.FormatInt(a.ID, 10) }

// findVarnishd is Debian's varnishd; the test fails without it, as CI
// installs it.
func findVarnishd(t *testing.T) string {
	t.Helper()
	if path, err := exec.LookPath("varnishd"); err == nil {
		return path
	}
	const debian = "/usr/sbin/varnishd" // not on a non-root PATH
	if _, err := os.Stat(debian); err == nil {
		return debian
	}
	t.Fatal("varnishd is not installed: apt-get install varnish varnish-modules (the test runs a real Varnish with the xkey vmod)")
	return ""
}

// freePort is a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	noError(t, err)
	port := ln.Addr().(*net.TCPAddr).Port
	noError(t, ln.Close())
	return port
}

// varnish is a running varnishd and a client for it.
type varnish struct {
	t      *testing.T
	url    string
	client *http.Client
}

// answer is one response through Varnish, read whole.
type answer struct {
	status int
	header http.Header
	body   string
}

// hit reports whether Varnish answered from its cache: X-Varnish then
// names this request and the one that fetched the object.
func (r answer) hit() bool { return len(strings.Fields(r.header.Get("X-Varnish"))) == 2 }

// startVarnish runs varnishd on port with the repository's VCL, its
// backend set to dateline's port, until the test ends.
func startVarnish(t *testing.T, varnishd string, port, backend int) *varnish {
	t.Helper()
	vcl, err := os.ReadFile(filepath.Join("..", "..", "deploy", "varnish", "dateline.vcl"))
	noError(t, err)
	const listener = `.port = "8080";`
	if n := strings.Count(string(vcl), listener); n != 1 {
		t.Fatalf("deploy/varnish/dateline.vcl names the backend port %s %d times, want once", listener, n)
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "dateline.vcl")
	noError(t, os.WriteFile(path, []byte(strings.Replace(string(vcl), listener, fmt.Sprintf(`.port = "%d";`, backend), 1)), 0o644))

	addr := "127.0.0.1:" + strconv.Itoa(port)
	// -j none: no jail, so that Varnish runs as whoever runs the test and
	// reads the test's folders; -T none: no management port to collide.
	cmd := exec.Command(varnishd, "-F", "-j", "none", "-T", "none", "-a", addr, "-f", path,
		"-n", filepath.Join(dir, "work"), "-s", "malloc,64m", "-p", "vcc_allow_inline_c=off")
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

	tr := &http.Transport{}
	t.Cleanup(tr.CloseIdleConnections)
	v := &varnish{t: t, url: "http://" + addr, client: &http.Client{Transport: tr, Timeout: 10 * time.Second}}
	// Ready when it answers a PURGE without keys (400, never cached).
	deadline := time.Now().Add(30 * time.Second)
	for {
		req, _ := http.NewRequest("PURGE", v.url+"/", nil)
		if res, err := v.client.Do(req); err == nil {
			res.Body.Close()
			if res.StatusCode != http.StatusBadRequest {
				t.Fatalf("varnishd answered a PURGE without keys %d, want 400", res.StatusCode)
			}
			return v
		}
		select {
		case err := <-exited:
			exited <- err
			t.Fatalf("varnishd stopped (%v):\n%s", err, out.String())
		case <-time.After(50 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			t.Fatalf("varnishd did not answer on %s within 30 s:\n%s", addr, out.String())
		}
	}
}

// get asks Varnish for path as a reader would.
func (v *varnish) get(path string) answer {
	v.t.Helper()
	res, err := v.client.Get(v.url + path)
	noError(v.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	noError(v.t, err)
	return answer{status: res.StatusCode, header: res.Header, body: string(body)}
}

// until asks for path until ok holds for the answer, and returns that
// answer, or the zero answer once the deadline passed.
func (v *varnish) until(path string, deadline time.Time, ok func(answer) bool) answer {
	v.t.Helper()
	for {
		if r := v.get(path); ok(r) {
			return r
		}
		if time.Now().After(deadline) {
			return answer{}
		}
		time.Sleep(10 * time.Millisecond) // the next poll
	}
}

// purgeFrom sends a PURGE of keys from the local address from and returns
// Varnish's status.
func (v *varnish) purgeFrom(from string, keys ...string) int {
	v.t.Helper()
	dialer := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(from)}, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: dialer.DialContext}
	defer tr.CloseIdleConnections()
	req, err := http.NewRequest("PURGE", v.url+"/", nil)
	noError(v.t, err)
	req.Header.Set("xkey-purge", strings.Join(keys, " "))
	res, err := (&http.Client{Transport: tr, Timeout: 10 * time.Second}).Do(req)
	if errors.Is(err, syscall.EADDRNOTAVAIL) {
		v.t.Fatalf("this machine cannot send from %s: %v", from, err)
	}
	noError(v.t, err)
	res.Body.Close()
	return res.StatusCode
}

// syncBuffer collects a child process's output, safe to read while it
// writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
