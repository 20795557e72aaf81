package purge

import (
	"context"
	"fmt"
	"net/http"
)

// Webhook posts the keys to a URL of the operator's own, for a cache or a
// CDN that dateline has no adapter for:
//
//	POST URL
//	Authorization: Bearer SECRET   (when Secret is set)
//	Content-Type: application/json
//
//	{"tags": ["home", "article:42"]}
//
// {"tags": ["*"]} asks for everything. Any 2xx answer is success; 429 and
// 5xx are tried again.
type Webhook struct {
	URL string
	// Secret, when set, is sent as a bearer token, so that the receiver
	// can tell dateline from anyone else.
	Secret string
	Client *http.Client
}

// Purge posts keys in one request.
func (w *Webhook) Purge(ctx context.Context, keys []string) error {
	req, err := postJSON(ctx, w.URL, struct {
		Tags []string `json:"tags"`
	}{keys})
	if err != nil {
		return err
	}
	if w.Secret != "" {
		req.Header.Set("Authorization", "Bearer "+w.Secret)
	}
	if err := do(w.Client, req, nil); err != nil {
		return fmt.Errorf("webhook: %w", err)
	}
	return nil
}
