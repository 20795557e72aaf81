package purge

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// Varnish purges a Varnish that runs deploy/varnish/dateline.vcl, whose
// vmod xkey indexes every object by the keys dateline names in
// Surrogate-Key (the VCL copies them into xkey):
//
//	PURGE / HTTP/1.1
//	xkey-purge: home article:42
//
// which the VCL answers 200 after xkey.purge, and for everything
//
//	BAN / HTTP/1.1
//
// which bans every object. Varnish takes both only from the addresses in
// the VCL's purgers ACL (this machine unless the operator adds others).
type Varnish struct {
	// URL is Varnish's listener, such as http://127.0.0.1:6081.
	URL    string
	Client *http.Client
}

// varnishHeaderBytes keeps one xkey-purge header within Varnish's
// http_req_hdr_len (8 KB by default), with room for its name.
const varnishHeaderBytes = 8000

// Limits is one request header's worth of keys.
func (v *Varnish) Limits() Limits { return Limits{Bytes: varnishHeaderBytes} }

// Purge sends keys in PURGE requests within one header each, or a BAN for
// [All].
func (v *Varnish) Purge(ctx context.Context, keys []string) error {
	if everything(keys) {
		return v.send(ctx, "BAN", "")
	}
	return inParts(keys, v.Limits(), func(part []string) error {
		return v.send(ctx, "PURGE", strings.Join(part, " "))
	})
}

func (v *Varnish) send(ctx context.Context, method, keys string) error {
	req, err := http.NewRequestWithContext(ctx, method, strings.TrimSuffix(v.URL, "/")+"/", nil)
	if err != nil {
		return err
	}
	if keys != "" {
		req.Header.Set("xkey-purge", keys)
	}
	if err := do(v.Client, req, nil); err != nil {
		return fmt.Errorf("varnish %s: %w", method, err)
	}
	return nil
}
