package move

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/progress"
)

// MediaReport is what became of the media files.
type MediaReport struct {
	From, To string
	// Files and Bytes are the files of the folder now in the target,
	// Already of them there before (with the same content).
	Files   int
	Bytes   int64
	Already int
	// LeftOut are files of the folder under names the media library never
	// makes (hidden or temporary files), not copied.
	LeftOut []string
	// Pictures is the number of pictures in the library, all of whose
	// files are in the target but for Missing: files a picture names
	// that were not in the folder to begin with.
	Pictures int
	Missing  []string
}

// uploaders is how many files are sent to the object store at once: each
// waits mostly on the server's answer.
const uploaders = 8

type mediaFile struct {
	name string // slash-separated, as the storage names it
	size int64
}

// copyMedia copies every file of the folder from into to, then checks
// that each file a picture names is there, at its size. A file already
// in to counts as copied when its content is the same; with other
// content it is an error, since files are never replaced.
func copyMedia(ctx context.Context, from string, to media.Storage, toName string, pictures []content.Image, p *progress.Writer) (*MediaReport, error) {
	rep := &MediaReport{From: from, To: toName, Pictures: len(pictures)}
	named := 0
	for _, im := range pictures {
		named += len(im.Files())
	}
	files, err := listMedia(from, rep)
	if errors.Is(err, fs.ErrNotExist) && named == 0 {
		return rep, nil // no pictures, no folder
	}
	if err != nil {
		return rep, err
	}
	var total int64
	for _, f := range files {
		total += f.size
	}
	if err := upload(ctx, from, to, files, total, rep, p); err != nil {
		return rep, err
	}
	p.Say("media: %d files (%s) copied to %s in %v", rep.Files, progress.Megabytes(rep.Bytes), toName, p.Elapsed())

	sizes := map[string]int64{}
	for _, f := range files {
		sizes[f.name] = f.size
	}
	for _, im := range pictures {
		for _, name := range im.Files() {
			size, ok := sizes[name]
			if !ok {
				rep.Missing = append(rep.Missing, name)
				continue
			}
			f, err := to.Open(ctx, name)
			if err != nil {
				return rep, fmt.Errorf("media: check %s in %s: %w", name, toName, err)
			}
			f.Close()
			if f.Size != size {
				return rep, fmt.Errorf("media: %s in %s has %d bytes, the folder's %d", name, toName, f.Size, size)
			}
		}
	}
	if named > 0 && len(rep.Missing) == named {
		return rep, fmt.Errorf("media: none of the %d files the pictures name is in %s: give --media-from the site's media folder", named, from)
	}
	return rep, nil
}

// listMedia lists the files of the folder that the library could have
// made, setting the others aside in rep.LeftOut.
func listMedia(dir string, rep *MediaReport) ([]mediaFile, error) {
	if fi, err := os.Stat(dir); err != nil || !fi.IsDir() {
		return nil, fmt.Errorf("media: no media folder at %s: give --media-from the folder the pictures are in: %w", dir, fs.ErrNotExist)
	}
	var files []mediaFile
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			return nil
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		name := filepath.ToSlash(rel)
		info, err := d.Info()
		if err != nil {
			return err
		}
		if !d.Type().IsRegular() || !libraryName(name) {
			rep.LeftOut = append(rep.LeftOut, name)
			return nil
		}
		files = append(files, mediaFile{name, info.Size()})
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("media: read %s: %w", dir, err)
	}
	return files, nil
}

// libraryName reports whether the library could have made name: no part
// of it hidden (a half-written upload's temporary file), no backslash or
// colon.
func libraryName(name string) bool {
	if strings.ContainsAny(name, `\:`) {
		return false
	}
	for part := range strings.SplitSeq(name, "/") {
		if part == "" || strings.HasPrefix(part, ".") {
			return false
		}
	}
	return true
}

// upload sends the files, a few at a time; the first failure stops the
// others.
func upload(ctx context.Context, dir string, to media.Storage, files []mediaFile, total int64, rep *MediaReport, p *progress.Writer) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	work := make(chan mediaFile)
	var mu sync.Mutex // rep and p
	var wg sync.WaitGroup
	for range uploaders {
		wg.Go(func() {
			for f := range work {
				already, err := put(ctx, dir, to, f)
				if err != nil {
					cancel(err)
					return
				}
				mu.Lock()
				rep.Files++
				rep.Bytes += f.size
				if already {
					rep.Already++
				}
				p.Tick("media %s %d of %d files, %s of %s", progress.Bar(rep.Bytes, total), rep.Files, len(files),
					progress.Megabytes(rep.Bytes), progress.Megabytes(total))
				mu.Unlock()
			}
		})
	}
send:
	for _, f := range files {
		select {
		case work <- f:
		case <-ctx.Done():
			break send
		}
	}
	close(work)
	wg.Wait()
	return context.Cause(ctx)
}

// put copies one file; already is true when the target had it, alike.
func put(ctx context.Context, dir string, to media.Storage, f mediaFile) (already bool, err error) {
	path := filepath.Join(dir, filepath.FromSlash(f.name))
	file, err := os.Open(path)
	if err != nil {
		return false, fmt.Errorf("media: %w", err)
	}
	defer file.Close()
	err = to.Put(ctx, f.name, file)
	if !errors.Is(err, fs.ErrExist) {
		if err != nil {
			return false, fmt.Errorf("media: copy %s: %w", f.name, err)
		}
		return false, nil
	}
	same, err := sameContent(ctx, path, to, f.name)
	if err != nil {
		return false, fmt.Errorf("media: compare %s with the copy already there: %w", f.name, err)
	}
	if !same {
		return false, fmt.Errorf("media: %s is already in the target with other content, and files are never replaced: move into another bucket or prefix", f.name)
	}
	return true, nil
}

func sameContent(ctx context.Context, path string, to media.Storage, name string) (bool, error) {
	local, err := fileSum(func() (io.ReadCloser, error) { return os.Open(path) })
	if err != nil {
		return false, err
	}
	there, err := fileSum(func() (io.ReadCloser, error) { return to.Open(ctx, name) })
	if err != nil {
		return false, err
	}
	return bytes.Equal(local, there), nil
}

func fileSum(open func() (io.ReadCloser, error)) ([]byte, error) {
	r, err := open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	h := sha256.New()
	if _, err := io.Copy(h, r); err != nil {
		return nil, err
	}
	return h.Sum(nil), nil
}
