package articles_test

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// start is 14:05 in Bangkok, the site's zone in these tests.
var start = time.Date(2025, 7, 14, 7, 5, 0, 0, time.UTC)

// desk is a newsroom on the store under test: one member of each role, a
// second author whose articles are "someone else's", and a section.
type desk struct {
	url   string // of the database, for opening it again
	st    store.Store
	svc   *articles.Service
	clock *clock.Fake

	admin, editor, author, contributor, other content.User
	politics                                  content.Category
	n                                         int
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	d := &desk{url: teststore.New(t), clock: clock.NewFake(start)}
	d.reopen(t)
	ctx := context.Background()
	set, err := d.st.Settings(ctx)
	must(t, err)
	set.TimeZone = "Asia/Bangkok"
	must(t, d.st.SaveSettings(ctx, set))
	for _, m := range []struct {
		u    *content.User
		name string
		role content.Role
	}{
		{&d.admin, "Somchai Admin", content.RoleAdmin},
		{&d.editor, "Ana Reyes", content.RoleEditor},
		{&d.author, "Kittipong Chai", content.RoleAuthor},
		{&d.contributor, "Lee Contributor", content.RoleContributor},
		{&d.other, "Nok Author", content.RoleAuthor},
	} {
		*m.u = content.User{Name: m.name, Email: content.Slugify(m.name) + "@example.com", Role: m.role}
		must(t, d.st.CreateUser(ctx, m.u))
	}
	d.politics = content.Category{Name: "Politics"}
	must(t, d.st.CreateCategory(ctx, &d.politics))
	return d
}

// reopen opens the database again with a new service, as a restarted
// server would; the old store is closed by the test's cleanup.
func (d *desk) reopen(t *testing.T) {
	t.Helper()
	st := teststore.OpenURL(t, d.url)
	d.st = st
	d.svc = articles.New(articles.Config{Store: st, Now: d.clock.Now})
}

// article stores an article by author in status directly, as if the
// workflow had brought it there: published an hour ago, or scheduled an
// hour ahead.
func (d *desk) article(t *testing.T, author content.User, status content.Status) content.Article {
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

func (d *desk) reread(t *testing.T, id int64) content.Article {
	t.Helper()
	a, err := d.st.ArticleByID(context.Background(), id)
	must(t, err)
	return a
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

// refusal is the message of a newsroom refusal or of a field error, "" for
// anything else.
func refusal(err error, field string) string {
	var ne *articles.Error
	if errors.As(err, &ne) {
		return ne.Message
	}
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		return fe.For(field)
	}
	return ""
}
