package postgres

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"dateline/internal/changes"
	"dateline/internal/store"
)

var _ store.ChangeLog = (*Store)(nil)

// AppendChanges implements store.ChangeLog, in one transaction for all of
// them. Readers page through the log by number (ChangesSince), so a number
// must never become visible before a smaller one: with writers running at
// once, a transaction could take number 5, another 6 and commit first, and
// a reader that saw 6 would never look back for 5. A transaction-long
// advisory lock on the schema's log makes its writers number and commit
// one at a time, as SQLite's one writer does; it is held for a few
// inserts, by the journal's batches.
func (s *Store) AppendChanges(ctx context.Context, origin string, at time.Time, events []changes.Event) error {
	if len(events) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1, hashtext(current_schema()))`, lockChanges); err != nil {
			return fmt.Errorf("record change: %w", err)
		}
		for _, e := range events {
			ids := make([]string, len(e.IDs))
			for i, id := range e.IDs {
				ids[i] = strconv.FormatInt(id, 10)
			}
			_, err := tx.Exec(ctx, `INSERT INTO changes (origin, at, kind, action, ids, tags) VALUES ($1, $2, $3, $4, $5, $6)`,
				origin, at.UTC(), e.Kind, e.Action, strings.Join(ids, " "), strings.Join(e.Tags, " "))
			if err != nil {
				return fmt.Errorf("record change: %w", err)
			}
		}
		return nil
	})
}

// ChangesSince implements store.ChangeLog.
func (s *Store) ChangesSince(ctx context.Context, seq int64, limit int) ([]changes.Record, error) {
	if limit <= 0 || limit > store.MaxLimit {
		limit = store.MaxLimit
	}
	rows, err := s.query(ctx, `SELECT seq, origin, at, kind, action, ids, tags FROM changes
		WHERE seq > $1 ORDER BY seq LIMIT $2`, seq, limit)
	list, err := collect(rows, err, func(rows pgx.Rows) (changes.Record, error) {
		var (
			r         changes.Record
			ids, tags string
		)
		if err := rows.Scan(&r.Seq, &r.Origin, &r.At, &r.Kind, &r.Action, &ids, &tags); err != nil {
			return r, err
		}
		for _, f := range strings.Fields(ids) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return r, fmt.Errorf("change %d: id %q: %w", r.Seq, f, err)
			}
			r.IDs = append(r.IDs, id)
		}
		r.Tags = strings.Fields(tags)
		return r, nil
	})
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	if len(list) > 0 {
		// Other nodes' writes, whose purges follow: the replica must have
		// them before it renders a page again.
		s.wrote(ctx)
	}
	return list, nil
}

// LastChange implements store.ChangeLog.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var seq *int64
	if err := s.queryRow(ctx, `SELECT MAX(seq) FROM changes`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last change: %w", err)
	}
	if seq == nil {
		return 0, nil
	}
	return *seq, nil
}

// PruneChanges implements store.ChangeLog.
func (s *Store) PruneChanges(ctx context.Context, before time.Time) error {
	_, err := s.exec(ctx, `DELETE FROM changes WHERE at < $1`, before.UTC())
	return err
}
