package wordpress_test

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"dateline/internal/media"
	"dateline/internal/store"
	"dateline/internal/wordpress"
)

func pngOf(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	// Noise, so that a large picture is a large file.
	rng := rand.New(rand.NewPCG(uint64(w), uint64(h)))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.RGBA{uint8(rng.Uint32()), uint8(rng.Uint32()), uint8(rng.Uint32()), 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// uploads is a WordPress uploads folder on a local server: each path
// answers with its handler, and every request is counted.
type uploads struct {
	*httptest.Server
	asked atomic.Int32
}

func newUploads(t *testing.T, files map[string]http.HandlerFunc) *uploads {
	t.Helper()
	u := &uploads{}
	u.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		u.asked.Add(1)
		if h, ok := files[r.URL.Path]; ok {
			h(w, r)
			return
		}
		http.NotFound(w, r)
	}))
	t.Cleanup(u.Close)
	return u
}

func serve(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", contentType)
		w.Write(body)
	}
}

// mediaExport is an export of the site at base: a post showing
// attachment 301 as its featured image and, at a smaller size, in its
// body, then the attachment (after the post, as WordPress often writes
// them), and one attachment per extra file.
func mediaExport(base string, extra ...string) []byte {
	head := strings.ReplaceAll(exportHead, "https://gazette.test", base)
	p := post(1, "amara", "The river", fmt.Sprintf(`<p>Look:</p><figure><img src="%s/wp-content/uploads/2024/05/river-300x200.png" alt="The river"/></figure>`, base),
		"\t\t<wp:postmeta><wp:meta_key>_thumbnail_id</wp:meta_key><wp:meta_value>301</wp:meta_value></wp:postmeta>\n")
	items := []string{strings.ReplaceAll(p, "https://gazette.test", base), attachment(base, 301, "river.png")}
	for i, name := range extra {
		items = append(items, attachment(base, 302+int64(i), name))
	}
	return []byte(head + strings.Join(items, "") + exportTail)
}

func attachment(base string, id int64, name string) string {
	return fmt.Sprintf(`	<item>
		<title>Picture %[2]d</title>
		<link>%[1]s/?attachment_id=%[2]d</link>
		<dc:creator>amara</dc:creator>
		<guid isPermaLink="false">%[1]s/wp-content/uploads/2024/05/%[3]s</guid>
		<wp:post_id>%[2]d</wp:post_id>
		<wp:status>inherit</wp:status>
		<wp:post_parent>1</wp:post_parent>
		<wp:post_type>attachment</wp:post_type>
		<wp:attachment_url>%[1]s/wp-content/uploads/2024/05/%[3]s</wp:attachment_url>
		<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2024/05/%[3]s</wp:meta_value></wp:postmeta>
		<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key><wp:meta_value>Alt of %[3]s</wp:meta_value></wp:postmeta>
	</item>
`, base, id, name)
}

func (w *importWorld) withMedia() {
	w.svc.Media = media.New(media.Config{Store: w.st, Storage: media.Dir(filepath.Join(w.t.TempDir(), "media")), Changes: w.feed})
}

func TestFetchMediaBringsThePicturesIntoTheLibrary(t *testing.T) {
	up := newUploads(t, map[string]http.HandlerFunc{
		"/wp-content/uploads/2024/05/river.png": serve("image/png", pngOf(t, 40, 30)),
	})
	w := newImportWorld(t)
	w.withMedia()
	src := mediaExport(up.URL)
	opt := wordpress.ImportOptions{FetchMedia: true, Fetch: wordpress.FetchOptions{AllowPrivate: true}}
	sum, err := w.importBytes(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	if c := sum.Counts[wordpress.CountAttachments]; c.Created != 1 {
		t.Fatalf("attachments %+v:\n%s", *c, summaryText(sum))
	}
	a := w.post(1)
	if a.Image == nil || a.Image.Alt != "Alt of river.png" || a.Image.Width != 40 {
		t.Fatalf("featured image %+v", a.Image)
	}
	if !strings.Contains(a.Body, `src="`+a.Image.URL()+`"`) || strings.Contains(a.Body, up.URL) {
		t.Errorf("the body still shows the old address: %q (copy %s)", a.Body, a.Image.URL())
	}
	l, err := w.st.LegacyByPath(t.Context(), "/wp-content/uploads/2024/05/river.png")
	if err != nil || l.Kind != store.LegacyAttachment || l.ID != a.Image.ID {
		t.Errorf("the old file's address = %+v, %v", l, err)
	}
	// Its page (?attachment_id=301) knows the post it was uploaded to.
	if page, err := w.st.LegacyByID(t.Context(), store.LegacyAttachmentPage, l.WPID); err != nil || page.ID != a.ID {
		t.Errorf("the attachment's page = %+v, %v; want it to lead to article %d", page, err, a.ID)
	}
	asked := up.asked.Load()

	// Again: nothing is fetched and nothing changes.
	before := w.dump()
	again, err := w.importBytes(src, opt)
	if err != nil {
		t.Fatal(err)
	}
	nothingChanged(t, again)
	if d := changed(before, w.dump()); len(d) > 0 {
		t.Errorf("the second import changed %s", strings.Join(d, ", "))
	}
	if up.asked.Load() != asked {
		t.Error("the second import fetched the picture again")
	}
}

func TestFetchMediaRefusesThisMachineUnlessAllowed(t *testing.T) {
	up := newUploads(t, map[string]http.HandlerFunc{
		"/wp-content/uploads/2024/05/river.png": serve("image/png", pngOf(t, 40, 30)),
	})
	w := newImportWorld(t)
	w.withMedia()
	sum, err := w.importBytes(mediaExport(up.URL), wordpress.ImportOptions{FetchMedia: true})
	if err != nil {
		t.Fatal(err)
	}
	if up.asked.Load() != 0 {
		t.Errorf("the server on this machine was asked %d times", up.asked.Load())
	}
	mustWarn(t, sum, 301, wordpress.WarnMedia, "on this machine or a private network (--allow-private-media lets it through)")
	if c := sum.Counts[wordpress.CountAttachments]; c.Skipped != 1 || c.Created != 0 {
		t.Errorf("attachments %+v", *c)
	}
	// The post is there, its picture at the old address.
	if a := w.post(1); a.Image != nil || !strings.Contains(a.Body, up.URL+"/wp-content/uploads/2024/05/river-300x200.png") {
		t.Errorf("post %+v", a)
	}
	w.consistent()
}

func TestFetchMediaTakesOnlyPicturesWithinTheLimits(t *testing.T) {
	release := make(chan struct{})
	t.Cleanup(func() { close(release) })
	big := pngOf(t, 400, 400) // about 640 KB of noise
	up := newUploads(t, map[string]http.HandlerFunc{
		"/wp-content/uploads/2024/05/river.png": serve("image/png", pngOf(t, 40, 30)),
		"/wp-content/uploads/2024/05/page.png":  serve("text/html; charset=utf-8", []byte("<html>a login page</html>")),
		"/wp-content/uploads/2024/05/logo.png":  serve("image/svg+xml", []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)),
		"/wp-content/uploads/2024/05/big.png":   serve("image/png", big),
		"/wp-content/uploads/2024/05/chunked.png": func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "image/png")
			for i := 0; i < len(big); i += 512 {
				w.Write(big[i:min(i+512, len(big))])
				w.(http.Flusher).Flush()
			}
		},
		"/wp-content/uploads/2024/05/fake.png": serve("image/png", []byte("not a picture at all")),
		"/wp-content/uploads/2024/05/slow.png": func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		},
	})
	w := newImportWorld(t)
	w.withMedia()
	src := mediaExport(up.URL, "page.png", "logo.png", "big.png", "chunked.png", "fake.png", "slow.png", "gone.png")
	sum, err := w.importBytes(src, wordpress.ImportOptions{FetchMedia: true,
		Fetch: wordpress.FetchOptions{AllowPrivate: true, MaxBytes: 20 << 10, Timeout: 500 * time.Millisecond}})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		id   int64
		says string
	}{
		{302, "it is text/html, not a picture"},
		{303, "it is image/svg+xml, not a picture"},
		{304, "larger than 20480 bytes"},
		{305, "larger than 20480 bytes"},
		{306, "not fetched"},
		{307, "not fetched"},
		{308, "404 Not Found"},
	} {
		mustWarn(t, sum, tc.id, wordpress.WarnMedia, tc.says)
	}
	if c := sum.Counts[wordpress.CountAttachments]; c.Created != 1 || c.Skipped != 7 {
		t.Errorf("attachments %+v, want the river fetched and 7 refused", *c)
	}
	if n, err := w.st.CountImages(t.Context()); err != nil || n != 1 {
		t.Errorf("%d pictures in the library, want 1", n)
	}
	w.consistent()
}
