package members

import (
	"context"
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/store"
)

// Limits on a member's public profile, beside MaxBio.
const (
	MaxJobTitle  = 100 // characters
	MaxLinks     = 5
	MaxLinkURL   = 500 // bytes
	MaxLinkLabel = 100 // characters
)

// Messages of a refused profile, written for whoever asked. A link's
// problems are told for the field "linkN" (its address) or "linkN_label"
// (its label), N counting the links from 1 as they were given.
const (
	JobTitleTooLong  = "The job title is too long (at most 100 characters)."
	TooManyLinks     = "Give at most 5 links."
	LinkInvalid      = "Please enter a full address starting with https:// or http://, such as https://example.com/you."
	LinkTooLong      = "The address is too long (at most 500 characters)."
	LinkNeedsURL     = "Please enter the address this label is for, or clear the label."
	LinkLabelTooLong = "The label is too long (at most 100 characters)."
	PhotoMissing     = "That picture is not in the media library. Please choose another."
	PhotoNotYours    = "You may use as a photo only a picture you uploaded yourself. An editor can use any picture of the library."
)

// DetailsOf is what u has now, for a caller that changes some of it and
// keeps the rest.
func DetailsOf(u content.User) Details {
	return Details{Name: u.Name, Email: u.Email, Role: u.Role, Bio: u.Bio,
		JobTitle: u.JobTitle, PhotoID: u.PhotoID, Links: u.Links}
}

// LinkField is the field a problem with the link at index i (from 0) is
// told for: "link1" for the first.
func LinkField(i int) string { return "link" + strconv.Itoa(i+1) }

// cleanLinks trims each link and drops those with neither an address nor
// a label, keeping the order.
func cleanLinks(links []content.Link) []content.Link {
	var out []content.Link
	for _, l := range links {
		l = content.Link{URL: clean(l.URL), Label: clean(l.Label)}
		if l.URL != "" || l.Label != "" {
			out = append(out, l)
		}
	}
	return out
}

// profileProblems checks the job title and the links, which need no
// store. The links are checked as given, blank ones skipped, so that a
// problem names the link where it was typed.
func profileProblems(errs *content.FieldErrors, d Details) {
	if utf8.RuneCountInString(d.JobTitle) > MaxJobTitle {
		errs.Add("job_title", JobTitleTooLong)
	}
	if len(cleanLinks(d.Links)) > MaxLinks {
		errs.Add("links", TooManyLinks)
		return
	}
	for i, l := range d.Links {
		url, label := clean(l.URL), clean(l.Label)
		switch {
		case url == "" && label == "":
			continue
		case url == "":
			errs.Add(LinkField(i), LinkNeedsURL)
		case len(url) > MaxLinkURL:
			errs.Add(LinkField(i), LinkTooLong)
		case !webAddress(url):
			errs.Add(LinkField(i), LinkInvalid)
		}
		if utf8.RuneCountInString(label) > MaxLinkLabel {
			errs.Add(LinkField(i)+"_label", LinkLabelTooLong)
		}
	}
}

// webAddress reports whether s is an absolute http or https address with
// a host: the only links an author page prints, so that none runs script
// or opens another program.
func webAddress(s string) bool {
	if strings.ContainsAny(s, " \t\r\n\\") {
		return false
	}
	u, err := url.Parse(s)
	if err != nil || u.Opaque != "" || u.Hostname() == "" {
		return false
	}
	scheme := strings.ToLower(u.Scheme)
	return scheme == "https" || scheme == "http"
}

// photoProblem says why who may not make picture id the photo of a
// member whose photo is now cur: "" when they may. Keeping the photo one
// has needs no check, whoever chose it.
func (s *Service) photoProblem(ctx context.Context, who content.User, id, cur int64) (string, error) {
	if id == 0 || id == cur {
		return "", nil
	}
	if id < 0 {
		return PhotoMissing, nil
	}
	im, err := s.store.ImageByID(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		return PhotoMissing, nil
	}
	if err != nil {
		return "", err
	}
	if !auth.CanUseAsPhoto(who, im) {
		return PhotoNotYours, nil
	}
	return "", nil
}
