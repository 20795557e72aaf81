package members_test

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/members"
)

// picture stores a picture of the library uploaded by owner (0 for none).
func (f *fixture) picture(t *testing.T, name string, owner int64) content.Image {
	t.Helper()
	im := content.Image{Name: "people/" + name, Ext: ".jpg", Width: 600, Height: 600, Alt: name, OwnerID: owner}
	must(t, f.st.CreateImage(context.Background(), &im))
	return im
}

func TestAMemberSetsTheirProfileAndTheAuthorPageHearsIt(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	f := newFixture(t)
	own := f.picture(t, "ana", f.ana.ID)
	d := members.DetailsOf(f.ana)
	d.Bio, d.JobTitle, d.PhotoID = "Covers the Mekong.", "  Mekong correspondent ", own.ID
	d.Links = []content.Link{
		{URL: " https://social.example/@ana ", Label: "Ana on Social"},
		{}, // an empty row of the form
		{URL: "HTTP://ana.example.org/work?x=1&y=2"},
	}
	u, err := f.svc.Update(ctx, f.ana, f.ana.ID, d)
	must(t, err)
	want := []content.Link{{URL: "https://social.example/@ana", Label: "Ana on Social"}, {URL: "HTTP://ana.example.org/work?x=1&y=2"}}
	stored := f.user(t, "ana@example.com")
	for _, got := range []content.User{u, stored} {
		if got.JobTitle != "Mekong correspondent" || got.PhotoID != own.ID || got.Bio != "Covers the Mekong." || !reflect.DeepEqual(got.Links, want) {
			t.Errorf("profile = %q %d %q %v, want the cleaned profile", got.JobTitle, got.PhotoID, got.Bio, got.Links)
		}
	}
	// The profile shows on the author page alone, which declares
	// author:SLUG; nothing on bylines changed.
	wantEvent := changes.Event{Kind: changes.KindMember, Action: "update", IDs: []int64{f.ana.ID}, Tags: []string{"author:ana-reyes"}}
	if events := f.rec.Take(); len(events) != 1 || !reflect.DeepEqual(events[0].Tags, wantEvent.Tags) || events[0].Action != "update" {
		t.Errorf("events = %+v, want %+v", events, wantEvent)
	}

	// An administrator may give a contributor any picture, which the
	// contributor then keeps when saving their own profile.
	editors := f.picture(t, "chai", f.eddie.ID)
	d = members.DetailsOf(f.chai)
	d.PhotoID = editors.ID
	_, err = f.svc.Update(ctx, f.ada, f.chai.ID, d)
	must(t, err)
	chai := f.user(t, "chai@example.com")
	chai.JobTitle = "Intern"
	if _, err := f.svc.Update(ctx, f.chai, f.chai.ID, members.DetailsOf(chai)); err != nil {
		t.Errorf("a contributor keeping the photo an administrator chose: %v", err)
	}
	// And clearing it all leaves no profile.
	d = members.DetailsOf(f.user(t, "ana@example.com"))
	d.JobTitle, d.PhotoID, d.Links = "", 0, nil
	must(t, func() error { _, err := f.svc.Update(ctx, f.ana, f.ana.ID, d); return err }())
	if got := f.user(t, "ana@example.com"); got.JobTitle != "" || got.PhotoID != 0 || len(got.Links) != 0 {
		t.Errorf("a cleared profile reads %q %d %v", got.JobTitle, got.PhotoID, got.Links)
	}
}

func TestRefusedProfilesWriteAndAnnounceNothing(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	field := func(name, msg string) content.FieldErrors { return content.FieldErrors{{Field: name, Message: msg}} }
	links := func(l ...content.Link) func(*members.Details) { return func(d *members.Details) { d.Links = l } }
	cases := []struct {
		name   string
		who    func(f *fixture) (who, whose content.User)
		change func(f *fixture, d *members.Details)
		want   error
	}{
		{"a job title of 101 characters", nil,
			func(f *fixture, d *members.Details) { d.JobTitle = strings.Repeat("ก", members.MaxJobTitle+1) },
			field("job_title", members.JobTitleTooLong)},
		{"six links", nil, func(f *fixture, d *members.Details) {
			d.Links = nil
			for range members.MaxLinks + 1 {
				d.Links = append(d.Links, content.Link{URL: "https://example.com/"})
			}
		}, field("links", members.TooManyLinks)},
		{"a script address", nil, func(f *fixture, d *members.Details) {
			links(content.Link{URL: "https://ok.example/"}, content.Link{URL: "javascript:alert(1)"})(d)
		}, field("link2", members.LinkInvalid)},
		{"an address without a scheme, a relative one, a mail address and one with a space", nil, func(f *fixture, d *members.Details) {
			links(content.Link{URL: "ana.example.org"}, content.Link{URL: "/author/ana/"},
				content.Link{URL: "mailto:ana@example.com"}, content.Link{URL: "https://ana example.org/"})(d)
		}, content.FieldErrors{{Field: "link1", Message: members.LinkInvalid}, {Field: "link2", Message: members.LinkInvalid},
			{Field: "link3", Message: members.LinkInvalid}, {Field: "link4", Message: members.LinkInvalid}}},
		{"an address of 501 bytes", nil, func(f *fixture, d *members.Details) {
			links(content.Link{URL: "https://example.com/" + strings.Repeat("a", members.MaxLinkURL-19)})(d)
		}, field("link1", members.LinkTooLong)},
		{"a label without an address and a label of 101 characters", nil, func(f *fixture, d *members.Details) {
			links(content.Link{Label: "My site"}, content.Link{URL: "https://example.com/", Label: strings.Repeat("x", members.MaxLinkLabel+1)})(d)
		}, content.FieldErrors{{Field: "link1", Message: members.LinkNeedsURL}, {Field: "link2_label", Message: members.LinkLabelTooLong}}},
		{"a photo that is not in the library", nil,
			func(f *fixture, d *members.Details) { d.PhotoID = 9999 }, field("photo", members.PhotoMissing)},
		{"an author's photo uploaded by someone else", nil, func(f *fixture, d *members.Details) {
			d.PhotoID = f.picture(t, "eddie", f.eddie.ID).ID
		}, field("photo", members.PhotoNotYours)},
		{"an author's photo without an uploader", nil, func(f *fixture, d *members.Details) {
			d.PhotoID = f.picture(t, "old", 0).ID
		}, field("photo", members.PhotoNotYours)},
		{"a contributor's photo uploaded by an author", func(f *fixture) (content.User, content.User) { return f.chai, f.chai },
			func(f *fixture, d *members.Details) { d.PhotoID = f.picture(t, "ana", f.ana.ID).ID }, field("photo", members.PhotoNotYours)},
		{"a contributor setting an author's profile", func(f *fixture) (content.User, content.User) { return f.chai, f.ana },
			func(f *fixture, d *members.Details) { d.JobTitle = "Fired" }, members.ErrForbidden},
		{"an editor setting an author's profile", func(f *fixture) (content.User, content.User) { return f.eddie, f.ana },
			func(f *fixture, d *members.Details) { d.JobTitle = "Sub-editor" }, members.ErrForbidden},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			f := newFixture(t)
			who, whose := f.ana, f.ana
			if tc.who != nil {
				who, whose = tc.who(f)
			}
			d := members.DetailsOf(whose)
			tc.change(f, &d)
			f.rec.Take()
			before := f.snapshot(t)
			_, err := f.svc.Update(ctx, who, whose.ID, d)
			var problems content.FieldErrors
			if want, ok := tc.want.(content.FieldErrors); ok {
				if !errors.As(err, &problems) || !reflect.DeepEqual(problems, want) {
					t.Errorf("err = %v, want %v", err, want)
				}
			} else if !errors.Is(err, tc.want) {
				t.Errorf("err = %v, want %v", err, tc.want)
			}
			if events := f.rec.Take(); len(events) != 0 {
				t.Errorf("a refused profile announced %+v", events)
			}
			if after := f.snapshot(t); !reflect.DeepEqual(after, before) {
				t.Errorf("a refused profile wrote:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

func TestValidateChecksTheProfile(t *testing.T) {
	d := members.Details{Name: "Ana", Email: "ana@example.com", Role: content.RoleAuthor,
		JobTitle: strings.Repeat("x", members.MaxJobTitle+1), Links: []content.Link{{URL: "ftp://example.com/"}}}
	var problems content.FieldErrors
	if err := d.Validate(); !errors.As(err, &problems) || problems.For("job_title") != members.JobTitleTooLong || problems.For("link1") != members.LinkInvalid {
		t.Errorf("Validate = %v, want the job title and the link refused", err)
	}
}
