package demo

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/comments"
	"dateline/internal/content"
	"dateline/internal/settings"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// bulkArchive is what a test reads back from a bulk archive: each story
// as the reader sees it, by slug, and the comments on each.
type bulkArchive map[string]string

func readArchive(t *testing.T, st store.Store) bulkArchive {
	t.Helper()
	ctx := context.Background()
	zone := time.UTC
	if set, err := st.Settings(ctx); err == nil {
		zone = set.Zone()
	}
	got := bulkArchive{}
	list, err := st.PublishedArticles(ctx, store.ArticleQuery{Limit: store.MaxLimit})
	if err != nil {
		t.Fatal(err)
	}
	for _, card := range list {
		a, err := st.ArticleByID(ctx, card.ID)
		if err != nil {
			t.Fatal(err)
		}
		var tags, said []string
		for _, tag := range a.Tags {
			tags = append(tags, tag.Name)
		}
		cs, err := st.ApprovedComments(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		for _, c := range cs {
			said = append(said, c.AuthorName+": "+c.Body+" at "+c.CreatedAt.UTC().Format(time.RFC3339))
		}
		picture := ""
		if a.Image != nil {
			picture = a.Image.Alt
		}
		got[a.Slug] = fmt.Sprintf("%s | %s | %s | %s by %s in %s, tags %v, picture %q, must read %v\n%s\n%v",
			a.Title, a.Path(zone), a.PublishedAt.UTC().Format(time.RFC3339), a.Dateline, a.Author.Name, a.Category.Name,
			tags, picture, a.MustRead, a.Body, said)
	}
	return got
}

func TestBulkFilesADeterministicArchiveThroughTheServices(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)
	policy := comments.DefaultPolicy()
	policy.Mode = comments.ApproveAll
	opt := BulkOptions{Articles: 40, Now: now, Pictures: 3, ImageWidth: 64, CommentsEvery: 10, CommentsPer: 3, Policy: &policy, Workers: 3}

	archives := make([]bulkArchive, 2)
	for run := range archives {
		st := teststore.Open(t)
		o := opt
		o.MediaDir = filepath.Join(t.TempDir(), "media")
		res, err := Bulk(ctx, st, o)
		if err != nil {
			t.Fatal(err)
		}
		if res.Articles != 40 || res.Comments != 12 || res.Pictures != 3 || res.Desk.Email != BulkDeskEmail || res.Desk.Role != content.RoleAdmin {
			t.Fatalf("Bulk = %d articles, %d comments, %d pictures, desk %s (%s); want 40, 12, 3, %s (admin)",
				res.Articles, res.Comments, res.Pictures, res.Desk.Email, res.Desk.Role, BulkDeskEmail)
		}
		if len(res.Steps) != 5 {
			t.Errorf("%d steps timed, want 5", len(res.Steps))
		}
		archives[run] = readArchive(t, st)

		if run > 0 {
			continue
		}
		got := archives[0]
		if len(got) != 40 {
			t.Fatalf("%d published stories, want 40", len(got))
		}
		newest, ok := got[BulkSlug(39)]
		if !ok || !strings.Contains(newest, "Bench story 39 about rice and the baht | /2026/11/25/bench-story-39/ | 2026-11-25T09:00:00Z") {
			t.Errorf("the newest story: %.200s; want story 39 at the seeding time", newest)
		}
		if oldest := got[BulkSlug(0)]; !strings.Contains(oldest, "2026-11-24T16:45:00Z") || !strings.Contains(oldest, "must read true") ||
			!strings.Contains(oldest, `picture "`+subjects["city"].Alt+`"`) {
			t.Errorf("the oldest story: %.300s; want it 39 × 25 minutes earlier, a must-read pick with a picture", oldest)
		}
		if c := got[BulkSlug(10)]; strings.Count(c, "A thoughtful comment about story 10") != 3 {
			t.Errorf("story 10 should have three approved comments: %s", c[strings.LastIndex(c, "\n"):])
		}
		p, err := settings.New(settings.Config{Store: st}).Policy(ctx)
		if err != nil || p.Mode != comments.ApproveAll {
			t.Errorf("the site's comment policy: %v, %v; want approve_all", p.Mode, err)
		}
		authors, err := st.Users(ctx)
		if err != nil || len(authors) != 41 {
			t.Errorf("%d members, %v; want the desk and 40 writers", len(authors), err)
		}

		// A store with something in it is left alone.
		if _, err := Bulk(ctx, st, o); err == nil {
			t.Error("a second Bulk on the same store succeeded; want it refused")
		}
		if again := readArchive(t, st); len(again) != 40 {
			t.Errorf("the refused Bulk changed the archive to %d stories", len(again))
		}
	}
	for slug, a := range archives[0] {
		if b := archives[1][slug]; a != b {
			t.Errorf("%s differs between two runs with the same options:\n%.400s\n%.400s", slug, a, b)
		}
	}
}
