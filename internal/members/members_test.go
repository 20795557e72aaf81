package members_test

import (
	"context"
	"errors"
	"fmt"
	"reflect"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// cheap hashes in about a millisecond.
var cheap = auth.Hasher{Params: auth.Params{Memory: 64, Time: 1, Threads: 1}}

const password = "monsoon season 2025"

// fixture is a newsroom of one member of each role: Ada the only
// administrator, Eddie an editor, Ana an author with a published post,
// Chai a contributor with a draft.
type fixture struct {
	st                    store.Store
	svc                   *members.Service
	rec                   *changes.Recorder
	ada, eddie, ana, chai content.User
	story, draft          content.Article
}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	st := teststore.Open(t)
	feed := &changes.Feed{}
	f := &fixture{st: st, rec: &changes.Recorder{}}
	feed.Subscribe(f.rec.Record)
	f.svc = members.New(members.Config{Store: st, Hasher: cheap, Changes: feed})
	for _, m := range []struct {
		u    *content.User
		name string
		role content.Role
	}{
		{&f.ada, "Ada Admin", content.RoleAdmin},
		{&f.eddie, "Eddie Editor", content.RoleEditor},
		{&f.ana, "Ana Reyes", content.RoleAuthor},
		{&f.chai, "Chai Contributor", content.RoleContributor},
	} {
		*m.u = content.User{Name: m.name, Email: strings.ToLower(strings.Fields(m.name)[0]) + "@example.com", Role: m.role}
		must(t, st.CreateUser(ctx, m.u))
	}
	f.story = content.Article{Title: "Dam opens", Status: content.StatusPublished, Author: f.ana,
		PublishedAt: time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)}
	f.draft = content.Article{Title: "Notes for later", Status: content.StatusDraft, Author: f.chai}
	for _, a := range []*content.Article{&f.story, &f.draft} {
		a.Kind, a.Format, a.Source, a.Body = content.KindPost, content.FormatMarkdown, "Text.", "<p>Text.</p>"
		must(t, st.CreateArticle(ctx, a))
	}
	return f
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func (f *fixture) user(t *testing.T, email string) content.User {
	t.Helper()
	u, err := f.st.UserByEmail(context.Background(), email)
	must(t, err)
	return u
}

// details are a member's details as the forms show them.
func details(u content.User) members.Details {
	return members.DetailsOf(u)
}

func TestEveryChangeIsAnnouncedOnce(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	cases := []struct {
		name string
		do   func(f *fixture) error
		want func(t *testing.T, f *fixture) changes.Event
	}{
		{
			"a new member announces their archive",
			func(f *fixture) error {
				_, err := f.svc.Create(ctx, f.ada, members.NewMember{Name: "Somchai Rattanakul", Email: "somchai@example.com",
					Role: content.RoleEditor, Password: password})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "create", IDs: []int64{f.user(t, "somchai@example.com").ID},
					Tags: []string{"author:somchai-rattanakul"}}
			},
		},
		{
			"a second member of the same name announces the next free address",
			func(f *fixture) error {
				_, err := f.svc.Create(ctx, f.ada, members.NewMember{Name: "Ana Reyes", Email: "ana.r@example.com",
					Role: content.RoleContributor, NoPassword: true})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "create", IDs: []int64{f.user(t, "ana.r@example.com").ID},
					Tags: []string{"author:ana-reyes-2"}}
			},
		},
		{
			"the command line's operator adds a member like an administrator",
			func(f *fixture) error {
				_, err := f.svc.Create(ctx, members.Operator, members.NewMember{Name: "Kit Chai", Email: "kit@example.com",
					Role: content.RoleAdmin, Password: password})
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "create", IDs: []int64{f.user(t, "kit@example.com").ID},
					Tags: []string{"author:kit-chai"}}
			},
		},
		{
			"a new role announces the member's archive",
			func(f *fixture) error {
				d := details(f.eddie)
				d.Role = content.RoleAdmin
				_, err := f.svc.Update(ctx, f.ada, f.eddie.ID, d)
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "update", IDs: []int64{f.eddie.ID}, Tags: []string{"author:eddie-editor"}}
			},
		},
		{
			"a new bio announces only the member's archive: no byline prints it",
			func(f *fixture) error {
				d := details(f.ana)
				d.Bio = "Covers floods."
				_, err := f.svc.Update(ctx, f.ana, f.ana.ID, d)
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "update", IDs: []int64{f.ana.ID}, Tags: []string{"author:ana-reyes"}}
			},
		},
		{
			"a member with published posts who changes their own name announces their byline and search too",
			func(f *fixture) error {
				d := details(f.ana)
				d.Name, d.Bio = "Ana Reyes-Cruz", "Covers floods."
				_, err := f.svc.Update(ctx, f.ana, f.ana.ID, d)
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "update", IDs: []int64{f.ana.ID}, Tags: []string{"author:ana-reyes", "byline:ana-reyes", "search"}}
			},
		},
		{
			"a member with published posts given a new address announces both archives, both bylines and the sitemaps",
			func(f *fixture) error {
				d := details(f.ana)
				d.Slug = "ana-cruz"
				_, err := f.svc.Update(ctx, f.ada, f.ana.ID, d)
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "update", IDs: []int64{f.ana.ID},
					Tags: []string{"author:ana-cruz", "author:ana-reyes", "byline:ana-cruz", "byline:ana-reyes", "sitemaps"}}
			},
		},
		{
			"a member with only drafts who changes name announces their archive and their byline",
			func(f *fixture) error {
				d := details(f.chai)
				d.Name = "Chai C."
				_, err := f.svc.Update(ctx, f.chai, f.chai.ID, d)
				return err
			},
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "update", IDs: []int64{f.chai.ID}, Tags: []string{"author:chai-contributor", "byline:chai-contributor"}}
			},
		},
		{
			"deleting a member with published posts announces both archives, the deleted member's byline and the lists their posts are in",
			func(f *fixture) error { return f.svc.Delete(ctx, f.ada, f.ana.ID, f.eddie.ID) },
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "delete", IDs: []int64{f.ana.ID, f.eddie.ID},
					Tags: []string{"author:ana-reyes", "author:eddie-editor", "byline:ana-reyes", "feeds", "home", "search", "sitemaps"}}
			},
		},
		{
			"deleting a member with only drafts announces both archives and the deleted member's byline",
			func(f *fixture) error { return f.svc.Delete(ctx, f.ada, f.chai.ID, f.ana.ID) },
			func(t *testing.T, f *fixture) changes.Event {
				return changes.Event{Kind: changes.KindMember, Action: "delete", IDs: []int64{f.chai.ID, f.ana.ID},
					Tags: []string{"author:ana-reyes", "author:chai-contributor", "byline:chai-contributor"}}
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			must(t, tc.do(f))
			want := tc.want(t, f)
			if got := f.rec.Take(); !reflect.DeepEqual(got, []changes.Event{want}) {
				t.Errorf("events = %+v\nwant    [%+v]", got, want)
			}
		})
	}
}

// snapshot is everything the membership keeps, to show that a refused
// change wrote nothing.
type snapshot struct {
	Users     []content.User
	Passwords map[int64]string
	Authors   map[int64]int64 // article → author
}

func (f *fixture) snapshot(t *testing.T) snapshot {
	t.Helper()
	ctx := context.Background()
	s := snapshot{Passwords: map[int64]string{}, Authors: map[int64]int64{}}
	var err error
	s.Users, err = f.st.Users(ctx)
	must(t, err)
	for _, u := range s.Users {
		s.Passwords[u.ID], err = f.st.PasswordHash(ctx, u.ID)
		must(t, err)
	}
	for _, id := range []int64{f.story.ID, f.draft.ID} {
		a, err := f.st.ArticleByID(ctx, id)
		must(t, err)
		s.Authors[id] = a.Author.ID
	}
	return s
}

func TestRefusedChangesWriteAndAnnounceNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	field := func(name, msg string) content.FieldErrors { return content.FieldErrors{{Field: name, Message: msg}} }
	cases := []struct {
		name string
		do   func(f *fixture) error
		// want is the refusal: a content.FieldErrors or *members.Error to
		// compare whole, or a sentinel for errors.Is.
		want error
	}{
		{"an editor may not add a member", func(f *fixture) error {
			_, err := f.svc.Create(ctx, f.eddie, members.NewMember{Name: "Kit", Email: "kit@example.com", Role: content.RoleAuthor, Password: password})
			return err
		}, members.ErrForbidden},
		{"nobody signed in may not add a member", func(f *fixture) error {
			_, err := f.svc.Create(ctx, content.User{}, members.NewMember{Name: "Kit", Email: "kit@example.com", Role: content.RoleAuthor, Password: password})
			return err
		}, members.ErrForbidden},
		{"an editor may not change another member", func(f *fixture) error {
			_, err := f.svc.Update(ctx, f.eddie, f.ana.ID, details(f.ana))
			return err
		}, members.ErrForbidden},
		{"an author may not change their own role", func(f *fixture) error {
			d := details(f.ana)
			d.Role = content.RoleEditor
			_, err := f.svc.Update(ctx, f.ana, f.ana.ID, d)
			return err
		}, members.ErrForbidden},
		{"an editor may not delete a member", func(f *fixture) error {
			return f.svc.Delete(ctx, f.eddie, f.chai.ID, f.eddie.ID)
		}, members.ErrForbidden},
		{"a new member with everything wrong is refused with every problem", func(f *fixture) error {
			_, err := f.svc.Create(ctx, f.ada, members.NewMember{Name: " ", Email: "not an address", Role: "boss",
				Bio: strings.Repeat("x", members.MaxBio+1), Password: "short"})
			return err
		}, content.FieldErrors{
			{Field: "name", Message: "Please enter a name."},
			{Field: "email", Message: "Please enter an email address such as name@example.com."},
			{Field: "role", Message: "Please choose one of the four roles."},
			{Field: "bio", Message: "The biography is too long (at most 2000 characters)."},
			{Field: "password", Message: auth.PasswordTooShort},
		}},
		{"a new member with a name of 101 characters is refused", func(f *fixture) error {
			_, err := f.svc.Create(ctx, f.ada, members.NewMember{Name: strings.Repeat("ก", members.MaxName+1), Email: "kit@example.com",
				Role: content.RoleAuthor, NoPassword: true})
			return err
		}, field("name", "The name is too long (at most 100 characters).")},
		{"a new member with a taken email in another case is refused", func(f *fixture) error {
			_, err := f.svc.Create(ctx, f.ada, members.NewMember{Name: "Ana Again", Email: "ANA@example.com", Role: content.RoleAuthor, Password: password})
			return err
		}, field("email", "Another member already uses this email address.")},
		{"a change to a taken email is refused", func(f *fixture) error {
			d := details(f.ana)
			d.Email = "eddie@example.com"
			_, err := f.svc.Update(ctx, f.ana, f.ana.ID, d)
			return err
		}, field("email", members.EmailTaken)},
		{"a change to a taken address is refused", func(f *fixture) error {
			d := details(f.ana)
			d.Slug = "eddie-editor"
			_, err := f.svc.Update(ctx, f.ada, f.ana.ID, d)
			return err
		}, field("slug", "Another member already uses this address.")},
		{"a change to an address that is no slug is refused", func(f *fixture) error {
			d := details(f.ana)
			d.Slug = "Ana Cruz"
			_, err := f.svc.Update(ctx, f.ada, f.ana.ID, d)
			return err
		}, field("slug", members.SlugInvalid)},
		{"the last administrator keeps their role", func(f *fixture) error {
			d := details(f.ada)
			d.Role = content.RoleEditor
			_, err := f.svc.Update(ctx, f.ada, f.ada.ID, d)
			return err
		}, field("role", "The site needs at least one administrator. Make someone else an administrator first.")},
		{"changing a member who does not exist is not found", func(f *fixture) error {
			_, err := f.svc.Update(ctx, f.ada, 9999, members.Details{Name: "Nobody", Email: "nobody@example.com", Role: content.RoleAuthor})
			return err
		}, store.ErrNotFound},
		{"nobody deletes themselves", func(f *fixture) error {
			return f.svc.Delete(ctx, f.ada, f.ada.ID, f.eddie.ID)
		}, &members.Error{Message: "You cannot delete your own account. Ask another administrator."}},
		{"the last administrator is not deleted", func(f *fixture) error {
			return f.svc.Delete(ctx, members.Operator, f.ada.ID, f.eddie.ID)
		}, &members.Error{Message: members.LastAdmin}},
		{"deleting without an heir is refused", func(f *fixture) error {
			return f.svc.Delete(ctx, f.ada, f.ana.ID, 0)
		}, field("heir", "Please choose who takes over this member's articles.")},
		{"a member is not their own heir", func(f *fixture) error {
			return f.svc.Delete(ctx, f.ada, f.ana.ID, f.ana.ID)
		}, field("heir", members.HeirMissing)},
		{"an heir who does not exist is refused", func(f *fixture) error {
			return f.svc.Delete(ctx, f.ada, f.ana.ID, 9999)
		}, field("heir", members.HeirMissing)},
		{"deleting a member who does not exist is not found", func(f *fixture) error {
			return f.svc.Delete(ctx, f.ada, 9999, f.ana.ID)
		}, store.ErrNotFound},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			before := f.snapshot(t)
			err := tc.do(f)
			var (
				problems content.FieldErrors
				refusal  *members.Error
			)
			switch want := tc.want.(type) {
			case content.FieldErrors:
				if !errors.As(err, &problems) || !reflect.DeepEqual(problems, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			case *members.Error:
				if !errors.As(err, &refusal) || *refusal != *want || !errors.Is(err, members.ErrRefused) {
					t.Errorf("err = %v, want %v", err, want)
				}
			default:
				if !errors.Is(err, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			}
			if events := f.rec.Take(); len(events) != 0 {
				t.Errorf("a refused change announced %+v", events)
			}
			if after := f.snapshot(t); !reflect.DeepEqual(after, before) {
				t.Errorf("a refused change wrote:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

func TestANewMemberArrivesWithTheirPassword(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	u, err := f.svc.Create(ctx, f.ada, members.NewMember{Name: " Somchai Rattanakul ", Email: " Somchai@Example.com ",
		Role: content.RoleEditor, Bio: "Covers the provinces.", Password: password})
	must(t, err)
	if u.ID == 0 || u.Name != "Somchai Rattanakul" || u.Email != "somchai@example.com" || u.Slug != "somchai-rattanakul" || u.Bio != "Covers the provinces." {
		t.Errorf("created %+v", u)
	}
	signedIn, err := auth.Authenticate(ctx, f.st, cheap, "somchai@example.com", password)
	if err != nil || signedIn.ID != u.ID {
		t.Errorf("signing in with the first password: %+v, %v", signedIn, err)
	}
	invited, err := f.svc.Create(ctx, f.ada, members.NewMember{Name: "Kit Chai", Email: "kit@example.com", Role: content.RoleAuthor,
		Password: "ignored, too", NoPassword: true})
	must(t, err)
	if hash, err := f.st.PasswordHash(ctx, invited.ID); err != nil || hash != "" {
		t.Errorf("an invited member's password = %q, %v; want none until they choose one", hash, err)
	}
}

// Members added at the same moment race for the address made from their
// name and for their email: each gets an address of their own, and of
// two with one email exactly one is stored, with the password they gave.
func TestMembersAddedTogether(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	const n = 6
	var wg sync.WaitGroup
	errs := make([]error, n)
	for i := range n {
		wg.Go(func() {
			email := fmt.Sprintf("somchai%d@example.com", i)
			pw := password
			if i >= n/2 {
				email, pw = "same@example.com", fmt.Sprintf("password number %d", i)
			}
			_, errs[i] = f.svc.Create(ctx, f.ada, members.NewMember{Name: "Somchai Rattanakul", Email: email, Role: content.RoleAuthor, Password: pw})
		})
	}
	wg.Wait()
	won := -1
	for i, err := range errs {
		var problems content.FieldErrors
		switch {
		case err == nil && i >= n/2 && won >= 0:
			t.Errorf("two members with one email were added")
		case err == nil && i >= n/2:
			won = i
		case err == nil:
		case i >= n/2 && errors.As(err, &problems) && problems.For("email") == members.EmailTaken:
		default:
			t.Errorf("adding member %d: %v", i, err)
		}
	}
	if won < 0 {
		t.Fatal("nobody with the shared email was added")
	}
	users, err := f.st.Users(ctx)
	must(t, err)
	var slugs []string
	for _, u := range users {
		if u.Name == "Somchai Rattanakul" {
			slugs = append(slugs, u.Slug)
		}
	}
	sort.Strings(slugs)
	want := []string{"somchai-rattanakul", "somchai-rattanakul-2", "somchai-rattanakul-3", "somchai-rattanakul-4"}
	if !reflect.DeepEqual(slugs, want) {
		t.Errorf("addresses = %q, want %q", slugs, want)
	}
	if _, err := auth.Authenticate(ctx, f.st, cheap, "same@example.com", fmt.Sprintf("password number %d", won)); err != nil {
		t.Errorf("the member who won the email cannot sign in with their password: %v", err)
	}
	if events := f.rec.Take(); len(events) != n/2+1 {
		t.Errorf("%d events for %d members added", len(events), n/2+1)
	}
}

func TestTheLastAdministratorMayStepDownOnceThereIsAnother(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	d := details(f.eddie)
	d.Role = content.RoleAdmin
	_, err := f.svc.Update(ctx, f.ada, f.eddie.ID, d)
	must(t, err)
	d = details(f.ada)
	d.Role = content.RoleEditor
	u, err := f.svc.Update(ctx, f.ada, f.ada.ID, d)
	must(t, err)
	if u.Role != content.RoleEditor {
		t.Errorf("Ada is %s, want editor", u.Role)
	}
	// Eddie, the one administrator left, may delete Ada, now an editor.
	eddie := f.eddie
	eddie.Role = content.RoleAdmin
	must(t, f.svc.Delete(ctx, eddie, f.ada.ID, f.eddie.ID))
	if _, err := f.st.UserByID(ctx, f.ada.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Ada is still there: %v", err)
	}
}

func TestValidateTellsWhatNeedsNoStore(t *testing.T) {
	t.Parallel()
	err := members.Details{Name: "", Email: "ana@example.com", Role: content.RoleAuthor, Slug: "Bad Slug"}.Validate()
	var problems content.FieldErrors
	if !errors.As(err, &problems) || !reflect.DeepEqual(problems, content.FieldErrors{
		{Field: "name", Message: members.NameMissing}, {Field: "slug", Message: members.SlugInvalid}}) {
		t.Errorf("Details.Validate = %v", err)
	}
	if err := (members.NewMember{Name: "Kit", Email: "kit@example.com", Role: content.RoleAuthor, NoPassword: true}).Validate(); err != nil {
		t.Errorf("an invitation needs no password: %v", err)
	}
	if err := (members.NewMember{Name: "Kit", Email: "kit@example.com", Role: content.RoleAuthor}).Validate(); !errors.As(err, &problems) ||
		problems.For("password") != auth.PasswordTooShort {
		t.Errorf("a member added with no password and no invitation: %v", err)
	}
}
