package sqlite_test

import (
	"context"
	"fmt"
	"testing"

	"dateline/internal/content"
)

// BenchmarkCreateArticleWithDuplicateTitle creates an article whose title
// already has n articles ("flood-warning", "flood-warning-2" … "-n"). The
// time per article should not depend on n: the write API must not let
// anyone slow the writer down by posting the same title again and again.
// Each new article is deleted, outside the timer, so n stays fixed.
func BenchmarkCreateArticleWithDuplicateTitle(b *testing.B) {
	for _, n := range []int{10, 1000} {
		b.Run(fmt.Sprintf("duplicates=%d", n), func(b *testing.B) {
			ctx := context.Background()
			st := open(b)
			u := content.User{Email: "w@example.com", Name: "Writer", Role: content.RoleAuthor}
			if err := st.CreateUser(ctx, &u); err != nil {
				b.Fatal(err)
			}
			draft := func() content.Article {
				return content.Article{Kind: content.KindPost, Title: "Flood warning", Format: content.FormatMarkdown,
					Status: content.StatusDraft, Author: u}
			}
			for range n {
				a := draft()
				if err := st.CreateArticle(ctx, &a); err != nil {
					b.Fatal(err)
				}
			}
			want := fmt.Sprintf("flood-warning-%d", n+1)
			for b.Loop() {
				a := draft()
				if err := st.CreateArticle(ctx, &a); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if a.Slug != want {
					b.Fatalf("slug = %q, want %q", a.Slug, want)
				}
				if err := st.DeleteArticle(ctx, a.ID); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}
