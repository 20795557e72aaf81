package site_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"testing"

	"dateline/internal/content"
	"dateline/internal/web"
)

// withProfile gives Ana a job title, a photo of her own and two links.
func (n *newsroom) withProfile(t *testing.T) (content.User, content.Image) {
	t.Helper()
	ctx := context.Background()
	ana, err := n.st.UserBySlug(ctx, "ana-reyes")
	must(t, err)
	photo := content.Image{Name: "people/ana", Ext: ".jpg", Width: 1200, Height: 1200, Alt: "A portrait in the library",
		Variants: []int{240, 480, 960}, OwnerID: ana.ID}
	must(t, n.st.CreateImage(ctx, &photo))
	ana.JobTitle, ana.PhotoID = "Diplomatic correspondent", photo.ID
	ana.Bio = `Covers diplomacy <b>and</b> "talks".`
	ana.Links = []content.Link{
		{URL: "https://social.example/@ana", Label: "Ana on Social"},
		{URL: `https://www.ana.example.org/?a=1&b="><script>x</script>`},
	}
	must(t, n.st.UpdateUser(ctx, &ana))
	return ana, photo
}

func TestAuthorPageShowsTheProfileAndTheArticles(t *testing.T) {
	n := newNewsroom(t)
	ana, photo := n.withProfile(t)
	rec := n.get(t, "/author/ana-reyes/")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET /author/ana-reyes/ = %d", rec.Code)
	}
	if strings.Contains(rec.Body.String(), "<script>x") || strings.Contains(rec.Body.String(), "<b>and") {
		t.Error("the profile's text reaches the page unescaped")
	}
	doc := parse(t, rec.Body.String())
	if h1 := all(doc, "h1"); len(h1) != 1 || text(h1[0]) != "Ana Reyes" {
		t.Errorf("h1 = %v, want the name alone", texts(h1))
	}
	img := first(doc, "img.profile-photo")
	if img == nil {
		t.Fatal("no photo")
	}
	if attr(img, "alt") != "Ana Reyes" || attr(img, "src") != "/media/people/ana-240.jpg" ||
		!strings.Contains(attr(img, "srcset"), "/media/people/ana-960.jpg 960w") || attr(img, "width") != "1200" {
		t.Errorf("photo: alt %q src %q srcset %q width %q", attr(img, "alt"), attr(img, "src"), attr(img, "srcset"), attr(img, "width"))
	}
	if got := text(first(doc, ".profile-title")); got != "Diplomatic correspondent" {
		t.Errorf("job title = %q", got)
	}
	if got := text(first(doc, ".archive-intro")); got != ana.Bio {
		t.Errorf("biography = %q, want %q", got, ana.Bio)
	}
	var links [][2]string
	for _, a := range all(doc, ".profile-links a") {
		if attr(a, "rel") != "me" {
			t.Errorf("link %q has rel %q, want me", attr(a, "href"), attr(a, "rel"))
		}
		links = append(links, [2]string{attr(a, "href"), text(a)})
	}
	// html/template percent-encodes what may not stand in an address.
	want := [][2]string{{"https://social.example/@ana", "Ana on Social"},
		{"https://www.ana.example.org/?a=1&b=%22%3e%3cscript%3ex%3c/script%3e", "ana.example.org"}}
	if !reflect.DeepEqual(links, want) {
		t.Errorf("links = %q, want %q", links, want)
	}
	if cards := all(doc, ".card-list article"); len(cards) != 5 {
		t.Errorf("%d cards on the first page, want 5 (the site's page size)", len(cards))
	}
	if next := first(doc, ".pagination a.older"); next == nil || attr(next, "href") != "/author/ana-reyes/page/2/" {
		t.Error("no link to the second page of her articles")
	}

	ld := jsonLD(t, doc)
	page := ld["ProfilePage"]
	if page == nil {
		t.Fatalf("no ProfilePage in %v", ld)
	}
	if page["url"] != "https://news.example/author/ana-reyes/" {
		t.Errorf("ProfilePage.url = %v", page["url"])
	}
	b, err := json.Marshal(page["mainEntity"])
	must(t, err)
	var person struct {
		Type        string   `json:"@type"`
		Name        string   `json:"name"`
		URL         string   `json:"url"`
		JobTitle    string   `json:"jobTitle"`
		Description string   `json:"description"`
		Image       string   `json:"image"`
		SameAs      []string `json:"sameAs"`
	}
	must(t, json.Unmarshal(b, &person))
	wantPerson := person
	wantPerson.Type, wantPerson.Name, wantPerson.URL = "Person", "Ana Reyes", "https://news.example/author/ana-reyes/"
	wantPerson.JobTitle, wantPerson.Description = "Diplomatic correspondent", ana.Bio
	wantPerson.Image = "https://news.example/media/people/ana-960.jpg"
	wantPerson.SameAs = []string{ana.Links[0].URL, ana.Links[1].URL}
	if !reflect.DeepEqual(person, wantPerson) {
		t.Errorf("Person = %+v\nwant     %+v", person, wantPerson)
	}

	// The second page carries the profile too, and the tags of the
	// photo, whose picture may change apart from the member.
	if doc := n.page(t, "/author/ana-reyes/page/2/"); first(doc, "img.profile-photo") == nil || len(all(doc, ".card-list article")) == 0 {
		t.Error("the second page lacks the photo or the articles")
	}
	res := httptest.NewRecorder()
	n.srv.Handler().ServeHTTP(res, httptest.NewRequest("GET", "/author/ana-reyes/", nil))
	tags := web.Tags(res.Header())
	for _, tag := range []string{"author:ana-reyes", "media:" + itoa(photo.ID)} {
		if !slices.Contains(tags, tag) {
			t.Errorf("the author page declares %q, not %s", tags, tag)
		}
	}
}

func TestAuthorPageWithoutAProfileOrWhosePhotoIsGone(t *testing.T) {
	n := newNewsroom(t)
	doc := n.page(t, "/author/ana-reyes/")
	if first(doc, "img.profile-photo") != nil || first(doc, ".profile-title") != nil || first(doc, ".profile-links") != nil {
		t.Error("a member without a profile shows one")
	}
	if person := jsonLD(t, doc)["ProfilePage"]["mainEntity"].(map[string]any); person["name"] != "Ana Reyes" ||
		person["image"] != nil || person["sameAs"] != nil || person["jobTitle"] != nil {
		t.Errorf("Person without a profile = %v", person)
	}

	ctx := context.Background()
	ana, _ := n.withProfile(t)
	ana.PhotoID = 99999 // a picture no longer in the library
	must(t, n.st.UpdateUser(ctx, &ana))
	rec := n.get(t, "/author/ana-reyes/")
	if rec.Code != http.StatusOK {
		t.Fatalf("GET with a missing photo = %d", rec.Code)
	}
	doc = parse(t, rec.Body.String())
	if first(doc, "img.profile-photo") != nil || text(first(doc, ".profile-title")) != "Diplomatic correspondent" {
		t.Error("a missing photo is not simply left out")
	}
	if person := jsonLD(t, doc)["ProfilePage"]["mainEntity"].(map[string]any); person["image"] != nil {
		t.Errorf("Person.image = %v for a missing photo", person["image"])
	}
}

// The profile does not open a page for a member who published nothing.
func TestAProfileMakesNoPageForAMemberWithoutPublishedArticles(t *testing.T) {
	n := newNewsroom(t)
	quiet := content.User{Email: "quiet@example.com", Name: "Quiet Desk", Role: content.RoleEditor,
		JobTitle: "Night editor", Links: []content.Link{{URL: "https://quiet.example/"}}}
	must(t, n.st.CreateUser(context.Background(), &quiet))
	if rec := n.get(t, "/author/quiet-desk/"); rec.Code != http.StatusNotFound || strings.Contains(rec.Body.String(), "Night editor") {
		t.Errorf("GET /author/quiet-desk/ = %d, want 404 telling nothing", rec.Code)
	}
}
