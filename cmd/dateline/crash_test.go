package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dateline/internal/comments"
	"dateline/internal/store/sqlite"
)

// Crash safety: the real binary serves while readers post comments and
// the newsroom publishes articles over HTTP, and is killed with SIGKILL
// at moments drawn from a seeded random source, then started again on
// the same data folder. Every write that was acknowledged (a 303 for a
// comment, a 201 for an article) must be in the database afterwards, and
// the database must pass PRAGMA integrity_check.
const (
	crashKills     = 5
	crashSeed      = 14
	crashCommenter = 3 // goroutines posting comments back to back
)

// buildBinary builds the program, without cgo as it ships, into a
// temporary folder.
func buildBinary(t *testing.T) string {
	t.Helper()
	goTool, err := exec.LookPath("go")
	if err != nil {
		goTool = filepath.Join(runtime.GOROOT(), "bin", "go")
	}
	bin := filepath.Join(t.TempDir(), "dateline")
	cmd := exec.Command(goTool, "build", "-o", bin, ".")
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// process is one run of the server binary.
type process struct {
	cmd    *exec.Cmd
	base   string
	stderr *bytes.Buffer
	exited chan struct{}
}

func startProcess(t *testing.T, bin string, args ...string) *process {
	t.Helper()
	return startProcessEnv(t, nil, bin, args...)
}

// startProcessEnv is startProcess with env added to the test's own
// environment.
func startProcessEnv(t *testing.T, env []string, bin string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(bin, args...), stderr: &bytes.Buffer{}, exited: make(chan struct{})}
	if env != nil {
		p.cmd.Env = append(os.Environ(), env...)
	}
	p.cmd.Stderr = &lockedWriter{w: p.stderr}
	out, err := p.cmd.StdoutPipe()
	noError(t, err)
	noError(t, p.cmd.Start())
	go func() { p.cmd.Wait(); close(p.exited) }()
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil {
		p.cmd.Process.Kill()
		<-p.exited
		t.Fatalf("the server printed no address: %v\n%s", err, p.stderr)
	}
	p.base = strings.TrimSuffix(strings.TrimSpace(strings.TrimPrefix(line, "dateline: open ")), "/")
	go io.Copy(io.Discard, out)
	return p
}

type lockedWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b, ok := l.w.(*bytes.Buffer); ok && b.Len() > 1<<20 {
		return len(p), nil // enough to tell what went wrong
	}
	return l.w.Write(p)
}

// front is the server the writers are sent to: its address while it is
// up, and a channel closed when the next one is.
type front struct {
	mu   sync.Mutex
	base string
	up   chan struct{}
}

func (f *front) current() (string, <-chan struct{}) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.base, f.up
}

func (f *front) down() {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.base = ""
}

func (f *front) serve(base string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.base = base
	close(f.up)
	f.up = make(chan struct{})
}

// ledger is every acknowledged write, and a way to wait for more.
type ledger struct {
	mu       sync.Mutex
	comments map[int64]string // id → body
	articles map[int64]string // id → title
	failed   int              // writes not acknowledged (the server died under them)
	more     chan struct{}
}

func (l *ledger) add(kind string, id int64, text string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if kind == "comment" {
		l.comments[id] = text
	} else {
		l.articles[id] = text
	}
	close(l.more)
	l.more = make(chan struct{})
}

func (l *ledger) count() (int, <-chan struct{}) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.comments) + len(l.articles), l.more
}

// waitFor waits until n writes are acknowledged in all.
func (l *ledger) waitFor(t *testing.T, n int, p *process) {
	t.Helper()
	timeout := time.After(2 * time.Minute)
	for {
		got, more := l.count()
		if got >= n {
			return
		}
		select {
		case <-more:
		case <-p.exited:
			t.Fatalf("the server exited by itself with %d of %d writes acknowledged:\n%s", got, n, p.stderr)
		case <-timeout:
			t.Fatalf("only %d of %d writes acknowledged in two minutes:\n%s", got, n, p.stderr)
		}
	}
}

var commentIDInLocation = regexp.MustCompile(`#comment-(\d+)$`)

func TestSIGKILLLosesNoAcknowledgedWrite(t *testing.T) {
	ctx := context.Background()
	began := time.Now()
	bin := buildBinary(t)
	t.Logf("built in %v", time.Since(began))
	data := t.TempDir()
	sh := func(stdin string, args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, args...)
		cmd.Stdin = strings.NewReader(stdin)
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("dateline %v: %v\n%s", args, err, out)
		}
		return strings.TrimSpace(string(out))
	}
	sh("correct horse battery\n", "user", "add", "--data", data, "--email", "ed@newsroom.example", "--name", "Ed Itor", "--role", "editor")
	token := sh("", "token", "create", "--data", data, "--user", "ed@newsroom.example")

	// A form stamp a minute old, signed with the site's secret, as an
	// article page would have served it; the policy wants posts to come
	// some seconds after their page.
	st, err := sqlite.Open(ctx, filepath.Join(data, "dateline.db"))
	noError(t, err)
	secret, err := st.Secret(ctx, "comments")
	noError(t, err)
	svc, err := comments.New(st, comments.Config{Secret: secret})
	noError(t, err)
	stamp := svc.FormStamp(time.Now().Add(-time.Minute))
	noError(t, st.Close())

	serveArgs := []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--trusted-proxies", "127.0.0.1",
		"--weather-url", "http://127.0.0.1:9", "--log-format", "json", "--log-level", "warn"}
	proc := startProcess(t, bin, serveArgs...)
	defer func() {
		proc.cmd.Process.Kill()
		<-proc.exited
	}()
	client := &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	publish := func(base, title string) (int64, error) {
		body, _ := json.Marshal(map[string]any{"title": title, "body": "Water rose again overnight, officials said.",
			"status": "published", "comments_open": true})
		req, _ := http.NewRequest(http.MethodPost, base+"/api/v1/articles", bytes.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+token)
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		defer res.Body.Close()
		var a struct{ ID int64 }
		if res.StatusCode != http.StatusCreated {
			msg, _ := io.ReadAll(io.LimitReader(res.Body, 500))
			return 0, fmt.Errorf("publish: %s %s", res.Status, msg)
		}
		if err := json.NewDecoder(res.Body).Decode(&a); err != nil || a.ID == 0 {
			return 0, fmt.Errorf("publish: an answer without an id: %v", err)
		}
		return a.ID, nil
	}
	story, err := publish(proc.base, "Floods reach the old city")
	noError(t, err)

	f := &front{base: proc.base, up: make(chan struct{})}
	book := &ledger{comments: map[int64]string{}, articles: map[int64]string{}, more: make(chan struct{})}
	stop := make(chan struct{})
	var writers sync.WaitGroup
	// write runs one kind of write back to back until stop, each against
	// the server that is up; a write the server dies under is not
	// acknowledged and is not retried.
	write := func(kind string, n0 int, one func(base string, n int) (int64, string, error)) {
		for n := n0; ; n++ {
			base, up := f.current()
			if base == "" {
				select {
				case <-up:
					continue
				case <-stop:
					return
				}
			}
			select {
			case <-stop:
				return
			default:
			}
			id, text, err := one(base, n)
			if err != nil {
				book.mu.Lock()
				book.failed++
				book.mu.Unlock()
				// Wait for the next server when this one is gone.
				if cur, up := f.current(); cur == base {
					select {
					case <-up:
					case <-stop:
						return
					case <-time.After(100 * time.Millisecond): // a refusal, not a death: try again
					}
				}
				continue
			}
			book.add(kind, id, text)
		}
	}
	for w := range crashCommenter {
		writers.Go(func() {
			write("comment", w*1_000_000, func(base string, n int) (int64, string, error) {
				text := fmt.Sprintf("Reader %d: stay safe, everyone near the river.", n)
				form := url.Values{"article_id": {strconv.FormatInt(story, 10)}, "comment": {text},
					"author": {fmt.Sprintf("Reader %d", n)}, "email": {fmt.Sprintf("reader%d@example.com", n)}, "dl_ts": {stamp}}
				req, _ := http.NewRequest(http.MethodPost, base+"/comments/", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n/62500%250, n/250%250, n%250+1))
				res, err := client.Do(req)
				if err != nil {
					return 0, "", err
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				m := commentIDInLocation.FindStringSubmatch(res.Header.Get("Location"))
				if res.StatusCode != http.StatusSeeOther || m == nil {
					return 0, "", fmt.Errorf("comment: %s, Location %q", res.Status, res.Header.Get("Location"))
				}
				id, _ := strconv.ParseInt(m[1], 10, 64)
				return id, text, nil
			})
		})
	}
	writers.Go(func() {
		write("article", 0, func(base string, n int) (int64, string, error) {
			title := fmt.Sprintf("Breaking: update %d on the flood", n)
			id, err := publish(base, title)
			return id, title, err
		})
	})

	rng := rand.New(rand.NewPCG(crashSeed, 0))
	var killedAt []int
	for kill := range crashKills {
		acked, _ := book.count()
		book.waitFor(t, acked+10+rng.IntN(90), proc)
		noError(t, proc.cmd.Process.Signal(syscall.SIGKILL))
		<-proc.exited
		f.down()
		n, _ := book.count()
		killedAt = append(killedAt, n)
		if kill == crashKills-1 {
			break
		}
		proc = startProcess(t, bin, serveArgs...)
		f.serve(proc.base)
	}
	close(stop)
	writers.Wait()
	t.Logf("built and ran in %v; killed at %v acknowledged writes; %d comments and %d articles acknowledged, %d writes not acknowledged",
		time.Since(began).Round(time.Millisecond), killedAt, len(book.comments), len(book.articles), book.failed)

	// The database as the last SIGKILL left it.
	db, err := sql.Open("sqlite", "file:"+filepath.Join(data, "dateline.db"))
	noError(t, err)
	defer db.Close()
	var check string
	noError(t, db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	if check != "ok" {
		t.Errorf("PRAGMA integrity_check after the last SIGKILL: %s", check)
	}
	lost := 0
	for id, body := range book.comments {
		var got string
		if err := db.QueryRow(`SELECT body FROM comments WHERE id = ?`, id).Scan(&got); err != nil || got != body {
			lost++
			t.Errorf("acknowledged comment %d: %q, %v; want %q", id, got, err, body)
		}
	}
	for id, title := range book.articles {
		var got, status string
		if err := db.QueryRow(`SELECT title, status FROM articles WHERE id = ?`, id).Scan(&got, &status); err != nil || got != title || status != "published" {
			lost++
			t.Errorf("acknowledged article %d: %q (%s), %v; want %q published", id, got, status, err, title)
		}
	}
	if lost > 0 {
		t.Errorf("%d acknowledged writes lost", lost)
	}
	noError(t, db.Close())

	// And the server starts on it once more, ready, and stops cleanly.
	proc = startProcess(t, bin, serveArgs...)
	res, err := client.Get(proc.base + "/readyz")
	noError(t, err)
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("/readyz after the crashes: %s", res.Status)
	}
	noError(t, proc.cmd.Process.Signal(syscall.SIGTERM))
	<-proc.exited
	if code := proc.cmd.ProcessState.ExitCode(); code != 0 {
		t.Errorf("the server exited with %d after SIGTERM:\n%s", code, proc.stderr)
	}
}
