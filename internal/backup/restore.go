package backup

import (
	"archive/tar"
	"bufio"
	"bytes"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"dateline/internal/progress"
	"dateline/internal/store/sqlite"
)

// ErrNotEmpty is Restore refusing a data folder that holds something,
// without RestoreOptions.Force.
var ErrNotEmpty = errors.New("the data folder is not empty")

// ErrInUse is Restore refusing a data folder whose database another
// program has open, such as a running server: with or without Force.
var ErrInUse = errors.New("the database is in use")

// ErrDamaged is Restore refusing an archive that is not a whole dateline
// backup: unreadable, cut short, or with a file whose size or checksum
// differs from the manifest's.
var ErrDamaged = errors.New("the archive is damaged")

// maxManifest bounds the manifest read into memory: a site with a million
// media files has a manifest of about 150 MB.
const maxManifest = 256 << 20

// RestoreOptions are the choices and surroundings of a Restore.
type RestoreOptions struct {
	// Force allows a data folder that is not empty: the database and the
	// media folder in it are moved aside into a folder named replaced-TIME,
	// and anything else in it is left alone.
	Force bool
	// Schema is the newest migration this program knows; a backup with a
	// newer one is refused. Zero checks nothing.
	Schema int
	// Progress, when set, receives a line now and then during a long run.
	Progress io.Writer
	// Now names the replaced- folder; nil is time.Now.
	Now func() time.Time
	// Postgres, when set, is the URL of the PostgreSQL database to restore
	// a PostgreSQL site's backup into; the data folder then receives only
	// the media files.
	Postgres string
}

// Restored is what a Restore put in place.
type Restored struct {
	Manifest Manifest
	// Replaced is the folder the old database and media went to, under
	// Force; empty when there were none.
	Replaced string
}

// Restore brings the backup at archive into the data folder dir: the
// database as dir/dateline.db and the media files under dir/media. It
// refuses a folder that holds anything unless o.Force is set, and a
// database that another program has open whatever o.Force says. Every
// file is written to a staging folder and checked against the manifest,
// size and SHA-256, and the database must pass SQLite's integrity check;
// only then are they moved into place. A refusal leaves dir as it was.
func Restore(ctx context.Context, archive, dir string, o RestoreOptions) (Restored, error) {
	if o.Postgres != "" {
		return restoreToPostgres(ctx, archive, dir, o)
	}
	var r Restored
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	existing, err := os.ReadDir(dir)
	exists := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return r, fmt.Errorf("read the data folder: %w", err)
	}
	if sqlite.InUse(filepath.Join(dir, DatabaseName)) {
		return r, fmt.Errorf("%w: another program, probably a dateline server, has %s open; stop it first", ErrInUse, filepath.Join(dir, DatabaseName))
	}
	if len(existing) > 0 && !o.Force {
		var names []string
		for _, e := range existing[:min(len(existing), 5)] {
			names = append(names, e.Name())
		}
		more := ""
		if len(existing) > 5 {
			more = fmt.Sprintf(" and %d more", len(existing)-5)
		}
		return r, fmt.Errorf("%w: %s holds %s%s; restore into an empty folder, or add --force to move its database and media aside and restore over them",
			ErrNotEmpty, dir, strings.Join(names, ", "), more)
	}
	// The staging folder is on the same filesystem as the data folder, so
	// that moving the files into place is a rename: inside the data folder
	// when it exists (it may be a mount point or a folder systemd made),
	// beside it otherwise, to become it.
	parent := dir
	if !exists {
		parent = filepath.Dir(filepath.Clean(dir))
	}
	staging, p, err := unpack(ctx, archive, parent, o.Progress, &r.Manifest)
	if staging != "" {
		defer os.RemoveAll(staging)
	}
	if err != nil {
		return r, err
	}
	m := r.Manifest
	if m.Engine == EnginePostgres {
		return r, errors.New("the backup is of a site on PostgreSQL: restore it into a PostgreSQL database with --db postgres://…; nothing was restored")
	}
	if err := newEnough(m, o.Schema); err != nil {
		return r, err
	}
	if err := checkDatabase(ctx, filepath.Join(staging, DatabaseName), m.Schema); err != nil {
		return r, err
	}
	p.Say("every checksum matches and the database passes its integrity check")

	if !exists {
		if err := os.Rename(staging, dir); err != nil {
			return r, fmt.Errorf("move the restored files into place: %w", err)
		}
		syncDir(parent)
		return r, nil
	}
	if o.Force {
		if r.Replaced, err = moveAside(dir, now()); err != nil {
			return r, err
		}
	}
	for _, name := range []string{MediaFolder, DatabaseName} {
		from := filepath.Join(staging, name)
		if _, err := os.Lstat(from); errors.Is(err, fs.ErrNotExist) {
			continue
		}
		if err := os.Rename(from, filepath.Join(dir, name)); err != nil {
			return r, fmt.Errorf("move the restored %s into place: %w", name, err)
		}
	}
	syncDir(dir)
	return r, nil
}

// unpack extracts the archive at path into a new staging folder under
// parent, checked against its manifest, which it stores in m. It returns
// the staging folder, for the caller to remove, even when it fails after
// making it, and the progress it reported to.
func unpack(ctx context.Context, path, parent string, w io.Writer, m *Manifest) (string, *progress.Writer, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", nil, fmt.Errorf("open the backup: %w", err)
	}
	defer f.Close()
	staging, err := os.MkdirTemp(parent, ".dateline-restore-*")
	if err != nil {
		return "", nil, fmt.Errorf("make a staging folder: %w", err)
	}
	p := progress.New(w, "restore", false)
	*m, err = extract(ctx, f, staging, p)
	return staging, p, err
}

// extract reads the archive into staging, checking each file against the
// manifest at the end, and returns the manifest.
func extract(ctx context.Context, f *os.File, staging string, p *progress.Writer) (Manifest, error) {
	var m Manifest
	damaged := func(format string, args ...any) error {
		return fmt.Errorf("%w (%s); nothing was restored", ErrDamaged, fmt.Sprintf(format, args...))
	}
	size := int64(-1)
	if fi, err := f.Stat(); err == nil {
		size = fi.Size()
	}
	read := &countingReader{r: f}
	br := bufio.NewReaderSize(read, 1<<20)
	var stream io.Reader = br
	if magic, _ := br.Peek(2); bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		gz, err := gzip.NewReader(br)
		if err != nil {
			return m, damaged("%v", err)
		}
		gz.Multistream(false)
		stream = gz
	}
	tr := tar.NewReader(stream)
	got := map[string]File{}
	var manifest []byte
	for {
		if err := ctx.Err(); err != nil {
			return m, err
		}
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			if len(got) == 0 && manifest == nil {
				return m, fmt.Errorf("%w: not a dateline backup (%v); nothing was restored", ErrDamaged, err)
			}
			return m, damaged("%v", err)
		}
		if h.Typeflag == tar.TypeDir {
			continue
		}
		if h.Typeflag != tar.TypeReg || !archivedName(h.Name) {
			return m, damaged("it holds %q, which no dateline backup has", h.Name)
		}
		if _, dup := got[h.Name]; dup || (h.Name == manifestName && manifest != nil) {
			return m, damaged("it holds %s twice", h.Name)
		}
		if h.Name == manifestName {
			if h.Size > maxManifest {
				return m, damaged("its manifest claims %d bytes", h.Size)
			}
			if manifest, err = io.ReadAll(io.LimitReader(tr, maxManifest)); err != nil {
				return m, damaged("%v", err)
			}
			continue
		}
		file, err := writeFile(tr, staging, h)
		var broken readError
		switch {
		case errors.Is(err, errShort):
			return m, damaged("%s is cut short", h.Name)
		case errors.As(err, &broken):
			return m, damaged("%s: %v", h.Name, broken.error)
		case err != nil:
			return m, err
		}
		got[h.Name] = file
		if size > 0 {
			p.Tick("%d files, %s of %s read", len(got), progress.Megabytes(read.n), progress.Megabytes(size))
		}
	}
	// A gzip stream is checked (CRC and length) only when read to its end.
	if _, err := io.Copy(io.Discard, stream); err != nil {
		return m, damaged("%v", err)
	}
	if manifest == nil {
		if len(got) == 0 {
			return m, fmt.Errorf("%w: not a dateline backup (no files, no manifest); nothing was restored", ErrDamaged)
		}
		return m, damaged("it has no manifest")
	}
	m, err := parseManifest(manifest)
	if err != nil {
		return m, damaged("%v", err)
	}
	listed := map[string]bool{}
	for _, want := range m.Files {
		have, ok := got[want.Path]
		switch {
		case listed[want.Path]:
			return m, damaged("the manifest lists %s twice", want.Path)
		case !ok:
			return m, damaged("%s, listed in the manifest, is missing", want.Path)
		case have.Size != want.Size:
			return m, damaged("%s has %d bytes, the manifest says %d", want.Path, have.Size, want.Size)
		case have.SHA256 != want.SHA256:
			return m, damaged("the checksum of %s differs from the manifest's", want.Path)
		}
		listed[want.Path] = true
	}
	for name := range got {
		if !listed[name] {
			return m, damaged("%s is not in the manifest", name)
		}
	}
	database := DatabaseName
	if m.Engine == EnginePostgres {
		database = PostgresDumpName
	}
	if !listed[database] {
		return m, damaged("it has no database")
	}
	return m, nil
}

// newEnough refuses a backup of a database at a migration newer than
// this program's newest, schema (zero checks nothing).
func newEnough(m Manifest, schema int) error {
	if schema > 0 && m.Schema > schema {
		return fmt.Errorf("the backup's database is at migration %d and this program knows migrations up to %d: restore it with dateline %s or newer", m.Schema, schema, m.Program)
	}
	return nil
}

var errShort = errors.New("cut short")

// readError is a failure to read the archive, as opposed to one to write
// the disk.
type readError struct{ error }

type archiveReader struct{ r io.Reader }

func (a archiveReader) Read(p []byte) (int, error) {
	n, err := a.r.Read(p)
	if err != nil && err != io.EOF {
		err = readError{err}
	}
	return n, err
}

// writeFile copies one archived file to its place under staging, flushed
// to disk, and returns its size and checksum.
func writeFile(r io.Reader, staging string, h *tar.Header) (File, error) {
	path := filepath.Join(staging, filepath.FromSlash(h.Name))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return File{}, fmt.Errorf("restore %s: %w", h.Name, err)
	}
	out, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return File{}, fmt.Errorf("restore %s: %w", h.Name, err)
	}
	defer out.Close()
	sum := sha256.New()
	n, err := io.Copy(io.MultiWriter(out, sum), archiveReader{r})
	if errors.Is(err, io.ErrUnexpectedEOF) || (err == nil && n != h.Size) {
		return File{}, errShort
	}
	var broken readError
	if errors.As(err, &broken) {
		return File{}, broken
	}
	if err == nil {
		err = out.Sync()
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		// A read error is the archive's; a write error is the disk's.
		return File{}, fmt.Errorf("restore %s: %w", h.Name, err)
	}
	return File{Path: h.Name, Size: n, SHA256: hexSum(sum)}, nil
}

// checkDatabase opens the restored database read-only and asks SQLite to
// check every page and index, and that it is at the manifest's migration.
func checkDatabase(ctx context.Context, path string, schema int) error {
	version, err := schemaOf(ctx, path)
	if err != nil {
		return fmt.Errorf("%w (its database cannot be read: %v); nothing was restored", ErrDamaged, err)
	}
	if version != schema {
		return fmt.Errorf("%w (its database is at migration %d, the manifest says %d); nothing was restored", ErrDamaged, version, schema)
	}
	db, err := openReadOnly(path)
	if err != nil {
		return err
	}
	defer db.Close()
	rows, err := db.QueryContext(ctx, `PRAGMA integrity_check`)
	if err != nil {
		return fmt.Errorf("%w (integrity check: %v); nothing was restored", ErrDamaged, err)
	}
	defer rows.Close()
	var problems []string
	for rows.Next() {
		var line string
		if err := rows.Scan(&line); err != nil {
			return err
		}
		if line != "ok" {
			problems = append(problems, line)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("%w (integrity check: %v); nothing was restored", ErrDamaged, err)
	}
	if len(problems) > 0 {
		return fmt.Errorf("%w (the database fails its integrity check: %s); nothing was restored", ErrDamaged, strings.Join(problems[:min(3, len(problems))], "; "))
	}
	return nil
}

// moveAside moves the database, its journal files and the media folder of
// dir into a new folder dir/replaced-TIME and returns its path, or "" when
// there was nothing to move. The journal files go too: SQLite would apply
// an old -wal file to the restored database.
func moveAside(dir string, now time.Time) (string, error) {
	return moveNamesAside(dir, now, DatabaseName, DatabaseName+"-wal", DatabaseName+"-shm", DatabaseName+"-journal", MediaFolder)
}

// moveNamesAside moves those of names that dir holds into a new folder
// dir/replaced-TIME and returns its path, or "" when it holds none.
func moveNamesAside(dir string, now time.Time, names ...string) (string, error) {
	names = slices.DeleteFunc(names, func(n string) bool {
		_, err := os.Lstat(filepath.Join(dir, n))
		return err != nil
	})
	if len(names) == 0 {
		return "", nil
	}
	aside := filepath.Join(dir, "replaced-"+now.UTC().Format("20060102T150405Z"))
	if err := os.Mkdir(aside, 0o750); err != nil {
		return "", fmt.Errorf("make a folder for the replaced files: %w", err)
	}
	for _, n := range names {
		if err := os.Rename(filepath.Join(dir, n), filepath.Join(aside, n)); err != nil {
			return "", fmt.Errorf("move %s aside: %w", n, err)
		}
	}
	return aside, nil
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}
