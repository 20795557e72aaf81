package wordpress

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"sync/atomic"
	"testing"
	"time"
)

func TestOnlyPublicAddressesAreFetched(t *testing.T) {
	for _, tc := range []struct {
		addr   string
		public bool
	}{
		{"127.0.0.1", false},
		{"127.8.9.10", false},
		{"::1", false},
		{"10.1.2.3", false},
		{"172.16.0.1", false},
		{"172.31.255.255", false},
		{"192.168.1.1", false},
		{"169.254.169.254", false}, // the cloud metadata service
		{"fd00:ec2::254", false},   // its IPv6 address (unique local)
		{"fe80::1", false},
		{"0.0.0.0", false},
		{"::", false},
		{"100.64.0.1", false},       // carrier-grade NAT
		{"::ffff:127.0.0.1", false}, // loopback in IPv6 clothing
		{"::ffff:10.0.0.1", false},
		{"64:ff9b::a9fe:a9fe", false}, // the metadata address through NAT64
		{"224.0.0.1", false},
		{"255.255.255.255", false},
		{"198.18.0.1", false},
		{"93.184.215.14", true},
		{"2606:4700::1111", true},
		{"172.32.0.1", true},
	} {
		if got := publicAddr(netip.MustParseAddr(tc.addr)); got != tc.public {
			t.Errorf("publicAddr(%s) = %v, want %v", tc.addr, got, tc.public)
		}
	}
}

// TestARedirectIsCheckedLikeTheFirstAddress lets the first server through
// (as a public one would be) and has it redirect to a second on this
// machine: the connection to the second is refused when it is made.
func TestARedirectIsCheckedLikeTheFirstAddress(t *testing.T) {
	var reached atomic.Bool
	inside := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { reached.Store(true) }))
	defer inside.Close()
	outside := httptest.NewServer(http.RedirectHandler(inside.URL+"/latest/meta-data/", http.StatusFound))
	defer outside.Close()
	first := netip.MustParseAddrPort(hostPort(t, outside.URL))
	client := guardedClient(FetchOptions{Timeout: 10 * time.Second}, func(ap netip.AddrPort) bool { return ap == first })

	_, err := client.Get(outside.URL + "/picture.png")
	if !errors.Is(err, ErrPrivateAddress) {
		t.Errorf("the redirect to this machine: %v, want ErrPrivateAddress", err)
	}
	if reached.Load() {
		t.Error("the redirect reached the server inside")
	}
	// A redirect to another scheme and too many redirects are refused too.
	ftp := httptest.NewServer(http.RedirectHandler("ftp://example.org/x.png", http.StatusFound))
	defer ftp.Close()
	loop := httptest.NewServer(nil)
	loop.Config.Handler = http.RedirectHandler(loop.URL+"/again", http.StatusFound)
	defer loop.Close()
	open := guardedClient(FetchOptions{Timeout: 10 * time.Second}, nil)
	if _, err := open.Get(ftp.URL); err == nil {
		t.Error("a redirect to ftp: was followed")
	}
	if _, err := open.Get(loop.URL); err == nil {
		t.Error("endless redirects were followed")
	}
}

func hostPort(t *testing.T, raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		t.Fatal(err)
	}
	return u.Host
}
