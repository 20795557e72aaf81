package site

import (
	"context"
	"errors"
	"net/http"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/store"
)

// authorProfile is what an author page shows of its member above their
// articles: the photo, job title and links beside the name and biography
// the archive prints.
type authorProfile struct {
	Photo    *picture
	JobTitle string
	Links    []profileLink

	user    content.User
	photoID int64 // the picture shown, 0 for none
}

// profileLink is a link of the member's own pages, printed as rel="me":
// only http and https addresses are stored (members.Details).
type profileLink struct {
	URL, Text string
}

func (s *Site) author(w http.ResponseWriter, r *http.Request) error {
	// Only a member with a published post has an archive: the address does
	// not tell who else works in the newsroom.
	u, err := s.store.AuthorBySlug(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	p, err := s.authorProfile(r.Context(), u)
	if err != nil {
		return err
	}
	return s.archive(w, r, archiveSpec{
		kind: "Author", heading: u.Name, intro: u.Bio, base: u.Path(),
		list: changes.Author(u.Slug), query: store.ArticleQuery{AuthorID: u.ID}, profile: p,
	})
}

// authorProfile reads the photo of u. A photo whose picture is no longer
// in the library shows as none, and the page is still whole.
func (s *Site) authorProfile(ctx context.Context, u content.User) (*authorProfile, error) {
	p := &authorProfile{JobTitle: u.JobTitle, user: u}
	for _, l := range u.Links {
		p.Links = append(p.Links, profileLink{URL: l.URL, Text: l.Text()})
	}
	if u.PhotoID == 0 {
		return p, nil
	}
	im, err := s.store.ImageByID(ctx, u.PhotoID)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return p, nil
	case err != nil:
		return nil, err
	}
	p.Photo, p.photoID = newPicture(&im), im.ID
	p.Photo.Alt = u.Name // the picture shows the member, whatever the library says of it
	return p, nil
}

// tags are the profile's own dependency tags beside the archive's
// author:SLUG, which every change of the member names: the picture, whose
// words or files may change apart from the member.
func (p *authorProfile) tags() []string {
	if p == nil || p.photoID == 0 {
		return nil
	}
	return []string{changes.Media(p.photoID)}
}

// profileLD describes an author page as a ProfilePage about a Person:
// their name, page, job title, biography, photo and links (sameAs).
func (s *Site) profileLD(d siteData, p *authorProfile, canonical string) []any {
	person := map[string]any{
		"@type": "Person",
		"name":  p.user.Name,
		"url":   s.absolute(d, p.user.Path()),
	}
	if p.JobTitle != "" {
		person["jobTitle"] = p.JobTitle
	}
	if p.user.Bio != "" {
		person["description"] = p.user.Bio
	}
	if p.Photo != nil {
		person["image"] = s.absolute(d, p.Photo.Large)
	}
	if len(p.Links) > 0 {
		same := make([]string, len(p.Links))
		for i, l := range p.Links {
			same[i] = l.URL
		}
		person["sameAs"] = same
	}
	return []any{map[string]any{
		"@context":   "https://schema.org",
		"@type":      "ProfilePage",
		"url":        canonical,
		"mainEntity": person,
	}}
}
