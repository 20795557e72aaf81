package teststore

import (
	"context"
	"fmt"
	"runtime"
	"strings"
	"testing"

	"dateline/internal/content"
	"dateline/internal/store/postgres/pgtest"
)

func TestAFreshStoreIsEmptyAndItsOwn(t *testing.T) {
	ctx := context.Background()
	one, two := Open(t), Open(t)
	u := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleEditor}
	if err := one.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if list, err := two.Users(ctx); err != nil || len(list) != 0 {
		t.Errorf("another fresh store has users %v, %v", list, err)
	}
}

func TestAURLOpensTheSameDataAgain(t *testing.T) {
	ctx := context.Background()
	url := New(t)
	first := OpenURL(t, url)
	u := content.User{Email: "ana@example.com", Name: "Ana Reyes", Role: content.RoleEditor}
	if err := first.CreateUser(ctx, &u); err != nil {
		t.Fatal(err)
	}
	if err := first.Close(); err != nil { // a server that stops
		t.Fatal(err)
	}
	again := OpenURL(t, url)
	if got, err := again.UserByEmail(ctx, "ana@example.com"); err != nil || got.ID != u.ID {
		t.Errorf("after reopening: %+v, %v; want member %d", got, err, u.ID)
	}
}

func TestTheStoreIsClosedWhenTheTestEnds(t *testing.T) {
	var st interface {
		Settings(context.Context) (content.Settings, error)
	}
	t.Run("a test", func(t *testing.T) { st = Open(t) })
	if _, err := st.Settings(context.Background()); err == nil {
		t.Error("the store still answers after its test ended")
	}
}

// fatal runs fn with a testing.TB whose Fatalf stops fn as the real one
// stops a test, and returns what it said.
func fatal(t *testing.T, fn func(tb testing.TB)) string {
	t.Helper()
	tb := &recorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		fn(tb)
	}()
	<-done
	return tb.said
}

type recorder struct {
	testing.TB
	said string
}

func (r *recorder) Fatalf(format string, args ...any) {
	r.said = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func (r *recorder) Helper() {}

func TestTheBackendIsChosenByTheEnvironment(t *testing.T) {
	for _, tc := range []struct {
		env, scheme, want string
	}{
		{"", "sqlite:", ""},
		{"sqlite", "sqlite:", ""},
		{"postgres", "postgres://", ""},
		{"SQLite ", "", `DATELINE_TEST_STORE="SQLite ": the stores to test are: sqlite, postgres`},
		{"mysql", "", `DATELINE_TEST_STORE="mysql": the stores to test are: sqlite, postgres`},
	} {
		t.Run(fmt.Sprintf("%q", tc.env), func(t *testing.T) {
			if tc.scheme == "postgres://" {
				pgtest.Server(t) // skips here, not in fatal's goroutine, when there is no server
			}
			t.Setenv(Env, tc.env)
			var url string
			said := fatal(t, func(tb testing.TB) { url = New(tb) })
			if said != tc.want {
				t.Fatalf("New said %q, want %q", said, tc.want)
			}
			if !strings.HasPrefix(url, tc.scheme) {
				t.Errorf("New = %q, want a %s URL", url, tc.scheme)
			}
			if tc.want == "" {
				st := OpenURL(t, url)
				if _, err := st.Settings(context.Background()); err != nil {
					t.Errorf("the store at %s: %v", url, err)
				}
			}
		})
	}
}

func TestAURLOfNoStoreIsRefused(t *testing.T) {
	for _, url := range []string{"", "sqlite:", "postgresql:/localhost", "/tmp/test.db"} {
		said := fatal(t, func(tb testing.TB) { OpenURL(tb, url) })
		want := fmt.Sprintf("open the store under test: %q is not the URL of a store to test (sqlite:PATH, postgres://…)", url)
		if said != want {
			t.Errorf("OpenURL(%q) said %q, want %q", url, said, want)
		}
	}
}
