package web

import (
	"bytes"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"maps"
	"net/http"
	"os"
	"sync"
)

// Theme is what a surface's pages are made from.
type Theme struct {
	// Files holds templates/ and static/, usually embedded in the binary.
	Files fs.FS
	// Dir, when set, is a folder on disk whose templates/ and static/
	// files replace those of Files with the same name.
	Dir string
	// StaticPrefix is the address the static files are served under
	// ("/static/").
	StaticPrefix string
	// Pages names the page templates. Each is parsed from
	// templates/NAME.html together with templates/layout.html and
	// templates/partials.html, and executed as "base".
	Pages []string
	// Funcs are the surface's template helpers; "asset", the
	// fingerprinted address of a static file, is always there.
	Funcs template.FuncMap
}

// Pages are a surface's parsed templates and its static files.
type Pages struct {
	// Static is the static/ folder, with the theme's files in front.
	Static fs.FS
	// Assets serves Static under fingerprinted addresses.
	Assets *Assets
	byName map[string]*template.Template
}

// Load parses every page of a theme once, so that a broken template fails
// at start rather than on a reader's request, and fingerprints its static
// files.
func Load(t Theme) (*Pages, error) {
	files := t.Files
	if t.Dir != "" {
		if st, err := os.Stat(t.Dir); err != nil || !st.IsDir() {
			return nil, fmt.Errorf("theme folder %s: not a readable folder", t.Dir)
		}
		files = overlay{theme: os.DirFS(t.Dir), base: t.Files}
	}
	static, err := fs.Sub(files, "static")
	if err != nil {
		return nil, err
	}
	p := &Pages{Static: static, byName: map[string]*template.Template{}}
	if p.Assets, err = NewAssets(static, t.StaticPrefix); err != nil {
		return nil, fmt.Errorf("fingerprint static files: %w", err)
	}
	funcs := template.FuncMap{"asset": p.Assets.URL}
	maps.Copy(funcs, t.Funcs)
	for _, name := range t.Pages {
		names := []string{"templates/layout.html", "templates/partials.html", "templates/" + name + ".html"}
		tmpl, err := template.New(name).Funcs(funcs).ParseFS(files, names...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		p.byName[name] = tmpl
	}
	return p, nil
}

// overlay reads a file from the theme folder when it has one and from the
// embedded files otherwise.
type overlay struct{ theme, base fs.FS }

func (o overlay) Open(name string) (fs.File, error) {
	f, err := o.theme.Open(name)
	if err == nil {
		return f, nil
	}
	if !errors.Is(err, fs.ErrNotExist) {
		return nil, err
	}
	return o.base.Open(name)
}

var buffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// Fragment executes one block of the page name's templates (a partial
// such as "latest") with data, for a surface that keeps what a block made
// and puts it into many pages. A block made alone is escaped as it would
// be in a page, where it stands in HTML text.
func (p *Pages) Fragment(name, block string, data any) (template.HTML, error) {
	tmpl, ok := p.byName[name]
	if !ok {
		return "", fmt.Errorf("no template %q", name)
	}
	buf := buffers.Get().(*bytes.Buffer)
	buf.Reset()
	defer buffers.Put(buf)
	if err := tmpl.ExecuteTemplate(buf, block, data); err != nil {
		return "", fmt.Errorf("render %s of %s: %w", block, name, err)
	}
	return template.HTML(buf.String()), nil
}

// Render executes the page name with data into a buffer first, so that a
// template error never sends half a page, then writes the status, an HTML
// Content-Type, cacheControl and the body.
func (p *Pages) Render(w http.ResponseWriter, status int, name string, data any, cacheControl string) error {
	tmpl, ok := p.byName[name]
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
	h.Set("Cache-Control", cacheControl)
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}
