// Command probe is the load benchmark's helper (bench/run.sh): it lists
// the archive's articles, plays the newsroom and the readers who comment
// during a breaking-news run, checks that every comment a load test had
// acknowledged is stored and shown, and times a change through the static
// mirror. It reads the database through the store and writes only through
// dateline's own API and comment form, as anyone outside would.
//
// Usage:
//
//	probe articles --db URL [--n 50]
//	probe comments --db URL --base URL --acked FILE --after ID
//	probe newsroom --base URL --token TOKEN --for 60s [--publish-every 30s]
//	               [--comments-per-second 2] --articles ID,ID…
//	probe visible --base URL --token TOKEN --id ID --watch URL
//	probe lastcomment --db URL
//
// URL is the database as `dateline serve --db` takes it: sqlite:PATH (the
// file must exist) or postgres://….
package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/backend"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout); err != nil {
		if !errors.Is(err, flag.ErrHelp) {
			fmt.Fprintln(os.Stderr, "probe:", err)
		}
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("give a command: articles, comments, newsroom, visible or lastcomment")
	}
	fs := flag.NewFlagSet("probe "+args[0], flag.ContinueOnError)
	var o opts
	fs.StringVar(&o.db, "db", "", "the database: sqlite:PATH or postgres://USER@HOST/DATABASE")
	fs.StringVar(&o.base, "base", "", "dateline's address, http://HOST:PORT")
	fs.StringVar(&o.token, "token", "", "an API token (dateline token create)")
	fs.StringVar(&o.acked, "acked", "", "file of the comment ids the load test was answered with")
	fs.StringVar(&o.watch, "watch", "", "the page address to watch for the change (through nginx)")
	fs.StringVar(&o.ids, "articles", "", "article ids, comma-separated")
	fs.Int64Var(&o.after, "after", 0, "the last comment id before the load test")
	fs.Int64Var(&o.id, "id", 0, "the article to change")
	fs.IntVar(&o.n, "n", 50, "how many of the newest articles to list")
	fs.DurationVar(&o.dur, "for", time.Minute, "how long the newsroom works")
	fs.DurationVar(&o.every, "publish-every", 30*time.Second, "how often the newsroom publishes a story")
	fs.Float64Var(&o.rate, "comments-per-second", 2, "readers' comments a second")
	if err := fs.Parse(args[1:]); err != nil {
		return err
	}
	o.client = &http.Client{Timeout: 10 * time.Second, CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	}}
	switch args[0] {
	case "articles":
		return o.articles(ctx, stdout)
	case "comments":
		return o.comments(ctx, stdout)
	case "newsroom":
		return o.newsroom(ctx, stdout)
	case "visible":
		return o.visible(ctx, stdout)
	case "lastcomment":
		return o.lastComment(ctx, stdout)
	}
	return fmt.Errorf("unknown command %q", args[0])
}

type opts struct {
	db, base, token, acked, watch, ids string
	after, id                          int64
	n                                  int
	dur, every                         time.Duration
	rate                               float64
	client                             *http.Client
}

func (o *opts) open(ctx context.Context) (store.Store, *time.Location, error) {
	if o.db == "" {
		return nil, nil, errors.New("give --db URL")
	}
	// A probe reads what the benchmark seeded: it makes no new database.
	if path, ok := strings.CutPrefix(o.db, "sqlite:"); ok {
		if _, err := os.Stat(path); err != nil {
			return nil, nil, err
		}
	}
	st, err := backend.Open(ctx, o.db)
	if err != nil {
		return nil, nil, err
	}
	set, err := st.Settings(ctx)
	if err != nil {
		st.Close()
		return nil, nil, err
	}
	return st, set.Zone(), nil
}

// articles prints the id and the path of the n newest published articles,
// one a line.
func (o *opts) articles(ctx context.Context, w io.Writer) error {
	st, zone, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	out := bufio.NewWriter(w)
	q := store.ArticleQuery{Limit: store.MaxLimit}
	for left := o.n; left > 0; {
		q.Limit = min(left, store.MaxLimit)
		list, err := st.PublishedArticles(ctx, q)
		if err != nil {
			return err
		}
		for _, a := range list {
			fmt.Fprintf(out, "%d %s\n", a.ID, a.Path(zone))
		}
		if len(list) < q.Limit {
			break
		}
		left -= len(list)
		last := list[len(list)-1]
		q.Before = &store.Cursor{PublishedAt: last.PublishedAt, ID: last.ID}
	}
	return out.Flush()
}

// lastComment prints the newest comment's id (0 when there is none).
func (o *opts) lastComment(ctx context.Context, w io.Writer) error {
	st, _, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	var last int64
	for _, status := range []content.CommentStatus{content.CommentApproved, content.CommentPending, content.CommentSpam, content.CommentTrash} {
		q, err := st.ModerationQueue(ctx, store.CommentFilter{Status: status, Limit: 1})
		if err != nil {
			return err
		}
		if len(q) > 0 {
			last = max(last, q[0].ID)
		}
	}
	fmt.Fprintln(w, last)
	return nil
}

// comments checks what a load test posted: every comment it was answered
// for (the ids in --acked) is stored, approved and on its article's page
// at the next request; comments stored that were not acknowledged (in
// flight when the load stopped) are counted. The last line is PASS or
// FAIL.
func (o *opts) comments(ctx context.Context, w io.Writer) error {
	st, zone, err := o.open(ctx)
	if err != nil {
		return err
	}
	defer st.Close()
	raw, err := os.ReadFile(o.acked)
	if err != nil {
		return err
	}
	acked := map[int64]bool{}
	for _, f := range strings.Fields(string(raw)) {
		id, err := strconv.ParseInt(f, 10, 64)
		if err != nil {
			return fmt.Errorf("%s: %q is not a comment id", o.acked, f)
		}
		acked[id] = true
	}
	var lost, held []int64
	onArticle := map[int64][]int64{}
	for id := range acked {
		c, err := st.CommentByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			lost = append(lost, id)
			continue
		}
		if err != nil {
			return err
		}
		if c.Status != content.CommentApproved {
			held = append(held, id)
			continue
		}
		onArticle[c.ArticleID] = append(onArticle[c.ArticleID], id)
	}
	// Stored since the test began, acknowledged or not.
	stored := 0
	for _, status := range []content.CommentStatus{content.CommentApproved, content.CommentPending, content.CommentSpam} {
		// The queue lists the newest first.
		f := store.CommentFilter{Status: status, Limit: store.MaxLimit}
		for {
			q, err := st.ModerationQueue(ctx, f)
			if err != nil {
				return err
			}
			more := len(q) == f.Limit
			for _, c := range q {
				if c.ID > o.after {
					stored++
				} else {
					more = false
				}
			}
			if !more {
				break
			}
			f.Offset += len(q)
		}
	}
	var missing []int64
	pages := 0
	for articleID, ids := range onArticle {
		a, err := st.ArticleByID(ctx, articleID)
		if err != nil {
			return err
		}
		page, err := o.get(ctx, o.base+a.Path(zone))
		if err != nil {
			return err
		}
		pages++
		for _, id := range ids {
			if !bytes.Contains(page, []byte(fmt.Sprintf(`id="comment-%d"`, id))) {
				missing = append(missing, id)
			}
		}
	}
	fmt.Fprintf(w, "acknowledged %d, stored %d (%d in flight when the load stopped), lost %d, held %d, not on the next page %d (%d pages read)\n",
		len(acked), stored, max(0, stored-len(acked)), len(lost), len(held), len(missing), pages)
	if len(lost)+len(held)+len(missing) > 0 || len(acked) == 0 {
		fmt.Fprintf(w, "lost %v held %v missing %v\nFAIL\n", first(lost), first(held), first(missing))
		return nil
	}
	fmt.Fprintln(w, "PASS")
	return nil
}

func first(ids []int64) []int64 {
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	return ids[:min(len(ids), 10)]
}

func (o *opts) get(ctx context.Context, u string) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u, nil)
	if err != nil {
		return nil, err
	}
	res, err := o.client.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 16<<20))
	if err != nil {
		return nil, err
	}
	if res.StatusCode != http.StatusOK {
		return body, fmt.Errorf("GET %s: %s", u, res.Status)
	}
	return body, nil
}

// api sends one API request with the token and decodes the answer into
// out; it returns the answer's ETag.
func (o *opts) api(ctx context.Context, method, path string, body any, header map[string]string, out any) (string, error) {
	var r io.Reader
	if body != nil {
		b, err := json.Marshal(body)
		if err != nil {
			return "", err
		}
		r = bytes.NewReader(b)
	}
	req, err := http.NewRequestWithContext(ctx, method, o.base+"/api/v1"+path, r)
	if err != nil {
		return "", err
	}
	req.Header.Set("Authorization", "Bearer "+o.token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := o.client.Do(req)
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return "", err
	}
	if res.StatusCode/100 != 2 {
		return "", fmt.Errorf("%s %s: %s: %.300s", method, path, res.Status, data)
	}
	if out != nil {
		if err := json.Unmarshal(data, out); err != nil {
			return "", fmt.Errorf("%s %s: %w", method, path, err)
		}
	}
	return res.Header.Get("ETag"), nil
}

// publish files and publishes a new story in the first section.
func (o *opts) publish(ctx context.Context, n int) error {
	_, err := o.api(ctx, http.MethodPost, "/articles", map[string]any{
		"title":    fmt.Sprintf("Breaking: update %d on the flood at %s", n, time.Now().Format("15:04:05")),
		"body":     "Water rose again overnight, officials said.\n\nMore follows as the story develops.",
		"status":   "published",
		"category": "thailand",
		"tags":     []string{"Breaking", "Floods"},
		"dateline": "BANGKOK",
	}, nil, nil)
	return err
}

var stampField = regexp.MustCompile(`name="dl_ts" value="([^"]+)"`)

// newsroom plays a newsroom during breaking news for --for: it publishes
// a story every --publish-every (the first half that in), through the
// API, and readers post
// comments on the --articles at --comments-per-second through the form,
// each from its own address (dateline must trust 127.0.0.1 as a proxy).
func (o *opts) newsroom(ctx context.Context, w io.Writer) error {
	var ids []int64
	for _, f := range strings.Split(o.ids, ",") {
		id, err := strconv.ParseInt(strings.TrimSpace(f), 10, 64)
		if err != nil {
			return fmt.Errorf("--articles: %q is not an id", f)
		}
		ids = append(ids, id)
	}
	// The page stamp: the form carries it, posts must come some seconds
	// after it (the policy's minimum delay).
	var page struct {
		URL string `json:"url"`
	}
	if _, err := o.api(ctx, http.MethodGet, "/articles/"+strconv.FormatInt(ids[0], 10), nil, nil, &page); err != nil {
		return err
	}
	u, err := url.Parse(page.URL)
	if err != nil {
		return err
	}
	html, err := o.get(ctx, o.base+u.Path)
	if err != nil {
		return err
	}
	m := stampField.FindSubmatch(html)
	if m == nil {
		return errors.New("no dl_ts stamp in the article page's comment form")
	}
	stamp := string(m[1])
	// Posts must come the policy's minimum delay (3 s by default) after
	// the page was made.
	if unix, _, ok := strings.Cut(stamp, "."); ok {
		if sec, err := strconv.ParseInt(unix, 10, 64); err == nil {
			if wait := time.Until(time.Unix(sec, 0).Add(3500 * time.Millisecond)); wait > 0 {
				time.Sleep(wait)
			}
		}
	}

	ctx, cancel := context.WithTimeout(ctx, o.dur)
	defer cancel()
	var (
		wg                        sync.WaitGroup
		published, publishErrors  atomic.Int64
		commented, commentErrors  atomic.Int64
		firstPublishErr, firstErr atomic.Value
	)
	wg.Go(func() {
		// The first story half an interval in, then one every interval.
		next := time.NewTimer(o.every / 2)
		defer next.Stop()
		for n := 1; ; n++ {
			select {
			case <-ctx.Done():
				return
			case <-next.C:
			}
			next.Reset(o.every)
			if err := o.publish(ctx, n); err != nil && ctx.Err() == nil {
				publishErrors.Add(1)
				firstPublishErr.CompareAndSwap(nil, err.Error())
				continue
			}
			published.Add(1)
		}
	})
	if o.rate > 0 {
		wg.Go(func() {
			t := time.NewTicker(time.Duration(float64(time.Second) / o.rate))
			defer t.Stop()
			for n := 0; ; n++ {
				select {
				case <-ctx.Done():
					return
				case <-t.C:
				}
				form := url.Values{
					"article_id": {strconv.FormatInt(ids[n%len(ids)], 10)},
					"comment":    {fmt.Sprintf("Breaking-news reader %d: stay safe, everyone near the river.", n)},
					"author":     {fmt.Sprintf("Reader %d", n)},
					"email":      {fmt.Sprintf("breaking%d@example.com", n)},
					"dl_ts":      {stamp},
				}
				req, _ := http.NewRequestWithContext(ctx, http.MethodPost, o.base+"/comments/", strings.NewReader(form.Encode()))
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
				// As a reader's browser says of the article page's form; the
				// site refuses a post that says neither this nor Origin.
				req.Header.Set("Sec-Fetch-Site", "same-origin")
				req.Header.Set("X-Forwarded-For", fmt.Sprintf("10.200.%d.%d", n/250%250, n%250+1))
				res, err := o.client.Do(req)
				if err == nil {
					io.Copy(io.Discard, res.Body)
					res.Body.Close()
					if res.StatusCode != http.StatusSeeOther {
						err = fmt.Errorf("comment: %s", res.Status)
					}
				}
				if err != nil && ctx.Err() == nil {
					commentErrors.Add(1)
					firstErr.CompareAndSwap(nil, err.Error())
					continue
				}
				if err == nil {
					commented.Add(1)
				}
			}
		})
	}
	wg.Wait()
	fmt.Fprintf(w, "published %d stories (%d failed), posted %d comments (%d failed)\n",
		published.Load(), publishErrors.Load(), commented.Load(), commentErrors.Load())
	for _, v := range []*atomic.Value{&firstPublishErr, &firstErr} {
		if s, ok := v.Load().(string); ok {
			fmt.Fprintln(w, "first error:", s)
		}
	}
	if publishErrors.Load()+commentErrors.Load() > 0 {
		return errors.New("the newsroom met errors")
	}
	return nil
}

// visible changes the headline of article --id through the API and
// prints how long until --watch (the page through nginx) shows it, in
// milliseconds; it gives up after five seconds.
func (o *opts) visible(ctx context.Context, w io.Writer) error {
	path := "/articles/" + strconv.FormatInt(o.id, 10)
	var cur struct {
		Title string `json:"title"`
	}
	etag, err := o.api(ctx, http.MethodGet, path, nil, nil, &cur)
	if err != nil {
		return err
	}
	headline := fmt.Sprintf("Corrected headline %d", time.Now().UnixNano())
	start := time.Now()
	if _, err := o.api(ctx, http.MethodPatch, path, map[string]any{"title": headline}, map[string]string{"If-Match": etag}, nil); err != nil {
		return err
	}
	for {
		page, err := o.get(ctx, o.watch)
		if err == nil && bytes.Contains(page, []byte(headline)) {
			fmt.Fprintf(w, "%.1f\n", float64(time.Since(start).Microseconds())/1000)
			return nil
		}
		if time.Since(start) > 5*time.Second {
			return fmt.Errorf("%s did not show the new headline within 5 s (last error: %v)", o.watch, err)
		}
		time.Sleep(2 * time.Millisecond)
	}
}
