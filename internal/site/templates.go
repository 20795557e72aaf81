package site

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"os"
	"path"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"
)

//go:embed templates static
var embedded embed.FS

// overlay reads a file from the theme folder when it has one and from the
// embedded default theme otherwise.
type overlay struct{ theme, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	if o.theme != nil {
		f, err := o.theme.Open(name)
		if err == nil {
			return f, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, err
		}
	}
	return o.base.Open(name)
}

func themeFS(dir string) (fs.FS, error) {
	if dir == "" {
		return embedded, nil
	}
	if st, err := os.Stat(dir); err != nil || !st.IsDir() {
		return nil, fmt.Errorf("theme folder %s: not a readable folder", dir)
	}
	return overlay{theme: os.DirFS(dir), base: embedded}, nil
}

// pageNames are the page templates; each is parsed with the layout and the
// partials and executed as "base".
var pageNames = []string{"home", "article", "archive", "page", "error", "search", "unsubscribe"}

type templates struct {
	byName map[string]*template.Template
}

func parseTemplates(fsys fs.FS, funcs template.FuncMap) (*templates, error) {
	t := &templates{byName: map[string]*template.Template{}}
	for _, name := range pageNames {
		files := []string{"templates/layout.html", "templates/partials.html", "templates/" + name + ".html"}
		tmpl, err := template.New(name).Funcs(funcs).ParseFS(fsys, files...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		t.byName[name] = tmpl
	}
	return t, nil
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer first, so a template error never
// sends half a page, then writes status and body.
func (s *Site) render(w http.ResponseWriter, status int, name string, data any) error {
	tmpl, ok := s.pages.byName[name]
	if !ok {
		return fmt.Errorf("no template %q", name)
	}
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := tmpl.ExecuteTemplate(buf, "base", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	if c, ok := data.(interface{ cacheSeconds() int }); ok && status == http.StatusOK && c.cacheSeconds() > 0 {
		// Public pages are the same for everyone; a minute of caching
		// absorbs a traffic spike without leaving news stale.
		h.Set("Cache-Control", "public, max-age="+strconv.Itoa(c.cacheSeconds()))
	} else {
		h.Set("Cache-Control", "no-store")
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// mediaFiles serves uploads and generated pictures from the media folder;
// no directory listings, nothing outside the folder.
func (s *Site) mediaFiles() http.Handler {
	media := os.DirFS(s.mediaDir)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		name := r.PathValue("file")
		if s.mediaDir == "" || !fs.ValidPath(name) || strings.HasPrefix(path.Base(name), ".") {
			s.errorPage(w, r, http.StatusNotFound, "Page not found")
			return
		}
		st, err := fs.Stat(media, name)
		if err != nil || st.IsDir() {
			s.errorPage(w, r, http.StatusNotFound, "Page not found")
			return
		}
		// Stored names never change content (each upload gets a new
		// random name), so browsers and CDNs may keep them for a year.
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
		http.ServeFileFS(w, r, media, name)
	})
}

func validUTF8(s string) bool { return utf8.ValidString(s) }

// favicon answers /favicon.ico with the site's logo.
func (s *Site) favicon() http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "public, max-age=86400")
		http.ServeFileFS(w, r, s.static, "logo.png")
	})
}
