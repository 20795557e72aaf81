package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
	"path"
	"regexp"
	"strings"
	"time"
)

// Assets are the static files (CSS, scripts, icons, fonts) of a set of
// pages, each with a fingerprint of its content, so that its address
// changes when the file does and browsers may keep it for a year.
//
// A style sheet's url() references to other static files (a font of an
// @font-face, a background picture) are rewritten to their fingerprinted
// addresses when the files are read, so that what a style sheet loads is
// kept as long as the sheet; the sheet's own fingerprint is that of the
// rewritten text, so it changes when a file it names does.
type Assets struct {
	files  fs.FS
	prefix string
	sums   map[string]string
	// rewritten holds the style sheets whose text differs from the file's.
	rewritten map[string][]byte
	// Unversioned is the Cache-Control of a file asked for without its
	// current fingerprint (an old page, a hand-typed address).
	Unversioned string
}

// NewAssets fingerprints every file in files, to be served under prefix
// ("/static/").
func NewAssets(files fs.FS, prefix string) (*Assets, error) {
	a := &Assets{files: files, prefix: prefix, sums: map[string]string{}, rewritten: map[string][]byte{},
		Unversioned: "no-cache"}
	var sheets []string
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if path.Ext(p) == ".css" {
			sheets = append(sheets, p) // once every file they may name has its fingerprint
			return nil
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		a.sums[p] = fingerprint(b)
		return nil
	})
	if err != nil {
		return nil, err
	}
	for _, p := range sheets {
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return nil, err
		}
		if out := a.versionURLs(p, b); !bytes.Equal(out, b) {
			a.rewritten[p], b = out, out
		}
		a.sums[p] = fingerprint(b)
	}
	return a, nil
}

func fingerprint(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])[:12]
}

// cssURL is a url() in a style sheet, quoted or not.
var cssURL = regexp.MustCompile(`url\(\s*(["']?)([^"')\s]+)(["']?)\s*\)`)

// versionURLs gives each relative url() in the style sheet named sheet
// that names one of the static files that file's fingerprint (?v=…);
// addresses with a scheme, absolute paths, fragments, queries and
// unknown files are left as they are.
func (a *Assets) versionURLs(sheet string, css []byte) []byte {
	return cssURL.ReplaceAllFunc(css, func(m []byte) []byte {
		g := cssURL.FindSubmatch(m)
		ref := string(g[2])
		if string(g[1]) != string(g[3]) || strings.ContainsAny(ref, ":?#") || strings.HasPrefix(ref, "/") {
			return m
		}
		sum, ok := a.sums[path.Join(path.Dir(sheet), ref)]
		if !ok {
			return m
		}
		return []byte("url(" + string(g[1]) + ref + "?v=" + sum + string(g[3]) + ")")
	})
}

// URL is the fingerprinted address of a static file, for templates.
func (a *Assets) URL(name string) string {
	if v, ok := a.sums[name]; ok {
		return a.prefix + name + "?v=" + v
	}
	return a.prefix + name
}

// contentTypes are the types of static files that Go's table of
// extensions may not know on a machine without /etc/mime.types.
var contentTypes = map[string]string{".woff2": "font/woff2", ".woff": "font/woff"}

// Serve answers a request for the file name and reports whether there is
// such a file; when there is none it writes nothing, so the caller can
// answer with its own not-found page.
func (a *Assets) Serve(w http.ResponseWriter, r *http.Request, name string) bool {
	sum, ok := a.sums[name]
	if !ok {
		return false
	}
	if r.URL.Query().Get("v") == sum {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", a.Unversioned)
	}
	w.Header().Set("ETag", `"`+sum+`"`)
	if t, ok := contentTypes[path.Ext(name)]; ok {
		w.Header().Set("Content-Type", t)
	}
	if b, ok := a.rewritten[name]; ok {
		http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(b))
		return true
	}
	http.ServeFileFS(w, r, a.files, name)
	return true
}
