package sqlite

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
)

// A caller's mail callback that panics must not leave the posts batched
// with it waiting, nor the writer taken: they fail, the panic goes on to
// the request that led the batch, and the next post is stored.
func TestAPanicInOnePostFailsItsBatchAndLeavesTheWriterFree(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "test.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	author := content.User{Email: "ana@example.com", Name: "Ana", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &author); err != nil {
		t.Fatal(err)
	}
	a := content.Article{Kind: content.KindPost, Title: "Flood", Format: content.FormatMarkdown, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Author: author, CommentsOpen: true}
	if err := st.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	comment := func(i int) *content.Comment {
		return &content.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: fmt.Sprintf("r%d@example.com", i),
			Body: fmt.Sprintf("Comment %d", i), Status: content.CommentApproved}
	}

	// The first post holds the writer until the others are queued behind it.
	entered, release := make(chan struct{}), make(chan struct{})
	first := make(chan error, 1)
	go func() {
		first <- st.PostComment(ctx, comment(0), false, func(content.Comment) []*store.Mail {
			close(entered)
			<-release
			return nil
		})
	}()
	<-entered
	type outcome struct {
		err      error
		panicked bool
	}
	outcomes := make(chan outcome, 3)
	var wg sync.WaitGroup
	for i := 1; i <= 3; i++ {
		wg.Go(func() {
			o := outcome{}
			defer func() {
				if r := recover(); r != nil {
					o.panicked = true
				}
				outcomes <- o
			}()
			o.err = st.PostComment(ctx, comment(i), false, func(content.Comment) []*store.Mail {
				if i == 2 {
					panic("a bug in the mail")
				}
				return nil
			})
		})
	}
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(time.Millisecond) {
		st.posts.mu.Lock()
		queued := len(st.posts.queue)
		st.posts.mu.Unlock()
		if queued == 3 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d posts queued behind the first, want 3", queued)
		}
	}
	close(release)
	if err := <-first; err != nil {
		t.Fatalf("the first post: %v", err)
	}
	all := make(chan struct{})
	go func() {
		wg.Wait()
		close(all)
	}()
	select {
	case <-all:
	case <-time.After(10 * time.Second):
		t.Fatal("the posts batched with the panicking one were left waiting")
	}
	close(outcomes)
	panics := 0
	for o := range outcomes {
		switch {
		case o.panicked:
			panics++
		case o.err == nil:
			t.Error("a post batched with the panicking one was stored")
		}
	}
	if panics != 1 {
		t.Errorf("%d requests panicked, want the one that led the batch", panics)
	}
	for i := 1; i <= 3; i++ {
		if _, err := st.RecentCommentByEmail(ctx, a.ID, fmt.Sprintf("r%d@example.com", i), fmt.Sprintf("Comment %d", i), time.Time{}); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("comment %d of the failed batch: err = %v, want ErrNotFound", i, err)
		}
	}

	done := make(chan error, 1)
	go func() { done <- st.PostComment(ctx, comment(4), false, nil) }()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("the next post: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the next post waited for a writer that the panic left taken")
	}
}
