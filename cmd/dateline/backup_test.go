package main

import (
	"context"
	"io"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"dateline/internal/store/postgres/pgtest"
)

func TestBackupAndRestoreCommands(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	sh := func(args ...string) (int, string, string) {
		var out, errOut strings.Builder
		code := run(ctx, args, noEnv, strings.NewReader(""), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	if code, out, errOut := sh("user", "add", "--data", data, "--email", "ana@example.com", "--name", "Ana Reyes", "--role", "admin"); code != 0 {
		t.Fatalf("user add = %d %s %s", code, out, errOut)
	}
	file := filepath.Join(t.TempDir(), "site.tar.gz")
	code, out, errOut := sh("backup", file, "--data", data)
	if code != 0 || !strings.Contains(out, "and 0 media files (0.0 KB) into "+file) || !strings.Contains(errOut, "backup: database snapshot taken") {
		t.Fatalf("backup = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	restored := filepath.Join(t.TempDir(), "data")
	code, out, errOut = sh("restore", "--data", restored, file)
	if code != 0 || !strings.Contains(out, "restored "+file+" into "+restored+": the database at migration") || !strings.Contains(out, "every checksum matched") {
		t.Fatalf("restore = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	code, out, errOut = sh("restore", "--data", restored, file)
	if code != 1 || !strings.Contains(errOut, "add --force") {
		t.Errorf("restore again = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	code, out, _ = sh("restore", "--force", "--data", restored, file)
	if code != 0 || !strings.Contains(out, "what was there is in "+filepath.Join(restored, "replaced-")) {
		t.Errorf("restore --force = %d %s", code, out)
	}
	// The restored site serves the member who was backed up.
	code, out, errOut = sh("token", "create", "--data", restored, "--user", "ana@example.com")
	if code != 0 || !strings.HasPrefix(out, "dl_") {
		t.Errorf("token create on the restored site = %d %s %s", code, out, errOut)
	}
	for _, bad := range []struct {
		args []string
		want string
	}{
		{[]string{"backup", "--data", data}, "needs the backup file"},
		{[]string{"backup", "--data", data, file}, "already exists"},
		{[]string{"backup", "--data", data, "a.tar", "b.tar"}, `unexpected argument "b.tar"`},
		{[]string{"restore", "--data", t.TempDir(), "--db", "sqlite:/elsewhere.db", file}, "unset --db"},
		{[]string{"restore", "--data", filepath.Join(t.TempDir(), "new"), filepath.Join(t.TempDir(), "none.tar.gz")}, "open the backup"},
	} {
		if code, out, errOut := sh(bad.args...); code == 0 || !strings.Contains(out+errOut, bad.want) {
			t.Errorf("%v = %d %q, want an error with %q", bad.args, code, out+errOut, bad.want)
		}
	}
}

// TestBackupAndRestoreCommandsOnPostgres: the same commands given a
// postgres:// --db back the site up with pg_dump and restore it into a
// new database, where the member who was backed up signs in again.
func TestBackupAndRestoreCommandsOnPostgres(t *testing.T) {
	ctx := context.Background()
	db := pgtest.URL(t)
	sh := func(args ...string) (int, string, string) {
		var out, errOut strings.Builder
		code := run(ctx, args, noEnv, strings.NewReader(""), &out, &errOut)
		return code, out.String(), errOut.String()
	}
	data := t.TempDir()
	if code, out, errOut := sh("user", "add", "--db", db, "--data", data, "--email", "ana@example.com", "--name", "Ana Reyes", "--role", "admin"); code != 0 {
		t.Fatalf("user add = %d %s %s", code, out, errOut)
	}
	file := filepath.Join(t.TempDir(), "site.tar.gz")
	code, out, errOut := sh("backup", "--db", db, "--data", data, file)
	if code != 0 || !strings.Contains(out, "of the PostgreSQL database (migration ") {
		t.Fatalf("backup = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	schema, _ := url.Parse(db)
	target := pgtest.Database(t, schema.Query().Get("search_path"))
	restored := t.TempDir()
	code, out, errOut = sh("restore", "--db", target, "--data", restored, file)
	if code != 0 || !strings.Contains(out, "into the PostgreSQL database") || !strings.Contains(out, "every checksum matched") {
		t.Fatalf("restore = %d\nstdout: %s\nstderr: %s", code, out, errOut)
	}
	if code, _, errOut := sh("restore", "--db", target, "--data", restored, file); code != 1 || !strings.Contains(errOut, "add --force") {
		t.Errorf("restore again = %d %s", code, errOut)
	}
	if code, out, errOut := sh("token", "create", "--db", target, "--user", "ana@example.com"); code != 0 || !strings.HasPrefix(out, "dl_") {
		t.Errorf("token create on the restored site = %d %s %s", code, out, errOut)
	}
}

func TestServeBackupFlags(t *testing.T) {
	cfg, err := parseServe([]string{"--data", "/srv/news", "--backup-dir", "/srv/backups"}, noEnv, io.Discard)
	if err != nil {
		t.Fatal(err)
	}
	b := cfg.Backups
	if b == nil || b.Dir != "/srv/backups" || b.Every != 24*time.Hour || b.Keep != 7 || b.Source.Database != "/srv/news/dateline.db" || b.Source.MediaDir != "/srv/news/media" {
		t.Errorf("scheduled backups: %+v", b)
	}
	env := map[string]string{"DATELINE_BACKUP_DIR": "/b", "DATELINE_BACKUP_EVERY": "6h", "DATELINE_BACKUP_KEEP": "28"}
	cfg, err = parseServe(nil, func(k string) string { return env[k] }, io.Discard)
	if err != nil || cfg.Backups.Every != 6*time.Hour || cfg.Backups.Keep != 28 || cfg.Backups.Dir != "/b" {
		t.Errorf("from the environment: %+v, %v", cfg.Backups, err)
	}
	cfg, err = parseServe([]string{"--db", "postgres://news@db.internal/site", "--data", "/srv/news", "--backup-dir", "/b"}, noEnv, io.Discard)
	if err != nil || cfg.Backups.Source.Postgres != "postgres://news@db.internal/site" || cfg.Backups.Source.MediaDir != "/srv/news/media" {
		t.Errorf("scheduled backups on PostgreSQL: %+v, %v", cfg.Backups, err)
	}
	if cfg, _ := parseServe(nil, noEnv, io.Discard); cfg.Backups != nil {
		t.Error("backups are scheduled without --backup-dir")
	}
	for _, bad := range [][]string{{"--backup-dir", "/b", "--backup-every", "10s"}, {"--backup-dir", "/b", "--backup-keep", "0"}, {"--backup-dir", "/b", "--backup-every", "daily"}} {
		if _, err := parseServe(bad, noEnv, io.Discard); err == nil {
			t.Errorf("%v accepted", bad)
		}
	}
}
