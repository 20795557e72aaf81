package comments

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/changes"
	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/mail"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

var start = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

var secret = []byte("a test secret of thirty-two byte")

// outbox is a mail Transport that keeps what it is given.
type outbox struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (o *outbox) Send(_ context.Context, m mail.Message) error {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.sent = append(o.sent, m)
	return nil
}

// env is a newsroom on the store under test with a comment service whose
// mail goes through a real queue into an outbox.
type env struct {
	t  *testing.T
	st store.Store
	// path is the database file of a SQLite store under test, for the
	// test that reads the files themselves.
	path    string
	url     string // of the database, for a second node on it
	clock   *clock.Fake
	policy  Policy
	queue   *mail.Queue
	out     *outbox
	svc     *Service
	events  *changes.Recorder // what the service announced
	author  content.User      // wrote the article; may not moderate
	editor  content.User
	admin   content.User
	contrib content.User
	article content.Article
}

func newEnv(t *testing.T, change ...func(*Policy)) *env {
	t.Helper()
	ctx := context.Background()
	url := teststore.New(t)
	st := teststore.OpenURL(t, url)
	path := strings.TrimPrefix(url, "sqlite:")
	e := &env{t: t, st: st, path: path, url: url, clock: clock.NewFake(start), policy: DefaultPolicy(), out: &outbox{}}
	for _, c := range change {
		c(&e.policy)
	}
	set := content.DefaultSettings()
	set.SiteName, set.BaseURL = "The Dateline", "https://news.example/"
	must(t, st.SaveSettings(ctx, set))
	e.author = e.user("Ana Reyes", "ana@newsroom.example", content.RoleAuthor)
	e.editor = e.user("Kit Chai", "kit@newsroom.example", content.RoleEditor)
	e.admin = e.user("Mai Admin", "mai@newsroom.example", content.RoleAdmin)
	e.contrib = e.user("Cor Tributor", "cor@newsroom.example", content.RoleContributor)
	e.user("Other Author", "other@newsroom.example", content.RoleAuthor)
	e.article = e.publish("Floods reach the old city", start.Add(-time.Hour), true)

	e.queue = mail.NewQueue(st, e.out, nil)
	e.queue.Now = e.clock.Now
	feed := &changes.Feed{}
	e.events = &changes.Recorder{}
	feed.Subscribe(e.events.Record)
	var err error
	e.svc, err = New(st, Config{
		Changes: feed,
		Secret:  secret,
		Policy:  func(context.Context) (Policy, error) { return e.policy, nil },
		Mailer:  e.queue,
		Now:     e.clock.Now,
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (e *env) user(name, email string, role content.Role) content.User {
	e.t.Helper()
	u := content.User{Name: name, Email: email, Role: role}
	must(e.t, e.st.CreateUser(context.Background(), &u))
	return u
}

func (e *env) publish(title string, at time.Time, open bool) content.Article {
	e.t.Helper()
	a := content.Article{Kind: content.KindPost, Title: title, Format: content.FormatMarkdown, Status: content.StatusPublished,
		PublishedAt: at, Author: e.author, CommentsOpen: open, Body: "<p>Story</p>"}
	must(e.t, e.st.CreateArticle(context.Background(), &a))
	return a
}

// form is a good comment on the env's article, from a page served a
// minute before the test starts; changes adjust it.
func (e *env) form(body string, change ...func(*Form)) Form {
	f := Form{Comment: body, Author: "Nok Somchai", Email: "nok@example.com", ArticleID: fmt.Sprint(e.article.ID),
		Stamp: e.svc.FormStamp(start.Add(-time.Minute))}
	for _, c := range change {
		c(&f)
	}
	return f
}

func from(email string) func(*Form) { return func(f *Form) { f.Email = email } }

func replyTo(id int64) func(*Form) { return func(f *Form) { f.Parent = fmt.Sprint(id) } }

func subscribed(f *Form) { f.Subscribe = "yes" }

var client = ClientInfo{Addr: "203.0.113.7", UserAgent: "Mozilla/5.0"}

// post posts f and fails the test on an error.
func (e *env) post(f Form) (content.Comment, Outcome) {
	e.t.Helper()
	c, o, err := e.svc.Post(context.Background(), f, client)
	if err != nil {
		e.t.Fatalf("post %q: %v", f.Comment, err)
	}
	return c, o
}

// approved stores an approved comment directly, as if moderated earlier.
func (e *env) approved(email, body string, parent int64) content.Comment {
	e.t.Helper()
	c := content.Comment{ArticleID: e.article.ID, ParentID: parent, AuthorName: "Reader", AuthorEmail: email,
		Body: body, Status: content.CommentApproved, CreatedAt: e.clock.Now().Add(-time.Hour)}
	must(e.t, e.st.CreateComment(context.Background(), &c))
	return c
}

// mails sends what is queued and returns it, emptying the outbox.
func (e *env) mails() []mail.Message {
	e.t.Helper()
	if _, err := e.queue.Tick(context.Background()); err != nil {
		e.t.Fatal(err)
	}
	e.out.mu.Lock()
	defer e.out.mu.Unlock()
	sent := e.out.sent
	e.out.sent = nil
	return sent
}

func recipients(list []mail.Message) string {
	var to []string
	for _, m := range list {
		to = append(to, strings.Join(m.To, ","))
	}
	return strings.Join(to, " ")
}

func (e *env) stored(id int64) content.Comment {
	e.t.Helper()
	c, err := e.st.CommentByID(context.Background(), id)
	must(e.t, err)
	return c
}

func (e *env) count() int {
	e.t.Helper()
	a, err := e.st.ArticleByID(context.Background(), e.article.ID)
	must(e.t, err)
	return a.CommentCount
}
