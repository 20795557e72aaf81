package comments

import (
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ErrTooEarly refuses a comment posted sooner after its page was served
// than the policy's MinSeconds, or with a stamp that is missing or was not
// made by us. People read and type first; robots post at once. The reader
// gets the form back, fresh, and only has to send it again.
var ErrTooEarly = &Refusal{Code: "too_early", Status: http.StatusUnprocessableEntity,
	Message: "Your comment was sent very quickly after the page opened. Please wait a moment and send it again."}

// FormStamp is the value of the form's FieldStamp for a page served at t:
// the time in Unix seconds and an HMAC of it under the service's secret,
// "1752462000.5f0c…". Every visitor gets the same stamp, so the article
// page stays the same for everyone and can be cached; the stamp only says
// when the page was made, which is all the minimum delay needs.
func (s *Service) FormStamp(t time.Time) string {
	unix := strconv.FormatInt(t.Unix(), 10)
	return unix + "." + hex.EncodeToString(mac(s.secret, "stamp", unix))
}

// StampTime reads a stamp made by FormStamp; ok is false for anything
// else, including a stamp made with another secret.
func (s *Service) StampTime(stamp string) (t time.Time, ok bool) {
	unix, sum, found := strings.Cut(strings.TrimSpace(stamp), ".")
	if !found || len(unix) > 19 {
		return time.Time{}, false
	}
	sec, err := strconv.ParseInt(unix, 10, 64)
	if err != nil || sec <= 0 || !verify(mac(s.secret, "stamp", unix), sum) {
		return time.Time{}, false
	}
	return time.Unix(sec, 0).UTC(), true
}

// checkStamp refuses a form posted less than min after its page was
// served. There is no upper bound: a page may sit in a cache, or in a
// reader's tab, for days. A stamp from the future (a node whose clock runs
// ahead) counts as just made.
func (s *Service) checkStamp(stamp string, minSeconds int, now time.Time) error {
	if minSeconds <= 0 {
		return nil
	}
	served, ok := s.StampTime(stamp)
	if !ok || now.Sub(served) < time.Duration(minSeconds)*time.Second {
		return ErrTooEarly
	}
	return nil
}
