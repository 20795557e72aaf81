package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strconv"
	"sync"

	"dateline/internal/changes"
	"dateline/internal/store"
)

var _ store.Transactions = (*Store)(nil)

// joined is the transaction of an InTransaction, which every write of the
// store made under its context joins.
type joined struct {
	s     *Store
	tx    *sql.Tx
	stmts *stmtCache
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
		err = s.inTx(ctx, func(tx *sql.Tx) error {
			j := &joined{s: s, tx: tx, stmts: newStmtCache(tx)}
			return fn(context.WithValue(inner, joinedKey{}, j))
		})
	}
	if err != nil {
		held.Drop()
		if stop := ctx.Err(); stop != nil && !errors.Is(err, stop) {
			// A context that ends rolls the transaction back at once and
			// closes its statements, so a statement running then fails
			// with "statement is closed": the reason is the context.
			err = fmt.Errorf("%w: %w", stop, err)
		}
		return err
	}
	held.Release(ctx)
	return nil
}

// savepoint runs fn as a part of the transaction that is undone alone
// when fn fails.
func (j *joined) savepoint(ctx context.Context, fn func() error) error {
	j.depth++
	defer func() { j.depth-- }()
	name := "part" + strconv.Itoa(j.depth)
	if _, err := j.tx.ExecContext(ctx, "SAVEPOINT "+name); err != nil {
		return err
	}
	if err := fn(); err != nil {
		if _, rerr := j.tx.ExecContext(ctx, "ROLLBACK TO "+name); rerr != nil {
			return errors.Join(err, rerr)
		}
		if _, rerr := j.tx.ExecContext(ctx, "RELEASE "+name); rerr != nil {
			return errors.Join(err, rerr)
		}
		return err
	}
	_, err := j.tx.ExecContext(ctx, "RELEASE "+name)
	return err
}

// execer runs one statement: *sql.DB and *sql.Tx are both one.
type execer interface {
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// writer is where a read that must see the latest write runs (Secret's):
// in the transaction ctx is in, else on the writer pool, whose one
// connection such a transaction holds.
func (s *Store) writer(ctx context.Context) execer {
	if j := s.joined(ctx); j != nil {
		return j.tx
	}
	return s.write
}

// stmtCache prepares each statement once in a transaction: parsing a
// statement costs more than running it, and a batch runs the same few
// thousands of times. The transaction closes them when it ends.
type stmtCache struct {
	tx *sql.Tx
	mu sync.Mutex
	m  map[string]*sql.Stmt
}

func newStmtCache(tx *sql.Tx) *stmtCache {
	return &stmtCache{tx: tx, m: map[string]*sql.Stmt{}}
}

func (c *stmtCache) get(ctx context.Context, query string) (*sql.Stmt, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if st, ok := c.m[query]; ok {
		return st, nil
	}
	st, err := c.tx.PrepareContext(ctx, query)
	if err != nil {
		return nil, err
	}
	c.m[query] = st
	return st, nil
}
