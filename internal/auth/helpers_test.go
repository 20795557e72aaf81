package auth

import (
	"context"
	"sync"
	"testing"
	"time"

	"dateline/internal/content"
	"dateline/internal/store"
	"dateline/internal/store/teststore"
)

// cheap hashes in about a millisecond; the production parameters would make
// the suite take minutes.
var cheap = Hasher{Params: Params{Memory: 64, Time: 1, Threads: 1}}

var start = time.Date(2025, 7, 14, 3, 0, 0, 0, time.UTC)

// clock is a time source the test moves by hand.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func newClock() *clock { return &clock{t: start} }

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = t
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

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
