package backup

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// site is a live newsroom on a real SQLite file with a media folder: an
// article open for comments, a comment service and a media library.
type site struct {
	t        *testing.T
	st       store.Store
	src      Source
	article  content.Article
	comments *comments.Service
	media    *media.Service
	stamp    string
}

func newSite(t *testing.T) *site {
	t.Helper()
	url := teststore.New(t)
	path, ok := strings.CutPrefix(url, "sqlite:")
	if !ok {
		// The PostgreSQL path has tests of its own (postgres_test.go).
		t.Skipf("these tests back up SQLite files; the store under test is %s", url)
	}
	return newSiteOn(t, url, Source{Database: path, MediaDir: filepath.Join(t.TempDir(), "media")})
}

// newSiteOn is a site on the database at url, which src names.
func newSiteOn(t *testing.T, url string, src Source) *site {
	t.Helper()
	ctx := context.Background()
	st := teststore.OpenURL(t, url)
	s := &site{t: t, st: st, src: src}
	set := content.DefaultSettings()
	set.BaseURL = "https://news.example"
	must(t, st.SaveSettings(ctx, set))
	author := content.User{Email: "ana@newsroom.example", Name: "Ana Reyes", Role: content.RoleAuthor}
	must(t, st.CreateUser(ctx, &author))
	a := content.Article{Kind: content.KindPost, Title: "Floods reach the old city", Format: content.FormatMarkdown,
		Source: strings.Repeat("The river rose overnight. ", 40), Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Author: author, CommentsOpen: true}
	must(t, render.Prepare(&a))
	must(t, st.CreateArticle(ctx, &a))
	s.article = a
	secret, err := st.Secret(ctx, "comments")
	must(t, err)
	// Every comment comes from its own address and email; the limits are
	// not what is tested.
	s.comments, err = comments.New(st, comments.Config{Secret: secret, Unlimited: true})
	must(t, err)
	s.stamp = s.comments.FormStamp(time.Now().Add(-time.Minute))
	s.media = media.New(media.Config{Store: st, Storage: media.Dir(s.src.MediaDir)})
	return s
}

// comment posts comment n through the comment service.
func (s *site) comment(n int) (content.Comment, error) {
	f := comments.Form{Comment: fmt.Sprintf("Reader %d writes: stay safe near the river.", n), Author: fmt.Sprintf("Reader %d", n),
		Email: fmt.Sprintf("reader%d@example.com", n), ArticleID: fmt.Sprint(s.article.ID), Stamp: s.stamp}
	c, _, err := s.comments.Post(context.Background(), f, comments.ClientInfo{Addr: fmt.Sprintf("10.1.%d.%d", n/250%250, n%250+1)})
	return c, err
}

// picture uploads picture n, a small PNG of its own colour, through the
// media library.
func (s *site) picture(n int) (content.Image, error) {
	img := image.NewRGBA(image.Rect(0, 0, 64+n%32, 48))
	for i := range img.Pix {
		img.Pix[i] = byte(n*31 + i%7)
	}
	img.Set(0, 0, color.RGBA{byte(n), byte(n >> 8), 9, 255})
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		return content.Image{}, err
	}
	return s.media.Save(context.Background(), media.Upload{Filename: fmt.Sprintf("flood-%d.png", n), Alt: fmt.Sprintf("Flood picture %d", n)}, &b)
}

// writer posts comments back to back, and a picture every tenth, until
// stopped; acked lists the comments whose post returned.
type writer struct {
	mu    sync.Mutex
	acked []content.Comment
	more  chan struct{} // closed and replaced at each acknowledged comment
	err   error
	stop  chan struct{}
	done  chan struct{}
}

func (s *site) startWriter(from int) *writer {
	w := &writer{more: make(chan struct{}), stop: make(chan struct{}), done: make(chan struct{})}
	go func() {
		defer close(w.done)
		for n := from; ; n++ {
			select {
			case <-w.stop:
				return
			default:
			}
			if n%10 == 0 {
				if _, err := s.picture(n); err != nil {
					w.fail(err)
					return
				}
			}
			c, err := s.comment(n)
			if err != nil {
				w.fail(err)
				return
			}
			w.mu.Lock()
			w.acked = append(w.acked, c)
			close(w.more)
			w.more = make(chan struct{})
			w.mu.Unlock()
		}
	}()
	return w
}

func (w *writer) fail(err error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.err = err
	close(w.more)
	w.more = make(chan struct{})
}

// count is the comments acknowledged so far.
func (w *writer) count() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	return len(w.acked)
}

// waitFor waits until n comments are acknowledged.
func (w *writer) waitFor(t *testing.T, n int) {
	t.Helper()
	timeout := time.After(time.Minute)
	for {
		w.mu.Lock()
		got, more, err := len(w.acked), w.more, w.err
		w.mu.Unlock()
		if err != nil {
			t.Fatalf("the writer failed: %v", err)
		}
		if got >= n {
			return
		}
		select {
		case <-more:
		case <-timeout:
			t.Fatalf("only %d of %d comments acknowledged in a minute", got, n)
		}
	}
}

func (w *writer) halt(t *testing.T) []content.Comment {
	t.Helper()
	close(w.stop)
	<-w.done
	if w.err != nil {
		t.Fatalf("the writer failed: %v", w.err)
	}
	return w.acked
}

// tables reads every row of every table of the database at path (virtual
// tables and their shadow tables too), each row as one line, sorted.
func tables(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := openReadOnly(path)
	must(t, err)
	defer db.Close()
	var names []string
	rows, err := db.Query(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`)
	must(t, err)
	for rows.Next() {
		var n string
		must(t, rows.Scan(&n))
		names = append(names, n)
	}
	must(t, rows.Err())
	rows.Close()
	out := map[string][]string{}
	for _, n := range names {
		out[n] = dump(t, db, `SELECT * FROM "`+n+`"`)
	}
	return out
}

func dump(t *testing.T, db *sql.DB, query string, args ...any) []string {
	t.Helper()
	rows, err := db.Query(query, args...)
	must(t, err)
	defer rows.Close()
	cols, err := rows.Columns()
	must(t, err)
	var lines []string
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		must(t, rows.Scan(ptrs...))
		lines = append(lines, fmt.Sprintf("%q", vals))
	}
	must(t, rows.Err())
	slices.Sort(lines)
	return lines
}

// files reads every file under dir, by slash-separated name.
func files(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	out := map[string][]byte{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		rel, _ := filepath.Rel(dir, path)
		out[filepath.ToSlash(rel)] = data
		return err
	})
	if err != nil && !os.IsNotExist(err) {
		t.Fatal(err)
	}
	return out
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	in, err := os.Open(from)
	must(t, err)
	defer in.Close()
	out, err := os.Create(to)
	must(t, err)
	_, err = io.Copy(out, in)
	must(t, err)
	must(t, out.Close())
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
