package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/minio/minio-go/v7"

	"dateline/internal/changes"
	"dateline/internal/content"
	"dateline/internal/media/mediatest"
)

// TestMain stops the S3 server the tests shared.
func TestMain(m *testing.M) { os.Exit(mediatest.Main(m)) }

// Two nodes on one database and one bucket (a real S3 server): a picture
// uploaded through one node's API is in the bucket, not in the node's
// folder, and the other node serves it at the address the API gave.
func TestAPictureUploadedOnOneNodeIsServedByAnother(t *testing.T) {
	bucket := mediatest.Start(t)
	a := newEventsApp(t, func(c *Config) { c.MediaStore = &bucket })
	ctx := context.Background()
	b, err := assemble(ctx, Config{Data: t.TempDir(), DB: a.db, BaseURL: "https://news.example",
		WeatherURL: "http://127.0.0.1:9", MediaStore: &bucket}, a.st, &changes.Feed{}, noEnv, slog.New(slog.DiscardHandler))
	noError(t, err)
	s := &scene{eventsApp: a, t: t}

	picture := tinyPNG(t)
	body, ctype := multipartBody(t, map[string][]string{"alt": {"Water in the street"}}, "file", "street.png", picture)
	r := httptest.NewRequest(http.MethodPost, "https://news.example/api/v1/media", body)
	r.Header.Set("Content-Type", ctype)
	r.Header.Set("Authorization", "Bearer "+a.tokens[content.RoleAuthor])
	w := s.send(nil, r)
	if w.Code != http.StatusCreated {
		t.Fatalf("upload: %d %s", w.Code, w.Body)
	}
	var up struct{ URL string }
	noError(t, json.Unmarshal(w.Body.Bytes(), &up))
	path := strings.TrimPrefix(up.URL, "https://news.example")
	if !strings.HasPrefix(path, "/media/") {
		t.Fatalf("the picture's address %q", up.URL)
	}

	served := httptest.NewRecorder()
	b.front.Handler().ServeHTTP(served, httptest.NewRequest(http.MethodGet, "https://news.example"+path, nil))
	if served.Code != http.StatusOK || served.Header().Get("Content-Type") != "image/png" ||
		!strings.Contains(served.Header().Get("Cache-Control"), "immutable") {
		t.Fatalf("the other node answers %d %q %q", served.Code, served.Header().Get("Content-Type"), served.Header().Get("Cache-Control"))
	}
	if got := served.Body.Bytes(); !bytes.HasPrefix(got, []byte("\x89PNG")) {
		t.Errorf("the other node serves %d bytes that are not the PNG", len(got))
	}
	// A range, as a browser resuming a download asks.
	rr := httptest.NewRequest(http.MethodGet, "https://news.example"+path, nil)
	rr.Header.Set("Range", "bytes=1-3")
	part := httptest.NewRecorder()
	b.front.Handler().ServeHTTP(part, rr)
	if part.Code != http.StatusPartialContent || part.Body.String() != "PNG" {
		t.Errorf("a range: %d %q", part.Code, part.Body)
	}

	name := strings.TrimPrefix(path, "/media/")
	obj, err := mediatest.Shared().Client(t).GetObject(ctx, bucket.Bucket, name, minio.GetObjectOptions{})
	noError(t, err)
	inBucket, err := io.ReadAll(obj)
	noError(t, err)
	if len(inBucket) == 0 {
		t.Error("the bucket has no object under the picture's name")
	}
	if _, err := os.Stat(filepath.Join(a.data, "media", filepath.FromSlash(name))); !os.IsNotExist(err) {
		t.Errorf("the node kept a copy in its own folder (%v)", err)
	}

	missing := httptest.NewRecorder()
	b.front.Handler().ServeHTTP(missing, httptest.NewRequest(http.MethodGet, "https://news.example/media/2020/01/nope.png", nil))
	if missing.Code != http.StatusNotFound {
		t.Errorf("a missing picture: %d", missing.Code)
	}
}
