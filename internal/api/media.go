package api

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/search"
	"dateline/internal/store"
)

// Media is an uploaded picture with its resized copies.
type Media struct {
	ID       int64     `json:"id"`
	URL      string    `json:"url"`
	Width    int       `json:"width"`
	Height   int       `json:"height"`
	Alt      string    `json:"alt"`
	Caption  string    `json:"caption"`
	Credit   string    `json:"credit"`
	SrcSet   string    `json:"srcset"`
	OwnerID  *int64    `json:"owner_id"` // null: a picture from before pictures had owners
	Variants []Variant `json:"variants"`
}

// Variant is one resized copy of a picture.
type Variant struct {
	Width int    `json:"width"`
	URL   string `json:"url"`
}

func (a *API) media(im content.Image, at siteURLs) Media {
	out := Media{ID: im.ID, URL: at.abs(im.URL()), Width: im.Width, Height: im.Height,
		Alt: im.Alt, Caption: im.Caption, Credit: im.Credit, Variants: []Variant{}}
	if im.OwnerID != 0 {
		out.OwnerID = &im.OwnerID
	}
	srcset := ""
	for _, w := range im.Variants {
		if w >= im.Width {
			continue
		}
		v := Variant{Width: w, URL: at.abs(im.VariantURL(w))}
		out.Variants = append(out.Variants, v)
		srcset += fmt.Sprintf("%s %dw, ", v.URL, w)
	}
	out.SrcSet = srcset + fmt.Sprintf("%s %dw", out.URL, im.Width)
	return out
}

// multipartRoom is what the form's framing and its small text fields may
// add to the largest image allowed.
const multipartRoom = 1 << 20

// maxTextPart bounds alt, caption and credit as sent; the media library's
// own limits are far lower and say so in words.
const maxTextPart = 16 << 10

// uploadMedia answers POST /api/v1/media: a multipart form with the
// picture in "file" and its alt, caption and credit. The media library
// sniffs the type, refuses what is not a still JPEG, PNG, WebP or GIF, and
// leaves nothing behind when it refuses.
func (a *API) uploadMedia(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.mediaLib == nil {
		return unavailable("Uploads")
	}
	// Refuse before reading a byte of what may be a large body.
	if !auth.Can(who.Role, auth.ActUploadMedia) {
		return forbidden("You may not upload images; ask an author or an editor.")
	}
	maxFile := a.mediaLib.Limits().MaxBytes
	r.Body = http.MaxBytesReader(w, r.Body, maxFile+multipartRoom)
	parts, err := r.MultipartReader()
	if err != nil {
		return &Error{Status: http.StatusUnsupportedMediaType, Code: "unsupported_media_type", Field: "file",
			Message: `Send the image as multipart/form-data, in the field "file".`}
	}
	up, data, err := readUpload(parts, maxFile)
	if err != nil {
		return err
	}
	up.Owner = who.ID
	// Read before the picture is saved, so that a failure leaves nothing.
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	im, err := a.mediaLib.Save(r.Context(), up, bytes.NewReader(data))
	if err != nil {
		return err
	}
	w.Header().Set("Location", at.abs(im.URL()))
	return writeJSON(w, http.StatusCreated, a.media(im, at))
}

// mediaInput is the body of PATCH /api/v1/media/{id}.
type mediaInput struct {
	Alt     *string `json:"alt"`
	Caption *string `json:"caption"`
	Credit  *string `json:"credit"`
}

var noMedia = &Error{Status: http.StatusNotFound, Code: "not_found", Message: "There is no picture with this id."}

// patchMedia answers PATCH /api/v1/media/{id}: new alt text, caption or
// credit, by the rules for articles (auth.CanEditImage: the uploader, or
// an editor); fields not sent keep their value.
func (a *API) patchMedia(w http.ResponseWriter, r *http.Request, who content.User) error {
	if a.mediaLib == nil {
		return unavailable("Uploads")
	}
	ctx := r.Context()
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id < 1 {
		return noMedia
	}
	// The member and the picture are checked before the body is read.
	im, err := a.store.ImageByID(ctx, id)
	if err != nil {
		return notFoundAs(err, noMedia)
	}
	if !auth.CanEditImage(who, im) {
		return forbidden(imageNotYours)
	}
	var in mediaInput
	sent, err := readJSON(w, r, &in)
	if err != nil {
		return err
	}
	if len(sent) == 0 {
		return &Error{Status: http.StatusBadRequest, Code: "nothing_to_change", Message: `Send "alt", "caption", "credit" or any of them.`}
	}
	t := media.Text{Alt: im.Alt, Caption: im.Caption, Credit: im.Credit}
	if sent["alt"] {
		t.Alt = deref(in.Alt)
	}
	if sent["caption"] {
		t.Caption = deref(in.Caption)
	}
	if sent["credit"] {
		t.Credit = deref(in.Credit)
	}
	if err := a.mediaLib.SetText(ctx, who, id, t); errors.Is(err, media.ErrForbidden) {
		return forbidden(imageNotYours)
	} else if err != nil {
		return notFoundAs(err, noMedia)
	}
	if im, err = a.store.ImageByID(ctx, id); err != nil {
		return err
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, a.media(im, at))
}

const imageNotYours = "Only the member who uploaded this picture, and editors, may change its words."

// readUpload reads the form's parts: the file (at most maxFile bytes) and
// the words that go with it.
func readUpload(parts *multipart.Reader, maxFile int64) (media.Upload, []byte, error) {
	var (
		up   media.Upload
		data []byte
		seen = map[string]bool{}
	)
	for {
		p, err := parts.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return up, nil, partProblem(err)
		}
		name := p.FormName()
		if seen[name] {
			return up, nil, badField(name, fmt.Sprintf("The form has the field %q twice; send it once.", name))
		}
		seen[name] = true
		switch name {
		case "file":
			up.Filename = p.FileName()
			data, err = io.ReadAll(io.LimitReader(p, maxFile+1))
			if err != nil {
				return up, nil, partProblem(err)
			}
			if int64(len(data)) > maxFile {
				return up, nil, &Error{Status: http.StatusRequestEntityTooLarge, Code: "too_large", Field: "file",
					Message: "The image is larger than " + sizeWords(maxFile) + "."}
			}
		case "alt", "caption", "credit":
			text, err := io.ReadAll(io.LimitReader(p, maxTextPart+1))
			if err != nil {
				return up, nil, partProblem(err)
			}
			if len(text) > maxTextPart {
				return up, nil, badField(name, name+" is far too long.")
			}
			switch name {
			case "alt":
				up.Alt = string(text)
			case "caption":
				up.Caption = string(text)
			default:
				up.Credit = string(text)
			}
		default:
			return up, nil, &Error{Status: http.StatusBadRequest, Code: "unknown_field", Field: name,
				Message: strconv.Quote(name) + ` is not a field of an upload; it takes "file", "alt", "caption" and "credit".`}
		}
	}
	if !seen["file"] {
		return up, nil, badField("file", `Choose an image to upload, in the field "file".`)
	}
	return up, data, nil
}

func partProblem(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return tooLarge(tooBig.Limit)
	}
	return &Error{Status: http.StatusBadRequest, Code: "malformed_multipart", Message: "The upload is not a complete multipart form."}
}

// listMedia answers GET /api/v1/media: the media library newest first, a
// page at a time from an opaque cursor (keyset paging, as the newsroom's
// picture picker pages), searched with q in the pictures' alt text,
// caption and file name. Any member may list it: any member who writes
// may give an article any picture of the library (image_id).
func (a *API) listMedia(w http.ResponseWriter, r *http.Request, _ content.User) error {
	v := r.URL.Query()
	limit, err := readLimit(v)
	if err != nil {
		return err
	}
	before, err := decodeMediaCursor(v.Get("cursor"))
	if err != nil {
		return err
	}
	text := strings.TrimSpace(v.Get("q"))
	switch {
	case !utf8.ValidString(text) || utf8.RuneCountInString(text) > search.MaxImageQuery:
		return badField("q", fmt.Sprintf("q must be at most %d characters of text.", search.MaxImageQuery))
	case text != "" && len(search.ImageTerms(text)) == 0:
		return badField("q", fmt.Sprintf("q needs a word of at least %d letters: pictures are found by the words of their alt text, caption and file name.", search.MinImageTerm))
	}
	list, err := a.store.Images(r.Context(), store.ImageQuery{Text: text, Before: before, Limit: limit + 1})
	if err != nil {
		return err
	}
	out := page[Media]{Items: []Media{}}
	if len(list) > limit {
		list = list[:limit]
		out.NextCursor = base64.RawURLEncoding.EncodeToString(fmt.Appendf(nil, "m%d", list[limit-1].ID))
	}
	at, err := a.zone(r)
	if err != nil {
		return err
	}
	for _, im := range list {
		out.Items = append(out.Items, a.media(im, at))
	}
	return writeJSON(w, http.StatusOK, out)
}

// decodeMediaCursor reads a cursor of listMedia: "m<id>", base64url, the
// last picture of the page before; "" is the first page.
func decodeMediaCursor(raw string) (int64, error) {
	if raw == "" {
		return 0, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(raw)
	if err == nil && len(b) > 1 && b[0] == 'm' {
		if id, err := strconv.ParseInt(string(b[1:]), 10, 64); err == nil && id > 0 {
			return id, nil
		}
	}
	return 0, badField("cursor", "cursor is not one this API gave out.")
}
