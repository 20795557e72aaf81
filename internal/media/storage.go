package media

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path"
	"strings"

	"dateline/internal/store"
)

// Storage keeps the files of uploaded images under slash-separated names
// such as "2025/07/flood-3fa9c1-640.jpg": a local folder (Dir) or a bucket
// of object storage that every node shares (S3).
type Storage interface {
	// Put stores the content of r under name. It never replaces an existing
	// file: when name is taken it fails with an error that matches
	// fs.ErrExist; when the disk refuses it, with one that matches
	// store.ErrFull or store.ErrReadOnly. A failed Put leaves nothing under
	// name.
	Put(ctx context.Context, name string, r io.Reader) error
	// Delete removes name; removing a name that does not exist is not an
	// error.
	Delete(ctx context.Context, name string) error
	// Open reads name, for the site to serve; a name that is not there
	// fails with an error that matches fs.ErrNotExist.
	Open(ctx context.Context, name string) (*File, error)
}

// Dir is Storage in a local folder: the media folder under the data folder,
// which the site serves at /media/. Files appear whole or not at all: each
// is written to a hidden temporary file in its final folder, flushed to
// disk and then linked into place. Nothing outside the folder can be
// reached, whatever the name.
type Dir string

// Put implements Storage.
func (d Dir) Put(ctx context.Context, name string, r io.Reader) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if !validName(name) {
		return fmt.Errorf("put %q: invalid file name", name)
	}
	if err := os.MkdirAll(string(d), 0o755); err != nil {
		return fmt.Errorf("put %s: %w", name, store.DiskError(err))
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return fmt.Errorf("put %s: %w", name, err)
	}
	defer root.Close()
	if err := put(root, name, r); err != nil {
		// A full or read-only folder becomes store.ErrFull or
		// store.ErrReadOnly, which the surfaces answer with 503.
		return fmt.Errorf("put %s: %w", name, store.DiskError(err))
	}
	return nil
}

func put(root *os.Root, name string, r io.Reader) error {
	dir := path.Dir(name)
	if err := root.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	// The leading dot keeps a half-written file out of reach: the site
	// serves no name that starts with one, and validName accepts none.
	tmp := path.Join(dir, "."+randomHex(8)+".tmp")
	f, err := root.OpenFile(tmp, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	defer root.Remove(tmp) // after the link, or after a failure
	_, err = io.Copy(f, r)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := publish(root, tmp, name); err != nil {
		return err
	}
	return syncDir(root, dir)
}

// publish gives the finished temporary file its name. A hard link is as
// atomic as a rename but, unlike a rename, refuses to replace a file that
// is already there, so a clash of random names can never overwrite another
// image. Where links are not supported it falls back to a rename after
// checking that the name is free.
func publish(root *os.Root, tmp, name string) error {
	err := root.Link(tmp, name)
	if err == nil || errors.Is(err, fs.ErrExist) {
		return err
	}
	if _, serr := root.Lstat(name); serr == nil {
		return fs.ErrExist
	}
	return root.Rename(tmp, name)
}

// syncDir flushes the folder entry of a new file, so that a crash after
// the image is recorded in the store cannot lose its file.
func syncDir(root *os.Root, dir string) error {
	f, err := root.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}

// Delete implements Storage.
func (d Dir) Delete(ctx context.Context, name string) error {
	if !validName(name) {
		return fmt.Errorf("delete %q: invalid file name", name)
	}
	root, err := os.OpenRoot(string(d))
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	defer root.Close()
	if err := root.Remove(name); err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	return nil
}

// Open implements Storage.
func (d Dir) Open(ctx context.Context, name string) (*File, error) {
	if !validName(name) {
		return nil, fmt.Errorf("open %q: %w", name, fs.ErrNotExist)
	}
	root, err := os.OpenRoot(string(d))
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	defer root.Close() // the file stays open
	f, err := root.Open(name)
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	st, err := f.Stat()
	if err == nil && !st.Mode().IsRegular() {
		err = fs.ErrNotExist
	}
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return &File{ReadSeekCloser: f, Size: st.Size(), ModTime: st.ModTime()}, nil
}

// validName accepts the slash-separated relative names that Service makes
// and the site can serve: no empty, "." or ".." elements, no element that
// starts with a dot, no backslashes or colons.
func validName(name string) bool {
	if !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, `\:`) {
		return false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return false
		}
	}
	return true
}

// randomHex returns n random bytes as 2n hexadecimal digits.
func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never fails (crypto/rand, Go 1.24 and later)
	return hex.EncodeToString(b)
}
