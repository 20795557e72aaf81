package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"strconv"
	"strings"
	"time"

	"dateline/internal/changes"
	"dateline/internal/store"
)

var _ store.ChangeLog = (*Store)(nil)

// AppendChanges implements store.ChangeLog, in one transaction for all of
// them.
func (s *Store) AppendChanges(ctx context.Context, origin string, at time.Time, events []changes.Event) error {
	if len(events) == 0 {
		return nil
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, e := range events {
			ids := make([]string, len(e.IDs))
			for i, id := range e.IDs {
				ids[i] = strconv.FormatInt(id, 10)
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO changes (origin, at, kind, action, ids, tags) VALUES (?, ?, ?, ?, ?, ?)`,
				origin, formatTime(at), e.Kind, e.Action, strings.Join(ids, " "), strings.Join(e.Tags, " "))
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
		WHERE seq > ? ORDER BY seq LIMIT ?`, seq, limit)
	if err != nil {
		return nil, fmt.Errorf("changes since %d: %w", seq, err)
	}
	defer rows.Close()
	var out []changes.Record
	for rows.Next() {
		var (
			r         changes.Record
			at        sql.NullString
			ids, tags string
		)
		if err := rows.Scan(&r.Seq, &r.Origin, &at, &r.Kind, &r.Action, &ids, &tags); err != nil {
			return nil, fmt.Errorf("changes since %d: %w", seq, err)
		}
		r.At = parseTime(at)
		for _, f := range strings.Fields(ids) {
			id, err := strconv.ParseInt(f, 10, 64)
			if err != nil {
				return nil, fmt.Errorf("change %d: id %q: %w", r.Seq, f, err)
			}
			r.IDs = append(r.IDs, id)
		}
		r.Tags = strings.Fields(tags)
		out = append(out, r)
	}
	return out, rows.Err()
}

// LastChange implements store.ChangeLog.
func (s *Store) LastChange(ctx context.Context) (int64, error) {
	var seq sql.NullInt64
	if err := s.queryRow(ctx, `SELECT MAX(seq) FROM changes`).Scan(&seq); err != nil {
		return 0, fmt.Errorf("last change: %w", err)
	}
	return seq.Int64, nil
}

// PruneChanges implements store.ChangeLog.
func (s *Store) PruneChanges(ctx context.Context, before time.Time) error {
	return s.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM changes WHERE at < ?`, formatTime(before))
		return err
	})
}
