package sqlite

import (
	"context"
	"path/filepath"
	"strings"
	"testing"

	"dateline/internal/content"
)

// TestAnArticleByItsOwnerAloneReadsNoByline checks that reading one
// article costs a statement for its byline only when the byline is more
// than its owner: the article's row says so (detailColumns), and most
// articles have one name.
func TestAnArticleByItsOwnerAloneReadsNoByline(t *testing.T) {
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(t.TempDir(), "byline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ana := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleAuthor}
	kit := content.User{Email: "kit@example.com", Name: "Kit Chai", Role: content.RoleAuthor}
	for _, u := range []*content.User{&ana, &kit} {
		if err := st.CreateUser(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	story := func(title string, byline ...content.Author) content.Article {
		a := content.Article{Kind: content.KindPost, Title: title, Format: content.FormatMarkdown, Status: content.StatusDraft,
			Author: ana, Authors: byline}
		if err := st.CreateArticle(ctx, &a); err != nil {
			t.Fatal(err)
		}
		return a
	}
	for _, c := range []struct {
		name       string
		a          content.Article
		statements int
		byline     string
	}{
		{"its owner alone", story("Alone"), 0, "Ana Reyes"},
		{"its owner and a co-author", story("Shared", content.AuthorOf(ana), content.AuthorOf(kit)), 1, "Ana Reyes and Kit Chai"},
		{"another member, not its owner", story("Given", content.AuthorOf(kit)), 1, "Kit Chai"},
		{"a credit", story("Credited", content.Author{Name: "Reuters"}), 1, "Reuters"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := 0
			st.onQuery = func(q string, _ []any) {
				if strings.HasPrefix(strings.TrimSpace(q), "SELECT aa.article_id") {
					n++
				}
			}
			defer func() { st.onQuery = nil }()
			got, err := st.ArticleBySlug(ctx, c.a.Slug)
			if err != nil {
				t.Fatal(err)
			}
			if n != c.statements {
				t.Errorf("%d byline statements, want %d", n, c.statements)
			}
			if s := content.BylineNames(got.Authors); s != c.byline {
				t.Errorf("byline %q, want %q", s, c.byline)
			}
		})
	}
}
