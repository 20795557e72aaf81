package api_test

import (
	"context"
	"reflect"
	"testing"

	"dateline/internal/api"
	"dateline/internal/content"
)

// giveProfile gives member a job title, links and a photo of their own.
func (d *desk) giveProfile(t *testing.T, member content.User) (content.User, content.Image) {
	t.Helper()
	ctx := context.Background()
	photo := content.Image{Name: "people/" + member.Slug, Ext: ".jpg", Width: 600, Height: 600, Alt: "Portrait", OwnerID: member.ID}
	must(t, d.st.CreateImage(ctx, &photo))
	u, err := d.st.UserByID(ctx, member.ID)
	must(t, err)
	u.Bio, u.JobTitle, u.PhotoID = "Covers the river.", "River correspondent", photo.ID
	u.Links = []content.Link{{URL: "https://social.example/@them", Label: "On Social"}, {URL: "https://www.them.example/"}}
	must(t, d.st.UpdateUser(ctx, &u))
	return u, photo
}

func TestTheAuthorsListCarriesTheirProfiles(t *testing.T) {
	d := newDesk(t)
	author := d.members["author"]
	d.article(t, author, content.StatusPublished)
	u, photo := d.giveProfile(t, author)
	list := decode[struct{ Items []api.Person }](t, d.call(t, "GET", "/api/v1/authors", "", nil))
	if len(list.Items) != 1 {
		t.Fatalf("authors = %+v, want the one who published", list.Items)
	}
	got := list.Items[0]
	want := api.Person{ID: u.ID, Name: u.Name, Slug: u.Slug, URL: got.URL, Bio: "Covers the river.", JobTitle: "River correspondent",
		Photo: &api.Image{ID: photo.ID, URL: "https://news.example/media/" + photo.Name + ".jpg", Width: 600, Height: 600, Alt: "Portrait"},
		Links: []api.Link{{URL: "https://social.example/@them", Label: "On Social"}, {URL: "https://www.them.example/", Label: "them.example"}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("author = %+v\nwant     %+v", got, want)
	}

	// A photo whose picture is gone is left out.
	u.PhotoID = 99999
	must(t, d.st.UpdateUser(context.Background(), &u))
	list = decode[struct{ Items []api.Person }](t, d.call(t, "GET", "/api/v1/authors", "", nil))
	if len(list.Items) != 1 || list.Items[0].Photo != nil || list.Items[0].JobTitle != "River correspondent" {
		t.Errorf("with a missing photo: %+v", list.Items)
	}
}
