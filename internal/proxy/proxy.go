// Package proxy tells who sent a request and whether they used HTTPS when
// dateline runs behind reverse proxies: X-Forwarded-For and
// X-Forwarded-Proto are believed only from the proxies the operator names
// (--trusted-proxies), because anyone else can send them. Comment and
// sign-in limits count the address it finds, and the session cookie's
// Secure flag and HSTS follow the scheme it finds.
//
// The RFC 7239 Forwarded header is deliberately not read: were both it and
// X-Forwarded-For believed, a reader could fill in whichever one the
// operator's proxy does not overwrite, and choose their own address.
package proxy

import (
	"fmt"
	"net/http"
	"net/netip"
	"strings"
)

// MaxHops is how many addresses of X-Forwarded-For are read, from the
// right. A real chain of proxies is a handful long; reading no further
// bounds the work a request with a huge header can cause.
const MaxHops = 16

// Trusted is a set of proxy addresses and ranges. The nil *Trusted, and
// the one Parse returns for an empty list, trusts nobody: every request's
// client is its direct peer and only a TLS connection is secure. It is
// safe for concurrent use and never changes after Parse.
type Trusted struct {
	prefixes []netip.Prefix
}

// Parse reads a list of IP addresses and CIDR ranges separated by commas
// or spaces ("127.0.0.1, 10.0.0.0/8, ::1"). An entry that is neither is
// refused with an error naming it, so that a typo does not quietly leave
// the server trusting less, or more, than the operator meant.
func Parse(list string) (*Trusted, error) {
	t := &Trusted{}
	for _, entry := range strings.FieldsFunc(list, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\n' }) {
		p, err := parseEntry(entry)
		if err != nil {
			return nil, err
		}
		t.prefixes = append(t.prefixes, p)
	}
	return t, nil
}

func parseEntry(entry string) (netip.Prefix, error) {
	if strings.Contains(entry, "%") {
		return netip.Prefix{}, fmt.Errorf("trusted proxy %q: an address with a zone cannot be trusted; name the address or range without it", entry)
	}
	if strings.Contains(entry, "/") {
		p, err := netip.ParsePrefix(entry)
		if err != nil {
			return netip.Prefix{}, fmt.Errorf("trusted proxy %q is not a CIDR range like 10.0.0.0/8 or fd00::/8", entry)
		}
		// Peers are compared unmapped, so ::ffff:10.0.0.0/104 must mean
		// 10.0.0.0/8 to match anything.
		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}
		return p.Masked(), nil
	}
	a, err := netip.ParseAddr(entry)
	if err != nil {
		return netip.Prefix{}, fmt.Errorf("trusted proxy %q is not an IP address like 127.0.0.1 or ::1, nor a CIDR range like 10.0.0.0/8", entry)
	}
	a = a.Unmap()
	return netip.PrefixFrom(a, a.BitLen()), nil
}

// String lists the trusted addresses and ranges as Parse reads them,
// "none" when there are none, for the log at start.
func (t *Trusted) String() string {
	if t == nil || len(t.prefixes) == 0 {
		return "none"
	}
	parts := make([]string, len(t.prefixes))
	for i, p := range t.prefixes {
		if p.IsSingleIP() {
			parts[i] = p.Addr().String()
		} else {
			parts[i] = p.String()
		}
	}
	return strings.Join(parts, ", ")
}

// Trusts reports whether a is one of the trusted proxies.
func (t *Trusted) Trusts(a netip.Addr) bool {
	if t == nil || !a.IsValid() {
		return false
	}
	a = a.Unmap().WithZone("")
	for _, p := range t.prefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// FromProxy reports whether r arrived from one of the trusted proxies.
func (t *Trusted) FromProxy(r *http.Request) bool {
	peer, ok := peerAddr(r.RemoteAddr)
	return ok && t.Trusts(peer)
}

// ClientAddr is the address of the browser behind r. From an untrusted
// peer it is the peer itself, whatever the headers say, so that a reader
// cannot pick the address a rate limit counts. From a trusted peer it is
// the right-most address of X-Forwarded-For that is not a trusted proxy:
// each trusted proxy appends the address it saw, so everything left of the
// first untrusted hop is whatever the client wrote. A malformed hop ends
// the walk, and the client is the last trusted hop before it; so is a
// chain of trusted proxies only, or one longer than MaxHops.
func (t *Trusted) ClientAddr(r *http.Request) string {
	peer, ok := peerAddr(r.RemoteAddr)
	if !ok {
		return truncate(r.RemoteAddr, 64)
	}
	if !t.Trusts(peer) {
		return peer.String()
	}
	client := peer
	hops := 0
	values := r.Header.Values("X-Forwarded-For")
	for i := len(values) - 1; i >= 0; i-- {
		rest := values[i]
		for rest != "" {
			if hops == MaxHops {
				return client.String()
			}
			var hop string
			if j := strings.LastIndexByte(rest, ','); j >= 0 {
				rest, hop = rest[:j], rest[j+1:]
			} else {
				rest, hop = "", rest
			}
			hops++
			hop = strings.TrimSpace(hop)
			if hop == "" {
				continue // "a,,b" and a trailing comma say nothing
			}
			a, ok := hopAddr(hop)
			if !ok {
				return client.String()
			}
			client = a
			if !t.Trusts(a) {
				return a.String()
			}
		}
	}
	return client.String()
}

// Secure reports whether the browser reached us over HTTPS: the
// connection is TLS, or a trusted proxy says so in X-Forwarded-Proto (its
// first value, the scheme the outermost proxy was reached by). The header
// from anyone else is ignored.
func (t *Trusted) Secure(r *http.Request) bool {
	if r.TLS != nil {
		return true
	}
	peer, ok := peerAddr(r.RemoteAddr)
	if !ok || !t.Trusts(peer) {
		return false
	}
	proto, _, _ := strings.Cut(r.Header.Get("X-Forwarded-Proto"), ",")
	return strings.EqualFold(strings.TrimSpace(proto), "https")
}

// peerAddr reads a connection's remote address, "203.0.113.9:51000" or
// "[2001:db8::1]:51000", or a bare address as some tests and listeners
// give it.
func peerAddr(remote string) (netip.Addr, bool) {
	if ap, err := netip.ParseAddrPort(remote); err == nil {
		return ap.Addr().Unmap().WithZone(""), true
	}
	if a, err := netip.ParseAddr(remote); err == nil {
		return a.Unmap().WithZone(""), true
	}
	return netip.Addr{}, false
}

// hopAddr reads one X-Forwarded-For entry: an address, or an address with
// a port as some proxies write it ("203.0.113.9:4711", "[2001:db8::1]:4711").
func hopAddr(hop string) (netip.Addr, bool) {
	if len(hop) > 64 {
		return netip.Addr{}, false
	}
	return peerAddr(hop)
}

// truncate cuts s to at most n bytes without leaving half a character.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return strings.ToValidUTF8(s[:n], "")
}
