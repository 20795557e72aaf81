package auth

import (
	"context"
	"testing"
	"time"

	"dateline/internal/clock"
	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// cheap hashes in about a millisecond; the production parameters would make
// the suite take minutes.
var cheap = Hasher{Params: Params{Memory: 64, Time: 1, Threads: 1}}

var start = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

func newClock() *clock.Fake { return clock.NewFake(start) }

// openStore opens a fresh store under test (see teststore).
func openStore(t *testing.T) store.Store {
	t.Helper()
	return teststore.Open(t)
}

// member adds a newsroom member, with a password when pw is not empty.
func member(t *testing.T, st Store, name, email string, role content.Role, pw string) content.User {
	t.Helper()
	ctx := context.Background()
	u := content.User{Name: name, Email: email, Role: role}
	if err := st.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if pw != "" {
		hash, err := cheap.Hash(pw)
		if err != nil {
			t.Fatal(err)
		}
		if err := st.SetPasswordHash(ctx, u.ID, hash); err != nil {
			t.Fatal(err)
		}
	}
	return u
}
