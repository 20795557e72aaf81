//go:build linux

package media

import (
	"bytes"
	"context"
	"errors"
	"slices"
	"testing"

	"dateline/internal/store"
	"dateline/internal/store/disktest"
)

// diskFixture is a Service whose media folder is a small file system of
// its own, with a hook before each file is stored.
func diskFixture(t *testing.T) (fixture, *hookedStorage) {
	t.Helper()
	dir := disktest.Tmpfs(t, 16<<20)
	st := &fakeStore{}
	hooked := &hookedStorage{Storage: Dir(dir)}
	return fixture{svc: New(Config{Store: st, Storage: hooked, Now: july}), dir: dir, store: st}, hooked
}

func upload(t *testing.T, fx fixture) error {
	t.Helper()
	_, err := fx.svc.Save(context.Background(), Upload{Filename: "flood.jpg", Alt: "The river over its banks"},
		bytes.NewReader(jpegOf(t, picture(1200, 800))))
	return err
}

// A media folder remounted read-only refuses an upload with
// store.ErrReadOnly, leaving no file and no row; uploads go through again
// once it is writable.
func TestAReadOnlyMediaFolderRefusesUploadsAndLeavesNothing(t *testing.T) {
	fx, _ := diskFixture(t)
	if err := upload(t, fx); err != nil {
		t.Fatal(err)
	}
	before := files(t, fx.dir)
	calls, _ := fx.store.snapshot()

	disktest.Remount(t, fx.dir, true)
	err := upload(t, fx)
	disktest.Remount(t, fx.dir, false)
	if !errors.Is(err, store.ErrReadOnly) {
		t.Fatalf("upload to a read-only folder: %v; want store.ErrReadOnly", err)
	}
	if got := files(t, fx.dir); !slices.Equal(got, before) {
		t.Errorf("files after the refused upload: %q; want only the first upload's %q", got, before)
	}
	if n, _ := fx.store.snapshot(); n != calls {
		t.Errorf("the refused upload asked the store %d times", n-calls)
	}
	if h := fx.svc.Writes().Err(); !errors.Is(h, store.ErrReadOnly) {
		t.Errorf("write health after the refusal: %v", h)
	}

	if err := upload(t, fx); err != nil {
		t.Fatalf("upload once the folder is writable: %v", err)
	}
	if h := fx.svc.Writes().Err(); h != nil {
		t.Errorf("write health once an upload went through: %v", h)
	}
}

// A disk that fills up in the middle of an upload (the picture stored,
// its first resized copy not) refuses it with store.ErrFull and takes
// back what was written: no file, half-written or whole, and no row.
func TestAMediaFolderFillingUpDuringAnUploadLeavesNothing(t *testing.T) {
	fx, hooked := diskFixture(t)
	var free func()
	hooked.before = func(n int, name string) error {
		if n == 2 {
			free = disktest.Fill(t, fx.dir, 0)
		}
		return nil
	}
	err := upload(t, fx)
	if !errors.Is(err, store.ErrFull) {
		t.Fatalf("upload to a folder that filled up: %v; want store.ErrFull", err)
	}
	if got := files(t, fx.dir); !slices.Equal(got, []string{"filler"}) {
		t.Errorf("files after the refused upload: %q; want only the filler", got)
	}
	if calls, _ := fx.store.snapshot(); calls != 0 {
		t.Errorf("the refused upload asked the store %d times", calls)
	}

	free()
	hooked.before = nil
	if err := upload(t, fx); err != nil {
		t.Fatalf("upload once there is room: %v", err)
	}
}
