package backup

import (
	"archive/tar"
	"bufio"
	"compress/gzip"
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	_ "modernc.org/sqlite" // the database/sql driver "sqlite"

	"dateline/internal/progress"
)

// Source is the site a backup copies.
type Source struct {
	// Database is the path of the SQLite file.
	Database string
	// Postgres is the URL of the PostgreSQL database (postgres://…) of a
	// site kept there; when set, Database is not used.
	Postgres string
	// MediaDir is the media folder; one that does not exist yet is a site
	// without pictures.
	MediaDir string
}

// Options are the surroundings of a Create.
type Options struct {
	// Program is the version of dateline, written in the manifest.
	Program string
	// Now is the time written in the manifest; nil is time.Now.
	Now func() time.Time
	// Progress, when set, receives a line now and then during a long run
	// and one at the end.
	Progress io.Writer

	// snapshotted, set by tests, is called with the database snapshot
	// once it is taken and before any media file is read.
	snapshotted func(path string)
	// pgSnapshot, set by tests, is called inside the transaction whose
	// snapshot pg_dump reads, before pg_dump starts.
	pgSnapshot func(tx pgx.Tx)
}

// Compressed reports whether an archive named path is gzip-compressed.
func Compressed(path string) bool {
	return strings.HasSuffix(path, ".tar.gz") || strings.HasSuffix(path, ".tgz")
}

// Create writes a backup of src to a new file at path, a tar archive,
// gzip-compressed when the name ends in .tar.gz or .tgz. The database is
// copied with VACUUM INTO, which reads one consistent snapshot while the
// server goes on writing (on PostgreSQL, pg_dump reads one); the media files are read after it, so a picture
// the snapshot names is there unless it was deleted meanwhile (a picture
// uploaded meanwhile is archived without its row, and is harmless). The
// archive appears at path only once it is complete and on disk; an
// existing file at path is never replaced.
func Create(ctx context.Context, path string, src Source, o Options) (Manifest, error) {
	now := time.Now
	if o.Now != nil {
		now = o.Now
	}
	p := progress.New(o.Progress, "backup", false)
	m := Manifest{Format: Format, FormatVersion: 1, Program: o.Program, Created: now().UTC().Truncate(time.Second)}
	if _, err := os.Lstat(path); err == nil {
		return m, fmt.Errorf("%s already exists: choose a new name for the backup", path)
	}
	if fi, err := os.Stat(src.Database); src.Postgres == "" && (err != nil || !fi.Mode().IsRegular()) {
		return m, fmt.Errorf("no database at %s: check --data and --db", src.Database)
	}
	dir := filepath.Dir(path)
	staging, err := os.MkdirTemp(dir, ".dateline-backup-*")
	if err != nil {
		return m, fmt.Errorf("make a working folder beside the backup: %w", err)
	}
	defer os.RemoveAll(staging)

	snapshot, name, err := snapshotDatabase(ctx, src, staging, &m, o)
	if err != nil {
		return m, err
	}
	if fi, err := os.Stat(snapshot); err == nil {
		p.Say("database snapshot taken: %s at migration %d, in %v", progress.Megabytes(fi.Size()), m.Schema, p.Elapsed())
	}
	if o.snapshotted != nil {
		o.snapshotted(snapshot)
	}

	out, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*.partial")
	if err != nil {
		return m, fmt.Errorf("write the backup: %w", err)
	}
	defer func() {
		out.Close()
		os.Remove(out.Name()) // gone already when the backup was finished
	}()
	a := newArchiveWriter(out, Compressed(path))
	a.progress = p
	if err := a.addFile(ctx, name, snapshot, &m); err != nil {
		return m, err
	}
	if err := addMedia(ctx, a, src.MediaDir, &m, p); err != nil {
		return m, err
	}
	manifest, err := m.encode()
	if err != nil {
		return m, err
	}
	if err := a.addBytes(manifestName, manifest, m.Created); err != nil {
		return m, err
	}
	if err := a.close(); err != nil {
		return m, fmt.Errorf("write the backup: %w", err)
	}
	if err := out.Sync(); err != nil {
		return m, fmt.Errorf("write the backup: %w", err)
	}
	if err := out.Close(); err != nil {
		return m, fmt.Errorf("write the backup: %w", err)
	}
	// A link, unlike a rename, refuses to replace a file that appeared at
	// path in the meantime.
	if err := os.Link(out.Name(), path); err != nil {
		return m, fmt.Errorf("write the backup: %w", err)
	}
	syncDir(dir)
	files, bytes := m.MediaFiles()
	p.Say("wrote %s: the database at migration %d and %d media files (%s), %s on disk, in %v",
		path, m.Schema, files, progress.Megabytes(bytes), progress.Megabytes(a.written()), p.Elapsed())
	return m, nil
}

// snapshotDatabase copies the database into staging and returns the
// copy's path and its name in the archive.
func snapshotDatabase(ctx context.Context, src Source, staging string, m *Manifest, o Options) (path, name string, err error) {
	if src.Postgres != "" {
		path, err = createPostgres(ctx, src, staging, m, o)
		return path, PostgresDumpName, err
	}
	path = filepath.Join(staging, DatabaseName)
	if err := vacuumInto(ctx, src.Database, path); err != nil {
		return "", "", err
	}
	m.Schema, err = schemaOf(ctx, path)
	return path, DatabaseName, err
}

// vacuumInto copies the database at path into a new file at dst, as one
// read transaction: writers go on meanwhile (the database is in WAL mode)
// and none of their commits after its start is in the copy.
func vacuumInto(ctx context.Context, path, dst string) error {
	// mode=rw: a missing database is an error, not a new empty one.
	db, err := sql.Open("sqlite", "file:"+path+"?"+url.Values{"mode": {"rw"}, "_pragma": {"busy_timeout(10000)"}}.Encode())
	if err != nil {
		return fmt.Errorf("open the database %s: %w", path, err)
	}
	defer db.Close()
	if _, err := db.ExecContext(ctx, `VACUUM INTO ?`, dst); err != nil {
		return fmt.Errorf("snapshot of the database %s: %w", path, err)
	}
	return nil
}

// schemaOf reads the newest migration recorded in the database at path,
// opened read-only.
func schemaOf(ctx context.Context, path string) (int, error) {
	db, err := openReadOnly(path)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var version int
	if err := db.QueryRowContext(ctx, `SELECT COALESCE(MAX(version), 0) FROM schema_migrations`).Scan(&version); err != nil {
		return 0, fmt.Errorf("read the schema version of %s: %w", path, err)
	}
	return version, nil
}

// openReadOnly opens a database file that nothing else writes: a
// snapshot or a file being restored. immutable leaves no -wal or -shm
// file beside it.
func openReadOnly(path string) (*sql.DB, error) {
	u := url.URL{Scheme: "file", Opaque: path, RawQuery: "mode=ro&immutable=1"}
	db, err := sql.Open("sqlite", u.String())
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	db.SetMaxOpenConns(1)
	return db, nil
}

// addMedia archives every file of the media folder under media/, but the
// hidden ones: those are an upload still being written (media.Dir).
func addMedia(ctx context.Context, a *archiveWriter, dir string, m *Manifest, p *progress.Writer) error {
	if _, err := os.Stat(dir); errors.Is(err, fs.ErrNotExist) {
		p.Say("no media folder at %s: no media files to copy", dir)
		return nil
	}
	var files int
	var bytes int64
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) && path != dir {
				return nil // deleted while the backup ran
			}
			return err
		}
		if path == dir {
			return nil
		}
		if strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil // folders are walked; links and devices are not the media library's
		}
		rel, err := filepath.Rel(dir, path)
		if err != nil {
			return err
		}
		name := MediaFolder + "/" + filepath.ToSlash(rel)
		if !archivedName(name) {
			p.Say("left out %s: not a name the media folder uses", path)
			return nil
		}
		err = a.addFile(ctx, name, path, m)
		if errors.Is(err, fs.ErrNotExist) {
			return nil // deleted while the backup ran
		}
		if err != nil {
			return err
		}
		files++
		bytes += m.Files[len(m.Files)-1].Size
		p.Tick("%d media files copied (%s)", files, progress.Megabytes(bytes))
		return nil
	})
	if err != nil {
		return fmt.Errorf("copy the media folder %s: %w", dir, err)
	}
	return nil
}

// archiveWriter writes a tar stream, gzip-compressed or not, and counts
// the bytes that reach the file.
type archiveWriter struct {
	count *countingWriter
	buf   *bufio.Writer
	gz    *gzip.Writer // nil when not compressed
	tar   *tar.Writer
	// progress hears how far the copy of a large file has got.
	progress *progress.Writer
}

func newArchiveWriter(w io.Writer, compress bool) *archiveWriter {
	a := &archiveWriter{count: &countingWriter{w: w}}
	a.buf = bufio.NewWriterSize(a.count, 1<<20)
	var to io.Writer = a.buf
	if compress {
		// The fastest level: a backup of a 205 MB database took 8 s and
		// 68 MB with it, 18 s and 55 MB with the default level, on two
		// cores that are serving readers meanwhile. Pictures are
		// compressed already.
		a.gz, _ = gzip.NewWriterLevel(a.buf, gzip.BestSpeed) // a valid level cannot fail
		to = a.gz
	}
	a.tar = tar.NewWriter(to)
	return a
}

// addFile archives the file at path as name and records it in m. The size
// is read once from the open file, and the file must still have that many
// bytes when it is copied: media files are written once and never grow.
func (a *archiveWriter) addFile(ctx context.Context, name, path string, m *Manifest) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return err
	}
	h := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: fi.Size(), Mode: 0o644, ModTime: fi.ModTime().UTC().Truncate(time.Second), Format: tar.FormatPAX}
	if err := a.tar.WriteHeader(h); err != nil {
		return fmt.Errorf("archive %s: %w", name, err)
	}
	sum := sha256.New()
	var from io.Reader = f
	if a.progress != nil && fi.Size() > 64<<20 {
		from = &tickingReader{r: f, total: fi.Size(), name: name, p: a.progress}
	}
	n, err := io.CopyN(io.MultiWriter(a.tar, sum), from, fi.Size())
	if err != nil {
		return fmt.Errorf("archive %s: %d of %d bytes copied: %w", name, n, fi.Size(), err)
	}
	m.Files = append(m.Files, File{Path: name, Size: n, SHA256: hexSum(sum)})
	return nil
}

func (a *archiveWriter) addBytes(name string, data []byte, mod time.Time) error {
	h := &tar.Header{Typeflag: tar.TypeReg, Name: name, Size: int64(len(data)), Mode: 0o644, ModTime: mod, Format: tar.FormatPAX}
	if err := a.tar.WriteHeader(h); err != nil {
		return err
	}
	_, err := a.tar.Write(data)
	return err
}

func (a *archiveWriter) close() error {
	if err := a.tar.Close(); err != nil {
		return err
	}
	if a.gz != nil {
		if err := a.gz.Close(); err != nil {
			return err
		}
	}
	return a.buf.Flush()
}

func (a *archiveWriter) written() int64 { return a.count.n }

// tickingReader tells progress how much of a large file has been read.
type tickingReader struct {
	r     io.Reader
	n     int64
	total int64
	name  string
	p     *progress.Writer
}

func (t *tickingReader) Read(b []byte) (int, error) {
	n, err := t.r.Read(b)
	t.n += int64(n)
	t.p.Tick("copying %s: %s of %s", t.name, progress.Megabytes(t.n), progress.Megabytes(t.total))
	return n, err
}

type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

func hexSum(h hash.Hash) string { return hex.EncodeToString(h.Sum(nil)) }

// syncDir flushes a folder's entries, so that a file just linked or
// renamed into it survives a power cut. Where folders cannot be flushed,
// there is nothing more to do.
func syncDir(dir string) error {
	f, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}
