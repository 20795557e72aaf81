package pgtest

import (
	"context"
	"fmt"
	"net"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// Cluster is a PostgreSQL server of a test's own, made with Debian's
// binaries in a temporary folder and listening on a free loopback port:
// for what the shared test server cannot show, such as a streaming
// standby. It is stopped and removed when the test ends.
type Cluster struct {
	// URL is its postgres database, as the superuser postgres (trust on
	// loopback).
	URL string

	t    testing.TB
	bin  string // the folder of initdb, pg_ctl, pg_basebackup, postgres
	dir  string // the data folder
	port int
	asPG bool // run the binaries as the user postgres: the server refuses root
}

// StreamingPair starts a primary and a streaming standby of it, made by
// pg_basebackup -R, each a Cluster of the test's own. Without Debian's
// PostgreSQL binaries (/usr/lib/postgresql/*/bin, from the postgresql
// package) it skips, and in CI (CI set) it fails instead.
func StreamingPair(t testing.TB) (primary, standby *Cluster) {
	t.Helper()
	bin := binaries(t)
	root := workDir(t)
	primary = &Cluster{t: t, bin: bin, dir: filepath.Join(root, "primary"), port: freePort(t), asPG: os.Geteuid() == 0}
	primary.run("initdb", "-D", primary.dir, "-U", "postgres", "--auth=trust", "--no-sync", "--no-locale", "-E", "UTF8")
	primary.Start()
	standby = &Cluster{t: t, bin: bin, dir: filepath.Join(root, "standby"), port: freePort(t), asPG: primary.asPG}
	// A fast checkpoint, so that the copy begins at once.
	standby.run("pg_basebackup", "-h", "127.0.0.1", "-p", strconv.Itoa(primary.port), "-U", "postgres",
		"-D", standby.dir, "-R", "-X", "stream", "-c", "fast", "--no-sync")
	standby.Start()
	return primary, standby
}

// binaries is the newest of Debian's PostgreSQL bin folders.
func binaries(t testing.TB) string {
	t.Helper()
	found, _ := filepath.Glob("/usr/lib/postgresql/*/bin/pg_basebackup")
	if len(found) == 0 {
		if os.Getenv("CI") != "" {
			t.Fatal("no /usr/lib/postgresql/*/bin/pg_basebackup: CI runs the streaming standby test (.ci/run installs postgresql)")
		}
		t.Skip("no /usr/lib/postgresql/*/bin/pg_basebackup: apt-get install postgresql for the streaming standby test")
	}
	version := func(path string) int {
		n, _ := strconv.Atoi(filepath.Base(filepath.Dir(filepath.Dir(path))))
		return n
	}
	slices.SortFunc(found, func(a, b string) int { return version(a) - version(b) })
	return filepath.Dir(found[len(found)-1])
}

// workDir is a temporary folder for the clusters' data, which the user
// postgres owns when the test runs as root.
func workDir(t testing.TB) string {
	t.Helper()
	dir, err := os.MkdirTemp("", "dateline-pg-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	if os.Geteuid() == 0 {
		u, err := user.Lookup("postgres")
		if err != nil {
			t.Fatalf("PostgreSQL will not run as root, and there is no user postgres to run it as: %v", err)
		}
		uid, _ := strconv.Atoi(u.Uid)
		gid, _ := strconv.Atoi(u.Gid)
		if err := os.Chown(dir, uid, gid); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func freePort(t testing.TB) int {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port
}

// run runs one of the binaries, as postgres when the test is root, and
// fails the test with its output when it fails.
func (c *Cluster) run(name string, args ...string) {
	c.t.Helper()
	cmd := exec.Command(filepath.Join(c.bin, name), args...)
	if c.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", filepath.Join(c.bin, name)}, args...)...)
	}
	cmd.Dir = os.TempDir()
	if out, err := cmd.CombinedOutput(); err != nil {
		log, _ := os.ReadFile(filepath.Join(c.dir, "server.log"))
		c.t.Fatalf("%s %s: %v\n%s\n%s", name, strings.Join(args, " "), err, out, log)
	}
}

// Start starts the server and waits until it takes connections (a
// standby: until it answers reads). It is stopped when the test ends.
func (c *Cluster) Start() {
	c.t.Helper()
	// Durability is not what these tests are about: no flushes to disk.
	opts := fmt.Sprintf("-p %d -c listen_addresses=127.0.0.1 -c unix_socket_directories=%s -c fsync=off"+
		" -c full_page_writes=off -c shared_buffers=16MB -c max_connections=40", c.port, c.dir)
	c.run("pg_ctl", "-D", c.dir, "-l", filepath.Join(c.dir, "server.log"), "-o", opts, "-w", "-t", "60", "start")
	c.URL = fmt.Sprintf("postgres://postgres@127.0.0.1:%d/postgres?sslmode=disable", c.port)
	c.t.Cleanup(c.stop)
}

// Stop stops the server now, as an operator's fast shutdown does:
// sessions are ended and new connections refused.
func (c *Cluster) Stop() {
	c.t.Helper()
	c.run("pg_ctl", "-D", c.dir, "-m", "fast", "-w", "stop")
}

// stop stops the server at the end of the test, if it still runs.
func (c *Cluster) stop() {
	if _, err := os.Stat(filepath.Join(c.dir, "postmaster.pid")); err != nil {
		return
	}
	name := filepath.Join(c.bin, "pg_ctl")
	args := []string{"-D", c.dir, "-m", "immediate", "-w", "stop"}
	cmd := exec.Command(name, args...)
	if c.asPG {
		cmd = exec.Command("runuser", append([]string{"-u", "postgres", "--", name}, args...)...)
	}
	cmd.Run()
}

// WaitReplayed waits until standby has replayed everything primary has
// written so far, for at most 20 seconds.
func WaitReplayed(t testing.TB, primary, standby *Cluster) {
	t.Helper()
	ctx := context.Background()
	p, err := pgx.Connect(ctx, primary.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close(ctx)
	s, err := pgx.Connect(ctx, standby.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close(ctx)
	var want int64
	if err := p.QueryRow(ctx, `SELECT (pg_current_wal_insert_lsn() - '0/0')::bigint`).Scan(&want); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		var got *int64
		if err := s.QueryRow(ctx, `SELECT (pg_last_wal_replay_lsn() - '0/0')::bigint`).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if got != nil && *got >= want {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the standby replayed to %v, not %d, in 20 seconds", got, want)
		}
	}
}
