package cache

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"
)

// Mirror writes the kept public pages as files into a folder, for a web
// server in front of dateline (nginx) to answer without asking it: each
// page as PATH/index.html with its precompressed siblings index.html.gz
// and index.html.br. A page leaves the mirror at the moment the cache
// purges it, and when it grows older than the cache would keep it fresh,
// so the mirror is never staler than the cache. Only HTML pages asked for
// without a query are mirrored (nginx tells files apart by their names,
// not by the query).
type Mirror struct {
	dir string
	log *slog.Logger

	mu    sync.Mutex
	files map[string]time.Time // page path → fresh until
}

// NewMirror makes a mirror in dir, emptied of what an earlier run left,
// since nothing says whether those pages are still current.
func NewMirror(dir string, log *slog.Logger) (*Mirror, error) {
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(abs, 0o755); err != nil {
		return nil, fmt.Errorf("static mirror: %w", err)
	}
	entries, err := os.ReadDir(abs)
	if err != nil {
		return nil, fmt.Errorf("static mirror: %w", err)
	}
	for _, e := range entries {
		if err := os.RemoveAll(filepath.Join(abs, e.Name())); err != nil {
			return nil, fmt.Errorf("static mirror: empty %s: %w", abs, err)
		}
	}
	return &Mirror{dir: abs, log: log, files: map[string]time.Time{}}, nil
}

// mirrorPath is where a request's page goes in the mirror, or "" when it
// is not mirrored: a GET of a path ending in a slash, without a query,
// whose segments are plain names.
func mirrorPath(path, rawQuery string) string {
	if rawQuery != "" || !strings.HasPrefix(path, "/") || !strings.HasSuffix(path, "/") {
		return ""
	}
	if strings.ContainsAny(path, "\x00\\") || len(path) > 1024 {
		return ""
	}
	for _, seg := range strings.Split(strings.Trim(path, "/"), "/") {
		if seg == "" && path != "/" || strings.HasPrefix(seg, ".") {
			return ""
		}
	}
	return path
}

// The files of a mirrored page, the plain one written last and removed
// first: nginx finds the page by it.
var mirrorFiles = []struct{ name, coding string }{
	{"index.html.gz", codeGzip}, {"index.html.br", codeBr}, {"index.html", identity},
}

// put writes a kept page into the mirror.
func (m *Mirror) put(e *entry) {
	// A redirect is not a page: a web server would send its body as one.
	if e.mirror == "" || e.status != http.StatusOK || !strings.HasPrefix(e.header.Get("Content-Type"), "text/html") {
		return
	}
	dir := filepath.Join(m.dir, filepath.FromSlash(e.mirror))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		m.log.Warn("static mirror: make folder", "path", e.mirror, "err", err)
		return
	}
	for _, f := range mirrorFiles {
		body, ok := e.bodies[f.coding]
		target := filepath.Join(dir, f.name)
		if !ok {
			os.Remove(target)
			continue
		}
		if err := writeAtomically(target, body); err != nil {
			m.log.Warn("static mirror: write page", "path", e.mirror, "err", err)
			return
		}
	}
	m.mu.Lock()
	m.files[e.mirror] = e.fresh
	m.mu.Unlock()
}

// remove takes a page out of the mirror.
func (m *Mirror) remove(path string) {
	if path == "" {
		return
	}
	m.mu.Lock()
	delete(m.files, path)
	m.mu.Unlock()
	dir := filepath.Join(m.dir, filepath.FromSlash(path))
	for i := len(mirrorFiles) - 1; i >= 0; i-- {
		err := os.Remove(filepath.Join(dir, mirrorFiles[i].name))
		if err != nil && !errors.Is(err, os.ErrNotExist) {
			m.log.Warn("static mirror: remove page", "path", path, "err", err)
		}
	}
}

// expire removes the pages whose freshness ended by now.
func (m *Mirror) expire(now time.Time) {
	m.mu.Lock()
	var old []string
	for path, fresh := range m.files {
		if !now.Before(fresh) {
			old = append(old, path)
		}
	}
	m.mu.Unlock()
	for _, path := range old {
		m.remove(path)
	}
}

// writeAtomically writes body to a temporary file beside path and renames
// it into place, so that a reader sees the old file or the new, never
// half of one.
func writeAtomically(path string, body []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(body); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Chmod(0o644); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// RunMirror takes pages out of the mirror as their freshness ends, once a
// second, until ctx ends. Without a mirror it returns at once.
func (c *Cache) RunMirror(ctx context.Context) {
	if c.cfg.Mirror == nil {
		return
	}
	t := time.NewTicker(time.Second)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			c.ExpireMirror()
		}
	}
}

// ExpireMirror takes out of the mirror the pages whose freshness ended.
func (c *Cache) ExpireMirror() {
	if c.cfg.Mirror != nil {
		c.cfg.Mirror.expire(c.cfg.Now())
	}
}
