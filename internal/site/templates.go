package site

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strconv"
	"strings"

	"dateline/internal/web"
)

// embedded is the default theme; a theme folder overrides it file by file.
//
//go:embed templates static
var embedded embed.FS

// pageNames are the page templates; each is parsed with the layout and the
// partials and executed as "base".
var pageNames = []string{"home", "article", "archive", "page", "error", "search", "unsubscribe", "corrections", "withdrawn"}

// render writes a page whole (web.Pages.Render). A page that may be
// cached says for how long; every other answer is kept by no cache.
func (s *Site) render(w http.ResponseWriter, status int, name string, data any) error {
	cache := "no-store"
	if c, ok := data.(interface{ cacheSeconds() int }); ok && status == http.StatusOK && c.cacheSeconds() > 0 {
		// Public pages are the same for everyone; a minute of caching
		// absorbs a traffic spike without leaving news stale.
		cache = "public, max-age=" + strconv.Itoa(c.cacheSeconds())
	}
	// The articles the header's alerts lead to, on a page that declares
	// what it was built from (one that declares nothing is never kept).
	if l, ok := data.(interface{ alertTags() []string }); ok && web.Tags(w.Header()) != nil {
		web.Depends(w, l.alertTags()...)
	}
	// Every page is its view's pointer: the shared template reads the
	// layout through Base, and the masthead goes in through it.
	l, ok := data.(interface{ Base() *layout })
	if !ok {
		return fmt.Errorf("render %s: %T is not a page view's pointer", name, data)
	}
	if err := s.fillChrome(name, l.Base()); err != nil {
		return err
	}
	return s.pages.Render(w, status, name, data, cache)
}

// mediaFiles serves uploads and generated pictures from the media folder;
// no directory listings, nothing outside the folder.
func (s *Site) mediaFiles() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if s.media == nil || !fs.ValidPath(name) || strings.HasPrefix(path.Base(name), ".") {
			s.errorPage(w, r, http.StatusNotFound, "Page not found")
			return
		}
		f, err := s.media.Open(r.Context(), name)
		if errors.Is(err, fs.ErrNotExist) {
			s.errorPage(w, r, http.StatusNotFound, "Page not found")
			return
		}
		if err != nil {
			s.log.Warn("media file", "name", name, "err", err)
			s.errorPage(w, r, http.StatusServiceUnavailable, "This picture cannot be read just now")
			return
		}
		defer f.Close()
		// Stored names never change content (each upload gets a new
		// random name), so browsers and CDNs may keep them for a year.
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		if t := mime.TypeByExtension(path.Ext(name)); t != "" {
			w.Header().Set("Content-Type", t)
		}
		http.ServeContent(w, r, name, f.ModTime, f)
	})
}

// favicon answers /favicon.ico with the site's logo.
func (s *Site) favicon() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		http.ServeFileFS(w, r, s.pages.Static, "logo.png")
	})
}
