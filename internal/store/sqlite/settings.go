package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"

	"dateline/internal/content"
)

// Settings implements store.Site. Settings are kept as one JSON document so
// that a setting added later starts from its default on old databases.
func (s *Store) Settings(ctx context.Context) (content.Settings, error) {
	set := content.DefaultSettings()
	var raw string
	err := s.queryRow(ctx, `SELECT value FROM settings WHERE key = 'site'`).Scan(&raw)
	if errors.Is(err, sql.ErrNoRows) {
		return set, nil
	}
	if err != nil {
		return set, fmt.Errorf("read settings: %w", err)
	}
	if err := json.Unmarshal([]byte(raw), &set); err != nil {
		return set, fmt.Errorf("decode settings: %w", err)
	}
	return set, nil
}

// SaveSettings implements store.Site.
func (s *Store) SaveSettings(ctx context.Context, set content.Settings) error {
	raw, err := json.Marshal(set)
	if err != nil {
		return err
	}
	_, err = s.write.ExecContext(ctx, `INSERT INTO settings (key, value) VALUES ('site', ?)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, string(raw))
	if err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

// Empty implements store.Site.
func (s *Store) Empty(ctx context.Context) (bool, error) {
	var empty bool
	err := s.queryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM articles) AND NOT EXISTS (SELECT 1 FROM users)`).Scan(&empty)
	if err != nil {
		return false, fmt.Errorf("check for content: %w", err)
	}
	return empty, nil
}
