//go:build linux

package main

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"dateline/internal/comments"
	"dateline/internal/store/disktest"
	"dateline/internal/store/sqlite"
)

// The faults operators meet on the disk, with the real binary on a real
// file system that fills up or goes read-only (internal/store/disktest):
// what the readers, the commenters, the newsroom and the API get, what
// /readyz, /metrics and the log say, and that writing resumes when the
// disk takes writes again.

// faultSite is a data folder with an editor, an API token and a comment
// form stamp, and the server running on it.
type faultSite struct {
	t      *testing.T
	bin    string
	data   string
	token  string
	stamp  string
	client *http.Client
	proc   *process
	args   []string
	posts  int // comments posted, for their distinct addresses and texts
}

const faultPassword = "correct horse battery"

func newFaultSite(t *testing.T, bin, data string) *faultSite {
	t.Helper()
	s := &faultSite{t: t, bin: bin, data: data}
	s.cli(faultPassword+"\n", "user", "add", "--data", data, "--email", "ed@newsroom.example", "--name", "Ed Itor", "--role", "editor")
	s.token = s.cli("", "token", "create", "--data", data, "--user", "ed@newsroom.example")
	// A form stamp a minute old, as an article page would have served it.
	ctx := context.Background()
	st, err := sqlite.Open(ctx, s.db())
	noError(t, err)
	secret, err := st.Secret(ctx, "comments")
	noError(t, err)
	svc, err := comments.New(st, comments.Config{Secret: secret})
	noError(t, err)
	s.stamp = svc.FormStamp(time.Now().Add(-time.Minute))
	noError(t, st.Close())
	jar, _ := cookiejar.New(nil)
	s.client = &http.Client{Timeout: 20 * time.Second, Jar: jar,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	s.args = []string{"serve", "--addr", "127.0.0.1:0", "--data", data, "--trusted-proxies", "127.0.0.1",
		"--weather-url", "http://127.0.0.1:9", "--log-format", "json", "--log-level", "info"}
	return s
}

func (s *faultSite) db() string { return filepath.Join(s.data, "dateline.db") }

// cli runs a command of the program and returns what it printed.
func (s *faultSite) cli(stdin string, args ...string) string {
	s.t.Helper()
	cmd := exec.Command(s.bin, args...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		s.t.Fatalf("dateline %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// start starts the server; stop sends it SIGTERM and checks that it
// exits cleanly.
func (s *faultSite) start(extra ...string) {
	s.t.Helper()
	s.proc = startProcess(s.t, s.bin, append(append([]string{}, s.args...), extra...)...)
	p := s.proc
	s.t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
}

func (s *faultSite) stop() {
	s.t.Helper()
	noError(s.t, s.proc.cmd.Process.Signal(syscall.SIGTERM))
	select {
	case <-s.proc.exited:
	case <-time.After(time.Minute):
		s.t.Fatalf("the server did not stop within a minute of SIGTERM:\n%s", s.proc.stderr)
	}
	if code := s.proc.cmd.ProcessState.ExitCode(); code != 0 {
		s.t.Errorf("the server exited with %d after SIGTERM:\n%s", code, s.proc.stderr)
	}
}

func (s *faultSite) do(req *http.Request) answer {
	s.t.Helper()
	res, err := s.client.Do(req)
	noError(s.t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	noError(s.t, err)
	return answer{status: res.StatusCode, header: res.Header, body: string(body)} // varnish_test.go's
}

func (s *faultSite) get(path string) answer {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, s.proc.base+path, nil)
	return s.do(req)
}

// form posts a form as a browser on the site would.
func (s *faultSite) form(path string, v url.Values, forwardedFor string) answer {
	s.t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.proc.base+path, strings.NewReader(v.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	if forwardedFor != "" {
		req.Header.Set("X-Forwarded-For", forwardedFor)
	}
	return s.do(req)
}

// publish publishes an article through the API; id is 0 unless it was.
func (s *faultSite) publish(title string) (answer, int64, string) {
	s.t.Helper()
	body, _ := json.Marshal(map[string]any{"title": title, "body": "Water rose again overnight, officials said.",
		"status": "published", "comments_open": true})
	req, _ := http.NewRequest(http.MethodPost, s.proc.base+"/api/v1/articles", bytes.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", "application/json")
	a := s.do(req)
	var got struct {
		ID  int64
		URL string
	}
	if a.status == http.StatusCreated {
		noError(s.t, json.Unmarshal([]byte(a.body), &got))
	}
	path := ""
	if u, err := url.Parse(got.URL); err == nil {
		path = u.Path
	}
	return a, got.ID, path
}

// comment posts a reader's comment on article id, from an address of its
// own; text is what was posted.
func (s *faultSite) comment(id int64) (a answer, text string) {
	s.t.Helper()
	s.posts++
	n := s.posts
	text = fmt.Sprintf("Reader %d: stay safe, everyone near the river.", n)
	a = s.form("/comments/", url.Values{"article_id": {strconv.FormatInt(id, 10)}, "comment": {text},
		"author": {fmt.Sprintf("Reader %d", n)}, "email": {fmt.Sprintf("reader%d@example.com", n)}, "dl_ts": {s.stamp}},
		fmt.Sprintf("10.0.%d.%d", n/250, n%250+1))
	return a, text
}

// signIn signs the editor in to the newsroom.
func (s *faultSite) signIn() {
	s.t.Helper()
	a := s.form("/admin/login", url.Values{"email": {"ed@newsroom.example"}, "password": {faultPassword}}, "")
	if a.status != http.StatusSeeOther {
		s.t.Fatalf("sign-in: %d\n%s", a.status, a.body)
	}
}

// newsroomSave saves a new draft from the newsroom's editor.
func (s *faultSite) newsroomSave(title string) answer {
	s.t.Helper()
	return s.form("/admin/articles/new", url.Values{"title": {title}, "body": {"The council met at nine."},
		"kind": {"post"}, "format": {"markdown"}, "step": {"save"}}, "")
}

// upload sends a picture to the media library through the API.
func (s *faultSite) upload(picture []byte) answer {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	mw.WriteField("alt", "The river over its banks")
	fw, _ := mw.CreateFormFile("file", "flood.png")
	fw.Write(picture)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.proc.base+"/api/v1/media", &buf)
	req.Header.Set("Authorization", "Bearer "+s.token)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	return s.do(req)
}

// pngPicture is a small picture with something in it.
func pngPicture(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 400, 300))
	for y := range 300 {
		for x := range 400 {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x ^ y), 255})
		}
	}
	var buf bytes.Buffer
	noError(t, png.Encode(&buf, img))
	return buf.Bytes()
}

// metric reads one sample from /metrics: the line that starts with
// series (a name with its labels as written there); -1 when absent.
func (s *faultSite) metric(series string) float64 {
	s.t.Helper()
	a := s.get("/metrics")
	sc := bufio.NewScanner(strings.NewReader(a.body))
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), series+" "); ok {
			v, err := strconv.ParseFloat(rest, 64)
			noError(s.t, err)
			return v
		}
	}
	return -1
}

// logLines counts the server's log lines holding every one of parts.
func (s *faultSite) logLines(parts ...string) int {
	n := 0
	for line := range strings.SplitSeq(lockedString(s.proc), "\n") {
		all := true
		for _, p := range parts {
			all = all && strings.Contains(line, p)
		}
		if all && line != "" {
			n++
		}
	}
	return n
}

func lockedString(p *process) string {
	w := p.cmd.Stderr.(*lockedWriter)
	w.mu.Lock()
	defer w.mu.Unlock()
	return p.stderr.String()
}

// linesWith is the server's log lines holding part, for a failure's
// message.
func (s *faultSite) linesWith(part string) string {
	var out []string
	for line := range strings.SplitSeq(lockedString(s.proc), "\n") {
		if strings.Contains(line, part) {
			out = append(out, line)
		}
	}
	return strings.Join(out, "\n")
}

// waitForLog waits, up to a minute, for a log line holding parts.
func (s *faultSite) waitForLog(parts ...string) {
	s.t.Helper()
	deadline := time.Now().Add(time.Minute)
	for s.logLines(parts...) == 0 {
		if time.Now().After(deadline) {
			s.t.Fatalf("no log line with %q within a minute:\n%s", parts, lockedString(s.proc))
		}
		select {
		case <-s.proc.exited:
			s.t.Fatalf("the server exited:\n%s", lockedString(s.proc))
		case <-time.After(50 * time.Millisecond):
		}
	}
}

// noServerErrors checks that no request failed on the server's side (a
// 500 page, a panic).
func (s *faultSite) noServerErrors() {
	s.t.Helper()
	for _, bad := range []string{`"msg":"page failed"`, `"msg":"api request failed"`, "panic", `"status":500`} {
		if n := s.logLines(bad); n > 0 {
			s.t.Errorf("%d log lines with %s:\n%s", n, bad, lockedString(s.proc))
		}
	}
}

// integrity runs PRAGMA integrity_check on the database beside the
// server, through a connection of its own.
func (s *faultSite) integrity() {
	s.t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.db()+"?_pragma=busy_timeout(5000)")
	noError(s.t, err)
	defer db.Close()
	var check string
	noError(s.t, db.QueryRow(`PRAGMA integrity_check`).Scan(&check))
	if check != "ok" {
		s.t.Errorf("PRAGMA integrity_check: %s", check)
	}
}

// emptyLog checkpoints the database's log into it and truncates it, as
// an operator's sqlite3 would. A log SQLite already holds has room for
// writes on a full disk, so without this the disk would refuse only the
// writes past that room; with it, the first write needs new room.
func (s *faultSite) emptyLog() {
	s.t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.db()+"?_pragma=busy_timeout(5000)")
	noError(s.t, err)
	defer db.Close()
	for range 50 {
		var busy, log, done int
		noError(s.t, db.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &log, &done))
		if busy == 0 {
			return
		}
	}
	s.t.Fatal("the log could not be checkpointed: the server kept it busy")
}

// refused checks an answer to a write the disk refused: 503, Retry-After,
// the cause and the surface's advice in the body, nothing of a 500.
func refused(t *testing.T, what string, a answer, words ...string) {
	t.Helper()
	if a.status != http.StatusServiceUnavailable || a.header.Get("Retry-After") != "120" {
		t.Errorf("%s: %d, Retry-After %q; want 503 with Retry-After 120\n%s", what, a.status, a.header.Get("Retry-After"), a.body)
		return
	}
	for _, w := range words {
		if !strings.Contains(a.body, w) {
			t.Errorf("%s: the answer does not say %q:\n%s", what, w, a.body)
		}
	}
	if strings.Contains(a.body, "Something went wrong") {
		t.Errorf("%s: the answer is the generic error page:\n%s", what, a.body)
	}
}

const diskFullCause = "The server&#39;s disk is full, so nothing can be saved until room is made on it."

// The data folder on a small disk that fills up while the server runs:
// every kind of write is refused with a 503 that says why and keeps what
// the person typed, readers keep getting pages (kept ones and ones read
// from the database), /readyz, /metrics and the log say so once, nothing
// is corrupted, and writing resumes by itself when room is made. Then
// the server starts on the full disk, and its scheduled backup fails
// without leaving a file behind.
func TestAFullDiskRefusesWritesServesReadersAndRecoversWithoutARestart(t *testing.T) {
	bin := buildBinary(t)
	data := disktest.Tmpfs(t, 32<<20)
	s := newFaultSite(t, bin, data)
	s.start()
	_, story, path := s.publish("Floods reach the old city")
	if story == 0 || path == "" {
		t.Fatalf("publish before the disk filled: %d %q", story, path)
	}
	if a, _ := s.comment(story); a.status != http.StatusSeeOther {
		t.Fatalf("a comment before the disk filled: %d\n%s", a.status, a.body)
	}
	s.signIn()
	if a := s.get(path); a.status != http.StatusOK {
		t.Fatalf("the article before the disk filled: %d", a.status)
	}

	s.emptyLog()
	free := disktest.Fill(t, data, 0)

	a, text := s.comment(story)
	refused(t, "a comment on a full disk", a, diskFullCause, "Your comment was not posted; it is still in the form below.",
		">"+text+"</textarea>")
	a, _, _ = s.publish("Bridge closed")
	refused(t, "publishing through the API on a full disk", a, `"code":"disk_full"`, "The server's disk is full")
	a = s.newsroomSave("Council meets")
	refused(t, "saving in the newsroom on a full disk", a, diskFullCause, "Your text was not saved; it is still in the form below.",
		`value="Council meets"`, "The council met at nine.")
	a = s.upload(pngPicture(t))
	refused(t, "uploading a picture on a full disk", a, `"code":"disk_full"`)

	hits, misses := s.metric("dateline_cache_hits_total"), s.metric("dateline_cache_misses_total")
	for _, p := range []string{path, "/search?q=flood", "/api/v1/articles/" + strconv.FormatInt(story, 10), "/admin/articles"} {
		if a := s.get(p); a.status != http.StatusOK {
			t.Errorf("GET %s on a full disk: %d\n%s", p, a.status, a.body)
		}
	}
	if s.metric("dateline_cache_hits_total") <= hits || s.metric("dateline_cache_misses_total") <= misses {
		t.Errorf("the pages were not served both from the page cache and from the database")
	}
	if a := s.get("/readyz"); a.status != http.StatusOK || !strings.HasPrefix(a.body, "degraded: readers are served, writes are refused\ndatabase: the disk is full (writes refused since ") {
		t.Errorf("/readyz on a full disk: %d %q", a.status, a.body)
	}
	if v := s.metric(`dateline_writes_refused{store="database"}`); v != 1 {
		t.Errorf("dateline_writes_refused for the database on a full disk: %v", v)
	}
	if v := s.metric(`dateline_write_refusals_total{store="database",reason="disk_full"}`); v < 3 {
		t.Errorf("database writes refused as disk_full: %v, want at least 3", v)
	}
	if v := s.metric(`dateline_comments_submitted_total{outcome="refused",reason="disk_full"}`); v != 1 {
		t.Errorf("comments refused as disk_full: %v, want 1", v)
	}
	s.integrity()

	free()
	if a, _ := s.comment(story); a.status != http.StatusSeeOther {
		t.Errorf("a comment once room was made: %d\n%s", a.status, a.body)
	}
	if a, id, _ := s.publish("Bridge closed"); a.status != http.StatusCreated || id == 0 {
		t.Errorf("publishing once room was made: %d\n%s", a.status, a.body)
	}
	if a := s.newsroomSave("Council meets"); a.status != http.StatusSeeOther {
		t.Errorf("saving in the newsroom once room was made: %d\n%s", a.status, a.body)
	}
	if a := s.upload(pngPicture(t)); a.status != http.StatusCreated {
		t.Errorf("uploading a picture once room was made: %d\n%s", a.status, a.body)
	}
	if a := s.get("/readyz"); a.status != http.StatusOK || a.body != "ok\n" {
		t.Errorf("/readyz once room was made: %d %q", a.status, a.body)
	}
	if v := s.metric(`dateline_writes_refused{store="database"}`); v != 0 {
		t.Errorf("dateline_writes_refused for the database once room was made: %v", v)
	}
	for _, what := range []string{"database", "media"} {
		if n := s.logLines(`"msg":"writes refused: readers are served, nothing can be saved"`, `"what":"`+what+`"`); n != 1 {
			t.Errorf("%d log lines saying the %s refuses writes, want 1:\n%s", n, what, s.linesWith("writes"))
		}
		// Lines below warnings reach the log within a second.
		s.waitForLog(`"msg":"writes go through again"`, `"what":"`+what+`"`)
		if n := s.logLines(`"msg":"writes go through again"`, `"what":"`+what+`"`); n != 1 {
			t.Errorf("%d log lines saying the %s takes writes again, want 1:\n%s", n, what, s.linesWith("writes"))
		}
	}
	s.noServerErrors()
	s.integrity()
	s.stop()

	// SQLite needs room for the index of its log to open the database:
	// on a disk without any, the server says so and exits.
	free = disktest.Fill(t, data, 0)
	out, err := exec.Command(bin, s.args...).CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "The disk is full, so the database cannot even be opened.") {
		t.Errorf("starting on a full disk: exit %d\n%s", code, out)
	}
	free()

	// With a little room, the server starts and serves; the backup that
	// falls due at once has no room, fails, is logged and counted, and
	// leaves nothing behind.
	free = disktest.Fill(t, data, 192<<10)
	backups := filepath.Join(data, "backups")
	s.start("--backup-dir", backups)
	s.waitForLog(`"msg":"backup failed"`)
	if a := s.get(path); a.status != http.StatusOK {
		t.Errorf("the article from a server started on a nearly full disk: %d", a.status)
	}
	if v := s.metric(`dateline_backups_total{result="failed"}`); v != 1 {
		t.Errorf("failed backups counted: %v, want 1", v)
	}
	if left, _ := os.ReadDir(backups); len(left) != 0 {
		t.Errorf("the failed backup left %d files in %s: %v", len(left), backups, left)
	}
	if n := s.logLines(`"msg":"backup failed"`); n != 1 {
		t.Errorf("%d log lines for the failed backup, want 1", n)
	}
	s.noServerErrors()
	s.stop()
	free()
	s.integrity()
}

// exitCode is the exit status of a command that ran, or -1.
func exitCode(err error) int {
	if err == nil {
		return 0
	}
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return -1
}

const readOnlyCause = "The server&#39;s disk cannot be written to right now, so nothing can be saved."

// refusedReadOnly checks every kind of write against a read-only
// database: each is refused with a 503 that says so and keeps the text.
func (s *faultSite) refusedReadOnly(story int64, when string) {
	s.t.Helper()
	a, text := s.comment(story)
	refused(s.t, "a comment "+when, a, readOnlyCause, "Your comment was not posted; it is still in the form below.", ">"+text+"</textarea>")
	a, _, _ = s.publish("Bridge closed")
	refused(s.t, "publishing through the API "+when, a, `"code":"read_only"`)
	a = s.newsroomSave("Council meets")
	refused(s.t, "saving in the newsroom "+when, a, readOnlyCause, "Your text was not saved; it is still in the form below.", `value="Council meets"`)
	if a := s.get("/readyz"); a.status != http.StatusOK || !strings.HasPrefix(a.body, "degraded: readers are served, writes are refused\ndatabase: the disk is read-only (writes refused since ") {
		s.t.Errorf("/readyz %s: %d %q", when, a.status, a.body)
	}
}

// readersServed checks that readers get their pages: a kept one, and
// ones read from the database.
func (s *faultSite) readersServed(story int64, path, when string) {
	s.t.Helper()
	for _, p := range []string{path, "/search?q=flood", "/api/v1/articles/" + strconv.FormatInt(story, 10), "/admin/articles"} {
		if a := s.get(p); a.status != http.StatusOK {
			s.t.Errorf("GET %s %s: %d\n%s", p, when, a.status, a.body)
		}
	}
}

// acknowledged checks that every comment text in texts is stored once.
func (s *faultSite) acknowledged(texts []string) {
	s.t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.db()+"?_pragma=busy_timeout(5000)")
	noError(s.t, err)
	defer db.Close()
	for _, text := range texts {
		var n int
		noError(s.t, db.QueryRow(`SELECT COUNT(*) FROM comments WHERE body = ?`, text).Scan(&n))
		if n != 1 {
			s.t.Errorf("acknowledged comment %q is stored %d times", text, n)
		}
	}
}

// The database becoming read-only while the server runs, in the two ways
// it happens: its files made immutable (writing resumes as soon as they
// are writable again), and its disk remounted read-only by the kernel
// after an error (which needs the disk checked, so a restart). Either
// way readers are served, every write is refused with a 503 that says
// so, and nothing acknowledged is lost. A server does not start on a
// read-only database: it says why and what to do, and exits 1.
func TestADatabaseGoingReadOnlyRefusesWritesServesReadersAndRecovers(t *testing.T) {
	bin := buildBinary(t)
	disk := disktest.NewExt4(t, 64<<20)
	s := newFaultSite(t, bin, disk.Dir)
	s.start()
	_, story, path := s.publish("Floods reach the old city")
	if story == 0 || path == "" {
		t.Fatalf("publish: %d %q", story, path)
	}
	var texts []string
	post := func(when string) {
		t.Helper()
		a, text := s.comment(story)
		if a.status != http.StatusSeeOther {
			t.Fatalf("a comment %s: %d\n%s", when, a.status, a.body)
		}
		texts = append(texts, text)
	}
	post("before the database went read-only")
	s.signIn()
	if a := s.get(path); a.status != http.StatusOK {
		t.Fatalf("the article: %d", a.status)
	}

	files := []string{s.db(), s.db() + "-wal"}
	disktest.Immutable(t, true, files...)
	s.refusedReadOnly(story, "with the database's files immutable")
	s.readersServed(story, path, "with the database's files immutable")
	if v := s.metric(`dateline_write_refusals_total{store="database",reason="read_only"}`); v < 3 {
		t.Errorf("database writes refused as read_only: %v, want at least 3", v)
	}
	disktest.Immutable(t, false, files...)
	post("once the files were writable again")
	if a := s.get("/readyz"); a.body != "ok\n" {
		t.Errorf("/readyz once the files were writable again: %q", a.body)
	}

	disk.Fail(t)
	s.refusedReadOnly(story, "on a disk remounted read-only")
	if a := s.upload(pngPicture(t)); a.status != http.StatusServiceUnavailable || !strings.Contains(a.body, `"code":"read_only"`) {
		t.Errorf("uploading a picture on a disk remounted read-only: %d %s", a.status, a.body)
	}
	s.readersServed(story, path, "on a disk remounted read-only")
	s.noServerErrors()
	s.stop()

	out, err := exec.Command(bin, s.args...).CombinedOutput()
	if code := exitCode(err); code != 1 || !strings.Contains(string(out), "The database cannot be written, so dateline will not open it.") {
		t.Errorf("starting on a disk remounted read-only: exit %d\n%s", code, out)
	}

	disk.Repair(t)
	s.start()
	post("after the disk was checked")
	if a := s.get("/readyz"); a.body != "ok\n" {
		t.Errorf("/readyz after the disk was checked: %q", a.body)
	}
	s.stop()
	s.acknowledged(texts)
	s.integrity()
}

// mediaFiles lists the files under the media folder but the filler.
func (s *faultSite) mediaFiles() []string {
	s.t.Helper()
	var names []string
	root := filepath.Join(s.data, "media")
	noError(s.t, filepath.WalkDir(root, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == "filler" {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		names = append(names, rel)
		return nil
	}))
	return names
}

// pictureRows counts the media library's rows.
func (s *faultSite) pictureRows() int {
	s.t.Helper()
	db, err := sql.Open("sqlite", "file:"+s.db()+"?_pragma=busy_timeout(5000)")
	noError(s.t, err)
	defer db.Close()
	var n int
	noError(s.t, db.QueryRow(`SELECT COUNT(*) FROM media`).Scan(&n))
	return n
}

// newsroomSaveWithPicture saves a new draft with a picture attached, as
// the editor's form sends it.
func (s *faultSite) newsroomSaveWithPicture(title string, picture []byte) answer {
	s.t.Helper()
	var buf bytes.Buffer
	mw := multipart.NewWriter(&buf)
	for k, v := range map[string]string{"title": title, "body": "The council met at nine.", "kind": "post",
		"format": "markdown", "step": "save", "image_alt": "The river over its banks"} {
		mw.WriteField(k, v)
	}
	fw, _ := mw.CreateFormFile("image_file", "flood.png")
	fw.Write(picture)
	mw.Close()
	req, _ := http.NewRequest(http.MethodPost, s.proc.base+"/admin/articles/new", &buf)
	req.Header.Set("Content-Type", mw.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return s.do(req)
}

// A media folder of its own that goes read-only or fills up: an upload,
// from the API or with a story in the newsroom, is refused with a 503
// that says why (the story's text kept in the form), leaving no file,
// whole or partial, and no row; the database's writes go on, and uploads
// go through again once the folder takes them.
func TestAnUnwritableMediaFolderRefusesUploadsAndLeavesNothing(t *testing.T) {
	bin := buildBinary(t)
	data := t.TempDir()
	mediaDir := filepath.Join(data, "media")
	noError(t, os.MkdirAll(mediaDir, 0o755))
	disktest.MountTmpfs(t, mediaDir, 8<<20)
	s := newFaultSite(t, bin, data)
	s.start()
	_, story, _ := s.publish("Floods reach the old city")
	s.signIn()
	picture := pngPicture(t)
	if a := s.upload(picture); a.status != http.StatusCreated {
		t.Fatalf("an upload: %d\n%s", a.status, a.body)
	}
	files, rows := s.mediaFiles(), s.pictureRows()

	nothingLeft := func(when string) {
		t.Helper()
		if got := s.mediaFiles(); !slices.Equal(got, files) {
			t.Errorf("media files %s: %q; want only the first upload's %q", when, got, files)
		}
		if n := s.pictureRows(); n != rows {
			t.Errorf("pictures in the library %s: %d; want %d", when, n, rows)
		}
	}
	otherWritesGoOn := func(when string) {
		t.Helper()
		if a, _ := s.comment(story); a.status != http.StatusSeeOther {
			t.Errorf("a comment %s: %d\n%s", when, a.status, a.body)
		}
		if a, id, _ := s.publish("Bridge closed"); a.status != http.StatusCreated || id == 0 {
			t.Errorf("publishing %s: %d\n%s", when, a.status, a.body)
		}
	}
	for _, fault := range []struct {
		name, code, cause string
		make              func() (undo func())
	}{
		{"read-only", "read_only", readOnlyCause, func() func() {
			disktest.Remount(t, mediaDir, true)
			return func() { disktest.Remount(t, mediaDir, false) }
		}},
		{"full", "disk_full", diskFullCause, func() func() { return disktest.Fill(t, mediaDir, 0) }},
	} {
		when := "with the media folder " + fault.name
		undo := fault.make()
		a := s.upload(picture)
		refused(t, "an upload "+when, a, `"code":"`+fault.code+`"`)
		a = s.newsroomSaveWithPicture("Council meets", picture)
		refused(t, "a story with a picture "+when, a, fault.cause, "Your text was not saved; it is still in the form below.", `value="Council meets"`)
		nothingLeft(when)
		otherWritesGoOn(when)
		if a := s.get("/readyz"); a.status != http.StatusOK || !strings.HasPrefix(a.body, "degraded: readers are served, writes are refused\nmedia: ") ||
			strings.Contains(a.body, "database") {
			t.Errorf("/readyz %s: %d %q", when, a.status, a.body)
		}
		undo()
		if a := s.upload(picture); a.status != http.StatusCreated {
			t.Errorf("an upload once the media folder takes files again: %d\n%s", a.status, a.body)
		}
		if a := s.get("/readyz"); a.body != "ok\n" {
			t.Errorf("/readyz once the media folder takes files again: %q", a.body)
		}
		files, rows = s.mediaFiles(), s.pictureRows()
	}
	s.noServerErrors()
	s.stop()
	s.integrity()
}
