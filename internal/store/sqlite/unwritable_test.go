//go:build linux

package sqlite

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/disktest"
)

// unwritableFixture is a store with a member and a published article in a
// folder of the test's choosing.
func unwritableFixture(t *testing.T, dir string) (*Store, content.Article) {
	t.Helper()
	ctx := context.Background()
	st, err := Open(ctx, filepath.Join(dir, "dateline.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	author := content.User{Email: "ana@example.com", Name: "Ana", Role: content.RoleAuthor}
	if err := st.CreateUser(ctx, &author); err != nil {
		t.Fatal(err)
	}
	a := content.Article{Kind: content.KindPost, Title: "Flood", Format: content.FormatMarkdown, Status: content.StatusPublished,
		PublishedAt: time.Now().Add(-time.Hour), Author: author, CommentsOpen: true}
	if err := st.CreateArticle(ctx, &a); err != nil {
		t.Fatal(err)
	}
	return st, a
}

func comment(a content.Article, n int) *content.Comment {
	return &content.Comment{ArticleID: a.ID, AuthorName: "Reader", AuthorEmail: fmt.Sprintf("r%d@example.com", n),
		Body: fmt.Sprintf("Comment %d", n), Status: content.CommentApproved}
}

// emptyLog checkpoints the log into the database and truncates it. A log
// that SQLite already holds has room for writes even on a full disk; an
// empty one makes the next write need new room.
func emptyLog(t *testing.T, st *Store) {
	t.Helper()
	var busy, log, done int
	if err := st.write.QueryRow(`PRAGMA wal_checkpoint(TRUNCATE)`).Scan(&busy, &log, &done); err != nil || busy != 0 {
		t.Fatalf("checkpoint: busy %d, %v", busy, err)
	}
}

// refusedAs checks that err is the refusal want and that the store's
// write health says so.
func refusedAs(t *testing.T, st *Store, what string, err, want error) {
	t.Helper()
	if !errors.Is(err, want) {
		t.Fatalf("%s on an unwritable disk: %v; want %v", what, err, want)
	}
	if h := st.Writes().Err(); !errors.Is(h, want) {
		t.Fatalf("write health after %s: %v; want %v", what, h, want)
	}
}

func integrityOK(t *testing.T, st *Store) {
	t.Helper()
	var check string
	if err := st.read.QueryRow(`PRAGMA integrity_check`).Scan(&check); err != nil || check != "ok" {
		t.Fatalf("integrity_check: %q, %v", check, err)
	}
}

// On a full disk every kind of write is refused with store.ErrFull
// (transactions, single statements, a batch of comments), reads go on, a
// transaction that writes nothing does not count as the disk taking
// writes again, and the first write after space returns goes through.
func TestAFullDiskRefusesWritesWithErrFullUntilSpaceReturns(t *testing.T) {
	ctx := context.Background()
	dir := disktest.Tmpfs(t, 8<<20)
	st, a := unwritableFixture(t, dir)
	emptyLog(t, st)
	free := disktest.Fill(t, dir, 0)

	err := st.PostComment(ctx, comment(a, 1), false, nil)
	refusedAs(t, st, "a comment", err, store.ErrFull)
	refusedAs(t, st, "a section", st.CreateCategory(ctx, &content.Category{Name: "Weather"}), store.ErrFull)
	refusedAs(t, st, "an article", st.CreateArticle(ctx, &content.Article{Kind: content.KindPost, Title: "Rain",
		Format: content.FormatMarkdown, Status: content.StatusDraft, Author: a.Author}), store.ErrFull)

	if got, err := st.ArticleByID(ctx, a.ID); err != nil || got.Title != "Flood" {
		t.Fatalf("reading on a full disk: %q, %v", got.Title, err)
	}
	if _, err := st.ClaimMail(ctx, time.Now(), time.Minute, 10); err != nil {
		t.Fatalf("a sweep that writes nothing: %v", err)
	}
	if !st.Writes().Refused() {
		t.Fatal("a transaction that wrote nothing counted as the disk taking writes again")
	}
	if full, _ := st.Writes().Refusals(); full != 3 {
		t.Errorf("refusals counted: %d, want 3", full)
	}
	integrityOK(t, st)

	free()
	if err := st.PostComment(ctx, comment(a, 2), false, nil); err != nil {
		t.Fatalf("a comment once space returned: %v", err)
	}
	if err := st.Writes().Err(); err != nil {
		t.Fatalf("write health once a write went through: %v", err)
	}
	got, err := st.ApprovedComments(ctx, a.ID)
	if err != nil || len(got) != 1 || got[0].Body != "Comment 2" {
		t.Fatalf("comments after the full disk: %+v, %v; want only the one accepted", got, err)
	}
	integrityOK(t, st)
}

// A database whose files are made immutable while it is open refuses
// writes with store.ErrReadOnly (SQLite says only "disk I/O error"), reads
// go on, and writes go through again once the files are writable.
func TestImmutableDatabaseFilesRefuseWritesWithErrReadOnly(t *testing.T) {
	ctx := context.Background()
	disk := disktest.NewExt4(t, 32<<20)
	st, a := unwritableFixture(t, disk.Dir)
	files := []string{st.path, st.path + "-wal"}
	disktest.Immutable(t, true, files...)

	refusedAs(t, st, "a comment", st.PostComment(ctx, comment(a, 1), false, nil), store.ErrReadOnly)
	refusedAs(t, st, "a section", st.CreateCategory(ctx, &content.Category{Name: "Weather"}), store.ErrReadOnly)
	if got, err := st.ArticleByID(ctx, a.ID); err != nil || got.Title != "Flood" {
		t.Fatalf("reading a read-only database: %q, %v", got.Title, err)
	}
	if second, err := Open(ctx, st.path); !errors.Is(err, store.ErrReadOnly) {
		if second != nil {
			second.Close()
		}
		t.Fatalf("opening a read-only database: %v; want store.ErrReadOnly", err)
	}

	disktest.Immutable(t, false, files...)
	if err := st.PostComment(ctx, comment(a, 2), false, nil); err != nil {
		t.Fatalf("a comment once the files are writable: %v", err)
	}
	if err := st.Writes().Err(); err != nil {
		t.Fatalf("write health once a write went through: %v", err)
	}
	integrityOK(t, st)
}

// When the kernel remounts the disk read-only after an error, the open
// store refuses writes with store.ErrReadOnly and goes on reading, and a
// store opened then fails with store.ErrReadOnly: a server must not start
// on it. After a check of the disk, everything written before is there.
func TestADiskRemountedReadOnlyRefusesWritesAndOpening(t *testing.T) {
	ctx := context.Background()
	disk := disktest.NewExt4(t, 32<<20)
	st, a := unwritableFixture(t, disk.Dir)
	if err := st.PostComment(ctx, comment(a, 1), false, nil); err != nil {
		t.Fatal(err)
	}
	disk.Fail(t)

	refusedAs(t, st, "a comment", st.PostComment(ctx, comment(a, 2), false, nil), store.ErrReadOnly)
	if got, err := st.ApprovedComments(ctx, a.ID); err != nil || len(got) != 1 {
		t.Fatalf("reading on a read-only disk: %d comments, %v; want 1", len(got), err)
	}
	if second, err := Open(ctx, st.path); !errors.Is(err, store.ErrReadOnly) {
		if second != nil {
			second.Close()
		}
		t.Fatalf("opening a database on a read-only disk: %v; want store.ErrReadOnly", err)
	}

	st.Close()
	disk.Repair(t)
	again, err := Open(ctx, st.path)
	if err != nil {
		t.Fatalf("opening after the repair: %v", err)
	}
	defer again.Close()
	if got, err := again.ApprovedComments(ctx, a.ID); err != nil || len(got) != 1 || got[0].Body != "Comment 1" {
		t.Fatalf("comments after the repair: %+v, %v", got, err)
	}
	if err := again.PostComment(ctx, comment(a, 3), false, nil); err != nil {
		t.Fatalf("a comment after the repair: %v", err)
	}
	integrityOK(t, again)
	if _, err := os.Stat(st.path); err != nil {
		t.Fatal(err)
	}
}

// A database on a file system mounted read-only cannot even be read once
// its log is gone (SQLite needs to make its -shm file): opening it fails
// with store.ErrReadOnly.
func TestOpeningADatabaseOnAReadOnlyMountIsRefused(t *testing.T) {
	dir := disktest.Tmpfs(t, 8<<20)
	st, _ := unwritableFixture(t, dir)
	st.Close()
	disktest.Remount(t, dir, true)
	defer disktest.Remount(t, dir, false)
	again, err := Open(context.Background(), st.path)
	if !errors.Is(err, store.ErrReadOnly) {
		if again != nil {
			again.Close()
		}
		t.Fatalf("opening on a read-only mount: %v; want store.ErrReadOnly", err)
	}
}
