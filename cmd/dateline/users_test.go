package main

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"dateline/internal/auth"
	"dateline/internal/changes"
	"dateline/internal/store/teststore"
)

// userAddIn runs "dateline user add" on the database db.
func userAddIn(t *testing.T, db, stdin string, args ...string) (int, string) {
	t.Helper()
	var out, errOut strings.Builder
	args = append([]string{"user", "add", "--data", t.TempDir(), "--db", db}, args...)
	code := run(context.Background(), args, noEnv, strings.NewReader(stdin), &out, &errOut)
	return code, out.String() + errOut.String()
}

func TestUserAddGivesNamesakesTheirOwnAddress(t *testing.T) {
	db := teststore.New(t)
	for _, email := range []string{"somchai@example.com", "somchai.r@example.com"} {
		if code, out := userAddIn(t, db, "correct horse battery\n", "--email", email, "--name", "Somchai Rattanakul", "--role", "author"); code != 0 {
			t.Fatalf("user add %s = %d %q", email, code, out)
		}
	}
	ctx := context.Background()
	st := teststore.OpenURL(t, db)
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
	// A server on the same database learns of both from the change log.
	log, err := st.ChangesSince(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var got []changes.Event
	for _, r := range log {
		got = append(got, changes.Event{Kind: r.Kind, Action: r.Action, IDs: r.IDs, Tags: r.Tags})
	}
	want := []changes.Event{
		{Kind: changes.KindMember, Action: "create", IDs: []int64{first.ID}, Tags: []string{"author:somchai-rattanakul"}},
		{Kind: changes.KindMember, Action: "create", IDs: []int64{second.ID}, Tags: []string{"author:somchai-rattanakul-2"}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("change log = %+v\nwant %+v", got, want)
	}
}

func TestRefusedUserAddLeavesNoMember(t *testing.T) {
	db := teststore.New(t)
	code, out := userAddIn(t, db, "", "--email", "not-an-address", "--name", "", "--role", "chief")
	for _, want := range []string{`--email "not-an-address" is not an email address`, "--name: Please enter a name.", `--role "chief": use admin`} {
		if code == 0 || !strings.Contains(out, want) {
			t.Errorf("bad flags = %d %q, want an error with %q", code, out, want)
		}
	}

	if code, out := userAddIn(t, db, "correct horse battery\n", "--email", "ana@example.com", "--name", "Ana Reyes", "--role", "editor"); code != 0 {
		t.Fatalf("user add = %d %q", code, out)
	}
	// The same email again, with another password: refused, and the first
	// member keeps theirs; nobody half made is left behind.
	code, out = userAddIn(t, db, "another long password\n", "--email", "ANA@example.com", "--name", "Ana Again", "--role", "admin")
	if code == 0 || !strings.Contains(out, "a user with the email ana@example.com already exists") {
		t.Errorf("a taken email = %d %q", code, out)
	}
	code, out = userAddIn(t, db, "short\n", "--email", "kit@example.com", "--name", "Kit Chai", "--role", "author")
	if code == 0 || !strings.Contains(out, "the password on stdin: "+auth.PasswordTooShort) {
		t.Errorf("a short password = %d %q", code, out)
	}
	ctx := context.Background()
	st := teststore.OpenURL(t, db)
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
	if log, err := st.ChangesSince(ctx, 0, 0); err != nil || len(log) != 1 || log[0].IDs[0] != users[0].ID {
		t.Errorf("change log = %+v, %v; want Ana's addition alone", log, err)
	}
}
