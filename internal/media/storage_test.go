package media

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestDir(t *testing.T) {
	t.Parallel()
	ctx := context.Background()

	t.Run("Put writes the file in its folder, creating the folders", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		if err := Dir(dir).Put(ctx, "2025/07/a.jpg", strings.NewReader("pixels")); err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join(dir, "2025", "07", "a.jpg"))
		if err != nil || string(got) != "pixels" {
			t.Errorf("file holds %q (%v)", got, err)
		}
		if names := files(t, dir); !slices.Equal(names, []string{"2025/07/a.jpg"}) {
			t.Errorf("files %q: the temporary file was left", names)
		}
	})

	t.Run("Put creates the media folder itself when it is missing", func(t *testing.T) {
		t.Parallel()
		dir := filepath.Join(t.TempDir(), "data", "media")
		if err := Dir(dir).Put(ctx, "a.png", strings.NewReader("x")); err != nil {
			t.Fatal(err)
		}
	})

	t.Run("Put never replaces a file, and says the name is taken", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		d := Dir(dir)
		if err := d.Put(ctx, "a.jpg", strings.NewReader("first")); err != nil {
			t.Fatal(err)
		}
		err := d.Put(ctx, "a.jpg", strings.NewReader("second"))
		if !errors.Is(err, fs.ErrExist) {
			t.Errorf("second Put: %v, want fs.ErrExist", err)
		}
		if got, _ := os.ReadFile(filepath.Join(dir, "a.jpg")); string(got) != "first" {
			t.Errorf("file holds %q, want the first content", got)
		}
		if names := files(t, dir); !slices.Equal(names, []string{"a.jpg"}) {
			t.Errorf("files %q", names)
		}
	})

	t.Run("a Put whose reader fails leaves nothing", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		r := io.MultiReader(strings.NewReader("half a pic"), errReader{})
		if err := Dir(dir).Put(ctx, "2025/07/a.jpg", r); err == nil {
			t.Fatal("Put succeeded")
		}
		if names := files(t, dir); len(names) != 0 {
			t.Errorf("files left: %q", names)
		}
	})

	t.Run("a cancelled Put writes nothing", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		cctx, cancel := context.WithCancel(ctx)
		cancel()
		if err := Dir(dir).Put(cctx, "a.jpg", strings.NewReader("x")); !errors.Is(err, context.Canceled) {
			t.Errorf("Put: %v", err)
		}
		if names := files(t, dir); len(names) != 0 {
			t.Errorf("files left: %q", names)
		}
	})

	t.Run("names that could reach outside the folder or hide are refused", func(t *testing.T) {
		t.Parallel()
		parent := t.TempDir()
		dir := filepath.Join(parent, "media")
		for _, name := range []string{"../a.jpg", "/etc/a.jpg", "a/../../b.jpg", ".hidden.jpg", "2025/.x/a.jpg",
			`a\b.jpg`, "c:a.jpg", "", ".", "a//b.jpg", "a/"} {
			if err := Dir(dir).Put(ctx, name, strings.NewReader("x")); err == nil {
				t.Errorf("Put(%q) succeeded", name)
			}
			if err := Dir(dir).Delete(ctx, name); err == nil {
				t.Errorf("Delete(%q) succeeded", name)
			}
		}
		if names := files(t, parent); len(names) != 0 {
			t.Errorf("files written: %q", names)
		}
	})

	t.Run("Delete removes a file, and a missing one is not an error", func(t *testing.T) {
		t.Parallel()
		dir := t.TempDir()
		d := Dir(dir)
		if err := d.Put(ctx, "2025/07/a.jpg", strings.NewReader("x")); err != nil {
			t.Fatal(err)
		}
		for range 2 {
			if err := d.Delete(ctx, "2025/07/a.jpg"); err != nil {
				t.Fatal(err)
			}
		}
		if err := Dir(filepath.Join(dir, "missing")).Delete(ctx, "a.jpg"); err != nil {
			t.Errorf("Delete in a missing folder: %v", err)
		}
		if names := files(t, dir); len(names) != 0 {
			t.Errorf("files left: %q", names)
		}
	})
}

type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("connection reset") }
