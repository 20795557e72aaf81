package postgres

import (
	"context"
	"fmt"
	"time"

	"dateline/internal/store"
)

// TryLease implements store.Leases. Of two racing upserts the second
// waits for the first's row lock and then sees its row, so the condition
// lets exactly one of them through.
func (s *Store) TryLease(ctx context.Context, name, holder string, ttl time.Duration, now time.Time) (bool, error) {
	if err := store.CheckLease(name, holder, ttl); err != nil {
		return false, err
	}
	n, err := s.exec(ctx, `INSERT INTO leases (name, holder, expires_at) VALUES ($1, $2, $3)
		ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, expires_at = excluded.expires_at
		WHERE leases.holder = excluded.holder OR leases.expires_at <= $4`,
		name, holder, now.Add(ttl).UTC(), now.UTC())
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
	if _, err := s.exec(ctx, `DELETE FROM leases WHERE name = $1 AND holder = $2`, name, holder); err != nil {
		return fmt.Errorf("release lease %q: %w", name, err)
	}
	return nil
}
