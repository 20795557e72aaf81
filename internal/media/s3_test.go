package media_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"io"
	"io/fs"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"dateline/internal/content"
	"dateline/internal/media"
	"dateline/internal/media/mediatest"
)

// The S3 storage against a real S3 server (SeaweedFS), as every node of a
// site would use it.
func TestS3(t *testing.T) {
	cfg := mediatest.Start(t)
	ctx := context.Background()
	s3, err := media.OpenS3(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}

	t.Run("what is put is read back whole, with its size", func(t *testing.T) {
		if err := s3.Put(ctx, "2025/07/a.jpg", strings.NewReader("pixels")); err != nil {
			t.Fatal(err)
		}
		f, err := s3.Open(ctx, "2025/07/a.jpg")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		got, _ := io.ReadAll(f)
		if string(got) != "pixels" || f.Size != 6 || f.ModTime.IsZero() {
			t.Errorf("read %q, size %d, time %v", got, f.Size, f.ModTime)
		}
		// Ranges, as http.ServeContent asks for them.
		if _, err := f.Seek(2, io.SeekStart); err != nil {
			t.Fatal(err)
		}
		rest, _ := io.ReadAll(f)
		if string(rest) != "xels" {
			t.Errorf("after a seek: %q", rest)
		}
	})

	t.Run("a name is never replaced", func(t *testing.T) {
		if err := s3.Put(ctx, "b.jpg", strings.NewReader("first")); err != nil {
			t.Fatal(err)
		}
		if err := s3.Put(ctx, "b.jpg", strings.NewReader("second")); !errors.Is(err, fs.ErrExist) {
			t.Errorf("second Put: %v, want fs.ErrExist", err)
		}
		f, err := s3.Open(ctx, "b.jpg")
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		if got, _ := io.ReadAll(f); string(got) != "first" {
			t.Errorf("object holds %q", got)
		}
	})

	t.Run("a missing name is fs.ErrNotExist, and deleting it is no error", func(t *testing.T) {
		if _, err := s3.Open(ctx, "nope.jpg"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Open: %v", err)
		}
		if err := s3.Delete(ctx, "nope.jpg"); err != nil {
			t.Errorf("Delete: %v", err)
		}
	})

	t.Run("delete removes the object", func(t *testing.T) {
		if err := s3.Put(ctx, "c.jpg", strings.NewReader("x")); err != nil {
			t.Fatal(err)
		}
		if err := s3.Delete(ctx, "c.jpg"); err != nil {
			t.Fatal(err)
		}
		if _, err := s3.Open(ctx, "c.jpg"); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("after Delete, Open: %v", err)
		}
	})

	t.Run("names that could leave the prefix are refused", func(t *testing.T) {
		for _, name := range []string{"../x.jpg", "/abs.jpg", ".hidden.jpg", "a/../../b.jpg", `a\b.jpg`, ""} {
			if err := s3.Put(ctx, name, strings.NewReader("x")); err == nil {
				t.Errorf("Put(%q) accepted", name)
			}
		}
	})

	t.Run("an upload through the media service lands in the bucket", func(t *testing.T) {
		pc := cfg
		pc.Prefix = "site/media"
		store, err := media.OpenS3(ctx, pc)
		if err != nil {
			t.Fatal(err)
		}
		images := &imageRecorder{}
		svc := media.New(media.Config{Store: images, Storage: store, Widths: []int{64}})
		im, err := svc.Save(ctx, media.Upload{Filename: "flood.png", Alt: "A flooded street"}, bytes.NewReader(pngPicture(t, 200, 100)))
		if err != nil {
			t.Fatal(err)
		}
		client := mediatest.Shared().Client(t)
		var keys []string
		for obj := range client.ListObjects(ctx, cfg.Bucket, minio.ListObjectsOptions{Prefix: "site/media/", Recursive: true}) {
			if obj.Err != nil {
				t.Fatal(obj.Err)
			}
			keys = append(keys, obj.Key)
		}
		if len(keys) < 2 {
			t.Fatalf("bucket holds %q, want the original and a 64 px copy", keys)
		}
		f, err := store.Open(ctx, strings.TrimPrefix(im.URL(), "/media/"))
		if err != nil {
			t.Fatalf("the saved picture %q is not in the bucket: %v", im.URL(), err)
		}
		f.Close()
	})

	t.Run("a wrong key or a missing bucket stops the server at start", func(t *testing.T) {
		bad := cfg
		bad.SecretKey = "wrong"
		if _, err := media.OpenS3(ctx, bad); err == nil {
			t.Error("a wrong secret key was accepted")
		}
		missing := cfg
		missing.Bucket = "no-such-bucket"
		if _, err := media.OpenS3(ctx, missing); err == nil || !strings.Contains(err.Error(), "no bucket") {
			t.Errorf("missing bucket: %v", err)
		}
	})
}

func TestParseS3(t *testing.T) {
	env := func(k string) string {
		return map[string]string{"AWS_ACCESS_KEY_ID": "AK", "AWS_SECRET_ACCESS_KEY": "SK"}[k]
	}
	cfg, err := media.ParseS3("s3://pictures/news/media?endpoint=127.0.0.1:8333&insecure=1&region=eu-west-1", env)
	if err != nil {
		t.Fatal(err)
	}
	want := media.S3Config{Endpoint: "127.0.0.1:8333", Bucket: "pictures", Prefix: "news/media", Region: "eu-west-1",
		AccessKey: "AK", SecretKey: "SK", Insecure: true}
	if cfg != want {
		t.Errorf("got %+v, want %+v", cfg, want)
	}
	if cfg, _ := media.ParseS3("s3://pictures", env); cfg.Endpoint != "s3.amazonaws.com" || cfg.Insecure {
		t.Errorf("default endpoint: %+v", cfg)
	}
	for _, bad := range []string{"pictures", "http://x/y", "s3://", "s3://AK:SK@pictures", "s3://b/../x?endpoint=h:1"} {
		if _, err := media.ParseS3(bad, env); err == nil {
			t.Errorf("ParseS3(%q) accepted", bad)
		}
	}
	if _, err := media.ParseS3("s3://pictures", func(string) string { return "" }); err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID") {
		t.Errorf("no keys: %v", err)
	}
}

// imageRecorder is the image table of a store, for the service.
type imageRecorder struct{ images []content.Image }

func (r *imageRecorder) CreateImage(_ context.Context, im *content.Image) error {
	im.ID = int64(len(r.images) + 1)
	r.images = append(r.images, *im)
	return nil
}
func (r *imageRecorder) ImageByID(_ context.Context, id int64) (content.Image, error) {
	return r.images[id-1], nil
}
func (r *imageRecorder) UpdateImageText(context.Context, int64, string, string, string) error {
	return nil
}

func pngPicture(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}
