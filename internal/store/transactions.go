package store

import "context"

// Transactions lets a caller make several writes, through whichever
// services make them, as one: all kept, or none. The importer writes a
// batch of posts and their comments this way.
type Transactions interface {
	// InTransaction runs fn with a context under which every write of
	// this store joins one transaction, committed when fn returns nil and
	// rolled back when it returns an error (or panics): then nothing fn
	// wrote is kept. Reads made with that context see what fn has
	// written so far.
	//
	// Each write of the store stays whole within the transaction: one
	// that fails undoes only what it wrote, so a caller may go on after a
	// refusal (an ErrConflict, an ErrNotFound). A call of InTransaction
	// under a context already in a transaction of this store is such a
	// part of the outer one.
	//
	// The events that services publish on the change feed under the
	// context are held (changes.Hold) and delivered once the transaction
	// commits, or dropped when it does not, so that nobody hears of a
	// change before readers can see it.
	//
	// The context belongs to fn's goroutine: the writes made with it must
	// not run concurrently, and it must not be used once fn returns.
	InTransaction(ctx context.Context, fn func(ctx context.Context) error) error
}
