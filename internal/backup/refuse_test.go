package backup

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"dateline/internal/store/sqlite"
)

// flipped is the archive with one byte changed.
func flipped(t *testing.T, archive string, at int) string {
	t.Helper()
	data, err := os.ReadFile(archive)
	must(t, err)
	if at < 0 || at >= len(data) {
		t.Fatalf("offset %d is outside the %d-byte archive", at, len(data))
	}
	data[at] ^= 0x20
	out := filepath.Join(t.TempDir(), filepath.Base(archive))
	must(t, os.WriteFile(out, data, 0o644))
	return out
}

// sameTar reports whether two gzip files decompress, without error, to
// the same bytes.
func sameTar(t *testing.T, a, b string) bool {
	t.Helper()
	unzip := func(path string) ([]byte, error) {
		f, err := os.Open(path)
		must(t, err)
		defer f.Close()
		zr, err := gzip.NewReader(f)
		if err != nil {
			return nil, err
		}
		zr.Multistream(false)
		return io.ReadAll(zr)
	}
	da, errA := unzip(a)
	db, errB := unzip(b)
	return errA == nil && errB == nil && bytes.Equal(da, db)
}

// offsetOf is where marker starts in the archive, plus skip.
func offsetOf(t *testing.T, archive, marker string, skip int) int {
	t.Helper()
	data, err := os.ReadFile(archive)
	must(t, err)
	i := bytes.Index(data, []byte(marker))
	if i < 0 {
		t.Fatalf("%q is not in the archive", marker)
	}
	return i + skip
}

// refusedWithNothingWritten restores archive into a folder that does not
// exist and into an empty one, and wants both refused as damaged with
// nothing left behind.
func refusedWithNothingWritten(t *testing.T, archive string) {
	t.Helper()
	parent := t.TempDir()
	missing := filepath.Join(parent, "data")
	if _, err := Restore(context.Background(), archive, missing, RestoreOptions{}); !errors.Is(err, ErrDamaged) || !strings.Contains(err.Error(), "nothing was restored") {
		t.Errorf("restore into a new folder = %v, want ErrDamaged saying nothing was restored", err)
	}
	if entries, _ := os.ReadDir(parent); len(entries) != 0 {
		t.Errorf("the refused restore left %s behind", entries[0].Name())
	}
	empty := t.TempDir()
	if _, err := Restore(context.Background(), archive, empty, RestoreOptions{}); !errors.Is(err, ErrDamaged) {
		t.Errorf("restore into an empty folder = %v, want ErrDamaged", err)
	}
	if entries, _ := os.ReadDir(empty); len(entries) != 0 {
		t.Errorf("the refused restore left %s in the data folder", entries[0].Name())
	}
}

// A byte changed anywhere that carries data is refused before anything
// is put in place. In a compressed archive a changed byte after gzip's
// 10-byte header (which holds a time and the name of a system, nothing
// restored) either changes what it decompresses to, and is refused, or,
// rarely, does not: a back-reference into a run of zeros moved to another
// place in the same run. An archive that decompresses to the same bytes
// restores. In a plain tar, the headers, the files and the manifest are
// checked (the zero padding between them carries nothing).
func TestADamagedArchiveIsRefusedAndNothingIsWritten(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	for n := range 3 {
		_, err := s.picture(n)
		must(t, err)
		_, err = s.comment(n)
		must(t, err)
	}
	dir := t.TempDir()
	tgz, tarball := filepath.Join(dir, "site.tar.gz"), filepath.Join(dir, "site.tar")
	for _, path := range []string{tgz, tarball} {
		if _, err := Create(ctx, path, s.src, Options{}); err != nil {
			t.Fatal(err)
		}
	}
	fi, err := os.Stat(tgz)
	must(t, err)
	rng := rand.New(rand.NewPCG(14, 1))
	// Flips are drawn until 35 have changed what the archive decompresses
	// to: a flip inside a long run of compressed zeros (the database's
	// free pages, which grow with its schema) may decode to the same bytes,
	// and how many do varies with the archive's size from run to run.
	changed := 0
	for try := 0; changed < 35 && try < 80; try++ {
		at := 10 + rng.IntN(int(fi.Size())-10)
		t.Run(fmt.Sprintf("compressed, byte %d of %d", at, fi.Size()), func(t *testing.T) {
			bad := flipped(t, tgz, at)
			if sameTar(t, tgz, bad) {
				if _, err := Restore(ctx, bad, filepath.Join(t.TempDir(), "data"), RestoreOptions{}); err != nil {
					t.Errorf("an archive that decompresses to the same bytes: %v", err)
				}
				return
			}
			changed++
			refusedWithNothingWritten(t, bad)
		})
	}
	if changed < 35 {
		t.Errorf("only %d of 80 flipped bytes changed what the archive decompresses to", changed)
	}
	for _, tc := range []struct {
		name   string
		marker string
		skip   int
	}{
		{"the database's header", "SQLite format 3", 5},
		{"deep in the database", "SQLite format 3", 3000},
		{"a picture's bytes", "\x89PNG", 40},
		{"the manifest's checksum of the database", `"sha256": "`, 20},
		{"the manifest's name for a file", `"path": "media/`, 9},
		{"the name in a tar header", "media/", 2},
	} {
		t.Run("plain tar, "+tc.name, func(t *testing.T) {
			refusedWithNothingWritten(t, flipped(t, tarball, offsetOf(t, tarball, tc.marker, tc.skip)))
		})
	}
	t.Run("cut short", func(t *testing.T) {
		data, err := os.ReadFile(tgz)
		must(t, err)
		short := filepath.Join(t.TempDir(), "short.tar.gz")
		must(t, os.WriteFile(short, data[:len(data)*2/3], 0o644))
		refusedWithNothingWritten(t, short)
	})
	t.Run("not a backup at all", func(t *testing.T) {
		other := filepath.Join(t.TempDir(), "notes.tar")
		must(t, os.WriteFile(other, bytes.Repeat([]byte("minutes of the editorial meeting\n"), 100), 0o644))
		refusedWithNothingWritten(t, other)
	})
	// The same archives, whole, restore.
	for _, path := range []string{tgz, tarball} {
		if _, err := Restore(ctx, path, filepath.Join(t.TempDir(), "data"), RestoreOptions{}); err != nil {
			t.Errorf("the undamaged %s: %v", filepath.Base(path), err)
		}
	}
}

func TestRestoreIntoAFolderThatHoldsSomething(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	_, err := s.picture(1)
	must(t, err)
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	if _, err := Create(ctx, archive, s.src, Options{}); err != nil {
		t.Fatal(err)
	}
	// A data folder with a site of its own and something else.
	other := newSite(t)
	_, err = other.picture(7)
	must(t, err)
	must(t, other.st.Close())
	dir := t.TempDir()
	copyFile(t, other.src.Database, filepath.Join(dir, DatabaseName))
	must(t, os.MkdirAll(filepath.Join(dir, MediaFolder), 0o755))
	for name, data := range files(t, other.src.MediaDir) {
		must(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, MediaFolder, name)), 0o755))
		must(t, os.WriteFile(filepath.Join(dir, MediaFolder, name), data, 0o644))
	}
	must(t, os.WriteFile(filepath.Join(dir, DatabaseName+"-wal"), []byte("an old log"), 0o644))
	must(t, os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("the operator's notes"), 0o644))
	before := files(t, dir)

	_, err = Restore(ctx, archive, dir, RestoreOptions{})
	if !errors.Is(err, ErrNotEmpty) || !strings.Contains(err.Error(), "add --force") || !strings.Contains(err.Error(), DatabaseName) {
		t.Fatalf("restore into a folder with a site = %v, want ErrNotEmpty naming what is there and --force", err)
	}
	if after := files(t, dir); len(after) != len(before) || string(after[DatabaseName]) != string(before[DatabaseName]) {
		t.Fatalf("the refused restore changed the folder: %d files before, %d after", len(before), len(after))
	}

	now := time.Date(2026, 12, 2, 18, 30, 0, 0, time.UTC)
	r, err := Restore(ctx, archive, dir, RestoreOptions{Force: true, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(dir, "replaced-20261202T183000Z"); r.Replaced != want {
		t.Errorf("replaced files went to %q, want %q", r.Replaced, want)
	}
	after := files(t, dir)
	for name, data := range before {
		if name == "notes.txt" {
			if string(after[name]) != string(data) {
				t.Errorf("the operator's notes now hold %q", after[name])
			}
			continue
		}
		if string(after["replaced-20261202T183000Z/"+name]) != string(data) {
			t.Errorf("%s was not moved aside unchanged", name)
		}
	}
	if _, ok := after[DatabaseName+"-wal"]; ok {
		t.Error("the old -wal file is still beside the restored database")
	}
	got := tables(t, filepath.Join(dir, DatabaseName))
	if want := dump(t, s.st.(*sqlite.Store).ReadDB(), `SELECT * FROM media`); !slices.Equal(got["media"], want) || len(got["articles"]) != 1 {
		t.Errorf("the restored database has pictures %v and %d articles, want the backup's %v and 1", got["media"], len(got["articles"]), want)
	}
	for name, data := range files(t, s.src.MediaDir) {
		if string(after["media/"+name]) != string(data) {
			t.Errorf("media file %s is not the backup's", name)
		}
	}
}

// holdEnv makes the test binary a helper process that opens the store at
// the path it names, says "open" and holds it until stdin closes: a server
// on the data folder.
const holdEnv = "DATELINE_BACKUP_TEST_HOLD"

func TestMain(m *testing.M) {
	if path := os.Getenv(holdEnv); path != "" {
		st, err := sqlite.Open(context.Background(), path)
		if err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		if err := st.Ready(context.Background()); err != nil {
			fmt.Println(err)
			os.Exit(1)
		}
		fmt.Println("open")
		os.Stdin.Read(make([]byte, 1))
		st.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// A database that another process has open is refused even with Force.
func TestRestoreRefusesADatabaseInUse(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	if _, err := Create(ctx, archive, s.src, Options{}); err != nil {
		t.Fatal(err)
	}
	must(t, s.st.Close())
	dir := t.TempDir()
	copyFile(t, s.src.Database, filepath.Join(dir, DatabaseName))

	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), holdEnv+"="+filepath.Join(dir, DatabaseName))
	stdin, err := cmd.StdinPipe()
	must(t, err)
	var out bytes.Buffer
	stdout, err := cmd.StdoutPipe()
	must(t, err)
	must(t, cmd.Start())
	line := make([]byte, 5)
	if _, err := stdout.Read(line); err != nil || string(line) != "open\n" {
		out.Write(line)
		t.Fatalf("the helper did not open the database: %q %v", out.String(), err)
	}
	before := files(t, dir)
	_, err = Restore(ctx, archive, dir, RestoreOptions{Force: true})
	if !errors.Is(err, ErrInUse) || !strings.Contains(err.Error(), "stop it first") {
		t.Errorf("restore over a database in use = %v, want ErrInUse", err)
	}
	if after := files(t, dir); len(after) != len(before) {
		t.Errorf("the refused restore changed the folder: %d files before, %d after", len(before), len(after))
	}
	stdin.Close()
	must(t, cmd.Wait())
	if _, err := Restore(ctx, archive, dir, RestoreOptions{Force: true}); err != nil {
		t.Errorf("restore once the other process closed the database: %v", err)
	}
}

// A backup from a newer dateline, whose database is at a migration this
// program does not know, is refused.
func TestRestoreRefusesANewerSchema(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	m, err := Create(ctx, archive, s.src, Options{Program: "v9.9.9"})
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "data")
	_, err = Restore(ctx, archive, dir, RestoreOptions{Schema: m.Schema - 1})
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("at migration %d and this program knows migrations up to %d: restore it with dateline v9.9.9 or newer", m.Schema, m.Schema-1)) {
		t.Errorf("restore of a newer schema = %v", err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("the refused restore made the data folder: %v", err)
	}
}
