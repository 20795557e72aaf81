package articles_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/internal/articles"
	"dateline/internal/content"
	"dateline/internal/store"
)

// TestRolesOnEveryOperation is the permission matrix: each role tries each
// operation on an article of its own and on another author's.
func TestRolesOnEveryOperation(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	editing := func(change func(*articles.Draft, *desk, content.User)) func(*desk, content.User, content.Article) error {
		return func(d *desk, u content.User, a content.Article) error {
			draft := articles.DraftOf(a)
			change(&draft, d, u)
			_, err := d.svc.Save(ctx, u, a.ID, draft, 1)
			return err
		}
	}
	const everyone, publishers, editors = "admin editor author contributor", "admin editor author", "admin editor"
	ops := []struct {
		name   string
		status content.Status
		run    func(d *desk, u content.User, a content.Article) error
		own    string // roles that may, on their own article
		others string // roles that may, on someone else's
		field  string // the form field a refusal on one's own article names, if any
	}{
		{"save %s", content.StatusDraft,
			editing(func(dr *articles.Draft, _ *desk, _ content.User) { dr.Title += " (updated)" }), everyone, editors, ""},
		{"save %s", content.StatusPending,
			editing(func(dr *articles.Draft, _ *desk, _ content.User) { dr.Title += " (updated)" }), everyone, editors, ""},
		{"save %s", content.StatusPublished,
			editing(func(dr *articles.Draft, _ *desk, _ content.User) { dr.Title += " (updated)" }), publishers, editors, ""},
		{"mark %s must-read", content.StatusDraft,
			editing(func(dr *articles.Draft, _ *desk, _ content.User) { dr.MustRead = true }), editors, editors, "must_read"},
		{"change the byline of %s", content.StatusDraft,
			editing(func(dr *articles.Draft, d *desk, _ content.User) {
				byline := dr.AuthorID
				dr.AuthorID = d.other.ID
				if byline == d.other.ID {
					dr.AuthorID = d.admin.ID
				}
			}), editors, editors, "author"},
		{"send %s for review", content.StatusDraft,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Submit(ctx, u, a.ID)
				return err
			},
			everyone, editors, ""},
		{"take back %s", content.StatusPending,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Withdraw(ctx, u, a.ID)
				return err
			},
			everyone, editors, ""},
		{"publish %s", content.StatusDraft,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Publish(ctx, u, a.ID)
				return err
			},
			publishers, editors, ""},
		{"publish %s", content.StatusPending,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Publish(ctx, u, a.ID)
				return err
			},
			publishers, editors, ""},
		{"schedule %s", content.StatusDraft,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Schedule(ctx, u, a.ID, d.clock.Now().Add(time.Hour))
				return err
			}, publishers, editors, ""},
		{"unpublish %s", content.StatusPublished,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Unpublish(ctx, u, a.ID)
				return err
			},
			publishers, editors, ""},
		{"unschedule %s", content.StatusScheduled,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Unpublish(ctx, u, a.ID)
				return err
			},
			publishers, editors, ""},
		{"trash %s", content.StatusDraft,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Trash(ctx, u, a.ID)
				return err
			},
			everyone, editors, ""},
		{"trash %s", content.StatusPublished,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Trash(ctx, u, a.ID)
				return err
			},
			publishers, editors, ""},
		{"restore %s", content.StatusTrashed,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.Restore(ctx, u, a.ID)
				return err
			},
			everyone, editors, ""},
		{"delete %s for good", content.StatusTrashed,
			func(d *desk, u content.User, a content.Article) error { return d.svc.Delete(ctx, u, a.ID) },
			editors, editors, ""},
		{"add a correction to %s", content.StatusPublished,
			func(d *desk, u content.User, a content.Article) error {
				_, err := d.svc.AddCorrection(ctx, u, a.ID, articles.CorrectionDraft{Text: "An earlier version gave the wrong date."})
				return err
			}, publishers, editors, ""},
	}
	who := map[content.Role]string{content.RoleAdmin: "an admin", content.RoleEditor: "an editor",
		content.RoleAuthor: "an author", content.RoleContributor: "a contributor"}
	what := map[content.Status]string{content.StatusDraft: "draft", content.StatusPending: "article in review",
		content.StatusPublished: "published article", content.StatusScheduled: "scheduled article",
		content.StatusTrashed: "article in the trash"}
	for _, op := range ops {
		for _, u := range []content.User{d.admin, d.editor, d.author, d.contributor} {
			for _, own := range []bool{true, false} {
				owner, may, whose := u, op.own, "their own "
				if !own {
					owner, may, whose = d.other, op.others, "someone else's "
				}
				allowed := slices.Contains(strings.Fields(may), string(u.Role))
				verdict := " may not "
				if allowed {
					verdict = " may "
				}
				name := who[u.Role] + verdict + fmt.Sprintf(op.name, whose+what[op.status])
				t.Run(name, func(t *testing.T) {
					a := d.article(t, owner, op.status)
					err := op.run(d, u, a)
					switch {
					case allowed && err != nil:
						t.Fatalf("refused: %v", err)
					case allowed:
					case own && op.field != "":
						var fe content.FieldErrors
						if !errors.As(err, &fe) || fe.For(op.field) == "" {
							t.Fatalf("err = %v, want a field error on %s", err, op.field)
						}
					case !errors.Is(err, articles.ErrForbidden):
						t.Fatalf("err = %v, want ErrForbidden", err)
					}
					if !allowed {
						if got := d.reread(t, a.ID); got.Status != a.Status || got.Title != a.Title || got.MustRead || got.Author.ID != owner.ID {
							t.Errorf("a refused operation changed the article: %+v", got)
						}
					}
				})
			}
		}
	}
}

func TestRefusalsAreWordedForTheWriter(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	cases := []struct {
		name  string
		run   func() error
		field string
		want  string
	}{
		{"a contributor publishing is told to send it for review", func() error {
			_, err := d.svc.Publish(ctx, d.contributor, d.article(t, d.contributor, content.StatusDraft).ID)
			return err
		}, "", "You may not publish articles; send it for review instead."},
		{"an author publishing someone else's article is told it must be their own", func() error {
			_, err := d.svc.Publish(ctx, d.author, d.article(t, d.other, content.StatusPending).ID)
			return err
		}, "", "You may publish only your own articles."},
		{"an author editing someone else's article is told it must be their own", func() error {
			a := d.article(t, d.other, content.StatusDraft)
			_, err := d.svc.Save(ctx, d.author, a.ID, articles.DraftOf(a), 1)
			return err
		}, "", "You may edit only your own articles."},
		{"a contributor editing their published article is told only an editor can", func() error {
			a := d.article(t, d.contributor, content.StatusPublished)
			_, err := d.svc.Save(ctx, d.contributor, a.ID, articles.DraftOf(a), 1)
			return err
		}, "", "This article has gone out; only an editor can change it now."},
		{"an author choosing must-read gets a field error", func() error {
			a := d.article(t, d.author, content.StatusDraft)
			dr := articles.DraftOf(a)
			dr.MustRead = true
			_, err := d.svc.Save(ctx, d.author, a.ID, dr, 1)
			return err
		}, "must_read", "Only editors can choose the must-read articles."},
		{"a contributor creating an article under another byline gets a field error", func() error {
			_, err := d.svc.Create(ctx, d.contributor, articles.Draft{Title: "Mine", AuthorID: d.editor.ID})
			return err
		}, "author", "Only editors can change the byline."},
		{"an editor giving a byline to nobody gets a field error", func() error {
			_, err := d.svc.Create(ctx, d.editor, articles.Draft{Title: "Whose", AuthorID: 999})
			return err
		}, "author", "There is no such member of the newsroom."},
		{"an author deleting for good is told to use the trash", func() error {
			return d.svc.Delete(ctx, d.author, d.article(t, d.author, content.StatusTrashed).ID)
		}, "", "Only editors can delete articles for good; move it to the trash instead."},
		{"a contributor trashing their published article is told only an editor can", func() error {
			_, err := d.svc.Trash(ctx, d.contributor, d.article(t, d.contributor, content.StatusPublished).ID)
			return err
		}, "", "This article has gone out; only an editor can take it down."},
		{"deleting an article not in the trash is refused", func() error {
			return d.svc.Delete(ctx, d.editor, d.article(t, d.author, content.StatusPublished).ID)
		}, "", "Move the article to the trash before deleting it for good."},
		{"publishing an article in the trash is refused", func() error {
			_, err := d.svc.Publish(ctx, d.editor, d.article(t, d.author, content.StatusTrashed).ID)
			return err
		}, "", "This article is in the trash; restore it first."},
		{"sending a published article for review is refused", func() error {
			_, err := d.svc.Submit(ctx, d.editor, d.article(t, d.author, content.StatusPublished).ID)
			return err
		}, "", "Only a draft can be sent for review; this article is published."},
		{"scheduling in the past is refused", func() error {
			_, err := d.svc.Schedule(ctx, d.editor, d.article(t, d.author, content.StatusDraft).ID, start.Add(-time.Minute))
			return err
		}, "publish_at", "Choose a time in the future to schedule the article."},
		{"a page cannot take an address the site uses", func() error {
			_, err := d.svc.Create(ctx, d.editor, articles.Draft{Kind: content.KindPage, Title: "Search"})
			return err
		}, "slug", "The address /search/ belongs to the site itself; choose another slug."},
		{"a blank headline is refused", func() error {
			_, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "  "})
			return err
		}, "title", "Please enter a headline."},
		{"a taken slug is refused", func() error {
			taken := d.article(t, d.author, content.StatusDraft)
			_, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "Another", Slug: taken.Slug})
			return err
		}, "slug", "Another article already uses this slug; choose another."},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := refusal(tc.run(), tc.field); got != tc.want {
				t.Errorf("message = %q\nwant      %q", got, tc.want)
			}
		})
	}
}

func TestCreateMakesADraftWithARevision(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a, err := d.svc.Create(ctx, d.contributor, articles.Draft{Title: " Floods close schools ", Source: "**Rain** fell.",
		Dateline: "BANGKOK", CategoryID: d.politics.ID, Tags: []string{"Monsoon", " ", "Schools"}, CommentsOpen: true})
	must(t, err)
	if a.Status != content.StatusDraft || a.Version != 1 || a.Slug != "floods-close-schools" || a.Author.ID != d.contributor.ID ||
		a.Body != "<p><strong>Rain</strong> fell.</p>\n" || a.Words != 2 || a.Category.Name != "Politics" || len(a.Tags) != 2 ||
		!a.CreatedAt.Equal(start) || !a.PublishedAt.IsZero() {
		t.Errorf("created = %+v", a)
	}
	revs, err := d.svc.Revisions(ctx, d.contributor, a.ID)
	must(t, err)
	if len(revs) != 1 || revs[0].Note != "Created" || revs[0].Author.Name != "Lee Contributor" {
		t.Errorf("revisions = %+v", revs)
	}
	byEditor, err := d.svc.Create(ctx, d.editor, articles.Draft{Title: "Commissioned", AuthorID: d.author.ID, MustRead: true})
	must(t, err)
	if byEditor.Author.ID != d.author.ID || !byEditor.MustRead {
		t.Errorf("an editor's article for an author = %+v", byEditor.Article)
	}
}

// Publishing fixes the date in the URL for good: later edits, unpublishing
// and republishing keep it, and the slug cannot change once it is out.
func TestPublishingFixesTheDateAndAddress(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	zone, _ := time.LoadLocation("Asia/Bangkok")
	a, err := d.svc.Create(ctx, d.author, articles.Draft{Title: "Rates held", Source: "The bank held rates."})
	must(t, err)
	draft := articles.DraftOf(a.Article)
	draft.Slug = "bank-holds-rates"
	a, err = d.svc.Save(ctx, d.author, a.ID, draft, a.Version)
	must(t, err)
	if a.Slug != "bank-holds-rates" {
		t.Fatalf("a draft's slug did not change: %q", a.Slug)
	}

	d.clock.Advance(time.Hour)
	firstOut := d.clock.Now()
	a, err = d.svc.Publish(ctx, d.author, a.ID)
	must(t, err)
	path := a.Path(zone)
	if !a.PublishedAt.Equal(firstOut) || !a.UpdatedAt.Equal(firstOut) || path != "/2025/07/14/bank-holds-rates/" || a.Edited() {
		t.Fatalf("published at %v updated %v path %s", a.PublishedAt, a.UpdatedAt, path)
	}

	d.clock.Advance(2 * time.Hour)
	draft = articles.DraftOf(a.Article)
	draft.Source = "The bank held rates at 2.5%."
	a, err = d.svc.Save(ctx, d.author, a.ID, draft, a.Version)
	must(t, err)
	if !a.PublishedAt.Equal(firstOut) || !a.UpdatedAt.Equal(d.clock.Now()) || a.Path(zone) != path || !a.Edited() || a.Status != content.StatusPublished {
		t.Errorf("after an edit: published %v updated %v path %s status %s", a.PublishedAt, a.UpdatedAt, a.Path(zone), a.Status)
	}

	draft.Slug = "bank-holds-rates-again"
	_, err = d.svc.Save(ctx, d.author, a.ID, draft, a.Version)
	if got := refusal(err, "slug"); got != "This article has been published at its address, so its slug can no longer change." {
		t.Errorf("slug change: %v", err)
	}

	a, err = d.svc.Unpublish(ctx, d.author, a.ID)
	must(t, err)
	if a.Status != content.StatusDraft || !a.PublishedAt.Equal(firstOut) || a.WasPublished() || a.IsPublic() {
		t.Errorf("unpublished = %s at %v (must answer 404, not 410)", a.Status, a.PublishedAt)
	}
	_, err = d.svc.Schedule(ctx, d.author, a.ID, d.clock.Now().Add(time.Hour))
	if got := refusal(err, "publish_at"); !strings.HasPrefix(got, "This article was first published on July 14, 2025") {
		t.Errorf("scheduling a once-published article: %v", err)
	}

	d.clock.Advance(24 * time.Hour)
	a, err = d.svc.Publish(ctx, d.author, a.ID)
	must(t, err)
	if !a.PublishedAt.Equal(firstOut) || a.Path(zone) != path {
		t.Errorf("republished at %v, path %s; want the first date and path", a.PublishedAt, a.Path(zone))
	}
	if got, err := d.st.ArticleBySlug(ctx, "bank-holds-rates"); err != nil || !got.IsPublic() {
		t.Errorf("the URL does not answer again: %v", err)
	}
}

func TestScheduledTimesAreOnlyPlans(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	at := start.Add(3 * time.Hour)
	cases := []struct {
		name string
		then func(id int64) (articles.Article, error)
		want content.Status
		out  bool // whether PublishedAt is set afterwards
	}{
		{"publishing a scheduled article now dates it now", func(id int64) (articles.Article, error) {
			return d.svc.Publish(ctx, d.editor, id)
		}, content.StatusPublished, true},
		{"unscheduling clears the planned time", func(id int64) (articles.Article, error) {
			return d.svc.Unpublish(ctx, d.editor, id)
		}, content.StatusDraft, false},
		{"trashing a scheduled article does not make it gone", func(id int64) (articles.Article, error) {
			return d.svc.Trash(ctx, d.editor, id)
		}, content.StatusTrashed, false},
		{"rescheduling moves the planned time", func(id int64) (articles.Article, error) {
			return d.svc.Schedule(ctx, d.editor, id, at.Add(time.Hour))
		}, content.StatusScheduled, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := d.article(t, d.author, content.StatusDraft)
			s, err := d.svc.Schedule(ctx, d.author, a.ID, at)
			must(t, err)
			if s.Status != content.StatusScheduled || !s.PublishedAt.Equal(at) {
				t.Fatalf("scheduled = %s at %v", s.Status, s.PublishedAt)
			}
			got, err := tc.then(a.ID)
			must(t, err)
			if got.Status != tc.want || got.PublishedAt.IsZero() == tc.out || got.WasPublished() {
				t.Errorf("then %s at %v (was published: %v)", got.Status, got.PublishedAt, got.WasPublished())
			}
			if tc.want == content.StatusPublished && !got.PublishedAt.Equal(start) {
				t.Errorf("published at %v, want now", got.PublishedAt)
			}
		})
	}
}

func TestTrashRestoreAndDelete(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	trashed, err := d.svc.Trash(ctx, d.author, a.ID)
	must(t, err)
	if !trashed.WasPublished() {
		t.Error("a trashed published article must answer 410")
	}
	restored, err := d.svc.Restore(ctx, d.author, a.ID)
	must(t, err)
	if restored.Status != content.StatusDraft || !restored.PublishedAt.Equal(a.PublishedAt) {
		t.Errorf("restored = %s at %v", restored.Status, restored.PublishedAt)
	}
	_, err = d.svc.Trash(ctx, d.editor, a.ID)
	must(t, err)
	must(t, d.svc.Delete(ctx, d.editor, a.ID))
	if _, err := d.st.ArticleBySlug(ctx, a.Slug); !errors.Is(err, store.ErrGone) {
		t.Errorf("deleted published article: err = %v, want ErrGone", err)
	}
	if _, err := d.svc.Open(ctx, d.editor, a.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("open deleted: err = %v", err)
	}
}

// A status change decided on what the member saw is not made when someone
// moved the article meanwhile.
func TestAMoveThatLostARaceIsRefused(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.contributor, content.StatusDraft)
	// The contributor's trash and an editor's publish race; the store
	// refuses the move whose starting status is gone.
	err := d.st.MoveArticle(ctx, store.Move{ID: a.ID, From: content.StatusDraft, To: content.StatusPublished, PublishedAt: start, UpdatedAt: start})
	must(t, err)
	err = d.st.MoveArticle(ctx, store.Move{ID: a.ID, From: content.StatusDraft, To: content.StatusTrashed, UpdatedAt: start})
	if !errors.Is(err, store.ErrStale) {
		t.Fatalf("err = %v, want ErrStale", err)
	}
	// Through the service the contributor is now refused on permission.
	if _, err := d.svc.Trash(ctx, d.contributor, a.ID); !errors.Is(err, articles.ErrForbidden) {
		t.Errorf("err = %v", err)
	}
}

func TestCorrections(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	a := d.article(t, d.author, content.StatusPublished)
	first, err := d.svc.AddCorrection(ctx, d.author, a.ID, articles.CorrectionDraft{Text: "The governor's name is\nChadchart Sittipunt."})
	must(t, err)
	d.clock.Advance(90 * time.Minute)
	_, err = d.svc.AddCorrection(ctx, d.editor, a.ID, articles.CorrectionDraft{Kind: content.KindUpdate, Text: "  The flood reached Bang Kapi. "})
	must(t, err)
	got, err := d.svc.Open(ctx, d.editor, a.ID)
	must(t, err)
	if len(got.Corrections) != 2 || got.Corrections[0].Text != "The governor's name is Chadchart Sittipunt." ||
		got.Corrections[0].Kind != content.KindCorrection || got.Corrections[0].By.ID != d.author.ID ||
		got.Corrections[1].Text != "The flood reached Bang Kapi." || got.Corrections[1].Kind != content.KindUpdate {
		t.Errorf("corrections = %+v", got.Corrections)
	}
	if !got.UpdatedAt.Equal(d.clock.Now()) || !got.PublishedAt.Equal(a.PublishedAt) || got.Version != 1 {
		t.Errorf("updated %v published %v version %d", got.UpdatedAt, got.PublishedAt, got.Version)
	}

	d.clock.Advance(time.Minute)
	edited, err := d.svc.EditCorrection(ctx, d.editor, a.ID, first.ID, articles.CorrectionDraft{Text: "The governor is Chadchart Sittipunt."})
	must(t, err)
	if edited.Text != "The governor is Chadchart Sittipunt." || edited.Kind != content.KindCorrection || !edited.UpdatedAt.Equal(d.clock.Now()) {
		t.Errorf("edited = %+v", edited)
	}
	history, err := d.svc.CorrectionHistory(ctx, d.author, a.ID, first.ID)
	must(t, err)
	if len(history) != 1 || history[0].Text != "The governor's name is Chadchart Sittipunt." || history[0].ChangedBy.ID != d.editor.ID {
		t.Errorf("history = %+v", history)
	}
	if _, err := d.svc.CorrectionHistory(ctx, d.contributor, a.ID, first.ID); !errors.Is(err, articles.ErrForbidden) {
		t.Errorf("a contributor reading the history: %v, want ErrForbidden", err)
	}
	other := d.article(t, d.author, content.StatusPublished)
	if _, err := d.svc.EditCorrection(ctx, d.editor, other.ID, first.ID, articles.CorrectionDraft{Text: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("rewording through another article: %v, want ErrNotFound", err)
	}

	cases := []struct {
		name, text, field, want string
		kind                    content.CorrectionKind
		status                  content.Status
	}{
		{"an empty correction is refused", " \n ", "text", articles.CorrectionMissing, "", content.StatusPublished},
		{"an unknown kind is refused", "x", "kind", articles.CorrectionKindBad, "retraction", content.StatusPublished},
		{"a draft is edited, not corrected", "x", "", "Corrections are for published articles; this one is a draft, so edit its text instead.", "", content.StatusDraft},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			a := d.article(t, d.author, tc.status)
			_, err := d.svc.AddCorrection(ctx, d.author, a.ID, articles.CorrectionDraft{Kind: tc.kind, Text: tc.text})
			if got := refusal(err, tc.field); got != tc.want {
				t.Errorf("message = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestListAndCounts(t *testing.T) {
	ctx := context.Background()
	d := newDesk(t)
	d.article(t, d.author, content.StatusDraft)
	d.article(t, d.author, content.StatusPublished)
	d.article(t, d.other, content.StatusPending)
	counts, err := d.svc.Counts(ctx, d.author, d.author.ID)
	must(t, err)
	if counts[content.StatusDraft] != 1 || counts[content.StatusPublished] != 1 || counts[content.StatusPending] != 0 {
		t.Errorf("counts = %v", counts)
	}
	list, err := d.svc.List(ctx, d.contributor, store.NewsroomFilter{Status: content.StatusPending})
	must(t, err)
	if len(list) != 1 || list[0].Author.ID != d.other.ID {
		t.Errorf("pending = %+v", list)
	}
	if _, err := d.svc.List(ctx, content.User{}, store.NewsroomFilter{}); !errors.Is(err, articles.ErrForbidden) {
		t.Errorf("signed out: err = %v", err)
	}
}
