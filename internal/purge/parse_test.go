package purge

import (
	"reflect"
	"strings"
	"testing"
)

func TestParseChoosesThePurgerByScheme(t *testing.T) {
	for _, tc := range []struct {
		name, raw, token string
		want             Purger
	}{
		{"nothing is no purger", "", "", nil},
		{"a webhook over HTTPS, with its secret", "webhook+https://purge.example/dateline?site=1", "s3cret",
			&Webhook{URL: "https://purge.example/dateline?site=1", Secret: "s3cret"}},
		{"a webhook over HTTP without a secret", "webhook+http://127.0.0.1:9000/purge", "",
			&Webhook{URL: "http://127.0.0.1:9000/purge"}},
		{"Cloudflare's zone and token", "cloudflare://023e105f4ecef8ad9ca31a8372d0c353", "cf-token",
			&Cloudflare{Zone: "023e105f4ecef8ad9ca31a8372d0c353", Token: "cf-token"}},
		{"Fastly's service and token", "fastly://SU1Z0isxPaozGVKXdv0eY", "fastly-token",
			&Fastly{Service: "SU1Z0isxPaozGVKXdv0eY", Token: "fastly-token"}},
		{"a Varnish listener", "varnish://127.0.0.1:6081", "", &Varnish{URL: "http://127.0.0.1:6081"}},
		{"a Varnish on IPv6", "varnish://[::1]:6081", "", &Varnish{URL: "http://[::1]:6081"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.raw, tc.token)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("Parse(%q) = %#v, want %#v", tc.raw, got, tc.want)
			}
		})
	}
}

func TestParseRefusesAMalformedSettingSayingWhatToGive(t *testing.T) {
	for _, tc := range []struct {
		name, raw, token, want string
	}{
		{"no scheme", "127.0.0.1:6081", "", "give a URL: webhook+https://HOST/PATH, cloudflare://ZONE_ID, fastly://SERVICE_ID or varnish://HOST:PORT"},
		{"an unknown scheme", "akamai://123", "t", `unknown purger "akamai": use webhook+https://, cloudflare://, fastly:// or varnish://`},
		{"a webhook without a host", "webhook+https:///purge", "", "webhook+https://…: give the webhook's address as webhook+https://HOST/PATH"},
		{"a webhook with a password in it", "webhook+https://me:pw@purge.example/", "", "without a user or password (the secret goes in DATELINE_PURGE_TOKEN)"},
		{"Cloudflare without a token", "cloudflare://023e105f4ecef8ad9ca31a8372d0c353", "", "cloudflare://: set DATELINE_PURGE_TOKEN to an API token with the zone's Cache Purge permission"},
		{"Cloudflare with the token in the URL", "cloudflare://023e105f?token=abc", "", "cloudflare://…: give the zone's id (letters and digits, as the dashboard's Overview shows it), and nothing after it"},
		{"Cloudflare without a zone", "cloudflare://", "t", "cloudflare://…: give the zone's id"},
		{"Fastly without a token", "fastly://SU1Z0isxPaozGVKXdv0eY", "", "fastly://: set DATELINE_PURGE_TOKEN to an API token with the purge_select and purge_all scopes"},
		{"Fastly with a path", "fastly://SU1Z/purge", "t", "fastly://…: give the service's id (letters and digits), and nothing after it"},
		{"Varnish without a port", "varnish://127.0.0.1", "", "varnish://…: give Varnish's listener as HOST:PORT, such as varnish://127.0.0.1:6081"},
		{"Varnish with a port out of range", "varnish://127.0.0.1:70000", "", "varnish://…: give Varnish's listener as HOST:PORT"},
		{"Varnish with a path", "varnish://127.0.0.1:6081/purge", "", "varnish://…: give Varnish's listener as HOST:PORT"},
		{"Varnish with a token", "varnish://127.0.0.1:6081", "t", "varnish:// takes no DATELINE_PURGE_TOKEN: the VCL's purgers ACL decides who may purge"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Parse(tc.raw, tc.token)
			if err == nil {
				t.Fatalf("Parse(%q) = %#v, want an error", tc.raw, got)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Parse(%q): %q, want it to say %q", tc.raw, err, tc.want)
			}
			if strings.Contains(tc.raw, "pw@") && strings.Contains(err.Error(), "pw") {
				t.Errorf("the error shows the password: %q", err)
			}
		})
	}
}
