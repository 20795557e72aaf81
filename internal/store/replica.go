package store

import "context"

type replicaKey struct{}

// Replica marks ctx as a reader's public request (a page, a feed, a
// search, a sitemap: a GET or HEAD answered by the site), whose reads a
// store may send to a read-only replica of its database, as the
// PostgreSQL store does with --db-replica. It is only leave to: a read in
// a transaction, and every write, still go to the primary, and a store
// without a replica reads as before. The front door sets it; the
// newsroom, the API and every background job leave it unset, so that
// their reads see their own writes.
func Replica(ctx context.Context) context.Context {
	return context.WithValue(ctx, replicaKey{}, true)
}

// Primary undoes Replica for the reads under ctx: the few that a reader
// makes of their own write (the comment they have just posted, held for
// a moderator) must not miss it on a replica that is a moment behind.
func Primary(ctx context.Context) context.Context {
	if !OnReplica(ctx) {
		return ctx
	}
	return context.WithValue(ctx, replicaKey{}, false)
}

// OnReplica reports whether ctx's reads may go to a replica.
func OnReplica(ctx context.Context) bool {
	on, _ := ctx.Value(replicaKey{}).(bool)
	return on
}
