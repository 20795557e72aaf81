package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"dateline/internal/auth"
	"dateline/internal/store/sqlite"
)

// userAddIn runs "dateline user add" on the data folder dir.
func userAddIn(t *testing.T, dir, stdin string, args ...string) (int, string) {
	t.Helper()
	var out, errOut strings.Builder
	code := run(context.Background(), append([]string{"user", "add", "--data", dir}, args...), noEnv, strings.NewReader(stdin), &out, &errOut)
	return code, out.String() + errOut.String()
}

func TestUserAddGivesNamesakesTheirOwnAddress(t *testing.T) {
	dir := t.TempDir()
	for _, email := range []string{"somchai@example.com", "somchai.r@example.com"} {
		if code, out := userAddIn(t, dir, "correct horse battery\n", "--email", email, "--name", "Somchai Rattanakul", "--role", "author"); code != 0 {
			t.Fatalf("user add %s = %d %q", email, code, out)
		}
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "dateline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	first, err := st.UserByEmail(ctx, "somchai@example.com")
	if err != nil {
		t.Fatal(err)
	}
	second, err := st.UserByEmail(ctx, "somchai.r@example.com")
	if err != nil {
		t.Fatal(err)
	}
	if first.Slug != "somchai-rattanakul" || second.Slug != "somchai-rattanakul-2" {
		t.Errorf("addresses = %q and %q, want somchai-rattanakul and somchai-rattanakul-2", first.Slug, second.Slug)
	}
	for _, email := range []string{"somchai@example.com", "somchai.r@example.com"} {
		if _, err := auth.Authenticate(ctx, st, auth.Hasher{}, email, "correct horse battery"); err != nil {
			t.Errorf("%s signing in with the password from stdin: %v", email, err)
		}
	}
}

func TestRefusedUserAddLeavesNoMember(t *testing.T) {
	dir := t.TempDir()
	// Flags that are wrong are refused before the database is made.
	code, out := userAddIn(t, dir, "", "--email", "not-an-address", "--name", "", "--role", "chief")
	for _, want := range []string{`--email "not-an-address" is not an email address`, "--name: Please enter a name.", `--role "chief": use admin`} {
		if code == 0 || !strings.Contains(out, want) {
			t.Errorf("bad flags = %d %q, want an error with %q", code, out, want)
		}
	}
	if _, err := os.Stat(filepath.Join(dir, "dateline.db")); !os.IsNotExist(err) {
		t.Errorf("bad flags made the database: %v", err)
	}

	if code, out := userAddIn(t, dir, "correct horse battery\n", "--email", "ana@example.com", "--name", "Ana Reyes", "--role", "editor"); code != 0 {
		t.Fatalf("user add = %d %q", code, out)
	}
	// The same email again, with another password: refused, and the first
	// member keeps theirs; nobody half made is left behind.
	code, out = userAddIn(t, dir, "another long password\n", "--email", "ANA@example.com", "--name", "Ana Again", "--role", "admin")
	if code == 0 || !strings.Contains(out, "a user with the email ana@example.com already exists") {
		t.Errorf("a taken email = %d %q", code, out)
	}
	code, out = userAddIn(t, dir, "short\n", "--email", "kit@example.com", "--name", "Kit Chai", "--role", "author")
	if code == 0 || !strings.Contains(out, "the password on stdin: "+auth.PasswordTooShort) {
		t.Errorf("a short password = %d %q", code, out)
	}
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "dateline.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	users, err := st.Users(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(users) != 1 || users[0].Name != "Ana Reyes" {
		t.Fatalf("members = %+v, want Ana alone", users)
	}
	if _, err := auth.Authenticate(ctx, st, auth.Hasher{}, "ana@example.com", "correct horse battery"); err != nil {
		t.Errorf("Ana's password after the refused additions: %v", err)
	}
}
