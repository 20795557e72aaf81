package postgres

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"dateline/internal/content"
)

// Settings implements store.Site. Settings are kept as one JSON document so
// that a setting added later starts from its default on old databases.
func (s *Store) Settings(ctx context.Context) (content.Settings, error) {
	set := content.DefaultSettings()
	var raw string
	err := s.queryRow(ctx, `SELECT value FROM settings WHERE key = 'site'`).Scan(&raw)
	if errors.Is(err, pgx.ErrNoRows) {
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
	if err := s.putSetting(ctx, "site", string(raw)); err != nil {
		return fmt.Errorf("save settings: %w", err)
	}
	return nil
}

func (s *Store) putSetting(ctx context.Context, key, value string) error {
	_, err := s.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2)
		ON CONFLICT (key) DO UPDATE SET value = excluded.value`, key, value)
	return err
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

// settingKey keeps the site settings' own key out of reach of Setting.
func settingKey(key string) (string, error) {
	if key == "" || key == "site" || strings.HasPrefix(key, "secret:") {
		return "", fmt.Errorf("setting %q: reserved name", key)
	}
	return "doc:" + key, nil
}

// Setting implements store.Site.
func (s *Store) Setting(ctx context.Context, key string) ([]byte, error) {
	k, err := settingKey(key)
	if err != nil {
		return nil, err
	}
	var raw string
	if err := s.queryRow(ctx, `SELECT value FROM settings WHERE key = $1`, k).Scan(&raw); err != nil {
		return nil, notFound(err, "setting "+key)
	}
	return []byte(raw), nil
}

// SaveSetting implements store.Site.
func (s *Store) SaveSetting(ctx context.Context, key string, value []byte) error {
	k, err := settingKey(key)
	if err != nil {
		return err
	}
	if err := s.putSetting(ctx, k, string(value)); err != nil {
		return fmt.Errorf("save setting %s: %w", key, err)
	}
	return nil
}

// Secret implements store.Site. The first caller's random value wins, so
// two nodes starting together agree on it: the second's insert waits for
// the first's on the key, then keeps what is there.
func (s *Store) Secret(ctx context.Context, name string) ([]byte, error) {
	fresh := make([]byte, 32)
	rand.Read(fresh)
	k := "secret:" + name
	if _, err := s.exec(ctx, `INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING`,
		k, hex.EncodeToString(fresh)); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	var stored string
	if err := s.db(ctx).QueryRow(ctx, `SELECT value FROM settings WHERE key = $1`, k).Scan(&stored); err != nil {
		return nil, fmt.Errorf("secret %s: %w", name, err)
	}
	return hex.DecodeString(stored)
}
