package admin

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"dateline/internal/auth"
	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/store"
)

// MediaLibrary stores uploaded pictures; *media.Service is one. It sniffs
// the type, refuses what is not a still JPEG, PNG, WebP or GIF, strips
// metadata and makes the resized copies; a refused upload leaves nothing
// behind.
type MediaLibrary interface {
	Save(ctx context.Context, u media.Upload, body io.Reader) (content.Image, error)
	// SetText changes a picture's alt text, caption and credit, by the
	// upload's rules, and announces the change.
	SetText(ctx context.Context, who content.User, id int64, t media.Text) error
	Limits() media.Limits
}

// Messages of the media pages.
const (
	FileMissing   = "Please choose a picture to upload."
	FileAgain     = "Please choose the file again: browsers do not keep a chosen file when a form comes back."
	ImageNotYours = "Only the member who uploaded this picture, and the editors, may change its words."
)

// uploadMemory is how much of a multipart form is held in memory; the rest
// of a large picture goes to a temporary file that the request removes.
const uploadMemory = 8 << 20

// imageForm is the words that go with a picture, as typed.
type imageForm struct {
	Alt, Caption, Credit string
}

type mediaView struct {
	layout
	Form imageForm
	pictureList
	MaxSize   string
	CanUpload bool
	// Added is the picture just uploaded, shown first with its number.
	Added *content.Image
}

type imageView struct {
	layout
	Image *content.Image
	Form  imageForm
	// UsePath starts a new article with this picture.
	UsePath string
	// Markdown shows the picture inside a story.
	Markdown string
	// CanEdit says whether the member may change the picture's words: their
	// own, or anyone's for editors (auth.CanEditImage).
	CanEdit bool
}

// library lists the media library with the upload form above it.
func (a *Admin) library(w http.ResponseWriter, r *http.Request, m *member) error {
	return a.renderLibrary(w, r, m, http.StatusOK, imageForm{}, nil)
}

func (a *Admin) renderLibrary(w http.ResponseWriter, r *http.Request, m *member, status int, f imageForm, errs content.FieldErrors) error {
	v := mediaView{layout: a.layout(r, m, "Media"), Form: f, CanUpload: a.media != nil}
	v.Errors = errs
	ctx := r.Context()
	var err error
	if v.pictureList, err = a.listPictures(r, "/admin/media/", nil); err != nil {
		return err
	}
	if a.media != nil {
		v.MaxSize = sizeWords(a.media.Limits().MaxBytes)
	}
	if id, err := strconv.ParseInt(r.URL.Query().Get("added"), 10, 64); err == nil && id > 0 {
		if im, err := a.store.ImageByID(ctx, id); err == nil {
			v.Added = &im
			v.Notice = "The picture is in the library as number " + strconv.FormatInt(id, 10) + "."
		}
	}
	return a.render(w, r, status, "media", v)
}

// upload takes a picture into the library from the library's form.
func (a *Admin) upload(w http.ResponseWriter, r *http.Request, m *member) error {
	if a.media == nil {
		return errNotFound()
	}
	if err := a.parseUpload(w, r); err != nil {
		return err
	}
	f := imageForm{Alt: r.PostFormValue("alt"), Caption: r.PostFormValue("caption"), Credit: r.PostFormValue("credit")}
	im, errs, err := a.saveUpload(r, m, "file", f)
	if err != nil {
		return err
	}
	if errs != nil {
		return a.renderLibrary(w, r, m, http.StatusUnprocessableEntity, f, errs)
	}
	return seeOther("/admin/media/?added=" + strconv.FormatInt(im.ID, 10))
}

// parseUpload reads a multipart form of at most one picture and a little
// text; a larger body is refused before it is read to the end.
func (a *Admin) parseUpload(w http.ResponseWriter, r *http.Request) error {
	limit := int64(maxArticleForm)
	if a.media != nil && strings.HasPrefix(r.Header.Get("Content-Type"), "multipart/form-data") {
		limit += a.media.Limits().MaxBytes // room for the picture, in multipart forms only
	}
	r.Body = http.MaxBytesReader(w, r.Body, limit)
	err := r.ParseMultipartForm(uploadMemory)
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		msg := "The form is too large: a story may have at most 1 MB of text"
		if a.media != nil {
			msg += " and a picture at most " + sizeWords(a.media.Limits().MaxBytes)
		}
		return &httpError{Status: http.StatusRequestEntityTooLarge, Message: msg + "."}
	case errors.Is(err, http.ErrNotMultipart):
		return r.ParseForm() // a form without a file input, or an old page
	case err != nil:
		return errBadRequest("The form could not be read. Please try again.")
	}
	return nil
}

// saveUpload stores the picture in the multipart field, with the words in
// f. What the member got wrong comes back as field errors named after the
// form's fields (field for the file, field+"_alt" and so on when field is
// not "file").
func (a *Admin) saveUpload(r *http.Request, m *member, field string, f imageForm) (content.Image, content.FieldErrors, error) {
	if !m.Can(auth.ActUploadMedia) {
		return content.Image{}, nil, errForbidden("")
	}
	name := func(n string) string {
		if field == "file" {
			return n
		}
		return field + "_" + n
	}
	file, header, err := formFile(r, field)
	if err != nil {
		var errs content.FieldErrors
		errs.Add(field, FileMissing)
		if problems := (media.Upload{Alt: f.Alt, Caption: f.Caption, Credit: f.Credit}).Validate(); problems != nil {
			var fe content.FieldErrors
			errors.As(problems, &fe)
			for _, e := range fe {
				errs.Add(name(e.Field), e.Message)
			}
		}
		return content.Image{}, errs, nil
	}
	defer file.Close()
	im, err := a.media.Save(r.Context(), media.Upload{Filename: header.Filename, Alt: f.Alt, Caption: f.Caption, Credit: f.Credit, Owner: m.ID}, file)
	var fe content.FieldErrors
	if errors.As(err, &fe) {
		var errs content.FieldErrors
		for _, e := range fe {
			if e.Field == "file" {
				errs.Add(field, e.Message)
			} else {
				errs.Add(name(e.Field), e.Message)
			}
		}
		if errs.For(field) == "" {
			errs.Add(field, FileAgain)
		}
		return content.Image{}, errs, nil
	}
	if err != nil {
		return content.Image{}, nil, err
	}
	a.log.Info("image uploaded", slog.Int64("image", im.ID), slog.String("name", im.Name+im.Ext), slog.Int64("by", m.ID))
	return im, nil, nil
}

// hasFile reports whether the multipart form carries a file in field; a
// file input left empty sends a part without a name or content.
func hasFile(r *http.Request, field string) bool {
	if r.MultipartForm == nil {
		return false
	}
	files := r.MultipartForm.File[field]
	return len(files) > 0 && (files[0].Size > 0 || files[0].Filename != "")
}

// formFile opens the file in field.
func formFile(r *http.Request, field string) (multipart.File, *multipart.FileHeader, error) {
	if !hasFile(r, field) {
		return nil, nil, http.ErrMissingFile
	}
	files := r.MultipartForm.File[field]
	f, err := files[0].Open()
	return f, files[0], err
}

// image shows one picture with its words for editing.
func (a *Admin) image(w http.ResponseWriter, r *http.Request, m *member) error {
	im, err := a.imageOfPath(r)
	if err != nil {
		return err
	}
	return a.render(w, r, http.StatusOK, "image", a.imageView(r, m, im, imageForm{Alt: im.Alt, Caption: im.Caption, Credit: im.Credit}))
}

func (a *Admin) imageView(r *http.Request, m *member, im content.Image, f imageForm) imageView {
	return imageView{layout: a.layout(r, m, "Picture "+strconv.FormatInt(im.ID, 10)), Image: &im, Form: f,
		UsePath:  "/admin/articles/new?image=" + strconv.FormatInt(im.ID, 10),
		Markdown: markdownImage(im), CanEdit: a.media != nil && auth.CanEditImage(m.User, im)}
}

// saveImage changes a picture's alt text, caption and credit through the
// media library; pages using it show the new words at once. Its uploader
// and the editors may; anyone else is refused before the form is read.
func (a *Admin) saveImage(w http.ResponseWriter, r *http.Request, m *member) error {
	if a.media == nil {
		return errNotFound()
	}
	im, err := a.imageOfPath(r)
	if err != nil {
		return err
	}
	if !auth.CanEditImage(m.User, im) {
		return errForbidden(ImageNotYours)
	}
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		return errBadRequest("The form is too large.")
	}
	t := media.Text{Alt: r.PostFormValue("alt"), Caption: r.PostFormValue("caption"), Credit: r.PostFormValue("credit")}
	err = a.media.SetText(r.Context(), m.User, im.ID, t)
	var problems content.FieldErrors
	switch {
	case errors.As(err, &problems):
		t = t.Clean() // the words as they would have been kept
		v := a.imageView(r, m, im, imageForm{Alt: t.Alt, Caption: t.Caption, Credit: t.Credit})
		v.Errors = problems
		return a.render(w, r, http.StatusUnprocessableEntity, "image", v)
	case errors.Is(err, media.ErrForbidden):
		return errForbidden("")
	case errors.Is(err, store.ErrNotFound):
		return errNotFound()
	case err != nil:
		return err
	}
	return seeOther(fmt.Sprintf("/admin/media/%d?done=image-saved", im.ID))
}

func (a *Admin) imageOfPath(r *http.Request) (content.Image, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return content.Image{}, err
	}
	im, err := a.store.ImageByID(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		return im, errNotFound()
	}
	return im, err
}

// sizeWords says a number of bytes the way people say it: "20 MB".
func sizeWords(n int64) string {
	switch {
	case n >= 1<<20:
		return strconv.FormatInt(n>>20, 10) + " MB"
	case n >= 1<<10:
		return strconv.FormatInt(n>>10, 10) + " KB"
	}
	return strconv.FormatInt(n, 10) + " bytes"
}

// editorPictures is how many of the newest pictures the editor offers
// before a search of the library (the picture picker) is needed.
const editorPictures = 8

// pictureChoices are the pictures the editor offers: the newest of the
// library, and the chosen one wherever it is.
func (a *Admin) pictureChoices(ctx context.Context, chosen string) ([]content.Image, error) {
	list, err := a.store.Images(ctx, store.ImageQuery{Limit: editorPictures})
	if err != nil {
		return nil, err
	}
	id, _ := strconv.ParseInt(chosen, 10, 64)
	if id <= 0 {
		return list, nil
	}
	for _, im := range list {
		if im.ID == id {
			return list, nil
		}
	}
	im, err := a.store.ImageByID(ctx, id)
	switch {
	case errors.Is(err, store.ErrNotFound):
		return list, nil // the editor says so next to the field
	case err != nil:
		return nil, err
	}
	return append([]content.Image{im}, list...), nil
}

// uploadWithArticle stores a picture sent with the editor's form and makes
// it the article's picture. Nothing is stored when no file was sent, and
// the words typed for a picture without a file are kept for the next try.
func (a *Admin) uploadWithArticle(r *http.Request, m *member, f *articleForm) (content.FieldErrors, error) {
	if !hasFile(r, "image_file") {
		return nil, nil
	}
	if a.media == nil {
		return nil, errNotFound()
	}
	im, errs, err := a.saveUpload(r, m, "image_file", f.Upload)
	if err != nil || errs != nil {
		return renameUploadErrors(errs), err
	}
	f.ImageID, f.Upload = strconv.FormatInt(im.ID, 10), imageForm{}
	return nil, nil
}

// renameUploadErrors names the editor's fields: "image_file_alt" is the
// editor's "image_alt".
func renameUploadErrors(errs content.FieldErrors) content.FieldErrors {
	for i, e := range errs {
		errs[i].Field = strings.Replace(e.Field, "image_file_", "image_", 1)
	}
	return errs
}

// markdownImage is the Markdown that shows im inside a story, its alt
// text escaped so that brackets in it cannot end the image early.
func markdownImage(im content.Image) string {
	alt := strings.NewReplacer(`\`, `\\`, "[", `\[`, "]", `\]`).Replace(im.Alt)
	return "![" + alt + "](" + im.VariantURL(1024) + ")"
}
