package admin

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/content"
	"dateline/internal/members"
	"dateline/internal/store"
)

// profileFields are the fields of a member's public profile, the author
// page's, in the profile form and in an administrator's member form: the
// biography, the job title, the photo and the links.
type profileFields struct {
	Bio, JobTitle string
	// Photo is the chosen picture's number as the form holds it, "" for
	// none; Photos are the pictures offered: the one the member has and
	// the one just chosen in the picture picker.
	Photo      string
	Photos     []content.Image
	PickerPath string
	Links      []linkRow
}

// linkRow is one of the form's members.MaxLinks rows of links, named
// link1 and link1_label (the fields members' refusals name).
type linkRow struct {
	Field, URL, Label string
	N                 int
}

// profileOf is u's profile as the form shows it, with the picker coming
// back to back.
func profileOf(u content.User, back string) profileFields {
	p := profileFields{Bio: u.Bio, JobTitle: u.JobTitle, PickerPath: "/admin/media/pick?for=" + back}
	if u.PhotoID != 0 {
		p.Photo = strconv.FormatInt(u.PhotoID, 10)
	}
	p.Links = linkRows(u.Links)
	return p
}

func linkRows(links []content.Link) []linkRow {
	rows := make([]linkRow, members.MaxLinks)
	for i := range rows {
		rows[i] = linkRow{Field: members.LinkField(i), N: i + 1}
		if i < len(links) {
			rows[i].URL, rows[i].Label = links[i].URL, links[i].Label
		}
	}
	return rows
}

// readProfile takes the posted profile into p and d. A photo that is not
// a number is no picture of the library, which members.Update says.
func readProfile(r *http.Request, p *profileFields, d *members.Details) {
	p.Bio = strings.TrimSpace(r.PostFormValue("bio"))
	p.JobTitle = strings.TrimSpace(r.PostFormValue("job_title"))
	p.Photo = strings.TrimSpace(r.PostFormValue("photo"))
	d.Bio, d.JobTitle, d.PhotoID = p.Bio, p.JobTitle, 0
	if p.Photo != "" {
		id, err := strconv.ParseInt(p.Photo, 10, 64)
		if err != nil || id <= 0 {
			id = -1
		}
		d.PhotoID = id
	}
	d.Links = nil
	for i := range p.Links {
		row := &p.Links[i]
		row.URL = r.PostFormValue(row.Field)
		row.Label = r.PostFormValue(row.Field + "_label")
		d.Links = append(d.Links, content.Link{URL: row.URL, Label: row.Label})
	}
}

// chosenPhoto takes the picture of ?image= (the picture picker's choice)
// into the form and says that it is not saved yet.
func chosenPhoto(r *http.Request, p *profileFields) string {
	id, err := strconv.ParseInt(r.URL.Query().Get("image"), 10, 64)
	if err != nil || id <= 0 {
		return ""
	}
	p.Photo = strconv.FormatInt(id, 10)
	return "Picture No. " + p.Photo + " is chosen: save to keep it as the photo."
}

// offerPhotos fills p.Photos with the member's photo now and the one the
// form holds, when they are in the library.
func (a *Admin) offerPhotos(ctx context.Context, p *profileFields, current int64) error {
	p.Photos = nil
	seen := map[int64]bool{}
	for _, raw := range []string{p.Photo, strconv.FormatInt(current, 10)} {
		id, err := strconv.ParseInt(raw, 10, 64)
		if err != nil || id <= 0 || seen[id] {
			continue
		}
		seen[id] = true
		im, err := a.store.ImageByID(ctx, id)
		if errors.Is(err, store.ErrNotFound) {
			continue // the form says so next to the field
		}
		if err != nil {
			return err
		}
		p.Photos = append(p.Photos, im)
	}
	return nil
}
