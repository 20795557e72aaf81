package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os/exec"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"dateline/internal/comments"
	"dateline/internal/media/mediatest"
	"dateline/internal/store/postgres"
	"dateline/internal/store/postgres/pgtest"
)

// cluster is the real binary serving as several nodes on one PostgreSQL
// database and one S3 bucket, and an HTTP client for them.
type cluster struct {
	t      *testing.T
	bin    string
	db     string
	store  string
	env    []string
	client *http.Client
	token  string
	stamp  string
}

func (c *cluster) sh(stdin string, args ...string) string {
	c.t.Helper()
	cmd := exec.Command(c.bin, args...)
	cmd.Env = append(cmd.Environ(), c.env...)
	cmd.Stdin = strings.NewReader(stdin)
	out, err := cmd.CombinedOutput()
	if err != nil {
		c.t.Fatalf("dateline %v: %v\n%s", args, err, out)
	}
	return strings.TrimSpace(string(out))
}

// node starts one more server on the database and the bucket.
func (c *cluster) node() *process {
	c.t.Helper()
	p := startProcessEnv(c.t, c.env, c.bin, "serve", "--addr", "127.0.0.1:0", "--db", c.db, "--data", c.t.TempDir(),
		"--media-store", c.store, "--weather-url", "off", "--trusted-proxies", "127.0.0.1", "--log-format", "json", "--log-level", "warn")
	c.t.Cleanup(func() {
		p.cmd.Process.Kill()
		<-p.exited
	})
	return p
}

// do sends a request and returns the status, the Cache-Status header and
// the body.
func (c *cluster) do(req *http.Request) (int, string, string, http.Header) {
	c.t.Helper()
	res, err := c.client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	return res.StatusCode, res.Header.Get("Cache-Status"), string(body), res.Header
}

func (c *cluster) get(base, path string) (int, string, string) {
	c.t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+path, nil)
	code, cache, body, _ := c.do(req)
	return code, cache, body
}

// api sends a JSON request with the editor's token and decodes the answer.
func (c *cluster) api(method, base, path string, in any, want int) map[string]any {
	c.t.Helper()
	data, _ := json.Marshal(in)
	req, _ := http.NewRequest(method, base+path, bytes.NewReader(data))
	req.Header.Set("Authorization", "Bearer "+c.token)
	req.Header.Set("Content-Type", "application/json")
	code, _, body, _ := c.do(req)
	if code != want {
		c.t.Fatalf("%s %s: %d %s, want %d", method, path, code, body, want)
	}
	out := map[string]any{}
	json.Unmarshal([]byte(body), &out)
	return out
}

// comment posts a reader's comment to a node and returns its id, or an
// error when the node did not acknowledge it.
func (c *cluster) comment(base string, article int64, n int, text string) (int64, error) {
	form := url.Values{"article_id": {strconv.FormatInt(article, 10)}, "comment": {text},
		"author": {fmt.Sprintf("Reader %d", n)}, "email": {fmt.Sprintf("reader%d@example.com", n)}, "dl_ts": {c.stamp}}
	req, _ := http.NewRequest(http.MethodPost, base+"/comments/", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", n/62500%250, n/250%250, n%250+1))
	res, err := c.client.Do(req)
	if err != nil {
		return 0, err
	}
	io.Copy(io.Discard, res.Body)
	res.Body.Close()
	m := commentIDInLocation.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		return 0, fmt.Errorf("comment: %s, Location %q", res.Status, res.Header.Get("Location"))
	}
	return strconv.ParseInt(m[1], 10, 64)
}

// eventually polls check every 50 ms until it holds, and returns how long
// that took; it fails the test after a generous bound, which only a
// broken feed reaches (the figure itself is logged, not asserted).
func eventually(t *testing.T, what string, check func() bool) time.Duration {
	t.Helper()
	began := time.Now()
	for !check() {
		if time.Since(began) > 30*time.Second {
			t.Fatalf("%s: not after 30 s", what)
		}
		time.Sleep(50 * time.Millisecond)
	}
	return time.Since(began)
}

func pathOf(t *testing.T, raw any) string {
	t.Helper()
	s, _ := raw.(string)
	u, err := url.Parse(s)
	if err != nil || u.Path == "" {
		t.Fatalf("an answer without an address: %v", raw)
	}
	return u.Path
}

// Two `dateline serve` processes on one PostgreSQL database and one S3
// bucket behave as one site: what is written through either is seen
// through the other, through its page cache; a scheduled story is
// published once; and when one node is killed the other goes on, with
// every comment either acknowledged in the database.
func TestTwoNodesOnOnePostgresAndOneBucketAreOneSite(t *testing.T) {
	ctx := context.Background()
	bucket := mediatest.Start(t)
	c := &cluster{t: t, db: pgtest.URL(t), bin: buildBinary(t),
		store:  "s3://" + bucket.Bucket + "?endpoint=" + bucket.Endpoint + "&insecure=1",
		env:    []string{"AWS_ACCESS_KEY_ID=" + bucket.AccessKey, "AWS_SECRET_ACCESS_KEY=" + bucket.SecretKey},
		client: &http.Client{Timeout: 20 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	c.sh("correct horse battery\n", "user", "add", "--db", c.db, "--email", "ed@newsroom.example", "--name", "Ed Itor", "--role", "editor")
	c.token = c.sh("", "token", "create", "--db", c.db, "--user", "ed@newsroom.example")
	st, err := postgres.Open(ctx, c.db)
	noError(t, err)
	defer st.Close()
	secret, err := st.Secret(ctx, "comments")
	noError(t, err)
	svc, err := comments.New(st, comments.Config{Secret: secret})
	noError(t, err)
	c.stamp = svc.FormStamp(time.Now().Add(-time.Minute))

	a, b := c.node(), c.node()

	// B's front page, kept in its page cache.
	c.get(b.base, "/")
	if code, cache, _ := c.get(b.base, "/"); code != http.StatusOK || !strings.HasPrefix(cache, "dateline; hit") {
		t.Fatalf("node B's front page: %d, Cache-Status %q; want a cached 200", code, cache)
	}

	// A story published through A shows on B's front page and its own.
	story := c.api(http.MethodPost, a.base, "/api/v1/articles", map[string]any{"title": "Floods reach the old city",
		"body": "Water rose again overnight, officials said.", "status": "published", "comments_open": true}, http.StatusCreated)
	storyID := int64(story["id"].(float64))
	storyPath := pathOf(t, story["url"])
	took := eventually(t, "the story on B's front page", func() bool {
		_, _, body := c.get(b.base, "/")
		return strings.Contains(body, "Floods reach the old city")
	})
	t.Logf("a story published on A was on B's cached front page after %v", took.Round(time.Millisecond))
	if code, cache, body := c.get(b.base, "/"); !strings.HasPrefix(cache, "dateline; hit") || !strings.Contains(body, "Floods reach the old city") || code != http.StatusOK {
		t.Errorf("B's front page after the story: %d %q; want it cached again, with the story", code, cache)
	}
	if code, _, body := c.get(b.base, storyPath); code != http.StatusOK || !strings.Contains(body, "Water rose again overnight") {
		t.Errorf("the story on B: %d", code)
	}

	// A picture uploaded through A is served by B.
	picture := tinyPNG(t)
	body, ctype := multipartBody(t, url.Values{"alt": {"Water in the street"}}, "file", "street.png", picture)
	req, _ := http.NewRequest(http.MethodPost, a.base+"/api/v1/media", body)
	req.Header.Set("Content-Type", ctype)
	req.Header.Set("Authorization", "Bearer "+c.token)
	code, _, answer, _ := c.do(req)
	if code != http.StatusCreated {
		t.Fatalf("upload on A: %d %s", code, answer)
	}
	var up struct{ URL string }
	noError(t, json.Unmarshal([]byte(answer), &up))
	req, _ = http.NewRequest(http.MethodGet, b.base+pathOf(t, up.URL), nil)
	if code, _, got, h := c.do(req); code != http.StatusOK || got != string(picture) || h.Get("Content-Type") != "image/png" {
		t.Errorf("the picture from B: %d %q, %d bytes of %d", code, h.Get("Content-Type"), len(got), len(picture))
	}

	// A reader's comment posted on B, held, approved on A, shows on both.
	const remark = "Stay safe, everyone near the river."
	id, err := c.comment(b.base, storyID, 1, remark)
	noError(t, err)
	if _, _, page := c.get(a.base, storyPath); strings.Contains(page, remark) {
		t.Error("a held comment shows on A's page before it is approved")
	}
	c.api(http.MethodPatch, a.base, "/api/v1/comments/"+strconv.FormatInt(id, 10), map[string]any{"status": "approved"}, http.StatusOK)
	for name, n := range map[string]*process{"A": a, "B": b} {
		took := eventually(t, "the approved comment on "+name, func() bool {
			_, _, page := c.get(n.base, storyPath)
			return strings.Contains(page, remark)
		})
		t.Logf("the comment approved on A showed on %s's page after %v", name, took.Round(time.Millisecond))
	}

	// A story scheduled through B is published once, by one node.
	at := time.Now().Add(2 * time.Second).UTC().Truncate(time.Second)
	planned := c.api(http.MethodPost, b.base, "/api/v1/articles", map[string]any{"title": "Dam to open at noon",
		"body": "The gates open at noon, the authority said.", "status": "scheduled", "published_at": at.Format(time.RFC3339)}, http.StatusCreated)
	plannedID := int64(planned["id"].(float64))
	took = eventually(t, "the scheduled story on A's front page", func() bool {
		_, _, page := c.get(a.base, "/")
		return strings.Contains(page, "Dam to open at noon")
	})
	t.Logf("the story scheduled for %s showed on A's front page %v after the call", at.Format(time.TimeOnly), took.Round(time.Millisecond))
	// The scheduler announces the publication after it commits it, so the
	// page can show the story a moment before the change is in the log.
	var publishes int
	eventually(t, "the scheduled story's publication in the change log", func() bool {
		noError(t, st.Pool().QueryRow(ctx, `SELECT count(*) FROM changes WHERE kind = 'article' AND action = 'publish' AND ' ' || ids || ' ' LIKE '% ' || $1 || ' %'`,
			strconv.FormatInt(plannedID, 10)).Scan(&publishes))
		return publishes > 0
	})
	if publishes != 1 {
		t.Errorf("the scheduled story was published %d times", publishes)
	}

	// A is killed in the middle of a stream of comments; B goes on serving
	// and taking them, and every acknowledged one is in the database.
	var mu sync.Mutex
	acked := map[int64]string{}
	stop := make(chan struct{})
	var writers sync.WaitGroup
	for w := range 2 {
		writers.Go(func() {
			for n := 1000 + w*100000; ; n++ {
				select {
				case <-stop:
					return
				default:
				}
				text := fmt.Sprintf("Reader %d: the water is at the bridge.", n)
				// Each reader is sent to A until it dies, then to B.
				base := a.base
				select {
				case <-a.exited:
					base = b.base
				default:
				}
				if id, err := c.comment(base, storyID, n, text); err == nil {
					mu.Lock()
					acked[id] = text
					mu.Unlock()
				}
			}
		})
	}
	count := func() int { mu.Lock(); defer mu.Unlock(); return len(acked) }
	eventually(t, "20 comments acknowledged by A", func() bool { return count() >= 20 })
	noError(t, a.cmd.Process.Signal(syscall.SIGKILL))
	<-a.exited
	killedAt := count()
	eventually(t, "20 more comments acknowledged by B", func() bool { return count() >= killedAt+20 })
	close(stop)
	writers.Wait()
	if code, _, page := c.get(b.base, storyPath); code != http.StatusOK || !strings.Contains(page, "Floods reach the old city") {
		t.Errorf("B after A was killed: %d", code)
	}
	lost := 0
	for id, text := range acked {
		var got string
		if err := st.Pool().QueryRow(ctx, `SELECT body FROM comments WHERE id = $1`, id).Scan(&got); err != nil || !strings.Contains(got, text) {
			lost++
		}
	}
	t.Logf("%d comments acknowledged, %d before A was killed; %d lost", len(acked), killedAt, lost)
	if lost > 0 {
		t.Errorf("%d acknowledged comments are not in the database", lost)
	}
}
