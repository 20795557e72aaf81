package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"

	"dateline/internal/changes"
	"dateline/internal/store"
)

var _ store.Transactions = (*Store)(nil)

// joined is the transaction of an InTransaction, which every write of the
// store made under its context joins.
type joined struct {
	s     *Store
	tx    pgx.Tx
	depth int // savepoints open
}

type joinedKey struct{}

// joined is the transaction of this store that ctx is in, or nil.
func (s *Store) joined(ctx context.Context) *joined {
	j, _ := ctx.Value(joinedKey{}).(*joined)
	if j == nil || j.s != s {
		return nil
	}
	return j
}

// InTransaction implements store.Transactions.
func (s *Store) InTransaction(ctx context.Context, fn func(ctx context.Context) error) error {
	inner, held := changes.Hold(ctx)
	var err error
	if j := s.joined(ctx); j != nil {
		err = j.savepoint(ctx, func() error { return fn(inner) })
	} else {
		err = s.inTxTries(ctx, 1, func(tx pgx.Tx) error {
			j := &joined{s: s, tx: tx}
			return fn(context.WithValue(inner, joinedKey{}, j))
		})
	}
	if err != nil {
		held.Drop()
		if stop := ctx.Err(); stop != nil && !errors.Is(err, stop) {
			// A statement that a context ended mid-way may fail with
			// another error than the context's: the reason is the context.
			err = fmt.Errorf("%w: %w", stop, err)
		}
		return err
	}
	held.Release(ctx)
	return nil
}

// savepoint runs fn as a part of the transaction that is undone alone
// when fn fails. In PostgreSQL a statement that fails spoils the whole
// transaction until a rollback, so this is also what lets the caller go
// on after a refused write.
func (j *joined) savepoint(ctx context.Context, fn func() error) error {
	j.depth++
	defer func() { j.depth-- }()
	name := "part" + strconv.Itoa(j.depth)
	if _, err := j.tx.Exec(ctx, "SAVEPOINT "+name); err != nil {
		return err
	}
	if err := fn(); err != nil {
		// The rollback runs even when ctx ended, so that the transaction
		// stays usable for its owner.
		bg := context.WithoutCancel(ctx)
		if _, rerr := j.tx.Exec(bg, "ROLLBACK TO SAVEPOINT "+name); rerr != nil {
			return errors.Join(err, rerr)
		}
		if _, rerr := j.tx.Exec(bg, "RELEASE SAVEPOINT "+name); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	_, err := j.tx.Exec(ctx, "RELEASE SAVEPOINT "+name)
	return err
}
