package articles_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	"dateline/internal/articles"
	"dateline/internal/changes"
	"dateline/internal/content"
)

func names(list []content.Author) []string {
	out := make([]string, len(list))
	for i, au := range list {
		out[i] = au.Name
	}
	return out
}

// The "done when": three reporters and an agency on one story,
// credited by an editor, in order, with the revision and the change feed
// saying so.
func TestAnEditorCreditsThreeReportersAndAnAgency(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	feed, seen := &changes.Feed{}, &changes.Recorder{}
	feed.Subscribe(seen.Record)
	d.svc = articles.New(articles.Config{Store: d.st, Now: d.clock.Now, Changes: feed})
	a := d.article(t, d.author, content.StatusPublished)
	cur, err := d.svc.Open(ctx, d.editor, a.ID)
	must(t, err)

	dr := articles.DraftOf(cur.Article)
	dr.Authors = []content.Author{{ID: d.author.ID}, {ID: d.other.ID}, {ID: d.contributor.ID}, {Name: "  Reuters ", Organization: true}}
	got, err := d.svc.Save(ctx, d.editor, a.ID, dr, cur.Version)
	must(t, err)
	want := []string{"Kittipong Chai", "Nok Author", "Lee Contributor", "Reuters"}
	if !slices.Equal(names(got.Authors), want) {
		t.Errorf("byline = %v, want %v", names(got.Authors), want)
	}
	if last := got.Authors[3]; last.Member() || !last.Organization {
		t.Errorf("the agency is %+v, want a credit marked as an organization", last)
	}
	if got.Author.ID != d.author.ID {
		t.Errorf("owner = %d, want the writer %d still", got.Author.ID, d.author.ID)
	}
	if s := content.BylineNames(got.Byline()); s != "Kittipong Chai, Nok Author, Lee Contributor and Reuters" {
		t.Errorf("byline reads %q", s)
	}
	revs, err := d.svc.Revisions(ctx, d.editor, a.ID)
	must(t, err)
	if len(revs) == 0 || !strings.Contains(revs[0].Note, "Byline: Kittipong Chai, Nok Author, Lee Contributor and Reuters.") {
		t.Errorf("the revision does not record the byline: %+v", revs)
	}
	events := seen.Take()
	if len(events) != 1 {
		t.Fatalf("%d events, want 1", len(events))
	}
	for _, u := range []content.User{d.author, d.other, d.contributor} {
		if !slices.Contains(events[0].Tags, changes.Author(u.Slug)) {
			t.Errorf("the event %v does not purge the archive of %s", events[0].Tags, u.Name)
		}
	}

	// Taking a reporter off purges their archive too.
	cur, err = d.svc.Open(ctx, d.editor, a.ID)
	must(t, err)
	dr = articles.DraftOf(cur.Article)
	dr.Authors = dr.Authors[:1]
	_, err = d.svc.Save(ctx, d.editor, a.ID, dr, cur.Version)
	must(t, err)
	events = seen.Take()
	if len(events) != 1 || !slices.Contains(events[0].Tags, changes.Author(d.other.Slug)) {
		t.Errorf("dropping a co-author: events %v, want one purging %s", events, changes.Author(d.other.Slug))
	}
}

func TestCoAuthorsHaveTheOwnersRights(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	draft, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "Shared", Source: "Text.",
		Authors: []content.Author{{ID: d.author.ID}, {ID: d.other.ID}, {ID: d.contributor.ID}}})
	must(t, err)

	// Each co-author edits the shared draft as its owner could.
	for _, u := range []content.User{d.other, d.contributor} {
		cur, err := d.svc.Open(ctx, u, draft.ID)
		must(t, err)
		dr := articles.DraftOf(cur.Article)
		dr.Source = "Edited by " + u.Name
		if _, err := d.svc.Save(ctx, u, draft.ID, dr, cur.Version); err != nil {
			t.Errorf("co-author %s cannot edit the shared draft: %v", u.Name, err)
		}
	}
	if s := articles.StepsFor(d.other, d.reread(t, draft.ID)); !s.Publish {
		t.Error("an author co-author may not publish the shared draft, as its owner could")
	}
	if s := articles.StepsFor(d.contributor, d.reread(t, draft.ID)); s.Publish {
		t.Error("a contributor co-author may publish")
	}

	// Once out, a contributor co-author can no longer change it, byline
	// included; an author co-author can.
	_, err = d.svc.Apply(ctx, d.other, draft.ID, articles.Change{Step: articles.StepPublish})
	must(t, err)
	cur, err := d.svc.Open(ctx, d.contributor, draft.ID)
	must(t, err)
	dr := articles.DraftOf(cur.Article)
	dr.Authors = []content.Author{{ID: d.contributor.ID}}
	if _, err := d.svc.Save(ctx, d.contributor, draft.ID, dr, cur.Version); !errors.Is(err, articles.ErrForbidden) {
		t.Errorf("a contributor rewrote the byline of a published story: %v", err)
	}
	dr.Authors = []content.Author{{ID: d.other.ID}, {ID: d.author.ID}}
	if _, err := d.svc.Save(ctx, d.other, draft.ID, dr, cur.Version); err != nil {
		t.Errorf("an author co-author cannot reorder the byline of the story they share: %v", err)
	}
}

func TestNobodyAddsThemselvesToAStoryTheyMayNotEdit(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	for _, tc := range []struct {
		name   string
		who    content.User
		status content.Status
	}{
		{"a contributor, to an editor's published story", d.contributor, content.StatusPublished},
		{"a contributor, to an author's draft", d.contributor, content.StatusDraft},
		{"an author, to another author's published story", d.author, content.StatusPublished},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := d.article(t, d.other, tc.status)
			dr := articles.DraftOf(a)
			dr.Authors = append(dr.Authors, content.Author{ID: tc.who.ID})
			_, err := d.svc.Save(ctx, tc.who, a.ID, dr, 1)
			if !errors.Is(err, articles.ErrForbidden) {
				t.Fatalf("err = %v, want ErrForbidden", err)
			}
			if got := d.reread(t, a.ID); len(got.Authors) != 1 || got.Authors[0].ID != d.other.ID {
				t.Errorf("byline now %+v", got.Authors)
			}
		})
	}
}

func TestABadBylineIsRefusedOnItsFieldAndChangesNothing(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	long := strings.Repeat("x", content.MaxCreditName+1)
	eleven := make([]content.Author, content.MaxAuthors+1)
	for i := range eleven {
		eleven[i] = content.Author{Name: "Credit " + string(rune('A'+i))}
	}
	for _, tc := range []struct {
		name    string
		authors []content.Author
		message string
	}{
		{"an unknown member", []content.Author{{ID: d.author.ID}, {ID: 9999}}, "Name 2 of the byline is not a member of the newsroom."},
		{"too many names", eleven, "A byline has at most 10 names."},
		{"a credit too long", []content.Author{{Name: long}}, "A credit is at most 100 characters long (name 1 of the byline)."},
		{"an empty credit", []content.Author{{ID: d.author.ID}, {Name: "   "}}, "Name 2 of the byline is empty."},
		{"no names at all", []content.Author{}, "Name at least one author: a member of the newsroom or a credit such as “Staff”."},
		{"a member twice", []content.Author{{ID: d.author.ID}, {ID: d.author.ID}}, "Kittipong Chai is in the byline twice."},
		{"a credit twice", []content.Author{{Name: "Reuters"}, {Name: "reuters "}}, `"reuters" is in the byline twice.`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := d.article(t, d.author, content.StatusDraft)
			dr := articles.DraftOf(a)
			dr.Title, dr.Authors = "Changed", tc.authors
			_, err := d.svc.Save(ctx, d.editor, a.ID, dr, 1)
			if got := refusal(err, "authors"); got != tc.message {
				t.Errorf("message = %q (err %v)\nwant      %q", got, err, tc.message)
			}
			got := d.reread(t, a.ID)
			if got.Title != a.Title || len(got.Authors) != 1 || got.Authors[0].ID != d.author.ID {
				t.Errorf("the refused save changed the article: %q, %+v", got.Title, got.Authors)
			}
		})
	}
}

func TestABylineOfItsOwnerAloneFollowsANewOwner(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusDraft)
	dr := articles.DraftOf(a)
	dr.Authors, dr.AuthorID = nil, d.other.ID
	got, err := d.svc.Save(ctx, d.editor, a.ID, dr, 1)
	must(t, err)
	if got.Author.ID != d.other.ID || !slices.Equal(names(got.Authors), []string{"Nok Author"}) {
		t.Errorf("owner %d, byline %v; want Nok Author both", got.Author.ID, names(got.Authors))
	}
}
