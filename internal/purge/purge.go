package purge

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
	"unicode/utf8"
)

// Purger removes from a CDN or a front cache every object tagged with one
// of keys. keys are purge keys as the answers carry them
// ([cache.SurrogateKey]); the single key [All] means everything.
type Purger interface {
	Purge(ctx context.Context, keys []string) error
}

// All, as the only key, purges everything: the change feed's "*" tag (a
// follower that fell behind, or a queue that overflowed).
const All = "*"

// everything reports whether keys ask for everything.
func everything(keys []string) bool { return len(keys) == 1 && keys[0] == All }

// Limits is what one request of a purger may carry: at most Keys keys,
// whose lengths plus one separator each add up to at most Bytes. Zero is
// no limit.
type Limits struct {
	Keys, Bytes int
}

// limited is a [Purger] whose API takes a bounded number of keys in one
// request; the batcher splits a batch by its limits, so that each part is
// retried alone.
type limited interface {
	Limits() Limits
}

// split cuts keys into parts within lim, in order.
func split(keys []string, lim Limits) [][]string {
	var parts [][]string
	start, size := 0, 0
	for i, k := range keys {
		n := len(k) + 1
		full := (lim.Keys > 0 && i-start == lim.Keys) || (lim.Bytes > 0 && i > start && size+n > lim.Bytes)
		if full {
			parts = append(parts, keys[start:i])
			start, size = i, 0
		}
		size += n
	}
	if start < len(keys) {
		parts = append(parts, keys[start:])
	}
	return parts
}

// inParts calls send with each part of keys within lim, stopping at the
// first error: for a purger called directly with more keys than one
// request takes.
func inParts(keys []string, lim Limits, send func([]string) error) error {
	for _, part := range split(keys, lim) {
		if err := send(part); err != nil {
			return err
		}
	}
	return nil
}

// StatusError is a purge request answered with an HTTP error status.
type StatusError struct {
	Status int
	// Message is what the service said, shortened.
	Message string
}

func (e *StatusError) Error() string {
	if e.Message == "" {
		return fmt.Sprintf("answered %d %s", e.Status, http.StatusText(e.Status))
	}
	return fmt.Sprintf("answered %d %s: %s", e.Status, http.StatusText(e.Status), e.Message)
}

// Retryable reports whether a failed purge may succeed if sent again: a
// network error, a timeout, a rate limit (429) or a server error (5xx).
// A refusal (a wrong token, a malformed request) fails the same way every
// time.
func Retryable(err error) bool {
	var se *StatusError
	if errors.As(err, &se) {
		return se.Status == http.StatusTooManyRequests || se.Status >= 500
	}
	var perm *permanentError
	return !errors.As(err, &perm)
}

// permanentError is a purge that the service refused in a 2xx answer
// (Cloudflare's "success": false).
type permanentError struct{ msg string }

func (e *permanentError) Error() string { return e.msg }

// defaultClient is the client of an adapter given none. Its timeout
// bounds one request; the batcher bounds the retries.
var defaultClient = &http.Client{Timeout: 10 * time.Second}

func clientOr(c *http.Client) *http.Client {
	if c != nil {
		return c
	}
	return defaultClient
}

// do sends req and, for a 2xx answer, decodes its JSON body into out (when
// out is not nil). Any other status is a [StatusError] with the start of
// the body, which APIs fill with the reason.
func do(c *http.Client, req *http.Request, out any) error {
	res, err := clientOr(c).Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(io.LimitReader(res.Body, 64<<10))
	if err != nil {
		return fmt.Errorf("read the answer: %w", err)
	}
	if res.StatusCode < 200 || res.StatusCode > 299 {
		return &StatusError{Status: res.StatusCode, Message: shorten(string(body))}
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		return fmt.Errorf("read the answer: %w", err)
	}
	return nil
}

// postJSON makes a POST of v as JSON to url, or of no body when v is nil.
func postJSON(ctx context.Context, url string, v any) (*http.Request, error) {
	if v == nil {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, nil)
		if err == nil {
			req.Header.Set("Accept", "application/json")
		}
		return req, err
	}
	body, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/json")
	return req, nil
}

// shorten keeps a service's message short enough for one log line.
func shorten(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= 300 {
		return s
	}
	cut := 300
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}
