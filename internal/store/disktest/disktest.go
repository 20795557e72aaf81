//go:build linux

// Package disktest gives tests the disks operators meet on a bad day: a
// small file system that fills up, one that the kernel remounts read-only
// after an error, files made immutable. The file systems are real (a
// tmpfs of a fixed size, an ext4 image on a loop device), so what the
// program meets is what the kernel answers, not a mock's idea of it.
//
// Mounting needs root. Without it a test fails when CI=true (a test that
// CI skips is a test that does not exist) and is skipped with the reason
// otherwise. Every mount is undone when the test ends.
package disktest

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// unavailable fails the test in CI and skips it elsewhere: a machine
// where mounting is refused cannot run it.
func unavailable(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s; CI must run this test as root", msg)
	}
	t.Skipf("%s: this test needs root (CI runs it)", msg)
}

// run runs a command and fails the test with its output if it fails.
func run(t testing.TB, name string, args ...string) {
	t.Helper()
	if out, err := exec.Command(name, args...).CombinedOutput(); err != nil {
		t.Fatalf("%s %s: %v\n%s", name, strings.Join(args, " "), err, out)
	}
}

// unmountAtCleanup unmounts dir when the test ends; a mount still busy
// (a process the test started did not let go) is detached lazily, so no
// test leaves a mount behind.
func unmountAtCleanup(t testing.TB, dir string) {
	t.Cleanup(func() {
		if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
			t.Logf("umount %s: %v: %s; detaching it lazily", dir, err, out)
			exec.Command("umount", "-l", dir).Run()
		}
	})
}

// Tmpfs mounts a tmpfs of size bytes on a new folder and returns the
// folder.
func Tmpfs(t testing.TB, size int64) string {
	t.Helper()
	dir := t.TempDir()
	MountTmpfs(t, dir, size)
	return dir
}

// MountTmpfs mounts a tmpfs of size bytes on the folder dir, which must
// exist: a media folder of its own inside a data folder, say.
func MountTmpfs(t testing.TB, dir string, size int64) {
	t.Helper()
	if _, err := exec.LookPath("mount"); err != nil {
		unavailable(t, "no mount command")
	}
	out, err := exec.Command("mount", "-t", "tmpfs", "-o", fmt.Sprintf("size=%d,mode=0755", size), "tmpfs", dir).CombinedOutput()
	if err != nil {
		unavailable(t, "mount -t tmpfs %s: %v: %s", dir, err, strings.TrimSpace(string(out)))
	}
	unmountAtCleanup(t, dir)
}

// Remount mounts the file system at dir again, read-only or read-write.
// The kernel refuses to make a file system read-only while a file on it
// is open for writing (a database in use): this is for folders that hold
// none, such as a media folder between uploads.
func Remount(t testing.TB, dir string, readOnly bool) {
	t.Helper()
	mode := "rw"
	if readOnly {
		mode = "ro"
	}
	run(t, "mount", "-o", "remount,"+mode, dir)
}

// Fill writes a file in dir until the file system holding it has no room
// left (ENOSPC) but leave bytes (rounded to its blocks), and returns the
// function that deletes the file again. Other write errors fail the test.
func Fill(t testing.TB, dir string, leave int64) (free func()) {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		t.Fatalf("fill %s: %v", dir, err)
	}
	chunk := make([]byte, 64<<10)
	var size int64
	for n := len(chunk); n > 0; {
		wrote, err := f.Write(chunk[:n])
		size += int64(wrote)
		switch {
		case errors.Is(err, syscall.ENOSPC):
			n /= 2 // the last blocks, until not one byte fits
		case err != nil:
			f.Close()
			t.Fatalf("fill %s: %v", dir, err)
		}
	}
	if leave > 0 {
		if leave > size {
			f.Close()
			t.Fatalf("fill %s: only %d bytes were free, fewer than the %d to leave", dir, size, leave)
		}
		if err := f.Truncate(size - leave); err != nil {
			f.Close()
			t.Fatalf("fill %s: %v", dir, err)
		}
	}
	if err := f.Sync(); err != nil && !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("fill %s: %v", dir, err)
	}
	f.Close()
	removed := false
	free = func() {
		if !removed {
			removed = true
			if err := os.Remove(path); err != nil {
				t.Errorf("free %s: %v", dir, err)
			}
		}
	}
	t.Cleanup(free)
	return free
}

// Ext4 is an ext4 file system in an image file, mounted through a loop
// device with errors=remount-ro, as a server's data disk usually is.
type Ext4 struct {
	Dir   string // where it is mounted
	image string
}

// NewExt4 makes an ext4 file system of size bytes and mounts it on a new
// folder.
func NewExt4(t testing.TB, size int64) *Ext4 {
	t.Helper()
	for _, tool := range []string{"mount", "mkfs.ext4", "e2fsck", "chattr"} {
		if _, err := exec.LookPath(tool); err != nil {
			unavailable(t, "no %s (e2fsprogs)", tool)
		}
	}
	e := &Ext4{Dir: t.TempDir(), image: filepath.Join(t.TempDir(), "disk.img")}
	if err := os.WriteFile(e.image, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := os.Truncate(e.image, size); err != nil {
		t.Fatal(err)
	}
	run(t, "mkfs.ext4", "-q", "-F", e.image)
	e.mount(t)
	return e
}

func (e *Ext4) mount(t testing.TB) {
	t.Helper()
	out, err := exec.Command("mount", "-o", "loop,errors=remount-ro", e.image, e.Dir).CombinedOutput()
	if err != nil {
		unavailable(t, "mount -o loop %s: %v: %s", e.image, err, strings.TrimSpace(string(out)))
	}
	unmountAtCleanup(t, e.Dir)
}

// Fail makes the kernel meet an error on the file system, as after a bad
// sector: with errors=remount-ro it is remounted read-only at once, files
// open for writing included, and stays so until it is checked (Repair).
func (e *Ext4) Fail(t testing.TB) {
	t.Helper()
	out, err := exec.Command("findmnt", "-n", "-o", "SOURCE", e.Dir).Output()
	if err != nil {
		t.Fatalf("findmnt %s: %v", e.Dir, err)
	}
	dev := filepath.Base(strings.TrimSpace(string(out)))
	trigger := filepath.Join("/sys/fs/ext4", dev, "trigger_fs_error")
	if err := os.WriteFile(trigger, []byte("disktest: a disk error"), 0o200); err != nil {
		unavailable(t, "write %s: %v", trigger, err)
	}
	// The kernel keeps the mount's flags as they were (statfs and
	// access(2) still say writable) and refuses every write.
	f, err := os.CreateTemp(e.Dir, "probe-*")
	if err == nil {
		f.Close()
		os.Remove(f.Name())
	}
	if !errors.Is(err, syscall.EROFS) {
		t.Fatalf("%s still takes writes after the error: %v", e.Dir, err)
	}
}

// Repair does what an operator does after such an error: unmount, check
// the file system with e2fsck and mount it again. Nothing may hold a
// file open on it.
func (e *Ext4) Repair(t testing.TB) {
	t.Helper()
	run(t, "umount", e.Dir)
	// e2fsck exits 1 when it corrected something (the error flag at
	// least); only 4 and above mean it could not.
	cmd := exec.Command("e2fsck", "-f", "-y", e.image)
	out, err := cmd.CombinedOutput()
	if code := cmd.ProcessState.ExitCode(); err != nil && (code < 0 || code >= 4) {
		t.Fatalf("e2fsck %s: %v\n%s", e.image, err, out)
	}
	out, err = exec.Command("mount", "-o", "loop,errors=remount-ro", e.image, e.Dir).CombinedOutput()
	if err != nil {
		t.Fatalf("mount %s again: %v: %s", e.image, err, out)
	}
}

// Immutable makes files immutable (chattr +i), or mutable again: not even
// root may write them, and on ext4 that holds for files already open. The
// folder must be on a file system that supports it.
func Immutable(t testing.TB, immutable bool, paths ...string) {
	t.Helper()
	flag := "-i"
	if immutable {
		flag = "+i"
	}
	run(t, "chattr", append([]string{flag}, paths...)...)
	if immutable {
		t.Cleanup(func() { exec.Command("chattr", append([]string{"-i"}, paths...)...).Run() })
	}
}
