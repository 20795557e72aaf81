package sqlite

import (
	"context"
	"fmt"
	"time"

	"dateline/internal/store"
)

// TryLease implements store.Leases. The upsert runs in the one write
// transaction that SQLite lets a file have at a time, however many
// processes have it open, so of two racing callers one finds the other's
// row.
func (s *Store) TryLease(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if err := store.CheckLease(name, holder, ttl); err != nil {
		return false, err
	}
	n, err := s.exec(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES (?, ?, ?)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= ?`,
		name, holder, formatTime(now.Add(ttl)), formatTime(now))
	if err != nil {
		return false, fmt.Errorf("take lease %q: %w", name, err)
	}
	return n == 1, nil
}

// ReleaseLease implements store.Leases.
func (s *Store) ReleaseLease(ctx context.Context, name, holder string) error {
	if err := store.CheckLease(name, holder, time.Second); err != nil {
		return err
	}
	if _, err := s.exec(ctx, `DELETE FROM leases WHERE name = ? AND holder = ?`, name, holder); err != nil {
		return fmt.Errorf("release lease %q: %w", name, err)
	}
	return nil
}
