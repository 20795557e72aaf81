package readership_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/render"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// start is 14:05 in Bangkok.
var start = time.Date(2025, 7, 14, 7, 5, 0, 0, time.UTC)

// desk is a site on the store under test with one author, whose
// published articles the counter counts.
type desk struct {
	st     store.Store
	clock  *clock.Fake
	author content.User
	n      int
}

func newDesk(t *testing.T) *desk {
	t.Helper()
	st := teststore.Open(t)
	d := &desk{st: st, clock: clock.NewFake(start)}
	d.author = content.User{Name: "Kittipong Chai", Email: "kittipong@example.com", Role: content.RoleAuthor}
	must(t, st.CreateUser(context.Background(), &d.author))
	return d
}

// article stores a published article by author, as if the workflow had
// published it an hour ago.
func (d *desk) article(t *testing.T, author content.User, status content.Status) content.Article {
	t.Helper()
	d.n++
	now := d.clock.Now()
	a := content.Article{Kind: content.KindPost, Title: fmt.Sprintf("Story %d", d.n), Source: "The river rose overnight.",
		Format: content.FormatMarkdown, Status: status, Author: author, CommentsOpen: true,
		PublishedAt: now.Add(-time.Hour), CreatedAt: now.Add(-2 * time.Hour), UpdatedAt: now.Add(-2 * time.Hour)}
	must(t, render.Prepare(&a))
	must(t, d.st.CreateArticle(context.Background(), &a))
	return a
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
