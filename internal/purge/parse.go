package purge

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

// Parse reads the purge setting, a URL whose scheme names the purger:
//
//	webhook+https://purge.example/dateline   (token, optional: the bearer secret)
//	cloudflare://ZONE_ID                     (token: an API token with Cache Purge)
//	fastly://SERVICE_ID                      (token: an API token with purge_select)
//	varnish://127.0.0.1:6081                 (no token: the VCL's ACL decides)
//
// token comes from the environment, never the URL, so that it does not
// show in the process list. An empty raw is no purger (nil, nil).
func Parse(raw, token string) (Purger, error) {
	if raw == "" {
		return nil, nil
	}
	scheme, rest, ok := strings.Cut(raw, "://")
	if !ok {
		return nil, errors.New("give a URL: webhook+https://HOST/PATH, cloudflare://ZONE_ID, fastly://SERVICE_ID or varnish://HOST:PORT")
	}
	switch scheme {
	case "webhook+https", "webhook+http":
		u, err := url.Parse(strings.TrimPrefix(scheme, "webhook+") + "://" + rest)
		if err != nil || u.Host == "" || u.User != nil {
			return nil, fmt.Errorf("%s://…: give the webhook's address as %s://HOST/PATH, without a user or password (the secret goes in DATELINE_PURGE_TOKEN)", scheme, scheme)
		}
		return &Webhook{URL: u.String(), Secret: token}, nil
	case "cloudflare":
		if !apiID.MatchString(rest) {
			return nil, errors.New("cloudflare://…: give the zone's id (letters and digits, as the dashboard's Overview shows it), and nothing after it")
		}
		if token == "" {
			return nil, errors.New("cloudflare://: set DATELINE_PURGE_TOKEN to an API token with the zone's Cache Purge permission")
		}
		return &Cloudflare{Zone: rest, Token: token}, nil
	case "fastly":
		if !apiID.MatchString(rest) {
			return nil, errors.New("fastly://…: give the service's id (letters and digits), and nothing after it")
		}
		if token == "" {
			return nil, errors.New("fastly://: set DATELINE_PURGE_TOKEN to an API token with the purge_select and purge_all scopes")
		}
		return &Fastly{Service: rest, Token: token}, nil
	case "varnish":
		host, port, err := net.SplitHostPort(rest)
		n, perr := strconv.Atoi(port)
		if err != nil || perr != nil || host == "" || n < 1 || n > 65535 || strings.ContainsAny(rest, "/?#@") {
			return nil, errors.New("varnish://…: give Varnish's listener as HOST:PORT, such as varnish://127.0.0.1:6081")
		}
		if token != "" {
			return nil, errors.New("varnish:// takes no DATELINE_PURGE_TOKEN: the VCL's purgers ACL decides who may purge")
		}
		return &Varnish{URL: "http://" + net.JoinHostPort(host, port)}, nil
	}
	return nil, fmt.Errorf("unknown purger %q: use webhook+https://, cloudflare://, fastly:// or varnish://", scheme)
}

// apiID is a Cloudflare zone id or a Fastly service id: letters and
// digits, nothing that would change the API path.
var apiID = regexp.MustCompile(`^[A-Za-z0-9]{1,64}$`)
