package auth

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// remembered signs in to each email in turn on one browser and returns a
// request carrying the cookie it ends with.
func remembered(t *testing.T, d *Devices, emails ...string) *http.Request {
	t.Helper()
	r := httptest.NewRequest("POST", "/admin/login", nil)
	for _, email := range emails {
		w := httptest.NewRecorder()
		d.Remember(w, r, email)
		cs := w.Result().Cookies()
		if len(cs) != 1 || cs[0].Name != DeviceCookie || !cs[0].HttpOnly || cs[0].Path != "/admin/" {
			t.Fatalf("cookies = %+v", cs)
		}
		r = httptest.NewRequest("POST", "/admin/login", nil)
		r.AddCookie(cs[0])
	}
	return r
}

func TestDevicesKnowTheBrowsersThatSignedIn(t *testing.T) {
	c := newClock()
	d := &Devices{Key: []byte("0123456789abcdef0123456789abcdef"), Now: c.Now}
	r := remembered(t, d, "ana@example.com")
	cases := []struct {
		name  string
		r     *http.Request
		email string
		known bool
	}{
		{"the account signed in to", r, "ana@example.com", true},
		{"the same account in another case", r, " ANA@example.com", true},
		{"another account", r, "kit@example.com", false},
		{"a browser without the cookie", httptest.NewRequest("POST", "/admin/login", nil), "ana@example.com", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := d.Known(tc.r, tc.email); got != tc.known {
				t.Errorf("Known = %v, want %v", got, tc.known)
			}
		})
	}
	t.Run("a cookie signed with another key", func(t *testing.T) {
		other := &Devices{Key: []byte("another key of thirty-two bytes!"), Now: c.Now}
		if other.Known(r, "ana@example.com") {
			t.Error("another key accepted the cookie")
		}
	})
	t.Run("a forged or changed cookie", func(t *testing.T) {
		cookie, _ := r.Cookie(DeviceCookie)
		for _, v := range []string{
			fmt.Sprint(c.Now().Unix()) + "-AAAAAAAAAAAAAAAAAAAAAAAA",
			fmt.Sprint(c.Now().Unix()+1) + cookie.Value[len(fmt.Sprint(c.Now().Unix())):],
			"", "-", "x-y", "..........",
		} {
			f := httptest.NewRequest("POST", "/admin/login", nil)
			f.AddCookie(&http.Cookie{Name: DeviceCookie, Value: v})
			if d.Known(f, "ana@example.com") {
				t.Errorf("cookie %q was accepted", v)
			}
		}
	})
	t.Run("a sign-in older than MaxAge", func(t *testing.T) {
		c.Advance(90*24*time.Hour - time.Second)
		if !d.Known(r, "ana@example.com") {
			t.Error("forgotten before 90 days")
		}
		c.Advance(time.Second)
		if d.Known(r, "ana@example.com") {
			t.Error("still known after 90 days")
		}
	})
}

func TestDevicesKeepTheLastFewAccounts(t *testing.T) {
	d := &Devices{Key: []byte("0123456789abcdef0123456789abcdef"), Now: newClock().Now}
	r := remembered(t, d, "a@example.com", "b@example.com", "c@example.com", "a@example.com", "d@example.com", "e@example.com")
	for email, want := range map[string]bool{
		"a@example.com": true, "b@example.com": false, "c@example.com": true,
		"d@example.com": true, "e@example.com": true,
	} {
		if got := d.Known(r, email); got != want {
			t.Errorf("Known(%s) = %v, want %v", email, got, want)
		}
	}
}
