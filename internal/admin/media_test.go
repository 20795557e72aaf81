package admin_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"io/fs"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"

	"dateline/internal/admin"
	"dateline/internal/content"
	"dateline/internal/media"
)

// withMedia connects a media library in a temporary folder and returns
// the folder.
func withMedia(t *testing.T, limits media.Limits) (option, string) {
	dir := t.TempDir()
	return func(c *admin.Config) {
		c.Media = media.New(media.Config{Store: c.Store, Storage: media.Dir(dir), Limits: limits, Widths: []int{320}})
	}, dir
}

// photo is a real PNG of w × h pixels.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 120, 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// file is one file part of a multipart form.
type file struct {
	field, name string
	data        []byte
}

// postMultipart sends a form with files, as a browser does for a form with
// enctype="multipart/form-data".
func (b *browser) postMultipart(path string, form url.Values, files ...file) *httptest.ResponseRecorder {
	b.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range form {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	for _, f := range files {
		part, err := mw.CreateFormFile(f.field, f.name)
		if err != nil {
			b.t.Fatal(err)
		}
		part.Write(f.data)
	}
	mw.Close()
	r := httptest.NewRequest("POST", "https://news.example"+path, &body)
	r.Header.Set("Content-Type", mw.FormDataContentType())
	r.Header.Set("Sec-Fetch-Site", "same-origin")
	return b.do(r)
}

// stored lists the files in the media folder.
func stored(t *testing.T, dir string) []string {
	t.Helper()
	var names []string
	err := fs.WalkDir(os.DirFS(dir), ".", func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, p)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return names
}

func imageCount(t *testing.T, n *room) int {
	t.Helper()
	c, err := n.st.CountImages(context.Background())
	must(t, err)
	return c
}

func TestUploadToLibrary(t *testing.T) {
	opt, dir := withMedia(t, media.Limits{})
	n := newNewsroom(t, opt)
	b := n.signIn(content.RoleAuthor)

	w := b.postMultipart("/admin/media/", url.Values{"alt": {"Boats on the Chao Phraya"}, "caption": {"Morning traffic"}, "credit": {"Ana Reyes"}},
		file{"file", "river.png", photo(t, 640, 400)})
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/media/?added=") {
		t.Fatalf("upload: %d to %q\n%s", w.Code, w.Header().Get("Location"), w.Body)
	}
	id := strings.TrimPrefix(w.Header().Get("Location"), "/admin/media/?added=")
	doc := page(t, b.get(w.Header().Get("Location")))
	if got := text(first(doc, ".notice")); !strings.Contains(got, "number "+id) {
		t.Errorf("notice = %q, want the picture's number %s", got, id)
	}
	added := first(doc, ".media-grid li.added")
	if added == nil || attr(first(added, "img"), "alt") != "Boats on the Chao Phraya" || !strings.Contains(text(added), "Ana Reyes") {
		t.Fatalf("the library does not show the new picture first with its words")
	}
	if files := stored(t, dir); len(files) != 5 { // the picture, its 320-pixel copy and three crops
		t.Errorf("files stored = %v, want the picture, one copy and the 16:9, 4:3 and 1:1 crops", files)
	}
	checkLabels(t, page(t, b.get("/admin/media/")))
}

func TestUploadRefusedLeavesNothing(t *testing.T) {
	opt, dir := withMedia(t, media.Limits{})
	n := newNewsroom(t, opt)
	b := n.signIn(content.RoleAuthor)
	svg := []byte(`<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>`)
	for _, c := range []struct {
		name      string
		form      url.Values
		files     []file
		field     string
		message   string
		keepField string
	}{
		{"no alt text", url.Values{"caption": {"Kept caption"}}, []file{{"file", "a.png", photo(t, 50, 50)}}, "alt", media.AltMissing, "caption"},
		{"svg with script", url.Values{"alt": {"A drawing"}}, []file{{"file", "drawing.svg", svg}}, "file", media.FileNotImage, "alt"},
		{"html named .jpg", url.Values{"alt": {"A page"}}, []file{{"file", "photo.jpg", []byte("<!doctype html><script>alert(1)</script>")}}, "file", media.FileNotImage, "alt"},
		{"truncated png", url.Values{"alt": {"Half"}}, []file{{"file", "half.png", photo(t, 64, 64)[:100]}}, "file", media.FileDamaged, "alt"},
		{"no file", url.Values{"alt": {"Nothing"}}, nil, "file", admin.FileMissing, "alt"},
	} {
		t.Run(c.name, func(t *testing.T) {
			w := b.postMultipart("/admin/media/", c.form, c.files...)
			wantStatus(t, w, http.StatusUnprocessableEntity)
			doc := page(t, w)
			if got := fieldError(doc, c.field); got != c.message {
				t.Errorf("%s error = %q, want %q", c.field, got, c.message)
			}
			if got := value(doc, c.keepField); got != c.form.Get(c.keepField) {
				t.Errorf("%s = %q, want what was typed: %q", c.keepField, got, c.form.Get(c.keepField))
			}
		})
	}
	if n := imageCount(t, n); n != 0 {
		t.Errorf("%d images recorded after refused uploads", n)
	}
	if files := stored(t, dir); len(files) != 0 {
		t.Errorf("refused uploads left files: %v", files)
	}
}

func TestUploadTooLarge(t *testing.T) {
	opt, _ := withMedia(t, media.Limits{MaxBytes: 1 << 10})
	n := newNewsroom(t, opt)
	b := n.signIn(content.RoleEditor)
	w := b.postMultipart("/admin/media/", url.Values{"alt": {"Huge"}}, file{"file", "big.png", bytes.Repeat([]byte{0}, 4<<20)})
	wantStatus(t, w, http.StatusRequestEntityTooLarge)
	if !strings.Contains(w.Body.String(), "a picture at most 1 KB") {
		t.Errorf("the refusal does not state the limit:\n%s", w.Body)
	}
	if n := imageCount(t, n); n != 0 {
		t.Errorf("%d images recorded", n)
	}
}

func TestMediaRoles(t *testing.T) {
	opt, _ := withMedia(t, media.Limits{})
	n := newNewsroom(t, opt)
	contributor := n.signIn(content.RoleContributor)
	wantStatus(t, contributor.get("/admin/media/"), http.StatusForbidden)
	wantStatus(t, contributor.postMultipart("/admin/media/", url.Values{"alt": {"x"}}, file{"file", "a.png", photo(t, 8, 8)}), http.StatusForbidden)
	// Nor through the editor's form.
	w := contributor.postMultipart("/admin/articles/new", n.storyForm("Sneaky picture"), file{"image_file", "a.png", photo(t, 8, 8)})
	wantStatus(t, w, http.StatusForbidden)
	if n := imageCount(t, n); n != 0 {
		t.Errorf("a contributor stored %d images", n)
	}
	// The contributor's editor offers no upload.
	if first(page(t, contributor.get("/admin/articles/new")), "#image_file") != nil {
		t.Error("the contributor's editor offers an upload")
	}
	signedOut := n.browser()
	w = signedOut.get("/admin/media/")
	if w.Code != http.StatusSeeOther || !strings.HasPrefix(w.Header().Get("Location"), "/admin/login") {
		t.Errorf("signed out: %d to %q, want the sign-in page", w.Code, w.Header().Get("Location"))
	}
	for _, role := range []content.Role{content.RoleAuthor, content.RoleEditor, content.RoleAdmin} {
		wantStatus(t, n.signIn(role).get("/admin/media/"), http.StatusOK)
	}
}

func TestEditorUploadsPicture(t *testing.T) {
	opt, _ := withMedia(t, media.Limits{})
	n := newNewsroom(t, opt)
	b := n.signIn(content.RoleAuthor)
	doc := page(t, b.get("/admin/articles/new"))
	if attr(first(doc, "#article-form"), "enctype") != "multipart/form-data" || first(doc, "#image_file") == nil {
		t.Fatal("the author's editor has no picture upload")
	}

	// A picture without alt text: nothing is saved, and what was typed stays.
	form := n.storyForm("Rice farmers count the cost")
	form.Set("image_caption", "Fields near Ayutthaya")
	w := b.postMultipart("/admin/articles/new", form, file{"image_file", "fields.png", photo(t, 400, 300)})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc = page(t, w)
	if got := fieldError(doc, "image_alt"); got != media.AltMissing {
		t.Errorf("image_alt error = %q", got)
	}
	if value(doc, "title") != "Rice farmers count the cost" || value(doc, "image_caption") != "Fields near Ayutthaya" {
		t.Error("the refused form lost what was typed")
	}
	if n := imageCount(t, n); n != 0 {
		t.Fatalf("%d images stored from a refused form", n)
	}

	form.Set("image_alt", "Flooded rice fields")
	w = b.postMultipart("/admin/articles/new", form, file{"image_file", "fields.png", photo(t, 400, 300)})
	id := articleID(t, w)
	art := n.article(t, id)
	if art.Image == nil || art.Image.Alt != "Flooded rice fields" || art.Image.Caption != "Fields near Ayutthaya" || art.Image.Width != 400 {
		t.Fatalf("article image = %+v", art.Image)
	}
	// The editor now offers the picture, chosen.
	doc = page(t, b.get("/admin/articles/"+id))
	chosen := first(doc, "#image-"+strconv.FormatInt(art.Image.ID, 10))
	if chosen == nil || !hasAttr(chosen, "checked") {
		t.Error("the uploaded picture is not the chosen one in the editor")
	}

	// "Use in a new article" from the library preselects the picture.
	doc = page(t, b.get("/admin/articles/new?image="+strconv.FormatInt(art.Image.ID, 10)))
	if c := first(doc, "#image-"+strconv.FormatInt(art.Image.ID, 10)); c == nil || !hasAttr(c, "checked") {
		t.Error("?image= does not choose the picture")
	}
}

func TestEditImageWords(t *testing.T) {
	opt, _ := withMedia(t, media.Limits{})
	n := newNewsroom(t, opt)
	b := n.signIn(content.RoleEditor)
	w := b.postMultipart("/admin/media/", url.Values{"alt": {"Old words"}}, file{"file", "a.png", photo(t, 100, 80)})
	id := strings.TrimPrefix(w.Header().Get("Location"), "/admin/media/?added=")

	w = b.post("/admin/media/"+id, url.Values{"alt": {"  "}, "caption": {"Kept"}})
	wantStatus(t, w, http.StatusUnprocessableEntity)
	doc := page(t, w)
	if fieldError(doc, "alt") != media.AltMissing || value(doc, "caption") != "Kept" {
		t.Errorf("empty alt: error %q, caption %q", fieldError(doc, "alt"), value(doc, "caption"))
	}
	wantRedirect(t, b.post("/admin/media/"+id, url.Values{"alt": {"A market stall"}, "caption": {"Chatuchak"}, "credit": {"Staff"}}),
		"/admin/media/"+id+"?done=image-saved")
	num, _ := strconv.ParseInt(id, 10, 64)
	im, err := n.st.ImageByID(context.Background(), num)
	must(t, err)
	if im.Alt != "A market stall" || im.Caption != "Chatuchak" || im.Credit != "Staff" {
		t.Errorf("image after edit = %+v", im)
	}
	wantStatus(t, b.get("/admin/media/999999"), http.StatusNotFound)
	wantStatus(t, b.get("/admin/media/abc"), http.StatusNotFound)
}

// article reads a stored article by the id in an editor address.
func (n *room) article(t *testing.T, id string) content.Article {
	t.Helper()
	num, err := strconv.ParseInt(id, 10, 64)
	must(t, err)
	a, err := n.st.ArticleByID(context.Background(), num)
	must(t, err)
	return a
}

func TestImagePage(t *testing.T) {
	opt, _ := withMedia(t, media.Limits{})
	n := newNewsroom(t, opt)
	b := n.signIn(content.RoleAuthor)
	w := b.postMultipart("/admin/media/", url.Values{"alt": {"Tuk-tuks at dusk"}, "credit": {"Ana Reyes"}}, file{"file", "a.png", photo(t, 700, 400)})
	id := strings.TrimPrefix(w.Header().Get("Location"), "/admin/media/?added=")
	doc := page(t, b.get("/admin/media/"+id))
	if value(doc, "alt") != "Tuk-tuks at dusk" || value(doc, "credit") != "Ana Reyes" {
		t.Errorf("the picture's page does not show its words")
	}
	if got := value(doc, "markdown"); !strings.HasPrefix(got, "![Tuk-tuks at dusk](/media/") {
		t.Errorf("the Markdown to paste is %q", got)
	}
	if img := first(doc, ".picked-image img"); img == nil || !strings.HasSuffix(attr(img, "src"), "-320.png") && !strings.HasSuffix(attr(img, "src"), ".png") {
		t.Errorf("the picture's page does not show it")
	}
	checkLabels(t, doc)
}
