package store

import (
	"context"
	"fmt"
	"time"
)

// Leases let several nodes on one database agree which of them does a
// piece of work that must happen once (fetching the weather, taking a
// backup, announcing midnight): the node holding the named lease does it,
// the others leave it. A lease runs out at the time its holder last asked
// for plus the ttl it asked for, so a node that dies gives its leases up
// by itself; the time is always the caller's, so tests decide it. The
// nodes' clocks should agree to well within a ttl.
type Leases interface {
	// TryLease takes the lease called name for holder until now+ttl when it
	// is free (never taken, given up, or run out by now), or renews it when
	// holder has it already, and reports whether holder has it. Of several
	// callers at once, on any number of nodes, exactly one gets it. An
	// empty name or holder, or a ttl that is not positive, is an error.
	TryLease(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (bool, error)
	// ReleaseLease gives the lease up if holder has it, so that another
	// node may take it at once; otherwise it does nothing.
	ReleaseLease(ctx context.Context, name, holder string) error
}

// MaxLeaseName bounds a lease's name and its holder's.
const MaxLeaseName = 200

// CheckLease refuses what no lease can be asked for with: the backends
// call it before touching the database.
func CheckLease(name, holder string, ttl time.Duration) error {
	switch {
	case name == "" || len(name) > MaxLeaseName:
		return fmt.Errorf("lease %q: a name of 1 to %d bytes is needed", name, MaxLeaseName)
	case holder == "" || len(holder) > MaxLeaseName:
		return fmt.Errorf("lease %q: a holder of 1 to %d bytes is needed", name, MaxLeaseName)
	case ttl <= 0:
		return fmt.Errorf("lease %q: the ttl must be positive, not %v", name, ttl)
	}
	return nil
}
