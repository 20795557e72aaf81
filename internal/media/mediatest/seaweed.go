// Package mediatest starts a real S3 server for tests: SeaweedFS's weed
// command, built by tools/seaweedfs/build.sh, on loopback ports, with keys
// that every request is signed with as in production.
package mediatest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/minio/minio-go/v7"
	"github.com/minio/minio-go/v7/pkg/credentials"

	"dateline/internal/media"
)

// WeedEnv names the weed binary the tests run. CI sets it (.ci/run); a
// test that needs it fails in CI when it is missing and skips elsewhere.
const WeedEnv = "DATELINE_TEST_WEED"

// Server is one running SeaweedFS with its S3 gateway.
type Server struct {
	Endpoint             string // host:port of the S3 gateway
	AccessKey, SecretKey string
	cmd                  *exec.Cmd
	dir                  string
}

// Main runs a package's tests and then stops the server they shared and
// removes its folder: call it from TestMain, os.Exit(mediatest.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if shared != nil {
		shared.cmd.Process.Kill()
		shared.cmd.Wait()
		os.RemoveAll(shared.dir)
	}
	return code
}

var (
	once    sync.Once
	shared  *Server
	sharedE error
)

// Start gives the test a SeaweedFS shared by the package's tests (one per
// test binary: it takes seconds to start) and a fresh bucket in it, and
// returns the store's settings for that bucket.
func Start(t testing.TB) media.S3Config {
	t.Helper()
	bin := os.Getenv(WeedEnv)
	if bin == "" {
		if os.Getenv("CI") != "" {
			t.Fatalf("%s is not set: CI builds weed with tools/seaweedfs/build.sh", WeedEnv)
		}
		t.Skipf("no S3 server: set %s to a weed binary (tools/seaweedfs/build.sh prints its path)", WeedEnv)
	}
	once.Do(func() { shared, sharedE = start(bin) })
	if sharedE != nil {
		t.Fatal(sharedE)
	}
	cfg := media.S3Config{Endpoint: shared.Endpoint, Bucket: "test-" + randomHex(6),
		AccessKey: shared.AccessKey, SecretKey: shared.SecretKey, Insecure: true}
	client := shared.Client(t)
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := client.MakeBucket(ctx, cfg.Bucket, minio.MakeBucketOptions{}); err != nil {
		t.Fatalf("make bucket %s: %v", cfg.Bucket, err)
	}
	return cfg
}

// Client is an S3 client of the server, for a test to look behind the store.
func (s *Server) Client(t testing.TB) *minio.Client {
	c, err := minio.New(s.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(s.AccessKey, s.SecretKey, ""), Secure: false})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// Shared is the running server, after Start.
func Shared() *Server { return shared }

// start runs weed in a temporary folder until Main stops it (or, should
// the test binary die first, until the kernel ends it: Pdeathsig).
func start(bin string) (*Server, error) {
	dir, err := os.MkdirTemp("", "dateline-weed-")
	if err != nil {
		return nil, err
	}
	s := &Server{AccessKey: "dateline-" + randomHex(4), SecretKey: randomHex(20), dir: dir}
	conf := map[string]any{"identities": []any{map[string]any{
		"name":        "dateline",
		"credentials": []any{map[string]string{"accessKey": s.AccessKey, "secretKey": s.SecretKey}},
		"actions":     []string{"Admin", "Read", "Write", "List", "Tagging"},
	}}}
	raw, _ := json.Marshal(conf)
	confPath := filepath.Join(dir, "s3.json")
	if err := os.WriteFile(confPath, raw, 0o600); err != nil {
		return nil, err
	}
	ports, err := freePorts(4)
	if err != nil {
		return nil, err
	}
	s.Endpoint = "127.0.0.1:" + strconv.Itoa(ports[3])
	// Every test's bucket is a collection of its own, which takes volumes
	// of its own: with -volume.max=8 a test binary that made a few
	// buckets got "internal error" on its next put (the two-node test
	// after the move tests in cmd/dateline). Volumes grow with what is
	// written, so a high limit costs no disk.
	cmd := exec.Command(bin, "server", "-dir="+filepath.Join(dir, "data"), "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
		"-master.port="+strconv.Itoa(ports[0]), "-master.port.grpc="+strconv.Itoa(ports[0]+10000),
		"-volume.port="+strconv.Itoa(ports[1]), "-volume.port.grpc="+strconv.Itoa(ports[1]+10000),
		"-filer.port="+strconv.Itoa(ports[2]), "-filer.port.grpc="+strconv.Itoa(ports[2]+10000),
		"-s3", "-s3.port="+strconv.Itoa(ports[3]), "-s3.config="+confPath, "-volume.max=100")
	if err := os.MkdirAll(filepath.Join(dir, "data"), 0o755); err != nil {
		return nil, err
	}
	logf, err := os.Create(filepath.Join(dir, "weed.log"))
	if err != nil {
		return nil, err
	}
	cmd.Stdout, cmd.Stderr = logf, logf
	cmd.SysProcAttr = sysProcAttr()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start weed: %w", err)
	}
	s.cmd = cmd
	if err := waitReady(s); err != nil {
		cmd.Process.Kill()
		log, _ := os.ReadFile(logf.Name())
		return nil, fmt.Errorf("weed did not answer S3 on %s: %v; its log ends:\n%s", s.Endpoint, err, tail(log, 2000))
	}
	return s, nil
}

// waitReady waits, within a bound, until the gateway lists buckets with
// the keys: the master, volume and filer behind it are up by then.
func waitReady(s *Server) error {
	c, err := minio.New(s.Endpoint, &minio.Options{Creds: credentials.NewStaticV4(s.AccessKey, s.SecretKey, ""), Secure: false})
	if err != nil {
		return err
	}
	deadline := time.Now().Add(60 * time.Second)
	for {
		ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
		_, err = c.ListBuckets(ctx)
		cancel()
		if err == nil {
			return nil
		}
		if time.Now().After(deadline) {
			return err
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// freePorts finds n ports free now, each with its gRPC twin (port+10000)
// free too, as weed listens on both.
func freePorts(n int) ([]int, error) {
	var out []int
	for tries := 0; len(out) < n && tries < 200; tries++ {
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		p := l.Addr().(*net.TCPAddr).Port
		l.Close()
		if p+10000 > 65535 {
			continue
		}
		twin, err := net.Listen("tcp", "127.0.0.1:"+strconv.Itoa(p+10000))
		if err != nil {
			continue
		}
		twin.Close()
		out = append(out, p)
	}
	if len(out) < n {
		return nil, fmt.Errorf("no %d free loopback ports with free gRPC twins", n)
	}
	return out, nil
}

func tail(b []byte, n int) []byte {
	if len(b) > n {
		return b[len(b)-n:]
	}
	return b
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
