package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"time"

	"dateline/internal/proxy"
)

// DeviceCookie is the cookie in which a browser keeps the proof of its
// earlier sign-ins, for the sign-in throttle.
const DeviceCookie = "dateline_device"

// Devices remembers in a signed cookie which accounts a browser has signed
// in to, so that the sign-in throttle can let their owner through while a
// guesser of the same account waits. The cookie names no account: it holds,
// for each of the last few sign-ins, when it was and a MAC of the account
// and that time under Key, so only the browser that signed in, with the
// email it typed, proves anything with it. The proof passes the account's
// limit only; the address limit and the password check stay.
type Devices struct {
	Key     []byte
	Now     func() time.Time
	MaxAge  time.Duration  // how long a sign-in counts; 90 days when zero
	Proxies *proxy.Trusted // for the cookie's Secure flag
}

// maxDeviceProofs is how many sign-ins a browser's cookie remembers: a
// shared newsroom computer, a few members.
const maxDeviceProofs = 4

// Remember adds a sign-in to email to the browser's cookie.
func (d *Devices) Remember(w http.ResponseWriter, r *http.Request, email string) {
	now := d.now()
	proofs := []string{d.proof(email, now)}
	for _, p := range d.proofs(r) {
		if len(proofs) == maxDeviceProofs {
			break
		}
		if at, ok := d.fresh(p, now); ok && !d.matches(p, email, at) {
			proofs = append(proofs, p)
		}
	}
	http.SetCookie(w, &http.Cookie{
		Name:     DeviceCookie,
		Value:    strings.Join(proofs, "."),
		Path:     "/admin/",
		MaxAge:   int(d.maxAge() / time.Second),
		HttpOnly: true,
		Secure:   d.Proxies.Secure(r),
		SameSite: http.SameSiteLaxMode,
	})
}

// Known reports whether the request's browser signed in to email within
// MaxAge.
func (d *Devices) Known(r *http.Request, email string) bool {
	now := d.now()
	for _, p := range d.proofs(r) {
		if at, ok := d.fresh(p, now); ok && d.matches(p, email, at) {
			return true
		}
	}
	return false
}

// proofs are the cookie's entries, at most maxDeviceProofs of them.
func (d *Devices) proofs(r *http.Request) []string {
	c, err := r.Cookie(DeviceCookie)
	if err != nil || len(c.Value) > 512 {
		return nil
	}
	p := strings.Split(c.Value, ".")
	return p[:min(len(p), maxDeviceProofs)]
}

// proof is "UNIX-MAC" for a sign-in to email at.
func (d *Devices) proof(email string, at time.Time) string {
	return strconv.FormatInt(at.Unix(), 10) + "-" + d.mac(email, at.Unix())
}

func (d *Devices) mac(email string, unix int64) string {
	m := hmac.New(sha256.New, d.Key)
	m.Write([]byte("dateline device\x00" + accountKey(email) + "\x00" + strconv.FormatInt(unix, 10)))
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil)[:18])
}

// fresh reads a proof's time and reports whether it still counts.
func (d *Devices) fresh(p string, now time.Time) (int64, bool) {
	unix, _, ok := strings.Cut(p, "-")
	if !ok {
		return 0, false
	}
	at, err := strconv.ParseInt(unix, 10, 64)
	if err != nil {
		return 0, false
	}
	age := now.Sub(time.Unix(at, 0))
	return at, age >= -time.Minute && age < d.maxAge()
}

func (d *Devices) matches(p, email string, at int64) bool {
	_, mac, _ := strings.Cut(p, "-")
	return len(d.Key) > 0 && hmac.Equal([]byte(mac), []byte(d.mac(email, at)))
}

func (d *Devices) now() time.Time {
	if d.Now == nil {
		return time.Now()
	}
	return d.Now()
}

func (d *Devices) maxAge() time.Duration {
	if d.MaxAge <= 0 {
		return 90 * 24 * time.Hour
	}
	return d.MaxAge
}
