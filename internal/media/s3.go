package media

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"path"
	"strings"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"
)

// S3 is Storage in a bucket of S3-compatible object storage (Amazon S3,
// SeaweedFS, MinIO, R2…), which every node of a site reads and writes:
// a picture uploaded on one node is served by all. Objects are named
// PREFIX/NAME with the same names as in Dir.
type S3 struct {
	client *minio.Client
	bucket string
	prefix string
}

// S3Config says where the bucket is and who dateline is to it.
type S3Config struct {
	// Endpoint is the server's host and port, "s3.amazonaws.com" or
	// "127.0.0.1:8333".
	Endpoint string
	// Bucket and Prefix place the objects; Prefix may be empty.
	Bucket, Prefix string
	// Region is the bucket's region; empty lets the client ask.
	Region string
	// AccessKey and SecretKey sign every request (AWS Signature V4).
	AccessKey, SecretKey string
	// Insecure speaks plain HTTP, for a server on the same machine.
	Insecure bool
}

// ParseS3 reads a media store address:
//
//	s3://BUCKET[/PREFIX]?endpoint=HOST:PORT[&region=R][&insecure=1]
//
// The keys come from the environment, as every S3 tool reads them:
// AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, through getenv.
func ParseS3(raw string, getenv func(string) string) (S3Config, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return S3Config{}, fmt.Errorf("media store %q: want s3://BUCKET[/PREFIX]?endpoint=HOST:PORT", raw)
	}
	if u.User != nil {
		return S3Config{}, errors.New("media store: keys do not go in the address; set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")
	}
	q := u.Query()
	cfg := S3Config{
		Endpoint:  q.Get("endpoint"),
		Bucket:    u.Host,
		Prefix:    strings.Trim(u.Path, "/"),
		Region:    q.Get("region"),
		AccessKey: getenv("AWS_ACCESS_KEY_ID"),
		SecretKey: getenv("AWS_SECRET_ACCESS_KEY"),
		Insecure:  q.Get("insecure") == "1" || q.Get("insecure") == "true",
	}
	if cfg.Endpoint == "" {
		cfg.Endpoint = "s3.amazonaws.com"
	}
	if cfg.AccessKey == "" || cfg.SecretKey == "" {
		return S3Config{}, errors.New("media store: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY for the bucket")
	}
	if cfg.Prefix != "" && !validName(cfg.Prefix) {
		return S3Config{}, fmt.Errorf("media store: invalid prefix %q", cfg.Prefix)
	}
	return cfg, nil
}

// OpenS3 connects to the bucket and checks that it is there, so that a
// wrong address or key stops the server at start rather than at the first
// upload.
func OpenS3(ctx context.Context, cfg S3Config) (*S3, error) {
	client, err := minio.New(cfg.Endpoint, &minio.Options{
		Creds:  credentials.NewStaticV4(cfg.AccessKey, cfg.SecretKey, ""),
		Secure: !cfg.Insecure,
		Region: cfg.Region,
	})
	if err != nil {
		return nil, fmt.Errorf("media store: %w", err)
	}
	ok, err := client.BucketExists(ctx, cfg.Bucket)
	if err != nil {
		return nil, fmt.Errorf("media store %s/%s: %w", cfg.Endpoint, cfg.Bucket, err)
	}
	if !ok {
		return nil, fmt.Errorf("media store %s: no bucket %q", cfg.Endpoint, cfg.Bucket)
	}
	return &S3{client: client, bucket: cfg.Bucket, prefix: cfg.Prefix}, nil
}

func (s *S3) key(name string) string {
	if s.prefix == "" {
		return name
	}
	return s.prefix + "/" + name
}

// Put implements Storage. It asks the server to refuse an object that is
// already there (If-None-Match: *); a server that ignores the condition
// is still covered by the check before it, as names are random.
func (s *S3) Put(ctx context.Context, name string, r io.Reader) error {
	if !validName(name) {
		return fmt.Errorf("put %q: invalid file name", name)
	}
	key := s.key(name)
	if _, err := s.client.StatObject(ctx, s.bucket, key, minio.StatObjectOptions{}); err == nil {
		return fmt.Errorf("put %s: %w", name, fs.ErrExist)
	} else if !notFound(err) {
		return fmt.Errorf("put %s: %w", name, err)
	}
	opts := minio.PutObjectOptions{
		ContentType:  contentType(name),
		CacheControl: "public, max-age=31536000, immutable",
	}
	opts.SetMatchETagExcept("*")
	// An object appears whole or not at all: S3 keeps nothing of an upload
	// that did not finish, so a failed Put leaves nothing under the name.
	if _, err := s.client.PutObject(ctx, s.bucket, key, r, -1, opts); err != nil {
		if minio.ToErrorResponse(err).StatusCode == http.StatusPreconditionFailed {
			return fmt.Errorf("put %s: %w", name, fs.ErrExist)
		}
		return fmt.Errorf("put %s: %w", name, err)
	}
	return nil
}

// Delete implements Storage.
func (s *S3) Delete(ctx context.Context, name string) error {
	if !validName(name) {
		return fmt.Errorf("delete %q: invalid file name", name)
	}
	if err := s.client.RemoveObject(ctx, s.bucket, s.key(name), minio.RemoveObjectOptions{}); err != nil && !notFound(err) {
		return fmt.Errorf("delete %s: %w", name, err)
	}
	return nil
}

// Open implements Storage: the object, read in ranges as the answer needs.
func (s *S3) Open(ctx context.Context, name string) (*File, error) {
	if !validName(name) {
		return nil, fmt.Errorf("open %q: %w", name, fs.ErrNotExist)
	}
	obj, err := s.client.GetObject(ctx, s.bucket, s.key(name), minio.GetObjectOptions{})
	if err != nil {
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	info, err := obj.Stat()
	if err != nil {
		obj.Close()
		if notFound(err) {
			return nil, fmt.Errorf("open %s: %w", name, fs.ErrNotExist)
		}
		return nil, fmt.Errorf("open %s: %w", name, err)
	}
	return &File{ReadSeekCloser: obj, Size: info.Size, ModTime: info.LastModified}, nil
}

func notFound(err error) bool {
	code := minio.ToErrorResponse(err).Code
	return code == "NoSuchKey" || code == "NotFound" || minio.ToErrorResponse(err).StatusCode == http.StatusNotFound
}

// contentType is the type a picture is served with, from its extension.
func contentType(name string) string {
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

// File is a stored file open for reading, with what an HTTP answer about
// it needs.
type File struct {
	io.ReadSeekCloser
	Size    int64
	ModTime time.Time
}
