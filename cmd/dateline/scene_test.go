package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/members"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
	"dateline/internal/taxonomy"
)

// The whole program on the store under test, with its newsroom, readers
// and helpers, shared by the tests that go through every surface
// (events_test.go, cache_test.go).

// eventsPassword is every seeded member's password.
const eventsPassword = "monsoon season 2025"

// cheapHasher hashes the seeded members' passwords in about a millisecond.
var cheapHasher = auth.Hasher{Params: auth.Params{Memory: 64, Time: 1, Threads: 1}}

// eventsApp is the whole program on a fresh store, with a recorder on its
// change feed, one member of each role signed in and holding an API
// token, two sections, and a published story by the author in World,
// tagged Floods, with a reader's comment waiting on it.
type eventsApp struct {
	app  *app
	db   string // the database's URL, for the commands
	data string
	st   store.Store
	h    http.Handler
	seen *changes.Recorder
	// The seeding services write what the rows work on and announce
	// nothing.
	seedArticles *articles.Service
	seedMembers  *members.Service
	seedTaxonomy *taxonomy.Service
	seedMedia    *media.Service
	// stamps makes the comment form's page stamps, as the site does.
	stamps *comments.Service
	secret []byte // the comment service's secret, for unsubscribe links
	zone   *time.Location

	staff           map[content.Role]content.User
	desks           map[content.Role]*visitor // each signed in
	tokens          map[content.Role]string
	world, business content.Category
	floods          content.Tag
	story           content.Article
	held            content.Comment // a reader's comment on the story, waiting
	picture         content.Image
	editorsPicture  content.Image
	// meteoDown makes the weather service answer 500.
	meteoDown atomic.Bool
	// meteoTenths is the temperature the weather service reports, in
	// tenths of a degree Celsius.
	meteoTenths atomic.Int64
	n           int // numbers what the rows make, so that no two are alike
}

// newEventsApp builds the program as serve assembles it, with the
// configuration changed by each of configure (the page cache is off
// unless one turns it on).
func newEventsApp(t *testing.T, configure ...func(*Config)) *eventsApp {
	t.Helper()
	ctx := context.Background()
	e := &eventsApp{staff: map[content.Role]content.User{}, desks: map[content.Role]*visitor{}, tokens: map[content.Role]string{}}
	e.meteoTenths.Store(295)
	meteo := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if e.meteoDown.Load() {
			http.Error(w, `{"error":true,"reason":"the weather service is down"}`, http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		fmt.Fprintf(w, `{"latitude":13.75,"longitude":100.5,"timezone":"Asia/Bangkok",
			"current_units":{"time":"iso8601","interval":"seconds","temperature_2m":"°C","weather_code":"wmo code","is_day":""},
			"current":{"time":"2025-07-14T10:00","interval":900,"temperature_2m":%.1f,"weather_code":1,"is_day":1}}`,
			float64(e.meteoTenths.Load())/10)
	}))
	t.Cleanup(meteo.Close)

	e.db, e.data = teststore.New(t), t.TempDir()
	e.st = teststore.OpenURL(t, e.db)
	set := content.DefaultSettings()
	set.SiteName, set.TimeZone, set.BaseURL = "The River Post", "Asia/Bangkok", "https://news.example"
	set.WeatherLabel, set.Latitude, set.Longitude = "Bangkok", 13.75, 100.5
	noError(t, e.st.SaveSettings(ctx, set))
	e.zone = set.Zone()

	feed := &changes.Feed{}
	e.seen = &changes.Recorder{}
	feed.Subscribe(e.seen.Record)
	// No SMTP server in the environment: mail goes to the log, and the
	// mail queue, like the rest of the background work, is not started.
	cfg := Config{Data: e.data, DB: e.db, BaseURL: "https://news.example", WeatherURL: meteo.URL}
	for _, c := range configure {
		c(&cfg)
	}
	var err error
	e.app, err = assemble(ctx, cfg, e.st, feed, noEnv, slog.New(slog.DiscardHandler))
	noError(t, err)
	e.h = e.app.front.Handler()

	e.seedArticles = articles.New(articles.Config{Store: e.st})
	e.seedMembers = members.New(members.Config{Store: e.st, Hasher: cheapHasher})
	e.seedTaxonomy = taxonomy.New(taxonomy.Config{Store: e.st})
	e.seedMedia = media.New(media.Config{Store: e.st, Storage: media.Dir(filepath.Join(e.data, "media"))})
	e.secret, err = e.st.Secret(ctx, "comments")
	noError(t, err)
	e.stamps, err = comments.New(e.st, comments.Config{Secret: e.secret})
	noError(t, err)

	s := &scene{eventsApp: e, t: t}
	for role, name := range map[content.Role]string{
		content.RoleAdmin: "Ada Admin", content.RoleEditor: "Eddie Editor",
		content.RoleAuthor: "Ana Reyes", content.RoleContributor: "Chai Contributor",
	} {
		u := s.newMember(name, role)
		e.staff[role], e.desks[role] = u, s.signIn(u)
		// As dateline token create makes them.
		secret, tok, err := auth.NewAPIToken(u.ID, "events test", time.Now())
		noError(t, err)
		noError(t, e.st.CreateAPIToken(ctx, &tok))
		e.tokens[role] = secret
	}
	e.world = s.newSection("World")
	e.business = s.newSection("Business")
	e.story = s.newArticle(e.staff[content.RoleAuthor], articles.StepPublish, e.world, "Floods")
	e.floods, err = e.st.TagBySlug(ctx, "floods")
	noError(t, err)
	e.held = s.newComment(e.story, "Somchai Jaidee", content.CommentPending)
	// A reader whose comments are published at once: one was approved.
	s.newCommentBy(e.story, "Nok Returning", "nok@example.org", content.CommentApproved)
	// The author's picture; the editor's is another author's to her.
	e.picture, err = e.seedMedia.Save(ctx, media.Upload{Filename: "boats.png", Alt: "Boats on the river", Owner: e.staff[content.RoleAuthor].ID}, bytes.NewReader(tinyPNG(t)))
	noError(t, err)
	e.editorsPicture, err = e.seedMedia.Save(ctx, media.Upload{Filename: "desk.png", Alt: "The news desk", Owner: e.staff[content.RoleEditor].ID}, bytes.NewReader(tinyPNG(t)))
	noError(t, err)
	return e
}

// scene is what one row works on, with the row's own test.
type scene struct {
	*eventsApp
	t       *testing.T
	article content.Article // as it was before the row
	comment content.Comment
	other   content.Comment
	member  content.User
	visitor *visitor
	id      int64  // what the row names or made: a session, a token, a revision, a picture, a new article
	token   string // a reset link's token
}

// visitor is a browser: its cookies and the browser it says it is.
type visitor struct {
	cookies map[string]*http.Cookie
	agent   string
}

// send serves r to v through the front door, as the browser would send it.
func (s *scene) send(v *visitor, r *http.Request) *httptest.ResponseRecorder {
	s.t.Helper()
	r.RemoteAddr = "203.0.113.7:50000"
	if v != nil {
		r.Header.Set("User-Agent", v.agent)
		for _, c := range v.cookies {
			r.AddCookie(c)
		}
	}
	w := httptest.NewRecorder()
	s.h.ServeHTTP(w, r)
	if v != nil {
		for _, c := range w.Result().Cookies() {
			if c.MaxAge < 0 || c.Value == "" {
				delete(v.cookies, c.Name)
			} else {
				v.cookies[c.Name] = c
			}
		}
	}
	return w
}

// post sends a newsroom form from the site's own page, as browsers say in
// Sec-Fetch-Site.
func (s *scene) post(v *visitor, path string, form url.Values) *httptest.ResponseRecorder {
	s.t.Helper()
	return s.postWith(v, path, form, map[string]string{"Sec-Fetch-Site": "same-origin"})
}

func (s *scene) postWith(v *visitor, path string, form url.Values, header map[string]string) *httptest.ResponseRecorder {
	s.t.Helper()
	r := httptest.NewRequest(http.MethodPost, "https://news.example"+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	for k, val := range header {
		r.Header.Set(k, val)
	}
	return s.send(v, r)
}

// upload sends a form with a picture in the field named field, from the
// site's own page.
func (s *scene) upload(v *visitor, path string, fields url.Values, field, filename string, data []byte) *httptest.ResponseRecorder {
	s.t.Helper()
	body, ctype := multipartBody(s.t, fields, field, filename, data)
	r := httptest.NewRequest(http.MethodPost, "https://news.example"+path, body)
	r.Header.Set("Content-Type", ctype)
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	return s.send(v, r)
}

// multipartBody is a form with fields and one file, in the field named
// field.
func multipartBody(t *testing.T, fields url.Values, field, filename string, data []byte) (io.Reader, string) {
	t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			noError(t, mw.WriteField(k, v))
		}
	}
	part, err := mw.CreateFormFile(field, filename)
	noError(t, err)
	_, err = part.Write(data)
	noError(t, err)
	noError(t, mw.Close())
	return &body, mw.FormDataContentType()
}

// api calls the API with a bearer token and a JSON body (none when nil).
func (s *scene) api(method, path, token string, body any) *httptest.ResponseRecorder {
	s.t.Helper()
	var r io.Reader
	if body != nil {
		raw, err := json.Marshal(body)
		noError(s.t, err)
		r = bytes.NewReader(raw)
	}
	req := httptest.NewRequest(method, "https://news.example"+path, r)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return s.send(nil, req)
}

// apiID reads the id of what the API answered with.
func (s *scene) apiID(w *httptest.ResponseRecorder) int64 {
	s.t.Helper()
	var out struct {
		ID int64 `json:"id"`
	}
	if err := json.Unmarshal(w.Body.Bytes(), &out); err != nil || out.ID == 0 {
		s.t.Fatalf("no id in the answer %d: %s", w.Code, w.Body)
	}
	return out.ID
}

// readerPost posts the site's comment form as a reader at addr would, from a
// page served a minute ago (past the wait before a comment).
func (s *scene) readerPost(path, addr string, form url.Values, header map[string]string) *httptest.ResponseRecorder {
	s.t.Helper()
	form.Set(comments.FieldStamp, s.stamps.FormStamp(time.Now().Add(-time.Minute)))
	r := httptest.NewRequest(http.MethodPost, "https://news.example"+path, strings.NewReader(form.Encode()))
	r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	// The reader's browser says the form is the site's own, unless the row
	// says otherwise.
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	for k, v := range header {
		r.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	r.RemoteAddr = addr + ":5000"
	s.h.ServeHTTP(w, r)
	return w
}

// run runs a command of the program on the server's database, and then
// lets the server read the change log, as its journal does every half
// second.
func (s *scene) run(stdin string, args ...string) int {
	s.t.Helper()
	var out, errOut strings.Builder
	args = append(args, "--data", s.data, "--db", s.db)
	code := run(context.Background(), args, noEnv, strings.NewReader(stdin), &out, &errOut)
	s.app.journal.Follow(context.Background())
	if code != 0 {
		s.t.Logf("%v: %s%s", args, out.String(), errOut.String())
	}
	return code
}

// signIn signs u in through the sign-in form.
func (s *scene) signIn(u content.User) *visitor {
	s.t.Helper()
	v := &visitor{cookies: map[string]*http.Cookie{}, agent: "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0"}
	w := s.post(v, "/admin/login", url.Values{"email": {u.Email}, "password": {eventsPassword}})
	if w.Code != http.StatusSeeOther || v.cookies[auth.CookieName] == nil {
		s.t.Fatalf("signing in as %s: %d\n%s", u.Email, w.Code, w.Body)
	}
	return v
}

func (s *scene) newMember(name string, role content.Role) content.User {
	s.t.Helper()
	email := content.Slugify(name) + "@example.com"
	u, err := s.seedMembers.Create(context.Background(), members.Operator,
		members.NewMember{Name: name, Email: email, Role: role, Password: eventsPassword})
	noError(s.t, err)
	return u
}

func (s *scene) newSection(name string) content.Category {
	s.t.Helper()
	c, err := s.seedTaxonomy.CreateSection(context.Background(), members.Operator, taxonomy.Section{Name: name})
	noError(s.t, err)
	return c
}

// newArticle files a story by author in section, taken at once to step
// (StepSave leaves a draft; StepTrash trashes the draft).
func (s *scene) newArticle(author content.User, step articles.Step, section content.Category, tags ...string) content.Article {
	s.t.Helper()
	ctx := context.Background()
	s.n++
	d := articles.Draft{Title: "Story " + strconv.Itoa(s.n) + " from the river", Source: "The river rose overnight.",
		CategoryID: section.ID, Tags: tags, CommentsOpen: true}
	first := step
	if step == articles.StepTrash {
		first = articles.StepSave
	}
	a, err := s.seedArticles.Apply(ctx, author, 0, articles.Change{Draft: &d, Step: first})
	noError(s.t, err)
	if step == articles.StepTrash {
		a, err = s.seedArticles.Apply(ctx, author, a.ID, articles.Change{Step: articles.StepTrash})
		noError(s.t, err)
	}
	return a.Article
}

// edit saves a new text of article a as its author, so that its version
// moves on and it has a second revision.
func (s *scene) edit(a content.Article) {
	s.t.Helper()
	ctx := context.Background()
	author, err := s.st.UserByID(ctx, a.Author.ID) // with the role the workflow asks for
	noError(s.t, err)
	d := articles.DraftOf(a)
	d.Source = "The river rose overnight, and again at dawn."
	_, err = s.seedArticles.Apply(ctx, author, a.ID, articles.Change{Draft: &d, Version: s.version(a.ID)})
	noError(s.t, err)
}

func (s *scene) reread(id int64) content.Article {
	s.t.Helper()
	a, err := s.st.ArticleByID(context.Background(), id)
	noError(s.t, err)
	return a
}

// lastPicture is the number of the newest picture in the library.
func (s *scene) lastPicture() int64 {
	s.t.Helper()
	list, err := s.st.Images(context.Background(), store.ImageQuery{Limit: 1})
	noError(s.t, err)
	if len(list) == 0 {
		return 0
	}
	return list[0].ID
}

func (s *scene) version(id int64) int {
	s.t.Helper()
	v, err := s.st.ArticleVersion(context.Background(), id)
	noError(s.t, err)
	return v
}

func (s *scene) newComment(a content.Article, name string, status content.CommentStatus) content.Comment {
	s.t.Helper()
	return s.newCommentBy(a, name, content.Slugify(name)+"@example.net", status)
}

func (s *scene) newCommentBy(a content.Article, name, email string, status content.CommentStatus) content.Comment {
	s.t.Helper()
	ctx := context.Background()
	s.n++
	c := content.Comment{ArticleID: a.ID, AuthorName: name, AuthorEmail: email, Status: status,
		Body: "Words number " + strconv.Itoa(s.n) + " from " + name + ".", CreatedAt: time.Now().Add(-time.Hour)}
	noError(s.t, s.st.CreateComment(ctx, &c))
	c, err := s.st.CommentByID(ctx, c.ID)
	noError(s.t, err)
	return c
}

// tagID is the id of the tag with slug.
func (s *scene) tagID(slug string) int64 {
	s.t.Helper()
	tag, err := s.st.TagBySlug(context.Background(), slug)
	noError(s.t, err)
	return tag.ID
}

// storyForm is the article editor's form for a story in section with
// tags, taking step.
func storyForm(title string, section content.Category, tags, step string) url.Values {
	return url.Values{"title": {title}, "excerpt": {"Water in the old town."}, "dateline": {"CHIANG MAI"},
		"body": {"The river **rose** overnight."}, "format": {"markdown"}, "kind": {"post"},
		"category": {strconv.FormatInt(section.ID, 10)}, "tags": {tags}, "comments_open": {"1"}, "step": {step}}
}

// formOf is the editor's form of a stored article, at its version,
// taking step.
func (s *scene) formOf(a content.Article, step string) url.Values {
	names := make([]string, len(a.Tags))
	for i, t := range a.Tags {
		names[i] = t.Name
	}
	f := storyForm(a.Title, a.Category, strings.Join(names, ", "), step)
	f.Set("version", strconv.Itoa(s.version(a.ID)))
	return f
}

// idAfter reads the number after prefix in the answer's Location.
func (s *scene) idAfter(w *httptest.ResponseRecorder, prefix string) int64 {
	s.t.Helper()
	loc := w.Header().Get("Location")
	rest, ok := strings.CutPrefix(loc, prefix)
	if i := strings.IndexAny(rest, "?#&/"); i >= 0 {
		rest = rest[:i]
	}
	id, err := strconv.ParseInt(rest, 10, 64)
	if !ok || err != nil {
		s.t.Fatalf("answered %d to %q, want a Location starting %s and a number", w.Code, loc, prefix)
	}
	return id
}

// commentID reads the new comment's number from the site's answer, which
// leads to it on its article ("…/#comment-12").
func (s *scene) commentID(w *httptest.ResponseRecorder) int64 {
	s.t.Helper()
	_, anchor, _ := strings.Cut(w.Header().Get("Location"), "#comment-")
	id, err := strconv.ParseInt(anchor, 10, 64)
	if err != nil {
		s.t.Fatalf("answered %d to %q, want a link to the new comment", w.Code, w.Header().Get("Location"))
	}
	return id
}

// urlPath joins strings and ids into a path.
func urlPath(parts ...any) string {
	var b strings.Builder
	for _, p := range parts {
		switch v := p.(type) {
		case string:
			b.WriteString(v)
		case int64:
			b.WriteString(strconv.FormatInt(v, 10))
		}
	}
	return b.String()
}

func tinyPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for y := range 30 {
		for x := range 40 {
			img.Set(x, y, color.RGBA{uint8(x * 6), uint8(y * 8), 120, 255})
		}
	}
	var buf bytes.Buffer
	noError(t, png.Encode(&buf, img))
	return buf.Bytes()
}
