package api_test

import (
	"bytes"
	"context"
	"dateline/internal/alerts"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/api"
	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/clock"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// deskStart is 14:05 in Bangkok, the site's zone in these tests.
var deskStart = time.Date(2025, 7, 14, 7, 5, 0, 0, time.UTC)

// desk is the API in front of a real newsroom on a real SQLite file: one
// member of each role with an API token, a second author whose articles
// are "someone else's", a revoked token, a section, and the media
// library writing into a temporary folder.
type desk struct {
	h         http.Handler
	st        store.Store
	newsroom  *articles.Service
	clock     *clock.Fake
	mediaDir  string
	politics  content.Category
	members   map[string]content.User // by role name, and "other"
	tokens    map[string]string       // by role name, "other" and "revoked"
	n         int
	scheduler *articles.Scheduler
}

func newDesk(t testing.TB) *desk {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t)
	set, err := st.Settings(ctx)
	must(t, err)
	set.TimeZone = "Asia/Bangkok"
	must(t, st.SaveSettings(ctx, set))
	d := &desk{st: st, clock: clock.NewFake(deskStart), mediaDir: t.TempDir(),
		members: map[string]content.User{}, tokens: map[string]string{}}
	for _, m := range []struct {
		key, name string
		role      content.Role
	}{
		{"admin", "Somchai Admin", content.RoleAdmin},
		{"editor", "Ana Reyes", content.RoleEditor},
		{"author", "Kittipong Chai", content.RoleAuthor},
		{"contributor", "Lee Contributor", content.RoleContributor},
		{"other", "Nok Author", content.RoleAuthor},
	} {
		u := content.User{Name: m.name, Email: content.Slugify(m.name) + "@example.com", Role: m.role}
		must(t, st.CreateUser(ctx, &u))
		d.members[m.key] = u
		d.tokens[m.key], _ = d.token(t, u)
	}
	revoked, id := d.token(t, d.members["editor"])
	must(t, st.DeleteAPIToken(ctx, d.members["editor"].ID, id))
	d.tokens["revoked"] = revoked
	d.politics = content.Category{Name: "Politics"}
	must(t, st.CreateCategory(ctx, &d.politics))

	d.newsroom = articles.New(articles.Config{Store: st, Now: d.clock.Now})
	d.scheduler = d.newsroom.Scheduler(time.Minute)
	library := media.New(media.Config{Store: st, Storage: media.Dir(d.mediaDir), Now: d.clock.Now,
		Limits: media.Limits{MaxBytes: 2 << 20}})
	discussion, err := comments.New(st, comments.Config{Secret: []byte("0123456789abcdef0123"), Now: d.clock.Now})
	must(t, err)
	d.h = api.New(api.Config{Store: st, BaseURL: "https://news.example", Now: d.clock.Now,
		Newsroom: d.newsroom, Media: library, Comments: discussion,
		Alerts: alerts.New(alerts.Config{Store: st, Now: d.clock.Now})}).Handler()
	return d
}

func (d *desk) token(t testing.TB, u content.User) (string, int64) {
	t.Helper()
	token, rec, err := auth.NewAPIToken(u.ID, "test", d.clock.Now())
	must(t, err)
	must(t, d.st.CreateAPIToken(context.Background(), &rec))
	return token, rec.ID
}

// article stores an article by author in status directly, as if the
// workflow had brought it there: published an hour ago, or scheduled an
// hour ahead.
func (d *desk) article(t testing.TB, author content.User, status content.Status) content.Article {
	t.Helper()
	d.n++
	a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Story %d", d.n), Source: "The river rose overnight.",
		Format: content.FormatMarkdown, Status: status, Author: author, Category: d.politics, CommentsOpen: true}
	must(t, render.Prepare(&a))
	now := d.clock.Now()
	switch status {
	case content.StatusPublished:
		a.PublishedAt = now.Add(-time.Hour)
	case content.StatusScheduled:
		a.PublishedAt = now.Add(time.Hour)
	}
	a.CreatedAt, a.UpdatedAt = now.Add(-2*time.Hour), now.Add(-2*time.Hour)
	must(t, d.st.CreateArticle(context.Background(), &a))
	return a
}

// liveBlog is d.article made a live blog, open.
func (d *desk) liveBlog(t testing.TB, author content.User, status content.Status) content.Article {
	t.Helper()
	a := d.article(t, author, status)
	must(t, d.st.SetLiveBlog(context.Background(), a.ID, d.clock.Now(), time.Time{}))
	return a
}

func (d *desk) reread(t *testing.T, id int64) content.Article {
	t.Helper()
	a, err := d.st.ArticleByID(context.Background(), id)
	must(t, err)
	return a
}

// comment stores a reader's comment waiting for moderation.
func (d *desk) comment(t *testing.T, on content.Article) content.Comment {
	t.Helper()
	c := content.Comment{ArticleID: on.ID, AuthorName: "Reader", AuthorEmail: "reader@example.com",
		Body: "Thank you for this report.", Status: content.CommentPending, CreatedAt: d.clock.Now()}
	must(t, d.st.CreateComment(context.Background(), &c))
	return c
}

// call sends a request as the member with token (none when ""), with a
// JSON body unless body is a *form.
func (d *desk) call(t *testing.T, method, path, token string, body any) *httptest.ResponseRecorder {
	t.Helper()
	return d.serve(d.request(t, method, path, token, body))
}

func (d *desk) request(t *testing.T, method, path, token string, body any) *http.Request {
	t.Helper()
	var r io.Reader
	ctype := ""
	switch b := body.(type) {
	case nil:
	case *form:
		r, ctype = bytes.NewReader(b.buf.Bytes()), b.ctype
	case string:
		r, ctype = strings.NewReader(b), "application/json"
	default:
		raw, err := json.Marshal(b)
		must(t, err)
		r, ctype = bytes.NewReader(raw), "application/json"
	}
	req := httptest.NewRequest(method, path, r)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return req
}

func (d *desk) serve(req *http.Request) *httptest.ResponseRecorder {
	rec := httptest.NewRecorder()
	d.h.ServeHTTP(rec, req)
	return rec
}

// apiError is the error shape of every refusal.
type apiError struct {
	Error struct {
		Code, Message, Field string
		Details              []struct{ Field, Message string }
	}
}

func decode[T any](t *testing.T, rec *httptest.ResponseRecorder) T {
	t.Helper()
	var v T
	if err := json.Unmarshal(rec.Body.Bytes(), &v); err != nil {
		t.Fatalf("answer %d is not JSON: %v\n%s", rec.Code, err, rec.Body.String())
	}
	return v
}

// editorArticle is what the API answers about an article to a token
// holder, in the fields these tests look at.
type editorArticle struct {
	ID          int64
	Title       string
	Slug        string
	Status      string
	URL         string
	Body        string
	BodyHTML    string `json:"body_html"`
	Excerpt     string
	Dateline    string
	Format      string
	Version     int
	PublishedAt *string `json:"published_at"`
	MustRead    bool    `json:"must_read"`
	Author      struct{ ID int64 }
	Category    *struct{ Slug string }
	Tags        []struct{ Name string }
	Image       *struct {
		ID  int64
		Alt string
	}
}

// form is a multipart upload.
type form struct {
	buf   bytes.Buffer
	ctype string
}

func upload(t *testing.T, filename string, file []byte, fields map[string]string) *form {
	t.Helper()
	f := &form{}
	w := multipart.NewWriter(&f.buf)
	for k, v := range fields {
		must(t, w.WriteField(k, v))
	}
	if file != nil {
		part, err := w.CreateFormFile("file", filename)
		must(t, err)
		_, err = part.Write(file)
		must(t, err)
	}
	must(t, w.Close())
	f.ctype = w.FormDataContentType()
	return f
}

// photo is a real image of w × h pixels, as JPEG or PNG.
func photo(t *testing.T, kind string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	if kind == "png" {
		must(t, png.Encode(&buf, img))
	} else {
		must(t, jpeg.Encode(&buf, img, &jpeg.Options{Quality: 80}))
	}
	return buf.Bytes()
}

// files lists what the media library has stored.
func (d *desk) files(t *testing.T) []string {
	t.Helper()
	var names []string
	err := filepath.WalkDir(d.mediaDir, func(path string, e os.DirEntry, err error) error {
		if err == nil && !e.IsDir() {
			names = append(names, path)
		}
		return err
	})
	must(t, err)
	return names
}
