package backup

import (
	"context"
	"io"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"dateline/internal/store/sqlite"
)

// TestABackupTakenUnderWritesRestoresExactly takes a backup while a
// goroutine keeps posting comments and uploading pictures, restores it
// into a fresh folder, and compares: every row of every table equals the
// snapshot's, every media file equals the live one, the comments are
// exactly those acknowledged up to some moment (every one acknowledged
// before the backup began, none missing in between), each as it is in
// the live database.
func TestABackupTakenUnderWritesRestoresExactly(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	for n := range 300 { // a database that takes a moment to copy
		if _, err := s.comment(n); err != nil {
			t.Fatal(err)
		}
	}
	for n := range 5 {
		if _, err := s.picture(n); err != nil {
			t.Fatal(err)
		}
	}
	w := s.startWriter(1000)
	w.waitFor(t, 20)
	ackedBefore := w.count()
	mediaBefore := files(t, s.src.MediaDir)

	snapshot := filepath.Join(t.TempDir(), "snapshot.db")
	var duringBackup int
	archive := filepath.Join(t.TempDir(), "site.tar.gz")
	var progress strings.Builder
	m, err := Create(ctx, archive, s.src, Options{Program: "test", Progress: &progress, snapshotted: func(path string) {
		copyFile(t, path, snapshot)
		// The writer goes on while the backup runs.
		n := w.count()
		w.waitFor(t, n+5)
		duringBackup = w.count() - n
	}})
	if err != nil {
		t.Fatal(err)
	}
	w.waitFor(t, w.count()+5)
	acked := w.halt(t)
	t.Logf("%d comments acknowledged before the backup began, %d while it copied the media, %d in all; %d files archived",
		ackedBefore, duringBackup, len(acked), len(m.Files))
	if m.Schema != sqlite.Schema() || m.Program != "test" || m.Format != Format {
		t.Errorf("manifest: schema %d (want %d), program %q, format %q", m.Schema, sqlite.Schema(), m.Program, m.Format)
	}
	if !strings.Contains(progress.String(), "backup: wrote "+archive) {
		t.Errorf("the progress lines do not say the backup was written:\n%s", progress.String())
	}

	dir := filepath.Join(t.TempDir(), "restored")
	r, err := Restore(ctx, archive, dir, RestoreOptions{Schema: sqlite.Schema()})
	if err != nil {
		t.Fatal(err)
	}
	if r.Replaced != "" || len(r.Manifest.Files) != len(m.Files) {
		t.Errorf("restored %d files (the manifest has %d), replaced %q", len(r.Manifest.Files), len(m.Files), r.Replaced)
	}
	restoredDB := filepath.Join(dir, DatabaseName)

	// Every row of every table is the snapshot's.
	want, got := tables(t, snapshot), tables(t, restoredDB)
	if !slices.Equal(slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want))) {
		t.Fatalf("restored tables %v, the snapshot's %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	for name, rows := range want {
		if !slices.Equal(got[name], rows) {
			t.Errorf("table %s: %d rows restored, the snapshot has %d, and they differ", name, len(got[name]), len(rows))
		}
	}
	if len(want["comments"]) < 300+ackedBefore {
		t.Errorf("the snapshot has %d comments, fewer than the %d acknowledged before the backup", len(want["comments"]), 300+ackedBefore)
	}

	// The comments are a prefix of those acknowledged, each as it is live.
	restored, err := openReadOnly(restoredDB)
	must(t, err)
	defer restored.Close()
	live := s.st.(*sqlite.Store).ReadDB()
	var k int
	for k < len(acked) && len(dump(t, restored, `SELECT id FROM comments WHERE id = ?`, acked[k].ID)) == 1 {
		k++
	}
	if k < ackedBefore {
		t.Errorf("only the first %d comments acknowledged by the writer were restored; %d were acknowledged before the backup began", k, ackedBefore)
	}
	for _, c := range acked[k:] {
		if len(dump(t, restored, `SELECT id FROM comments WHERE id = ?`, c.ID)) != 0 {
			t.Errorf("comment %d is restored although comment %d, acknowledged before it, is not: not one moment's snapshot", c.ID, acked[k].ID)
		}
	}
	var restoredComments int
	must(t, restored.QueryRow(`SELECT COUNT(*) FROM comments`).Scan(&restoredComments))
	if restoredComments != 300+k {
		t.Errorf("%d comments restored, want the 300 first ones and the writer's first %d", restoredComments, k)
	}
	for _, c := range acked[:k] {
		q := `SELECT * FROM comments WHERE id = ?`
		if a, b := dump(t, restored, q, c.ID), dump(t, live, q, c.ID); !slices.Equal(a, b) {
			t.Errorf("comment %d restored as %v, live it is %v", c.ID, a, b)
		}
	}

	// Every media file is the live one, every file there was before the
	// backup is restored, and every picture the snapshot names is there.
	liveMedia, restoredMedia := files(t, s.src.MediaDir), files(t, filepath.Join(dir, MediaFolder))
	for name, data := range restoredMedia {
		if string(liveMedia[name]) != string(data) {
			t.Errorf("media file %s differs from the live one (%d bytes restored, %d live)", name, len(data), len(liveMedia[name]))
		}
	}
	for name := range mediaBefore {
		if _, ok := restoredMedia[name]; !ok {
			t.Errorf("media file %s, there before the backup, is not restored", name)
		}
	}
	for _, row := range dump(t, restored, `SELECT name || ext FROM media`) {
		name := strings.Trim(row, `["]`)
		if _, ok := restoredMedia[name]; !ok {
			t.Errorf("the restored database names picture %s, which is not restored", name)
		}
	}
	if len(restoredMedia) < len(mediaBefore) || len(restoredMedia) == 0 {
		t.Errorf("%d media files restored, %d were there before the backup", len(restoredMedia), len(mediaBefore))
	}

	// The restored folder is a site the store opens.
	st, err := sqlite.Open(ctx, restoredDB)
	must(t, err)
	defer st.Close()
	must(t, st.Ready(ctx))
	if _, err := st.ArticleByID(ctx, s.article.ID); err != nil {
		t.Errorf("the restored site's article: %v", err)
	}
}

// A backup without compression restores as well, and the archive is a
// plain tar file: the manifest is its last entry.
func TestAnUncompressedBackupRestores(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	_, err := s.picture(1)
	must(t, err)
	archive := filepath.Join(t.TempDir(), "site.tar")
	if _, err := Create(ctx, archive, s.src, Options{}); err != nil {
		t.Fatal(err)
	}
	head := make([]byte, 2)
	f, err := os.Open(archive)
	must(t, err)
	io.ReadFull(f, head)
	f.Close()
	if head[0] == 0x1f && head[1] == 0x8b {
		t.Fatal("a .tar backup is gzip-compressed")
	}
	dir := t.TempDir() // exists and is empty
	if _, err := Restore(ctx, archive, dir, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	if got, want := files(t, filepath.Join(dir, MediaFolder)), files(t, s.src.MediaDir); !maps.EqualFunc(got, want, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Errorf("restored media %v, want %v", slices.Sorted(maps.Keys(got)), slices.Sorted(maps.Keys(want)))
	}
	entries, _ := os.ReadDir(dir)
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	if !slices.Equal(names, []string{DatabaseName, MediaFolder}) {
		t.Errorf("the data folder holds %v after the restore, want the database and the media folder only", names)
	}
}

// A site without a media folder backs up and restores without one.
func TestASiteWithoutPicturesBacksUp(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	archive := filepath.Join(t.TempDir(), "site.tgz")
	m, err := Create(ctx, archive, s.src, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Files) != 1 || m.Files[0].Path != DatabaseName {
		t.Errorf("manifest files %+v, want the database alone", m.Files)
	}
	dir := filepath.Join(t.TempDir(), "data")
	if _, err := Restore(ctx, archive, dir, RestoreOptions{}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, DatabaseName)); err != nil {
		t.Error(err)
	}
}

func TestCreateRefuses(t *testing.T) {
	ctx := context.Background()
	s := newSite(t)
	existing := filepath.Join(t.TempDir(), "old.tar.gz")
	must(t, os.WriteFile(existing, []byte("last week's backup"), 0o644))
	for _, tc := range []struct {
		name string
		path string
		src  Source
		want string
	}{
		{"an existing file is never replaced", existing, s.src, "already exists: choose a new name"},
		{"a missing database is not made up", filepath.Join(t.TempDir(), "b.tar"), Source{Database: filepath.Join(t.TempDir(), "none.db")}, "no database at"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before, _ := os.ReadDir(filepath.Dir(tc.path))
			_, err := Create(ctx, tc.path, tc.src, Options{})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("Create = %v, want an error with %q", err, tc.want)
			}
			after, _ := os.ReadDir(filepath.Dir(tc.path))
			if len(after) != len(before) {
				t.Errorf("the folder held %d entries before and %d after", len(before), len(after))
			}
		})
	}
	if data, _ := os.ReadFile(existing); string(data) != "last week's backup" {
		t.Errorf("the existing file now holds %q", data)
	}
}
