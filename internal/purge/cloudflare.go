package purge

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// CloudflareAPI is the base of Cloudflare's API.
const CloudflareAPI = "https://api.cloudflare.com/client/v4"

// Cloudflare purges a zone's cache by the tags its answers carry in
// Cache-Tag, through the purge_cache endpoint
// (https://developers.cloudflare.com/api/resources/cache/methods/purge/,
// https://developers.cloudflare.com/cache/how-to/purge-cache/purge-by-tags/):
//
//	POST {API}/zones/{zone_id}/purge_cache
//	Authorization: Bearer TOKEN
//	Content-Type: application/json
//
//	{"tags": ["home", "article:42"]}       or   {"purge_everything": true}
//
// answered with the API's envelope, {"success": true, "errors": [],
// "messages": [], "result": {"id": "..."}}; a refusal has "success":
// false and the reasons in "errors". The token needs the zone's Cache
// Purge permission.
type Cloudflare struct {
	Zone  string
	Token string
	// API is the base URL, CloudflareAPI when empty (a test server's
	// otherwise).
	API    string
	Client *http.Client
}

// cloudflareTags is how many tags one purge_cache request may name.
// Cloudflare's purge page gives "max operations per request" as 100 on
// every plan (https://developers.cloudflare.com/cache/how-to/purge-cache/,
// "Purge limits"); it was 30 tags a call before 2025, and a plan with a
// lower limit answers 400, which the log shows.
const cloudflareTags = 100

// Limits is 100 tags a request.
func (c *Cloudflare) Limits() Limits { return Limits{Keys: cloudflareTags} }

// Purge sends keys in requests of at most 100 tags, or one
// purge_everything for [All].
func (c *Cloudflare) Purge(ctx context.Context, keys []string) error {
	if everything(keys) {
		return c.send(ctx, map[string]any{"purge_everything": true})
	}
	return inParts(keys, c.Limits(), func(part []string) error {
		return c.send(ctx, map[string]any{"tags": part})
	})
}

// cloudflareEnvelope is the frame of every Cloudflare API answer.
type cloudflareEnvelope struct {
	Success bool `json:"success"`
	Errors  []struct {
		Code    int    `json:"code"`
		Message string `json:"message"`
	} `json:"errors"`
}

func (e cloudflareEnvelope) reasons() string {
	var out []string
	for _, m := range e.Errors {
		out = append(out, fmt.Sprintf("%d %s", m.Code, m.Message))
	}
	return strings.Join(out, "; ")
}

func (c *Cloudflare) send(ctx context.Context, body map[string]any) error {
	api := c.API
	if api == "" {
		api = CloudflareAPI
	}
	req, err := postJSON(ctx, strings.TrimSuffix(api, "/")+"/zones/"+c.Zone+"/purge_cache", body)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	var env cloudflareEnvelope
	if err := do(c.Client, req, &env); err != nil {
		return fmt.Errorf("cloudflare: %w", err)
	}
	if !env.Success {
		return fmt.Errorf("cloudflare: %w", &permanentError{"the purge was refused: " + env.reasons()})
	}
	return nil
}
