package web

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"net/http"
)

// Assets are the static files (CSS, scripts, icons) of a set of pages,
// each with a fingerprint of its content, so that its address changes
// when the file does and browsers may keep it for a year.
type Assets struct {
	files  fs.FS
	prefix string
	sums   map[string]string
	// Unversioned is the Cache-Control of a file asked for without its
	// current fingerprint (an old page, a hand-typed address).
	Unversioned string
}

// NewAssets fingerprints every file in files, to be served under prefix
// ("/static/").
func NewAssets(files fs.FS, prefix string) (*Assets, error) {
	a := &Assets{files: files, prefix: prefix, sums: map[string]string{}, Unversioned: "no-cache"}
	err := fs.WalkDir(files, ".", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := fs.ReadFile(files, p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		a.sums[p] = hex.EncodeToString(sum[:])[:12]
		return nil
	})
	return a, err
}

// URL is the fingerprinted address of a static file, for templates.
func (a *Assets) URL(name string) string {
	if v, ok := a.sums[name]; ok {
		return a.prefix + name + "?v=" + v
	}
	return a.prefix + name
}

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
	http.ServeFileFS(w, r, a.files, name)
	return true
}
