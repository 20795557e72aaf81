package articles_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// page stores a published static page.
func (d *desk) page(t *testing.T, title string) content.Article {
	t.Helper()
	a := d.article(t, d.editor, content.StatusPublished)
	a.Kind, a.Title, a.Slug, a.Category = content.KindPage, title, content.Slugify(title), content.Category{}
	must(t, d.st.UpdateArticle(context.Background(), &a))
	return a
}

// arranging is the desk's service with a feed, and what it announced.
func (d *desk) arranging() (*articles.Service, *changes.Recorder) {
	feed, seen := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(seen.Record)
	return articles.New(articles.Config{Store: d.st, Now: d.clock.Now, Changes: feed}), seen
}

func familyTitles(t *testing.T, st store.Store, id int64) (parent string, children []string) {
	t.Helper()
	p, list, err := st.PageFamily(context.Background(), id)
	must(t, err)
	if p != nil {
		parent = p.Title
	}
	for _, c := range list {
		children = append(children, c.Title)
	}
	return parent, children
}

func TestPagesStandUnderPagesInOrder(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	svc, seen := d.arranging()
	about, team, jobs := d.page(t, "About"), d.page(t, "Our team"), d.page(t, "Jobs")
	places := []store.PagePlace{
		{PageID: about.ID, Position: 1},
		{PageID: team.ID, ParentID: about.ID, Position: 2},
		{PageID: jobs.ID, ParentID: about.ID, Position: 1},
	}
	errs, err := svc.ArrangePages(ctx, d.editor, places, false)
	must(t, err)
	for i, e := range errs {
		if e != nil {
			t.Errorf("place %d refused: %v", i, e)
		}
	}
	if parent, children := familyTitles(t, d.st, about.ID); parent != "" || !slices.Equal(children, []string{"Jobs", "Our team"}) {
		t.Errorf("About: parent %q, children %v; want none and Jobs, Our team by position", parent, children)
	}
	if parent, _ := familyTitles(t, d.st, team.ID); parent != "About" {
		t.Errorf("Our team's parent = %q, want About", parent)
	}
	ev := seen.Take()
	if len(ev) != 1 || ev[0].Action != "arrange" || !slices.Equal(ev[0].IDs, []int64{about.ID, team.ID, jobs.ID}) {
		t.Fatalf("events = %+v, want one arrange event for the three pages", ev)
	}
	for _, tag := range []string{changes.Pages, changes.Article(about.ID), changes.Article(team.ID), changes.Article(jobs.ID)} {
		if !slices.Contains(ev[0].Tags, tag) {
			t.Errorf("the event's tags %v lack %s", ev[0].Tags, tag)
		}
	}

	// The same places again: nothing to write, nothing to announce.
	errs, err = svc.ArrangePages(ctx, d.editor, places, false)
	must(t, err)
	if slices.ContainsFunc(errs, func(e error) bool { return e != nil }) {
		t.Errorf("the same places again were refused: %v", errs)
	}
	if ev := seen.Take(); len(ev) != 0 {
		t.Errorf("arranging the pages as they stand announced %+v", ev)
	}

	// Moved to the top: the old parent's list changes too.
	_, err = svc.ArrangePages(ctx, d.editor, []store.PagePlace{{PageID: team.ID}}, false)
	must(t, err)
	if _, children := familyTitles(t, d.st, about.ID); !slices.Equal(children, []string{"Jobs"}) {
		t.Errorf("About's children after Our team moved to the top: %v", children)
	}
	if ev := seen.Take(); len(ev) != 1 || !slices.Contains(ev[0].Tags, changes.Article(about.ID)) {
		t.Errorf("moving a page from under About announced %+v; want About's tag among them", ev)
	}
}

func TestAPagePlaceThatCannotBeIsRefusedAlone(t *testing.T) {
	d := newDesk(t)
	ctx := context.Background()
	svc, seen := d.arranging()
	about, team := d.page(t, "About"), d.page(t, "Our team")
	post := d.article(t, d.author, content.StatusPublished)
	chain := []content.Article{d.page(t, "Level 0")}
	for i := 1; i <= 32; i++ {
		chain = append(chain, d.page(t, fmt.Sprintf("Level %d", i)))
	}
	var deep []store.PagePlace
	for i := 1; i < len(chain)-1; i++ {
		deep = append(deep, store.PagePlace{PageID: chain[i].ID, ParentID: chain[i-1].ID})
	}
	errs, err := svc.ArrangePages(ctx, d.editor, deep, false)
	must(t, err)
	if slices.ContainsFunc(errs, func(e error) bool { return e != nil }) {
		t.Fatalf("a chain of 32 pages was refused: %v", errs)
	}
	seen.Take()

	cases := []struct {
		name  string
		place store.PagePlace
		field string
		want  string
	}{
		{"a post is no page", store.PagePlace{PageID: post.ID, ParentID: about.ID}, "page", "There is no such page."},
		{"no article at all", store.PagePlace{PageID: 99999}, "page", "There is no such page."},
		{"under a post", store.PagePlace{PageID: team.ID, ParentID: post.ID}, "parent", "The page it is to stand under is not one of the site's pages."},
		{"under itself", store.PagePlace{PageID: about.ID, ParentID: about.ID}, "parent", "A page cannot stand under itself, nor under one of the pages under it."},
		{"under a page under it", store.PagePlace{PageID: chain[0].ID, ParentID: chain[5].ID}, "parent", "A page cannot stand under itself, nor under one of the pages under it."},
		{"too deep", store.PagePlace{PageID: chain[32].ID, ParentID: chain[31].ID}, "parent", "Pages may stand at most 32 deep under one another."},
	}
	places := []store.PagePlace{{PageID: team.ID, ParentID: about.ID}}
	for _, c := range cases {
		places = append(places, c.place)
	}
	errs, err = svc.ArrangePages(ctx, d.editor, places, false)
	must(t, err)
	if errs[0] != nil {
		t.Errorf("the good place was refused beside the others: %v", errs[0])
	}
	for i, c := range cases {
		if got := refusal(errs[i+1], c.field); got != c.want {
			t.Errorf("%s: refused with %q (%v), want %q", c.name, got, errs[i+1], c.want)
		}
	}
	if parent, _ := familyTitles(t, d.st, team.ID); parent != "About" {
		t.Errorf("the good place was not written: Our team's parent = %q", parent)
	}
	if ev := seen.Take(); len(ev) != 1 || !slices.Equal(ev[0].IDs, []int64{team.ID}) {
		t.Errorf("events = %+v, want one for the page placed", ev)
	}

	if _, err := svc.ArrangePages(ctx, d.author, places[:1], false); !errors.Is(err, articles.ErrForbidden) {
		t.Errorf("an author arranging pages: %v, want ErrForbidden", err)
	}
	if _, err := svc.ArrangePages(ctx, d.editor, []store.PagePlace{{PageID: team.ID}}, true); err != nil {
		t.Fatal(err)
	}
	if parent, _ := familyTitles(t, d.st, team.ID); parent != "About" || len(seen.Take()) != 0 {
		t.Errorf("a dry run moved the page (parent %q) or announced it", parent)
	}
}
