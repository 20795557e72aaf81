package wordpress_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/comments"
	"dateline/internal/members"
	"dateline/internal/store/teststore"
	"dateline/internal/taxonomy"
	"dateline/internal/wordpress"
)

func TestSmoke(t *testing.T) {
	st := teststore.Open(t)
	feed := &changes.Feed{}
	cs, err := comments.New(st, comments.Config{Secret: []byte("0123456789abcdef0123456789abcdef"), Changes: feed})
	if err != nil {
		t.Fatal(err)
	}
	svc := wordpress.Services{Store: st, Articles: articles.New(articles.Config{Store: st, Changes: feed}), Comments: cs,
		Taxonomy: taxonomy.New(taxonomy.Config{Store: st, Changes: feed}), Members: members.New(members.Config{Store: st, Changes: feed})}
	var buf bytes.Buffer
	b, _ := os.ReadFile("testdata/import-site.xml")
	buf.Write(b)
	for run := 0; run < 2; run++ {
		im, err := wordpress.New(svc, wordpress.ImportOptions{})
		if err != nil {
			t.Fatal(err)
		}
		sum, err := im.Import(context.Background(), bytes.NewReader(buf.Bytes()))
		if err != nil {
			t.Fatal(err)
		}
		sum.Print(os.Stdout)
	}
}
