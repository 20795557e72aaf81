package admin_test

import (
	"context"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"

	"dateline/internal/content"
	"dateline/internal/members"
)

// photo stores a picture of the library uploaded by owner (0 for none).
func (n *room) photo(t *testing.T, name string, owner int64) content.Image {
	t.Helper()
	im := content.Image{Name: "people/" + name, Ext: ".jpg", Width: 600, Height: 600, Alt: "Portrait of " + name, OwnerID: owner}
	must(t, n.st.CreateImage(context.Background(), &im))
	return im
}

func (n *room) stored(t *testing.T, id int64) content.User {
	t.Helper()
	u, err := n.st.UserByID(context.Background(), id)
	must(t, err)
	return u
}

func profileForm(u content.User, set map[string]string) url.Values {
	f := url.Values{"name": {u.Name}, "email": {u.Email}, "bio": {u.Bio}}
	for k, v := range set {
		f.Set(k, v)
	}
	return f
}

func TestAMemberSetsTheirAuthorProfile(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	b := n.signIn(content.RoleAuthor)
	ana := n.members[content.RoleAuthor]
	own := n.photo(t, "ana", ana.ID)

	// The picture picker, without script: a link back to the profile with
	// the picture chosen, which the form then offers, checked.
	pick := page(t, b.get("/admin/media/pick?for=profile"))
	if first(pick, "a[href=/admin/profile?image="+itoa(own.ID)+"]") == nil {
		t.Fatal("the picker does not lead back to the profile with the picture")
	}
	doc := page(t, b.get("/admin/profile?image="+itoa(own.ID)))
	if radio := first(doc, "#photo-"+itoa(own.ID)); radio == nil || !hasAttr(radio, "checked") {
		t.Fatal("the chosen picture is not the form's photo")
	}

	wantRedirect(t, b.post("/admin/profile", profileForm(ana, map[string]string{
		"bio": "Covers floods.", "job_title": " Mekong correspondent ", "photo": itoa(own.ID),
		"link1": "https://social.example/@ana", "link1_label": "Ana on Social", "link3": "https://ana.example.org/",
	})), "/admin/profile?done=profile-saved")
	u := n.stored(t, ana.ID)
	want := []content.Link{{URL: "https://social.example/@ana", Label: "Ana on Social"}, {URL: "https://ana.example.org/"}}
	if u.JobTitle != "Mekong correspondent" || u.PhotoID != own.ID || u.Bio != "Covers floods." || !reflect.DeepEqual(u.Links, want) {
		t.Errorf("stored %q %d %q %v", u.JobTitle, u.PhotoID, u.Bio, u.Links)
	}
	doc = page(t, b.get("/admin/profile"))
	if first(doc, "a[href=/author/ana-reyes/]") != nil {
		t.Error("the profile links to the author page of a member who published nothing, a 404")
	}
	story := content.Article{Kind: content.KindPost, Title: "Dam opens", Source: "Text.", Body: "<p>Text.</p>",
		Format: content.FormatMarkdown, Status: content.StatusPublished, PublishedAt: n.clock.Now(), Author: ana}
	must(t, n.st.CreateArticle(context.Background(), &story))
	doc = page(t, b.get("/admin/profile"))
	if value(doc, "job_title") != "Mekong correspondent" || value(doc, "link1") != "https://social.example/@ana" ||
		value(doc, "link1_label") != "Ana on Social" || value(doc, "link2") != "https://ana.example.org/" || value(doc, "link5") != "" {
		t.Errorf("the form shows %q %q %q %q", value(doc, "job_title"), value(doc, "link1"), value(doc, "link1_label"), value(doc, "link2"))
	}
	if radio := first(doc, "#photo-"+itoa(own.ID)); radio == nil || !hasAttr(radio, "checked") {
		t.Error("the form does not show the photo")
	}
	if a := first(doc, "a[href=/author/ana-reyes/]"); a == nil {
		t.Error("the profile does not link to the author page of a member who published")
	}

	// Saving again without a photo clears it.
	wantRedirect(t, b.post("/admin/profile", profileForm(u, map[string]string{"photo": ""})), "/admin/profile?done=profile-saved")
	if u := n.stored(t, ana.ID); u.PhotoID != 0 || u.JobTitle != "" || len(u.Links) != 0 {
		t.Errorf("a form without them keeps %d %q %v", u.PhotoID, u.JobTitle, u.Links)
	}

	if w := b.get("/admin/media/pick?for=member-x"); w.Code != http.StatusBadRequest {
		t.Errorf("the picker for no form = %d, want 400", w.Code)
	}
}

func TestABadAuthorProfileIsRefusedByFieldAndChangesNothing(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	eddies := n.photo(t, "eddie", n.members[content.RoleEditor].ID)
	cases := []struct {
		name string
		role content.Role
		set  map[string]string
		want map[string]string // field → message
	}{
		{"a job title of 101 characters, a script link and a label too long", content.RoleAuthor, map[string]string{
			"job_title": strings.Repeat("x", members.MaxJobTitle+1), "link2": "javascript:alert(1)",
			"link3": "https://example.com/", "link3_label": strings.Repeat("y", members.MaxLinkLabel+1),
		}, map[string]string{"job_title": members.JobTitleTooLong, "link2": members.LinkInvalid, "link3_label": members.LinkLabelTooLong}},
		{"a relative address and a label alone", content.RoleAuthor, map[string]string{"link1": "/about/", "link4_label": "Me"},
			map[string]string{"link1": members.LinkInvalid, "link4": members.LinkNeedsURL}},
		{"an author using an editor's picture", content.RoleAuthor, map[string]string{"photo": itoa(eddies.ID)},
			map[string]string{"photo": members.PhotoNotYours}},
		{"a contributor using an editor's picture", content.RoleContributor, map[string]string{"photo": itoa(eddies.ID)},
			map[string]string{"photo": members.PhotoNotYours}},
		{"a picture not in the library", content.RoleAuthor, map[string]string{"photo": "99999"},
			map[string]string{"photo": members.PhotoMissing}},
		{"a photo that is not a number", content.RoleAuthor, map[string]string{"photo": "x"},
			map[string]string{"photo": members.PhotoMissing}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			who := n.members[tc.role]
			before := n.stored(t, who.ID)
			w := n.signIn(tc.role).post("/admin/profile", profileForm(before, tc.set))
			wantStatus(t, w, http.StatusUnprocessableEntity)
			doc := page(t, w)
			for field, msg := range tc.want {
				if got := fieldError(doc, field); got != msg {
					t.Errorf("%s: %q, want %q", field, got, msg)
				}
				if first(doc, "#error-summary a[href=#"+field+"]") == nil || first(doc, "#"+field) == nil {
					t.Errorf("the summary does not lead to the field %s", field)
				}
			}
			for field, typed := range tc.set {
				if field != "photo" && value(doc, field) != typed {
					t.Errorf("the form lost %s: %q", field, value(doc, field))
				}
			}
			if after := n.stored(t, who.ID); !reflect.DeepEqual(after, before) {
				t.Errorf("a refused profile wrote:\nbefore %+v\nafter  %+v", before, after)
			}
		})
	}
}

func TestAnAdministratorSetsAnotherMembersProfileAndNobodyElse(t *testing.T) {
	t.Parallel()
	n := newNewsroom(t)
	chai := n.members[content.RoleContributor]
	eddies := n.photo(t, "eddie", n.members[content.RoleEditor].ID)
	form := url.Values{"name": {chai.Name}, "email": {chai.Email}, "role": {string(chai.Role)}, "bio": {"Learns the trade."},
		"job_title": {"Intern"}, "photo": {itoa(eddies.ID)}, "link1": {"https://chai.example/"}}
	for _, role := range []content.Role{content.RoleEditor, content.RoleAuthor, content.RoleContributor} {
		wantStatus(t, n.signIn(role).post("/admin/users/"+itoa(chai.ID), form), http.StatusForbidden)
	}
	if u := n.stored(t, chai.ID); u.JobTitle != "" || u.PhotoID != 0 || u.Bio != chai.Bio {
		t.Fatalf("a refused member form wrote %+v", u)
	}

	admin := n.signIn(content.RoleAdmin)
	doc := page(t, admin.get("/admin/users/"+itoa(chai.ID)+"?image="+itoa(eddies.ID)))
	if radio := first(doc, "#photo-"+itoa(eddies.ID)); radio == nil || !hasAttr(radio, "checked") {
		t.Fatal("the member's form does not offer the chosen picture")
	}
	if a := first(doc, "a[href=/admin/media/pick?for=member-"+itoa(chai.ID)+"]"); a == nil {
		t.Error("the member's form has no picker coming back to it")
	}
	wantRedirect(t, admin.post("/admin/users/"+itoa(chai.ID), form), "/admin/users?done=user-saved")
	u := n.stored(t, chai.ID)
	if u.JobTitle != "Intern" || u.PhotoID != eddies.ID || u.Bio != "Learns the trade." ||
		!reflect.DeepEqual(u.Links, []content.Link{{URL: "https://chai.example/"}}) {
		t.Errorf("stored %q %d %q %v", u.JobTitle, u.PhotoID, u.Bio, u.Links)
	}
	// The contributor keeps the photo an administrator chose when saving
	// their own profile.
	wantRedirect(t, n.signIn(content.RoleContributor).post("/admin/profile", profileForm(u, map[string]string{
		"photo": itoa(eddies.ID), "job_title": "Intern", "link1": "https://chai.example/",
	})), "/admin/profile?done=profile-saved")

	w := admin.post("/admin/users/"+itoa(chai.ID), url.Values{"name": {chai.Name}, "email": {chai.Email}, "role": {string(chai.Role)},
		"link1": {"ftp://chai.example/"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	if got := fieldError(page(t, w), "link1"); got != members.LinkInvalid {
		t.Errorf("link1: %q", got)
	}
}
