package site_test

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/proxy"
	"dateline/internal/render"
	"dateline/internal/site"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// Comment load: readers post comments through the whole stack over
// loopback HTTP while others read article pages, on a real SQLite file.
const (
	loadArticles = 50
	loadReaders  = 4 // goroutines reading article pages
	loadPosters  = 8 // goroutines posting comments back to back
)

// loadReadRate is how many article pages a second the readers ask for,
// all together.
var loadReadRate = flag.Int("comment-load-reads", 200, "article pages read per second during BenchmarkCommentLoad")

// loadDisk turns on a competing writer on the database's disk, to measure
// posts while a backup, a log shipper or another database flushes to the
// same disk.
var loadDisk = flag.Bool("comment-load-disk", false, "during BenchmarkCommentLoad, a child process (dd) writes a 64 MB file beside the database over and over in 1 MB blocks, each flushed to disk (oflag=dsync)")

// commentLoadSite is a newsroom of loadArticles open articles, with the
// comment service as serve wires it (default policy, mail through the
// queue to an author and two moderators), behind a loopback server that
// trusts X-Forwarded-For from loopback: every post comes from its own
// client address and email, as when many readers comment at once, so the
// default rate limits stay on and are not what is measured. dir is the
// folder of the database file.
func commentLoadSite(b *testing.B) (srv *httptest.Server, paths []string, firstID int64, stamp string, dir string) {
	b.Helper()
	ctx := context.Background()
	dbURL := teststore.New(b)
	st := teststore.OpenURL(b, dbURL)
	if path, ok := strings.CutPrefix(dbURL, "sqlite:"); ok {
		dir = filepath.Dir(path)
	}
	set := content.DefaultSettings()
	set.BaseURL = "https://news.example"
	mustB(b, st.SaveSettings(ctx, set))
	author := content.User{Email: "author@example.com", Name: "Ana Author", Role: content.RoleAuthor}
	mustB(b, st.CreateUser(ctx, &author))
	for i, role := range []content.Role{content.RoleEditor, content.RoleAdmin} {
		u := content.User{Email: fmt.Sprintf("mod%d@example.com", i), Name: fmt.Sprintf("Moderator %d", i), Role: role}
		mustB(b, st.CreateUser(ctx, &u))
	}
	for i := range loadArticles {
		a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Load story %d", i), Format: content.FormatMarkdown,
			Source: strings.Repeat("A paragraph of the story, long enough to read. ", 40), Status: content.StatusPublished,
			PublishedAt: time.Now().Add(-time.Duration(i+1) * time.Hour), Author: author, CommentsOpen: true}
		mustB(b, render.Prepare(&a))
		mustB(b, st.CreateArticle(ctx, &a))
		paths = append(paths, a.Path(time.UTC))
		if i == 0 {
			firstID = a.ID
		}
	}
	secret, err := st.Secret(ctx, "comments")
	mustB(b, err)
	// The policy is read from the settings on every post, as serve does.
	policy := func(ctx context.Context) (comments.Policy, error) {
		raw, err := st.Setting(ctx, "comments")
		if errors.Is(err, store.ErrNotFound) {
			return comments.DefaultPolicy(), nil
		}
		if err != nil {
			return comments.Policy{}, err
		}
		return comments.ParsePolicy(raw)
	}
	svc, err := comments.New(st, comments.Config{Secret: secret, Policy: policy, Mailer: mail.NewQueue(st, nil, nil)})
	mustB(b, err)
	loopback, err := proxy.Parse("127.0.0.1, ::1")
	mustB(b, err)
	s, err := site.New(site.Config{Store: st, Comments: svc, Proxies: loopback, BaseURL: set.BaseURL})
	mustB(b, err)
	// The front door counts each poster's forwarded address, as behind a
	// proxy: its limit of requests in flight is per client.
	srv = httptest.NewServer(frontDoorBehind(b, s, nil, loopback))
	b.Cleanup(srv.Close)
	// Every post comes from a page served a minute before.
	return srv, paths, firstID, svc.FormStamp(time.Now().Add(-time.Minute)), dir
}

func mustB(b *testing.B, err error) {
	b.Helper()
	if err != nil {
		b.Fatal(err)
	}
}

// Each run of dd writes diskLoadMB blocks of a MB, then the next one
// writes the file anew, so it never grows past that. Truncating it makes
// every block be allocated again, so each flush commits the filesystem's
// journal as well: the journal that SQLite's own flushes wait on.
const diskLoadMB = 64

// diskLoad starts a child process that writes to the disk of dir until
// the benchmark's run ends (and for at most diskLoadLimit, should the run
// hang), and returns the rate it wrote at, counted in whole runs of dd. It
// waits until the first MB is on disk, so that the posts are measured
// against a busy disk from the first. The file lives in dir, a temporary
// directory removed after the run; the process is killed and waited for.
func diskLoad(b *testing.B, dir string) (mbPerSecond func() float64) {
	b.Helper()
	if dir == "" {
		b.Fatal("-comment-load-disk needs a store kept in a file (sqlite)")
	}
	if _, err := exec.LookPath("dd"); err != nil {
		b.Fatalf("-comment-load-disk runs dd: %v", err)
	}
	const diskLoadLimit = 10 * time.Minute
	ctx, cancel := context.WithTimeout(context.Background(), diskLoadLimit)
	file := filepath.Join(dir, "disk-load")
	started := time.Now()
	var runs atomic.Int64
	done := make(chan error, 1)
	go func() {
		for {
			cmd := exec.CommandContext(ctx, "dd", "if=/dev/zero", "of="+file, "bs=1M",
				fmt.Sprintf("count=%d", diskLoadMB), "oflag=dsync", "status=none")
			out, err := cmd.CombinedOutput()
			switch {
			case errors.Is(ctx.Err(), context.DeadlineExceeded):
				done <- fmt.Errorf("the disk writer was stopped after %s, before the benchmark ended", diskLoadLimit)
				return
			case ctx.Err() != nil:
				done <- nil
				return
			case err != nil:
				done <- fmt.Errorf("dd: %v: %s", err, out)
				return
			}
			runs.Add(1)
		}
	}()
	b.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			b.Error(err)
		}
	})
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		if fi, err := os.Stat(file); err == nil && fi.Size() >= 1<<20 {
			break
		}
		if time.Now().After(deadline) {
			b.Fatal("the disk writer wrote nothing in 10 seconds")
		}
	}
	return func() float64 { return float64(runs.Load()*diskLoadMB) / time.Since(started).Seconds() }
}

// BenchmarkCommentLoad reports comment posts per second and their latency
// (p50, p99) with loadPosters posting back to back, while article pages
// are read at loadReadRate (uncached, rendered from the store), and the
// reads' rate and p99; with -comment-load-disk, while another process
// flushes writes to the database's disk, and the rate it wrote at.
func BenchmarkCommentLoad(b *testing.B) {
	srv, paths, firstID, stamp, dir := commentLoadSite(b)
	var diskRate func() float64
	if *loadDisk {
		diskRate = diskLoad(b, dir)
	}
	client := &http.Client{
		// Pages are asked for gzipped, as browsers do, but not unpacked:
		// the client's work would eat the server's two cores.
		Transport:     &http.Transport{MaxIdleConnsPerHost: loadPosters + loadReaders, DisableCompression: true},
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}

	stop := make(chan struct{})
	var readers sync.WaitGroup
	var readMu sync.Mutex
	var readLat []time.Duration
	for r := range loadReaders {
		readers.Go(func() {
			var mine []time.Duration
			tick := time.NewTicker(time.Second * loadReaders / time.Duration(max(*loadReadRate, 1)))
			defer tick.Stop()
			for i := r; ; i++ {
				select {
				case <-stop:
					readMu.Lock()
					readLat = append(readLat, mine...)
					readMu.Unlock()
					return
				case <-tick.C:
				}
				req, _ := http.NewRequest(http.MethodGet, srv.URL+paths[i%len(paths)], nil)
				req.Header.Set("Accept-Encoding", "gzip")
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					b.Error(err)
					continue
				}
				io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if resp.StatusCode != http.StatusOK {
					b.Errorf("read: status %d", resp.StatusCode)
				}
				mine = append(mine, time.Since(t0))
			}
		})
	}

	var seq atomic.Int64
	var postMu sync.Mutex
	var postLat []time.Duration
	b.SetParallelism((loadPosters + 1) / 2)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			i := seq.Add(1)
			form := url.Values{
				"article_id": {fmt.Sprint(firstID + i%loadArticles)},
				"comment":    {fmt.Sprintf("Comment number %d: a reader's view of the story, in a sentence or two.", i)},
				"author":     {fmt.Sprintf("Reader %d", i)},
				"email":      {fmt.Sprintf("reader%d@example.com", i)},
				"dl_ts":      {stamp},
			}
			req, _ := http.NewRequest(http.MethodPost, srv.URL+"/comments/", strings.NewReader(form.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Sec-Fetch-Site", "same-origin") // as the browser of the page's form
			req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.%d.%d.%d", i>>16&255, i>>8&255, i&255))
			t0 := time.Now()
			resp, err := client.Do(req)
			if err != nil {
				b.Error(err)
				continue
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			mine = append(mine, time.Since(t0))
			if resp.StatusCode != http.StatusSeeOther {
				b.Errorf("post %d: status %d", i, resp.StatusCode)
			}
		}
		postMu.Lock()
		postLat = append(postLat, mine...)
		postMu.Unlock()
	})
	elapsed := b.Elapsed()
	b.StopTimer()
	close(stop)
	readers.Wait()

	b.ReportMetric(float64(len(postLat))/elapsed.Seconds(), "posts/s")
	b.ReportMetric(ms(percentile(postLat, 50)), "p50-ms")
	b.ReportMetric(ms(percentile(postLat, 99)), "p99-ms")
	b.ReportMetric(float64(len(readLat))/elapsed.Seconds(), "reads/s")
	b.ReportMetric(ms(percentile(readLat, 99)), "read-p99-ms")
	if diskRate != nil {
		b.ReportMetric(diskRate(), "disk-MB/s")
	}
	b.ReportMetric(0, "ns/op")
}

func percentile(list []time.Duration, p int) time.Duration {
	if len(list) == 0 {
		return 0
	}
	list = slices.Clone(list)
	slices.Sort(list)
	return list[min(len(list)-1, len(list)*p/100)]
}

func ms(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
