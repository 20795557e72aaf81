package proxy

import (
	"crypto/tls"
	"net/http/httptest"
	"net/netip"
	"strings"
	"testing"
)

func mustParse(t testing.TB, list string) *Trusted {
	t.Helper()
	p, err := Parse(list)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParse(t *testing.T) {
	cases := []struct {
		name, list, want string
	}{
		{"an empty list trusts nobody", "", "none"},
		{"a list of blanks and commas trusts nobody", " , ,", "none"},
		{"addresses and ranges separated by commas and spaces", "127.0.0.1, 10.0.0.0/8 ::1", "127.0.0.1, 10.0.0.0/8, ::1"},
		{"a range written with host bits is the whole range", "192.168.1.7/24", "192.168.1.0/24"},
		{"an IPv4 address written as IPv6 is the IPv4 address", "::ffff:203.0.113.9", "203.0.113.9"},
		{"an IPv4 range written as IPv6 is the IPv4 range", "::ffff:10.0.0.0/104", "10.0.0.0/8"},
		{"an IPv6 range", "2001:db8::/32", "2001:db8::/32"},
		{"a trailing comma is harmless", "127.0.0.1,", "127.0.0.1"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := mustParse(t, tc.list).String(); got != tc.want {
				t.Errorf("Parse(%q) = %q, want %q", tc.list, got, tc.want)
			}
		})
	}
}

func TestParseRefusesAMalformedList(t *testing.T) {
	cases := []struct {
		name, list, message string
	}{
		{"a host name", "127.0.0.1, proxy.internal",
			`trusted proxy "proxy.internal" is not an IP address like 127.0.0.1 or ::1, nor a CIDR range like 10.0.0.0/8`},
		{"a range with too many bits", "10.0.0.0/33",
			`trusted proxy "10.0.0.0/33" is not a CIDR range like 10.0.0.0/8 or fd00::/8`},
		{"an address with a port", "127.0.0.1:8080",
			`trusted proxy "127.0.0.1:8080" is not an IP address like 127.0.0.1 or ::1, nor a CIDR range like 10.0.0.0/8`},
		{"a truncated address", "10.0.0",
			`trusted proxy "10.0.0" is not an IP address like 127.0.0.1 or ::1, nor a CIDR range like 10.0.0.0/8`},
		{"a range without its bits", "10.0.0.0/",
			`trusted proxy "10.0.0.0/" is not a CIDR range like 10.0.0.0/8 or fd00::/8`},
		{"an address with a zone", "fe80::1%eth0",
			`trusted proxy "fe80::1%eth0": an address with a zone cannot be trusted; name the address or range without it`},
		{"a semicolon for a comma", "127.0.0.1;::1",
			`trusted proxy "127.0.0.1;::1" is not an IP address like 127.0.0.1 or ::1, nor a CIDR range like 10.0.0.0/8`},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(tc.list)
			if err == nil {
				t.Fatalf("Parse(%q) = %v, want an error", tc.list, p)
			}
			if err.Error() != tc.message {
				t.Errorf("error %q, want %q", err, tc.message)
			}
		})
	}
}

func TestTrusts(t *testing.T) {
	p := mustParse(t, "127.0.0.1, 10.0.0.0/8, 2001:db8:1::/48")
	cases := []struct {
		name string
		addr string
		want bool
	}{
		{"a listed address", "127.0.0.1", true},
		{"an address in a listed range", "10.200.3.4", true},
		{"the same address written as IPv6", "::ffff:10.200.3.4", true},
		{"an IPv6 address in a listed range", "2001:db8:1:ff::9", true},
		{"an address next to a listed one", "127.0.0.2", false},
		{"an address outside the ranges", "11.0.0.1", false},
		{"an IPv6 address outside the ranges", "2001:db8:2::1", false},
		{"IPv6 loopback when only IPv4 loopback is listed", "::1", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := p.Trusts(netip.MustParseAddr(tc.addr)); got != tc.want {
				t.Errorf("Trusts(%s) = %v, want %v", tc.addr, got, tc.want)
			}
		})
	}
	var none *Trusted
	if none.Trusts(netip.MustParseAddr("127.0.0.1")) || mustParse(t, "").Trusts(netip.MustParseAddr("127.0.0.1")) {
		t.Error("no list trusts an address")
	}
}

func TestClientAddr(t *testing.T) {
	const proxies = "10.0.0.0/8, 192.168.0.1, fd00::/8"
	cases := []struct {
		name    string
		trusted string
		remote  string
		xff     []string
		want    string
	}{
		{"the peer of a direct connection", "", "203.0.113.9:51000", nil, "203.0.113.9"},
		{"an IPv6 peer", "", "[2001:db8::1]:51000", nil, "2001:db8::1"},
		{"an IPv4 peer written as IPv6", "", "[::ffff:203.0.113.9]:1", nil, "203.0.113.9"},
		{"a peer without a port", "", "203.0.113.9", nil, "203.0.113.9"},
		{"a peer that is no address is kept as it is", "", "@", nil, "@"},
		{"X-Forwarded-For is ignored when nobody is trusted", "", "10.0.0.2:1", []string{"198.51.100.7"}, "10.0.0.2"},
		{"X-Forwarded-For is ignored from an untrusted peer", proxies, "203.0.113.9:1", []string{"198.51.100.7"}, "203.0.113.9"},
		{"X-Forwarded-For from a trusted IPv6 peer is ignored when it is not listed", proxies, "[2001:db8::2]:1", []string{"198.51.100.7"}, "2001:db8::2"},
		{"the forwarded address behind a trusted proxy", proxies, "10.0.0.2:1", []string{"198.51.100.7"}, "198.51.100.7"},
		{"the forwarded address behind a trusted IPv6 proxy", proxies, "[fd00::2]:1", []string{"198.51.100.7"}, "198.51.100.7"},
		{"an IPv6 client behind a trusted proxy", proxies, "10.0.0.2:1", []string{"2001:db8::7"}, "2001:db8::7"},
		{"an IPv4 client written as IPv6 behind a trusted proxy", proxies, "10.0.0.2:1", []string{"::ffff:198.51.100.7"}, "198.51.100.7"},
		{"the right-most hop wins over what the client wrote to its left", proxies, "10.0.0.2:1", []string{"1.2.3.4, 198.51.100.7"}, "198.51.100.7"},
		{"trusted hops on the right are skipped", proxies, "10.0.0.2:1", []string{"1.2.3.4, 198.51.100.7, 10.9.9.9, 192.168.0.1"}, "198.51.100.7"},
		{"the last of several forwarded headers counts first", proxies, "10.0.0.2:1", []string{"1.2.3.4", "198.51.100.7"}, "198.51.100.7"},
		{"trusted hops are skipped across headers", proxies, "10.0.0.2:1", []string{"1.2.3.4, 198.51.100.7", "10.1.1.1"}, "198.51.100.7"},
		{"a spoofed trusted address on the left does not help the client", proxies, "10.0.0.2:1", []string{"10.6.6.6, 198.51.100.7"}, "198.51.100.7"},
		{"a hop with a port", proxies, "10.0.0.2:1", []string{"198.51.100.7:4711"}, "198.51.100.7"},
		{"an IPv6 hop with a port", proxies, "10.0.0.2:1", []string{"[2001:db8::7]:4711"}, "2001:db8::7"},
		{"empty entries are passed over", proxies, "10.0.0.2:1", []string{"198.51.100.7,, ,"}, "198.51.100.7"},
		{"a garbled forwarded address falls back to the peer", proxies, "10.0.0.2:1", []string{"not an address"}, "10.0.0.2"},
		{"a garbled hop stops the walk at the trusted hop before it", proxies, "10.0.0.2:1", []string{"198.51.100.7, unknown, 10.3.3.3"}, "10.3.3.3"},
		{"garbage left of the client is never read", proxies, "10.0.0.2:1", []string{"<script>, 198.51.100.7"}, "198.51.100.7"},
		{"a chain of trusted proxies only gives the left-most of them", proxies, "10.0.0.2:1", []string{"10.0.0.5, 10.0.0.4"}, "10.0.0.5"},
		{"no forwarded header gives the trusted peer", proxies, "10.0.0.2:1", nil, "10.0.0.2"},
		{"an empty forwarded header gives the trusted peer", proxies, "10.0.0.2:1", []string{""}, "10.0.0.2"},
		{"the hops beyond MaxHops are not read", proxies, "10.0.0.2:1",
			[]string{"198.51.100.7, " + strings.TrimSuffix(strings.Repeat("10.0.0.9, ", MaxHops), ", ")}, "10.0.0.9"},
		{"a client just within MaxHops is found", proxies, "10.0.0.2:1",
			[]string{"198.51.100.7, " + strings.TrimSuffix(strings.Repeat("10.0.0.9, ", MaxHops-1), ", ")}, "198.51.100.7"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			for _, v := range tc.xff {
				r.Header.Add("X-Forwarded-For", v)
			}
			if got := mustParse(t, tc.trusted).ClientAddr(r); got != tc.want {
				t.Errorf("ClientAddr = %q, want %q", got, tc.want)
			}
		})
	}
}

func TestNoListBelievesNoHeader(t *testing.T) {
	var none *Trusted
	r := httptest.NewRequest("GET", "/", nil)
	r.RemoteAddr = "127.0.0.1:1"
	r.Header.Set("X-Forwarded-For", "198.51.100.7")
	r.Header.Set("X-Forwarded-Proto", "https")
	if got := none.ClientAddr(r); got != "127.0.0.1" {
		t.Errorf("ClientAddr = %q, want the peer", got)
	}
	if none.Secure(r) {
		t.Error("Secure believed X-Forwarded-Proto without a list")
	}
}

func TestSecure(t *testing.T) {
	const proxies = "127.0.0.1, ::1"
	cases := []struct {
		name   string
		remote string
		tls    bool
		proto  string
		want   bool
	}{
		{"a direct TLS connection", "203.0.113.9:1", true, "", true},
		{"a direct TLS connection whatever an untrusted header says", "203.0.113.9:1", true, "http", true},
		{"plain HTTP", "203.0.113.9:1", false, "", false},
		{"an untrusted peer claiming https", "203.0.113.9:1", false, "https", false},
		{"a trusted proxy saying https", "127.0.0.1:1", false, "https", true},
		{"a trusted IPv6 proxy saying https", "[::1]:1", false, "https", true},
		{"a trusted proxy saying HTTPS first in a list", "127.0.0.1:1", false, "HTTPS, http", true},
		{"a trusted proxy saying http", "127.0.0.1:1", false, "http", false},
		{"a trusted proxy saying nothing", "127.0.0.1:1", false, "", false},
		{"a trusted proxy saying something else", "127.0.0.1:1", false, "httpsx", false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := httptest.NewRequest("GET", "/", nil)
			r.RemoteAddr = tc.remote
			if tc.tls {
				r.TLS = &tls.ConnectionState{}
			}
			if tc.proto != "" {
				r.Header.Set("X-Forwarded-Proto", tc.proto)
			}
			if got := mustParse(t, proxies).Secure(r); got != tc.want {
				t.Errorf("Secure = %v, want %v", got, tc.want)
			}
		})
	}
}

// FuzzClientAddr checks that no forwarded header makes ClientAddr panic,
// that its answer is always the peer or an address, and that an untrusted
// peer always gets its own address.
func FuzzClientAddr(f *testing.F) {
	f.Add("10.0.0.2:1", "1.2.3.4, 198.51.100.7")
	f.Add("10.0.0.2:1", "[2001:db8::1]:80,,unknown, 10.1.1.1")
	f.Add("203.0.113.9:1", "10.0.0.1")
	p := mustParse(f, "10.0.0.0/8, fd00::/8")
	f.Fuzz(func(t *testing.T, remote, xff string) {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = remote
		r.Header.Set("X-Forwarded-For", xff)
		got := p.ClientAddr(r)
		peer, ok := peerAddr(remote)
		if !ok {
			if got != truncate(remote, 64) {
				t.Fatalf("ClientAddr = %q for an unreadable peer %q", got, remote)
			}
			return
		}
		if !p.Trusts(peer) && got != peer.String() {
			t.Fatalf("ClientAddr = %q from untrusted peer %s", got, peer)
		}
		if _, err := netip.ParseAddr(got); err != nil {
			t.Fatalf("ClientAddr = %q, not an address", got)
		}
	})
}
