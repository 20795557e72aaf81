package comments

import (
	"encoding/hex"
	"net/netip"
	"strings"
	"time"

	"dateline/internal/store"
)

// The rate limits allow at most so many comments per window from one
// client address (an IPv6 address counts as its /64, which one person
// usually holds whole) and from one email address (so that a robot moving
// between addresses is held back too). They are quotas kept by the store
// (store.Quota): every node of a site counts the same posts, and a post is
// checked and counted in the transaction that stores it. A comment that
// was not stored (the form had a mistake, another limit refused it) counts
// for nothing: a reader fixing a typo does not run into the limit.
type rateLimit struct {
	kind   string // "comment-address" or "comment-email"
	limit  int    // not positive: no limit
	window time.Duration
	keyOf  func(string) string
}

// quota is the limit's quota for value (a client address or an email
// address), under a keyed hash of it, so that the store keeps no client
// address; an empty value is unknown and not limited.
func (l rateLimit) quota(secret []byte, value string) store.Quota {
	if value == "" || l.limit <= 0 {
		return store.Quota{Key: l.kind}
	}
	sum := mac(secret, l.kind, l.keyOf(value))
	return store.Quota{Key: l.kind + ":" + hex.EncodeToString(sum[:16]), Limit: l.limit, Window: l.window}
}

// emailKey is the email address in lower case; Form.Validate has already
// bounded its length.
func emailKey(email string) string { return strings.ToLower(strings.TrimSpace(email)) }

// limitKey is the address, or its /64 for IPv6; text that is not an
// address is used as it is, cut short.
func limitKey(addr string) string {
	a, err := netip.ParseAddr(addr)
	if err != nil {
		if len(addr) > 64 {
			addr = addr[:64]
		}
		return addr
	}
	a = a.Unmap()
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}
