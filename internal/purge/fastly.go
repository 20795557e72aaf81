package purge

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// FastlyAPI is the base of Fastly's API.
const FastlyAPI = "https://api.fastly.com"

// Fastly purges a service's cache by the surrogate keys its answers carry
// in Surrogate-Key, through the bulk purge endpoint
// (https://www.fastly.com/documentation/reference/api/purging/):
//
//	POST {API}/service/{service_id}/purge
//	Fastly-Key: TOKEN
//	Content-Type: application/json
//	Accept: application/json
//
//	{"surrogate_keys": ["home", "article:42"]}
//
// answered with each key's purge id, {"home": "108-1391560174-974124",
// ...}; and for everything POST {API}/service/{service_id}/purge_all,
// answered {"status": "ok"}. Purges are hard (no Fastly-Soft-Purge), as
// the page cache's own are: the next request gets the new page. The token
// needs the purge_select scope, and purge_all for everything.
type Fastly struct {
	Service string
	Token   string
	// API is the base URL, FastlyAPI when empty (a test server's
	// otherwise).
	API    string
	Client *http.Client
}

// fastlyKeys is how many keys one bulk purge may name: "Up to 256
// surrogate keys can be purged in one batch request" (the purging API
// reference).
const fastlyKeys = 256

// Limits is 256 keys a request.
func (f *Fastly) Limits() Limits { return Limits{Keys: fastlyKeys} }

// Purge sends keys in requests of at most 256, or one purge_all for
// [All].
func (f *Fastly) Purge(ctx context.Context, keys []string) error {
	if everything(keys) {
		var out struct {
			Status string `json:"status"`
		}
		if err := f.send(ctx, "/purge_all", nil, &out); err != nil {
			return err
		}
		if out.Status != "ok" {
			return fmt.Errorf("fastly: purge_all answered status %q", out.Status)
		}
		return nil
	}
	return inParts(keys, f.Limits(), func(part []string) error {
		ids := map[string]string{}
		return f.send(ctx, "/purge", map[string]any{"surrogate_keys": part}, &ids)
	})
}

func (f *Fastly) send(ctx context.Context, path string, body any, out any) error {
	api := f.API
	if api == "" {
		api = FastlyAPI
	}
	req, err := postJSON(ctx, strings.TrimSuffix(api, "/")+"/service/"+f.Service+path, body)
	if err != nil {
		return err
	}
	req.Header.Set("Fastly-Key", f.Token)
	if err := do(f.Client, req, out); err != nil {
		return fmt.Errorf("fastly: %w", err)
	}
	return nil
}
